#!/bin/sh
# bench/leaksoak.sh: many daemon rounds against a loopback server serving
# good, changing and misbehaving sources, under ASan or valgrind: no leak,
# no sanitizer error, RSS flat (issue 16).  Never part of `make check`.
#
#   FEEDMERGE=/tmp/build-asan/feedmerge sh bench/leaksoak.sh      ASan build
#   FEEDMERGE=./feedmerge sh bench/leaksoak.sh                    RSS series
#   SOAK_TOOL=valgrind ROUNDS=20 FEEDMERGE=./feedmerge sh bench/leaksoak.sh
#
# bench/soakd.py serves the 60 sources on 127.0.0.1 (a random port); the
# daemon (no --once) fetches them every SOAK_REFRESH.  One soak round is
# the daemon's "round:" lines adding up to another 60 sources (as in
# `run.sh soak`); VmRSS is sampled after each.  After ROUNDS rounds the
# daemon gets SIGTERM and must exit; LeakSanitizer (ASan build) or
# valgrind's leak check then report.
#
# Environment (defaults):
#   FEEDMERGE=./feedmerge    the binary
#   SOAK_TOOL=auto           auto: asan when the binary links libasan, else
#                            plain; valgrind: run it under valgrind memcheck
#                            (leaks and errors only: valgrind's RSS is not
#                            the program's, so no RSS verdict)
#   ROUNDS=100               soak rounds
#   SOAK_REFRESH=2           [daemon] refresh, seconds (valgrind: 12)
#   SOAK_XFER_TIMEOUT=2      [daemon] timeout, seconds (valgrind: 5); the
#                            slow sources take 2 s longer than this
#   SOAK_CYCLE=40            a source's content comes round again after
#                            this many fetches (bench/soakd.py --cycle):
#                            new items for the first ~40 rounds, then the
#                            state stops growing, and with it SQLite's page
#                            cache (which follows the state's size up to
#                            8 MB); edits go on.  0: new items forever
#   SOAK_HUP=20              SIGHUP every this many rounds (valgrind: 5), the config
#                            changed (a source added or removed, one URL
#                            changed); 0: never
#   SOAK_RSS_LIMIT_KB=2048   fail when VmRSS grew more than this over the
#                            second half (least-squares fit)
#   SOAK_RSS_JUDGE           1: apply that limit (default for plain), 0:
#                            print the growth only (default for asan: its
#                            quarantine and allocator creep on their own)
#   SOAK_MAX_SECONDS=1800    the whole soak, rounds cut short past it
#                            (valgrind: 3600); a round not done within
#                            SOAK_ROUND_MAX=120 s (valgrind: 600) fails
#   SOAK_DIR                 working directory (default a new
#                            /tmp/feedmerge-leaksoak.XXXXXX, kept: logs)
#   ASAN_OPTIONS, UBSAN_OPTIONS, VALGRIND_OPTS   passed on (defaults below)
#
# Exit status: 0 clean; 1 a leak, a sanitizer or valgrind error, an
# error: line, RSS growth (judged on a plain build), a daemon that died,
# hung, or exited non-zero; 2 usage.
# Only 127.0.0.1 is used; every process started is stopped by its PID;
# every loop is bounded.

set -eu

case ${1:-} in
-h|--help|help)
	awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'
	exit 0 ;;
'') ;;
*)
	echo "usage: $0 [--help]   (settings come from the environment)" >&2
	exit 2 ;;
esac

HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PYTHON:-python3}
FEEDMERGE=${FEEDMERGE:-./feedmerge}
case $FEEDMERGE in
/*) ;;
*) FEEDMERGE=$(pwd)/$FEEDMERGE ;;
esac
ROUNDS=${ROUNDS:-100}
REFRESH=${SOAK_REFRESH:-2}
HUP_EVERY=${SOAK_HUP:-}
RSS_LIMIT=${SOAK_RSS_LIMIT_KB:-2048}
TOOL=${SOAK_TOOL:-auto}
RSS_JUDGE=${SOAK_RSS_JUDGE:-}
CYCLE=${SOAK_CYCLE:-40}

say() { printf '%s\n' "leaksoak: $*" >&2; }
die() { say "$*"; exit 2; }

[ -x "$FEEDMERGE" ] || die "no feedmerge binary at $FEEDMERGE (set FEEDMERGE=...)"
command -v "$PY" >/dev/null 2>&1 || die "python3 is needed"
if [ "$TOOL" = auto ]; then
	if ldd "$FEEDMERGE" 2>/dev/null | grep -q libasan; then
		TOOL=asan
	else
		TOOL=plain
	fi
fi
case $TOOL in
asan|plain) XFER_TIMEOUT=${SOAK_XFER_TIMEOUT:-2}
	MAX_SECONDS=${SOAK_MAX_SECONDS:-1800}
	ROUND_MAX=${SOAK_ROUND_MAX:-120}
	HUP_EVERY=${HUP_EVERY:-20}
	if [ -z "$RSS_JUDGE" ]; then
		RSS_JUDGE=0
		[ "$TOOL" = plain ] && RSS_JUDGE=1
	fi
	EXIT_WAIT=60 ;;
valgrind)
	command -v valgrind >/dev/null 2>&1 ||
	    die "valgrind not found (apt-get install valgrind)"
	if ldd "$FEEDMERGE" 2>/dev/null | grep -q libasan; then
		die "valgrind and an ASan build do not mix: use a plain build"
	fi
	# Slower by 20-50 times: passes apart, and time for the good ones.
	REFRESH=${SOAK_REFRESH:-12}
	XFER_TIMEOUT=${SOAK_XFER_TIMEOUT:-5}
	MAX_SECONDS=${SOAK_MAX_SECONDS:-3600}
	ROUND_MAX=${SOAK_ROUND_MAX:-600}
	HUP_EVERY=${HUP_EVERY:-5}
	EXIT_WAIT=600 ;;
*) die "SOAK_TOOL must be auto, asan, plain or valgrind (got $TOOL)" ;;
esac

if [ -n "${SOAK_DIR:-}" ]; then
	mkdir -p "$SOAK_DIR"
	T=$(cd "$SOAK_DIR" && pwd)
else
	T=$(mktemp -d /tmp/feedmerge-leaksoak.XXXXXX)
fi
RUN=$T/$TOOL
rm -rf "$RUN"
mkdir -p "$RUN/www" "$RUN/out"
say "working directory: $RUN"

SERVER_PID=
DAEMON_PID=
# stop_pid PID SECONDS: SIGTERM, wait at most SECONDS, then SIGKILL.
stop_pid() {
	kill -TERM "$1" 2>/dev/null || return 0
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt $(($2 * 10)) ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}
cleanup() {
	if [ -n "$DAEMON_PID" ]; then
		stop_pid "$DAEMON_PID" 10
		DAEMON_PID=
	fi
	if [ -n "$SERVER_PID" ]; then
		stop_pid "$SERVER_PID" 5
		SERVER_PID=
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

T0=$(date +%s)
DEADLINE=$((T0 + MAX_SECONDS))

# --- the server ---------------------------------------------------------------

"$PY" "$HERE/soakd.py" serve --port-file "$RUN/port" \
    --timeout "$XFER_TIMEOUT" --cycle "$CYCLE" --max-seconds $((MAX_SECONDS + 900)) \
    --log "$RUN/requests.log" 2> "$RUN/soakd.err" &
SERVER_PID=$!
i=0
while [ ! -s "$RUN/port" ] && [ $i -lt 100 ]; do
	kill -0 "$SERVER_PID" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
[ -s "$RUN/port" ] || { cat "$RUN/soakd.err" >&2; die "soakd.py did not start"; }
PORT=$(cat "$RUN/port")
URL=http://127.0.0.1:$PORT
"$PY" "$HERE/soakd.py" list > "$RUN/sources.tsv"
N=$(wc -l < "$RUN/sources.tsv" | tr -d ' ')
say "soakd.py (pid $SERVER_PID) serving $N sources on $URL"

# --- the configuration --------------------------------------------------------

# write_conf VARIANT: 0 the sources as listed, 1 also "hup-extra" and
# chg-rss-3 on another URL (what a SIGHUP reloads alternately).
write_conf() {
	{
		cat <<-EOF
		# written by bench/leaksoak.sh
		[feed]
		title = Leak soak
		id = tag:soak.test,2026:leaksoak
		output = out/soak.atom
		max_entries = 100

		[daemon]
		state = state.db
		refresh = ${REFRESH}s
		timeout = ${XFER_TIMEOUT}s
		concurrency = 8
		max_size = 1M
		# 60 sources on one loopback host: the default politeness
		# (2 at once, 1 s apart) would make a pass a minute long.
		per_host = 8
		host_spacing = 0
		EOF
		awk -F '\t' -v url="$URL" -v v="$1" '{
			u = $2
			if (v == 1 && $1 == "chg-rss-3")
				u = u "?v=2"
			printf "\n[source \"%s\"]\nurl = %s%s\n", $1, url, u
			n = split($3, kv, /; /)
			for (i = 1; i <= n; i++)
				if (kv[i] != "")
					print kv[i]
		} END {
			if (v == 1)
				printf "\n[source \"hup-extra\"]\nurl = %s/chg/hup-extra.xml\n", url
		}' "$RUN/sources.tsv"
	} > "$RUN/feedmerge.conf.tmp"
	mv "$RUN/feedmerge.conf.tmp" "$RUN/feedmerge.conf"
}
write_conf 0
"$FEEDMERGE" --check-config -c "$RUN/feedmerge.conf" > "$RUN/check.out" 2>&1 ||
    { cat "$RUN/check.out" >&2; die "the generated configuration is refused"; }

# --- the daemon ---------------------------------------------------------------

: "${ASAN_OPTIONS:=detect_leaks=1:abort_on_error=0:allocator_may_return_null=0}"
: "${UBSAN_OPTIONS:=print_stacktrace=1:halt_on_error=1}"
export ASAN_OPTIONS UBSAN_OPTIONS
LOG=$RUN/daemon.err
VGLOG=$RUN/valgrind.log
case $TOOL in
valgrind)
	# jemalloc's malloc is not libc's: tell memcheck to replace it.
	syn=
	if ldd "$FEEDMERGE" 2>/dev/null | grep -q jemalloc; then
		syn='--soname-synonyms=somalloc=*jemalloc*'
	fi
	# shellcheck disable=SC2086
	valgrind --tool=memcheck --leak-check=full \
	    --show-leak-kinds=definite,indirect \
	    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
	    --num-callers=30 --track-origins=no ${syn:+"$syn"} \
	    --log-file="$VGLOG" ${VALGRIND_OPTS:-} \
	    "$FEEDMERGE" -c "$RUN/feedmerge.conf" 2> "$LOG" &
	;;
*)
	"$FEEDMERGE" -c "$RUN/feedmerge.conf" 2> "$LOG" &
	;;
esac
DAEMON_PID=$!
say "daemon ($TOOL) pid $DAEMON_PID, log $LOG"

OUT=$RUN/results.txt
: > "$RUN/rss.txt"
{
	echo "feedmerge leak soak ($TOOL): $N sources (bench/soakd.py), refresh ${REFRESH}s, timeout ${XFER_TIMEOUT}s, $ROUNDS rounds (one round = the daemon's round lines adding up to $N sources), SIGHUP every $HUP_EVERY, content cycle $CYCLE fetches, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "binary: $FEEDMERGE"
	printf '%5s %6s %9s %9s %6s %8s %8s %9s %6s %6s %6s\n' round secs \
	    "VmRSS kB" "VmHWM kB" lines sources fetched unchanged failed new wrote
} | tee "$OUT"

status() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$DAEMON_PID/status" 2>/dev/null || true; }

FAIL=
note_fail() { FAIL="$FAIL${FAIL:+; }$*"; }
prev=0
done_rounds=0
hups=0
variant=0
r=1
cut=
while [ $r -le "$ROUNDS" ]; do
	i=0
	lines=0
	total=0
	rstart=$(date +%s)
	while :; do
		got=$(grep '^info: round: [0-9]* source' "$LOG" |
		    awk '{ s += $3 } END { print NR, s + 0 }')
		lines=${got% *}
		total=${got#* }
		[ "$total" -ge $((r * N)) ] && break
		kill -0 "$DAEMON_PID" 2>/dev/null || break
		now=$(date +%s)
		[ $((now - rstart)) -ge "$ROUND_MAX" ] && break
		[ "$now" -ge "$DEADLINE" ] && break
		sleep 0.2
	done
	if [ "$total" -lt $((r * N)) ]; then
		if ! kill -0 "$DAEMON_PID" 2>/dev/null; then
			note_fail "the daemon died during round $r"
		elif [ "$(date +%s)" -ge "$DEADLINE" ]; then
			cut="cut short at SOAK_MAX_SECONDS=$MAX_SECONDS during round $r"
		else
			note_fail "round $r did not come within $ROUND_MAX s"
		fi
		break
	fi
	rss=$(status VmRSS)
	hwm=$(status VmHWM)
	grep '^info: round: [0-9]* source' "$LOG" | awk -v a="$prev" -v b="$lines" \
	    -v r=$r -v t=$(( $(date +%s) - T0 )) -v rss="${rss:-?}" -v hwm="${hwm:-?}" '
	NR > a && NR <= b { s += $3; f += $5; u += $7; e += $9; w += $11;
		if (/; wrote /) wr++ }
	END { printf "%5d %6d %9s %9s %6d %8d %8d %9d %6d %6d %6d\n", r, t,
		rss, hwm, b - a, s, f, u, e, w, wr }' | tee -a "$OUT"
	[ "$TOOL" = valgrind ] || echo "$r $rss" >> "$RUN/rss.txt"
	prev=$lines
	done_rounds=$r
	if [ "$HUP_EVERY" -gt 0 ] && [ $((r % HUP_EVERY)) -eq 0 ] &&
	    [ $r -lt "$ROUNDS" ]; then
		variant=$((1 - variant))
		write_conf $variant
		kill -HUP "$DAEMON_PID" 2>/dev/null || true
		hups=$((hups + 1))
	fi
	r=$((r + 1))
done
SECS=$(( $(date +%s) - T0 ))

# --- stop and collect -------------------------------------------------------------

drc=
if kill -0 "$DAEMON_PID" 2>/dev/null; then
	kill -TERM "$DAEMON_PID"
	i=0
	while kill -0 "$DAEMON_PID" 2>/dev/null && [ $i -lt $((EXIT_WAIT * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$DAEMON_PID" 2>/dev/null; then
		note_fail "the daemon did not exit within $EXIT_WAIT s of SIGTERM"
		kill -KILL "$DAEMON_PID" 2>/dev/null || true
	fi
fi
set +e
wait "$DAEMON_PID"
drc=$?
set -e
DAEMON_PID=
stop_pid "$SERVER_PID" 5
SERVER_PID=
[ "$drc" = 0 ] || note_fail "daemon exit status $drc"

# count PATTERN FILE: matching lines (0 when the file is missing).
count() { grep -c -- "$1" "$2" 2>/dev/null || true; }

{
	echo "rounds done: $done_rounds of $ROUNDS in $SECS s${cut:+ ($cut)}; daemon round lines: $(count '^info: round: [0-9]* source' "$LOG"); SIGHUP reloads: $hups sent, $(count '^info: reloaded' "$LOG") logged"
	echo "daemon exit status after SIGTERM: $drc"
	if [ "$TOOL" = valgrind ]; then
		echo "RSS: not measured under valgrind (its process is not the program's; run a plain build)"
	else
		awk -v lim="$RSS_LIMIT" '{ r[NR] = $1; v[NR] = $2 } END {
			if (NR < 2) { print "RSS: too few rounds"; exit }
			mx = 0; for (i = 1; i <= NR; i++) if (v[i] > mx) mx = v[i]
			at10 = NR >= 10 ? v[10] : "-"; at50 = NR >= 50 ? v[50] : "-"
			# least squares over the second half
			a = int(NR / 2) + 1; n = NR - a + 1
			sx = sy = sxx = sxy = 0
			for (i = a; i <= NR; i++) {
				sx += r[i]; sy += v[i]; sxx += r[i] * r[i]; sxy += r[i] * v[i]
			}
			d = n * sxx - sx * sx
			slope = (n > 1 && d != 0) ? (n * sxy - sx * sy) / d : 0
			grow = slope * (r[NR] - r[a])
			printf "VmRSS kB: round 1 %d, round 10 %s, round 50 %s, last (round %d) %d, max %d; second half (rounds %d..%d): slope %+.1f kB/round, fitted growth %+.0f kB, last - first %+d kB (limit %d kB)\n",
			    v[1], at10, at50, NR, v[NR], mx, r[a], r[NR], slope, grow, v[NR] - v[a], lim
			if (grow > lim) print "RSS-GROWTH"
		}' "$RUN/rss.txt" > "$RUN/rss.summary"
		grep -v '^RSS-GROWTH$' "$RUN/rss.summary" || true
		if grep -q '^RSS-GROWTH$' "$RUN/rss.summary"; then
			if [ "$RSS_JUDGE" = 1 ]; then
				note_fail "VmRSS grew more than $RSS_LIMIT kB over the second half"
			else
				echo "RSS: grew more than $RSS_LIMIT kB over the second half: not judged under $TOOL (ASan's quarantine and allocator; SOAK_RSS_JUDGE=1 judges it; a plain build gives the RSS verdict)"
			fi
		fi
	fi
	if [ "$TOOL" = valgrind ]; then
		if [ -s "$VGLOG" ]; then
			grep 'in use at exit:\|total heap usage:\|All heap blocks were freed\|definitely lost:\|indirectly lost:\|possibly lost:\|still reachable:' "$VGLOG" |
			    sed 's/^==[0-9]*== */valgrind: /'
			grep 'ERROR SUMMARY:' "$VGLOG" | tail -n 1 | sed 's/^==[0-9]*== */valgrind: /'
			def=$(grep 'definitely lost:' "$VGLOG" | tail -n 1 | awk '{ gsub(",", "", $4); print $4 + 0 }')
			ind=$(grep 'indirectly lost:' "$VGLOG" | tail -n 1 | awk '{ gsub(",", "", $4); print $4 + 0 }')
			nerr=$(grep 'ERROR SUMMARY:' "$VGLOG" | tail -n 1 | awk '{ print $4 + 0 }')
			[ "${def:-0}" -eq 0 ] || note_fail "valgrind: $def bytes definitely lost"
			[ "${ind:-0}" -eq 0 ] || note_fail "valgrind: $ind bytes indirectly lost"
			[ "${nerr:-0}" -eq 0 ] || note_fail "valgrind: $nerr errors"
			grep -q 'definitely lost:\|no leaks are possible\|All heap blocks were freed' "$VGLOG" ||
			    note_fail "valgrind printed no leak summary"
		else
			note_fail "no valgrind log"
		fi
	fi
	if [ "$TOOL" = asan ]; then
		nsum=$(count '^SUMMARY: AddressSanitizer\|^SUMMARY: UndefinedBehaviorSanitizer\|^SUMMARY: LeakSanitizer' "$LOG")
		if [ "$nsum" -gt 0 ]; then
			grep '^SUMMARY: ' "$LOG" | sed 's/^/sanitizer: /'
			note_fail "$nsum sanitizer SUMMARY lines"
		else
			echo "sanitizer: no SUMMARY line (LeakSanitizer ran at exit: no leak)"
		fi
		awk '/^(Direct|Indirect) leak of/ { b[$1] += $4 }
		END { if (length(b)) printf "leaked: %d bytes direct, %d bytes indirect\n", b["Direct"], b["Indirect"] }' "$LOG"
	fi
	nrt=$(count 'runtime error:\|ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|LeakSanitizer has encountered' "$LOG")
	[ "$nrt" -eq 0 ] || note_fail "$nrt sanitizer error lines"
	nerr=$(count '^error: ' "$LOG")
	echo "daemon log: $(count '^warning: ' "$LOG") warnings, $nerr errors, $(count '^info: ' "$LOG") info lines; $(wc -l < "$RUN/requests.log" | tr -d ' ') requests served"
	[ "$nerr" -eq 0 ] || { grep '^error: ' "$LOG" | sort | uniq -c | sort -rn | head -n 5; note_fail "$nerr error lines in the daemon log"; }
	# What each misbehaving source made the daemon say (the first cause).
	echo "warnings per source (count, first cause):"
	sed -n 's/^warning: source \([^:]*\): \(.*\)$/\1\t\2/p' "$LOG" |
	    awk -F '\t' '{ n[$1]++; if (!($1 in c)) c[$1] = $2 }
	    END { for (s in n) printf "  %-22s %4d  %s\n", s, n[s], substr(c[s], 1, 90) }' |
	    sort
	cat "$RUN"/state.db* 2>/dev/null | wc -c | awk '{ printf "state: %.1f MB (state.db and its WAL)\n", $1 / 1048576 }'
	if [ -n "$FAIL" ]; then
		echo "verdict: FAIL: $FAIL"
	else
		case $TOOL in
		plain) echo "verdict: OK (plain: VmRSS growth within $RSS_LIMIT kB, no error; leaks: run the ASan build or valgrind)" ;;
		asan) echo "verdict: OK (asan: no leak, no sanitizer error$( [ "$RSS_JUDGE" = 1 ] && echo ", VmRSS growth within $RSS_LIMIT kB"))" ;;
		valgrind) echo "verdict: OK (valgrind: no leak, no memcheck error)" ;;
		esac
	fi
} > "$RUN/report.txt"
# (not piped: note_fail must run in this shell)
cat "$RUN/report.txt" >> "$OUT"
cat "$RUN/report.txt"
say "results in $OUT"
[ -z "$FAIL" ]
