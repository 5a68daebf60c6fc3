# Keeps what one client sends and prints it when the client is done: over TCP every byte until the
# client closes, as one hex line; over UDP each datagram as a hex line of its own, until `count`
# arrived. With `close-first`, a TCP server that closes the connection as soon as it is made.
import socket
import sys

kind = sys.argv[1]
if kind == 'udp':
    count = int(sys.argv[2])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('127.0.0.1', 0))
    s.settimeout(10)
    print(s.getsockname()[1], flush=True)
    for _ in range(count):
        data, _addr = s.recvfrom(65536)
        print(data.hex(), flush=True)
    s.close()
    sys.exit(0)

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('127.0.0.1', 0))
server.listen(1)
server.settimeout(10)
print(server.getsockname()[1], flush=True)
conn, _addr = server.accept()
if kind == 'close-first':
    conn.close()
    server.close()
    sys.exit(0)
conn.settimeout(10)
got = b''
while True:
    data = conn.recv(65536)
    if not data:
        break
    got += data
print(got.hex(), flush=True)
conn.close()
server.close()
