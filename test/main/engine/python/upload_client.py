# The lessons' upload client (LABS.md, file transfer): struct.pack('i', len(header)), the JSON
# header, then the file. Port from argv[1], the file's name argv[2], its bytes from stdin.
import json
import socket
import struct
import sys
data = sys.stdin.buffer.read()
client = socket.socket()
client.settimeout(10)
client.connect(('127.0.0.1', int(sys.argv[1])))
header = {'file_name': sys.argv[2], 'file_size': len(data)}
header_bytes = json.dumps(header).encode('utf-8')
client.send(struct.pack('i', len(header_bytes)))
client.send(header_bytes)
client.sendall(data)
client.close()
