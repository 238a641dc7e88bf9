#!/usr/bin/env python3
"""A WebSub hub stub for feedmerge's tests, on 127.0.0.1 only.

    hubstub.py --port-file F --log L [--statuses 503,204] [--max-seconds 60]

Answers each POST with the next status of --statuses (the last one again
once they run out) and logs it as one JSON line to --log: path,
content_type, body and the parsed form.  The port (random) goes to
--port-file once listening.  Exits on SIGTERM and after --max-seconds."""
import argparse
import http.server
import json
import signal
import sys
import threading
import urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("--port-file", required=True)
ap.add_argument("--log", required=True)
ap.add_argument("--statuses", default="204")
ap.add_argument("--max-seconds", type=float, default=60)
args = ap.parse_args()
statuses = [int(s) for s in args.statuses.split(",")]
lock = threading.Lock()
count = [0]


class Hub(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace")
        with lock:
            status = statuses[min(count[0], len(statuses) - 1)]
            count[0] += 1
            with open(args.log, "a") as f:
                f.write(json.dumps({
                    "path": self.path,
                    "content_type": self.headers.get("Content-Type"),
                    "body": body,
                    "form": urllib.parse.parse_qs(body),
                    "status": status}) + "\n")
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hub)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os
os.rename(args.port_file + ".tmp", args.port_file)
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
threading.Timer(args.max_seconds, lambda: os._exit(0)).start()
try:
    srv.serve_forever()
except SystemExit:
    pass
os._exit(0)
