# The lessons' first server: one client at a time, answers data.upper(), closes when the client does.
import socket
import sys

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('127.0.0.1', 0))
server.listen(5)
server.settimeout(10)
print(server.getsockname()[1], flush=True)
conn, addr = server.accept()
conn.settimeout(10)
while True:
    data = conn.recv(1024)
    if not data:
        break
    conn.send(data.upper())
conn.close()
server.close()
