#!/bin/sh
# readers.sh: what feed readers make of files feedmerge wrote.
#
#   sh tests/readers.sh FILE...
#
# Each file is (1) validated against RFC 4287's RELAX NG schema
# (tests/atom/check.sh, xmllint); (2) read by Universal Feed Parser
# (Debian's python3-feedparser): no bozo, every entry with a title and a
# date, and with a link wherever the file gives it one; (3) read by
# newsboat from a file:// URL: no error logged, and as many articles as
# the file has entries (newsboat keeps one per id: two entries with one
# id would show).  Prints one line per problem; exit 1 if there is one,
# 2 when a reader is missing.  test-lib.sh runs it on every file a test
# made feedmerge write.

here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || { echo "usage: readers.sh FILE..." >&2; exit 2; }

# A python3 that has feedparser (a pyenv one may not).
fp_python=
for p in ${PYTHON:-} python3 /usr/bin/python3; do
	if [ -n "$p" ] && "$p" -c 'import feedparser' 2>/dev/null; then
		fp_python=$p
		break
	fi
done
if [ -z "$fp_python" ]; then
	echo "readers.sh: python3-feedparser is needed (apt-get install python3-feedparser)" >&2
	exit 2
fi
if ! command -v newsboat >/dev/null 2>&1; then
	echo "readers.sh: newsboat is needed (apt-get install newsboat)" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/readers.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rc=0
sh "$here/atom/check.sh" "$@" || rc=1

"$fp_python" - "$@" <<'EOF' || rc=1
import sys, xml.etree.ElementTree as ET
import feedparser
A = "{http://www.w3.org/2005/Atom}"
bad = 0
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    if d.bozo:
        print("%s: feedparser: %s" % (path, d.bozo_exception))
        bad += 1
        continue
    entries = ET.parse(path).getroot().findall(A + "entry")
    if len(d.entries) != len(entries):
        print("%s: feedparser read %d entries of %d" % (path, len(d.entries),
              len(entries)))
        bad += 1
    for e, x in zip(d.entries, entries):
        has_link = any(l.get("rel", "alternate") == "alternate"
                       for l in x.findall(A + "link"))
        what = e.get("id", "?")
        if not e.get("title"):
            print("%s: entry %s: no title" % (path, what)); bad += 1
        if not (e.get("published_parsed") and e.get("updated_parsed")):
            print("%s: entry %s: no date" % (path, what)); bad += 1
        if has_link and not e.get("link"):
            print("%s: entry %s: no link" % (path, what)); bad += 1
sys.exit(1 if bad else 0)
EOF

i=0
for f in "$@"; do
	i=$((i + 1))
	case $f in
	/*) abs=$f ;;
	*) abs=$PWD/$f ;;
	esac
	echo "file://$abs" >"$tmp/urls.$i"
	HOME=$tmp timeout 60 newsboat -u "$tmp/urls.$i" -c "$tmp/cache.$i" \
	    -C /dev/null -d "$tmp/log.$i" -l 3 -x reload print-unread \
	    >"$tmp/out.$i" 2>&1 </dev/null
	want=$(grep -c '<entry[ >]' "$f")
	got=$(sed -n 's/^\([0-9][0-9]*\) unread articles*$/\1/p' "$tmp/out.$i")
	if [ -s "$tmp/log.$i" ]; then
		echo "$f: newsboat: $(head -n 3 "$tmp/log.$i" | tr '\n' ' ')"
		rc=1
	elif [ "$got" != "$want" ]; then
		echo "$f: newsboat read ${got:-no} articles of $want entries: $(head -n 3 "$tmp/out.$i" | tr '\n' ' ')"
		rc=1
	fi
done
exit $rc
