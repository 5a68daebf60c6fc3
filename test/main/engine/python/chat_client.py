# The lessons' chat client with bye (seed 000), with the port from argv[1] and a timeout.
import socket
import sys
sk = socket.socket()
sk.settimeout(10)
sk.connect(('127.0.0.1',int(sys.argv[1])))  #连接服务端
while True:
    msg = input('客户端>>>')  #input阻塞,等待输入内容
    sk.send(msg.encode('utf-8'))
    if msg == 'bye':
        break
    ret = sk.recv(1024)
    ret = ret.decode('utf-8')
    print(ret, flush=True)
    if ret == 'bye':
        break
sk.close()
