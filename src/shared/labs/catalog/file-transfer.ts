// Lab 11: upload and download with a JSON header (seeds 001 and 004).
import type { Lab } from '../types'
import { text } from '../text'

export const fileTransfer: Lab = {
  id: 'file-transfer',
  order: 11,
  title: text('File upload and download with a JSON header', '用 JSON 报头上传和下载文件'),
  summary: text('A header says the file\u2019s name and size; the body follows; both sides check the sha256.', '报头写明文件名和大小，后面跟着文件内容；两端用 sha256 核对。'),
  guide: text(
    [
      'A length alone says nothing about what follows. The lesson\u2019s richer header is a JSON object, {"file_name": ..., "file_size": ...}, sent as struct.pack(\'i\', len(header)), then the header, then file_size bytes.',
      'Socket Lab\u2019s file server stores what is uploaded and serves it back on {"cmd": "download", "file_name": ...}. It reports each upload with its size and sha256, so you can check that every byte arrived.',
      'The program uploads 1.mp4 (200000 made-up bytes), downloads it again, and compares the digests. A large file takes many reads: the receiver loops until it has file_size bytes, never trusting one recv to bring them all.'
    ].join('\n\n'),
    [
      '只有长度的话，接收方并不知道后面是什么。课上更丰富的报头是一个 JSON 对象 {"file_name": ..., "file_size": ...}：先发 struct.pack(\'i\', len(header))，再发报头，再发 file_size 个字节。',
      'Socket Lab 的文件服务端保存上传的文件，收到 {"cmd": "download", "file_name": ...} 时再发回去。每次上传它都报告大小和 sha256，你可以核对每个字节是否都到了。',
      '程序上传 1.mp4（200000 个编造的字节），再下载回来，比较两个摘要。大文件需要读很多次：接收方要循环读到 file_size 个字节为止，不能指望一次 recv 就拿全。'
    ].join('\n\n')
  ),
  endpoints: [
    {
      role: 'server',
      title: text('file server: JSON header + body', '文件服务端：JSON 报头 + 内容'),
      config: { kind: 'tcp-server', name: 'file server', host: '127.0.0.1', port: 0, responder: { kind: 'file-server' } },
      start: 'auto'
    }
  ],
  programs: [
    {
      fileName: 'file_client.py',
      title: text('Upload, then download', '先上传，再下载'),
      target: 'server',
      template: `import hashlib
import json
import socket
import struct

FILE_NAME = '1.mp4'
data = bytes(i * 7 % 256 for i in range(200000))    # stands in for the video file
print('sending', len(data), 'bytes, sha256', hashlib.sha256(data).hexdigest())

client = socket.socket()
client.connect(('{host}', {port}))


def send_message(header, body=b''):
    header_bytes = json.dumps(header).encode('utf-8')
    client.sendall(struct.pack('i', len(header_bytes)) + header_bytes + body)


def recv_exactly(n):
    got = b''
    while len(got) < n:
        chunk = client.recv(min(n - len(got), 65536))
        if not chunk:
            raise ConnectionError('the server closed early')
        got += chunk
    return got


send_message({'file_name': FILE_NAME, 'file_size': len(data)}, data)          # upload
send_message({'cmd': 'download', 'file_name': FILE_NAME})                      # download

header_len = struct.unpack('i', recv_exactly(4))[0]
header = json.loads(recv_exactly(header_len).decode('utf-8'))
print('header:', header)
body = recv_exactly(header['file_size'])
print('received', len(body), 'bytes, sha256', hashlib.sha256(body).hexdigest())
print('same file' if body == data else 'DIFFERENT')
client.close()
`
    }
  ],
  steps: [
    {
      id: 'upload',
      task: text('Upload a file.', '上传一个文件。'),
      check: { kind: 'note', role: 'server', note: 'upload' },
      done: text('The whole file arrived: the server read exactly file_size bytes after the header and stored them (see the size and sha256 it reports).', '整个文件到达：服务端在报头后正好读了 file_size 个字节并保存（看它报告的大小和 sha256）。'),
      hint: text('Not yet: run file_client.py; if the upload is reported incomplete, the header\u2019s file_size and the bytes sent disagree.', '还没有：运行 file_client.py；如果报告上传不完整，说明报头里的 file_size 与实际发送的字节数不一致。')
    },
    {
      id: 'download',
      task: text('Download it again.', '再把它下载回来。'),
      check: { kind: 'note', role: 'server', note: 'download', fields: { found: true } },
      done: text('The server sent a header, then the file: the client compares the sha256 with the one it sent.', '服务端先发报头，再发文件内容：客户端把 sha256 和自己发送时的比较。'),
      hint: text('Not yet: ask for {"cmd": "download", "file_name": "1.mp4"}; the name must be one uploaded before.', '还没有：发送 {"cmd": "download", "file_name": "1.mp4"}；文件名必须是之前上传过的。')
    },
    {
      id: 'closed',
      task: text('The client closes.', '客户端关闭。'),
      check: { kind: 'peer-ended', role: 'server' },
      done: text('Done: a file went up and came back byte for byte.', '完成：文件上传又下载，一个字节都不差。'),
      hint: text('Not yet: let the program finish.', '还没有：让程序运行结束。')
    }
  ]
}
