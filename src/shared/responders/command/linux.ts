// What an Ubuntu lab machine prints for the lesson's commands when Python runs them with
// subprocess.Popen(cmd, shell=True): /bin/sh is dash there, and stdout is a pipe, so `ls` lists
// one name a line and nothing is cut to a terminal's width. Canned text: nothing runs.
import type { StructTime } from '../local-time'
import { pythonStrftime } from '../strftime'
import { LAB_FILES, pad2 } from './lab-files'
import type { CannedOutput } from './windows'

const HOST = 'lab-ubuntu'
const CWD = '/home/student/socket-lab'
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const lines = (...ls: string[]): string => ls.join('\n') + '\n'

// ls sorts in the user's locale, en_US.UTF-8 on a desktop Ubuntu: punctuation and case count only
// to break ties.
function lsOrder(a: string, b: string): number {
  const key = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '').toLowerCase()
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a < b ? -1 : 1
}

interface Entry {
  name: string
  dir: boolean
  size: number
  at: readonly [number, number, number, number, number]
  links: number
}

function entries(all: boolean): Entry[] {
  const list: Entry[] = LAB_FILES.filter((f) => all || !f.name.startsWith('.')).map((f) => ({ name: f.name, dir: f.size === undefined, size: f.size ?? 4096, at: f.at, links: f.size === undefined ? (f.name === '.git' ? 8 : f.name === '.venv' ? 5 : 2) : 1 }))
  if (all) list.push({ name: '.', dir: true, size: 4096, at: [2023, 11, 15, 6, 2], links: 9 }, { name: '..', dir: true, size: 4096, at: [2023, 11, 2, 9, 30], links: 23 })
  return list.sort((a, b) => (a.name === '.' ? -1 : b.name === '.' ? 1 : a.name === '..' ? -1 : b.name === '..' ? 1 : lsOrder(a.name, b.name)))
}

function lsLong(all: boolean): string {
  const list = entries(all)
  const blocks = list.reduce((n, e) => n + Math.ceil(e.size / 4096) * 4, 0)
  const sizeWidth = Math.max(...list.map((e) => String(e.size).length))
  const linkWidth = Math.max(...list.map((e) => String(e.links).length))
  const rows = list.map((e) => {
    const [, mo, d, h, mi] = e.at
    const mode = e.dir ? 'drwxrwxr-x' : e.name.endsWith('.py') && e.name.includes('server') ? '-rwxrwxr-x' : '-rw-rw-r--'
    return `${mode} ${String(e.links).padStart(linkWidth)} student student ${String(e.size).padStart(sizeWidth)} ${MONTHS[mo - 1]} ${String(d).padStart(2)} ${pad2(h)}:${pad2(mi)} ${e.name}`
  })
  return lines(`total ${blocks}`, ...rows)
}

// USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND
const PS: [string, number, number, number, number, number, string, string, string, string, string][] = [
  ['root', 1, 0.0, 0.3, 167_744, 13_224, '?', 'Ss', '05:39', '0:02', '/sbin/init splash'],
  ['root', 2, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[kthreadd]'],
  ['root', 3, 0.0, 0.0, 0, 0, '?', 'I<', '05:39', '0:00', '[rcu_gp]'],
  ['root', 4, 0.0, 0.0, 0, 0, '?', 'I<', '05:39', '0:00', '[rcu_par_gp]'],
  ['root', 5, 0.0, 0.0, 0, 0, '?', 'I<', '05:39', '0:00', '[slub_flushwq]'],
  ['root', 6, 0.0, 0.0, 0, 0, '?', 'I<', '05:39', '0:00', '[netns]'],
  ['root', 8, 0.0, 0.0, 0, 0, '?', 'I<', '05:39', '0:00', '[kworker/0:0H-events_highpri]'],
  ['root', 10, 0.0, 0.0, 0, 0, '?', 'I<', '05:39', '0:00', '[mm_percpu_wq]'],
  ['root', 11, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[rcu_tasks_rude_]'],
  ['root', 12, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[rcu_tasks_trace]'],
  ['root', 13, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[ksoftirqd/0]'],
  ['root', 14, 0.0, 0.0, 0, 0, '?', 'I', '05:39', '0:01', '[rcu_sched]'],
  ['root', 15, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[migration/0]'],
  ['root', 16, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[idle_inject/0]'],
  ['root', 18, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[cpuhp/0]'],
  ['root', 19, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[cpuhp/1]'],
  ['root', 20, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[idle_inject/1]'],
  ['root', 21, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[migration/1]'],
  ['root', 22, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[ksoftirqd/1]'],
  ['root', 26, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[kdevtmpfs]'],
  ['root', 27, 0.0, 0.0, 0, 0, '?', 'I<', '05:39', '0:00', '[inet_frag_wq]'],
  ['root', 28, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[kauditd]'],
  ['root', 29, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[khungtaskd]'],
  ['root', 30, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[oom_reaper]'],
  ['root', 31, 0.0, 0.0, 0, 0, '?', 'I<', '05:39', '0:00', '[writeback]'],
  ['root', 32, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[kcompactd0]'],
  ['root', 33, 0.0, 0.0, 0, 0, '?', 'SN', '05:39', '0:00', '[ksmd]'],
  ['root', 34, 0.0, 0.0, 0, 0, '?', 'SN', '05:39', '0:00', '[khugepaged]'],
  ['root', 80, 0.0, 0.0, 0, 0, '?', 'I<', '05:39', '0:00', '[kintegrityd]'],
  ['root', 81, 0.0, 0.0, 0, 0, '?', 'I<', '05:39', '0:00', '[kblockd]'],
  ['root', 82, 0.0, 0.0, 0, 0, '?', 'I<', '05:39', '0:00', '[blkcg_punt_bio]'],
  ['root', 95, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[kswapd0]'],
  ['root', 289, 0.0, 0.0, 0, 0, '?', 'S', '05:39', '0:00', '[jbd2/sda2-8]'],
  ['root', 290, 0.0, 0.0, 0, 0, '?', 'I<', '05:39', '0:00', '[ext4-rsv-conver]'],
  ['root', 335, 0.0, 0.4, 64_872, 16_784, '?', 'S<s', '05:39', '0:00', '/lib/systemd/systemd-journald'],
  ['root', 371, 0.0, 0.1, 26_812, 7_104, '?', 'Ss', '05:39', '0:00', '/lib/systemd/systemd-udevd'],
  ['systemd+', 512, 0.0, 0.3, 25_660, 13_272, '?', 'Ss', '05:39', '0:00', '/lib/systemd/systemd-resolved'],
  ['systemd+', 513, 0.0, 0.1, 89_364, 6_628, '?', 'Ssl', '05:39', '0:00', '/lib/systemd/systemd-timesyncd'],
  ['root', 580, 0.0, 0.2, 248_256, 9_348, '?', 'Ssl', '05:39', '0:00', '/usr/libexec/accounts-daemon'],
  ['root', 582, 0.0, 0.0, 2_812, 1_028, '?', 'Ss', '05:39', '0:00', '/usr/sbin/acpid'],
  ['avahi', 585, 0.0, 0.0, 7_660, 3_812, '?', 'Ss', '05:39', '0:00', 'avahi-daemon: running [lab-ubuntu.local]'],
  ['root', 586, 0.0, 0.0, 18_144, 2_936, '?', 'Ss', '05:39', '0:00', '/usr/sbin/cron -f -P'],
  ['message+', 587, 0.0, 0.1, 10_304, 5_884, '?', 'Ss', '05:39', '0:01', '@dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only'],
  ['root', 589, 0.0, 0.5, 267_584, 20_616, '?', 'Ssl', '05:39', '0:00', '/usr/sbin/NetworkManager --no-daemon'],
  ['root', 596, 0.0, 0.5, 34_884, 20_128, '?', 'Ss', '05:39', '0:00', '/usr/bin/python3 /usr/bin/networkd-dispatcher --run-startup-triggers'],
  ['root', 598, 0.0, 0.2, 236_272, 9_768, '?', 'Ssl', '05:39', '0:00', '/usr/libexec/polkitd --no-debug'],
  ['syslog', 601, 0.0, 0.1, 222_404, 5_948, '?', 'Ssl', '05:39', '0:00', '/usr/sbin/rsyslogd -n -iNONE'],
  ['root', 604, 0.0, 0.8, 1_247_420, 33_316, '?', 'Ssl', '05:39', '0:01', '/usr/lib/snapd/snapd'],
  ['root', 612, 0.0, 0.1, 15_024, 7_444, '?', 'Ss', '05:39', '0:00', '/lib/systemd/systemd-logind'],
  ['root', 660, 0.0, 0.1, 15_432, 8_964, '?', 'Ss', '05:39', '0:00', 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'],
  ['root', 702, 0.0, 0.3, 113_088, 12_044, '?', 'Ssl', '05:39', '0:00', '/usr/bin/python3 /usr/share/unattended-upgrades/unattended-upgrade-shutdown --wait-for-signal'],
  ['root', 731, 0.0, 0.2, 242_424, 8_836, '?', 'Ssl', '05:39', '0:00', '/usr/sbin/gdm3'],
  ['student', 1203, 0.0, 0.2, 17_088, 10_020, '?', 'Ss', '05:41', '0:00', '/lib/systemd/systemd --user'],
  ['student', 1221, 0.0, 0.1, 8_744, 5_124, '?', 'Ss', '05:41', '0:00', '/usr/bin/dbus-daemon --session --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only'],
  ['student', 1229, 0.0, 0.4, 120_512, 17_232, '?', 'Ssl', '05:41', '0:00', '/usr/bin/pipewire'],
  ['student', 1302, 0.3, 6.1, 4_218_816, 243_612, '?', 'Ssl', '05:41', '0:27', '/usr/bin/gnome-shell'],
  ['student', 1466, 0.0, 0.7, 566_328, 29_784, '?', 'Ssl', '05:41', '0:00', '/usr/libexec/gnome-terminal-server'],
  ['student', 1481, 0.0, 0.1, 11_284, 5_364, 'pts/0', 'Ss', '05:42', '0:00', 'bash'],
  ['student', 1590, 1.2, 14.3, 6_905_080, 571_932, '?', 'Sl', '05:44', '1:12', '/snap/pycharm-community/361/jbr/bin/java -classpath /snap/pycharm-community/361/lib/platform-loader.jar'],
  ['student', 1688, 0.0, 0.2, 24_596, 9_816, 'pts/0', 'S+', '06:02', '0:00', 'python3 cmd_server.py'],
  ['student', 1702, 0.0, 0.2, 24_620, 9_880, 'pts/1', 'S+', '06:05', '0:00', 'python3 cmd_client.py'],
  ['root', 1709, 0.0, 0.0, 0, 0, '?', 'I', '06:10', '0:00', '[kworker/1:2-events]'],
  ['student', 1714, 0.0, 0.0, 2_892, 956, 'pts/0', 'S+', '06:13', '0:00', '/bin/sh -c ps aux'],
  ['student', 1715, 0.0, 0.0, 13_932, 3_448, 'pts/0', 'R+', '06:13', '0:00', 'ps aux']
]

function psAux(): string {
  const rows = PS.map(([user, pid, cpu, mem, vsz, rss, tty, stat, start, time, cmd]) => `${user.padEnd(8)} ${String(pid).padStart(7)} ${cpu.toFixed(1).padStart(4)} ${mem.toFixed(1).padStart(4)} ${String(vsz).padStart(6)} ${String(rss).padStart(5)} ${tty.padEnd(8)} ${stat.padEnd(4)} ${start}   ${time.padStart(4)} ${cmd}`)
  return lines('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND', ...rows)
}

function psEf(): string {
  const ppid = (pid: number, user: string): number => (pid <= 2 ? 0 : pid < 335 ? 2 : user === 'student' ? (pid === 1203 ? 1 : pid < 1480 ? 1203 : 1481) : 1)
  const rows = PS.map(([user, pid, , , , , tty, , start, time, cmd]) => `${user.padEnd(8)} ${String(pid).padStart(7)} ${String(ppid(pid, user)).padStart(7)}  0 ${start} ${tty.padEnd(8)} 00:${time.padStart(5, '0')} ${cmd === 'ps aux' ? 'ps -ef' : cmd === '/bin/sh -c ps aux' ? '/bin/sh -c ps -ef' : cmd}`)
  return lines('UID          PID    PPID  C STIME TTY          TIME CMD', ...rows)
}

const IFCONFIG = lines(
  'enp0s3: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500',
  '        inet 10.0.2.15  netmask 255.255.255.0  broadcast 10.0.2.255',
  '        inet6 fe80::a00:27ff:fe4e:66a1  prefixlen 64  scopeid 0x20<link>',
  '        ether 08:00:27:4e:66:a1  txqueuelen 1000  (Ethernet)',
  '        RX packets 184233  bytes 241936712 (241.9 MB)',
  '        RX errors 0  dropped 0  overruns 0  frame 0',
  '        TX packets 61092  bytes 5378842 (5.3 MB)',
  '        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0',
  '',
  'enp0s8: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500',
  '        inet 192.168.56.101  netmask 255.255.255.0  broadcast 192.168.56.255',
  '        inet6 fe80::d1c5:8b0e:7a13:42f9  prefixlen 64  scopeid 0x20<link>',
  '        ether 08:00:27:b3:19:0c  txqueuelen 1000  (Ethernet)',
  '        RX packets 5121  bytes 611204 (611.2 KB)',
  '        RX errors 0  dropped 0  overruns 0  frame 0',
  '        TX packets 3980  bytes 1129870 (1.1 MB)',
  '        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0',
  '',
  'lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536',
  '        inet 127.0.0.1  netmask 255.0.0.0',
  '        inet6 ::1  prefixlen 128  scopeid 0x10<host>',
  '        loop  txqueuelen 1000  (Local Loopback)',
  '        RX packets 2470  bytes 242615 (242.6 KB)',
  '        RX errors 0  dropped 0  overruns 0  frame 0',
  '        TX packets 2470  bytes 242615 (242.6 KB)',
  '        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0',
  ''
)

const IP_ADDR = lines(
  '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
  '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
  '    inet 127.0.0.1/8 scope host lo',
  '       valid_lft forever preferred_lft forever',
  '    inet6 ::1/128 scope host ',
  '       valid_lft forever preferred_lft forever',
  '2: enp0s3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000',
  '    link/ether 08:00:27:4e:66:a1 brd ff:ff:ff:ff:ff:ff',
  '    inet 10.0.2.15/24 brd 10.0.2.255 scope global dynamic noprefixroute enp0s3',
  '       valid_lft 84733sec preferred_lft 84733sec',
  '    inet6 fe80::a00:27ff:fe4e:66a1/64 scope link noprefixroute ',
  '       valid_lft forever preferred_lft forever',
  '3: enp0s8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000',
  '    link/ether 08:00:27:b3:19:0c brd ff:ff:ff:ff:ff:ff',
  '    inet 192.168.56.101/24 brd 192.168.56.255 scope global dynamic noprefixroute enp0s8',
  '       valid_lft 433sec preferred_lft 433sec',
  '    inet6 fe80::d1c5:8b0e:7a13:42f9/64 scope link noprefixroute ',
  '       valid_lft forever preferred_lft forever'
)

const NETSTAT = lines(
  'Active Internet connections (servers and established)',
  'Proto Recv-Q Send-Q Local Address           Foreign Address         State      ',
  'tcp        0      0 127.0.0.53:53           0.0.0.0:*               LISTEN     ',
  'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN     ',
  'tcp        0      0 127.0.0.1:631           0.0.0.0:*               LISTEN     ',
  'tcp        0      0 127.0.0.1:8080          0.0.0.0:*               LISTEN     ',
  'tcp        0      0 127.0.0.1:8080          127.0.0.1:41736         ESTABLISHED',
  'tcp        0      0 127.0.0.1:41736         127.0.0.1:8080          ESTABLISHED',
  'tcp        0      0 10.0.2.15:48862         91.189.91.49:443        TIME_WAIT  ',
  'tcp        0      0 192.168.56.101:22       192.168.56.1:52344      ESTABLISHED',
  'tcp6       0      0 :::22                   :::*                    LISTEN     ',
  'tcp6       0      0 ::1:631                 :::*                    LISTEN     ',
  'udp        0      0 127.0.0.53:53           0.0.0.0:*                          ',
  'udp        0      0 10.0.2.15:68            10.0.2.2:67             ESTABLISHED',
  'udp        0      0 127.0.0.1:9000          0.0.0.0:*                          ',
  'udp        0      0 0.0.0.0:631             0.0.0.0:*                          ',
  'udp        0      0 0.0.0.0:5353            0.0.0.0:*                          ',
  'udp        0      0 0.0.0.0:41542           0.0.0.0:*                          ',
  'udp6       0      0 :::5353                 :::*                               ',
  'udp6       0      0 :::48519                :::*                               ',
  'raw6       0      0 :::58                   :::*                    7          ',
  'Active UNIX domain sockets (servers and established)',
  'Proto RefCnt Flags       Type       State         I-Node   Path',
  'unix  2      [ ACC ]     STREAM     LISTENING     23617    /run/systemd/private',
  'unix  2      [ ACC ]     STREAM     LISTENING     23619    /run/systemd/userdb/io.systemd.DynamicUser',
  'unix  2      [ ACC ]     SEQPACKET  LISTENING     17201    /run/udev/control',
  'unix  2      [ ACC ]     STREAM     LISTENING     31340    /run/user/1000/systemd/private',
  'unix  2      [ ACC ]     STREAM     LISTENING     31347    /run/user/1000/bus',
  'unix  2      [ ACC ]     STREAM     LISTENING     23630    /run/systemd/journal/stdout',
  'unix  2      [ ACC ]     STREAM     LISTENING     26511    /var/run/dbus/system_bus_socket',
  'unix  2      [ ACC ]     STREAM     LISTENING     26527    /run/snapd.socket',
  'unix  2      [ ACC ]     STREAM     LISTENING     44102    /tmp/lab.sock',
  'unix  3      [ ]         STREAM     CONNECTED     31355    ',
  'unix  3      [ ]         STREAM     CONNECTED     31349    /run/user/1000/bus',
  'unix  3      [ ]         DGRAM      CONNECTED     23640    /run/systemd/notify',
  'unix  3      [ ]         STREAM     CONNECTED     27114    /var/run/dbus/system_bus_socket'
)

const DF = lines(
  'Filesystem      Size  Used Avail Use% Mounted on',
  'tmpfs           392M  1.7M  390M   1% /run',
  '/dev/sda2        49G   18G   29G  39% /',
  'tmpfs           2.0G     0  2.0G   0% /dev/shm',
  'tmpfs           5.0M  4.0K  5.0M   1% /run/lock',
  '/dev/sda1       512M  6.1M  506M   2% /boot/efi',
  'tmpfs           392M  108K  392M   1% /run/user/1000'
)

const FREE = lines(
  '               total        used        free      shared  buff/cache   available',
  'Mem:           3.8Gi       1.2Gi       1.1Gi        34Mi       1.5Gi       2.4Gi',
  'Swap:          2.0Gi          0B       2.0Gi'
)

const OS_RELEASE = lines(
  'PRETTY_NAME="Ubuntu 22.04.3 LTS"',
  'NAME="Ubuntu"',
  'VERSION_ID="22.04"',
  'VERSION="22.04.3 LTS (Jammy Jellyfish)"',
  'VERSION_CODENAME=jammy',
  'ID=ubuntu',
  'ID_LIKE=debian',
  'HOME_URL="https://www.ubuntu.com/"',
  'SUPPORT_URL="https://help.ubuntu.com/"',
  'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"',
  'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"',
  'UBUNTU_CODENAME=jammy'
)

/** The commands answered, by their normalized text (single spaces). */
export function linuxCommand(command: string, now: StructTime): CannedOutput | undefined {
  const out = (stdout: string): CannedOutput => ({ stdout, stderr: '' })
  switch (command) {
    case 'ls':
      return out(lines(...entries(false).map((e) => e.name)))
    case 'ls -a':
      return out(lines(...entries(true).map((e) => e.name)))
    case 'ls -l':
      return out(lsLong(false))
    case 'ls -la':
    case 'ls -al':
    case 'ls -l -a':
    case 'ls -a -l':
      return out(lsLong(true))
    case 'pwd':
      return out(lines(CWD))
    case 'whoami':
      return out(lines('student'))
    case 'id':
      return out(lines('uid=1000(student) gid=1000(student) groups=1000(student),4(adm),24(cdrom),27(sudo),30(dip),46(plugdev),122(lpadmin),134(lxd),135(sambashare)'))
    case 'hostname':
      return out(lines(HOST))
    case 'uname':
      return out(lines('Linux'))
    case 'uname -a':
      return out(lines(`Linux ${HOST} 5.15.0-88-generic #98-Ubuntu SMP Mon Oct 2 15:18:56 UTC 2023 x86_64 x86_64 x86_64 GNU/Linux`))
    case 'ifconfig':
      return out(IFCONFIG)
    case 'ip addr':
    case 'ip a':
      return out(IP_ADDR)
    case 'ps aux':
      return out(psAux())
    case 'ps -ef':
      return out(psEf())
    case 'netstat -an':
      return out(NETSTAT)
    case 'df -h':
      return out(DF)
    case 'free -h':
      return out(FREE)
    case 'cat /etc/os-release':
      return out(OS_RELEASE)
    case 'date':
      // date's default format in the C locale.
      return out(lines(pythonStrftime('%a %b %e %H:%M:%S %Z %Y', now) ?? ''))
  }
  return undefined
}

/** The programs above, so `ls /tmp` says it is not simulated instead of "not found". */
export const LINUX_PROGRAMS = new Set(['ls', 'pwd', 'whoami', 'id', 'hostname', 'uname', 'ifconfig', 'ip', 'ps', 'netstat', 'df', 'free', 'cat', 'date', 'echo'])

export const LINUX_COMMANDS = ['ls', 'ls -a', 'ls -l', 'ls -la', 'pwd', 'whoami', 'id', 'hostname', 'uname -a', 'ifconfig', 'ip addr', 'ps aux', 'ps -ef', 'netstat -an', 'df -h', 'free -h', 'cat /etc/os-release', 'date', 'echo ...']

/** dash's answer, as /bin/sh, to a program it cannot find: on stderr, with its line number. */
export function linuxNotFound(program: string): string {
  return `/bin/sh: 1: ${program}: not found\n`
}
