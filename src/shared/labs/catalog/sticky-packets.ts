// Lab 9: sticky packets (粘包) and split reads (seeds 001 and 003).
import type { Lab } from '../types'
import { text } from '../text'

export const stickyPackets: Lab = {
  id: 'sticky-packets',
  order: 9,
  title: text('Sticky packets and split reads', '粘包与拆包'),
  summary: text('TCP is a byte stream: three sends may arrive as one read, and one send as several.', 'TCP 是字节流：三次 send 可能一次就被读走，一次 send 也可能要读好几次。'),
  guide: text(
    [
      'The lesson\u2019s client sends aaa three times; the server\u2019s first recv(1024) prints b\'aaaaaaaaa\' and the next two b\'\'. TCP keeps no message boundaries: a read takes whatever bytes wait, up to its size.',
      'Two causes. The sender: small writes close together are sent together (Nagle\u2019s algorithm waits to fill a segment while data is unacknowledged). The receiver: it reads later than the data arrived, or reads less than what waits, and the rest comes with the next read.',
      'Socket Lab\u2019s server reads like recv(1024). Run the program: its three quick sends land in one read, and its one long send of 3000 bytes comes in pieces of at most 1024. Then use Socket Lab\u2019s own client (start it, send a short message several times quickly, with No delay off and then on) and watch which reads held several writes.'
    ].join('\n\n'),
    [
      '课上的客户端连续发了三次 aaa，服务端第一次 recv(1024) 打印出 b\'aaaaaaaaa\'，后两次是 b\'\'。TCP 不保留消息边界：一次读取拿走缓冲区里所有等待的字节，最多到指定大小。',
      '原因有两个。发送方：间隔很短的小数据会被合在一起发送（Nagle 算法在有未确认数据时会攒够一个报文段再发）。接收方：读得比数据到达晚，或者一次读得比等待的少，剩下的就和下一次读到的粘在一起。',
      'Socket Lab 的服务端像 recv(1024) 那样读。运行程序：三次快速 send 落在一次读取里，一次 3000 字节的长 send 被分成最多 1024 字节的几段。然后用 Socket Lab 自己的客户端（启动它，快速连续发几次短消息，先关闭再打开“无延迟”）看看哪些读取包含了多次写入。'
    ].join('\n\n')
  ),
  endpoints: [
    {
      role: 'server',
      title: text('server: recv(1024)', '服务端：recv(1024)'),
      config: { kind: 'tcp-server', name: 'recv(1024)', host: '127.0.0.1', port: 0, recvSize: 1024 },
      start: 'auto'
    },
    {
      role: 'client',
      title: text('client: small writes, Nagle on', '客户端：小块写入，Nagle 开启'),
      config: { kind: 'tcp-client', name: 'small writes', host: '127.0.0.1', port: 1, noDelay: false },
      connectsTo: 'server',
      start: 'manual'
    }
  ],
  programs: [
    {
      fileName: 'sticky_client.py',
      title: text('Three quick sends, then one long one', '三次快速 send，再来一次长的'),
      target: 'server',
      template: `import socket
import time

client = socket.socket()
client.connect(('{host}', {port}))

# Three small sends, close together: the server reads them as one.
client.send(b'aaa')
client.send(b'aaa')
client.send(b'aaa')

time.sleep(0.5)
# One long send (a long command output, say): the server's recv(1024) takes it in pieces.
client.sendall(b'x' * 3000)
client.close()
`
    }
  ],
  steps: [
    {
      id: 'sticky',
      task: text('Run sticky_client.py: three sends of aaa.', '运行 sticky_client.py：发三次 aaa。'),
      check: { kind: 'read-held', role: 'server', count: 2, messageLength: 3 },
      done: text('One read held more than one aaa: the messages stuck together. The server cannot tell where one ended.', '一次读取包含了不止一个 aaa：消息粘在了一起，服务端分不清一条在哪里结束。'),
      hint: text('Not yet: the three sends must follow each other at once; run the program again (each run may cut differently).', '还没有：三次 send 要紧挨着发；再运行一次程序（每次的切分可能都不同）。')
    },
    {
      id: 'split',
      task: text('The long send arrives.', '长数据到达。'),
      check: { kind: 'data', role: 'server', dir: 'in', minLength: 1024, count: 2 },
      done: text('One send, several reads of 1024 bytes: recv(1024) takes at most 1024, the rest waits for the next recv.', '一次 send，多次 1024 字节的读取：recv(1024) 最多拿 1024 字节，其余的等下一次 recv。'),
      hint: text('Not yet: let the program reach its sendall of 3000 bytes.', '还没有：让程序执行到 3000 字节的 sendall。')
    },
    {
      id: 'nagle',
      task: text('From Socket Lab\u2019s client, send a short message several times quickly.', '用 Socket Lab 的客户端，快速连续发几次短消息。'),
      check: { kind: 'read-held', role: 'server', from: 'client', count: 2, messageLength: 1 },
      done: text('A read held several of the client\u2019s writes: both ends are in Socket Lab, so it can tell you exactly which. Turn No delay on (TCP_NODELAY) and compare.', '一次读取包含了客户端的多次写入：两端都在 Socket Lab 里，所以它能准确指出是哪几次。打开“无延迟”（TCP_NODELAY）再比较一下。'),
      hint: text('Not yet: start the client, then send with a repeat count (or click send fast) so the writes follow each other closely.', '还没有：启动客户端，然后用重复发送（或快速点击发送），让写入一个紧接一个。')
    }
  ]
}
