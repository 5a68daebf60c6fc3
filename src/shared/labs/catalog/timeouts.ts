// Lab 13: settimeout on connect and recv (seed 002).
import type { Lab } from '../types'
import { text } from '../text'

export const timeouts: Lab = {
  id: 'timeouts',
  order: 13,
  title: text('Timeouts on connect and recv', '连接与接收超时'),
  summary: text('settimeout makes a blocking call give up: recv on a silent server, connect to a full one.', 'settimeout 让阻塞调用按时放弃：对沉默的服务端 recv，对满载的服务端 connect。'),
  guide: text(
    [
      'recv() and connect() block, by default for ever. sk.settimeout(2) makes every blocking call on that socket give up after 2 seconds with socket.timeout (TimeoutError). Set it right after creating the socket, so it covers connect too.',
      'Socket Lab\u2019s server here accepts and reads but never answers. The program sends a question and waits 2 seconds in recv(): it times out, and closes.',
      'A connect times out when the other side never completes the handshake: the program then fills a listener of its own whose queue is full (listen(0), never accepting). Point Socket Lab\u2019s client at the port it prints, with a connect timeout of 2000 ms, and start it.'
    ].join('\n\n'),
    [
      'recv() 和 connect() 都会阻塞，默认一直等下去。sk.settimeout(2) 让这个套接字上的所有阻塞调用在 2 秒后放弃，抛出 socket.timeout（TimeoutError）。最好创建套接字后马上设置，这样 connect 也受它约束。',
      '这里 Socket Lab 的服务端会 accept、会读数据，但从不回复。程序发出一个问题，在 recv() 里等 2 秒：超时，然后关闭。',
      '当对方始终不完成握手时，connect 就会超时：程序接着自己开一个队列已满的监听套接字（listen(0)，从不 accept）。把 Socket Lab 的客户端指向它打印的端口，连接超时设为 2000 毫秒，再启动客户端。'
    ].join('\n\n')
  ),
  endpoints: [
    {
      role: 'server',
      title: text('silent server: reads, never answers', '沉默的服务端：只读不回'),
      config: { kind: 'tcp-server', name: 'silent', host: '127.0.0.1', port: 0 },
      start: 'auto'
    },
    {
      role: 'client',
      title: text('client with a 2 s connect timeout', '连接超时 2 秒的客户端'),
      config: { kind: 'tcp-client', name: 'connect timeout', host: '127.0.0.1', port: 1, connectTimeoutMs: 2000 },
      connectsTo: 'server',
      start: 'manual'
    }
  ],
  programs: [
    {
      fileName: 'timeout_client.py',
      title: text('recv with a timeout, then a full listener', '带超时的 recv，然后一个满载的监听者'),
      target: 'server',
      template: `import socket
import time

sk = socket.socket()
sk.settimeout(2)                       # every blocking call on sk gives up after 2 s
sk.connect(('{host}', {port}))
sk.send(b'are you there?')
try:
    print(sk.recv(1024))
except socket.timeout:
    print('recv timed out: the server never answered')
sk.close()

# A listener whose queue is full: further connects hang, and time out.
full = socket.socket()
full.bind(('{host}', 0))
full.listen(0)                         # never accept()
fillers = []
for _ in range(4):
    f = socket.socket()
    f.setblocking(False)
    f.connect_ex(full.getsockname())
    fillers.append(f)
print('a full listener waits on port', full.getsockname()[1], 'for 30 s: connect to it')
time.sleep(30)
`
    }
  ],
  steps: [
    {
      id: 'asked',
      task: text('Run timeout_client.py: it connects and asks.', '运行 timeout_client.py：它连上并发出问题。'),
      check: { kind: 'data', role: 'server', dir: 'in' },
      done: text('The question arrived. The server will not answer: the client\u2019s recv() is waiting, for 2 seconds at most.', '问题到了。服务端不会回答：客户端的 recv() 在等待，最多 2 秒。'),
      hint: text('Not yet: run the program with the port shown.', '还没有：用上面显示的端口运行程序。')
    },
    {
      id: 'gave-up',
      task: text('The client gives up and closes.', '客户端放弃并关闭。'),
      check: { kind: 'sequence', checks: [{ kind: 'data', role: 'server', dir: 'in' }, { kind: 'peer-ended', role: 'server' }] },
      done: text('No answer in 2 seconds: recv() raised socket.timeout, and the client closed. Without settimeout it would still be waiting.', '2 秒内没有回答：recv() 抛出 socket.timeout，客户端关闭了。没有 settimeout 的话它还会一直等下去。'),
      hint: text('Not yet: wait 2 seconds for the timeout.', '还没有：等 2 秒超时。')
    },
    {
      id: 'connect-timeout',
      task: text('Connect Socket Lab\u2019s client to the full listener\u2019s port.', '把 Socket Lab 的客户端连到满载监听者的端口。'),
      check: { kind: 'error', role: 'client', codes: ['ETIMEDOUT'] },
      done: text('The handshake never completed, and the connect gave up after 2000 ms: ETIMEDOUT.', '握手始终没有完成，连接在 2000 毫秒后放弃：ETIMEDOUT。'),
      hint: text('Not yet: set the client\u2019s port to the one the program printed, keep the 2000 ms connect timeout, and start it.', '还没有：把客户端的端口改成程序打印的端口，保持 2000 毫秒的连接超时，然后启动。')
    }
  ]
}
