#!/usr/bin/env python3
"""bench/soakd.py: the loopback server of bench/leaksoak.sh (issue 16).

Serves a fixed mix of sources on 127.0.0.1, generated in memory: good
feeds (RSS 2.0, Atom, JSON Feed, ISO-8859-1, gzip, deflate, with ETag and
Last-Modified or with neither), feeds that change as they are fetched
(new items, edited items, items dropped), HTML article and listing pages
(and the story pages their teasers lead to), and misbehaving sources:
HTTP errors, Retry-After, garbage, truncated XML, bodies above max_size,
slow answers past the transfer timeout, connection resets, redirects and a
redirect loop, an empty body, charsets that are bogus or lie.

    soakd.py list --timeout T     the sources: NAME<TAB>PATH<TAB>CONFIG
                                  (CONFIG: extra "key = value" lines of the
                                  source's section, ';'-separated)
    soakd.py serve --port-file F [--timeout T] [--max-seconds S] [--log L]

Everything is a function of the path and of how many times that path was
requested (its "generation"), so a run is reproducible up to timing.
With --cycle R the count is taken modulo R: after R requests a source
serves what it served first, so its items are known again and the state
stops growing (its edits go on: an item edited in one generation is back
to its first text in the next).
A misbehaving source is either "always" (?m=always: it fails every time,
and feedmerge backs off) or "flaky" (?m=flaky: it misbehaves on every other
request and serves a changing feed in between, so feedmerge keeps fetching
it at its refresh and goes through both the failure and the recovery).
Standard library only.  Exits on SIGTERM/SIGINT or after --max-seconds.
"""

import argparse
import email.utils
import gzip
import hashlib
import http.server
import json
import os
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
import zlib

START = int(time.time())
# Item dates: from four days ago, five minutes apart by sequence number,
# so that a few hundred generations stay in the past.
T0 = START - 4 * 86400
STEP = 300

# --- the sources --------------------------------------------------------------

# (name, path, extra config).  Paths under /good/ never change, /chg/
# change every other request, /html/ are pages, /bad/ misbehave.
GOOD = [
    ("good-rss-%d" % k, "/good/rss-%d.xml" % k, "") for k in range(4)
] + [
    ("good-atom-%d" % k, "/good/atom-%d.atom" % k, "") for k in range(3)
] + [
    ("good-json-%d" % k, "/good/json-%d.json" % k, "") for k in range(2)
] + [
    ("good-gzip", "/good/gz.xml", ""),            # gzip, stable bytes: 304
    ("good-gzip-var", "/good/gzvar.xml", ""),     # gzip, new bytes every
                                                  # time, no validators
    ("good-deflate", "/good/deflate.atom", ""),
    ("good-lastmod", "/good/lastmod.xml", ""),    # Last-Modified only
    ("good-novalid", "/good/novalid.xml", ""),    # no validators: same body
    ("good-latin1", "/good/latin1.xml", ""),      # ISO-8859-1
    ("good-rdf", "/good/rdf.rdf", ""),            # RSS 1.0
]
CHANGING = [
    ("chg-rss-%d" % k, "/chg/rss-%d.xml" % k, "") for k in range(4)
] + [
    ("chg-atom-%d" % k, "/chg/atom-%d.atom" % k, "") for k in range(3)
] + [
    ("chg-json-%d" % k, "/chg/json-%d.json" % k, "") for k in range(2)
] + [
    ("chg-gzip", "/chg/gz.xml", ""),
    ("chg-shrink", "/chg/shrink.xml", ""),        # half its items go and
                                                  # come back
]
HTML = [
    ("html-art-%d" % k, "/html/art-%d.html" % k,
     "type = html" + ("; follow_teasers = 2" if k == 0 else ""))
    for k in range(3)
] + [
    ("html-front", "/html/front.html", "type = html; follow_teasers = 3"),
    ("html-auto", "/html/auto.html", ""),         # type auto, a feed hint
    ("html-xpath", "/html/notices.html",
     'type = html; item_xpath = //ul[@class="notices"]/li; '
     'title_xpath = normalize-space(.//span[@class="t"]); '
     'link_xpath = .//a/@href'),
    ("html-empty", "/html/empty.html?m=flaky", "type = html"),
]
BAD_KINDS = [
    # kind, always?, extra config
    ("404", True, ""), ("500", False, ""), ("429", False, ""),
    ("503", False, ""), ("garbage", True, ""), ("garbage2", False, ""),
    ("truncated", False, ""), ("close-early", False, ""),
    ("big", False, "max_size = 64K"), ("big-chunked", False, "max_size = 64K"),
    ("bomb", False, "max_size = 64K"),
    ("slow", False, ""), ("trickle", False, ""),
    ("reset", False, ""), ("reset-mid", False, ""),
    ("redirect", False, ""), ("redirect-loop", True, ""),
    ("empty", False, ""), ("charset-bogus", False, ""),
    ("charset-invalid", False, ""), ("ctype-charset", False, ""),
    ("html-as-feed", False, "type = feed"), ("json-broken", False, ""),
    ("br", False, ""), ("badgzip", False, ""), ("entities", False, ""),
]
BAD = [("bad-" + k, "/bad/%s?m=%s" % (k, "always" if a else "flaky"), c)
       for k, a, c in BAD_KINDS]
SOURCES = GOOD + CHANGING + HTML + BAD

# --- feed bodies -----------------------------------------------------------------


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def rfc822(t):
    return email.utils.formatdate(t, usegmt=True)


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


WORDS = ("harbour council market river bridge school library station "
         "bakery choir timetable flood orchard festival tram museum "
         "footpath allotment lighthouse ferry quarry mill chapel").split()


def words(seed, n):
    h = hashlib.sha1(str(seed).encode()).digest()
    out = []
    for i in range(n):
        out.append(WORDS[(h[i % len(h)] + i * 7) % len(WORDS)])
    return " ".join(out)


def item(feed, seq, gen=None, edited=False, host=""):
    """One item of FEED with sequence number SEQ."""
    title = "%s story %d: the %s" % (feed, seq, words((feed, seq), 5))
    summary = ("The %s, said the report, and the %s; residents, officers "
               "and two businesses spoke about it on Tuesday."
               % (words((feed, seq, 1), 6), words((feed, seq, 2), 6)))
    content = None
    if seq % 3 == 0:
        content = ("<p>%s</p><p>The meeting heard that the %s, and that the "
                   "%s would follow in the spring.</p><p><a href=\"%s/x/%d"
                   "\">More</a> <img src=\"/img/%d.png\" alt=\"\"></p>"
                   % (esc(summary), words((feed, seq, 3), 8),
                      words((feed, seq, 4), 4), host, seq, seq))
    if edited:
        title += " (updated %d)" % gen
        summary += " Updated in revision %d." % gen
    return {
        "id": "tag:soak.test,2026:%s/%d" % (feed, seq),
        "link": "%s/story/%s/%d.html" % (host, feed, seq),
        "title": title,
        "summary": summary,
        "content": content,
        "date": T0 + seq * STEP,
    }


def static_items(feed, host, n=10):
    return [item(feed, s, host=host) for s in range(n)]


def changing_items(feed, gen, host, shrink=False):
    """A window of 12 items sliding by two per generation (two new, two
    dropped); one item edited in each generation."""
    first = gen * 2
    items = []
    for s in range(first, first + 12):
        items.append(item(feed, s, gen, edited=(s == first + 5 and gen > 0),
                          host=host))
    if shrink and gen % 2 == 1:
        items = items[::2]
    return items


def rss(title, items, host, encoding="utf-8", decl=None):
    out = ['<?xml version="1.0" encoding="%s"?>' % (decl or encoding),
           '<rss version="2.0" xmlns:content='
           '"http://purl.org/rss/1.0/modules/content/">',
           "<channel><title>%s</title><link>%s/</link>"
           "<description>soak</description>" % (esc(title), host)]
    for it in items:
        out.append("<item><title>%s</title><link>%s</link>"
                   "<guid isPermaLink=\"false\">%s</guid><pubDate>%s</pubDate>"
                   "<description>%s</description>"
                   % (esc(it["title"]), esc(it["link"]), esc(it["id"]),
                      rfc822(it["date"]), esc(it["summary"])))
        if it["content"]:
            out.append("<content:encoded><![CDATA[%s]]></content:encoded>"
                       % it["content"])
        out.append("</item>")
    out.append("</channel></rss>\n")
    return "\n".join(out).encode(encoding, "xmlcharrefreplace")


def rdf(title, items, host):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
           ' xmlns="http://purl.org/rss/1.0/"'
           ' xmlns:dc="http://purl.org/dc/elements/1.1/">',
           '<channel rdf:about="%s/"><title>%s</title><link>%s/</link>'
           '<description>soak</description></channel>'
           % (host, esc(title), host)]
    for it in items:
        out.append('<item rdf:about="%s"><title>%s</title><link>%s</link>'
                   '<description>%s</description><dc:date>%s</dc:date></item>'
                   % (esc(it["link"]), esc(it["title"]), esc(it["link"]),
                      esc(it["summary"]), iso(it["date"])))
    out.append("</rdf:RDF>\n")
    return "\n".join(out).encode()


def atom(title, items, host):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom"><title>%s</title>'
           '<id>tag:soak.test,2026:%s</id><updated>%s</updated>'
           '<link href="%s/"/>' % (esc(title), esc(title),
                                   iso(items[-1]["date"] if items else T0),
                                   host)]
    for it in items:
        out.append('<entry><title>%s</title><id>%s</id>'
                   '<link href="%s"/><updated>%s</updated>'
                   '<published>%s</published><summary>%s</summary>'
                   % (esc(it["title"]), esc(it["id"]), esc(it["link"]),
                      iso(it["date"]), iso(it["date"]), esc(it["summary"])))
        if it["content"]:
            out.append('<content type="html">%s</content>'
                       % esc(it["content"]))
        out.append("<author><name>Reporter %d</name></author></entry>"
                   % (len(it["id"]) % 5))
    out.append("</feed>\n")
    return "\n".join(out).encode()


def jsonfeed(title, items, host):
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": host + "/",
        "items": [],
    }
    for it in items:
        j = {"id": it["id"], "url": it["link"], "title": it["title"],
             "summary": it["summary"], "date_published": iso(it["date"])}
        if it["content"]:
            j["content_html"] = it["content"]
        else:
            j["content_text"] = it["summary"]
        doc["items"].append(j)
    return json.dumps(doc, indent=1).encode()


# --- pages -------------------------------------------------------------------------

SITE = "The Soak Street Gazette"


def page(title, body, head="", date=None):
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "\n<title>%s | %s</title>\n"
            "<meta property=\"og:site_name\" content=\"%s\">\n%s%s"
            "</head><body>\n<header><a href=\"/\">%s</a><nav><a href=\"/\">"
            "Home</a> <a href=\"/html/front.html\">News</a> <a href=\"/about"
            "\">About</a></nav></header>\n%s\n<footer><a href=\"/about\">About"
            " us</a> <a href=\"/privacy\">Privacy</a></footer>\n</body></html>"
            "\n" % (esc(title), SITE, SITE,
                    ('<meta property="article:published_time" content="%s">\n'
                     % iso(date)) if date else "", head, SITE, body)
            ).encode()


def story_title(j):
    return "Soak story %d: the %s opens again" % (j, words(("story", j), 4))


def paragraphs(seed, n, gen=None):
    out = []
    for i in range(n):
        out.append("<p>Paragraph %d: the %s met on Tuesday evening and heard "
                   "from residents, officers and two local businesses about "
                   "the %s, which will now go to a public consultation in the "
                   "spring.%s</p>" % (i + 1, words((seed, i), 3),
                                      words((seed, i, 9), 4),
                                      (" Revised in version %d." % gen)
                                      if gen is not None and i == 2 else ""))
    return "\n".join(out)


def cards(js):
    out = ['<section class="related"><h2>More news</h2><div class="cards">']
    for j in js:
        out.append('<div class="card"><h3 class="card__title"><a href="/html/'
                   'story-%d.html">%s</a></h3><p class="card__snippet">The %s '
                   'will be discussed by the committee next week, officers '
                   'said.</p></div>' % (j, esc(story_title(j)),
                                       words(("card", j), 4)))
    out.append("</div></section>")
    return "\n".join(out)


def article_page(k, gen):
    title = "Article %d: the %s plan" % (k, words(("art", k), 3))
    body = ("<main><article><h1>%s</h1><p class=\"byline\">By Jo Soak</p>\n"
            "%s\n</article>\n%s</main>"
            % (esc(title), paragraphs(("art", k), 6, gen if k != 2 else None),
               cards(range(gen % 20, gen % 20 + 4))))
    return page(title, body, date=T0 + (k + 1) * 3600)


def story_page(j):
    title = story_title(j)
    body = "<main><article><h1>%s</h1>\n%s\n</article></main>" % (
        esc(title), paragraphs(("story", j), 5))
    return page(title, body, date=T0 + j * STEP)


def front_page(gen):
    body = ("<main class=\"front\"><h1>Latest news</h1>\n%s</main>"
            % cards(range(gen, gen + 8)))
    return page("News", body)


def notices_page(gen):
    lis = []
    for i in range(gen, gen + 5):
        lis.append('<li><span class="t">Notice %d: the %s</span> '
                   '<a href="/html/notice-%d.html">details</a></li>'
                   % (i, words(("notice", i), 3), i))
    return page("Notices", '<main><ul class="notices">%s</ul></main>'
                % "".join(lis))


# --- the server ---------------------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def version_string(self):
        return "feedmerge-soakd/1"

    def log_message(self, fmt, *args):
        pass

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (BrokenPipeError, ConnectionResetError, socket.timeout,
                OSError):
            self.close_connection = True

    # -- helpers --

    def gen(self, key):
        srv = self.server
        with srv.lock:
            n = srv.counts.get(key, 0)
            srv.counts[key] = n + 1
        # --cycle: the content comes round again (and with it the
        # pattern of the flaky sources: a multiple of 4).
        return n % srv.cycle if srv.cycle else n

    def host(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def log(self, status, nbytes, note=""):
        if not self.server.logfile:
            return
        line = "%.3f %s %d %d %s\n" % (time.time(), self.path, status, nbytes,
                                       note)
        with self.server.lock:
            with open(self.server.logfile, "a") as f:
                f.write(line)

    def send(self, status, body=b"", ctype="application/xml", headers=(),
             validators=True, mtime=None):
        hdrs = list(headers)
        if status == 200 and validators:
            etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
            hdrs.append(("ETag", etag))
            lm = rfc822(mtime if mtime is not None else START)
            hdrs.append(("Last-Modified", lm))
            inm = self.headers.get("If-None-Match")
            if inm is not None and etag in [t.strip() for t in inm.split(",")]:
                return self.raw(304, b"", [h for h in hdrs])
        return self.raw(status, body, [("Content-Type", ctype)] + hdrs)

    def raw(self, status, body, headers):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304 and self.command != "HEAD":
            self.wfile.write(body)
        self.log(status, len(body))

    def sleep(self, secs):
        end = time.monotonic() + secs
        while time.monotonic() < end and not self.server.stopping.is_set():
            time.sleep(0.05)

    def rst(self):
        """Close the connection with a TCP reset."""
        try:
            self.wfile.flush()
        except OSError:
            pass
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        path = u.path
        host = self.host()
        n = self.gen(self.path)
        if path.startswith("/good/"):
            return self.good(path, host)
        if path.startswith("/chg/"):
            return self.changing(path, n // 2, host)
        if path.startswith("/html/"):
            return self.html(path, n, q, host)
        if path.startswith("/bad/"):
            mode = q.get("m", ["always"])[0]
            # A reset before any answer is retried by curl on a reused
            # connection: that source misbehaves two requests in a row.
            bad = (n // 2) % 2 == 0 if path == "/bad/reset" else n % 2 == 0
            if mode == "flaky" and not bad:
                # The good half of a flaky source: a changing feed.
                return self.changing("/chg/" + path[5:] + ".xml", n // 2,
                                     host)
            return self.bad(path[5:], host, n)
        if path.startswith("/redir/"):
            return self.redirect(path, host)
        if path.startswith("/story/"):
            return self.send(200, page("Story", "<main><article><h1>Story"
                                       "</h1>%s</article></main>"
                                       % paragraphs(path, 4)),
                             "text/html; charset=utf-8")
        return self.send(404, b"not found\n", "text/plain")

    def good(self, path, host):
        name = path[6:]
        items = static_items(name, host)
        ae = self.headers.get("Accept-Encoding", "")
        if name.startswith("rss-"):
            return self.send(200, rss(name, items, host), "application/rss+xml")
        if name.startswith("atom-"):
            return self.send(200, atom(name, items, host),
                             "application/atom+xml")
        if name.startswith("json-"):
            return self.send(200, jsonfeed(name, items, host),
                             "application/feed+json")
        if name == "gz.xml":
            body = rss(name, items, host)
            if "gzip" in ae:
                return self.send(200, gzip.compress(body, mtime=0),
                                 "application/rss+xml",
                                 [("Content-Encoding", "gzip"),
                                  ("Vary", "Accept-Encoding")])
            return self.send(200, body, "application/rss+xml")
        if name == "gzvar.xml":
            body = gzip.compress(rss(name, items, host), mtime=time.time())
            return self.send(200, body, "application/rss+xml",
                             [("Content-Encoding", "gzip")], validators=False)
        if name == "deflate.atom":
            return self.send(200, zlib.compress(atom(name, items, host)),
                             "application/atom+xml",
                             [("Content-Encoding", "deflate")])
        if name == "lastmod.xml":
            body = rss(name, items, host)
            ims = self.headers.get("If-Modified-Since")
            if ims is not None:
                return self.raw(304, b"", [("Last-Modified", rfc822(START))])
            return self.send(200, body, "application/rss+xml",
                             [("Last-Modified", rfc822(START))],
                             validators=False)
        if name == "novalid.xml":
            return self.send(200, rss(name, items, host),
                             "application/rss+xml", validators=False)
        if name == "latin1.xml":
            for it in items:
                it["title"] += " \u00e0 la caf\u00e9 \u00fcber"
            return self.send(200, rss(name, items, host, "iso-8859-1"),
                             "application/rss+xml")
        if name == "rdf.rdf":
            return self.send(200, rdf(name, items, host), "application/rdf+xml")
        return self.send(404, b"no such good feed\n", "text/plain")

    def changing(self, path, gen, host):
        name = path[5:]
        items = changing_items(name, gen, host, shrink=("shrink" in name))
        if ".atom" in name:
            return self.send(200, atom(name, items, host),
                             "application/atom+xml")
        if ".json" in name:
            return self.send(200, jsonfeed(name, items, host),
                             "application/feed+json")
        body = rss(name, items, host)
        if name == "gz.xml":
            return self.send(200, gzip.compress(body, mtime=0),
                             "application/rss+xml",
                             [("Content-Encoding", "gzip")])
        return self.send(200, body, "application/rss+xml")

    def html(self, path, n, q, host):
        ct = "text/html; charset=utf-8"
        name = path[6:]
        if name.startswith("art-"):
            k = int(name[4:].split(".")[0])
            return self.send(200, article_page(k, n // 2), ct)
        if name.startswith("story-"):
            return self.send(200, story_page(int(name[6:].split(".")[0])), ct)
        if name == "front.html":
            return self.send(200, front_page(n // 2), ct)
        if name == "auto.html":
            head = ('<link rel="alternate" type="application/rss+xml" '
                    'href="/good/rss-0.xml">\n')
            return self.send(200, page("Auto page", "<main><article><h1>The "
                                       "auto page</h1>%s</article></main>"
                                       % paragraphs("auto", 5, n // 2),
                                       head, T0), ct)
        if name == "notices.html":
            return self.send(200, notices_page(n // 2), ct)
        if name == "empty.html":
            if q.get("m", [""])[0] == "flaky" and n % 2 == 1:
                return self.send(200, article_page(7, n // 2), ct)
            return self.send(200, page("Nothing", "<main></main>"), ct)
        return self.send(404, b"no such page\n", "text/plain")

    def redirect(self, path, host):
        # /redir/N/...: N more hops, then the changing feed; /redir/loop-a
        # and loop-b send to each other.
        parts = path.split("/")
        if parts[2] == "loop-a":
            return self.raw(302, b"", [("Location", "/redir/loop-b")])
        if parts[2] == "loop-b":
            return self.raw(301, b"", [("Location", host + "/redir/loop-a")])
        hops = int(parts[2])
        if hops > 0:
            return self.raw(301 if hops % 2 else 307, b"",
                            [("Location", "/redir/%d/x" % (hops - 1))])
        return self.changing("/chg/redirected.xml",
                             self.gen("/chg/redirected.xml") // 2, host)

    def bad(self, kind, host, n):
        xml = "application/rss+xml"
        good = rss(kind, changing_items(kind, n // 2, host), host)
        timeout = self.server.timeout_s
        if kind == "404":
            return self.send(404, b"<html>gone</html>", "text/html")
        if kind == "500":
            return self.send(500, b"<html>oops</html>", "text/html")
        if kind == "429":
            return self.send(429, b"slow down\n", "text/plain",
                             [("Retry-After", "3")])
        if kind == "503":
            return self.send(503, b"maintenance\n", "text/plain",
                             [("Retry-After",
                               rfc822(int(time.time()) + 3))])
        if kind in ("garbage", "garbage2"):
            h = hashlib.sha256(b"%d" % n).digest() * 64
            return self.send(200, h, xml)
        if kind == "truncated":
            return self.send(200, good[: len(good) * 2 // 3], xml)
        if kind == "close-early":
            self.send_response(200)
            self.send_header("Content-Type", xml)
            self.send_header("Content-Length", str(len(good)))
            self.end_headers()
            self.wfile.write(good[: len(good) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.log(200, len(good) // 2, "close-early")
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if kind == "big":
            items = [item("big", s, host=host) for s in range(400)]
            return self.send(200, rss("big", items, host), xml)
        if kind == "big-chunked":
            self.send_response(200)
            self.send_header("Content-Type", xml)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = rss("bigc", [item("bigc", s, host=host)
                                 for s in range(20)], host)
            sent = 0
            while sent < 300 * 1024:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            self.wfile.write(b"0\r\n\r\n")
            self.log(200, sent, "chunked")
            return
        if kind == "bomb":
            body = (good[:-len(b"</channel></rss>\n")] + b"<!-- " +
                    b" " * (2 * 1024 * 1024) + b" --></channel></rss>\n")
            return self.send(200, gzip.compress(body, mtime=0), xml,
                             [("Content-Encoding", "gzip")])
        if kind == "slow":
            self.sleep(timeout + 2)
            return self.send(200, good, xml)
        if kind == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", xml)
            self.send_header("Content-Length", str(len(good)))
            self.end_headers()
            end = time.monotonic() + timeout + 2
            i = 0
            while (time.monotonic() < end and i < len(good) and
                   not self.server.stopping.is_set()):
                self.wfile.write(good[i:i + 16])
                self.wfile.flush()
                i += 16
                time.sleep(0.2)
            self.close_connection = True
            self.log(200, i, "trickle")
            return
        if kind == "reset":
            self.log(0, 0, "reset")
            return self.rst()
        if kind == "reset-mid":
            self.send_response(200)
            self.send_header("Content-Type", xml)
            self.send_header("Content-Length", str(len(good)))
            self.end_headers()
            self.wfile.write(good[: len(good) // 3])
            self.log(200, len(good) // 3, "reset-mid")
            return self.rst()
        if kind == "redirect":
            return self.raw(302, b"", [("Location", "/redir/3/x")])
        if kind == "redirect-loop":
            return self.raw(302, b"", [("Location", "/redir/loop-a")])
        if kind == "empty":
            return self.send(200, b"", xml)
        if kind == "charset-bogus":
            return self.send(200, rss(kind, changing_items(kind, n, host),
                                      host, decl="x-no-such-charset"), xml)
        if kind == "charset-invalid":
            body = good.replace(b"story", b"st\xff\xfery\xc3(", 3)
            return self.send(200, body, xml)
        if kind == "ctype-charset":
            return self.send(200, rss(kind, changing_items(kind, n, host),
                                      host, "iso-8859-1", decl="utf-8"),
                             "application/rss+xml; charset=klingon")
        if kind == "html-as-feed":
            return self.send(200, article_page(5, n), "text/html")
        if kind == "json-broken":
            j = jsonfeed(kind, changing_items(kind, n, host), host)
            return self.send(200, j[: len(j) // 2], "application/feed+json")
        if kind == "br":
            return self.send(200, b"\x1b\x2a\x00" + good[:100], xml,
                             [("Content-Encoding", "br")])
        if kind == "badgzip":
            return self.send(200, b"\x1f\x8b\x08\x00" + good[:200], xml,
                             [("Content-Encoding", "gzip")])
        if kind == "entities":
            body = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n'
                    b'<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
                    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
                    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n'
                    b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">\n'
                    b'<!ENTITY ext SYSTEM "file:///etc/passwd">\n]>\n'
                    b'<rss version="2.0"><channel><title>e</title><item>'
                    b'<title>&d;&ext;</title><link>http://e.test/1</link>'
                    b'</item></channel></rss>\n')
            return self.send(200, body, xml)
        return self.send(404, b"no such kind\n", "text/plain")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        pass  # resets and hang-ups are the point


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    ls = sub.add_parser("list")
    ls.add_argument("--timeout", type=float, default=2)
    sv = sub.add_parser("serve")
    sv.add_argument("--port-file", required=True)
    sv.add_argument("--port", type=int, default=0)
    sv.add_argument("--timeout", type=float, default=2,
                    help="feedmerge's transfer timeout: slow sources exceed it")
    sv.add_argument("--max-seconds", type=float, default=3600)
    sv.add_argument("--log")
    sv.add_argument("--cycle", type=int, default=0,
                    help="a path's content repeats after this many requests "
                    "(rounded up to a multiple of 4; 0: new items forever)")
    cfg = ap.parse_args()

    if cfg.cmd == "list":
        for name, path, extra in SOURCES:
            print("%s\t%s\t%s" % (name, path, extra))
        return 0

    done = threading.Event()
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, lambda *_: done.set())
    srv = Server(("127.0.0.1", cfg.port), Handler)
    srv.lock = threading.Lock()
    srv.counts = {}
    srv.stopping = threading.Event()
    srv.timeout_s = cfg.timeout
    srv.logfile = cfg.log
    srv.cycle = (cfg.cycle + 3) // 4 * 4 if cfg.cycle > 0 else 0
    t = threading.Thread(target=srv.serve_forever,
                         kwargs={"poll_interval": 0.1}, daemon=True)
    t.start()
    tmp = cfg.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.replace(tmp, cfg.port_file)
    if not done.wait(cfg.max_seconds):
        print("soakd.py: --max-seconds (%g) reached" % cfg.max_seconds,
              file=sys.stderr)
    srv.stopping.set()
    srv.shutdown()
    srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
