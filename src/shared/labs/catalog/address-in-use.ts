// Lab 6: "Address already in use" and SO_REUSEADDR (seeds 000 and 003).
import type { Lab } from '../types'
import { text } from '../text'

export const addressInUse: Lab = {
  id: 'address-in-use',
  order: 6,
  title: text('Address already in use and SO_REUSEADDR', '地址已被占用与 SO_REUSEADDR'),
  summary: text('Why a server restarted quickly cannot bind its port, and what SO_REUSEADDR changes.', '为什么服务端快速重启时绑定不了端口，SO_REUSEADDR 又改变了什么。'),
  guide: text(
    [
      'A port can be bound by one listening socket. The program below first tries to bind the port Socket Lab listens on: OSError, Address already in use.',
      'Then it talks to the server, which answers bye and closes first. The side that closes first keeps the connection in TIME_WAIT for a while (about a minute on Linux), so stray packets of the old connection cannot reach a new one.',
      'Stop the server in Socket Lab and press Enter in the program: nothing listens now, yet a plain bind still fails, because of TIME_WAIT. With setsockopt(SOL_SOCKET, SO_REUSEADDR, 1) before bind() it succeeds. Start Socket Lab\u2019s server again: it sets SO_REUSEADDR (as Node does on Linux and macOS), so it binds too, unless the Python server holds the port right then.',
      'Ports below 1024 need administrator rights; on Windows some ports are reserved and fail with WinError 10013: pick another port.'
    ].join('\n\n'),
    [
      '一个端口只能被一个监听套接字绑定。下面的程序先尝试绑定 Socket Lab 正在监听的端口：OSError，Address already in use（地址已被占用）。',
      '接着它和服务端说话，服务端回 bye 并先关闭连接。先关闭的一方会让连接停留在 TIME_WAIT 状态一段时间（Linux 上约一分钟），防止旧连接的残留报文混进新连接。',
      '在 Socket Lab 里停止服务端，然后在程序里按回车：此时没人监听，但普通的 bind 依然失败，原因就是 TIME_WAIT。在 bind() 之前加上 setsockopt(SOL_SOCKET, SO_REUSEADDR, 1) 就成功了。再启动 Socket Lab 的服务端：它设置了 SO_REUSEADDR（Node 在 Linux 和 macOS 上默认如此），所以也能绑定——除非 Python 服务端恰好占着这个端口。',
      '1024 以下的端口需要管理员权限；Windows 上有些端口被系统保留，会报 WinError 10013：换一个端口吧。'
    ].join('\n\n')
  ),
  endpoints: [
    {
      role: 'server',
      title: text('server: says bye and closes first', '服务端：说 bye 并先关闭'),
      config: { kind: 'tcp-server', name: 'restart me', host: '127.0.0.1', port: 0, reuseAddress: true, responder: { kind: 'chat', byeWord: 'bye', script: ['bye'] } },
      start: 'auto',
      samePortOnRestart: true
    }
  ],
  programs: [
    {
      fileName: 'reuse_addr.py',
      title: text('Bind, talk, and bind again', '绑定、对话、再绑定'),
      target: 'server',
      input: [''],
      template: `import socket
from socket import SOL_SOCKET, SO_REUSEADDR

HOST, PORT = '{host}', {port}

# 1. Socket Lab listens on PORT: nobody else may bind it.
s = socket.socket()
try:
    s.bind((HOST, PORT))
    print('bound: nobody was listening on', PORT)
except OSError as e:
    print('bind while Socket Lab listens:', e)
s.close()

# 2. The server answers bye and closes first: its side of this connection stays in TIME_WAIT.
c = socket.socket()
c.connect((HOST, PORT))
c.send(b'hello')
print(c.recv(1024))      # b'bye'
print(c.recv(1024))      # b'': the server closed
c.close()

input('Stop the server in Socket Lab, then press Enter: ')

# 3. Nobody listens now, but TIME_WAIT still holds the port: only SO_REUSEADDR binds it.
for reuse in (False, True):
    s = socket.socket()
    if reuse:
        s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)      # before bind()
    try:
        s.bind((HOST, PORT))
        s.listen(5)
        print('SO_REUSEADDR =', reuse, '-> bind ok')
        s.close()
        break
    except OSError as e:
        print('SO_REUSEADDR =', reuse, '->', e)
        s.close()
`
    }
  ],
  steps: [
    {
      id: 'talk',
      task: text('Run reuse_addr.py: it fails to bind, then connects.', '运行 reuse_addr.py：它绑定失败，然后连上服务端。'),
      check: { kind: 'data', role: 'server', dir: 'in' },
      done: text('Connected after its bind failed: one port, one listener.', '绑定失败后连接成功：一个端口只能有一个监听者。'),
      hint: text('Not yet: run reuse_addr.py with the port shown.', '还没有：用上面显示的端口运行 reuse_addr.py。')
    },
    {
      id: 'closed-first',
      task: text('The server says bye and closes first.', '服务端说 bye 并先关闭。'),
      check: { kind: 'sequence', checks: [{ kind: 'data', role: 'server', dir: 'out', text: 'bye' }, { kind: 'closed', role: 'server' }] },
      done: text('The server closed first, so its side of the connection is now in TIME_WAIT.', '服务端先关闭，所以它这一端的连接现在处于 TIME_WAIT。'),
      hint: text('Not yet: the client must send a message; the server answers bye and closes.', '还没有：客户端要先发一条消息，服务端才会回 bye 并关闭。')
    },
    {
      id: 'stopped',
      task: text('Stop the server, then press Enter in the program.', '停止服务端，然后在程序中按回车。'),
      check: { kind: 'sequence', checks: [{ kind: 'state', role: 'server', state: 'listening' }, { kind: 'state', role: 'server', state: 'closed' }] },
      done: text('Stopped. The program now shows bind failing without SO_REUSEADDR and working with it.', '已停止。程序会显示：不加 SO_REUSEADDR 绑定失败，加上就成功。'),
      hint: text('Not yet: press Stop on the server (Ctrl+C ends socket-lab lab).', '还没有：点服务端的“停止”（命令行下 Ctrl+C 结束 socket-lab lab）。')
    },
    {
      id: 'restart',
      task: text('Start the server again on the same port.', '在同一端口上再次启动服务端。'),
      check: {
        kind: 'any',
        checks: [
          { kind: 'sequence', checks: [{ kind: 'state', role: 'server', state: 'closed' }, { kind: 'state', role: 'server', state: 'listening', samePort: true }] },
          { kind: 'error', role: 'server', codes: ['EADDRINUSE'] }
        ]
      },
      done: text('Restarted: with SO_REUSEADDR TIME_WAIT does not stand in the way (and a live listener on the port would: EADDRINUSE).', '重新启动了：有 SO_REUSEADDR 时 TIME_WAIT 不再挡路（但若端口上有活着的监听者，仍会 EADDRINUSE）。'),
      hint: text('Not yet: press Start on the stopped server.', '还没有：在已停止的服务端上点“启动”。')
    }
  ]
}
