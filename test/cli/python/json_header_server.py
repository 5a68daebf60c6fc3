# The lessons' file upload: struct.pack('i', len(header)), a JSON header with file_size, then the
# body. Prints the sha256 of what it received and the file name the header gave.
import hashlib
import json
import socket
import struct

def recv_exactly(conn, n):
    parts = []
    while n > 0:
        chunk = conn.recv(min(n, 65536))
        if not chunk:
            raise EOFError('peer closed early')
        parts.append(chunk)
        n -= len(chunk)
    return b''.join(parts)

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(('127.0.0.1', 0))
server.listen(1)
server.settimeout(10)
print(server.getsockname()[1], flush=True)
conn, addr = server.accept()
conn.settimeout(10)
header_len = struct.unpack('i', recv_exactly(conn, 4))[0]
header = json.loads(recv_exactly(conn, header_len).decode('utf-8'))
digest = hashlib.sha256()
left = header['file_size']
while left > 0:
    chunk = conn.recv(min(left, 65536))
    if not chunk:
        break
    digest.update(chunk)
    left -= len(chunk)
print(digest.hexdigest(), header['file_name'], left, flush=True)
conn.close()
server.close()
