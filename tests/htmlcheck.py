#!/usr/bin/env python3
"""htmlcheck.py PARSECHECK DIR [NAME...]: check the pages of tests/html.

For every DIR/NAME.expect (tests/html/FORMAT.md), run
    PARSECHECK DIR/NAME.html --type html --base URL [--content-type CT]
read the golden dump it prints (tests/parse/FORMAT.md, with the kind,
summary_cut and origin lines of pages) and check each expectation.
Prints "ok NAME" or "not ok NAME" with one "# line" per failed
expectation, then "# N passed, N failed"; exits 1 on any failure."""
import html
import re
import subprocess
import sys

TAGS = re.compile(r"<[^>]*>")
BLOCK_END = re.compile(r"(?i)</?(p|div|h[1-6]|li|ul|ol|blockquote|pre|table|tr|td|th|figure|figcaption|dd|dt|dl|br|hr)\b[^>]*>")


def norm(s):
    return " ".join((s or "").split())


def text_of(fragment):
    """The text of an HTML fragment, as a reader would copy it."""
    s = BLOCK_END.sub(" ", fragment or "")
    return norm(html.unescape(TAGS.sub("", s)))


def unescape_dump(v):
    out, i = [], 0
    while i < len(v):
        if v[i] == "\\" and i + 1 < len(v):
            out.append({"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(v[i + 1], v[i + 1]))
            i += 2
        else:
            out.append(v[i])
            i += 1
    return "".join(out)


def parse_dump(out):
    """The dump as (page fields, [item dicts])."""
    page, items, cur = {}, [], None
    for line in out.splitlines():
        if re.fullmatch(r"item \d+", line):
            cur = {"categories": []}
            items.append(cur)
            continue
        key, sep, value = line.partition(": ")
        if not sep:
            continue
        value = unescape_dump(value)
        target = cur if cur is not None else page
        m = re.fullmatch(r"(summary|content)\((html|text)\)", key)
        if m:
            target[m.group(1)] = value if m.group(2) == "text" else text_of(value)
            target[m.group(1) + "_html"] = value if m.group(2) == "html" else None
        elif key == "category":
            target.setdefault("categories", []).append(value)
        else:
            target[key] = value
    return page, items


def check(parsecheck, path_html, path_expect):
    exp = []
    for raw in open(path_expect, encoding="utf-8"):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            exp.append(("bad", line))
            continue
        exp.append((key.strip(), value.strip()))
    base = next((v for k, v in exp if k == "base"), None)
    ct = next((v for k, v in exp if k == "content-type"), None)
    cmd = [parsecheck, path_html, "--type", "html"]
    if base:
        cmd += ["--base", base]
    if ct:
        cmd += ["--content-type", ct]
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return ["parsecheck timed out"]
    if r.returncode != 0:
        return ["parsecheck exited %d: %s" % (r.returncode, r.stderr.decode(errors="replace")[:300])]
    page, items = parse_dump(r.stdout.decode("utf-8", errors="replace"))
    full = [it for it in items if it.get("kind") == "full"]
    teasers = {}
    for it in items:
        if it.get("kind") == "teaser" and "link" in it:
            teasers.setdefault(it["link"], it)
    story = full[0] if len(full) == 1 else None
    body = norm(story.get("content", "")) if story else ""
    fails = []

    def need_story(key):
        if story is None:
            fails.append("%s: no main story (%d full items)" % (key, len(full)))
            return False
        return True

    def split_pair(value):
        url, _, rest = value.partition("|")
        return url.strip(), norm(rest)

    for key, value in exp:
        v = norm(value)
        if key in ("base", "content-type"):
            continue
        if key == "bad":
            fails.append("unreadable expectation line: %s" % value)
        elif key == "kind":
            if v == "article" and len(full) != 1:
                fails.append("kind: article, but %d full items" % len(full))
            elif v == "listing" and full:
                fails.append("kind: listing, but a main story was found: %r" % full[0].get("title"))
        elif key in ("title", "link", "author", "published", "updated", "summary"):
            if need_story(key):
                got = norm(story.get(key if key != "summary" else "summary", ""))
                if got != v:
                    fails.append("%s: want %r, got %r" % (key, v, got))
        elif key == "summary-starts":
            if need_story(key) and not norm(story.get("summary", "")).startswith(v):
                fails.append("summary-starts: want %r, got %r" % (v, norm(story.get("summary", ""))[:120]))
        elif key == "image":
            if need_story(key) and norm(story.get("thumbnail", "")) != v:
                fails.append("image: want %r, got %r" % (v, story.get("thumbnail")))
        elif key == "body-has":
            if need_story(key) and v not in body:
                fails.append("body-has: missing %r" % v[:100])
        elif key == "body-lacks":
            if need_story(key) and v in body:
                fails.append("body-lacks: leaked %r" % v[:100])
        elif key == "body-starts":
            if need_story(key) and not body.startswith(v):
                fails.append("body-starts: want %r, got %r" % (v[:80], body[:80]))
        elif key == "body-min":
            if need_story(key) and len(body) < int(v):
                fails.append("body-min: %d characters, want %s" % (len(body), v))
        elif key == "teaser":
            url, headline = split_pair(value)
            t = teasers.get(url)
            if t is None:
                fails.append("teaser: none for %s" % url)
            elif norm(t.get("title", "")) != headline:
                fails.append("teaser %s: headline %r, want %r" % (url, t.get("title"), headline))
        elif key == "teaser-snippet":
            url, snippet = split_pair(value)
            t = teasers.get(url)
            if t is None:
                fails.append("teaser-snippet: no teaser for %s" % url)
            elif norm(t.get("summary", "")) != snippet:
                fails.append("teaser %s: snippet %r, want %r" % (url, t.get("summary"), snippet))
        elif key == "teaser-cut":
            t = teasers.get(v)
            if t is None:
                fails.append("teaser-cut: no teaser for %s" % v)
            elif t.get("summary_cut") != "yes":
                fails.append("teaser %s: snippet not marked as cut" % v)
        elif key == "teaser-image":
            url, image = split_pair(value)
            t = teasers.get(url)
            if t is None:
                fails.append("teaser-image: no teaser for %s" % url)
            elif norm(t.get("thumbnail", "")) != image:
                fails.append("teaser %s: image %r, want %r" % (url, t.get("thumbnail"), image))
        elif key == "not-teaser":
            if v in teasers:
                fails.append("not-teaser: %s is a teaser (%r)" % (v, teasers[v].get("title")))
        elif key == "teasers":
            if len(teasers) != int(v):
                fails.append("teasers: %d, want %s (%s)" % (len(teasers), v, ", ".join(sorted(teasers))[:600]))
        elif key == "teasers-max":
            if len(teasers) > int(v):
                fails.append("teasers-max: %d, want at most %s" % (len(teasers), v))
        else:
            fails.append("unknown expectation %r" % key)
    return fails


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    parsecheck, d = sys.argv[1], sys.argv[2]
    import os
    names = sys.argv[3:] or sorted(f[:-7] for f in os.listdir(d) if f.endswith(".expect"))
    passed = failed = 0
    for name in names:
        name = os.path.basename(name)
        name = re.sub(r"\.(html|expect)$", "", name)
        fails = check(parsecheck, os.path.join(d, name + ".html"), os.path.join(d, name + ".expect"))
        if fails:
            failed += 1
            print("not ok %s" % name)
            for f in fails:
                print("# " + f)
        else:
            passed += 1
            print("ok %s" % name)
    print("# %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
