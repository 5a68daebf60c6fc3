// Lab 7: UDP, recvfrom and sendto, and the QQ-like chat of seed 000.
import type { Lab } from '../types'
import { text } from '../text'

export const udpChat: Lab = {
  id: 'udp-chat',
  order: 7,
  title: text('UDP: recvfrom, sendto and a QQ-style chat', 'UDP：recvfrom、sendto 与仿 QQ 聊天'),
  summary: text('No connection: each datagram carries its sender\u2019s address, and the reply goes back to it.', '没有连接：每个数据报都带着发送方地址，回复就发回这个地址。'),
  guide: text(
    [
      'A UDP socket is bound, but it never listens or accepts. recvfrom(1024) returns two things: the datagram and the address it came from, (ip, port). To answer, the server calls sendto(data, addr) with that address: there is no connection to carry it.',
      'Socket Lab is the QQ server: each datagram shows who sent it. Answer in the window: the composer sends to the last sender by default.',
      'Run the client: pick a name (they all lead to this server, as in the lesson), type messages; q leaves that chat, an empty name ends the program. Either side may start first: nothing is set up before the first datagram. Each datagram arrives whole or not at all, and a recv buffer smaller than the datagram cuts it (Windows raises WinError 10040).'
    ].join('\n\n'),
    [
      'UDP 套接字要 bind，但从不 listen 也不 accept。recvfrom(1024) 返回两样东西：数据和发送方地址 (ip, port)。要回复时，服务端用 sendto(data, addr) 把数据发回这个地址——因为没有连接帮它记住对方。',
      'Socket Lab 当 QQ 服务端：每个数据报都显示是谁发来的。在窗口里回复：发送框默认发给最后一个发送方。',
      '运行客户端：选一个名字（和课上一样，它们都指向这个服务端），输入消息；输入 q 结束和他的聊天，名字留空结束程序。哪一方先启动都可以：第一个数据报之前不需要建立任何东西。每个数据报要么完整到达，要么完全丢失；接收缓冲区比数据报小时会被截断（Windows 上报 WinError 10040）。'
    ].join('\n\n')
  ),
  endpoints: [
    {
      role: 'server',
      title: text('QQ server: UDP, answer by hand', 'QQ 服务端：UDP，手动回复'),
      config: { kind: 'udp', name: 'qq server', host: '127.0.0.1', port: 0 },
      start: 'auto'
    }
  ],
  programs: [
    {
      fileName: 'qq_client.py',
      title: text('The lesson\u2019s QQ client', '课上的 QQ 客户端'),
      target: 'server',
      input: ['taibai', 'hello', 'how are you?', 'q', 'Jack', 'hi from Jack', 'q', ''],
      template: `import socket

BUFSIZE = 1024
udp_client_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
qq_name_dic = {
    'taibai': ('{host}', {port}),
    'Jedan': ('{host}', {port}),
    'Jack': ('{host}', {port}),
}

while True:
    qq_name = input('Chat with (empty to quit): ').strip()
    if not qq_name:
        break
    while True:
        msg = input('Message (q ends this chat): ').strip()
        if msg == 'q':
            break
        if not msg or qq_name not in qq_name_dic:
            continue
        # No connection: every datagram says where it goes, and carries our address with it.
        udp_client_socket.sendto(msg.encode('utf-8'), qq_name_dic[qq_name])
        back_msg, addr = udp_client_socket.recvfrom(BUFSIZE)
        print('from [%s:%s]: %s' % (addr[0], addr[1], back_msg.decode('utf-8')))
udp_client_socket.close()
`
    }
  ],
  steps: [
    {
      id: 'recvfrom',
      task: text('Send a message from the client.', '从客户端发一条消息。'),
      check: { kind: 'data', role: 'server', dir: 'in' },
      done: text('A datagram arrived, and with it the sender\u2019s address: recvfrom() returns (data, addr).', '收到一个数据报，同时知道了发送方地址：recvfrom() 返回 (data, addr)。'),
      hint: text('Not yet: run qq_client.py, choose taibai, and type a message.', '还没有：运行 qq_client.py，选 taibai，再输入一条消息。')
    },
    {
      id: 'sendto',
      task: text('Answer it from Socket Lab.', '在 Socket Lab 里回复它。'),
      check: { kind: 'data', role: 'server', dir: 'out' },
      done: text('Your answer went back with sendto(data, addr), to the address the datagram came from; the client\u2019s recvfrom() returns it.', '你的回复用 sendto(data, addr) 发回了数据报的来源地址；客户端的 recvfrom() 收到了它。'),
      hint: text('Not yet: type an answer in the composer and send it to the last sender. The client waits in recvfrom() until you do.', '还没有：在发送框输入回复，发给最后一个发送方。在你回复之前，客户端一直阻塞在 recvfrom()。')
    },
    {
      id: 'more',
      task: text('Chat on: three messages at least.', '继续聊：至少三条消息。'),
      check: { kind: 'data', role: 'server', dir: 'in', count: 3 },
      done: text('Several datagrams, no connection: each one stood alone, addressed by itself.', '多个数据报，没有连接：每一个都独立存在，各自带着地址。'),
      hint: text('Not yet: send more messages (answer each one, or the client waits).', '还没有：多发几条（每条都要回复，否则客户端会一直等）。')
    }
  ]
}
