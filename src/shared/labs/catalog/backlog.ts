// Lab 5: listen(backlog), the queue of connections a program has not accepted yet (seed 003).
import type { Lab } from '../types'
import { text } from '../text'

export const backlog: Lab = {
  id: 'backlog',
  order: 5,
  title: text('listen(backlog): what happens to the third client', 'listen(backlog)：第三个客户端会怎样'),
  summary: text('With one client served and a queue of one, the next client waits and the one after is refused.', '一个客户端正在服务、队列只能排一个时，下一个等待，再下一个被拒绝。'),
  guide: text(
    [
      'listen(n) bounds how many connections may wait for accept(). The lesson calls it the half-connection pool (半连接池): the maximum waiting, plus the one being served, is what the server takes.',
      'Socket Lab\u2019s server here serves one client at a time with a backlog of 1. Run the program: the first client is served, the second waits in the queue, and the third finds the queue full.',
      'What a full queue does depends on the system: Linux usually drops the handshake so connect() hangs and retries; Windows (and Linux with tcp_abort_on_overflow) resets it. Socket Lab resets it, so you see it at once.'
    ].join('\n\n'),
    [
      'listen(n) 限定了有多少个连接可以排队等 accept()。课上把它叫做“半连接池”：最大排队数加上正在服务的那个，就是服务端能容纳的连接数。',
      '这里 Socket Lab 的服务端一次只服务一个客户端，backlog 为 1。运行程序：第一个客户端被服务，第二个在队列里等待，第三个发现队列满了。',
      '队列满时的表现因系统而异：Linux 通常丢弃握手，connect() 卡住并重试；Windows（以及打开 tcp_abort_on_overflow 的 Linux）直接重置连接。Socket Lab 采用重置，让你立刻看到结果。'
    ].join('\n\n')
  ),
  endpoints: [
    {
      role: 'server',
      title: text('server: one at a time, listen(1)', '服务端：一次一个，listen(1)'),
      config: { kind: 'tcp-server', name: 'listen(1)', host: '127.0.0.1', port: 0, oneAtATime: true, backlog: 1, responder: { kind: 'upper' } },
      start: 'auto'
    }
  ],
  programs: [
    {
      fileName: 'three_clients.py',
      title: text('Three clients, one after another', '三个客户端，依次连接'),
      target: 'server',
      template: `import socket
import time

HOST, PORT = '{host}', {port}


def connect():
    s = socket.socket()
    s.settimeout(5)
    s.connect((HOST, PORT))
    return s


first = connect()
first.send(b'one')
print('first got', first.recv(1024))

second = connect()                      # waits in the queue: listen(1) has room for one
second.send(b'two')

try:
    third = connect()                   # the queue is full
    print('third got', third.recv(1024))
except (ConnectionResetError, ConnectionRefusedError) as e:
    print('third refused:', e)
except socket.timeout:
    print('third timed out: this system drops handshakes when the queue is full')

time.sleep(1)
first.close()
print('second got', second.recv(1024))
second.close()
`
    }
  ],
  steps: [
    {
      id: 'first',
      task: text('The first client is served.', '第一个客户端得到服务。'),
      check: { kind: 'data', role: 'server', dir: 'out' },
      done: text('Served: it is the one accept() returned.', '已服务：它就是 accept() 返回的那个。'),
      hint: text('Not yet: run three_clients.py.', '还没有：运行 three_clients.py。')
    },
    {
      id: 'queued',
      task: text('The second client waits in the queue.', '第二个客户端在队列中等待。'),
      check: { kind: 'connected', role: 'server', waiting: true },
      done: text('The second client\u2019s handshake is done, but it waits for accept(): it fills the backlog of 1.', '第二个客户端握手已完成，但在等 accept()：它占满了 backlog 1 的队列。'),
      hint: text('Not yet: the second client must connect while the first is being served.', '还没有：第二个客户端要在第一个被服务期间连接。')
    },
    {
      id: 'refused',
      task: text('The third client finds the queue full.', '第三个客户端发现队列已满。'),
      check: { kind: 'any', checks: [{ kind: 'error', role: 'server', codes: ['EBACKLOG'] }, { kind: 'closed', role: 'server', reasons: ['reset'] }] },
      done: text('Refused with a reset: the queue had no room. Raise the backlog and it would wait too.', '被重置拒绝：队列没有空位了。把 backlog 调大，它也能排队等待。'),
      hint: text('Not yet: a third client must connect while the first is served and the second waits.', '还没有：要在第一个被服务、第二个等待时，再连第三个。')
    },
    {
      id: 'second-served',
      task: text('The first leaves, and the second is served.', '第一个离开后，第二个得到服务。'),
      check: { kind: 'waited', role: 'server' },
      done: text('The waiting client was taken from the queue: accept() returned it.', '等待的客户端从队列中被取出：accept() 返回了它。'),
      hint: text('Not yet: close the first client.', '还没有：关闭第一个客户端。')
    }
  ]
}
