// Lab 1: the first TCP exchange of the lessons (seed 000, tcp_server.py / tcp_client.py).
import type { Lab } from '../types'
import { text } from '../text'

export const tcpHello: Lab = {
  id: 'tcp-hello',
  order: 1,
  title: text('TCP hello: connect, send, receive, close', 'TCP 初体验：连接、发送、接收、关闭'),
  summary: text('The lesson\u2019s first client talks to a server that answers hi; an empty recv means the peer closed.', '课上第一个客户端连上一个回复 hi 的服务端；recv 收到空字节说明对方关闭了连接。'),
  guide: text(
    [
      'Socket Lab plays the lesson\u2019s tcp_server.py: it has done socket(), bind() and listen(), and waits in accept(). It answers every message with b\'hi\'.',
      'Run the client below. connect() makes the three-way handshake; send() hands bytes to the kernel; recv(1024) blocks until the answer arrives. Each send must meet a recv on the other side, or both sides wait.',
      'When the client calls close(), its kernel sends FIN. The server\u2019s next recv() returns b\'\' (an empty bytes object): that is how a program learns that the other side is done. On some systems an abrupt close shows up as a reset error instead.'
    ].join('\n\n'),
    [
      'Socket Lab 扮演课上的 tcp_server.py：已经 socket()、bind()、listen()，正阻塞在 accept() 等客户端。收到什么都回 b\'hi\'。',
      '运行下面的客户端。connect() 完成三次握手；send() 把字节交给操作系统；recv(1024) 阻塞，直到对方的回复到达。记住：一收一发要对应好，否则两边都会卡住等待。',
      '客户端调用 close() 时，操作系统发出 FIN。服务端下一次 recv() 返回 b\'\'（空字节）——程序就是这样知道对方已经关闭的。有的系统上，强制断开会表现为“连接被重置”的报错。'
    ].join('\n\n')
  ),
  endpoints: [
    {
      role: 'server',
      title: text('tcp_server.py: answers hi', 'tcp_server.py：回复 hi'),
      config: { kind: 'tcp-server', name: 'tcp_server.py', host: '127.0.0.1', port: 0, responder: { kind: 'fixed', reply: { format: 'text', text: 'hi' } } },
      start: 'auto'
    }
  ],
  programs: [
    {
      fileName: 'tcp_client.py',
      title: text('The lesson\u2019s client', '课上的客户端'),
      target: 'server',
      template: `import socket

sk = socket.socket()                # AF_INET + SOCK_STREAM: a TCP socket
sk.connect(('{host}', {port}))      # the three-way handshake happens here
sk.send(b'hello!')
ret = sk.recv(1024)                 # blocks until the server answers
print(ret)
sk.close()                          # sends FIN: the server's recv() now returns b''
`
    }
  ],
  steps: [
    {
      id: 'connect',
      task: text('Run tcp_client.py so that it connects.', '运行 tcp_client.py，让它连上服务端。'),
      check: { kind: 'connected', role: 'server' },
      done: text('A client connected: accept() returned a new socket for it, while the listening socket keeps waiting for others.', '有客户端连上了：accept() 为它返回了一个新的套接字，监听套接字继续等待别人。'),
      hint: text('Not yet: start the program with python3 tcp_client.py, with the port shown above.', '还没有：用 python3 tcp_client.py 运行程序，端口要和上面显示的一致。')
    },
    {
      id: 'message',
      task: text('Its hello reaches the server.', '它发的 hello 到达服务端。'),
      check: { kind: 'data', role: 'server', dir: 'in', contains: 'hello' },
      done: text('The server\u2019s recv(1024) got the client\u2019s bytes.', '服务端的 recv(1024) 收到了客户端发来的字节。'),
      hint: text('Not yet: the client must call send() after connect().', '还没有：客户端要在 connect() 之后调用 send()。')
    },
    {
      id: 'answer',
      task: text('The server answers hi.', '服务端回复 hi。'),
      check: { kind: 'data', role: 'server', dir: 'out', text: 'hi' },
      done: text('The server sent b\'hi\'; the client\u2019s recv() returns it.', '服务端发出了 b\'hi\'，客户端的 recv() 拿到了它。'),
      hint: text('Not yet: the answer follows a message; send one first.', '还没有：要先收到消息才会回复，先发一条。')
    },
    {
      id: 'fin',
      task: text('The client closes; the server sees its FIN.', '客户端关闭，服务端看到 FIN。'),
      check: { kind: 'peer-ended', role: 'server' },
      done: text('FIN received: the server\u2019s recv() returned b\'\', so it closes its side too.', '收到 FIN：服务端的 recv() 返回了 b\'\'，于是它也关闭自己这一端。'),
      hint: text('Not yet: the client must call sk.close() (or end) for the server to read b\'\'.', '还没有：客户端要调用 sk.close()（或程序结束），服务端才会读到 b\'\'。')
    }
  ]
}
