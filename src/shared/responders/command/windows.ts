// What cmd.exe on a Windows 10 lab machine prints for the lesson's commands, in English or as a
// Chinese Windows prints it (the lesson's client decodes that with gbk). Canned text: nothing runs.
import type { StructTime } from '../local-time'
import { LAB_FILES, pad2, withCommas } from './lab-files'

export type WindowsLanguage = 'en' | 'zh-CN'

export interface CannedOutput {
  stdout: string
  stderr: string
}

const HOST = 'DESKTOP-LAB01'
const CWD = 'C:\\Users\\student\\socket-lab'

const lines = (...ls: string[]): string => ls.join('\r\n') + '\r\n'

function dir(lang: WindowsLanguage): string {
  const zh = lang === 'zh-CN'
  // Git marks .git hidden on Windows; other dot files show.
  const visible = LAB_FILES.filter((f) => f.name !== '.git')
  const rows = [
    { name: '.', at: [2023, 11, 15, 6, 2] as const },
    { name: '..', at: [2023, 11, 15, 6, 2] as const },
    ...visible.map((f) => ({ name: f.name, at: f.at, size: f.size }))
  ]
  // NTFS keeps names in upper-case order: '_' sorts after the letters.
  const key = (name: string): string => (name === '.' ? '\0' : name === '..' ? '\u0001' : name.toUpperCase())
  rows.sort((a, b) => (key(a.name) < key(b.name) ? -1 : 1))
  const out = zh
    ? [' 驱动器 C 中的卷没有标签。', ' 卷的序列号是 5A3C-91E2', '', ` ${CWD} 的目录`, '']
    : [' Volume in drive C has no label.', ' Volume Serial Number is 5A3C-91E2', '', ` Directory of ${CWD}`, '']
  let files = 0
  let bytes = 0
  let dirs = 0
  for (const r of rows) {
    const [y, mo, d, h, mi] = r.at
    const when = zh ? `${y}/${pad2(mo)}/${pad2(d)}  ${pad2(h)}:${pad2(mi)}` : `${pad2(mo)}/${pad2(d)}/${y}  ${pad2(h % 12 === 0 ? 12 : h % 12)}:${pad2(mi)} ${h < 12 ? 'AM' : 'PM'}`
    const size = 'size' in r && r.size !== undefined ? withCommas(r.size).padStart(18) : '    <DIR>         '
    if ('size' in r && r.size !== undefined) {
      files++
      bytes += r.size
    } else dirs++
    out.push(`${when}${size} ${r.name}`)
  }
  const free = withCommas(86_403_158_016)
  if (zh) out.push(`${String(files).padStart(16)} 个文件${withCommas(bytes).padStart(15)} 字节`, `${String(dirs).padStart(16)} 个目录 ${free} 可用字节`)
  else out.push(`${String(files).padStart(16)} File(s)${withCommas(bytes).padStart(15)} bytes`, `${String(dirs).padStart(16)} Dir(s)  ${free} bytes free`)
  return lines(...out)
}

interface Adapter {
  kind: 'ethernet' | 'wireless' | 'unknown'
  name: string
  description: string
  mac: string
  suffix?: string
  ipv6?: string
  ipv4?: string
  mask?: string
  gateway?: string
  dhcp?: boolean
  dhcpServer?: string
  dns?: string[]
  disconnected?: boolean
  iaid?: string
}

const ADAPTERS: Adapter[] = [
  { kind: 'ethernet', name: 'Ethernet', description: 'Intel(R) Ethernet Connection (7) I219-V', mac: '8C-EC-4B-6A-21-F7', suffix: 'lan', ipv6: 'fe80::8d4c:2b1a:6e0f:3c21%12', ipv4: '192.168.1.105', mask: '255.255.255.0', gateway: '192.168.1.1', dhcp: true, dhcpServer: '192.168.1.1', dns: ['192.168.1.1', '114.114.114.114'], iaid: '109898827' },
  { kind: 'wireless', name: 'WLAN', description: 'Intel(R) Wi-Fi 6 AX201 160MHz', mac: '3C-A9-F4-0B-5E-92', disconnected: true, dhcp: true },
  { kind: 'unknown', name: '本地连接* 1', description: 'Microsoft Wi-Fi Direct Virtual Adapter', mac: '3E-A9-F4-0B-5E-92', disconnected: true, dhcp: true },
  { kind: 'ethernet', name: 'VMware Network Adapter VMnet1', description: 'VMware Virtual Ethernet Adapter for VMnet1', mac: '00-50-56-C0-00-01', ipv6: 'fe80::4a1f:9c3b:7d52:e08a%15', ipv4: '192.168.47.1', mask: '255.255.255.0', gateway: '', dhcp: false, iaid: '587223126' },
  { kind: 'ethernet', name: 'VMware Network Adapter VMnet8', description: 'VMware Virtual Ethernet Adapter for VMnet8', mac: '00-50-56-C0-00-08', ipv6: 'fe80::b5e1:47d2:9a0c:1f6e%17', ipv4: '192.168.226.1', mask: '255.255.255.0', gateway: '', dhcp: false, iaid: '603979862' },
  { kind: 'ethernet', name: '蓝牙网络连接', description: 'Bluetooth Device (Personal Area Network)', mac: '3C-A9-F4-0B-5E-96', disconnected: true, dhcp: true }
]

const LABELS = {
  en: {
    title: 'Windows IP Configuration',
    ethernet: 'Ethernet adapter',
    wireless: 'Wireless LAN adapter',
    unknown: 'Unknown adapter',
    media: '   Media State . . . . . . . . . . . : Media disconnected',
    suffix: '   Connection-specific DNS Suffix  . : ',
    ipv6: '   Link-local IPv6 Address . . . . . : ',
    ipv4: '   IPv4 Address. . . . . . . . . . . : ',
    mask: '   Subnet Mask . . . . . . . . . . . : ',
    gateway: '   Default Gateway . . . . . . . . . : ',
    host: '   Host Name . . . . . . . . . . . . : ',
    primary: '   Primary Dns Suffix  . . . . . . . : ',
    node: '   Node Type . . . . . . . . . . . . : Hybrid',
    routing: '   IP Routing Enabled. . . . . . . . : No',
    wins: '   WINS Proxy Enabled. . . . . . . . : No',
    search: '   DNS Suffix Search List. . . . . . : lan',
    description: '   Description . . . . . . . . . . . : ',
    physical: '   Physical Address. . . . . . . . . : ',
    dhcp: '   DHCP Enabled. . . . . . . . . . . : ',
    auto: '   Autoconfiguration Enabled . . . . : Yes',
    preferred: '(Preferred) ',
    leaseObtained: '   Lease Obtained. . . . . . . . . . : Wednesday, November 15, 2023 5:40:12 AM',
    leaseExpires: '   Lease Expires . . . . . . . . . . : Thursday, November 16, 2023 5:40:12 AM',
    dhcpServer: '   DHCP Server . . . . . . . . . . . : ',
    iaid: '   DHCPv6 IAID . . . . . . . . . . . : ',
    duid: '   DHCPv6 Client DUID. . . . . . . . : 00-01-00-01-2C-D1-8E-55-8C-EC-4B-6A-21-F7',
    dns: '   DNS Servers . . . . . . . . . . . : ',
    netbios: '   NetBIOS over Tcpip. . . . . . . . : Enabled',
    yes: 'Yes',
    no: 'No'
  },
  'zh-CN': {
    title: 'Windows IP 配置',
    ethernet: '以太网适配器',
    wireless: '无线局域网适配器',
    unknown: '未知适配器',
    media: '   媒体状态  . . . . . . . . . . . . : 媒体已断开连接',
    suffix: '   连接特定的 DNS 后缀 . . . . . . . : ',
    ipv6: '   本地链接 IPv6 地址. . . . . . . . : ',
    ipv4: '   IPv4 地址 . . . . . . . . . . . . : ',
    mask: '   子网掩码  . . . . . . . . . . . . : ',
    gateway: '   默认网关. . . . . . . . . . . . . : ',
    host: '   主机名  . . . . . . . . . . . . . : ',
    primary: '   主 DNS 后缀 . . . . . . . . . . . : ',
    node: '   节点类型  . . . . . . . . . . . . : 混合',
    routing: '   IP 路由已启用 . . . . . . . . . . : 否',
    wins: '   WINS 代理已启用 . . . . . . . . . : 否',
    search: '   DNS 后缀搜索列表  . . . . . . . . : lan',
    description: '   描述. . . . . . . . . . . . . . . : ',
    physical: '   物理地址. . . . . . . . . . . . . : ',
    dhcp: '   DHCP 已启用 . . . . . . . . . . . : ',
    auto: '   自动配置已启用. . . . . . . . . . : 是',
    preferred: '(首选) ',
    leaseObtained: '   获得租约的时间  . . . . . . . . . : 2023年11月15日 5:40:12',
    leaseExpires: '   租约过期的时间  . . . . . . . . . : 2023年11月16日 5:40:12',
    dhcpServer: '   DHCP 服务器 . . . . . . . . . . . : ',
    iaid: '   DHCPv6 IAID . . . . . . . . . . . : ',
    duid: '   DHCPv6 客户端 DUID  . . . . . . . : 00-01-00-01-2C-D1-8E-55-8C-EC-4B-6A-21-F7',
    dns: '   DNS 服务器  . . . . . . . . . . . : ',
    netbios: '   TCPIP 上的 NetBIOS  . . . . . . . : 已启用',
    yes: '是',
    no: '否'
  }
} as const

function adapterName(a: Adapter, lang: WindowsLanguage): string {
  // English Windows names the adapters in English; the Chinese names above are what zh-CN shows.
  if (lang === 'en') return a.name === '本地连接* 1' ? 'Local Area Connection* 1' : a.name === '蓝牙网络连接' ? 'Bluetooth Network Connection' : a.name
  return a.name === 'Ethernet' ? '以太网' : a.name
}

function ipconfig(lang: WindowsLanguage, all: boolean): string {
  const L = LABELS[lang]
  const out = ['', L.title, '']
  if (all) out.push(`${L.host}${HOST}`, L.primary, L.node, L.routing, L.wins, L.search)
  for (const a of ADAPTERS) {
    out.push('', `${L[a.kind]} ${adapterName(a, lang)}:`, '')
    if (a.disconnected) {
      out.push(L.media, L.suffix.trimEnd())
      if (all) out.push(`${L.description}${a.description}`, `${L.physical}${a.mac}`, `${L.dhcp}${a.dhcp ? L.yes : L.no}`, L.auto)
      continue
    }
    out.push(`${L.suffix}${a.suffix ?? ''}`.trimEnd())
    if (all) out.push(`${L.description}${a.description}`, `${L.physical}${a.mac}`, `${L.dhcp}${a.dhcp ? L.yes : L.no}`, L.auto)
    out.push(`${L.ipv6}${a.ipv6}${all ? L.preferred : ''}`, `${L.ipv4}${a.ipv4}${all ? L.preferred : ''}`, `${L.mask}${a.mask}`)
    if (all && a.dhcp) out.push(L.leaseObtained, L.leaseExpires)
    out.push(`${L.gateway}${a.gateway ?? ''}`.trimEnd())
    if (all) {
      if (a.dhcpServer) out.push(`${L.dhcpServer}${a.dhcpServer}`)
      out.push(`${L.iaid}${a.iaid}`, L.duid)
      const dns = a.dns ?? ['fec0:0:0:ffff::1%1', 'fec0:0:0:ffff::2%1', 'fec0:0:0:ffff::3%1']
      // Further servers line up under the first: 39 columns in either language.
      out.push(`${L.dns}${dns[0]}`, ...dns.slice(1).map((d) => ' '.repeat(39) + d), L.netbios)
    }
  }
  return lines(...out)
}

// Image name, PID, session name, session number, memory in K.
const PROCESSES: [string, number, string, number, number][] = [
  ['System Idle Process', 0, 'Services', 0, 8],
  ['System', 4, 'Services', 0, 3520],
  ['Registry', 148, 'Services', 0, 78_412],
  ['smss.exe', 512, 'Services', 0, 1180],
  ['csrss.exe', 724, 'Services', 0, 6012],
  ['wininit.exe', 828, 'Services', 0, 6884],
  ['csrss.exe', 844, 'Console', 1, 6520],
  ['services.exe', 900, 'Services', 0, 11_232],
  ['lsass.exe', 920, 'Services', 0, 23_756],
  ['winlogon.exe', 1004, 'Console', 1, 12_604],
  ['svchost.exe', 1100, 'Services', 0, 32_100],
  ['fontdrvhost.exe', 1128, 'Services', 0, 3412],
  ['fontdrvhost.exe', 1136, 'Console', 1, 8824],
  ['WUDFHost.exe', 1192, 'Services', 0, 8052],
  ['svchost.exe', 1240, 'Services', 0, 17_960],
  ['svchost.exe', 1296, 'Services', 0, 9216],
  ['dwm.exe', 1384, 'Console', 1, 98_340],
  ['svchost.exe', 1460, 'Services', 0, 13_488],
  ['svchost.exe', 1548, 'Services', 0, 10_776],
  ['svchost.exe', 1604, 'Services', 0, 21_340],
  ['Memory Compression', 1920, 'Services', 0, 312_448],
  ['svchost.exe', 2012, 'Services', 0, 14_120],
  ['spoolsv.exe', 2516, 'Services', 0, 15_968],
  ['svchost.exe', 2640, 'Services', 0, 36_452],
  ['MsMpEng.exe', 2872, 'Services', 0, 214_316],
  ['vmnat.exe', 2904, 'Services', 0, 6340],
  ['vmnetdhcp.exe', 2932, 'Services', 0, 5624],
  ['vmware-authd.exe', 2968, 'Services', 0, 12_888],
  ['vmware-usbarbitrator64.exe', 3020, 'Services', 0, 10_040],
  ['svchost.exe', 3096, 'Services', 0, 7412],
  ['SearchIndexer.exe', 4580, 'Services', 0, 41_236],
  ['NisSrv.exe', 5060, 'Services', 0, 9880],
  ['sihost.exe', 5372, 'Console', 1, 27_644],
  ['svchost.exe', 5404, 'Console', 1, 30_912],
  ['taskhostw.exe', 5480, 'Console', 1, 15_276],
  ['explorer.exe', 5812, 'Console', 1, 171_932],
  ['StartMenuExperienceHost.exe', 6124, 'Console', 1, 72_084],
  ['RuntimeBroker.exe', 6316, 'Console', 1, 28_704],
  ['SearchApp.exe', 6504, 'Console', 1, 196_552],
  ['ctfmon.exe', 6620, 'Console', 1, 18_232],
  ['TextInputHost.exe', 6996, 'Console', 1, 54_896],
  ['SecurityHealthSystray.exe', 7432, 'Console', 1, 9364],
  ['SecurityHealthService.exe', 7476, 'Services', 0, 14_512],
  ['OneDrive.exe', 7608, 'Console', 1, 96_720],
  ['WeChat.exe', 8116, 'Console', 1, 243_980],
  ['chrome.exe', 8420, 'Console', 1, 312_604],
  ['chrome.exe', 8456, 'Console', 1, 9408],
  ['chrome.exe', 8744, 'Console', 1, 154_228],
  ['chrome.exe', 8752, 'Console', 1, 41_036],
  ['chrome.exe', 9140, 'Console', 1, 88_916],
  ['pycharm64.exe', 9876, 'Console', 1, 1_182_340],
  ['fsnotifier.exe', 10_012, 'Console', 1, 5384],
  ['python.exe', 10_348, 'Console', 1, 12_904],
  ['conhost.exe', 10_356, 'Console', 1, 11_256],
  ['cmd.exe', 10_672, 'Console', 1, 4808],
  ['conhost.exe', 10_680, 'Console', 1, 19_372],
  ['python.exe', 11_204, 'Console', 1, 13_116],
  ['dllhost.exe', 11_592, 'Console', 1, 13_644],
  ['ApplicationFrameHost.exe', 11_820, 'Console', 1, 30_148],
  ['SystemSettings.exe', 12_048, 'Console', 1, 2_104],
  ['smartscreen.exe', 12_460, 'Console', 1, 23_116],
  ['audiodg.exe', 12_936, 'Services', 0, 15_888],
  ['WmiPrvSE.exe', 13_224, 'Services', 0, 10_452],
  ['svchost.exe', 13_508, 'Services', 0, 8_804],
  ['tasklist.exe', 13_840, 'Console', 1, 9_232]
]

function tasklist(lang: WindowsLanguage): string {
  const header = lang === 'zh-CN' ? '映像名称                       PID 会话名              会话#       内存使用 ' : 'Image Name                     PID Session Name        Session#    Mem Usage'
  const rows = PROCESSES.map(([name, pid, session, n, mem]) => `${name.slice(0, 25).padEnd(25)} ${String(pid).padStart(8)} ${session.padEnd(16)} ${String(n).padStart(11)} ${`${withCommas(mem)} K`.padStart(12)}`)
  return lines('', header, '========================= ======== ================ =========== ============', ...rows)
}

const CONNECTIONS: [string, string, string, string][] = [
  ['TCP', '0.0.0.0:135', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '0.0.0.0:445', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '0.0.0.0:902', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '0.0.0.0:912', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '0.0.0.0:5040', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '0.0.0.0:49664', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '0.0.0.0:49665', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '0.0.0.0:49666', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '0.0.0.0:49667', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '0.0.0.0:49668', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '0.0.0.0:49670', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '127.0.0.1:8080', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '127.0.0.1:8080', '127.0.0.1:53912', 'ESTABLISHED'],
  ['TCP', '127.0.0.1:53912', '127.0.0.1:8080', 'ESTABLISHED'],
  ['TCP', '127.0.0.1:63342', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '192.168.1.105:139', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '192.168.1.105:53120', '20.198.162.76:443', 'ESTABLISHED'],
  ['TCP', '192.168.1.105:53344', '182.254.116.117:80', 'CLOSE_WAIT'],
  ['TCP', '192.168.1.105:53507', '140.82.113.25:443', 'ESTABLISHED'],
  ['TCP', '192.168.1.105:53611', '110.242.68.66:443', 'TIME_WAIT'],
  ['TCP', '192.168.1.105:53640', '120.232.145.185:443', 'ESTABLISHED'],
  ['TCP', '192.168.47.1:139', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '192.168.226.1:139', '0.0.0.0:0', 'LISTENING'],
  ['TCP', '[::]:135', '[::]:0', 'LISTENING'],
  ['TCP', '[::]:445', '[::]:0', 'LISTENING'],
  ['TCP', '[::]:49664', '[::]:0', 'LISTENING'],
  ['TCP', '[::]:49665', '[::]:0', 'LISTENING'],
  ['TCP', '[::1]:49669', '[::]:0', 'LISTENING'],
  ['UDP', '0.0.0.0:500', '*:*', ''],
  ['UDP', '0.0.0.0:4500', '*:*', ''],
  ['UDP', '0.0.0.0:5050', '*:*', ''],
  ['UDP', '0.0.0.0:5353', '*:*', ''],
  ['UDP', '0.0.0.0:5355', '*:*', ''],
  ['UDP', '127.0.0.1:9000', '*:*', ''],
  ['UDP', '127.0.0.1:1900', '*:*', ''],
  ['UDP', '192.168.1.105:137', '*:*', ''],
  ['UDP', '192.168.1.105:138', '*:*', ''],
  ['UDP', '192.168.1.105:1900', '*:*', ''],
  ['UDP', '[::]:500', '*:*', ''],
  ['UDP', '[::]:5353', '*:*', ''],
  ['UDP', '[::1]:1900', '*:*', '']
]

function netstat(lang: WindowsLanguage): string {
  const zh = lang === 'zh-CN'
  const rows = CONNECTIONS.map(([p, local, remote, state]) => `  ${p.padEnd(7)}${local.padEnd(23)}${remote.padEnd(23)}${state}`.trimEnd())
  return lines('', zh ? '活动连接' : 'Active Connections', '', zh ? '  协议  本地地址          外部地址        状态' : '  Proto  Local Address          Foreign Address        State', ...rows)
}

function systeminfo(lang: WindowsLanguage): string {
  const zh = lang === 'zh-CN'
  const rows: [string, string, string][] = [
    ['Host Name', '主机名', HOST],
    ['OS Name', 'OS 名称', zh ? 'Microsoft Windows 10 专业版' : 'Microsoft Windows 10 Pro'],
    ['OS Version', 'OS 版本', zh ? '10.0.19045 暂缺 Build 19045' : '10.0.19045 N/A Build 19045'],
    ['OS Manufacturer', 'OS 制造商', 'Microsoft Corporation'],
    ['OS Configuration', 'OS 配置', zh ? '独立工作站' : 'Standalone Workstation'],
    ['OS Build Type', 'OS 构建类型', 'Multiprocessor Free'],
    ['Registered Owner', '注册的所有人', 'student'],
    ['Registered Organization', '注册的组织', zh ? '暂缺' : 'N/A'],
    ['Product ID', '产品 ID', '00331-10000-00001-AA842'],
    ['Original Install Date', '初始安装日期', zh ? '2023/9/1, 14:05:33' : '9/1/2023, 2:05:33 PM'],
    ['System Boot Time', '系统启动时间', zh ? '2023/11/15, 5:39:48' : '11/15/2023, 5:39:48 AM'],
    ['System Manufacturer', '系统制造商', 'LENOVO'],
    ['System Model', '系统型号', '20WMA02JCD'],
    ['System Type', '系统类型', 'x64-based PC'],
    ['Processor(s)', '处理器', zh ? '安装了 1 个处理器。' : '1 Processor(s) Installed.'],
    ['', '', '[01]: Intel64 Family 6 Model 140 Stepping 1 GenuineIntel ~2419 Mhz'],
    ['BIOS Version', 'BIOS 版本', 'LENOVO N32ET81W (1.57 ), 2023/6/14'],
    ['Windows Directory', 'Windows 目录', 'C:\\Windows'],
    ['System Directory', '系统目录', 'C:\\Windows\\system32'],
    ['Boot Device', '启动设备', '\\Device\\HarddiskVolume1'],
    ['System Locale', '系统区域设置', zh ? 'zh-cn;中文(中国)' : 'en-us;English (United States)'],
    ['Input Locale', '输入法区域设置', zh ? 'zh-cn;中文(中国)' : 'en-us;English (United States)'],
    ['Time Zone', '时区', zh ? '(UTC+08:00) 北京，重庆，香港特别行政区，乌鲁木齐' : '(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi'],
    ['Total Physical Memory', '物理内存总量', '16,135 MB'],
    ['Available Physical Memory', '可用的物理内存', '7,902 MB'],
    ['Virtual Memory: Max Size', '虚拟内存: 最大值', '18,567 MB'],
    ['Virtual Memory: Available', '虚拟内存: 可用', '8,894 MB'],
    ['Virtual Memory: In Use', '虚拟内存: 使用中', '9,673 MB'],
    ['Page File Location(s)', '页面文件位置', 'C:\\pagefile.sys'],
    ['Domain', '域', 'WORKGROUP'],
    ['Logon Server', '登录服务器', `\\\\${HOST}`],
    ['Hotfix(s)', '修补程序', zh ? '安装了 4 个修补程序。' : '4 Hotfix(s) Installed.'],
    ['', '', '[01]: KB5031988'],
    ['', '', '[02]: KB5015684'],
    ['', '', '[03]: KB5032189'],
    ['', '', '[04]: KB5031539'],
    ['Network Card(s)', '网卡', zh ? '安装了 3 个 NIC。' : '3 NIC(s) Installed.'],
    ['', '', '[01]: Intel(R) Ethernet Connection (7) I219-V'],
    ['', '', zh ? '      连接名:      以太网' : '      Connection Name: Ethernet'],
    ['', '', zh ? '      启用 DHCP:   是' : '      DHCP Enabled:    Yes'],
    ['', '', zh ? '      DHCP 服务器: 192.168.1.1' : '      DHCP Server:     192.168.1.1'],
    ['', '', zh ? '      IP 地址' : '      IP address(es)'],
    ['', '', '      [01]: 192.168.1.105'],
    ['', '', '      [02]: fe80::8d4c:2b1a:6e0f:3c21'],
    ['', '', '[02]: VMware Virtual Ethernet Adapter for VMnet1'],
    ['', '', '[03]: VMware Virtual Ethernet Adapter for VMnet8'],
    ['Hyper-V Requirements', 'Hyper-V 要求', zh ? '已检测到虚拟机监控程序。将不显示 Hyper-V 所需的功能。' : 'A hypervisor has been detected. Features required for Hyper-V will not be displayed.']
  ]
  // Values start at a console column; a Chinese character takes two.
  const width = zh ? 18 : 27
  return lines('', ...rows.map(([en, cn, value]) => (en === '' ? ' '.repeat(width) : padColumns(`${zh ? cn : en}:`, width)) + value))
}

/** Pads to `width` console columns, counting East Asian wide characters as two. */
function padColumns(s: string, width: number): string {
  let columns = 0
  for (const ch of s) columns += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1
  return s + ' '.repeat(Math.max(1, width - columns))
}

const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** The commands answered, by their normalized text (lower case, single spaces). */
export function windowsCommand(command: string, lang: WindowsLanguage, now: StructTime): CannedOutput | undefined {
  const zh = lang === 'zh-CN'
  const out = (stdout: string): CannedOutput => ({ stdout, stderr: '' })
  switch (command) {
    case 'dir':
      return out(dir(lang))
    case 'ipconfig':
      return out(ipconfig(lang, false))
    case 'ipconfig /all':
      return out(ipconfig(lang, true))
    case 'tasklist':
      return out(tasklist(lang))
    case 'netstat -an':
      return out(netstat(lang))
    case 'systeminfo':
      return out(systeminfo(lang))
    case 'whoami':
      return out(lines(`${HOST.toLowerCase()}\\student`))
    case 'hostname':
      return out(lines(HOST))
    case 'ver':
      return out(lines('', `Microsoft Windows [${zh ? '版本' : 'Version'} 10.0.19045.3693]`))
    case 'cd':
    case 'chdir':
      return out(lines(CWD))
    case 'date /t':
      return out(lines(zh ? `${now.year}/${pad2(now.month + 1)}/${pad2(now.mday)} ${WEEKDAYS_ZH[now.wday]} ` : `${WEEKDAYS_EN[now.wday]} ${pad2(now.month + 1)}/${pad2(now.mday)}/${now.year} `))
    case 'time /t':
      return out(lines(zh ? `${pad2(now.hour)}:${pad2(now.minute)}` : `${pad2(now.hour % 12 === 0 ? 12 : now.hour % 12)}:${pad2(now.minute)} ${now.hour < 12 ? 'AM' : 'PM'}`))
    case 'echo':
      return out(lines(zh ? 'ECHO 处于打开状态。' : 'ECHO is on.'))
  }
  return undefined
}

/** The programs above, so `dir /s` says it is not simulated instead of "not recognized". */
export const WINDOWS_PROGRAMS = new Set(['dir', 'ipconfig', 'tasklist', 'netstat', 'systeminfo', 'whoami', 'hostname', 'ver', 'cd', 'chdir', 'date', 'time', 'echo'])

export const WINDOWS_COMMANDS = ['dir', 'ipconfig', 'ipconfig /all', 'tasklist', 'netstat -an', 'systeminfo', 'whoami', 'hostname', 'ver', 'cd', 'date /t', 'time /t', 'echo ...']

/** cmd.exe's answer to a program it cannot find, on stderr. */
export function windowsNotFound(program: string, lang: WindowsLanguage): string {
  return lang === 'zh-CN' ? lines(`'${program}' 不是内部或外部命令，也不是可运行的程序`, '或批处理文件。') : lines(`'${program}' is not recognized as an internal or external command,`, 'operable program or batch file.')
}
