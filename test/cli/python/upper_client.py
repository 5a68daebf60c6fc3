# A lesson client: sends a line, prints what the server answered.
import socket
import sys

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.settimeout(10)
client.connect(('127.0.0.1', int(sys.argv[1])))
client.send(sys.argv[2].encode('utf-8'))
print(client.recv(1024).decode('utf-8'), flush=True)
client.close()
