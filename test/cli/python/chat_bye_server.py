# The chat lesson's server (socket-programming notes, "bye" ends it): one client, recv(1024), print
# what came, answer with the next line given on the command line instead of input(); a "bye" either
# way ends the talk, and conn.close() closes the socket whole.
import socket
import sys

replies = sys.argv[1:]
sk = socket.socket()
sk.bind(('127.0.0.1', 0))
sk.listen()
sk.settimeout(10)
print(sk.getsockname()[1], flush=True)
conn, addr = sk.accept()
conn.settimeout(10)
while True:
    ret = conn.recv(1024).decode('utf-8')
    print('got', repr(ret), flush=True)
    if ret == 'bye' or ret == '':
        break
    msg = replies.pop(0) if replies else 'bye'
    conn.send(msg.encode('utf-8'))
    if msg == 'bye':
        break
conn.close()
sk.close()
print('closed', flush=True)
