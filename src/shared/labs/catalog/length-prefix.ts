// Lab 10: framing with a length header, struct.pack('i', n) (seeds 001 and 003).
import type { Lab } from '../types'
import { text } from '../text'

export const lengthPrefix: Lab = {
  id: 'length-prefix',
  order: 10,
  title: text('A length header: struct.pack(\'i\', n)', '长度报头：struct.pack(\'i\', n)'),
  summary: text('Send the length first, in a fixed 4 bytes; the receiver reads exactly that many bytes after it.', '先发长度，固定 4 个字节；接收方按这个长度把数据读完整。'),
  guide: text(
    [
      'Sticky packets come from the receiver not knowing how long a message is. The fix: put the length in front. struct.pack(\'i\', len(data)) always gives 4 bytes; the receiver reads exactly 4, unpacks n, then reads until it has n bytes.',
      'The \'i\' code uses the machine\u2019s byte order, little-endian on x86 and ARM. \'!I\' (or \'>I\') is network order, big-endian, the same on every machine: prefer it between different machines. Both sides must agree.',
      'Socket Lab\u2019s server decodes struct:i frames and echoes each one with the same header. The program sends three messages in one go (they stick together on the wire) and still gets three answers apart.'
    ].join('\n\n'),
    [
      '粘包的根源是接收方不知道一条消息有多长。解决办法：把长度放在前面。struct.pack(\'i\', len(data)) 总是得到 4 个字节；接收方先读 4 个字节，解出 n，再一直读到够 n 个字节为止。',
      '\'i\' 使用本机字节序，x86 和 ARM 上是小端。\'!I\'（或 \'>I\'）是网络字节序，即大端，在任何机器上都一样：不同机器之间通信时优先用它。两端必须一致。',
      'Socket Lab 的服务端按 struct:i 解帧，并给每一帧加上同样的报头回显。程序一口气发三条消息（在线路上是粘在一起的），依然能分开收到三个回复。'
    ].join('\n\n')
  ),
  endpoints: [
    {
      role: 'server',
      title: text('server: struct:i frames, echoed', '服务端：struct:i 帧，原样回显'),
      config: { kind: 'tcp-server', name: "struct.pack('i')", host: '127.0.0.1', port: 0, framing: 'struct:i', responder: { kind: 'echo' } },
      start: 'auto'
    }
  ],
  programs: [
    {
      fileName: 'struct_client.py',
      title: text('Length-prefixed messages', '带长度报头的消息'),
      target: 'server',
      template: `import socket
import struct

client = socket.socket()
client.connect(('{host}', {port}))


def recv_exactly(sock, n):
    data = b''
    while len(data) < n:                  # recv may return less than asked: loop
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError('the server closed in the middle of a message')
        data += chunk
    return data


messages = [b'Hello world!', b'afdkjhfdafklajflkhaslfjahfjkahflksafjl', 'length first, then data'.encode('utf-8')]
# All three in one sendall: they stick together on the wire, and the headers still separate them.
client.sendall(b''.join(struct.pack('i', len(m)) + m for m in messages))

for _ in messages:
    header = recv_exactly(client, 4)      # always 4 bytes
    n = struct.unpack('i', header)[0]
    print(n, recv_exactly(client, n))
client.close()
`
    }
  ],
  steps: [
    {
      id: 'frame',
      task: text('Send a length-prefixed message.', '发送一条带长度报头的消息。'),
      check: { kind: 'frame', role: 'server', dir: 'in' },
      done: text('The server read 4 bytes, unpacked the length, and took exactly that many bytes as one message.', '服务端读了 4 个字节，解出长度，再正好取这么多字节作为一条消息。'),
      hint: text('Not yet: run struct_client.py.', '还没有：运行 struct_client.py。')
    },
    {
      id: 'three',
      task: text('Three messages sent in one go come out as three.', '一次发出的三条消息被分成三条。'),
      check: { kind: 'frame', role: 'server', dir: 'in', count: 3 },
      done: text('Three frames from bytes that arrived stuck together: the headers tell where each one ends.', '粘在一起到达的字节被分成了三帧：报头说明了每条在哪里结束。'),
      hint: text('Not yet: all three messages must reach the server.', '还没有：三条消息都要到达服务端。')
    },
    {
      id: 'answers',
      task: text('Each comes back with its own header.', '每条都带着自己的报头回来。'),
      check: { kind: 'bytes', role: 'server', dir: 'out', bytes: 12 + 38 + 23 + 12 },
      done: text('Echoed frame by frame, 4 header bytes each: the client reads them apart the same way.', '逐帧回显，每帧 4 字节报头：客户端用同样的方法把它们分开。'),
      hint: text('Not yet: wait for the echoes, or check that both sides use the same struct code.', '还没有：等待回显，或者检查两端用的 struct 格式是否一致。')
    },
    {
      id: 'closed',
      task: text('The client closes.', '客户端关闭。'),
      check: { kind: 'peer-ended', role: 'server' },
      done: text('Done: no frame was left half read.', '完成：没有读了一半的帧。'),
      hint: text('Not yet: let the program finish.', '还没有：让程序运行结束。')
    }
  ]
}
