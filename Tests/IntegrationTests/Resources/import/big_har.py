"""Writes a HAR of about SIZE_MB megabytes (2000 entries with 100 KB JSON bodies, each handing
the next request a token) for the memory test, streaming it so this script stays small too.

Usage: python3 big_har.py FILE SIZE_MB
"""
import json
import random
import string
import sys

path, size_mb = sys.argv[1], int(sys.argv[2])
blob = "".join(random.choice(string.ascii_letters) for _ in range(100_000))
count = size_mb * 10
with open(path, "w") as out:
    out.write('{"log":{"version":"1.2","creator":{"name":"big_har.py"},"pages":[],"entries":[')
    for i in range(count):
        entry = {
            "startedDateTime": "2024-01-01T00:%02d:%02d.%03dZ" % (i // 60000 % 60, i // 1000 % 60, i % 1000), "time": 1,
            "request": {"method": "GET", "url": "http://big.test/api/item/%d?t=tok%06dx" % (i, i - 1), "headers": []},
            "response": {"status": 200, "headers": [{"name": "Content-Type", "value": "application/json"}],
                         "content": {"mimeType": "application/json", "text": json.dumps({"next": "tok%06dx" % i, "blob": blob})}},
        }
        out.write(("," if i else "") + json.dumps(entry))
    out.write("]}}")
