# The lessons' UDP time server: answers each datagram with the time in the strftime format it carried.
import socket
import time

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(('127.0.0.1', 0))
server.settimeout(10)
print(server.getsockname()[1], flush=True)
data, addr = server.recvfrom(1024)
fmt = data.decode('utf-8') or '%Y-%m-%d %X'
server.sendto(time.strftime(fmt).encode('utf-8'), addr)
server.close()
