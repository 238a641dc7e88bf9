#!/usr/bin/env python3
"""formats.py FILE...: check RSS 2.0 and JSON Feed 1.1 files feedmerge wrote.

FILE.rss: well-formed; <rss version="2.0"> with one <channel> holding the
required title, link and description; every item has a title or a
description, a guid (isPermaLink="false" unless it is a URL), a pubDate
that is an RFC 822 date, and enclosures with url, length and type;
Universal Feed Parser reads it without bozo, as rss20, every entry.

FILE.json: valid against tests/jsonfeed-1.1.schema.json (python3-jsonschema,
with format checks); every date RFC 3339; no two items share an id.

Prints one line per problem; exit 1 if there is one."""
import email.utils
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import feedparser
import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
bad = 0


def problem(path, msg):
    global bad
    print("%s: %s" % (path, msg))
    bad += 1


def check_rss(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        problem(path, "not well-formed: %s" % e)
        return
    if root.tag != "rss" or root.get("version") != "2.0":
        problem(path, "root is not <rss version=\"2.0\">")
    chans = root.findall("channel")
    if len(chans) != 1:
        problem(path, "%d channels" % len(chans))
        return
    ch = chans[0]
    for req in ("title", "link", "description"):
        if not (ch.findtext(req) or "").strip():
            problem(path, "channel has no %s" % req)
    items = ch.findall("item")
    for i, it in enumerate(items):
        what = "item %d" % (i + 1)
        if not (it.findtext("title") or it.findtext("description")):
            problem(path, "%s: neither title nor description" % what)
        g = it.find("guid")
        if g is None or not (g.text or "").strip():
            problem(path, "%s: no guid" % what)
        elif g.get("isPermaLink", "true") == "true" and \
                not g.text.startswith(("http://", "https://")):
            problem(path, "%s: guid %s is no permalink" % (what, g.text))
        d = it.findtext("pubDate")
        if d is None:
            problem(path, "%s: no pubDate" % what)
        else:
            try:
                email.utils.parsedate_to_datetime(d)
            except (TypeError, ValueError):
                problem(path, "%s: pubDate %r is not RFC 822" % (what, d))
        for enc in it.findall("enclosure"):
            if not all(enc.get(a) for a in ("url", "length", "type")):
                problem(path, "%s: enclosure without url, length, type" % what)
    d = feedparser.parse(path)
    if d.bozo:
        problem(path, "feedparser: %s" % d.bozo_exception)
    if d.version != "rss20":
        problem(path, "feedparser reads version %r" % d.version)
    if len(d.entries) != len(items):
        problem(path, "feedparser read %d of %d items" % (len(d.entries),
                                                          len(items)))


def check_json(path):
    with open(os.path.join(HERE, "jsonfeed-1.1.schema.json")) as f:
        schema = json.load(f)
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except ValueError as e:
        problem(path, "not JSON: %s" % e)
        return
    v = jsonschema.Draft7Validator(schema,
                                   format_checker=jsonschema.FormatChecker())
    for err in v.iter_errors(doc):
        problem(path, "schema: %s at %s" % (err.message,
                                             "/".join(map(str, err.path))))
    # (Debian's feedparser 6.0 reads no JSON Feed: the schema, and the
    # ids and dates here, are the check.)
    for i, item in enumerate(doc.get("items", [])):
        for k in ("date_published", "date_modified"):
            if k in item and not re.match(
                    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$",
                    item[k]):
                problem(path, "item %d: %s %r is not RFC 3339" % (
                    i + 1, k, item[k]))
    ids = [i.get("id") for i in doc.get("items", [])]
    if len(set(ids)) != len(ids):
        problem(path, "two items share an id")

for p in sys.argv[1:]:
    if p.endswith(".json"):
        check_json(p)
    else:
        check_rss(p)
sys.exit(1 if bad else 0)
