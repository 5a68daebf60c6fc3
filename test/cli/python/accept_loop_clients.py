# Three clients of a server that serves one at a time with a backlog of one, as the lessons' accept
# loop does: the first is served, the second connects but hears nothing until the first leaves,
# the third finds the queue full. Prints what each saw, one line each. Given a file path too, the
# first client stays until that file exists, so a watcher can look at the waiting one meanwhile.
import os
import socket
import sys
import time

port = int(sys.argv[1])
release = sys.argv[2] if len(sys.argv) > 2 else None


def client():
    s = socket.socket()
    s.settimeout(5)
    s.connect(('127.0.0.1', port))
    return s


first = client()
first.send(b'one')
print('first', first.recv(1024).decode(), flush=True)

second = client()
second.send(b'two')
second.settimeout(0.5)
try:
    second.recv(1024)
    print('second answered early', flush=True)
except socket.timeout:
    print('second waiting', flush=True)

try:
    # The reset may come so soon that connect() itself reports it.
    third = client()
    got = third.recv(1024)
    print('third got', repr(got), flush=True)
except ConnectionResetError:
    print('third reset', flush=True)

print('holding', flush=True)
deadline = time.time() + 30
while release and not os.path.exists(release) and time.time() < deadline:
    time.sleep(0.05)
first.close()
second.settimeout(5)
print('second', second.recv(1024).decode(), flush=True)
second.close()
