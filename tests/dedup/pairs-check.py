#!/usr/bin/env python3
"""
pairs-check.py: check tests/dedup/items.jsonl and print its counts.

    python3 tests/dedup/pairs-check.py [items.jsonl]

Verifies that every line parses as a JSON object with exactly the
data set's fields, each of the right type and form, and that the set as a
whole meets its targets (items, stories, sources, hard-negative groups).
Prints the counts: items, stories, same-story and different-story pairs,
per kind, per source, per kind pair, and the pairs inside the hard-negative
groups (groups.json beside the file).  Exits 1 if any check failed.
"""
import collections
import datetime as dt
import itertools
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = ["story", "source", "kind", "guid", "link", "aliases", "title",
          "summary", "summary_cut", "content", "published"]
KINDS = ("full", "feed", "teaser")
URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[^\s]*)?$")
ELLIPSES = ("…", "...", "[…]")

problems = []
checks = collections.OrderedDict()


def bad(line, msg):
    problems.append("line %d: %s" % (line, msg))


def is_iso(s):
    try:
        # fromisoformat() reads "Z" only from Python 3.11 on.
        d = dt.datetime.fromisoformat(s[:-1] + "+00:00" if s.endswith("Z") else s)
    except ValueError:
        return False
    return d.tzinfo is not None and "T" in s


def words(html):
    return len(re.sub(r"<[^>]+>", " ", html).split())


def check_item(n, it):
    if not isinstance(it, dict):
        bad(n, "not a JSON object")
        return False
    keys = list(it.keys())
    if set(keys) != set(FIELDS):
        missing = [f for f in FIELDS if f not in it]
        extra = [k for k in keys if k not in FIELDS]
        bad(n, "fields: missing %s, extra %s" % (missing, extra))
        return False
    ok = True

    def need(cond, msg):
        nonlocal ok
        if not cond:
            bad(n, msg)
            ok = False

    need(isinstance(it["story"], str) and re.match(r"^s\d{3,}$", it["story"]),
         "story is not a label like s001: %r" % (it["story"],))
    need(isinstance(it["source"], str) and it["source"], "source is not a name")
    need(it["kind"] in KINDS, "kind %r" % (it["kind"],))
    need(it["guid"] is None or (isinstance(it["guid"], str) and it["guid"]),
         "guid is neither null nor a string")
    need(isinstance(it["link"], str) and URL.match(it["link"]), "link %r" % (it["link"],))
    need(isinstance(it["aliases"], list) and all(isinstance(a, str) and URL.match(a)
                                                 for a in it["aliases"]),
         "aliases is not a list of URLs")
    need(isinstance(it["title"], str) and it["title"].strip(), "title is empty")
    need(isinstance(it["summary"], str), "summary is not a string")
    need(isinstance(it["summary_cut"], bool), "summary_cut is not a boolean")
    need(it["content"] is None or isinstance(it["content"], str), "content type")
    need(it["published"] is None or (isinstance(it["published"], str) and is_iso(it["published"])),
         "published is not ISO 8601 with a zone: %r" % (it["published"],))
    if not ok:
        return False
    # Consistency between the fields.
    k = it["kind"]
    if k == "full":
        need(it["content"] is not None, "a full item without content")
        need(it["guid"] is None, "a page with a guid")
    if k == "teaser":
        need(it["content"] is None, "a teaser with content")
        need(it["guid"] is None, "a teaser with a guid")
        need(it["aliases"] == [], "a teaser with aliases")
    if it["content"] is not None:
        w = words(it["content"])
        need(150 <= w <= 620, "content is %d words" % w)
        need(it["content"].lstrip().startswith("<p"), "content is not <p> paragraphs")
    if it["summary_cut"]:
        need(it["summary"].rstrip().endswith(ELLIPSES), "summary_cut but no ellipsis")
    need("<" not in it["summary"] or not re.search(r"<[a-z/]", it["summary"]),
         "summary is not plain text")
    need(it["link"] not in it["aliases"] or k != "feed", "a feed entry aliasing its own link")
    return ok


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "items.jsonl")
    raw = open(path, "rb").read()
    size = len(raw)
    try:
        text = raw.decode("utf-8")
        checks["file is UTF-8"] = True
    except UnicodeDecodeError as e:
        checks["file is UTF-8"] = False
        problems.append(str(e))
        text = raw.decode("utf-8", "replace")
    checks["file is under 2 MB (%d bytes)" % size] = size < 2 * 1024 * 1024

    items = []
    parse_ok = types_ok = True
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            if n != len(text.split("\n")):
                bad(n, "empty line")
                parse_ok = False
            continue
        try:
            it = json.loads(line)
        except ValueError as e:
            bad(n, "does not parse: %s" % e)
            parse_ok = False
            continue
        if check_item(n, it):
            items.append(it)
        else:
            types_ok = False
    checks["every line parses as JSON"] = parse_ok
    checks["every item has the fields, of the right types"] = types_ok

    by_story = collections.defaultdict(list)
    for it in items:
        by_story[it["story"]].append(it)
    kinds = collections.Counter(it["kind"] for it in items)
    sources = collections.Counter(it["source"] for it in items)
    sizes = collections.Counter(len(v) for v in by_story.values())
    n = len(items)
    same = sum(len(v) * (len(v) - 1) // 2 for v in by_story.values())
    total = n * (n - 1) // 2

    # Pairs by the kinds of their two items.
    same_kp = collections.Counter()
    for v in by_story.values():
        for a, b in itertools.combinations(v, 2):
            same_kp["-".join(sorted((a["kind"], b["kind"])))] += 1
    all_kp = collections.Counter()
    for a, b in itertools.combinations_with_replacement(KINDS, 2):
        all_kp["-".join(sorted((a, b)))] = (kinds[a] * (kinds[a] - 1) // 2 if a == b
                                             else kinds[a] * kinds[b])

    # Exact duplicates would be a labelling accident.
    seen = {}
    dup = 0
    for i, it in enumerate(items):
        key = json.dumps(it, sort_keys=True)
        if key in seen:
            dup += 1
        seen[key] = i
    checks["no two items are identical"] = dup == 0

    # A guid names one story within its source.
    gs = collections.defaultdict(set)
    for it in items:
        if it["guid"]:
            gs[(it["source"], it["guid"])].add(it["story"])
    clash = [k for k, v in gs.items() if len(v) > 1]
    checks["a guid is one story within its source"] = not clash
    for k in clash:
        problems.append("guid %s in %s names stories %s" % (k[1], k[0], sorted(gs[k])))

    groups = {}
    gpath = os.path.join(os.path.dirname(os.path.abspath(path)), "groups.json")
    if os.path.exists(gpath):
        groups = json.load(open(gpath, encoding="utf-8"))
    hn_stories = {m["story"] for g in groups.values() for m in g["stories"]}
    hn_pairs = 0
    for g in groups.values():
        members = [m["story"] for m in g["stories"]]
        for a, b in itertools.combinations(members, 2):
            hn_pairs += len(by_story.get(a, [])) * len(by_story.get(b, []))
    checks["all group members are stories of the set"] = hn_stories <= set(by_story)

    checks["at least 450 items (%d)" % n] = n >= 450
    checks["at least 110 stories (%d)" % len(by_story)] = len(by_story) >= 110
    checks["6-12 sources (%d)" % len(sources)] = 6 <= len(sources) <= 12
    checks["at least 40 stories in hard-negative groups (%d)" % len(hn_stories)] = \
        len(hn_stories) >= 40
    multi = sum(1 for v in by_story.values() if len({i["source"] for i in v}) > 1)
    checks["most stories reach several sources (%d of %d)" % (multi, len(by_story))] = \
        multi > len(by_story) / 2
    checks["every kind is present"] = all(kinds[k] for k in KINDS)

    print("items: %d" % n)
    print("stories: %d" % len(by_story))
    print("same-story pairs: %d" % same)
    print("different-story pairs: %d" % (total - same))
    print("hard-negative groups: %d (%d stories, %d different-story pairs inside them)"
          % (len(groups), len(hn_stories), hn_pairs))
    print("per kind: " + ", ".join("%s %d" % (k, kinds[k]) for k in KINDS))
    print("per source: " + ", ".join("%s %d" % kv for kv in sorted(sources.items())))
    print("stories by size: " + ", ".join("%d:%d" % kv for kv in sorted(sizes.items())))
    print("stories seen by more than one source: %d" % multi)
    print("pairs by kinds (same-story / all):")
    for kp in sorted(all_kp):
        print("  %-13s %5d / %d" % (kp, same_kp[kp], all_kp[kp]))
    print()
    failed = [c for c, v in checks.items() if not v]
    for c, v in checks.items():
        print("%s  %s" % ("ok  " if v else "FAIL", c))
    for p in problems[:50]:
        print("  " + p)
    if len(problems) > 50:
        print("  ... and %d more" % (len(problems) - 50))
    print("checks: %d passed, %d failed" % (len(checks) - len(failed), len(failed)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
