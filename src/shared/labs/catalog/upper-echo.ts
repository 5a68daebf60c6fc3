// Lab 2: the server that answers data.upper() (seed 003), with a client in a communication loop.
import type { Lab } from '../types'
import { text } from '../text'

export const upperEcho: Lab = {
  id: 'upper-echo',
  order: 2,
  title: text('Echo in upper case: a communication loop', '大写回显：通信循环'),
  summary: text('A server that sends back data.upper(); the client sends and receives in a loop.', '服务端把收到的数据 data.upper() 后发回；客户端循环收发。'),
  guide: text(
    [
      'Socket Lab runs the lesson\u2019s server: while True: data = conn.recv(1024); conn.send(data.upper()).',
      'The client below sends three messages, one at a time, and waits for each answer before sending the next: a communication loop. Watch each message come in and its upper-case copy go out.',
      'bytes.upper() changes ASCII letters only: the Chinese text comes back as it went. The server works on bytes, not on characters.'
    ].join('\n\n'),
    [
      'Socket Lab 运行课上的服务端：while True: data = conn.recv(1024); conn.send(data.upper())。',
      '下面的客户端依次发三条消息，每发一条都等回复再发下一条，这就是“通信循环”。观察每条消息进来、大写后的副本出去。',
      'bytes.upper() 只改 ASCII 字母，中文原样返回——服务端处理的是字节，不是字符。'
    ].join('\n\n')
  ),
  endpoints: [
    {
      role: 'server',
      title: text('upper server: conn.send(data.upper())', '大写服务端：conn.send(data.upper())'),
      config: { kind: 'tcp-server', name: 'upper server', host: '127.0.0.1', port: 0, responder: { kind: 'upper' } },
      start: 'auto'
    }
  ],
  programs: [
    {
      fileName: 'upper_client.py',
      title: text('A client with a communication loop', '带通信循环的客户端'),
      target: 'server',
      template: `import socket

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect(('{host}', {port}))
for msg in ['hello', 'socket lab', '你好, server']:
    client.send(msg.encode('utf-8'))      # python3 sends bytes, not str
    data = client.recv(1024)              # wait for this answer before the next send
    print('recv:', data.decode('utf-8'))
client.close()
`
    }
  ],
  steps: [
    {
      id: 'first',
      task: text('Send a message and get it back in upper case.', '发一条消息，收到它的大写形式。'),
      check: { kind: 'data', role: 'server', dir: 'out', contains: 'HELLO' },
      done: text('hello came back as HELLO: the server answered with data.upper().', 'hello 变成 HELLO 回来了：服务端回的是 data.upper()。'),
      hint: text('Not yet: run upper_client.py, or send hello from any client.', '还没有：运行 upper_client.py，或者从任意客户端发 hello。')
    },
    {
      id: 'loop',
      task: text('Three messages, three answers.', '三条消息，三个回复。'),
      check: { kind: 'data', role: 'server', dir: 'out', count: 3 },
      done: text('Three rounds of send and recv over one connection: the communication loop.', '同一个连接上进行了三轮收发：这就是通信循环。'),
      hint: text('Not yet: the loop sends the next message only after it received the answer to the last.', '还没有：循环要收到上一条的回复后才发下一条。')
    },
    {
      id: 'bytes',
      task: text('See that only ASCII letters change.', '看到只有 ASCII 字母会变。'),
      check: { kind: 'data', role: 'server', dir: 'out', contains: '你好' },
      done: text('你好 came back unchanged: upper() works on bytes, and only a-z have upper-case forms there.', '你好原样回来了：upper() 作用在字节上，只有 a-z 有大写形式。'),
      hint: text('Not yet: send some Chinese text, encoded as UTF-8.', '还没有：发一段中文（UTF-8 编码）。')
    },
    {
      id: 'closed',
      task: text('The client closes; the server\u2019s loop ends on b\'\'.', '客户端关闭，服务端的循环在收到 b\'\' 时结束。'),
      check: { kind: 'peer-ended', role: 'server' },
      done: text('The server read b\'\' and left its loop, as `if not data: break` does.', '服务端读到 b\'\'，跳出了循环，就像 `if not data: break`。'),
      hint: text('Not yet: let the client reach client.close().', '还没有：让客户端执行到 client.close()。')
    }
  ]
}
