#!/usr/bin/env python3
"""hostile.py: feeds of XSS vectors and bad links, and a check of the output.

  hostile.py feeds VECTORS DIR BASEURL
      Writes DIR/vectors.rss (RSS 2.0: each vector as an item's
      description), DIR/vectors.atom (Atom: each as content type="html",
      a few as inline XHTML), DIR/vectors.json (JSON Feed: content_html)
      and DIR/links.rss, DIR/links.json: items whose links, enclosures,
      thumbnails, comments and author URLs are javascript:, data:, file:
      and the like, each with a title "Bad link N".

  hostile.py check VECTORS OUTPUT
      Reads the Atom OUTPUT with the standard library alone (ElementTree,
      html.parser: another parser than feedmerge's) and checks that no
      entry's HTML carries an element, an attribute or a URL outside the
      policy, that the harmless text of every vector is there, that every
      URL outside the text is http(s) (mailto for an author's), and that
      every "Bad link" item is still an entry.  Prints each problem; exit
      1 when there is one.
"""
import html
import html.parser
import json
import os
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

A = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"

ELEMENTS = set("""a abbr b bdi bdo blockquote br caption cite code dd del
details dfn dir dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins
kbd li mark menu ol p picture pre q s samp small source strike strong sub
summary sup table tbody td tfoot th thead time tr tt u ul var""".split())
GLOBAL_ATTRS = {"title", "lang", "dir"}
ATTRS = {
    "a": {"href"}, "img": {"src", "srcset", "alt", "width", "height"},
    "source": {"srcset", "type", "media"}, "blockquote": {"cite"},
    "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "time": {"datetime"}, "td": {"colspan", "rowspan", "width", "height"},
    "th": {"colspan", "rowspan", "width", "height"}, "ol": {"start"},
    "details": {"open"}, "table": {"width", "height"},
}
DATA_IMAGES = ("data:image/png", "data:image/gif", "data:image/jpeg",
               "data:image/jpg", "data:image/webp")

BAD_LINKS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(2)", " javascript:alert(3)",
    "data:text/html,<script>alert(4)</script>", "file:///etc/passwd",
    "vbscript:msgbox(5)", "jav\tascript:alert(6)",
]


def scheme(url):
    """The scheme a browser sees: controls and blanks dropped, folded."""
    u = "".join(c for c in url if ord(c) > 0x20 and ord(c) != 0x7f).lower()
    head, sep, _ = u.partition(":")
    if not sep or not head or not head[0].isalpha() or \
            not all(c.isalnum() or c in "+-." for c in head):
        return None
    return head


def srcset_urls(v):
    """The URLs of a srcset as a browser reads them: a URL runs to a
    blank (commas in it, but trailing ones), a descriptor to a comma."""
    urls, i = [], 0
    while i < len(v):
        while i < len(v) and v[i] in " ,":
            i += 1
        j = i
        while j < len(v) and v[j] != " ":
            j += 1
        u = v[i:j]
        if u:
            stripped = u.rstrip(",")
            urls.append(stripped)
            if stripped == u:
                while j < len(v) and v[j] != ",":
                    j += 1
        i = j
    return urls


def url_ok(element, attr, url):
    s = scheme(url)
    if s in ("http", "https"):
        return True
    if s == "mailto":
        return element == "a" and attr == "href"
    if s == "data":
        return element == "img" and attr == "src" and \
            url.lower().startswith(DATA_IMAGES)
    return False


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag not in ELEMENTS:
            self.problems.append("element <%s>" % tag)
        for name, value in attrs:
            if name not in GLOBAL_ATTRS and name not in ATTRS.get(tag, ()):
                self.problems.append("attribute %s on <%s>" % (name, tag))
                continue
            value = value or ""
            if name in ("href", "src", "cite") and \
                    not url_ok(tag, name, value):
                self.problems.append("%s=%r on <%s>" % (name, value, tag))
            if name == "srcset":
                for u in srcset_urls(value):
                    if scheme(u) not in ("http", "https"):
                        self.problems.append("srcset %r" % u)

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.problems.append("a comment")

    def handle_pi(self, data):
        self.problems.append("a processing instruction")

    def unknown_decl(self, data):
        self.problems.append("a declaration <!%s>" % data[:20])


def load(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def feeds(vectors_path, out, base):
    vectors = load(vectors_path)
    # NUL cannot be in XML, and a feed carrying one is refused whole.
    for v in vectors:
        v["html"] = v["html"].replace("\0", "\ufffd")
    items = []
    for v in vectors:
        items.append("<item><title>v %s</title><link>%s/v/%s</link>"
                     "<guid>%s/v/%s</guid><pubDate>Tue, 01 Dec 2026 "
                     "08:00:00 GMT</pubDate><description>%s</description>"
                     "</item>" % (v["name"], base, v["name"], base, v["name"],
                                  escape(v["html"])))
    with open(os.path.join(out, "vectors.rss"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
                '<channel><title>Vectors RSS</title><link>%s/</link>%s'
                '</channel></rss>\n' % (base, "\n".join(items)))
    entries = []
    for v in vectors:
        entries.append("<entry><id>tag:hostile.test,2026:%s</id><title>a %s"
                       "</title><link href=\"%s/a/%s\"/><updated>2026-12-01"
                       "T07:00:00Z</updated><content type=\"html\">%s"
                       "</content></entry>" % (v["name"], v["name"], base,
                                               v["name"], escape(v["html"])))
    xhtml = [
        '<p onclick="alert(1)">Keep alpha <script>alert(2)</script></p>',
        '<a href="javascript:alert(3)">Keep alpha</a><iframe src="x">'
        '</iframe>',
        '<p style="background:url(javascript:alert(4))">Keep alpha</p>'
        '<img src="x" onerror="alert(5)"/>',
    ]
    for i, x in enumerate(xhtml):
        entries.append("<entry><id>tag:hostile.test,2026:x%d</id><title>x %d"
                       "</title><link href=\"%s/x/%d\"/><updated>2026-12-01"
                       "T06:00:00Z</updated><content type=\"xhtml\"><div "
                       "xmlns=\"http://www.w3.org/1999/xhtml\">%s</div>"
                       "</content></entry>" % (i, i, base, i, x))
    with open(os.path.join(out, "vectors.atom"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns='
                '"http://www.w3.org/2005/Atom"><title>Vectors Atom</title>'
                '<id>tag:hostile.test,2026:feed</id><updated>2026-12-01T07:00'
                ':00Z</updated>%s</feed>\n' % "\n".join(entries))
    with open(os.path.join(out, "vectors.json"), "w", encoding="utf-8") as f:
        json.dump({"version": "https://jsonfeed.org/version/1.1",
                   "title": "Vectors JSON", "items": [
                       {"id": "j-" + v["name"], "title": "j " + v["name"],
                        "url": "%s/j/%s" % (base, v["name"]),
                        "date_published": "2026-12-01T05:00:00Z",
                        "content_html": v["html"]} for v in vectors]}, f)
    # Links no reader should follow, in every place a link goes.
    items = []
    for i, u in enumerate(BAD_LINKS):
        a = quoteattr(u)
        items.append("<item><title>Bad link %d</title><link>%s</link>"
                     "<guid isPermaLink=\"false\">bad-%d</guid><comments>%s"
                     "</comments><enclosure url=%s type=\"audio/mpeg\" "
                     "length=\"1\"/><media:thumbnail url=%s/><description>"
                     "Keep link %d</description><pubDate>Tue, 01 Dec 2026 "
                     "04:00:00 GMT</pubDate></item>"
                     % (i, escape(u), i, escape(u), a, a, i))
    with open(os.path.join(out, "links.rss"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
                'xmlns:media="http://search.yahoo.com/mrss/"><channel>'
                '<title>Bad links</title><link>%s/</link>%s</channel>'
                '</rss>\n' % (base, "\n".join(items)))
    with open(os.path.join(out, "links.json"), "w", encoding="utf-8") as f:
        json.dump({"version": "https://jsonfeed.org/version/1.1",
                   "title": "Bad JSON links", "items": [
                       {"id": "jbad-%d" % i, "title": "Bad link j%d" % i,
                        "url": u + "?j", "content_text": "Keep json %d" % i,
                        "image": u + "?j", "external_url": u + "?j",
                        "date_published": "2026-12-01T03:00:00Z",
                        "authors": [{"name": "Mallory", "url": u + "?j"}],
                        "attachments": [{"url": u + "?j",
                                         "mime_type": "audio/mpeg"}]}
                       for i, u in enumerate(BAD_LINKS)]}, f)


def check(vectors_path, output):
    vectors = {v["name"]: v for v in load(vectors_path)}
    root = ET.parse(output).getroot()
    problems = []
    seen = set()
    bad_titles = set()
    for e in root.findall(A + "entry"):
        title = e.findtext(A + "title") or ""
        if title.startswith("Bad link"):
            bad_titles.add(title)
        name = title.split(" ", 1)[1] if title[:2] in ("v ", "a ", "j ") \
            else None
        text = []
        for tag in ("summary", "content"):
            x = e.find(A + tag)
            if x is None:
                continue
            body = "".join(x.itertext())
            if x.get("type") != "html":
                text.append(body)
                continue
            c = Checker()
            c.feed(body)
            c.close()
            for p in c.problems:
                problems.append("%s: %s: %s" % (title, tag, p))
            text.append("".join(c.text))
        if name in vectors:
            seen.add(title[0] + name)
            joined = html.unescape(" ".join(text))
            for k in vectors[name]["keep"]:
                # The RSS copy of a vector with a NUL stops there.
                if k not in joined and "\0" not in vectors[name]["html"]:
                    problems.append("%s: lost %r" % (title, k))
        for link in e.iter(A + "link"):
            if scheme(link.get("href", "")) not in ("http", "https"):
                problems.append("%s: link %r" % (title,
                                                 link.get("href")))
        for t in e.iter(MEDIA + "thumbnail"):
            if scheme(t.get("url", "")) not in ("http", "https"):
                problems.append("%s: thumbnail %r" % (title, t.get("url")))
        for u in e.iter(A + "uri"):
            if scheme(u.text or "") not in ("http", "https", "mailto"):
                problems.append("%s: uri %r" % (title, u.text))
    for prefix in "vaj":
        missing = [n for n in vectors if prefix + n not in seen]
        if missing:
            problems.append("%d vectors of the %s feed missing, e.g. %s" %
                            (len(missing), prefix, missing[:3]))
    want = {"Bad link %d" % i for i in range(len(BAD_LINKS))} | \
        {"Bad link j%d" % i for i in range(len(BAD_LINKS))}
    if want - bad_titles:
        problems.append("items lost with their bad links: %s" %
                        sorted(want - bad_titles))
    for p in problems:
        print(p)
    print("%d entries, %d problems" % (len(root.findall(A + "entry")),
                                       len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "feeds":
        feeds(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
