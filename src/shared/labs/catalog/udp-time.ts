// Lab 8: the UDP time server of seed 000, which formats the time with the strftime format it gets.
import type { Lab } from '../types'
import { text } from '../text'

export const udpTime: Lab = {
  id: 'udp-time',
  order: 8,
  title: text('A UDP time server', 'UDP 时间服务器'),
  summary: text('Send a strftime format, get the current time in it; an empty datagram gets %Y-%m-%d %X.', '发一个 strftime 格式，收到按这个格式写的当前时间；空数据报得到 %Y-%m-%d %X。'),
  guide: text(
    [
      'Your computer sets its clock from a time server, and that is done over UDP. The lesson builds a small one: for each datagram, it takes the text as a strftime format (time.strftime(fmt, time.localtime())) and sends the result back to the sender\u2019s address. An empty datagram means the default, %Y-%m-%d %X.',
      'Socket Lab runs that server. The client below sends the formats you type; try %Y %m %d, %H:%M:%S, or just press Enter for the default. q ends it.',
      'Exercise from the lesson: write the client yourself before you look at this one.'
    ].join('\n\n'),
    [
      '电脑的时间要和时间服务器同步，用的就是 UDP。课上写了一个简单的：每收到一个数据报，就把内容当作 strftime 格式（time.strftime(fmt, time.localtime())），把结果发回发送方地址。空数据报表示使用默认格式 %Y-%m-%d %X。',
      'Socket Lab 运行这个服务端。下面的客户端把你输入的格式发过去；试试 %Y %m %d、%H:%M:%S，或者直接回车用默认格式。输入 q 结束。',
      '课上的练习：先自己写客户端，再来对照这个。'
    ].join('\n\n')
  ),
  endpoints: [
    {
      role: 'server',
      title: text('time server: strftime of what it gets', '时间服务器：按收到的格式 strftime'),
      config: { kind: 'udp', name: 'time server', host: '127.0.0.1', port: 0, responder: { kind: 'time' } },
      start: 'auto'
    }
  ],
  programs: [
    {
      fileName: 'time_client.py',
      title: text('The time client', '时间客户端'),
      target: 'server',
      input: ['%Y %m %d', '', '%H:%M:%S', 'q'],
      template: `from socket import *

ip_port = ('{host}', {port})
bufsize = 1024
udp_client = socket(AF_INET, SOCK_DGRAM)
while True:
    msg = input('time format (e.g. %Y %m %d, empty for the default, q to quit)>>: ').strip()
    if msg == 'q':
        break
    udp_client.sendto(msg.encode('utf-8'), ip_port)
    data = udp_client.recv(bufsize)
    print('now:', str(data, encoding='utf-8'))
udp_client.close()
`
    }
  ],
  steps: [
    {
      id: 'format',
      task: text('Send a format such as %Y %m %d.', '发送一个格式，比如 %Y %m %d。'),
      check: { kind: 'sequence', checks: [{ kind: 'data', role: 'server', dir: 'in', contains: '%' }, { kind: 'data', role: 'server', dir: 'out' }] },
      done: text('The server formatted its local time with your format and sent it back to your address.', '服务端用你的格式格式化了本地时间，并发回了你的地址。'),
      hint: text('Not yet: run time_client.py and type a format with % codes.', '还没有：运行 time_client.py，输入带 % 的格式。')
    },
    {
      id: 'default',
      task: text('Send an empty datagram.', '发送一个空数据报。'),
      check: {
        kind: 'sequence',
        checks: [
          { kind: 'data', role: 'server', dir: 'in', maxLength: 0 },
          { kind: 'data', role: 'server', dir: 'out', pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$' }
        ]
      },
      done: text('An empty datagram is still a datagram: it arrived, and got the default %Y-%m-%d %X.', '空数据报也是数据报：它到达了，并得到默认格式 %Y-%m-%d %X 的时间。'),
      hint: text('Not yet: press Enter without typing: UDP can send zero bytes, TCP cannot.', '还没有：什么都不输入直接回车：UDP 可以发送零字节，TCP 不行。')
    },
    {
      id: 'three',
      task: text('Ask three times.', '问三次时间。'),
      check: { kind: 'data', role: 'server', dir: 'out', count: 3 },
      done: text('Three questions, three answers, no connection: the server needs nothing but the address in each datagram.', '三问三答，没有连接：服务端只需要每个数据报里的地址。'),
      hint: text('Not yet: try another format, such as %H:%M:%S.', '还没有：再试一个格式，比如 %H:%M:%S。')
    }
  ]
}
