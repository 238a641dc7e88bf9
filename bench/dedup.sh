#!/bin/sh
# bench/dedup.sh: the cost of deduplicating an item as the state grows.
#
#   bench/dedup.sh [SIZES]      (make bench-dedup runs it from the build dir)
#
# Builds bench/dedup_bench.c against the build dir's libfeedmerge.a and
# runs it on a new state in DEDUP_DIR (default a temp dir, removed at the
# end).  SIZES: story counts, comma-separated (default, or DEDUP_SIZES,
# 10000,100000,1000000); DEDUP_PROBES items timed at each (default 2000).
# Prints, per size and kind of item (new story, teaser, syndicated copy,
# unchanged entry), the mean and median microseconds of merge_put_item()
# and whether each item ended as it should; then each size's mean as a
# ratio of the first's.  Target: flat within 2x.  The 1,000,000-story
# state takes a few minutes to fill and about 1.5 GB of disk.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "${BENCH_BUILD_DIR:-.}" && pwd)
SIZES=${1:-${DEDUP_SIZES:-10000,100000,1000000}}
PROBES=${DEDUP_PROBES:-2000}

case ${1:-} in
-h|--help)
	sed -n '2,14s/^# \{0,1\}//p' "$0"
	exit 0
	;;
esac

. "$HERE/lib.sh"
bench_need_build dedup.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/feedmerge-dedup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
DIR=${DEDUP_DIR:-$WORK}
mkdir -p "$DIR"
rm -f "$DIR/dedup.db" "$DIR/dedup.db-wal" "$DIR/dedup.db-shm" \
    "$DIR/dedup.db.lock"

bench_cc "$HERE/dedup_bench.c" "$WORK/dedup_bench"
echo "== merge_put_item() cost per item; state in $DIR"
"$WORK/dedup_bench" "$DIR/dedup.db" "$SIZES" "$PROBES"
