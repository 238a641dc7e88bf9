#!/bin/sh
# bench/parse.sh: parse speed of feedmerge next to libxml2's own (issue 3).
#
#   bench/parse.sh            (make bench-parse runs it from the build dir)
#
# Generates PARSE_N synthetic feeds with bench/gen.py (default 2000:
# RSS 2.0, Atom 1.0, RSS 1.0, some ISO-8859-1, 10-200 KB each), then prints:
#   - bench/parse_bench: feedmerge's parse_feed() over every file, in
#     process, best of 3: MB/s and items/s, and a bare libxml2 parse of
#     the same bytes in the same process;
#   - `xmllint --noout` over the same files (batched by xargs), wall and
#     CPU time, and feedmerge's speed as a ratio of it.
# Target: feedmerge parses at no less than 0.7x libxml2's bare speed.
# Nothing is fetched: files are read from disk into memory first.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${BENCH_BUILD_DIR:-.}" && pwd)
N=${PARSE_N:-2000}
SEED=${BENCH_SEED:-1}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/feedmerge-parse.XXXXXX")
trap 'rm -rf "$DIR"' EXIT INT TERM

. "$HERE/lib.sh"
bench_need_build parse.sh
command -v xmllint >/dev/null || { echo "parse.sh: needs xmllint" >&2; exit 1; }

echo "generating $N feeds (seed $SEED) in $DIR"
python3 "$HERE/gen.py" generate --out "$DIR/data" --n "$N" --seed "$SEED" \
    >/dev/null
find "$DIR/data/sites" -type f | sort >"$DIR/files"

bench_cc "$HERE/parse_bench.c" "$DIR/parse_bench"

echo
echo "== feedmerge parse_feed() vs libxml2, in process (best of 3)"
# One run over every file: xargs' default 128 KB of arguments would split
# the list and print two partial results.
xargs -s 1000000 "$DIR/parse_bench" -r 3 <"$DIR/files" | tee "$DIR/pb.txt"

echo
echo "== xmllint --noout over the same files"
start=$(date +%s.%N)
/usr/bin/time -f '%U %S' -o "$DIR/xt" sh -c \
    "xargs -n 200 xmllint --noout <'$DIR/files'"
end=$(date +%s.%N)
fm=$(awk '/^feedmerge /{print $2}' "$DIR/pb.txt")
mb=$(awk '/^bytes /{gsub(/[()]/, "", $3); print $3}' "$DIR/pb.txt")
awk -v s="$start" -v e="$end" -v fm="$fm" -v mb="$mb" \
    -v cpu="$(awk '{print $1 + $2}' "$DIR/xt")" 'BEGIN {
	w = e - s
	printf "xmllint       %.3f s wall, %.3f s CPU  %.1f MB/s (CPU)\n", w, cpu, mb / cpu
	printf "speed ratio   %.2fx of xmllint --noout (CPU time; target >= 0.7x)\n", cpu / fm
}'
