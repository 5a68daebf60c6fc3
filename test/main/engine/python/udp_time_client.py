# The lessons' UDP time client (seed 000), with the port from argv[1] and a timeout so a lost
# answer ends the test instead of hanging it. It reads formats from stdin until it ends.
from socket import *
import time
ip_port=('127.0.0.1',int(__import__('sys').argv[1]))
bufsize=1024
tcp_client=socket(AF_INET,SOCK_DGRAM)
tcp_client.settimeout(10)
while True:
    try:
        msg=input('请输入时间格式(例%Y %m %d)>>: ').strip()
    except EOFError:
        break
    tcp_client.sendto(msg.encode('utf-8'),ip_port)
    data=tcp_client.recv(bufsize)
    print('当前日期:',str(data,encoding='utf-8'), flush=True)
    # The client's own clock, for the test to compare with (not in the lesson).
    print('本地:', time.strftime(msg or '%Y-%m-%d %X'), flush=True)
