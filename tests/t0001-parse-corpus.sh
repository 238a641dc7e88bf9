#!/bin/sh
# t0001-parse-corpus.sh: run tests/parsecheck over the fixture corpus.
#
# For every tests/parse/NAME.expected there is one fixture tests/parse/NAME.*
# (any extension but .expected and .meta).  The fixture is parsed with
#     $top_builddir/tests/parsecheck FIXTURE [--base URL] [--content-type CT]
# (URL and CT come from the optional NAME.meta, lines `base: URL` and
# `content-type: VALUE`) and its output compared with NAME.expected by
# `diff -u`.  The golden format is described in tests/parse/FORMAT.md.
# A NAME.expected holding the single line `error` means the fixture must be
# rejected: parsecheck must exit 1 and print a first line starting `error`.
# Any other fixture must exit 0 with exactly the expected output.
#
# Usage: tests/t0001-parse-corpus.sh [NAME...]
#   With names (e.g. rss2-basic, or tests/parse/rss2-basic.xml), only those
#   fixtures run.  Prints `ok NAME` / `not ok NAME` (with the diff as `#`
#   lines), then `# N passed, N failed`; exits 1 on any failure.
# Environment: top_srcdir (default: this script's ../), top_builddir
# (default: top_srcdir), PARSECHECK (default: $top_builddir/tests/parsecheck),
# PARSE_TIMEOUT seconds per fixture (default 20).

LC_ALL=C
export LC_ALL

script_dir=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$script_dir/..}"
: "${top_builddir:=$top_srcdir}"
: "${PARSECHECK:=$top_builddir/tests/parsecheck}"
: "${PARSE_TIMEOUT:=20}"
corpus=$top_srcdir/tests/parse

if [ ! -x "$PARSECHECK" ]; then
	echo "Bail out! $PARSECHECK not built (make tests/parsecheck)" >&2
	exit 99
fi
if [ ! -d "$corpus" ]; then
	echo "Bail out! no corpus at $corpus" >&2
	exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/t0001.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Run under timeout(1) when there is one: an entity bomb must not hang us.
if command -v timeout >/dev/null 2>&1; then
	run_limited() { timeout "$PARSE_TIMEOUT" "$@"; }
else
	run_limited() { "$@"; }
fi

# meta_value FILE KEY: the value of the first `KEY: value` line, trimmed.
meta_value() {
	sed -n "s/^$2:[[:space:]]*//p" "$1" | sed 's/[[:space:]]*$//' | head -n 1
}

passed=0
failed=0

# report_diff FILE: print FILE as `#` comment lines (at most 60).
report() {
	sed -n '1,60s/^/# /p' "$1"
	n=$(wc -l < "$1")
	[ "$n" -gt 60 ] && echo "# ... ($n lines)"
}

# check_one NAME: runs one fixture; sets ok=1 or ok=0.
check_one() {
	name=$1
	expected=$corpus/$name.expected
	fixture=
	for f in "$corpus/$name".*; do
		case $f in
		*.expected|*.meta) ;;
		*) [ -f "$f" ] && fixture=$f ;;
		esac
	done
	if [ ! -f "$expected" ] || [ -z "$fixture" ]; then
		echo "not ok $name"
		echo "# no fixture or no $name.expected in $corpus"
		return 1
	fi
	set -- "$fixture"
	if [ -f "$corpus/$name.meta" ]; then
		base=$(meta_value "$corpus/$name.meta" base)
		ct=$(meta_value "$corpus/$name.meta" content-type)
		[ -n "$base" ] && set -- "$@" --base "$base"
		[ -n "$ct" ] && set -- "$@" --content-type "$ct"
	fi
	run_limited "$PARSECHECK" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ "$(cat "$expected")" = error ]; then
		first=$(head -n 1 "$tmp/out")
		case $rc:$first in
		1:error*) echo "ok $name"; return 0 ;;
		esac
		echo "not ok $name"
		echo "# expected rejection (exit 1, output 'error'), got exit $rc:"
		report "$tmp/out"
		report "$tmp/err"
		return 1
	fi
	if [ "$rc" -eq 0 ] &&
	    diff -u --label "$name.expected" --label "$name (parsecheck)" \
	    "$expected" "$tmp/out" > "$tmp/diff" 2>&1; then
		echo "ok $name"
		return 0
	fi
	echo "not ok $name"
	if [ "$rc" -ne 0 ]; then
		[ "$rc" -eq 124 ] && echo "# timed out after ${PARSE_TIMEOUT}s"
		echo "# parsecheck exited $rc"
		report "$tmp/err"
	fi
	diff -u --label "$name.expected" --label "$name (parsecheck)" \
	    "$expected" "$tmp/out" > "$tmp/diff" 2>&1
	report "$tmp/diff"
	return 1
}

if [ $# -gt 0 ]; then
	names=
	for a in "$@"; do
		a=${a##*/}
		case $a in
		*.*) a=${a%.*} ;;
		esac
		names="$names $a"
	done
else
	names=
	for e in "$corpus"/*.expected; do
		[ -f "$e" ] || continue
		e=${e##*/}
		names="$names ${e%.expected}"
	done
fi

for name in $names; do
	if check_one "$name"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done

echo "1..$((passed + failed))"
echo "# $passed passed, $failed failed"
[ "$failed" -eq 0 ]
