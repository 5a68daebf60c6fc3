// Lab 12: the remote command server of seed 001, simulated: canned outputs, nothing is run.
import type { Lab } from '../types'
import { text } from '../text'

const client = (stage: 'raw' | 'length'): string =>
  stage === 'raw'
    ? `import socket

client = socket.socket()
client.connect(('{host}', {port}))
while True:
    cmd = input('>>: ').strip()
    if not cmd:
        continue
    if cmd == 'q':
        break
    client.send(cmd.encode('utf-8'))
    data = client.recv(1024)            # one recv(1024): a long output does not fit
    print(data.decode('utf-8', 'replace'))
client.close()
`
    : `import socket
import struct

client = socket.socket()
client.connect(('{host}', {port}))
while True:
    cmd = input('>>: ').strip()
    if not cmd:
        continue
    if cmd == 'q':
        break
    client.send(cmd.encode('utf-8'))
    total = struct.unpack('i', client.recv(4))[0]      # the length header first
    data = b''
    while len(data) < total:                            # then read until it is all here
        data += client.recv(1024)
    print(data.decode('utf-8', 'replace'))
client.close()
`

export const remoteCommand: Lab = {
  id: 'remote-command',
  order: 12,
  title: text('Remote command, simulated', '远程执行命令（模拟）'),
  summary: text('Long command outputs read with recv(1024) stick to the next command\u2019s; a length header fixes it.', '用 recv(1024) 读长的命令输出，会和下一条命令的输出粘在一起；加长度报头就解决了。'),
  guide: text(
    [
      'The lesson\u2019s server runs each command it receives with subprocess and sends back the output. Socket Lab never runs a command for a peer: its server knows a set of Linux commands (ls, ps aux, ifconfig, netstat -an, df -h...) and answers with canned outputs, long ones included.',
      'Run raw_client.py against the raw server and type ps aux, then pwd. ps aux prints more than 1024 bytes: the client\u2019s recv(1024) shows the first part, and the answer to pwd starts with the rest of the ps aux output. That is the sticky-packet symptom the lesson shows.',
      'Then run framed_client.py against the framed server: it sends struct.pack(\'i\', len(output)) first, and the client reads until it has that many bytes.'
    ].join('\n\n'),
    [
      '课上的服务端用 subprocess 执行收到的命令，再把输出发回去。Socket Lab 绝不会替对方执行命令：它的服务端认识一组 Linux 命令（ls、ps aux、ifconfig、netstat -an、df -h……），用预先准备好的输出回复，其中有很长的。',
      '用 raw_client.py 连“原始”服务端，输入 ps aux，再输入 pwd。ps aux 的输出超过 1024 字节：客户端的 recv(1024) 只显示了前一部分，而 pwd 的结果前面是 ps aux 剩下的输出。这就是课上演示的粘包现象。',
      '再用 framed_client.py 连“带报头”的服务端：它先发 struct.pack(\'i\', len(output))，客户端一直读到够这么多字节为止。'
    ].join('\n\n')
  ),
  endpoints: [
    {
      role: 'raw',
      title: text('raw server: conn.send(output)', '原始服务端：conn.send(output)'),
      config: { kind: 'tcp-server', name: 'commands (raw)', host: '127.0.0.1', port: 0, responder: { kind: 'command', os: 'linux', stage: 'raw' } },
      start: 'auto'
    },
    {
      role: 'framed',
      title: text("framed server: struct.pack('i', n) + output", "带报头服务端：struct.pack('i', n) + 输出"),
      config: { kind: 'tcp-server', name: 'commands (length)', host: '127.0.0.1', port: 0, responder: { kind: 'command', os: 'linux', stage: 'length' } },
      start: 'auto'
    }
  ],
  programs: [
    { fileName: 'raw_client.py', title: text('The lesson\u2019s client: one recv(1024)', '课上的客户端：一次 recv(1024)'), target: 'raw', input: ['ps aux', 'pwd', 'q'], template: client('raw') },
    { fileName: 'framed_client.py', title: text('Reading by the length header', '按长度报头读取'), target: 'framed', input: ['ps aux', 'pwd', 'q'], template: client('length') }
  ],
  steps: [
    {
      id: 'command',
      task: text('Send a command to the raw server.', '给原始服务端发一条命令。'),
      check: { kind: 'data', role: 'raw', dir: 'out' },
      done: text('The server answered with the command\u2019s (canned) output.', '服务端回复了命令的（预置）输出。'),
      hint: text('Not yet: run raw_client.py and type ls.', '还没有：运行 raw_client.py，输入 ls。')
    },
    {
      id: 'long',
      task: text('Ask for a long output, then another command.', '请求一个很长的输出，然后再发一条命令。'),
      check: { kind: 'sequence', checks: [{ kind: 'bytes', role: 'raw', dir: 'out', bytes: 1025 }, { kind: 'data', role: 'raw', dir: 'in' }] },
      done: text('More than 1024 bytes went out, and the client asked again: its next recv(1024) first gets what was left of the last output.', '发出了超过 1024 字节，客户端又发了命令：它下一次 recv(1024) 先拿到的是上一条输出剩下的部分。'),
      hint: text('Not yet: type ps aux (a long output), then pwd.', '还没有：先输入 ps aux（输出很长），再输入 pwd。')
    },
    {
      id: 'framed',
      task: text('Do the same with the framed server.', '对带报头的服务端做同样的事。'),
      check: { kind: 'bytes', role: 'framed', dir: 'out', bytes: 1025 },
      done: text('With the length first, the client read exactly one output per command: nothing stuck.', '长度先行，客户端每条命令正好读到一份输出：不再粘包。'),
      hint: text('Not yet: run framed_client.py and type ps aux, then pwd.', '还没有：运行 framed_client.py，输入 ps aux，再输入 pwd。')
    }
  ]
}
