#!/usr/bin/env python3
"""check-corpus.py [FILE]: validate the XSS corpus (tests/xss/README.md).

FILE defaults to vectors.jsonl beside this script. Checks that every line
is one JSON object with the fields name, group, html, keep (and optionally
note), that names are unique kebab-case ids, that groups come from the
list below, that every keep string is plain ASCII text occurring literally
in the html, and that there are at least MIN_VECTORS vectors. Prints one
"# file:line: problem" per error, the count per group, then
"check-corpus: N passed, N failed" (vectors); exits 1 on any error."""
import json
import os
import re
import sys

MIN_VECTORS = 150
GROUPS = (
    "script", "event-handler", "url-scheme", "entity-encoding",
    "whitespace-split", "nested-malformed", "comment", "cdata", "svg",
    "mathml", "srcset", "meta-refresh", "css", "form", "iframe-embed",
    "base-link", "mxss", "attribute-injection", "namespace",
    "template-noscript", "misc",
)
REQUIRED = ("name", "group", "html", "keep")
OPTIONAL = ("note",)
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEEP = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .,:;!?'()-]*$")


def check(path):
    errors = []
    counts = dict.fromkeys(GROUPS, 0)
    seen = {}
    passed = failed = 0

    def err(lineno, msg):
        errors.append("# %s:%d: %s" % (os.path.basename(path), lineno, msg))

    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print("# %s: not UTF-8: %s" % (path, e))
        return 1
    if text.startswith("\ufeff"):
        err(1, "file starts with a byte order mark")
    if text and not text.endswith("\n"):
        err(text.count("\n") + 1, "last line has no newline")
    # Split on "\n" only: str.splitlines() would also split on U+2028 etc.
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()

    for lineno, line in enumerate(lines, 1):
        before = len(errors)
        if line.endswith("\r"):
            err(lineno, "CRLF line ending")
            line = line[:-1]
        if not line.strip():
            err(lineno, "blank line")
            failed += 1
            continue
        try:
            v = json.loads(line)
        except ValueError as e:
            err(lineno, "not valid JSON: %s" % e)
            failed += 1
            continue
        if not isinstance(v, dict):
            err(lineno, "not a JSON object")
            failed += 1
            continue
        for k in REQUIRED:
            if k not in v:
                err(lineno, "missing field %r" % k)
        for k in v:
            if k not in REQUIRED and k not in OPTIONAL:
                err(lineno, "unknown field %r" % k)

        name = v.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            err(lineno, "name %r is not a kebab-case id" % (name,))
        elif name in seen:
            err(lineno, "name %r already used on line %d" % (name, seen[name]))
        else:
            seen[name] = lineno

        group = v.get("group")
        if group in counts:
            counts[group] += 1
        elif "group" in v:
            err(lineno, "unknown group %r" % (group,))

        html = v.get("html")
        if not isinstance(html, str) or not html:
            err(lineno, "html must be a non-empty string")
            html = None

        keep = v.get("keep")
        if not isinstance(keep, list) or not 1 <= len(keep) <= 3:
            err(lineno, "keep must be an array of 1 to 3 strings")
        else:
            for k in keep:
                if not isinstance(k, str) or not KEEP.match(k) or k != k.strip():
                    err(lineno, "keep %r is not plain ASCII text" % (k,))
                elif html is not None and k not in html:
                    err(lineno, "keep %r does not occur in html" % k)
            if len(set(map(str, keep))) != len(keep):
                err(lineno, "keep has duplicates")

        if "note" in v and not (isinstance(v["note"], str) and v["note"].strip()
                                and "\n" not in v["note"]):
            err(lineno, "note must be a non-empty one-line string")

        if len(errors) == before:
            passed += 1
        else:
            failed += 1

    total = passed + failed
    if total < MIN_VECTORS:
        errors.append("# only %d vectors, need at least %d" % (total, MIN_VECTORS))
    for g in GROUPS:
        if counts[g] == 0:
            errors.append("# group %r has no vector" % g)

    for e in errors:
        print(e)
    width = max(map(len, GROUPS))
    for g in GROUPS:
        print("%-*s %4d" % (width, g, counts[g]))
    print("%-*s %4d" % (width, "total", total))
    print("check-corpus: %d passed, %d failed" % (passed, failed))
    return 1 if errors else 0


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    sys.exit(check(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "vectors.jsonl")))
