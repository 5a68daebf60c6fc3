# A server that never accepts, with listen(0) and its queue already full: the kernel drops the
# SYN of any further client, whose connect then waits (and retries) until it gives up. Prints its
# port, then waits until it is stopped.
import socket
import time

sk = socket.socket()
sk.bind(('127.0.0.1', 0))
sk.listen(0)
port = sk.getsockname()[1]
held = []
# Linux queues backlog + 1 finished handshakes; fill them, then a couple more to be sure.
for _ in range(3):
    c = socket.socket()
    c.setblocking(False)
    try:
        c.connect(('127.0.0.1', port))
    except BlockingIOError:
        pass
    held.append(c)
time.sleep(0.3)
print(port, flush=True)
time.sleep(120)
