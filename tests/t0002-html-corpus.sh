#!/bin/sh
# t0002-html-corpus.sh: check the pages of tests/html against their .expect.
#
# Every tests/html/NAME.expect (tests/html/FORMAT.md) names a page
# tests/html/NAME.html; tests/htmlcheck.py runs
#     $top_builddir/tests/parsecheck NAME.html --type html --base URL
#         [--content-type CT]
# on it and checks each expectation line.  Its output (`ok NAME`,
# `not ok NAME` with one `# ...` line per failed expectation, then
# `# N passed, N failed`) is printed as it is; the test fails when any
# page fails.  No page is marked as an expected failure: a page that does
# not pass is reported as failing.
#
# Usage: tests/t0002-html-corpus.sh [NAME...]   (only those pages)
# Environment: top_srcdir (default: this script's ../), top_builddir
# (default: top_srcdir), PARSECHECK (default: $top_builddir/tests/parsecheck),
# PYTHON (default: python3).

LC_ALL=C
export LC_ALL

script_dir=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$script_dir/..}"
: "${top_builddir:=$top_srcdir}"
: "${PARSECHECK:=$top_builddir/tests/parsecheck}"
: "${PYTHON:=python3}"
corpus=$top_srcdir/tests/html
checker=$top_srcdir/tests/htmlcheck.py

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 6))' \
    >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 is needed"
	exit 77
fi
if [ ! -x "$PARSECHECK" ]; then
	echo "Bail out! $PARSECHECK not built (make tests/parsecheck)" >&2
	exit 99
fi
if [ ! -d "$corpus" ] || [ ! -f "$checker" ]; then
	echo "Bail out! no corpus at $corpus or no $checker" >&2
	exit 99
fi
# An absolute path: htmlcheck.py runs it with subprocess.
PARSECHECK=$(cd "$(dirname "$PARSECHECK")" && pwd)/$(basename "$PARSECHECK")

# An empty corpus would pass vacuously.
if [ $# -eq 0 ]; then
	n=0
	for e in "$corpus"/*.expect; do
		[ -f "$e" ] && n=$((n + 1))
	done
	if [ "$n" -eq 0 ]; then
		echo "Bail out! no .expect files in $corpus" >&2
		exit 99
	fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/t0002.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

"$PYTHON" "$checker" "$PARSECHECK" "$corpus" "$@" >"$tmp/out" 2>"$tmp/err"
rc=$?
cat "$tmp/out"
if [ -s "$tmp/err" ]; then
	sed 's/^/# stderr: /' "$tmp/err"
fi
# The plan, for automake's TAP driver: one case per page.
echo "1..$(grep -c -E '^(not )?ok ' "$tmp/out")"

# The checker's own tally must be there and agree with its exit status:
# a crash of htmlcheck.py (a traceback, no tally) is a failure too.
tally=$(grep -E '^# [0-9]+ passed, [0-9]+ failed$' "$tmp/out" | tail -n 1)
if [ -z "$tally" ]; then
	echo "# htmlcheck.py exited $rc without its summary line"
	[ "$rc" -eq 0 ] && rc=1
	exit "$rc"
fi
failed=$(echo "$tally" | sed 's/^# [0-9]* passed, \([0-9]*\) failed$/\1/')
notok=$(grep -c '^not ok ' "$tmp/out")
if [ "$failed" -ne "$notok" ]; then
	echo "# summary says $failed failed, but $notok pages are not ok"
	exit 1
fi
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then
	[ "$rc" -eq 0 ] && rc=1
	exit "$rc"
fi
exit 0
