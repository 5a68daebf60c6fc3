import { describe, it, expect } from 'vitest'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import fc from 'fast-check'
import { commandConfig, createCommand } from '../../../src/shared/responders/command'
import { decodeText } from '../../../src/shared/codec'
import { requirePeerTool } from '../../helpers/peer-tools'
import { bytes, replies, replyBytes, testContext, text } from './helpers'

function server(config: Record<string, unknown> = {}): (command: string | Uint8Array) => Uint8Array[] {
  const r = createCommand(commandConfig.parse({ kind: 'command', ...config }))
  const instance = r.createInstance()
  return (command) => {
    const out = instance.frame({ payload: typeof command === 'string' ? bytes(command) : command }, testContext())
    for (const a of out) expect(a).toMatchObject({ type: 'reply', framing: 'raw' })
    return replies(out).map((a) => a.bytes)
  }
}

const joined = (parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => Array.from(p)))

/** What the lesson's Python client makes of the bytes the server sent. */
function pythonClientReads(stage: string, encoding: string, sent: Uint8Array[]): { header: { raw: string; parsed: Record<string, unknown> } | null; text: string } {
  const run = spawnSync(requirePeerTool('python3'), [join(__dirname, 'python', 'cmd_client_reads.py'), stage, encoding], { input: joined(sent), encoding: 'utf-8', timeout: 20_000 })
  if (run.status !== 0) throw new Error(run.stderr)
  return JSON.parse(run.stdout) as { header: { raw: string; parsed: Record<string, unknown> } | null; text: string }
}

describe('simulated remote command', () => {
  it('answers dir in one send, more than a 1024-byte recv takes: the sticky-packet lesson', () => {
    const out = server()('dir')
    expect(out).toHaveLength(1)
    const t = text(out[0]!)
    expect(t.startsWith(' Volume in drive C has no label.\r\n')).toBe(true)
    expect(t).toContain(' Directory of C:\\Users\\student\\socket-lab\r\n')
    expect(t).toMatch(/\r\n {14}\d\d File\(s\) +[\d,]+ bytes\r\n {15}\d Dir\(s\) +[\d,]+ bytes free\r\n$/)
    expect(out[0]!.byteLength).toBeGreaterThan(1024)
  })

  it.each(['ipconfig', 'ipconfig /all', 'tasklist', 'netstat -an', 'systeminfo'])('answers %s with several KB of what Windows prints', (cmd) => {
    const [out] = server()(cmd)
    expect(out!.byteLength).toBeGreaterThan(cmd === 'ipconfig' ? 1024 : 2048)
    expect(text(out!)).not.toMatch(/[^\r]\n/)
  })

  it('ignores case and spacing as cmd.exe does, and keeps echo as typed', () => {
    const ask = server()
    expect(ask('  DIR \r\n')).toEqual(ask('dir'))
    expect(ask('IpConfig   /ALL')).toEqual(ask('ipconfig /all'))
    expect(text(ask('echo a   b')[0]!)).toBe('a   b\r\n')
    expect(text(ask('echo')[0]!)).toBe('ECHO is on.\r\n')
    expect(text(ask('echo.')[0]!)).toBe('\r\n')
  })

  it("answers an unknown command as cmd.exe does, in English or Chinese, and runs nothing", () => {
    expect(text(server()('rm -rf /')[0]!)).toBe("'rm' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n")
    const zh = server({ language: 'zh-CN', encoding: 'gbk' })('format c:')
    expect(decodeText(zh[0]!, 'gbk')).toBe("'format' 不是内部或外部命令，也不是可运行的程序\r\n或批处理文件。\r\n")
  })

  it('says a known program with other arguments is not simulated, rather than not found', () => {
    expect(text(server()('dir /s')[0]!)).toMatch(/^socket-lab: 'dir \/s' is not one of the simulated commands: dir, ipconfig/)
    expect(text(server({ os: 'linux' })('ls /tmp')[0]!)).toMatch(/^socket-lab: 'ls \/tmp' is not one of the simulated commands: ls, /)
  })

  it("encodes a Chinese Windows' output in GBK, which the lesson's client decodes with gbk", () => {
    const sent = server({ language: 'zh-CN', encoding: 'gbk' })('dir')
    const read = pythonClientReads('raw', 'gbk', sent)
    expect(read.text.startsWith(' 驱动器 C 中的卷没有标签。\r\n 卷的序列号是 5A3C-91E2\r\n')).toBe(true)
    expect(read.text).toContain('个文件')
    // The same bytes are not valid UTF-8: the mojibake students meet when they decode with utf-8.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(joined(sent))).toThrow()
  })

  it("sends struct.pack('i', n) then stdout, which the lesson's client unpacks", () => {
    const sent = server({ stage: 'length' })('tasklist')
    expect(sent[0]!.byteLength).toBe(4)
    expect(new DataView(sent[0]!.buffer).getInt32(0, true)).toBe(sent[1]!.byteLength)
    const read = pythonClientReads('length', 'utf-8', sent)
    expect(read.text).toContain('System Idle Process')
  })

  it("sends the length in network order when told to ('!i')", () => {
    const sent = server({ stage: 'length', byteOrder: 'big' })('whoami')
    expect(Array.from(sent[0]!)).toEqual([0, 0, 0, 23])
  })

  it('sends a JSON header as Python json.dumps writes it, non-ASCII escaped', () => {
    const sent = server({ stage: 'json-header', os: 'linux' })('echo 你好 "a  b"')
    expect(sent).toHaveLength(3)
    const read = pythonClientReads('json-header', 'utf-8', sent)
    expect(read.header!.raw).toBe('{"cmd": "echo \\u4f60\\u597d \\"a  b\\"", "file_size": 12}')
    expect(read.header!.parsed).toEqual({ cmd: 'echo 你好 "a  b"', file_size: 12 })
    expect(read.text).toBe('你好 a  b\n')
  })

  it('sends what went to stderr after the header, its size counted, as the lesson does', () => {
    const sent = server({ stage: 'json-header', os: 'linux' })('nosuchthing')
    expect(sent.map(text)).toEqual([expect.any(String), '{"cmd": "nosuchthing", "file_size": 35}', '/bin/sh: 1: nosuchthing: not found\n'])
  })

  it('answers an empty command with no output: nothing raw, a zero length otherwise', () => {
    expect(server()('   ')).toEqual([])
    expect(server({ stage: 'length' })('')).toEqual([new Uint8Array(4)])
    expect(server({ stage: 'json-header' })('\r\n').map(text).slice(1)).toEqual(['{"cmd": "", "file_size": 0}'])
  })

  it('answers Linux commands as Ubuntu prints them through a pipe', () => {
    const ask = server({ os: 'linux' })
    const ls = text(ask('ls')[0]!)
    expect(ls.split('\n')).toContain('chat_server.py')
    expect(ls).not.toContain('.git')
    expect(text(ask('ls -la')[0]!)).toMatch(/^total \d+\ndrwxrwxr-x +\d+ student student +4096 Nov 15 06:02 \.\n/)
    expect(text(ask('ps aux')[0]!).length).toBeGreaterThan(4096)
    expect(text(ask('ifconfig')[0]!)).toContain('inet 10.0.2.15  netmask 255.255.255.0')
    expect(text(ask('pwd')[0]!)).toBe('/home/student/socket-lab\n')
    expect(text(ask('LS')[0]!)).toBe('/bin/sh: 1: LS: not found\n')
    expect(text(ask("echo 'open")[0]!)).toBe('/bin/sh: 1: Syntax error: Unterminated quoted string\n')
  })

  it('reads the clock from the context for date', () => {
    expect(text(server({ os: 'linux' })('date')[0]!)).toBe('Wed Nov 15 06:13:20 CST 2023\n')
    expect(text(server()('date /t')[0]!)).toBe('Wed 11/15/2023 \r\n')
    expect(text(server({ language: 'zh-CN' })('date /t')[0]!)).toBe('2023/11/15 周三 \r\n')
  })

  it('reads bytes that are not UTF-8 as U+FFFD, and writes what GBK cannot hold as ?', () => {
    expect(text(server()(Uint8Array.of(0x64, 0x69, 0xff))[0]!)).toBe("'di\ufffd' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n")
    expect(decodeText(server({ encoding: 'gbk' })(Uint8Array.of(0x64, 0x69, 0xff))[0]!, 'gbk')).toMatch(/^'di\?' is not recognized/)
    expect(decodeText(server({ encoding: 'gbk' })('echo 😀')[0]!, 'gbk')).toBe('?\r\n')
  })

  it('refuses an unknown encoding when configured', () => {
    expect(() => createCommand(commandConfig.parse({ kind: 'command', encoding: 'ebcdic' }))).toThrow(/encoding 'ebcdic' is not known/)
  })

  it('never replies more than its bound, whatever arrives', () => {
    for (const config of [{}, { os: 'linux' }, { stage: 'json-header' }, { language: 'zh-CN', encoding: 'gbk', stage: 'length' }]) {
      const r = createCommand(commandConfig.parse({ kind: 'command', ...config }))
      const command = fc.oneof(fc.constantFrom('dir', 'ipconfig /all', 'tasklist', 'ps aux', 'systeminfo', 'echo ', 'ls -la'), fc.string({ maxLength: 200 }))
      fc.assert(
        fc.property(command, fc.uint8Array({ maxLength: 300 }), (c, junk) => {
          for (const payload of [bytes(c), junk, Uint8Array.from([...bytes('echo '), ...junk])]) {
            const out = r.createInstance().frame({ payload }, testContext())
            expect(replyBytes(out)).toBeLessThanOrEqual(r.bound.perInputByte * payload.byteLength + r.bound.fixed)
          }
        }),
        { numRuns: 60 }
      )
    }
  })

  it('reads at most 8 KiB of a huge frame', () => {
    const r = createCommand(commandConfig.parse({ kind: 'command', os: 'linux' }))
    const out = r.createInstance().frame({ payload: bytes('echo ' + 'x'.repeat(1 << 20)) }, testContext())
    expect(replyBytes(out)).toBe(8192 - 5 + 1)
  })
})
