#!/bin/sh
# bench/bigbody.sh: the peak memory of one very large feed body (issue 16).
#
#   bench/bigbody.sh [RUNS]     (make bench-bigbody runs it from the build dir)
#
# Generates a feed of BIG_MB MiB (default 200) with python3, serves it from
# 127.0.0.1 with tests/httpd.py, and runs `feedmerge --once` on it under
# /usr/bin/time -v with max_size = BIG_MAX_SIZE (default 300M), on an empty
# state each time.  RUNS (or BIG_RUNS): FORMAT:CODING words, FORMAT rss or
# atom, CODING identity or gzip (served pre-compressed, Content-Encoding:
# gzip); default "rss:identity rss:gzip atom:identity atom:gzip".
# BIG_REPAIR=1 puts one &nbsp; in the feed (the byte repair pass then has
# something to change); BIG_PARAS=N gives each item N paragraphs of about
# 330 bytes (default 2 to 5: 1.9 KB items).  Prints per run the body size
# (decoded and on the wire), wall time, peak RSS, and the peak as a ratio
# to max_size and to the body.  Knobs: FEEDMERGE (./feedmerge), BIG_DIR
# (default a temp dir, removed at the end; a directory given is kept and
# its feeds reused), BIG_SEED (1).  Needs python3 and GNU time; loopback
# only.
set -eu

case ${1:-} in
-h|--help)
	sed -n '2,20s/^# \{0,1\}//p' "$0"
	exit 0
	;;
esac

HERE=$(cd "$(dirname "$0")" && pwd)
FEEDMERGE=${FEEDMERGE:-./feedmerge}
BIG_MB=${BIG_MB:-200}
BIG_MAX_SIZE=${BIG_MAX_SIZE:-300M}
BIG_SEED=${BIG_SEED:-1}
BIG_REPAIR=${BIG_REPAIR:-0}
BIG_PARAS=${BIG_PARAS:-0}
RUNS=${1:-${BIG_RUNS:-rss:identity rss:gzip atom:identity atom:gzip}}
PYTHON=${PYTHON:-python3}

for c in "$PYTHON" /usr/bin/time; do
	if ! command -v "$c" >/dev/null 2>&1; then
		echo "bigbody.sh: $c is needed" >&2
		exit 1
	fi
done
if [ ! -x "$FEEDMERGE" ]; then
	echo "bigbody.sh: $FEEDMERGE: no feedmerge binary (set FEEDMERGE)" >&2
	exit 1
fi
FEEDMERGE=$(cd "$(dirname "$FEEDMERGE")" && pwd)/$(basename "$FEEDMERGE")

if [ -n "${BIG_DIR:-}" ]; then
	DIR=$BIG_DIR
	KEEP=1
	mkdir -p "$DIR"
else
	DIR=$(mktemp -d "${TMPDIR:-/tmp}/feedmerge-bigbody.XXXXXX")
	KEEP=0
fi
DIR=$(cd "$DIR" && pwd)
HTTPD_PID=
cleanup() {
	if [ -n "$HTTPD_PID" ]; then
		kill "$HTTPD_PID" 2>/dev/null || :
		wait "$HTTPD_PID" 2>/dev/null || :
	fi
	if [ "$KEEP" = 0 ]; then
		rm -rf "$DIR"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# max_size in bytes, as feedmerge reads it (K, M, G: powers of 1024).
max_bytes=$("$PYTHON" -c 'import sys
v = sys.argv[1].strip().upper()
m = {"B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
print(int(v[:-1]) * m[v[-1]] if v[-1] in m else int(v))' "$BIG_MAX_SIZE")

# gen FORMAT: www/big.FORMAT (and .gz), unless there with the same params.
gen() {
	stamp="$BIG_MB $BIG_SEED $BIG_REPAIR $BIG_PARAS $1"
	if [ -f "$DIR/www/big.$1.gz" ] && [ -f "$DIR/www/big.$1.params" ] &&
	    [ "$(cat "$DIR/www/big.$1.params")" = "$stamp" ]; then
		return 0
	fi
	mkdir -p "$DIR/www"
	echo "== generating a $BIG_MB MiB $1 feed in $DIR/www"
	"$PYTHON" - "$1" "$BIG_MB" "$BIG_SEED" "$BIG_REPAIR" \
	    "$DIR/www/big.$1" "$BIG_PARAS" <<'EOF'
import gzip, random, sys, time, email.utils
from xml.sax.saxutils import escape

fmt, mb, seed, repair, out = sys.argv[1], int(sys.argv[2]), \
    int(sys.argv[3]), sys.argv[4] == "1", sys.argv[5]
paras = int(sys.argv[6])
rng = random.Random(seed)
syl = ["ka", "lo", "mi", "ne", "ru", "ta", "ve", "zo", "ber", "dan",
       "fel", "gor", "hin", "jul", "mar", "nor", "pel", "ques", "sto", "tri"]
vocab = ["".join(rng.choices(syl, k=rng.randint(1, 4)))
         for _ in range(9000)]
vocab += ["the", "a", "of", "and", "to", "in", "is", "that", "for", "on",
          "caf\u00e9", "na\u00efve", "\u2014", "\u00fcber"]
epoch = int(time.time()) // 3600 * 3600
target = mb << 20

def para(n):
    w = rng.choices(vocab, k=n)
    w[0] = w[0].capitalize()
    i = rng.randrange(n)
    w[i] = "<em>%s</em>" % w[i]
    if rng.random() < 0.3:
        j = rng.randrange(n)
        w[j] = '<a href="http://bigbody.test/t/%s">%s</a>' % (w[j], w[j])
    return "<p>" + " ".join(w) + ".</p>"

def html(k):
    return "\n".join(para(rng.randint(25, 70)) for _ in range(k))

if fmt == "rss":
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
            '<title>Big body</title>\n<link>http://bigbody.test/</link>\n'
            '<description>One very large feed</description>\n')
    tail = "</channel>\n</rss>\n"
else:
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom">\n'
            '<title>Big body</title>\n'
            '<link rel="alternate" href="http://bigbody.test/"/>\n'
            '<id>tag:bigbody.test,2026:feed</id>\n<updated>%s</updated>\n'
            % time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch)))
    tail = "</feed>\n"

def item(n):
    t = epoch - 30 * n
    title = " ".join(rng.choices(vocab, k=rng.randint(4, 10))).capitalize()
    body = html(paras if paras > 0 else rng.randint(2, 5))
    # An HTML entity XML does not define, as feeds carry them.
    nbsp = "&nbsp;" if repair and n == 7 else ""
    link = "http://bigbody.test/story/%d" % n
    author = rng.choice(vocab).capitalize() + " " + \
        rng.choice(vocab).capitalize()
    if fmt == "rss":
        s = ("<item>\n<title>%s %d</title>\n<link>%s</link>\n"
             '<guid isPermaLink="false">bigbody-%d</guid>\n'
             "<pubDate>%s</pubDate>\n<dc:creator>%s</dc:creator>\n"
             "<category>%s</category>\n" %
             (escape(title) + nbsp, n, link, n,
              email.utils.formatdate(t, usegmt=True), author,
              rng.choice(vocab)))
        if n % 4 == 0:
            s += ("<description>%s</description>\n"
                  "<content:encoded><![CDATA[%s]]></content:encoded>\n" %
                  (escape(body.split("\n")[0]), body))
        else:
            s += "<description>%s</description>\n" % escape(body)
        return s + "</item>\n"
    return ("<entry>\n<title>%s %d</title>\n"
            '<link rel="alternate" href="%s"/>\n'
            "<id>tag:bigbody.test,2026:%d</id>\n"
            "<updated>%s</updated>\n<author><name>%s</name></author>\n"
            '<category term="%s"/>\n'
            '<content type="html">%s</content>\n</entry>\n' %
            (escape(title) + nbsp, n, link, n,
             time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)), author,
             rng.choice(vocab), escape(body)))

size = 0
n = 0
with open(out, "wb") as f, open(out + ".gz", "wb") as gf, \
        gzip.GzipFile(fileobj=gf, mode="wb", compresslevel=6, mtime=0) as g:
    def put(s):
        global size
        b = s.encode("utf-8")
        f.write(b)
        g.write(b)
        size += len(b)
    put(head)
    while size < target - len(tail):
        n += 1
        put(item(n))
    put(tail)
print("%d items, %d bytes" % (n, size))
EOF
	echo "$stamp" >"$DIR/www/big.$1.params"
}

for r in $RUNS; do
	case $r in
	rss:identity|rss:gzip|atom:identity|atom:gzip) ;;
	*)	echo "bigbody.sh: bad run \"$r\" (FORMAT:CODING)" >&2
		exit 1 ;;
	esac
	gen "${r%%:*}"
done

cat >"$DIR/routes.json" <<EOF
{"/rss-identity.xml": {"body_file": "big.rss", "ignore_validators": true,
  "content_type": "application/rss+xml"},
 "/rss-gzip.xml": {"body_file": "big.rss.gz", "ignore_validators": true,
  "content_type": "application/rss+xml",
  "headers": {"Content-Encoding": "gzip"}},
 "/atom-identity.xml": {"body_file": "big.atom", "ignore_validators": true,
  "content_type": "application/atom+xml"},
 "/atom-gzip.xml": {"body_file": "big.atom.gz", "ignore_validators": true,
  "content_type": "application/atom+xml",
  "headers": {"Content-Encoding": "gzip"}}}
EOF
rm -f "$DIR/httpd.port"
"$PYTHON" -I -S "$HERE/../tests/httpd.py" --root "$DIR/www" \
    --routes "$DIR/routes.json" --port-file "$DIR/httpd.port" \
    --max-seconds 1800 >"$DIR/httpd.err" 2>&1 </dev/null &
HTTPD_PID=$!
i=0
while [ ! -s "$DIR/httpd.port" ]; do
	i=$((i + 1))
	if [ "$i" -gt 100 ] || ! kill -0 "$HTTPD_PID" 2>/dev/null; then
		echo "bigbody.sh: httpd.py did not start:" >&2
		cat "$DIR/httpd.err" >&2
		exit 1
	fi
	sleep 0.1
done
PORT=$(cat "$DIR/httpd.port")

printf '%-14s %10s %10s %8s %8s %10s %9s %8s  %s\n' run "body MB" \
    "wire MB" "wall s" "CPU s" "peak MB" "/max_size" "/body" items \
    >"$DIR/results.txt"
for r in $RUNS; do
	fmt=${r%%:*}
	coding=${r#*:}
	name=$fmt-$coding
	rm -f "$DIR/state.db" "$DIR/state.db-wal" "$DIR/state.db-shm" \
	    "$DIR/state.db.lock" "$DIR/out.atom"
	cat >"$DIR/$name.conf" <<EOF
[feed]
title = Big body
id = tag:bigbody.test,2026:digest
output = $DIR/out.atom

[daemon]
state = $DIR/state.db
refresh = 1h
timeout = 10m
max_size = $BIG_MAX_SIZE

[source "big"]
url = http://127.0.0.1:$PORT/$name.xml
EOF
	echo "== $name: feedmerge --once, max_size = $BIG_MAX_SIZE"
	rc=0
	/usr/bin/time -v -o "$DIR/$name.time" "$FEEDMERGE" --once \
	    -c "$DIR/$name.conf" 2>"$DIR/$name.log" || rc=$?
	grep 'round:' "$DIR/$name.log" || :
	if [ "$rc" != 0 ]; then
		echo "bigbody.sh: $name: feedmerge exited $rc:" >&2
		tail -5 "$DIR/$name.log" >&2
	fi
	body=$(wc -c <"$DIR/www/big.$fmt")
	if [ "$coding" = gzip ]; then
		wire=$(wc -c <"$DIR/www/big.$fmt.gz")
	else
		wire=$body
	fi
	"$PYTHON" - "$DIR/$name.time" "$name" "$body" "$wire" "$max_bytes" \
	    "$DIR/$name.log" >>"$DIR/results.txt" <<'EOF'
import re, sys
tf, name, body, wire, mx, logf = sys.argv[1:7]
body, wire, mx = int(body), int(wire), int(mx)
t = open(tf).read()
def field(k):
    m = re.search(r"^\s*" + re.escape(k) + r": (.*)$", t, re.M)
    return m.group(1).strip() if m else "0"
rss = int(field("Maximum resident set size (kbytes)")) * 1024
w = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(w)))
cpu = float(field("User time (seconds)")) + \
    float(field("System time (seconds)"))
m = re.search(r"round: .*? (\d+) new items", open(logf).read())
items = m.group(1) if m else "?"
print("%-14s %10.1f %10.1f %8.2f %8.2f %10.1f %8.2fx %7.2fx  %s" %
      (name, body / 2**20, wire / 2**20, wall, cpu, rss / 2**20,
       rss / mx, rss / body, items))
EOF
done
echo
echo "== peak RSS of feedmerge --once (MB = MiB), max_size = $BIG_MAX_SIZE"
cat "$DIR/results.txt"
if [ "$KEEP" = 1 ]; then
	echo "(kept in $DIR)"
fi
