#!/bin/sh
# fuzz/run.sh: run each libFuzzer target for FUZZ_SECONDS (default 60).
#
#   sh fuzz/run.sh fuzz/feed_fuzzer ...     (make fuzz runs them all)
#
# Seeds come from the test fixtures (feeds, pages, the XSS corpus, the
# example configs) and a few URLs and dates; each target's corpus grows
# in fuzz/out/NAME/corpus and a crashing input is kept there as crash-*,
# leak-*, timeout-* (libFuzzer's artifacts).  Prints one line per target:
# its executions and whether it ran clean; exits 1 if one did not.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
secs=${FUZZ_SECONDS:-60}
out=${FUZZ_OUT:-fuzz/out}
rc=0

seed() {
	name=$1
	dir=$out/$name/seeds
	rm -rf "$dir"
	mkdir -p "$dir"
	case $name in
	feed_fuzzer)
		find "$top/tests/parse" "$top/examples/feeds" -type f \
		    ! -name '*.expected' ! -name '*.meta' ! -name '*.md' |
		    head -n 400 | while read -r f; do cp "$f" "$dir/"; done ;;
	html_fuzzer)
		find "$top/tests/html" "$top/tests/newsweb" -name '*.html' |
		    head -n 200 | while read -r f; do
			cp "$f" "$dir/$(echo "$f" | cksum | cut -d' ' -f1).html"
		done ;;
	sanitize_fuzzer)
		python3 -c 'import json, sys, os
for i, l in enumerate(open(sys.argv[1], encoding="utf-8")):
    if l.strip():
        with open(os.path.join(sys.argv[2], "v%03d" % i), "w") as f:
            f.write(json.loads(l)["html"])' \
		    "$top/tests/xss/vectors.jsonl" "$dir" ;;
	url_fuzzer)
		for u in "https://www.example.org/a/./b/../c?utm_source=x&b=2&a=1#f" \
		    "HTTP://Example.COM:80/%7euser/index.html" "//cdn.example/x" \
		    "../up?amp=1" "https://amp.example.org/story/amp/" \
		    "javascript:alert(1)" "http://[::1]:8080/p" "mailto:a@b.c" \
		    "http://:80:80" "https://xn--bcher-kva.example/%E4"; do
			printf '%s' "$u" >"$dir/$(printf '%s' "$u" | cksum | cut -d' ' -f1)"
		done ;;
	date_fuzzer)
		for d in "Tue, 01 Dec 2026 08:00:00 GMT" "2026-12-01T08:00:00Z" \
		    "2026-12-01T08:00:00.123+05:30" "01 Dec 26 8:00 EST" \
		    "Mon, 31 Feb 2026 25:61:61 +9999" "2026-12-01" \
		    "Tuesday, December 1, 2026 8:00 AM PST" "1764576000"; do
			printf '%s' "$d" >"$dir/$(printf '%s' "$d" | cksum | cut -d' ' -f1)"
		done ;;
	conf_fuzzer)
		cp "$top/conf/feedmerge.conf" "$top/examples/example.conf" "$dir/" ;;
	esac
}

for t in "$@"; do
	name=$(basename "$t")
	seed "$name"
	mkdir -p "$out/$name/corpus"
	"$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
	    -max_len=262144 -print_final_stats=1 \
	    -artifact_prefix="$out/$name/" "$out/$name/corpus" \
	    "$out/$name/seeds" >"$out/$name/log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
	    "$out/$name/log" | tail -n 1)
	if [ "$status" -eq 0 ]; then
		echo "$name: ${execs:-?} executions in ${secs}s, clean"
	else
		echo "$name: FAILED after ${execs:-?} executions (exit $status): see $out/$name/log"
		grep -E "^(==[0-9]+==ERROR|SUMMARY|fuzz: )" "$out/$name/log" | head -n 5
		rc=1
	fi
done
exit $rc
