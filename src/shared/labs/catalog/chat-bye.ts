// Lab 3: the chat of seed 000, where either side types and bye ends it.
import type { Lab } from '../types'
import { text } from '../text'

export const chatBye: Lab = {
  id: 'chat-bye',
  order: 3,
  title: text('Chat with bye', '聊天：说 bye 结束'),
  summary: text('A TCP chat: each side types in turn, and whoever says bye ends it.', 'TCP 聊天：双方轮流输入，谁说 bye 谁就结束对话。'),
  guide: text(
    [
      'The lesson\u2019s chat server sits in input() between its recv() and its send(). Socket Lab\u2019s chat server does the same: it answers each message with the next line you type for it (in the window\u2019s chat box); two lines are ready so the first rounds go by themselves.',
      'The client below is the lesson\u2019s: it reads a line, sends it, and waits for the answer. Either side typing bye ends the conversation: the client breaks out of its loop, the server closes the connection.',
      'While the server waits for you to type, it does not read: what the client sends meanwhile stays in the kernel, unread.'
    ].join('\n\n'),
    [
      '课上的聊天服务端在 recv() 和 send() 之间卡在 input() 上。Socket Lab 的聊天服务端也一样：每收到一条消息，就用你为它输入的下一行来回复（在窗口的聊天框里输入）；预先准备了两行，前两轮会自动进行。',
      '下面是课上的客户端：读一行、发出去、等回复。任何一方输入 bye，对话就结束：客户端跳出循环，服务端关闭连接。',
      '服务端等你输入时不会读数据：这期间客户端发来的内容留在操作系统的缓冲区里，没人读。'
    ].join('\n\n')
  ),
  endpoints: [
    {
      role: 'server',
      title: text('chat server: answers with your lines; bye ends it', '聊天服务端：用你输入的行回复，bye 结束'),
      config: { kind: 'tcp-server', name: 'chat server', host: '127.0.0.1', port: 0, responder: { kind: 'chat', byeWord: 'bye', script: ['hello, this is the server', 'nice to meet you'] } },
      start: 'auto'
    }
  ],
  programs: [
    {
      fileName: 'chat_client.py',
      title: text('The lesson\u2019s chat client', '课上的聊天客户端'),
      target: 'server',
      input: ['hi', 'how are you?', 'bye'],
      template: `import socket

sk = socket.socket()
sk.connect(('{host}', {port}))
while True:
    msg = input('client>>> ')             # blocks until you type a line
    sk.send(msg.encode('utf-8'))
    if msg == 'bye':
        break
    ret = sk.recv(1024).decode('utf-8')
    print(ret)
    if ret == 'bye':
        break
sk.close()
`
    }
  ],
  steps: [
    {
      id: 'talk',
      task: text('Type a line in the client and read the server\u2019s answer.', '在客户端输入一行，读到服务端的回复。'),
      check: { kind: 'data', role: 'server', dir: 'out' },
      done: text('One round: your line went in, the server\u2019s line came back.', '完成一轮：你的话发过去了，服务端的话回来了。'),
      hint: text('Not yet: run chat_client.py and type something after client>>>.', '还没有：运行 chat_client.py，在 client>>> 后面输入内容。')
    },
    {
      id: 'rounds',
      task: text('Keep talking: two rounds at least.', '继续聊：至少两轮。'),
      check: { kind: 'data', role: 'server', dir: 'out', count: 2 },
      done: text('Each send met a recv on the other side, turn by turn.', '每次 send 都对上了对方的一次 recv，轮流进行。'),
      hint: text('Not yet: type another line; after the scripted lines, type the server\u2019s answers in the window.', '还没有：再输入一行；预置的两行用完后，要在窗口里替服务端输入回复。')
    },
    {
      id: 'bye',
      task: text('Say bye, from either side.', '任意一方说 bye。'),
      check: {
        kind: 'any',
        checks: [
          { kind: 'note', role: 'server', note: 'bye' },
          { kind: 'data', role: 'server', dir: 'in', text: 'bye' },
          { kind: 'data', role: 'server', dir: 'out', text: 'bye' }
        ]
      },
      done: text('bye was said: the conversation is over by agreement, not by an error.', '有人说了 bye：对话按约定结束，而不是出错中断。'),
      hint: text('Not yet: type bye in the client (or as the server\u2019s answer).', '还没有：在客户端输入 bye（或者替服务端回复 bye）。')
    },
    {
      id: 'closed',
      task: text('The connection closes.', '连接关闭。'),
      check: { kind: 'closed', role: 'server' },
      done: text('Closed: FIN went both ways after bye.', '已关闭：说完 bye 后双方都发了 FIN。'),
      hint: text('Not yet: after bye the client calls sk.close(); wait a moment.', '还没有：说完 bye 后客户端会调用 sk.close()，稍等一下。')
    }
  ]
}
