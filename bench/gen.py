#!/usr/bin/env python3
"""gen.py: deterministic synthetic feeds for the feedmerge benchmark.

    gen.py generate --out DIR [--n N] [--seed S] [--sites K] [--port P]
                    [--net 127.0.1] [--epoch UNIXTIME] [--shared 0.15] [--jobs J]
                    [--shape old|fresh|mixed] [--gzip]
    gen.py mutate   --out DIR --round R [--fraction 0.10]

generate writes, for N sources spread over K loopback sites:

    DIR/sites/127.0.1.1/feeds/s00000.xml     one directory per site (docroot)
    DIR/urls.txt                             one URL per line
    DIR/sources.tsv                          name, url, format, charset, bytes, path
    DIR/gen.json                             parameters and totals

Every byte is a function of (seed, epoch, N, source index, version): the
same arguments give the same tree (whatever --jobs).  The mix: RSS 2.0,
Atom 1.0 and RSS 1.0; 20-100 entries and 10-190 KB per source; ~40% of the
sources carry full HTML bodies (content:encoded, or Atom content
type="html"), the others escaped HTML descriptions; about 10% are
declared and encoded as ISO-8859-1; about 15% of the entries are copies of
a story that several sources carry (same link, sometimes with utm_*
tracking parameters added).

Dates by --shape: "old" (the default) puts each source's newest entry 20-25
days before the epoch and its oldest at most ~50 days; "fresh" puts every
entry within the 23 hours before the epoch (a news feed's first fetch: the
last day's stories); "mixed" makes the newest third of each source's
entries fresh and spreads the rest over the 1-6 weeks before.

mutate rewrites about FRACTION of the sources for soak round R: each chosen
source slides its window forward by 1-5 new entries (newest first), the
file replaced atomically (temp file + rename) so the server never serves a
half-written file.  The choice depends on (seed, R) only.

Python 3 standard library only.
"""

import argparse
import bisect
import gzip
import json
import os
import sys
import time

M64 = (1 << 64) - 1
# Dates are relative to an epoch (--epoch, default 2026-01-01T00:00:00Z):
# the newest entry of each source is 20-25 days before it, the oldest at
# most ~50 days, so an aggregator's retention (feedmerge keeps 90 days)
# keeps them all when the epoch is today; soak rounds move forward from
# there.  bench/run.sh passes today's date (midnight UTC).
EPOCH0 = 1767225600


def mix(x):
    """splitmix64 finaliser: a fast, version-independent hash of an int."""
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


def h3(a, b, c):
    return mix(mix(mix(a) ^ b) ^ c)


def unit(h):
    """A float in [0, 1) from the high bits of h."""
    return (h >> 11) / float(1 << 53)


# --- text -------------------------------------------------------------------

# Latin-1-safe words (some accented, so ISO-8859-1 files differ from UTF-8).
WORDS = (
    "the of and to in a is that for it as was with be by on not he this are "
    "or his from at which but have an they you were her she there been one "
    "all we their has would when if so no will more can who said about up "
    "out them some could what into than then its only other new time two "
    "may these first any like my now over such our man me even most made "
    "after also did many before must through back years where much your way "
    "well down should because each just those people how too little state "
    "good very make world still own see men work long get here between both "
    "life being under never day same another know while last might us great "
    "old year off come since against go came right used take three council "
    "minister river harbour election market report budget storm vaccine "
    "railway bridge museum festival orchestra satellite reactor glacier "
    "café naïve Zürich Málaga Göteborg señor façade Øresund Ångström "
    "déjà crème brûlée Köln São Düsseldorf Reykjavík jalapeño smörgåsbord "
    "R&D AT&T Q&A <tag> 5>3 x<y \"quoted\" it's"
).split()
NW = len(WORDS)

# Outside ISO-8859-1: only ever put in UTF-8 sources.
UTF8_EXTRAS = ["\u2014 \u20ac5bn", "\u201cquoted\u201d", "\u65e5\u672c",
               "\u0141\u00f3d\u017a", "\u2603", "\u00bd \u2192 \u2154"]

AUTHORS = ["Ana Souza", "Björn Ålund", "Chloé Dupré", "Dmitri Ivanov",
           "Eilidh MacLeod", "Fatima Zahra", "Günter Weiß", "Hiroshi Sato",
           "Ingrid Næss", "José Núñez", "Kwame Mensah", "Laura Bianchi"]

CATEGORIES = ["world", "politics", "business", "science", "tech", "health",
              "sport", "culture", "climate", "local", "opinion", "travel"]


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(s):
    return esc(s).replace('"', "&quot;")


def words_from(h, n):
    out = []
    for k in range(n):
        if k % 7 == 6:
            h = mix(h + 0x51ED2701)
        out.append(WORDS[(h >> ((k % 7) * 9)) % NW])
    return " ".join(out)


class Corpus:
    """Paragraphs of HTML, prebuilt once; bodies are slices of them."""

    def __init__(self, seed, npar=3000):
        html, text, sentences = [], [], []
        h = mix(seed ^ 0xC0FFEE)
        for p in range(npar):
            h = mix(h)
            nsent = 2 + h % 5
            sents = []
            for s in range(nsent):
                h = mix(h)
                w = words_from(h, 8 + h % 14)
                sents.append(w[0].upper() + w[1:] + ".")
            plain = " ".join(sents)
            # Sprinkle markup: a link, emphasis, sometimes a list or image.
            ws = plain.split(" ")
            a = 1 + h % max(1, len(ws) - 3)
            ws[a] = '<a href="https://example.org/ref/%d?a=1&amp;b=2">%s</a>' % (
                p, esc(ws[a]))
            for k in range(len(ws)):
                if k != a:
                    ws[k] = esc(ws[k])
            if len(ws) > 6:
                ws[3] = "<em>" + ws[3] + "</em>"
            body = "<p>" + " ".join(ws) + "</p>\n"
            if h % 11 == 0:
                body += ('<figure><img src="https://img.example.org/%d.jpg" '
                         'alt="photo &amp; caption" width="640" height="360">'
                         '<figcaption>%s</figcaption></figure>\n'
                         % (p, esc(words_from(mix(h), 6))))
            if h % 13 == 0:
                body += "<ul><li>%s</li><li>%s</li></ul>\n" % (
                    esc(words_from(mix(h + 1), 4)), esc(words_from(mix(h + 2), 5)))
            html.append(body)
            text.append(plain)
            sentences.extend(sents)
        # Doubled so any paragraph can start a slice of up to the corpus size.
        html = html + html
        self.npar = npar
        self.html = "".join(html)
        self.html_offs = self._offs(html)
        ehtml = [esc(x) for x in html]
        self.ehtml = "".join(ehtml)
        self.ehtml_offs = self._offs(ehtml)
        self.text = text
        self.sentences = sentences

    def lead(self, h):
        """The story's own opening: a sentence of its own, then seven drawn
        by h from the corpus's, so that no two stories open alike (a near-duplicate
        detector must not take unrelated stories for copies, as it would
        if they shared the corpus's paragraphs from the start)."""
        ns = len(self.sentences)
        first = words_from(mix(h ^ 0x1EAD), 14)
        return first[0].upper() + first[1:] + ". " + " ".join(
            self.sentences[mix(h + k) % ns] for k in range(7))

    @staticmethod
    def _offs(parts):
        offs, o = [], 0
        for x in parts:
            offs.append(o)
            o += len(x)
        offs.append(o)
        return offs

    def body(self, h, size, escaped, lh=None):
        """HTML of about size chars starting at paragraph h % npar: whole
        paragraphs up to the nearest boundary, or one cut paragraph."""
        s, offs = (self.ehtml, self.ehtml_offs) if escaped else \
            (self.html, self.html_offs)
        p = h % self.npar
        start = offs[p]
        lead = "<p>" + esc(self.lead(h if lh is None else lh)) + "</p>\n"
        if size < len(lead) + (offs[p + 1] - start) // 2:
            t = self.summary(h, max(size - 8, 20), lh)
            t = "<p>" + esc(t) + "</p>"
            return esc(t) if escaped else t
        if escaped:
            lead = esc(lead)
        size -= len(lead)
        want = start + size
        end = bisect.bisect_left(offs, want, p + 1)
        end = min(end, p + self.npar)
        if end > p + 1 and want - offs[end - 1] < offs[end] - want:
            end -= 1
        return lead + s[start:offs[end]]

    def summary(self, h, size, lh=None):
        t = self.lead(h if lh is None else lh) + " " + self.text[h % self.npar]
        if len(t) > size:
            cut = t.rfind(" ", 0, size)
            t = t[:cut if cut > 0 else size] + "..."
        return t


# --- sources ----------------------------------------------------------------

FORMATS = ("rss2", "atom", "rss1")
EXT = {"rss2": "xml", "atom": "atom", "rss1": "rdf"}


def site_addr(net, k):
    """Address of site k (0-based): net.1 .. net.254, then the next /24."""
    a, b, c = (int(x) for x in net.split("."))
    c += k // 254
    return "%d.%d.%d.%d" % (a, b, c, 1 + k % 254)


class Source:
    __slots__ = ("i", "name", "fmt", "latin1", "n", "target", "full", "site",
                 "addr", "path", "url", "interval", "base", "host", "title",
                 "cdata", "permalink", "h", "nfresh", "old_span")

    def __init__(self, g, i):
        h = h3(g.seed, i, 1)
        self.h = h
        self.i = i
        self.name = "s%05d" % i
        u = unit(h)
        self.fmt = "rss2" if u < 0.5 else ("atom" if u < 0.85 else "rss1")
        h2 = mix(h)
        self.latin1 = unit(h2) < 0.10
        h2 = mix(h2)
        self.target = int(10 * 1024 * (19 ** unit(h2)))   # 10 KB .. 190 KB
        h2 = mix(h2)
        # 20-100 entries, at most one per ~500 bytes so the size holds.
        self.n = 20 + h2 % (min(100, max(20, self.target // 500)) - 19)
        h2 = mix(h2)
        self.full = unit(h2) < 0.40
        h2 = mix(h2)
        self.cdata = h2 % 2 == 0
        self.permalink = (h2 >> 8) % 3 == 0
        self.interval = 1800 + (h2 >> 16) % (6 * 3600 - 1800)
        self.base = (g.epoch - 20 * 86400 - (h2 >> 40) % (5 * 86400)
                     - (self.n - 1) * self.interval)
        if g.shape != "old":
            # The newest entry 0-2 h before the epoch; the fresh ones
            # (all, or the newest third) spread over the next 4-21 h back.
            h2 = mix(h2)
            newest = g.epoch - h2 % 7200
            span = 4 * 3600 + (h2 >> 20) % (17 * 3600)
            self.nfresh = self.n if g.shape == "fresh" else max(1, self.n // 3)
            self.interval = max(60, span // max(1, self.nfresh - 1))
            self.base = newest - (self.n - 1) * self.interval
            # mixed: the older entries 1-6 weeks back, evenly.
            self.old_span = 7 * 86400 + (h2 >> 40) % (35 * 86400)
        self.site = i % g.sites
        self.addr = site_addr(g.net, self.site)
        self.path = "/feeds/%s.%s" % (self.name, EXT[self.fmt])
        self.url = "http://%s:%d%s" % (self.addr, g.port, self.path)
        self.host = "news%d.example" % self.site
        t = words_from(mix(h ^ 77), 3).title()
        self.title = "Site %d %s" % (i, t)
        if not self.latin1 and i % 3 == 0:
            self.title += " " + UTF8_EXTRAS[i % len(UTF8_EXTRAS)]


def shift_for(g, i, version_round):
    """Total window shift of source i after soak rounds 1..version_round."""
    total = 0
    for r in range(1, version_round + 1):
        h = h3(g.seed ^ 0x50A4, r, i)
        if unit(h) < g.fraction:
            total += 1 + (h >> 20) % 5
    return total


def chosen(g, i, r):
    return unit(h3(g.seed ^ 0x50A4, r, i)) < g.fraction


def rfc822(t):
    return time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(t))


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class Story:
    __slots__ = ("title", "link", "guid", "date", "author", "cat", "h",
                 "lh", "shared")


def story(g, src, j):
    """Entry j (0 = oldest ever) of src."""
    st = Story()
    h = h3(g.seed, src.i, 1000 + j)
    st.h = h
    st.lh = h
    st.date = src.base + j * src.interval
    if g.shape != "old" and j >= src.n:
        # Added by soak rounds: news of the minutes after the newest.
        st.date = src.base + (src.n - 1) * src.interval + \
            (j - src.n + 1) * 120
    if g.shape == "mixed":
        # j counts from the oldest ever; soak rounds add newer ones.
        k = src.n - 1 - j              # 0 = the newest at shift 0
        if k >= src.nfresh:
            newest_old = src.base + (src.n - src.nfresh) * src.interval
            steps = max(1, src.n - src.nfresh)
            st.date = (newest_old - 86400
                       - (k - src.nfresh) * (src.old_span // steps))
    st.author = AUTHORS[(h >> 5) % len(AUTHORS)]
    st.cat = CATEGORIES[(h >> 9) % len(CATEGORIES)]
    if unit(h) < g.shared:
        # A copy of a story several sources carry: same link everywhere
        # (sometimes with tracking parameters), the source's own guid.
        pid = (h >> 13) % g.pool
        ph = h3(g.seed, 0x5EED, pid)
        st.shared = pid
        st.title = words_from(ph, 7 + ph % 6).capitalize()
        base = "https://wire%d.example/%d/story-%d" % (pid % 17, 2025 + ph % 2, pid)
        if ph % 4 == 0:
            base += "?id=%d" % pid
        st.link = base
        if (h >> 40) % 3 == 0:
            st.link += ("&" if "?" in base else "?") + \
                "utm_source=%s&utm_medium=rss&utm_campaign=feed" % src.name
        elif (h >> 40) % 3 == 1 and (h >> 42) % 4 == 0:
            st.link += "#comments"
        st.h = ph ^ src.i        # its own body after the lead...
        st.lh = ph               # ...which opens as every copy does
    else:
        st.shared = None
        st.title = words_from(h, 6 + h % 8).capitalize()
        st.link = "https://%s/%s/%d/%02d/%s-%d.html" % (
            src.host, src.name, 2025, 1 + j % 12, WORDS[h % 40], j)
    if src.permalink:
        st.guid = st.link
    else:
        st.guid = "tag:%s,2025:%s/%d" % (src.host, src.name, j)
    if not src.latin1 and (h >> 50) % 5 == 0:
        st.title += " " + UTF8_EXTRAS[(h >> 53) % len(UTF8_EXTRAS)]
    return st


def render(g, src, shift):
    """The document of src at window shift, as bytes."""
    corpus = g.corpus
    first = shift
    js = range(first + src.n - 1, first - 1, -1)          # newest first
    charset = "ISO-8859-1" if src.latin1 else "UTF-8"
    newest = src.base + (first + src.n - 1) * src.interval
    out = ['<?xml version="1.0" encoding="%s"?>\n' % charset]
    home = "https://%s/" % src.host
    stories = [story(g, src, j) for j in js]
    stats = g.stats
    if stats is not None:
        for st in stories:
            stats["items"] += 1
            if st.shared is not None:
                stats["shared_slots"] += 1
                stats["pool"][st.shared] = stats["pool"].get(st.shared, 0) + 1
    # Pass 1 with empty bodies measures the fixed part; pass 2 spends what
    # is left of the target size on the bodies.
    fixed = len(fmt_doc(src, stories, out[0], home, newest,
                        lambda h, e: "", lambda h: "", lambda h: ""))
    budget = max((src.target - fixed) // src.n, 40)
    if src.full:
        sumlen = min(300, budget // 4 + 40)
        bodylen = max(budget - sumlen, 60)
    else:
        sumlen = budget
        bodylen = 0
    doc = fmt_doc(src, stories, out[0], home, newest,
                  lambda st, e: corpus.body(st.h, bodylen, e, st.lh),
                  lambda st: corpus.body(st.h, sumlen, True, st.lh),
                  lambda st: corpus.summary(st.h, sumlen, st.lh))
    return doc.encode("latin-1" if src.latin1 else "utf-8")


def fmt_doc(src, stories, xmldecl, home, newest, body, desc, summary):
    """Format the document: body(h, escaped) is a full HTML body, desc(h)
    an escaped HTML description, summary(h) a plain-text summary."""
    out = [xmldecl]
    if src.fmt == "rss2":
        out.append('<rss version="2.0" xmlns:content="http://purl.org/rss/'
                   '1.0/modules/content/" xmlns:dc="http://purl.org/dc/'
                   'elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
                   '<channel>\n<title>%s</title>\n<link>%s</link>\n'
                   '<description>Synthetic source %d</description>\n'
                   '<language>en</language>\n<lastBuildDate>%s</lastBuildDate>\n'
                   '<atom:link rel="self" type="application/rss+xml" href="%s"/>\n'
                   % (esc(src.title), home, src.i, rfc822(newest), src.url))
        for st in stories:
            out.append("<item>\n<title>%s</title>\n<link>%s</link>\n" %
                       (esc(st.title), esc(st.link)))
            if src.permalink:
                out.append("<guid>%s</guid>\n" % esc(st.guid))
            else:
                out.append('<guid isPermaLink="false">%s</guid>\n' % st.guid)
            out.append("<pubDate>%s</pubDate>\n<dc:creator>%s</dc:creator>\n"
                       "<category>%s</category>\n"
                       % (rfc822(st.date), esc(st.author), st.cat))
            if src.full:
                out.append("<description>%s</description>\n" %
                           esc(summary(st)))
                if src.cdata:
                    out.append("<content:encoded><![CDATA[%s]]></content:encoded>\n"
                               % body(st, False))
                else:
                    out.append("<content:encoded>%s</content:encoded>\n"
                               % body(st, True))
            else:
                out.append("<description>%s</description>\n" %
                           desc(st))
            out.append("</item>\n")
        out.append("</channel>\n</rss>\n")
    elif src.fmt == "atom":
        out.append('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
                   '<title>%s</title>\n<id>tag:%s,2025:%s</id>\n'
                   '<updated>%s</updated>\n'
                   '<link rel="alternate" type="text/html" href="%s"/>\n'
                   '<link rel="self" href="%s"/>\n'
                   '<author><name>Newsroom %d</name></author>\n'
                   % (esc(src.title), src.host, src.name, rfc3339(newest),
                      home, src.url, src.i))
        for st in stories:
            d = rfc3339(st.date)
            out.append('<entry>\n<title type="text">%s</title>\n'
                       '<link rel="alternate" type="text/html" href="%s"/>\n'
                       '<id>%s</id>\n<published>%s</published>\n'
                       '<updated>%s</updated>\n'
                       '<author><name>%s</name></author>\n'
                       '<category term="%s"/>\n'
                       % (esc(st.title), esc_attr(st.link), esc(st.guid), d, d,
                          esc(st.author), st.cat))
            if src.full:
                out.append('<summary type="text">%s</summary>\n'
                           '<content type="html">%s</content>\n'
                           % (esc(summary(st)),
                              body(st, True)))
            else:
                out.append('<summary type="html">%s</summary>\n'
                           % desc(st))
            out.append("</entry>\n")
        out.append("</feed>\n")
    else:
        out.append('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
                   'syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc='
                   '"http://purl.org/dc/elements/1.1/" xmlns:content="http:'
                   '//purl.org/rss/1.0/modules/content/">\n'
                   '<channel rdf:about="%s">\n<title>%s</title>\n'
                   '<link>%s</link>\n<description>Synthetic source %d'
                   '</description>\n<dc:date>%s</dc:date>\n<items><rdf:Seq>\n'
                   % (esc_attr(src.url), esc(src.title), home, src.i,
                      rfc3339(newest)))
        for st in stories:
            out.append('<rdf:li rdf:resource="%s"/>\n' % esc_attr(st.guid))
        out.append("</rdf:Seq></items>\n</channel>\n")
        for st in stories:
            out.append('<item rdf:about="%s">\n<title>%s</title>\n'
                       '<link>%s</link>\n<dc:date>%s</dc:date>\n'
                       '<dc:creator>%s</dc:creator>\n<dc:subject>%s</dc:subject>\n'
                       % (esc_attr(st.guid), esc(st.title), esc(st.link),
                          rfc3339(st.date), esc(st.author), st.cat))
            if src.full:
                out.append("<description>%s</description>\n" %
                           esc(summary(st)))
                out.append("<content:encoded><![CDATA[%s]]></content:encoded>\n"
                           % body(st, False))
            else:
                out.append("<description>%s</description>\n" %
                           desc(st))
            out.append("</item>\n")
        out.append("</rdf:RDF>\n")
    return "".join(out)


class Gen:
    def __init__(self, seed, n, sites, port, net, shared=0.15, fraction=0.10,
                 epoch=EPOCH0, shape="old"):
        if not net.startswith("127."):
            sys.exit("gen.py: --net must be inside 127.0.0.0/8 (loopback)")
        self.seed = seed
        self.n = n
        self.sites = max(1, min(sites, n))
        self.port = port
        self.net = net
        self.shared = shared
        self.fraction = fraction
        self.epoch = epoch
        self.shape = shape
        # Pool of shared stories: each is drawn about 3 times on average.
        self.pool = max(1, int(n * 45 * shared / 3))
        self.corpus = Corpus(seed)
        self.stats = None


def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


def gz(data):
    """Deterministic gzip (no name, no time) for nginx's gzip_static."""
    return gzip.compress(data, 6, mtime=0)


def gen_range(g, out, lo, hi, stats, with_gz=False):
    g.stats = stats
    rows = []
    for i in range(lo, hi):
        src = Source(g, i)
        data = render(g, src, 0)
        d = os.path.join(out, "sites", src.addr, "feeds")
        p = os.path.join(d, os.path.basename(src.path))
        with open(p, "wb") as f:
            f.write(data)
        if with_gz:
            z = gz(data)
            with open(p + ".gz", "wb") as f:
                f.write(z)
            stats["gz_bytes"] += len(z)
        stats["bytes"] += len(data)
        stats[src.fmt] += 1
        stats["latin1"] += src.latin1
        stats["full"] += src.full
        rows.append("%s\t%s\t%s\t%s\t%d\t%s\n" % (
            src.name, src.url, src.fmt,
            "ISO-8859-1" if src.latin1 else "UTF-8", len(data), p))
    return rows


def _worker(args):
    seed, n, sites, port, net, shared, epoch, shape, with_gz, out, lo, hi = args
    g = Gen(seed, n, sites, port, net, shared, epoch=epoch, shape=shape)
    stats = new_stats()
    rows = gen_range(g, out, lo, hi, stats, with_gz)
    return rows, stats


def new_stats():
    return {"bytes": 0, "gz_bytes": 0, "items": 0, "shared_slots": 0, "pool": {},
            "rss2": 0, "atom": 0, "rss1": 0, "latin1": 0, "full": 0}


def cmd_generate(a):
    t0 = time.time()
    out = os.path.abspath(a.out)
    g = Gen(a.seed, a.n, a.sites, a.port, a.net, a.shared, epoch=a.epoch,
            shape=a.shape)
    for k in range(g.sites):
        os.makedirs(os.path.join(out, "sites", site_addr(a.net, k), "feeds"),
                    exist_ok=True)
    jobs = max(1, a.jobs)
    if jobs > 1 and a.n >= 200:
        import multiprocessing
        step = (a.n + jobs * 4 - 1) // (jobs * 4)
        parts = [(a.seed, a.n, a.sites, a.port, a.net, a.shared, a.epoch,
                  a.shape, a.gzip, out, lo,
                  min(lo + step, a.n)) for lo in range(0, a.n, step)]
        with multiprocessing.Pool(jobs) as pool:
            results = pool.map(_worker, parts)
    else:
        st = new_stats()
        results = [(gen_range(g, out, 0, a.n, st, a.gzip), st)]
    stats = new_stats()
    rows = []
    for r, s in results:
        rows.extend(r)
        for k, v in s.items():
            if k == "pool":
                for pid, c in v.items():
                    stats["pool"][pid] = stats["pool"].get(pid, 0) + c
            else:
                stats[k] += v
    with open(os.path.join(out, "sources.tsv"), "w") as f:
        f.writelines(rows)
    with open(os.path.join(out, "urls.txt"), "w") as f:
        f.writelines(r.split("\t")[1] + "\n" for r in rows)
    pool = stats.pop("pool")
    multi = sum(1 for c in pool.values() if c >= 2)
    multi_slots = sum(c for c in pool.values() if c >= 2)
    distinct = stats["items"] - stats["shared_slots"] + len(pool)
    stats.update({
        "seed": a.seed, "n": a.n, "sites": g.sites, "port": a.port,
        "net": a.net, "shared": a.shared, "pool": g.pool, "epoch": a.epoch,
        "shape": a.shape,
        "gzip": bool(a.gzip),
        "distinct_stories": distinct,
        "stories_in_several_sources": multi,
        "items_of_stories_in_several_sources": multi_slots,
        "seconds": round(time.time() - t0, 2),
    })
    with open(os.path.join(out, "gen.json"), "w") as f:
        json.dump(stats, f, indent=1, sort_keys=True)
        f.write("\n")
    sys.stderr.write(
        "gen.py: %d sources (%d rss2, %d atom, %d rss1; %d ISO-8859-1; %d full "
        "HTML) on %d sites, %.1f MB, %d items, %.1f%% of items are copies of "
        "a story in several sources, %.1fs\n" % (
            a.n, stats["rss2"], stats["atom"], stats["rss1"], stats["latin1"],
            stats["full"], g.sites, stats["bytes"] / 1e6, stats["items"],
            100.0 * multi_slots / max(1, stats["items"]), stats["seconds"]))


def cmd_mutate(a):
    out = os.path.abspath(a.out)
    with open(os.path.join(out, "gen.json")) as f:
        p = json.load(f)
    g = Gen(p["seed"], p["n"], p["sites"], p["port"], p["net"], p["shared"],
            a.fraction, p["epoch"], p.get("shape", "old"))
    changed = 0
    for i in range(g.n):
        if not chosen(g, i, a.round):
            continue
        src = Source(g, i)
        data = render(g, src, shift_for(g, i, a.round))
        path = os.path.join(out, "sites", src.addr, "feeds",
                            os.path.basename(src.path))
        if p.get("gzip"):
            write_atomic(path + ".gz", gz(data))
        write_atomic(path, data)
        changed += 1
    print(changed)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--out", required=True)
    g.add_argument("--n", type=int, default=1000)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--sites", type=int, default=100)
    g.add_argument("--port", type=int, default=8080)
    g.add_argument("--net", default="127.0.1")
    g.add_argument("--shared", type=float, default=0.15)
    g.add_argument("--epoch", type=int, default=EPOCH0,
                   help="Unix time the dates are relative to")
    g.add_argument("--shape", choices=("old", "fresh", "mixed"),
                   default="old", help="how the entries are dated")
    g.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    g.add_argument("--gzip", action="store_true",
                   help="also write FILE.gz beside each file (gzip_static)")
    m = sub.add_parser("mutate")
    m.add_argument("--out", required=True)
    m.add_argument("--round", type=int, required=True)
    m.add_argument("--fraction", type=float, default=0.10)
    a = ap.parse_args()
    if a.cmd == "generate":
        cmd_generate(a)
    else:
        cmd_mutate(a)


if __name__ == "__main__":
    main()
