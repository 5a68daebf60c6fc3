# Seed 004's client: the server sends struct.pack('i', len(data)) then the data on connect. Port
# from argv[1]; what it wrote to 2.mp4 goes to stdout as a hex sha256 instead.
import hashlib
import struct
import socket
import sys
# 获取连接对象
client = socket.socket()
client.settimeout(10)
client.connect(('127.0.0.1',int(sys.argv[1])))
# 获取打包后长度并解析
ret = client.recv(4)
res = struct.unpack('i',ret)
# 根据解析的长度获取真实数据
data = client.recv(res[0])
print(len(data), hashlib.sha256(data).hexdigest(), flush=True)
client.close()
