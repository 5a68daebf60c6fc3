# What the lesson's upload client sends, written to stdout instead of a socket: argv[1] is the
# file name, stdin the file's bytes.
import json
import struct
import sys

data = sys.stdin.buffer.read()
header = {'file_name': sys.argv[1], 'file_size': len(data)}
header_bytes = json.dumps(header).encode('utf-8')
out = sys.stdout.buffer
out.write(struct.pack('i', len(header_bytes)))
out.write(header_bytes)
out.write(data)
