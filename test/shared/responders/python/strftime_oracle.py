# Answers what CPython's time.strftime gives: reads [[epoch_seconds, format], ...] as JSON on stdin,
# prints one object per pair with the struct_time fields and the result (or the exception raised).
import json
import sys
import time

out = []
for seconds, fmt in json.load(sys.stdin):
    t = time.localtime(seconds)
    item = {
        'tm': [t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, t.tm_wday, t.tm_yday, t.tm_isdst, t.tm_gmtoff, t.tm_zone],
    }
    try:
        item['text'] = time.strftime(fmt, t)
    except ValueError as e:
        item['error'] = str(e)
    out.append(item)
json.dump(out, sys.stdout)
