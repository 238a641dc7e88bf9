#!/bin/sh
# bench/run.sh: the feedmerge benchmark (issue 10).  Never part of `make check`.
#
#   bench/run.sh [compare]   floors, peer and feedmerge side by side, per N
#   bench/run.sh soak        the daemon over many rounds while sources change
#   bench/run.sh publish     1,000,000 stored items, time to write the output
#
# Run from the build directory (`make bench` does): FEEDMERGE defaults to
# ./feedmerge, libfeedmerge.a and config.h are looked up in BENCH_BUILD_DIR
# (default: the current directory).  Everything else lives in a fresh temp
# directory (BENCH_DIR) whose path is printed.  Results and logs stay
# there; the generated feeds and states (hundreds of MB) are removed at the
# end unless BENCH_KEEP=1 (the default when BENCH_DIR is given, so that a
# second run reuses the generated feeds).
#
# Environment (defaults):
#   BENCH_N="1000 10000"     source counts for compare
#   BENCH_SHAPES="old fresh mixed"  how the entries are dated (gen.py --shape):
#                            old: 20-50 days back; fresh: all within the
#                            last day; mixed: a third fresh, the rest weeks
#   BENCH_MAX_ENTRIES="200 500"  feedmerge's max_entries, one cold and warm
#                            row each
#   BENCH_CONCURRENCY=16     transfers at once for curl, sfeed_update, feedmerge
#   BENCH_REPS=3             feedmerge cold and warm runs; the fastest is shown
#   BENCH_FLOOR_REPS=3       curl and xmllint runs; the fastest is shown
#   BENCH_SITES=100          loopback sites 127.0.1.1 .. 127.0.1.<SITES>
#   BENCH_PORT=8080          port on every site
#   BENCH_SEED=1             generator seed
#   BENCH_EPOCH=<today>      Unix time feed dates are relative to (default:
#                            midnight UTC for old, the hour for fresh/mixed)
#   BENCH_SFEED=1            0 skips sfeed_update (it is by far the slowest);
#                            it runs on the first shape only (all: every shape)
#   BENCH_SFEED_MAX=1000     sfeed_update runs on at most this many sources,
#                            its figures scaled to N (0: always all N)
#   BENCH_GZIP_STATIC=0      1: serve pre-compressed FILE.gz (gzip_static)
#                            rather than gzip each response in nginx
#   SOAK_N=500 ROUNDS=100    soak mode
#   SOAK_SHAPE=fresh SOAK_MAX_ENTRIES=500
#   PUBLISH_ITEMS=1000000 PUBLISH_SOURCES=1000 PUBLISH_REPS=15
#
# Only 127.x.y.z addresses are ever used; every process this script starts
# is stopped by its PID; every loop is bounded.

set -eu

MODE=${1:-compare}
case $MODE in
compare|soak|publish) ;;
-h|--help|help)
	awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'
	exit 0 ;;
*)
	echo "usage: $0 [compare|soak|publish]" >&2
	exit 2 ;;
esac

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)
BUILD=$(cd "${BENCH_BUILD_DIR:-.}" && pwd)
FEEDMERGE=${FEEDMERGE:-./feedmerge}
case $FEEDMERGE in
/*) ;;
*) FEEDMERGE=$(pwd)/$FEEDMERGE ;;
esac
BENCH_N=${BENCH_N:-"1000 10000"}
BENCH_SHAPES=${BENCH_SHAPES:-"old fresh mixed"}
BENCH_MAX_ENTRIES=${BENCH_MAX_ENTRIES:-"200 500"}
C=${BENCH_CONCURRENCY:-16}
# As many tries as each floor has: the best of three against the best of
# two would lean toward the floor.
REPS=${BENCH_REPS:-3}
FLOOR_REPS=${BENCH_FLOOR_REPS:-3}
SITES=${BENCH_SITES:-100}
PORT=${BENCH_PORT:-8080}
SEED=${BENCH_SEED:-1}
# Feed dates are relative to this day (midnight UTC), so that feedmerge's
# retention (90 days) keeps every generated story; the fresh shapes' to
# the hour, so that "fresh" means the day before the run (epoch_for).
epoch_for() {
	if [ -n "${BENCH_EPOCH:-}" ]; then
		echo "$BENCH_EPOCH"
	elif [ "$1" = old ]; then
		echo $(( $(date -u +%s) / 86400 * 86400 ))
	else
		echo $(( $(date -u +%s) / 3600 * 3600 ))
	fi
}
SHAPE=old
EPOCH=$(epoch_for old)
NET=127.0.1
# 1: gen.py also writes FILE.gz and nginx serves those (gzip_static)
# instead of compressing every response itself: on loopback the server's
# CPU is taken from the same cores as the client's, which a real remote
# server's would not be.
GZIP_STATIC=${BENCH_GZIP_STATIC:-0}
PY=${PYTHON:-python3}
TIME=/usr/bin/time

say() { printf '%s\n' "bench: $*" >&2; }
die() { say "$*"; exit 1; }

if [ "$SITES" -lt 1 ] || [ "$SITES" -gt 254 ]; then
	die "BENCH_SITES must be 1..254 (addresses $NET.1 .. $NET.254)"
fi

# --- tools --------------------------------------------------------------------

APT_UPDATED=0
# need CMD DEBIAN-PACKAGE: install the package when CMD is missing and we
# are root; otherwise return 1 (the caller decides whether that is fatal).
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" -ne 0 ]; then
		say "$1 not found and not root: install Debian package $2"
		return 1
	fi
	say "installing $2 (for $1)"
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1; then
		if [ $APT_UPDATED -eq 0 ]; then
			APT_UPDATED=1
			apt-get update -q >/dev/null 2>&1 || true
		fi
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1 || true
	fi
	command -v "$1" >/dev/null 2>&1
}

PATH=$PATH:/usr/sbin:/sbin
export PATH
if [ "$MODE" != publish ]; then
	if ! need nginx nginx; then
		say "skipping the benchmark: nginx is needed (apt-get install nginx as root)"
		exit 0
	fi
	need "$PY" python3 || die "python3 is needed"
	if [ ! -x $TIME ]; then
		need $TIME time || die "GNU time ($TIME) is needed: install Debian package time"
	fi
fi
if [ "$MODE" = compare ]; then
	need curl curl || die "curl is needed"
	need xmllint libxml2-utils || die "xmllint is needed"
	if [ "${BENCH_SFEED:-1}" != 0 ] && ! need sfeed_update sfeed; then
		say "sfeed_update missing: the peer column is skipped"
		BENCH_SFEED=0
	fi
fi
# The build's flags, for the report (and a warning: sanitizers or -O0 make
# every figure meaningless).
BUILD_FLAGS=$(sed -n 's/^CFLAGS = //p' "$BUILD/Makefile" 2>/dev/null | head -n 1)
if grep -q '^SAN_CFLAGS = -fsanitize' "$BUILD/Makefile" 2>/dev/null; then
	BUILD_FLAGS="$BUILD_FLAGS + sanitizers"
	say "warning: $BUILD is built with sanitizers: the figures will not be representative (configure CFLAGS='-O2 -g' without --enable-sanitizers)"
fi
if [ "$MODE" != publish ] && [ ! -x "$FEEDMERGE" ]; then
	say "no feedmerge binary at $FEEDMERGE (set FEEDMERGE=...): its rows are skipped"
	FEEDMERGE=
fi

# --- temp dir and cleanup -----------------------------------------------------

if [ -n "${BENCH_DIR:-}" ]; then
	mkdir -p "$BENCH_DIR"
	T=$(cd "$BENCH_DIR" && pwd)
	KEEP=${BENCH_KEEP:-1}
else
	T=$(mktemp -d /tmp/feedmerge-bench.XXXXXX)
	KEEP=${BENCH_KEEP:-0}
fi
# nginx workers may run as another user: let them read the docroots.
chmod 755 "$T"
say "working directory: $T"

NGINX_PID=
DAEMON_PID=
cleanup() {
	if [ -n "$DAEMON_PID" ]; then
		kill -TERM "$DAEMON_PID" 2>/dev/null || true
		wait "$DAEMON_PID" 2>/dev/null || true
		DAEMON_PID=
	fi
	nginx_stop
	# The bulky parts (generated feeds: 650 MB at N=10,000; states: up to
	# 1.6 GB for publish) go unless kept; results and logs always stay.
	if [ "$KEEP" = 0 ]; then
		rm -rf "$T"/data-* "$T/soak-data" "$T"/run-*/fm*/state.db* \
		    "$T"/run-*/prof/state.db* "$T"/soak/state.db* \
		    "$T"/publish/state.db*
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- nginx ------------------------------------------------------------------

# nginx_start DATADIR: one server per site directory, on $NET.K:$PORT.
nginx_start() {
	data=$1
	ng=$T/nginx
	rm -rf "$ng"
	mkdir -p "$ng/tmp"
	nofile=65536
	hard=$(ulimit -Hn 2>/dev/null || echo unlimited)
	if [ "$hard" != unlimited ] && [ "$hard" -lt $nofile ]; then
		nofile=$hard
	fi
	gzs="gzip_static off;"
	[ "$GZIP_STATIC" = 1 ] && gzs="gzip_static on;"
	user=
	if [ "$(id -u)" -eq 0 ]; then
		user="user root root;"
	fi
	{
		cat <<-EOF
		# written by bench/run.sh
		$user
		daemon off;
		master_process on;
		worker_processes 2;
		worker_rlimit_nofile $nofile;
		pid $ng/nginx.pid;
		error_log $ng/error.log warn;
		events {
		    worker_connections 8192;
		    multi_accept on;
		}
		http {
		    access_log off;
		    sendfile on;
		    tcp_nopush on;
		    tcp_nodelay on;
		    keepalive_timeout 65;
		    keepalive_requests 100000;
		    types {
		        application/rss+xml  xml;
		        application/atom+xml atom;
		        application/rdf+xml  rdf;
		    }
		    default_type application/octet-stream;
		    etag on;
		    if_modified_since exact;
		    gzip on;
		    gzip_types application/rss+xml application/atom+xml application/rdf+xml application/xml text/xml;
		    gzip_min_length 256;
		    gzip_comp_level 1;
		    gzip_vary on;
		    $gzs
		    open_file_cache max=20000 inactive=30s;
		    open_file_cache_valid 1s;
		    client_body_temp_path $ng/tmp/body;
		    proxy_temp_path $ng/tmp/proxy;
		    fastcgi_temp_path $ng/tmp/fastcgi;
		    uwsgi_temp_path $ng/tmp/uwsgi;
		    scgi_temp_path $ng/tmp/scgi;
		EOF
		k=1
		while [ $k -le "$SITES" ]; do
			printf '    server { listen %s.%d:%d; root %s/sites/%s.%d; }\n' \
			    $NET $k "$PORT" "$data" $NET $k
			k=$((k + 1))
		done
		echo "}"
	} > "$ng/nginx.conf"
	nginx -t -q -e "$ng/error.log" -p "$ng" -c "$ng/nginx.conf" ||
	    die "nginx -t failed: see $ng/error.log"
	# Another server on these addresses would answer in its place.
	if curl -s -o /dev/null --max-time 1 "http://$NET.$SITES:$PORT/" 2>/dev/null; then
		die "something already answers on $NET.$SITES:$PORT: stop it or set BENCH_PORT"
	fi
	nginx -e "$ng/error.log" -p "$ng" -c "$ng/nginx.conf" &
	NGINX_PID=$!
	# Wait (at most 10 s) until the last site answers.
	probe=http://$NET.$SITES:$PORT/
	i=0
	while [ $i -lt 100 ]; do
		if curl -s -o /dev/null --max-time 1 "$probe" 2>/dev/null; then
			say "nginx (pid $NGINX_PID) serving $SITES sites on $NET.1-$NET.$SITES:$PORT"
			return 0
		fi
		kill -0 "$NGINX_PID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	cat "$ng/error.log" >&2 || true
	die "nginx did not start"
}

nginx_stop() {
	if [ -n "$NGINX_PID" ]; then
		kill -TERM "$NGINX_PID" 2>/dev/null || true
		wait "$NGINX_PID" 2>/dev/null || true
		NGINX_PID=
	fi
}

# --- measuring ----------------------------------------------------------------

# measure NAME CMD...: run CMD under GNU time; its figures go to $T/time.NAME
# as "wall user sys maxrss_kb"; stdout/stderr to $T/NAME.out / $T/NAME.err.
measure() {
	name=$1
	shift
	set +e
	$TIME -f '%e %U %S %M' -o "$RUN/time.$name" "$@" \
	    > "$RUN/$name.out" 2> "$RUN/$name.err"
	rc=$?
	set -e
	echo $rc > "$RUN/rc.$name"
	if [ $rc -ne 0 ]; then
		say "$name exited $rc (see $RUN/$name.err)"
	fi
	# GNU time writes "Command exited with non-zero status" first: keep the
	# last line only.
	tail -n 1 "$RUN/time.$name" > "$RUN/time.$name.tmp"
	mv "$RUN/time.$name.tmp" "$RUN/time.$name"
	say "$name: $(cat "$RUN/time.$name") (wall user sys maxrss_kb)"
	return 0
}

# cpu_busy: CPUs busy machine-wide (any container) over 2 s, from /proc/stat.
cpu_busy() {
	a=$(head -n 1 /proc/stat)
	sleep 2
	b=$(head -n 1 /proc/stat)
	printf '%s\n%s\n' "$a" "$b" | awk '
	{ busy[NR] = $2 + $3 + $4 + $7 + $8 + $9; all[NR] = busy[NR] + $5 + $6 }
	END { printf "%.1f", '"$(nproc)"' * (busy[2] - busy[1]) / (all[2] - all[1]) }'
}

# measure_best NAME REPS PRE CMD...: run PRE (a command, ":" for none)
# then measure CMD, REPS times; the run with the least wall time becomes
# NAME's figures; every run's wall time goes to $RUN/walls.NAME.
measure_best() {
	mb_name=$1
	mb_reps=$2
	mb_pre=$3
	shift 3
	: > "$RUN/walls.$mb_name"
	mb_i=1
	while [ $mb_i -le "$mb_reps" ]; do
		$mb_pre
		measure "$mb_name.$mb_i" "$@"
		printf '%s %s\n' "$(awk '{ print $1 }' "$RUN/time.$mb_name.$mb_i")" \
		    $mb_i >> "$RUN/walls.$mb_name"
		mb_i=$((mb_i + 1))
	done
	mb_best=$(sort -n "$RUN/walls.$mb_name" | head -n 1 | cut -d' ' -f2)
	for x in time rc; do
		cp "$RUN/$x.$mb_name.$mb_best" "$RUN/$x.$mb_name"
	done
	for x in out err; do
		cp "$RUN/$mb_name.$mb_best.$x" "$RUN/$mb_name.$x"
	done
}

# walls NAME: "3.1, 3.4" (every run's wall time, in order)
walls() {
	if [ -f "$RUN/walls.$1" ]; then
		awk '{ printf "%s%s", (NR > 1 ? ", " : ""), $1 }' "$RUN/walls.$1"
	fi
}

fm_fresh() {
	rm -f "$FMDIR/state.db" "$FMDIR/state.db-wal" "$FMDIR/state.db-shm" \
	    "$FMDIR/out.atom"
}

# feedmerge_conf N FILE REFRESH [MAX_ENTRIES]: one [source] per URL.
feedmerge_conf() {
	{
		printf '[feed]\ntitle = feedmerge bench %s\nid = tag:bench.invalid,2026:%s\n' "$1" "$1"
		printf 'output = out.atom\nmax_entries = %s\n' "${4:-200}"
		printf '[daemon]\nstate = state.db\nrefresh = %s\nconcurrency = %s\ntimeout = 60s\n' "$3" "$C"
		# The floors (curl --parallel, sfeed) know no per-host limits:
		# neither does feedmerge here (100 sites, 100 sources each).
		printf 'per_host = %s\nhost_spacing = 0\n' "$C"
		awk -F'\t' '{ printf "[source \"%s\"]\nurl = %s\n", $1, $2 }' "$DATA/sources.tsv"
	} > "$2"
}

# state_counts DB: "items stories" from the SQLite state (python's sqlite3).
state_counts() {
	"$PY" - "$1" <<-'EOF' 2>/dev/null || echo "? ?"
	import sqlite3, sys
	db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
	i = db.execute("select count(*) from item").fetchone()[0]
	s = db.execute("select count(*) from story").fetchone()[0]
	print(i, s)
	EOF
}

# state_pages DB: the state file against its live pages (PRAGMA page_count
# vs freelist_count), and the WAL beside it.
state_pages() {
	"$PY" - "$1" <<-'EOF' 2>/dev/null || echo "state file: ?"
	import os, sqlite3, sys
	p = sys.argv[1]
	size = os.path.getsize(p)
	wal = os.path.getsize(p + "-wal") if os.path.exists(p + "-wal") else 0
	db = sqlite3.connect("file:%s?mode=ro" % p, uri=True)
	pc = db.execute("pragma page_count").fetchone()[0]
	fl = db.execute("pragma freelist_count").fetchone()[0]
	ps = db.execute("pragma page_size").fetchone()[0]
	live = pc - fl
	print("state file %.1f MB (%d pages of %d B, %d free), live %.1f MB: "
	      "file/live %.2f (target <= 2); WAL %.1f MB"
	      % (size / 1e6, pc, ps, fl, live * ps / 1e6,
	         pc / live if live else 0, wal / 1e6))
	EOF
}

generate() {
	n=$1
	DATA=$T/data-$SHAPE-$n
	want="$SEED $EPOCH $SITES $PORT $GZIP_STATIC $SHAPE"
	have=$("$PY" -c 'import json,sys; g = json.load(open(sys.argv[1])); print(g["seed"], g["epoch"], g["sites"], g["port"], int(g.get("gzip", 0)), g.get("shape", "old"))' \
	    "$DATA/gen.json" 2>/dev/null || true)
	# ... and made by this gen.py.
	want="$want $(cksum < "$HERE/gen.py" | cut -d' ' -f1)"
	have="$have $(cat "$DATA/gen.cksum" 2>/dev/null || true)"
	if [ "$have" = "$want" ]; then
		say "reusing generated sources in $DATA"
	else
		rm -rf "$DATA"
		say "generating $n sources in $DATA"
		gzflag=
		[ "$GZIP_STATIC" = 1 ] && gzflag=--gzip
		# shellcheck disable=SC2086
		"$PY" "$HERE/gen.py" generate --out "$DATA" --n "$n" --seed "$SEED" \
		    --sites "$SITES" --port "$PORT" --net $NET --epoch "$EPOCH" \
		    --shape "$SHAPE" $gzflag
		cksum < "$HERE/gen.py" | cut -d' ' -f1 > "$DATA/gen.cksum"
	fi
	BYTES=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes"])' "$DATA/gen.json")
	ITEMS=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"])' "$DATA/gen.json")
}

# --- compare ------------------------------------------------------------------

compare_one() {
	n=$1
	RUN=$T/run-$SHAPE-$n
	rm -rf "$RUN"
	mkdir -p "$RUN"
	generate "$n"
	nginx_start "$DATA"
	LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
	BUSY_BEFORE=$(cpu_busy)

	# Floors.  curl first also warms nginx's caches and the page cache.
	awk '{ printf "url = \"%s\"\noutput = \"/dev/null\"\n", $1 }' \
	    "$DATA/urls.txt" > "$RUN/curl.cfg"
	cut -f6 "$DATA/sources.tsv" > "$RUN/files.txt"
	curl -s --parallel --parallel-max "$C" --compressed -K "$RUN/curl.cfg" \
	    -o /dev/null >/dev/null 2>&1 || true
	# Each row is the best (least wall time) of BENCH_REPS runs: the
	# machine is shared, and one run's noise should not set a ratio.
	measure_best curl "$FLOOR_REPS" : curl -s -S --parallel \
	    --parallel-max "$C" --compressed \
	    -w '%{http_code} %{size_download}\n' -K "$RUN/curl.cfg"
	curl_ok=$(awk '$1 == 200' "$RUN/curl.out" | wc -l)
	wire=$(awk '{ s += $2 } END { printf "%.0f", s }' "$RUN/curl.out")
	measure_best xmllint "$FLOOR_REPS" : \
	    xargs -a "$RUN/files.txt" -n 100 xmllint --noout

	# feedmerge cold (empty state), then warm (same state), for each
	# max_entries; its state and logs in fm-M.
	if [ -n "$FEEDMERGE" ]; then
		for m in $BENCH_MAX_ENTRIES; do
			FMDIR=$RUN/fm-$m
			mkdir -p "$FMDIR"
			feedmerge_conf "$n" "$FMDIR/feedmerge.conf" 1h "$m"
			measure_best "cold$m" "$REPS" fm_fresh \
			    "$FEEDMERGE" -c "$FMDIR/feedmerge.conf" --once
			state_counts "$FMDIR/state.db" > "$RUN/counts.cold$m"
			state_pages "$FMDIR/state.db" > "$RUN/pages.cold$m"
			measure_best "warm$m" "$REPS" : \
			    "$FEEDMERGE" -c "$FMDIR/feedmerge.conf" --once
			if [ "${BENCH_PROFILE:-0}" = 1 ]; then
				profile_cold "$m"
			fi
		done
	fi

	# The peer, last: its thousands of short processes leave the machine
	# slower for a while, which must not count against feedmerge.
	SFEED_THIS=0
	case ${BENCH_SFEED:-1} in
	0) ;;
	all) SFEED_THIS=1 ;;
	*) [ "$SHAPE" = "${BENCH_SHAPES%% *}" ] && SFEED_THIS=1 ;;
	esac
	if [ "$SFEED_THIS" = 1 ]; then
		# sfeed_update forks ~15 processes per feed: past BENCH_SFEED_MAX
		# sources it runs on the first BENCH_SFEED_MAX only and its time
		# and CPU are scaled by N / BENCH_SFEED_MAX (said in the table).
		sn=$n
		smax=${BENCH_SFEED_MAX:-1000}
		if [ "$smax" -gt 0 ] && [ "$n" -gt "$smax" ]; then
			sn=$smax
		fi
		mkdir -p "$RUN/sfeed"
		{
			printf 'sfeedpath="%s/sfeed/feeds"\nmaxjobs=%s\nfeeds() {\n' "$RUN" "$C"
			head -n "$sn" "$DATA/sources.tsv" |
			    awk -F'\t' '{ printf "\tfeed \"%s\" \"%s\"\n", $1, $2 }'
			printf '}\n'
		} > "$RUN/sfeedrc"
		measure sfeed sfeed_update "$RUN/sfeedrc"
		SFEED_N=$sn
		if [ "$sn" -ne "$n" ]; then
			cp "$RUN/time.sfeed" "$RUN/time.sfeed.raw"
			awk -v k="$n" -v s="$sn" '{ printf "%.2f %.2f %.2f %d\n",
			    $1 * k / s, $2 * k / s, $3 * k / s, $4 }' \
			    "$RUN/time.sfeed.raw" > "$RUN/time.sfeed"
		fi
		sfeed_ok=$(grep -c ' OK$' "$RUN/sfeed.out" || true)
		sfeed_items=$(cat "$RUN"/sfeed/feeds/* 2>/dev/null | wc -l)
	fi
	nginx_stop

	report "$n" > "$RUN/results-$SHAPE-$n.txt"
	cp "$RUN/results-$SHAPE-$n.txt" "$T/results-$SHAPE-$n.txt"
	cat "$T/results-$SHAPE-$n.txt"
	say "results written to $T/results-$SHAPE-$n.txt"
}

# BENCH_PROFILE=1: one more cold run (fresh state) under perf, reported as
# self time per symbol and inclusive time ($RUN/perf-cold*.txt).  Not part
# of the measured figures.
profile_cold() {
	command -v perf >/dev/null 2>&1 || need perf linux-perf || {
		say "no perf: profile skipped"
		return 0
	}
	mkdir -p "$RUN/prof"
	sed "s|^state = .*|state = $RUN/prof/state.db|; s|^output = .*|output = $RUN/prof/out.atom|" \
	    "$FMDIR/feedmerge.conf" > "$RUN/prof/feedmerge.conf"
	perf record -q -F "${BENCH_PROFILE_FREQ:-199}" --call-graph dwarf,16384 -o "$RUN/prof/perf.data" \
	    -- "$FEEDMERGE" -c "$RUN/prof/feedmerge.conf" --once \
	    2> "$RUN/prof/cold.err" || say "profiled run failed"
	perf report -i "$RUN/prof/perf.data" --stdio --no-children \
	    --sort dso,symbol --percent-limit 0.5 -g none \
	    > "$RUN/perf-cold$1-self.txt" 2>/dev/null || true
	perf report -i "$RUN/prof/perf.data" --stdio --children \
	    --sort symbol --percent-limit 3 -g none \
	    > "$RUN/perf-cold$1-children.txt" 2>/dev/null || true
	rm -f "$RUN/prof/perf.data" "$RUN"/prof/state.db*
	say "profile: $RUN/perf-cold$1-self.txt, $RUN/perf-cold$1-children.txt"
}

report() {
	n=$1
	sfeed_label="sfeed_update (peer)"
	if [ -n "${SFEED_N:-}" ] && [ "$SFEED_N" -ne "$n" ]; then
		sfeed_label="sfeed_update (scaled)"
	fi
	echo "feedmerge benchmark: N=$n sources, shape $SHAPE, on $SITES loopback sites, concurrency $C, seed $SEED, epoch $EPOCH, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "machine: $BUSY_BEFORE CPUs busy (of $(nproc)) in the 2 s before the run, load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after: other work skews every figure"
	echo "nginx gzip: $([ "$GZIP_STATIC" = 1 ] && echo "pre-compressed files (gzip_static)" || echo "compressed per response (gzip on, level 1)")"
	echo "host: $(nproc) CPUs, $(uname -sr); $(nginx -v 2>&1 | sed 's/.*: //'); $(curl --version | head -n 1 | cut -d' ' -f1-2); feedmerge: ${FEEDMERGE:-none} (CFLAGS ${BUILD_FLAGS:-unknown})"
	awk -v b="$BYTES" -v w="$wire" -v it="$ITEMS" 'BEGIN {
		printf "data: %.1f MB of XML (%.1f MB gzip on the wire), %d items\n",
		    b / 1e6, w / 1e6, it }'
	echo
	{
		for k in curl xmllint sfeed; do
			[ -f "$RUN/time.$k" ] || continue
			printf '%s %s %s\n' "$k" "$(cat "$RUN/time.$k")" "$(cat "$RUN/rc.$k")"
		done
		for m in $BENCH_MAX_ENTRIES; do
			k=cold$m
			[ -f "$RUN/time.$k" ] || continue
			printf '%s %s %s\n' "$k" "$(cat "$RUN/time.$k")" "$(cat "$RUN/rc.$k")"
			k=warm$m
			[ -f "$RUN/time.$k" ] || continue
			printf '%s %s %s\n' "$k" "$(cat "$RUN/time.$k")" "$(cat "$RUN/rc.$k")"
		done
	} | awk -v b="$BYTES" -v sl="$sfeed_label" -v n="$n" '
	{ name[NR] = $1; wall[$1] = $2; cpu[$1] = $3 + $4; user[$1] = $3;
	  sys[$1] = $4; rss[$1] = $5 / 1024; rc[$1] = $6; order[NR] = $1 }
	END {
		label["curl"] = "curl floor"
		label["xmllint"] = "xmllint floor (parse)"
		label["sfeed"] = sl
		for (i = 1; i <= NR; i++) {
			k = order[i]
			if (k ~ /^cold/)
				label[k] = "feedmerge cold, max " substr(k, 5)
			else if (k ~ /^warm/)
				label[k] = "feedmerge warm, max " substr(k, 5)
		}
		printf "%-24s %8s %8s %8s %8s %8s %9s %9s %5s\n", "", "wall s",
		    "user s", "sys s", "cpu s", "RSS MB", "wall/curl",
		    "wall/sfeed", "exit"
		for (i = 1; i <= NR; i++) {
			k = order[i]
			wc = ("curl" in wall && wall["curl"] > 0) ? sprintf("%.2f", wall[k] / wall["curl"]) : "-"
			ws = ("sfeed" in wall && wall["sfeed"] > 0) ? sprintf("%.3f", wall[k] / wall["sfeed"]) : "-"
			if (k == "xmllint") { wc = "-"; ws = "-" }
			printf "%-24s %8.2f %8.2f %8.2f %8.2f %8.1f %9s %9s %5s\n", label[k],
			    wall[k], user[k], sys[k], cpu[k], rss[k], wc, ws, rc[k]
		}
		print ""
		mb = b / 1e6
		target = n >= 10000 ? 1.5 : 2
		for (i = 1; i <= NR; i++) {
			c = order[i]
			if (c !~ /^cold/)
				continue
			m = substr(c, 5)
			w = "warm" m
			printf "max_entries %s:\n", m
			if ("curl" in wall)
				printf "  cold wall / curl floor wall     %7.2f   (target <= %s at N=%d)\n", wall[c] / wall["curl"], target, n
			if ("sfeed" in wall)
				printf "  cold wall / sfeed_update wall   %7.3f   (target: far below 1)\n", wall[c] / wall["sfeed"]
			if ((w in wall) && wall[c] > 0)
				printf "  warm wall / cold wall           %7.3f   (target <= 0.3)\n", wall[w] / wall[c]
			if ("xmllint" in cpu && cpu["xmllint"] > 0)
				printf "  CPU s per MB: feedmerge cold %.4f, xmllint %.4f: ratio %.2f   (target <= 2)\n",
				    cpu[c] / mb, cpu["xmllint"] / mb, cpu[c] / cpu["xmllint"]
			printf "  feedmerge peak RSS: cold %.1f MB, warm %.1f MB   (target < 64 MB)\n",
			    rss[c], rss[w]
		}
	}'
	fw=
	for m in $BENCH_MAX_ENTRIES; do
		fw="$fw; cold $m $(walls "cold$m"); warm $m $(walls "warm$m")"
	done
	echo "rows are the fastest of several runs; every wall time: curl $(walls curl); xmllint $(walls xmllint)${FEEDMERGE:+$fw}"
	echo "curl: $curl_ok/$n HTTP 200"
	if [ "$SFEED_THIS" = 1 ]; then
		echo "sfeed_update: $sfeed_ok/$SFEED_N OK, $sfeed_items items in its files"
		if [ "$SFEED_N" -ne "$n" ]; then
			echo "sfeed_update ran on the first $SFEED_N sources only: wall $(awk '{ print $1 }' "$RUN/time.sfeed.raw") s," \
			    "user $(awk '{ print $2 }' "$RUN/time.sfeed.raw") s, sys $(awk '{ print $3 }' "$RUN/time.sfeed.raw") s;" \
			    "its row is scaled x$((n / SFEED_N)) (it costs the same per feed; BENCH_SFEED_MAX=0 runs all)"
		fi
	fi
	if [ -n "$FEEDMERGE" ]; then
		for m in $BENCH_MAX_ENTRIES; do
			[ -f "$RUN/counts.cold$m" ] || continue
			counts=$(cat "$RUN/counts.cold$m")
			echo "max_entries $m: state after cold: ${counts% *} items, ${counts#* } stories; $(cat "$RUN/pages.cold$m")"
			echo "  cold: $(grep 'info: round:' "$RUN/cold$m.err" | tail -n 1 || true)"
			echo "  warm: $(grep 'info: round:' "$RUN/warm$m.err" | tail -n 1 || true)"
			w=$(grep -c '^warning:' "$RUN/cold$m.err" || true)
			e=$(grep -c '^error:' "$RUN/cold$m.err" || true)
			echo "  cold log: $w warnings, $e errors ($RUN/cold$m.err)"
		done
	fi
	echo "peak RSS is the largest single process (sfeed_update runs many small ones); CPU includes all children"
}

# --- soak ---------------------------------------------------------------------

soak() {
	n=${SOAK_N:-500}
	rounds=${ROUNDS:-100}
	RUN=$T/soak
	rm -rf "$RUN"
	mkdir -p "$RUN"
	[ -n "$FEEDMERGE" ] || die "soak needs the feedmerge binary"
	SHAPE=${SOAK_SHAPE:-fresh}
	EPOCH=$(epoch_for "$SHAPE")
	# The fresh shapes' soak rounds add entries two minutes apart after
	# each feed's newest: two hours back, a hundred rounds stay past.
	if [ "$SHAPE" != old ] && [ -z "${BENCH_EPOCH:-}" ]; then
		EPOCH=$((EPOCH - 7200))
	fi
	generate "$n"
	# The soak rewrites files: work on a copy so data-N stays pristine.
	rm -rf "$T/soak-data"
	cp -a "$DATA" "$T/soak-data"
	DATA=$T/soak-data
	nginx_start "$DATA"
	feedmerge_conf "$n" "$RUN/feedmerge.conf" 2s "${SOAK_MAX_ENTRIES:-500}"
	out=$RUN/results-soak.txt
	: > "$RUN/daemon.err"
	: > "$RUN/rss.txt"
	"$FEEDMERGE" -c "$RUN/feedmerge.conf" 2> "$RUN/daemon.err" &
	DAEMON_PID=$!
	say "daemon pid $DAEMON_PID, log $RUN/daemon.err"
	# The daemon logs a round each time its scheduler goes idle; with every
	# source on its own 2 s timer those are small (a few sources each).  A
	# soak round here is one full pass: the `S sources` of the daemon's
	# round lines add up to another N since the previous soak round.
	{
		echo "feedmerge soak: N=$n sources, shape $SHAPE, max_entries ${SOAK_MAX_ENTRIES:-500}, refresh 2s, $rounds rounds (one round = the daemon's round lines adding up to $n sources), ~10% of sources rewritten after each, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
		printf '%5s %6s %9s %9s %9s %6s %8s %8s %9s %6s %6s %6s\n' round "secs" \
		    "VmRSS kB" "VmHWM kB" "state kB" "lines" sources fetched unchanged failed new wrote
	} | tee "$out"
	t0=$(date +%s)
	prev=0
	r=1
	while [ $r -le "$rounds" ]; do
		# Wait for the pass: at most 300 s.
		i=0
		lines=0
		total=0
		while [ $i -lt 1500 ]; do
			got=$(grep 'info: round:' "$RUN/daemon.err" |
			    awk '{ s += $3 } END { print NR, s + 0 }')
			lines=${got% *}
			total=${got#* }
			[ "$total" -ge $((r * n)) ] && break
			kill -0 "$DAEMON_PID" 2>/dev/null || break
			sleep 0.2
			i=$((i + 1))
		done
		if [ "$total" -lt $((r * n)) ]; then
			say "round $r did not come (daemon alive: $(kill -0 "$DAEMON_PID" 2>/dev/null && echo yes || echo no))"
			break
		fi
		rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$DAEMON_PID/status" 2>/dev/null || echo "?")
		hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$DAEMON_PID/status" 2>/dev/null || echo "?")
		# The state file and its WAL (the WAL is checkpointed back).
		db=$(stat -c %s "$RUN/state.db" "$RUN/state.db-wal" 2>/dev/null |
		    awk '{ s += $1 } END { printf "%d", s / 1024 }')
		grep 'info: round:' "$RUN/daemon.err" | awk -v a="$prev" -v b="$lines" \
		    -v r=$r -v t=$(( $(date +%s) - t0 )) -v rss="$rss" -v hwm="$hwm" -v db="$db" '
		NR > a && NR <= b { s += $3; f += $5; u += $7; e += $9; w += $11;
			if (/; wrote /) wr++ }
		END { printf "%5d %6d %9s %9s %9s %6d %8d %8d %9d %6d %6d %6d\n", r, t,
			rss, hwm, db, b - a, s, f, u, e, w, wr }' | tee -a "$out"
		echo "$r $rss $db" >> "$RUN/rss.txt"
		prev=$lines
		# Rewrite ~10% of the sources for the next round.
		"$PY" "$HERE/gen.py" mutate --out "$DATA" --round $r > /dev/null
		r=$((r + 1))
	done
	kill -TERM "$DAEMON_PID" 2>/dev/null || true
	set +e
	wait "$DAEMON_PID"
	drc=$?
	set -e
	DAEMON_PID=
	nginx_stop
	{
		echo "daemon exit status after SIGTERM: $drc"
		echo "log: $(grep -c '^warning:' "$RUN/daemon.err" || true) warnings, $(grep -c '^error:' "$RUN/daemon.err" || true) errors"
		awk '{ v[NR] = $2 } END {
			if (NR < 2) exit
			m = NR > 10 ? 10 : 1
			mx = 0; for (i = m; i <= NR; i++) if (v[i] > mx) mx = v[i]
			mn = v[m]; for (i = m; i <= NR; i++) if (v[i] < mn) mn = v[i]
			printf "VmRSS kB: round 1 %d, round %d %d, last (round %d) %d; rounds %d..%d min %d max %d; growth after round %d: %+d kB (%+.1f%%)\n",
			    v[1], m, v[m], NR, v[NR], m, NR, mn, mx, m, v[NR] - v[m], 100 * (v[NR] - v[m]) / v[m]
		}' "$RUN/rss.txt"
		awk '{ v[NR] = $3 } END {
			if (NR < 2) exit
			h = int(NR / 2)
			mx = 0; for (i = h; i <= NR; i++) if (v[i] > mx) mx = v[i]
			printf "state + WAL kB: round 1 %d, round %d %d, last (round %d) %d, max over rounds %d..%d %d\n",
			    v[1], h, v[h], NR, v[NR], h, NR, mx
		}' "$RUN/rss.txt"
		echo "after SIGTERM: $(state_pages "$RUN/state.db")"
	} | tee -a "$out"
	cp "$out" "$T/results-soak.txt"
	say "results written to $T/results-soak.txt"
}

# --- publish ------------------------------------------------------------------

# mkvar MAKEFILE 'A) $(B': expand $(A) $(B) as the (automake-generated,
# configured) Makefile defines them, recursively; no make run, so nothing
# is regenerated.  Empty when the Makefile is missing.
mkvar() {
	[ -f "$1" ] || return 0
	awk -v want="\$($2)" '
	{
		line = $0
		while (line ~ /\\$/ && (getline nxt) > 0)
			line = substr(line, 1, length(line) - 1) " " nxt
		if (match(line, /^[A-Za-z_][A-Za-z0-9_]* *= */)) {
			name = line
			sub(/ *=.*/, "", name)
			if (!(name in v))
				v[name] = substr(line, RLENGTH + 1)
		}
	}
	function expand(s, depth,   out, name, i) {
		out = ""
		while ((i = index(s, "$(")) > 0) {
			out = out substr(s, 1, i - 1)
			s = substr(s, i + 2)
			name = substr(s, 1, index(s, ")") - 1)
			s = substr(s, index(s, ")") + 1)
			if (depth < 10)
				out = out expand(v[name], depth + 1)
		}
		return out s
	}
	END {
		r = expand(want, 0)
		gsub(/[ \t]+/, " ", r)
		sub(/^ /, "", r)
		sub(/ $/, "", r)
		print r
	}' "$1"
}

publish() {
	RUN=$T/publish
	rm -rf "$RUN"
	mkdir -p "$RUN"
	lib=$BUILD/libfeedmerge.a
	[ -f "$lib" ] || die "no $lib: build it first (make libfeedmerge.a)"
	[ -f "$BUILD/config.h" ] || die "no $BUILD/config.h"
	# Compile and link with the build's own flags (its Makefile's
	# AM_CFLAGS, CFLAGS, AM_CPPFLAGS, LDADD, LIBS: whatever libraries the
	# library needs today, sanitizers if the build has them), expanded
	# here without running make.  Falls back to pkg-config.
	# shellcheck disable=SC2016
	cflags=$(mkvar "$BUILD/Makefile" 'DEFS) $(AM_CPPFLAGS) $(CPPFLAGS) $(AM_CFLAGS) $(CFLAGS' |
	    sed 's/-D[A-Z]*DIR=[^ ]*//g')
	# shellcheck disable=SC2016
	libs=$(mkvar "$BUILD/Makefile" 'AM_LDFLAGS) $(LDFLAGS) $(LDADD) $(LIBS')
	cc=$(mkvar "$BUILD/Makefile" 'CC')
	if [ -z "$libs" ]; then
		pcs="libcurl libxml-2.0 sqlite3 inih json-c"
		for p in libxxhash libsystemd; do
			pkg-config --exists $p 2>/dev/null && pcs="$pcs $p"
		done
		# shellcheck disable=SC2086
		cflags="-DHAVE_CONFIG_H -I$TOP/src -O2 -g $(pkg-config --cflags $pcs)"
		# shellcheck disable=SC2086
		libs="$lib $(pkg-config --libs $pcs) -lev"
	fi
	# LDADD names the library relative to the build directory.
	libs=$(printf '%s\n' "$libs" | awk -v lib="$lib" '{
		for (i = 1; i <= NF; i++)
			if ($i == "libfeedmerge.a")
				$i = lib
		print
	}')
	say "publish_bench: ${cc:-cc} $cflags ... $libs"
	# shellcheck disable=SC2086
	${cc:-cc} -std=gnu11 -I"$BUILD" $cflags -o "$RUN/publish_bench" \
	    "$HERE/publish_bench.c" $libs -lm ||
	    die "cannot build publish_bench"
	"$RUN/publish_bench" "$RUN/state.db" "$RUN/out.atom" \
	    "${PUBLISH_ITEMS:-1000000}" "${PUBLISH_SOURCES:-1000}" \
	    "${PUBLISH_REPS:-15}" | tee "$RUN/results-publish.txt"
	cp "$RUN/results-publish.txt" "$T/results-publish.txt"
	say "results written to $T/results-publish.txt"
}

case $MODE in
compare)
	for SHAPE in $BENCH_SHAPES; do
		case $SHAPE in
		old|fresh|mixed) ;;
		*) die "BENCH_SHAPES: $SHAPE is not old, fresh or mixed" ;;
		esac
		EPOCH=$(epoch_for "$SHAPE")
		for n in $BENCH_N; do
			compare_one "$n"
		done
	done ;;
soak)
	soak ;;
publish)
	publish ;;
esac
