# Sends N bytes in one sendall, then closes: a large command output arriving at a reader.
import socket
import sys

port, size = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket()
s.settimeout(5)
s.connect(('127.0.0.1', port))
s.sendall(bytes(i % 251 for i in range(size)))
s.close()
