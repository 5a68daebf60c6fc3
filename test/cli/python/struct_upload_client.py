# The lessons' fix for sticky packets: each message goes as struct.pack('i', len) + body.
import socket
import struct
import sys

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.settimeout(10)
client.connect(('127.0.0.1', int(sys.argv[1])))
for message in sys.argv[2:]:
    body = message.encode('utf-8')
    client.send(struct.pack('i', len(body)))
    client.send(body)
client.close()
