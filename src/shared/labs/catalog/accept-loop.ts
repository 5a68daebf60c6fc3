// Lab 4: the connection loop around the communication loop (seed 000): one client at a time, then
// a server that serves them all at once.
import type { Lab } from '../types'
import { text } from '../text'

const clients = `import socket
import time

HOST, PORT = '{host}', {port}


def client(name):
    s = socket.socket()
    s.settimeout(5)
    s.connect((HOST, PORT))
    return s


first = client('first')
first.send(b'one')
print('first got', first.recv(1024))

second = client('second')               # connect() succeeds: the kernel completed the handshake
second.send(b'two')
second.settimeout(1)
try:
    answer = second.recv(1024)
    print('second got', answer, 'at once')
except socket.timeout:
    answer = None
    print('second waits: the server is still busy with the first client')

time.sleep(1)
first.close()                           # the first leaves: the server goes back to accept()
if answer is None:
    second.settimeout(5)
    print('second got', second.recv(1024))
second.close()
`

export const acceptLoop: Lab = {
  id: 'accept-loop',
  order: 4,
  title: text('The connection loop: one client at a time, then many', '连接循环：一次服务一个，再到同时服务多个'),
  summary: text('A server in an accept loop serves clients one after another; a concurrent one serves them together.', '带 accept 循环的服务端只能一个接一个地服务；并发服务端可以同时服务。'),
  guide: text(
    [
      'The lesson wraps the communication loop in a connection loop: while True: conn, addr = sk.accept(); then talk to conn until it leaves. While it talks to one client, nobody calls accept(): a second client connects (the kernel finishes its handshake) but hears nothing until the first leaves.',
      'The loop server here does exactly that, and answers data.upper(). Run loop_clients.py against it: the second client waits, then is served as soon as the first closes.',
      'The concurrent server serves every client at once, as socketserver or threads would. Run concurrent_clients.py (the same program, aimed at it): the second client is answered at once.'
    ].join('\n\n'),
    [
      '课上在通信循环外面又套了一层连接循环：while True: conn, addr = sk.accept()，然后和 conn 一直聊到它离开。服务端和一个客户端聊天时没人调用 accept()：第二个客户端能连上（操作系统完成了握手），但收不到任何回复，直到第一个离开。',
      '这里的“循环服务端”就是这样，并回复 data.upper()。用 loop_clients.py 连它：第二个客户端先等着，第一个一关闭它马上被服务。',
      '“并发服务端”同时服务所有客户端，就像 socketserver 或多线程那样。用 concurrent_clients.py（同一个程序，连并发服务端）试试：第二个客户端立刻得到回复。'
    ].join('\n\n')
  ),
  endpoints: [
    {
      role: 'loop',
      title: text('loop server: one client at a time', '循环服务端：一次一个客户端'),
      config: { kind: 'tcp-server', name: 'accept loop', host: '127.0.0.1', port: 0, oneAtATime: true, backlog: 5, responder: { kind: 'upper' } },
      start: 'auto'
    },
    {
      role: 'concurrent',
      title: text('concurrent server: every client at once', '并发服务端：同时服务所有客户端'),
      config: { kind: 'tcp-server', name: 'concurrent', host: '127.0.0.1', port: 0, responder: { kind: 'upper' } },
      start: 'auto'
    }
  ],
  programs: [
    { fileName: 'loop_clients.py', title: text('Two clients of the loop server', '循环服务端的两个客户端'), target: 'loop', template: clients },
    { fileName: 'concurrent_clients.py', title: text('The same two clients, to the concurrent server', '同样两个客户端，连并发服务端'), target: 'concurrent', template: clients }
  ],
  steps: [
    {
      id: 'first',
      task: text('The first client is served.', '第一个客户端得到服务。'),
      check: { kind: 'data', role: 'loop', dir: 'out' },
      done: text('The loop server accepted the first client and answered it.', '循环服务端 accept 了第一个客户端并回复了它。'),
      hint: text('Not yet: run loop_clients.py.', '还没有：运行 loop_clients.py。')
    },
    {
      id: 'waiting',
      task: text('A second client connects while the first is still there.', '第一个还在时，第二个客户端连进来。'),
      check: { kind: 'connected', role: 'loop', waiting: true },
      done: text('The second client is connected but waiting: nobody has accepted it yet, so its message sits unread.', '第二个客户端已连上但在等待：还没人 accept 它，它发的消息没人读。'),
      hint: text('Not yet: the second client must connect before the first closes.', '还没有：第二个客户端要在第一个关闭之前连上。')
    },
    {
      id: 'served-after',
      task: text('The first leaves; the second is served.', '第一个离开，第二个得到服务。'),
      check: { kind: 'waited', role: 'loop' },
      done: text('The first left, the loop went back to accept(), and the waiting client was taken up.', '第一个离开后，循环回到 accept()，等待中的客户端被接了起来。'),
      hint: text('Not yet: close the first client; the server takes the next one only then.', '还没有：关闭第一个客户端，服务端这时才会接下一个。')
    },
    {
      id: 'concurrent',
      task: text('Two clients served at the same time by the concurrent server.', '并发服务端同时服务两个客户端。'),
      check: { kind: 'concurrent', role: 'concurrent', count: 2 },
      done: text('Two clients at once: a concurrent server does not make the second one wait.', '同时两个客户端：并发服务端不会让第二个等待。'),
      hint: text('Not yet: run concurrent_clients.py, aimed at the concurrent server\u2019s port.', '还没有：运行 concurrent_clients.py，端口要对准并发服务端。')
    }
  ]
}
