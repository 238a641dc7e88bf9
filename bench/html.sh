#!/bin/sh
# bench/html.sh: page extraction speed next to libxml2's bare HTML parse.
#
#   bench/html.sh [N]             (make bench-html runs it from the build dir)
#   bench/html.sh --corpus DIR    every DIR/*.html instead of generated pages
#
# Generates N synthetic news pages with bench/gen_pages.py (default 2000,
# or HTML_N; seed BENCH_SEED, default 1) into HTML_DIR (default a new temp
# dir, removed at the end; an HTML_DIR that already holds a MANIFEST of N
# pages for this seed is reused), builds bench/html_bench.c against the
# build dir's libfeedmerge.a, and prints, in process, best of HTML_REPS
# (default 3) runs over every page:
#   - bare:    libxml2's htmlReadMemory() + xmlFreeDoc() of each page;
#   - extract: feedmerge's parse_html() + parse_result_free() (metadata,
#              main story, teasers) of the same bytes;
# pages/s and MB/s of each, items per page, the ratio extract/bare (wall
# and CPU) and the peak RSS.  Target: extraction costs at most 2x the bare
# parse (CPU ratio <= 2).  Nothing is fetched: pages are read into memory
# first.  With --corpus, each DIR/NAME.html gets the base URL
# http://bench.invalid/NAME.html, and the same figures are printed.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${BENCH_BUILD_DIR:-.}" && pwd)
SEED=${BENCH_SEED:-1}
REPS=${HTML_REPS:-3}
CORPUS=
N=${HTML_N:-2000}

usage() {
	echo "usage: html.sh [N] | html.sh --corpus DIR" >&2
	exit 2
}
case ${1:-} in
--corpus)
	[ $# -eq 2 ] || usage
	CORPUS=$(cd "$2" && pwd) || exit 1
	;;
-h|--help)
	sed -n '2,20s/^# \{0,1\}//p' "$0"
	exit 0
	;;
'')
	;;
*)
	[ $# -eq 1 ] || usage
	case $1 in *[!0-9]*) usage ;; esac
	N=$1
	;;
esac

. "$HERE/lib.sh"
bench_need_build html.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/feedmerge-html.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

if [ -n "$CORPUS" ]; then
	# Names without tabs or newlines only: the manifest is line-based.
	find "$CORPUS" -maxdepth 1 -type f -name '*.html' | LC_ALL=C sort |
	    while IFS= read -r f; do
		printf '%s\thttp://bench.invalid/%s\n' "$f" "${f##*/}"
	    done >"$WORK/MANIFEST"
	[ -s "$WORK/MANIFEST" ] ||
	    { echo "html.sh: no *.html in $CORPUS" >&2; exit 1; }
	MANIFEST=$WORK/MANIFEST
	echo "corpus: $(wc -l <"$MANIFEST") pages in $CORPUS"
else
	DIR=${HTML_DIR:-$WORK/pages}
	stamp="n=$N seed=$SEED $(cksum <"$HERE/gen_pages.py")"
	if [ -f "$DIR/MANIFEST" ] && [ -f "$DIR/.stamp" ] &&
	    [ "$(cat "$DIR/.stamp")" = "$stamp" ]; then
		echo "reusing $N pages (seed $SEED) in $DIR"
	else
		echo "generating $N pages (seed $SEED) in $DIR"
		rm -f "$DIR/.stamp"
		python3 "$HERE/gen_pages.py" "$N" "$DIR" --seed "$SEED"
		echo "$stamp" >"$DIR/.stamp"
	fi
	MANIFEST=$DIR/MANIFEST
fi

bench_cc "$HERE/html_bench.c" "$WORK/html_bench"

echo
echo "== feedmerge parse_html() vs libxml2's bare HTML parse, in process" \
    "(best of $REPS)"
"$WORK/html_bench" -r "$REPS" "$MANIFEST" | tee "$WORK/out.txt"
awk '/^ratio /{
	sub(/x$/, "", $5)
	r = $5 + 0
	printf "target: extraction <= 2x bare parse: %s (ratio %.2f, CPU)\n",
	    r <= 2 ? "PASS" : "FAIL", r
}' "$WORK/out.txt"
