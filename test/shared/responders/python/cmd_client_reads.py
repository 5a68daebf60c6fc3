# The lesson's remote-command client, reading the server's bytes from stdin instead of a socket:
# argv[1] is the stage (raw, length, json-header), argv[2] the encoding it decodes output with.
# Prints JSON: the header it parsed (if any) and the output text.
import json
import struct
import sys

stage, encoding = sys.argv[1], sys.argv[2]
data = sys.stdin.buffer.read()
header = None
if stage == 'raw':
    body = data
elif stage == 'length':
    total = struct.unpack('i', data[:4])[0]
    body = data[4:4 + total]
    assert len(data) == 4 + total, 'extra or missing bytes'
else:
    header_len = struct.unpack('i', data[:4])[0]
    header_bytes = data[4:4 + header_len]
    header = json.loads(header_bytes.decode('utf-8'))
    body = data[4 + header_len:]
    assert len(body) == header['file_size'], 'file_size does not match the body'
    header = {'raw': header_bytes.decode('ascii'), 'parsed': header}
print(json.dumps({'header': header, 'text': body.decode(encoding)}))
