#!/usr/bin/env python3
"""Loopback HTTP/1.1 server for feedmerge's integration tests.

Serves files from --root, read from disk on every request, so a test changes
a feed by rewriting its file.  Per-path behaviour comes from an optional JSON
file (--routes), also re-read on every request:

    {
      "/feed.xml":  {"status": 200, "headers": {"X-A": "b"},
                     "body": "inline body" | "body_file": "other.xml",
                     "content_type": "application/rss+xml",
                     "delay": 3.5,              seconds before answering
                     "gzip": true,              Content-Encoding: gzip (the
                                                bytes differ each time)
                     "encode": "deflate",       also "rawdeflate" (deflate
                                                without its zlib wrapper,
                                                as some servers send it)
                     "endless": true,           stream until the client hangs up
                     "max_bytes": 209715200,    bound for "endless" (raw bytes)
                     "close_early": true,       headers + half the body, then close
                     "ignore_validators": true, never answer 304
                     "no_etag": true, "no_last_modified": true}
    }

A route is looked up by the full request target first, then by its path.
By default every 200 carries an ETag (a hash of the body) and a Last-Modified
(the file's mtime), and a matching If-None-Match (or, without one,
If-Modified-Since) gets 304.  Every request is logged as one JSON line to
--log.  The port (0 = random) is written to --port-file once listening.
Exits 0 on SIGTERM/SIGINT and after --max-seconds whatever happens.
"""

import argparse
import email.utils
import gzip
import hashlib
import http.server
import itertools
import json
import os
import posixpath
import signal
import socket
import sys
import threading
import time
import urllib.parse
import zlib

CONTENT_TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".json": "application/feed+json",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}

ENDLESS_CHUNK = (b"<item><title>endless</title><link>http://endless.test/</link>"
                 b"<description>" + b"x" * 900 + b"</description></item>\n")
ENDLESS_HEAD = (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>'
                b"<title>endless</title>\n")
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
GZIP_MTIME = itertools.count(1800000000)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def version_string(self):
        return "feedmerge-test-httpd/1"

    def log_message(self, fmt, *args):  # keep stderr quiet; we log JSON
        pass

    # -- helpers ---------------------------------------------------------

    def _route(self):
        cfg = self.server.cfg
        if not cfg.routes:
            return {}
        try:
            with open(cfg.routes, "r", encoding="utf-8") as f:
                routes = json.load(f)
        except FileNotFoundError:
            return {}
        target = self.path
        path = urllib.parse.urlsplit(target).path
        r = routes.get(target)
        if r is None:
            r = routes.get(path)
        return r or {}

    def _log(self, status, nbytes):
        cfg = self.server.cfg
        if not cfg.log:
            return
        rec = {
            "time": round(time.time(), 3),
            "method": self.command,
            "path": self.path,
            "status": status,
            "bytes": nbytes,
            "if_none_match": self.headers.get("If-None-Match"),
            "if_modified_since": self.headers.get("If-Modified-Since"),
            "user_agent": self.headers.get("User-Agent"),
            "accept_encoding": self.headers.get("Accept-Encoding"),
            "start": round(getattr(self, "_start", time.time()), 3),
            "authorization": self.headers.get("Authorization"),
            "x_headers": {k: v for k, v in self.headers.items()
                          if k.lower().startswith("x-")},
        }
        line = json.dumps(rec, sort_keys=True) + "\n"
        with self.server.log_lock:
            with open(cfg.log, "a", encoding="utf-8") as f:
                f.write(line)

    def _file_for(self, urlpath):
        """Map a URL path to a file under the root, or None."""
        root = self.server.cfg.root
        p = posixpath.normpath(urllib.parse.unquote(urlpath))
        parts = [x for x in p.split("/") if x not in ("", ".", "..")]
        fs = os.path.join(root, *parts) if parts else root
        if os.path.isdir(fs):
            fs = os.path.join(fs, "index.html")
        return fs

    def _send(self, status, headers, body=b"", head_only=False):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if status not in (204, 304):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only and status not in (204, 304) and body:
            self.wfile.write(body)
        self._log(status, len(body))

    # -- request handling ------------------------------------------------

    def do_HEAD(self):
        self._handle(head_only=True)

    def do_GET(self):
        self._handle(head_only=False)

    def _handle(self, head_only):
        self._start = time.time()
        try:
            self._handle2(head_only)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            self.close_connection = True

    def _handle2(self, head_only):
        route = self._route()
        delay = float(route.get("delay", 0))
        if delay > 0:
            # Sleep in small steps so a hung-up client ends us early enough
            # and shutdown is never held back.
            end = time.monotonic() + delay
            while time.monotonic() < end and not self.server.stopping.is_set():
                time.sleep(min(0.05, max(0.0, end - time.monotonic())))

        status = int(route.get("status", 200))
        headers = []
        urlpath = urllib.parse.urlsplit(self.path).path

        if route.get("endless"):
            self._endless(route, head_only)
            return

        # Body: inline, from a named file, or the file at the path.
        mtime = None
        if "body" in route:
            body = route["body"].encode("utf-8")
            fs = self.server.cfg.routes
        else:
            fs = (os.path.join(self.server.cfg.root, route["body_file"])
                  if "body_file" in route else self._file_for(urlpath))
            try:
                with open(fs, "rb") as f:
                    body = f.read()
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                if "status" not in route:
                    self._send(404, [("Content-Type", "text/plain")],
                               b"not found\n", head_only)
                    return
                body = b""
                fs = None
        if fs is not None:
            try:
                mtime = os.stat(fs).st_mtime
            except OSError:
                mtime = None

        ctype = route.get("content_type")
        if ctype is None:
            ext = os.path.splitext(urlpath)[1].lower()
            ctype = CONTENT_TYPES.get(ext, "application/octet-stream")
        headers.append(("Content-Type", ctype))

        if status == 200:
            etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
            lastmod = (email.utils.formatdate(int(mtime), usegmt=True)
                       if mtime is not None else None)
            if not route.get("no_etag"):
                headers.append(("ETag", etag))
            if lastmod is not None and not route.get("no_last_modified"):
                headers.append(("Last-Modified", lastmod))
            if not route.get("ignore_validators") and \
                    self._not_modified(etag, mtime, route):
                self._send(304, [h for h in headers if h[0] != "Content-Type"],
                           b"", head_only)
                return

        for k, v in route.get("headers", {}).items():
            headers.append((k, str(v)))

        if route.get("gzip"):
            # The header's mtime counts responses, so the bytes differ on
            # every request, as from a server gzipping with its clock.
            body = gzip.compress(body, mtime=next(GZIP_MTIME))
            headers.append(("Content-Encoding", "gzip"))
        elif route.get("encode") == "deflate":
            body = zlib.compress(body)
            headers.append(("Content-Encoding", "deflate"))
        elif route.get("encode") == "rawdeflate":
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            body = c.compress(body) + c.flush()
            headers.append(("Content-Encoding", "deflate"))

        if route.get("close_early"):
            # Promise the whole body, send half, hang up.
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            half = body[: len(body) // 2]
            if not head_only:
                self.wfile.write(half)
                self.wfile.flush()
            self.close_connection = True
            self._log(status, len(half))
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return

        self._send(status, headers, body, head_only)

    def _not_modified(self, etag, mtime, route):
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            if route.get("no_etag"):
                return False
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or etag in tags or ("W/" + etag) in tags
        ims = self.headers.get("If-Modified-Since")
        if ims is not None and mtime is not None \
                and not route.get("no_last_modified"):
            try:
                t = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError, IndexError):
                return False
            return int(mtime) <= t
        return False

    def _endless(self, route, head_only):
        """Stream an ever-growing RSS body in chunked encoding."""
        status = int(route.get("status", 200))
        limit = int(route.get("max_bytes", DEFAULT_MAX_BYTES))
        gz = bool(route.get("gzip"))
        self.send_response(status)
        self.send_header("Content-Type",
                         route.get("content_type", "application/rss+xml"))
        for k, v in route.get("headers", {}).items():
            self.send_header(k, str(v))
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        sent = 0  # raw (uncompressed) bytes produced
        wire = 0
        comp = zlib.compressobj(6, zlib.DEFLATED, 31) if gz else None
        try:
            if head_only:
                return
            piece = ENDLESS_HEAD
            while sent < limit and not self.server.stopping.is_set():
                data = piece
                piece = ENDLESS_CHUNK * 16
                sent += len(data)
                if comp is not None:
                    data = comp.compress(data) + comp.flush(zlib.Z_SYNC_FLUSH)
                if data:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    wire += len(data)
            tail = comp.flush() if comp is not None else b""
            if tail:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(tail), tail))
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        finally:
            self._log(status, wire)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", required=True, help="document root")
    ap.add_argument("--port-file", required=True,
                    help="written with the port once listening")
    ap.add_argument("--routes", help="JSON file of per-path behaviour")
    ap.add_argument("--log", help="append one JSON line per request here")
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--max-seconds", type=float, default=300,
                    help="hard lifetime (default 300)")
    cfg = ap.parse_args()
    cfg.root = os.path.abspath(cfg.root)

    done = threading.Event()

    def on_signal(signum, frame):
        done.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    srv = Server((cfg.bind, cfg.port), Handler)
    srv.cfg = cfg
    srv.log_lock = threading.Lock()
    srv.stopping = threading.Event()

    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1},
                         daemon=True)
    t.start()

    port = srv.server_address[1]
    tmp = cfg.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.replace(tmp, cfg.port_file)

    if not done.wait(cfg.max_seconds):
        print("httpd.py: --max-seconds (%g) reached, exiting" % cfg.max_seconds,
              file=sys.stderr)
    srv.stopping.set()
    srv.shutdown()
    srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
