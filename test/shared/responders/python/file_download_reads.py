# The lesson's download client, reading the server's bytes from stdin: the header length, the JSON
# header, then file_size bytes. Prints the header and the sha256 of the body as JSON.
import hashlib
import json
import struct
import sys

data = sys.stdin.buffer.read()
header_len = struct.unpack('i', data[:4])[0]
header = json.loads(data[4:4 + header_len].decode('utf-8'))
body = data[4 + header_len:]
assert len(body) == header['file_size'], 'the body is not file_size bytes'
print(json.dumps({'header': header, 'sha256': hashlib.sha256(body).hexdigest()}))
