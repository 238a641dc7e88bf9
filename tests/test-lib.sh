# test-lib.sh: sourced by every tests/tNNNN-*.sh integration test.
#
#	. "$(dirname "$0")/test-lib.sh"
#	test_expect_success 'what it checks' '
#		write_config a="$HTTPD_URL/a.xml" &&
#		feedmerge --once -c "$CONFIG" 2>err &&
#		test_grep "round: 1 source" err
#	'
#	test_done
#
# Each test runs in its own temporary directory (the current directory while
# the blocks run), removed at exit unless a block failed and KEEP_TMP is set.
# Blocks run in the test's shell (variables carry over), commands chained
# with &&.  Every process a test starts through this library is killed by PID
# at exit.  Options: -v (show every block's output), -i (stop at the first
# failure).  Environment: FEEDMERGE (the binary), top_srcdir, top_builddir,
# KEEP_TMP, PYTHON, FEEDMERGE_TIMEOUT (seconds a --once run may take).

set -u
export LC_ALL=C TZ=UTC
unset CDPATH

TEST_NAME=$(basename "$0" .sh)
TEST_DIRECTORY=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${top_srcdir:=$(cd "$TEST_DIRECTORY/.." && pwd)}"
top_srcdir=$(cd "$top_srcdir" && pwd)

test_verbose=${VERBOSE:-}
test_immediate=
for arg in "$@"; do
	case $arg in
	-v|--verbose) test_verbose=1 ;;
	-i|--immediate) test_immediate=1 ;;
	esac
done

test_count=0
test_failures=0
test_in_block=
test_finished=
test_pids=

# --- the binary and the tools ----------------------------------------------

# $FEEDMERGE (make check sets it), else ../feedmerge beside the build's tests/.
if [ -z "${FEEDMERGE:-}" ]; then
	for f in ${top_builddir:+"$top_builddir/feedmerge"} "$PWD/feedmerge" \
	    "$PWD/../feedmerge" "$TEST_DIRECTORY/../feedmerge"; do
		if [ -x "$f" ]; then
			FEEDMERGE=$f
			break
		fi
	done
fi
if [ -z "${FEEDMERGE:-}" ] || [ ! -x "$FEEDMERGE" ]; then
	echo "# $TEST_NAME: feedmerge binary not found (set FEEDMERGE)" >&2
	exit 99
fi
FEEDMERGE=$(cd "$(dirname "$FEEDMERGE")" && pwd)/$(basename "$FEEDMERGE")

# A python3 that starts fast (pyenv shims cost ~0.4 s per call).
PYTHON=${PYTHON:-python3}
if ! PYTHON=$("$PYTHON" -c 'import sys; print(sys.executable)' 2>/dev/null) ||
    [ -z "$PYTHON" ]; then
	echo "1..0 # SKIP python3 is needed"
	exit 77
fi
py () {
	"$PYTHON" -I -S "$@"
}

# Skip the whole test file unless these commands exist.
test_require () {
	local c
	for c in "$@"; do
		if ! command -v "$c" >/dev/null 2>&1; then
			echo "1..0 # SKIP $c is needed"
			test_finished=1
			exit 77
		fi
	done
}

# --- temp dir, cleanup -----------------------------------------------------

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/feedmerge-$TEST_NAME.XXXXXX") || exit 99
cd "$TEST_TMP" || exit 99

# Sanitizer reports land in files checked after every block, with exit codes
# test_must_fail does not mistake for an orderly failure.
mkdir -p "$TEST_TMP/.san"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$TEST_TMP/.san/asan:exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$TEST_TMP/.san/ubsan:exitcode=87"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}exitcode=88"

# Remember a PID to kill at exit.
track_pid () {
	test_pids="$test_pids $1"
}

# True when process $1 is gone or a zombie (exited, not yet waited for).
process_exited () {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	stat=${stat##*) }
	[ "${stat%% *}" = Z ] || [ "${stat%% *}" = X ]
}

# Send signal $2 (default TERM) to PID $1 and wait up to $3 s (default 5)
# for it to exit; then SIGKILL.  Sets WAIT_STATUS to its exit status.
stop_pid () {
	local pid=$1 sig=${2:-TERM} secs=${3:-5}
	WAIT_STATUS=
	process_exited "$pid" || kill "-$sig" "$pid" 2>/dev/null
	if ! wait_for "process_exited $pid" "$secs" >/dev/null; then
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	WAIT_STATUS=$?
}

# Wait up to $2 s for process $1 (a child) to exit by itself; sets WAIT_STATUS.
wait_exit () {
	WAIT_STATUS=
	if ! wait_for "process_exited $1" "${2:-10}"; then
		echo "process $1 still running after ${2:-10}s"
		return 1
	fi
	wait "$1" 2>/dev/null
	WAIT_STATUS=$?
}

test_cleanup () {
	local rc=$? pid
	trap - EXIT
	if [ -n "$test_in_block" ]; then
		echo "not ok $test_count - $test_in_block (the shell exited inside the block)"
		test_failures=$((test_failures + 1))
		rc=1
	fi
	for pid in $test_pids; do
		process_exited "$pid" || kill -TERM "$pid" 2>/dev/null
	done
	for pid in $test_pids; do
		wait_for "process_exited $pid" 3 >/dev/null 2>&1 ||
			kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	if [ -z "$test_finished" ]; then
		echo "# $TEST_NAME: test script did not reach test_done"
		[ "$rc" -eq 0 ] && rc=99
	fi
	cd / || :
	if [ "$test_failures" -gt 0 ] && [ -n "${KEEP_TMP:-}" ]; then
		echo "# kept $TEST_TMP"
	else
		rm -rf "$TEST_TMP"
	fi
	exit "$rc"
}
trap test_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- blocks ----------------------------------------------------------------

# A block's commands, in a function of their own: a `return N` in them
# ends the block with status N instead of leaving test_expect_success
# before it has counted the block.
test_run_block_ () {
	eval "$1"
}

# test_expect_success 'title' 'commands'
test_expect_success () {
	local title=$1 body=$2 out rc san
	test_count=$((test_count + 1))
	out=$TEST_TMP/.out.$test_count
	test_in_block=$title
	touch "$TEST_TMP/.mark"
	test_run_block_ "$body" >"$out" 2>&1 </dev/null
	rc=$?
	test_in_block=
	if [ "$rc" -eq 0 ] && ! test_check_written_feeds >>"$out" 2>&1; then
		echo "(a feed feedmerge wrote in this block fails a reader)" \
		    >>"$out"
		rc=1
	fi
	san=$(find "$TEST_TMP/.san" -type f 2>/dev/null)
	if [ "$rc" -eq 0 ] && [ -z "$san" ]; then
		echo "ok $test_count - $title"
		[ -n "$test_verbose" ] && sed 's/^/#   /' "$out"
	else
		test_failures=$((test_failures + 1))
		echo "not ok $test_count - $title"
		printf '%s\n' "$body" | sed 's/^/#	/'
		echo "# output:"
		sed 's/^/#   /' "$out"
		if [ -n "$san" ]; then
			echo "# sanitizer reports:"
			cat $san | sed 's/^/#   /'
			mkdir -p "$TEST_TMP/.san-seen"
			mv $san "$TEST_TMP/.san-seen/"
		fi
		if [ -n "$test_immediate" ]; then
			test_done
		fi
	fi
	return 0
}

# Every feed feedmerge wrote or replaced since the block began (its
# generator element says whose it is; not a temp file a running daemon
# is still writing), through tests/readers.sh: RFC 4287's schema,
# Universal Feed Parser and newsboat.
test_check_written_feeds () {
	local f
	local -a files=()
	[ -e "$TEST_TMP/.mark" ] || return 0
	while IFS= read -r f; do
		grep -qs '<generator version="[^"]*">feedmerge</generator>' "$f" &&
			files+=("$f")
	done < <(find "$TEST_TMP" -path "$TEST_TMP/.*" -prune -o -type f \
	    -newer "$TEST_TMP/.mark" ! -name '*.tmp.??????' -print)
	[ "${#files[@]}" -eq 0 ] && return 0
	sh "$TEST_DIRECTORY/readers.sh" "${files[@]}"
}

# Print the plan and the tally; exit 1 when a block failed.
test_done () {
	local passed=$((test_count - test_failures))
	test_finished=1
	echo "1..$test_count"
	echo "# $passed passed, $test_failures failed"
	[ "$test_failures" -eq 0 ] && exit 0
	exit 1
}

# --- assertions ------------------------------------------------------------

# Succeeds when the command fails in an orderly way (not a crash, timeout,
# sanitizer report or missing command).
test_must_fail () {
	local rc
	"$@"
	rc=$?
	case $rc in
	0)	echo "test_must_fail: command succeeded: $*"; return 1 ;;
	86|87|88) echo "test_must_fail: sanitizer exit ($rc): $*"; return 1 ;;
	124)	echo "test_must_fail: timed out: $*"; return 1 ;;
	125|126|127) echo "test_must_fail: cannot run ($rc): $*"; return 1 ;;
	esac
	if [ "$rc" -gt 128 ]; then
		echo "test_must_fail: died by signal $((rc - 128)): $*"
		return 1
	fi
	return 0
}

# test_expect_code N command...
test_expect_code () {
	local want=$1 rc
	shift
	"$@"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "test_expect_code: want exit $want, got $rc: $*"
		return 1
	fi
}

test_cmp () {
	diff -u "$1" "$2"
}

# test_path_is_missing PATH...: none of them exists (else show it).
test_path_is_missing () {
	local p ok=0
	for p in "$@"; do
		if [ -e "$p" ] || [ -L "$p" ]; then
			echo "test_path_is_missing: $p exists:"
			ls -ld "$p"
			[ -f "$p" ] && head -n 20 "$p" | sed 's/^/	/'
			ok=1
		fi
	done
	return "$ok"
}

# test_line_count = 3 FILE   (= != < > <= >=, or any test(1) integer operator)
test_line_count () {
	local n op
	n=$(wc -l <"$3") || return 1
	case $1 in
	=|==)	op=-eq ;;
	!=)	op=-ne ;;
	\<)	op=-lt ;;
	\>)	op=-gt ;;
	\<=)	op=-le ;;
	\>=)	op=-ge ;;
	*)	op=$1 ;;
	esac
	test "$n" "$op" "$2" && return 0
	echo "test_line_count: $3 has $n lines, want $1 $2:"
	sed 's/^/	/' "$3"
	return 1
}

# test_grep [!] [grep options] PATTERN FILE: grep -q, showing FILE on failure.
test_grep () {
	local neg= file
	if [ "$1" = "!" ]; then
		neg=1
		shift
	fi
	file=${!#}
	if [ -n "$neg" ]; then
		grep "$@" >/dev/null || return 0
		echo "test_grep: did not expect ${*:1:$#-1} in $file:"
	else
		grep "$@" >/dev/null && return 0
		echo "test_grep: expected ${*:1:$#-1} in $file:"
	fi
	sed 's/^/	/' "$file" 2>/dev/null
	return 1
}

# test_lines_match FILE < patterns: FILE has as many lines as the input, and
# line N matches the extended regular expression on input line N, whole.
test_lines_match () {
	local -a want got
	local i ok=0
	mapfile -t want
	mapfile -t got <"$1"
	if [ "${#want[@]}" -ne "${#got[@]}" ]; then
		echo "test_lines_match: $1 has ${#got[@]} lines, want ${#want[@]}"
		ok=1
	fi
	for ((i = 0; i < ${#want[@]} && i < ${#got[@]}; i++)); do
		if ! printf '%s\n' "${got[i]}" | grep -Eqx -e "${want[i]}"; then
			echo "test_lines_match: $1 line $((i + 1)): \"${got[i]}\" does not match /${want[i]}/"
			ok=1
		fi
	done
	[ "$ok" -eq 0 ] || { echo "$1:"; sed 's/^/	/' "$1"; }
	return "$ok"
}

# wait_for 'condition command' SECONDS: poll every 0.1 s until the condition
# holds (return 0) or the deadline passes (return 1).
wait_for () {
	local cond=$1 secs=${2:-10} now deadline
	now=${EPOCHREALTIME/[.,]/}
	deadline=$((now + secs * 1000000))
	while :; do
		eval "$cond" && return 0
		now=${EPOCHREALTIME/[.,]/}
		if [ "$now" -ge "$deadline" ]; then
			echo "wait_for: still false after ${secs}s: $cond"
			return 1
		fi
		sleep 0.1
	done
}

# Milliseconds since the epoch.
now_ms () {
	local t=${EPOCHREALTIME/[.,]/}
	echo $((t / 1000))
}

# --- feedmerge -------------------------------------------------------------

# feedmerge ARGS: run the binary in the foreground, bounded in time.
feedmerge () {
	timeout -k 5 "${FEEDMERGE_TIMEOUT:-60}" "$FEEDMERGE" "$@"
}

# start_feedmerge ERRFILE ARGS: run the binary in the background (stdout to
# ERRFILE.out, stderr to ERRFILE); sets FEEDMERGE_PID.
start_feedmerge () {
	local err=$1
	shift
	"$FEEDMERGE" "$@" >"$err.out" 2>"$err" </dev/null &
	FEEDMERGE_PID=$!
	track_pid "$FEEDMERGE_PID"
}

# The last refresh summary in a log: `info: round: ...`.
round_line () {
	grep '^info: round: ' "$1" | tail -n 1
}

# write_config [--file F] [--feed KEY=VAL]... [--daemon KEY=VAL]...
#	[NAME=URL [+KEY=VAL]...]...
# Writes a config (default $TEST_TMP/feedmerge.conf; sets CONFIG) with an
# output out.atom and a state state.db beside it.  --feed/--daemon replace a
# default (an empty value drops the key); +KEY=VAL adds a key to the source
# before it.
write_config () {
	local file=$TEST_TMP/feedmerge.conf k v kv
	local -a fkeys=(title id output) src=()
	local -a dkeys=(state refresh timeout per_host host_spacing)
	local -A feed=([title]='Test digest' [id]='tag:feedmerge.test,2026:digest'
	    [output]=out.atom)
	# Tests put many sources on one loopback host: politeness per host
	# (tests of it set these back) would only make them slow.
	local -A daemon=([state]=state.db [refresh]=1h [timeout]=10s
	    [per_host]=16 [host_spacing]=0)
	while [ $# -gt 0 ]; do
		case $1 in
		--file)	file=$2; shift 2 ;;
		--feed|--daemon)
			k=${2%%=*} v=${2#*=}
			if [ "$1" = --feed ]; then
				[ -n "${feed[$k]+x}" ] || fkeys+=("$k")
				feed[$k]=$v
			else
				[ -n "${daemon[$k]+x}" ] || dkeys+=("$k")
				daemon[$k]=$v
			fi
			shift 2 ;;
		+*=*)	src+=("${1#+}"); shift ;;
		*=*)	src+=("[source \"${1%%=*}\"]" "url=${1#*=}"); shift ;;
		*)	echo "write_config: bad argument: $1" >&2; return 1 ;;
		esac
	done
	{
		echo "[feed]"
		for k in "${fkeys[@]}"; do
			[ -n "${feed[$k]}" ] && echo "$k = ${feed[$k]}"
		done
		echo
		echo "[daemon]"
		for k in "${dkeys[@]}"; do
			[ -n "${daemon[$k]}" ] && echo "$k = ${daemon[$k]}"
		done
		for kv in ${src[@]+"${src[@]}"}; do
			case $kv in
			\[*)	printf '\n%s\n' "$kv" ;;
			*)	echo "${kv%%=*} = ${kv#*=}" ;;
			esac
		done
	} >"$file"
	CONFIG=$file
}

# find_prom_python: print a python3 that has prometheus_client (a pyenv
# one may not; Debian's python3-prometheus-client is in /usr/bin's).
find_prom_python () {
	local p
	for p in "$PYTHON" python3 /usr/bin/python3; do
		if "$p" -c 'import prometheus_client.parser' 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# --- the loopback HTTP server ----------------------------------------------

# (The interpreter is started directly, not through a function, so that $!
# is its PID.)
# start_httpd [httpd.py options]: serve $HTTPD_ROOT (www/ in the temp dir)
# with routes from $HTTPD_ROUTES (routes.json) and a request log in
# $HTTPD_LOG (httpd.log).  Sets HTTPD_PORT, HTTPD_URL, HTTPD_PID.
start_httpd () {
	HTTPD_ROOT=$TEST_TMP/www
	HTTPD_ROUTES=$TEST_TMP/routes.json
	HTTPD_LOG=$TEST_TMP/httpd.log
	mkdir -p "$HTTPD_ROOT"
	rm -f "$TEST_TMP/httpd.port"
	"$PYTHON" -I -S "$TEST_DIRECTORY/httpd.py" --root "$HTTPD_ROOT" \
	    --port-file "$TEST_TMP/httpd.port" --routes "$HTTPD_ROUTES" \
	    --log "$HTTPD_LOG" --max-seconds "${HTTPD_MAX_SECONDS:-300}" "$@" \
	    >"$TEST_TMP/httpd.err" 2>&1 </dev/null &
	HTTPD_PID=$!
	track_pid "$HTTPD_PID"
	if ! wait_for 'test -s "$TEST_TMP/httpd.port"' 10; then
		echo "start_httpd: no port file; server said:"
		cat "$TEST_TMP/httpd.err"
		return 1
	fi
	HTTPD_PORT=$(cat "$TEST_TMP/httpd.port")
	HTTPD_URL=http://127.0.0.1:$HTTPD_PORT
}

stop_httpd () {
	stop_pid "$HTTPD_PID" TERM 5
	[ "$WAIT_STATUS" -eq 0 ]
}

# write_routes < JSON: set the server's routes (read on every request).
write_routes () {
	cat >"$HTTPD_ROUTES.tmp" && mv "$HTTPD_ROUTES.tmp" "$HTTPD_ROUTES"
}

# A TCP port on 127.0.0.1 nobody listens on (bound, then closed).
free_port () {
	py -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# httpd_requests PATH [FIELD]: one line per logged request for PATH (all of
# them, oldest first), showing FIELD (default status; "-" when absent).
# Set HTTPD_LOG_FROM=N to skip the first N log lines (see httpd_log_mark).
httpd_requests () {
	py -c 'import json, sys
path, field, skip = sys.argv[1], sys.argv[2], int(sys.argv[4])
try:
    lines = open(sys.argv[3]).read().splitlines()[skip:]
except FileNotFoundError:
    lines = []
for l in lines:
    r = json.loads(l)
    if r["path"] == path:
        v = r.get(field)
        print("-" if v is None else v)' "$1" "${2:-status}" "$HTTPD_LOG" "${HTTPD_LOG_FROM:-0}"
}

# Set HTTPD_LOG_FROM to the number of requests logged so far.
httpd_log_mark () {
	HTTPD_LOG_FROM=$(cat "$HTTPD_LOG" 2>/dev/null | wc -l)
}

# httpd_header URL NAME: the value of response header NAME for a HEAD of URL.
httpd_header () {
	py -c 'import sys, urllib.request
r = urllib.request.urlopen(urllib.request.Request(sys.argv[1], method="HEAD"), timeout=10)
print(r.headers.get(sys.argv[2], ""))' "$1" "$2"
}

# --- feeds -----------------------------------------------------------------

# write_rss FILE TITLE LINK < items, one per line: GUID|TITLE|LINK|DATE
# DATE is ISO 8601 (2026-11-10T08:00:00Z), written as RFC 822.  A GUID that
# is not an http(s) URL gets isPermaLink="false"; an empty field is left out.
# write_atom FILE TITLE ID LINK < items: ID|TITLE|LINK|UPDATED
# Files are replaced atomically (a served file is never seen half written).
write_rss () {
	py -c "$feedgen_py" rss "$@"
}
write_atom () {
	py -c "$feedgen_py" atom "$@"
}
feedgen_py='
import datetime, email.utils, os, sys
from xml.sax.saxutils import escape, quoteattr
kind, path, title, a, b = (sys.argv[1:] + [""] * 5)[:5]
items = [l.rstrip("\n").split("|") for l in sys.stdin if l.strip()]
def d(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
out = []
if kind == "rss":
    link = a
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n"
               "<title>%s</title>\n<link>%s</link>\n<description>%s</description>\n"
               % (escape(title), escape(link), escape(title)))
    for f in items:
        guid, t, l, dt = (f + [""] * 4)[:4]
        out.append("<item>\n")
        if t: out.append("<title>%s</title>\n" % escape(t))
        if l: out.append("<link>%s</link>\n" % escape(l))
        if guid:
            pl = "" if guid.startswith(("http://", "https://")) else " isPermaLink=\"false\""
            out.append("<guid%s>%s</guid>\n" % (pl, escape(guid)))
        if dt: out.append("<pubDate>%s</pubDate>\n" % email.utils.format_datetime(d(dt)))
        out.append("<description>About %s.</description>\n</item>\n" % escape(t or guid))
    out.append("</channel>\n</rss>\n")
else:
    fid, link = a, b
    upd = max([f[3] for f in items if len(f) > 3 and f[3]] or ["2026-01-01T00:00:00Z"])
    out.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
               "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>%s</title>\n"
               "<id>%s</id>\n<link rel=\"alternate\" href=%s/>\n<updated>%s</updated>\n"
               "<author><name>Test Author</name></author>\n"
               % (escape(title), escape(fid), quoteattr(link), upd))
    for f in items:
        eid, t, l, dt = (f + [""] * 4)[:4]
        out.append("<entry>\n")
        if eid: out.append("<id>%s</id>\n" % escape(eid))
        if t: out.append("<title>%s</title>\n" % escape(t))
        if l: out.append("<link rel=\"alternate\" href=%s/>\n" % quoteattr(l))
        if dt: out.append("<updated>%s</updated>\n" % dt)
        out.append("<summary>About %s.</summary>\n</entry>\n" % escape(t or eid))
    out.append("</feed>\n")
tmp = path + ".tmp"
with open(tmp, "w", encoding="utf-8") as fp:
    fp.write("".join(out))
os.replace(tmp, path)
'

# --- reading the output ----------------------------------------------------

# atom_valid FILE: well-formed XML (xmllint --noout).
atom_valid () {
	xmllint --noout "$1"
}

# atom_entries FILE FIELD: one line per entry, in document order.  FIELD:
# id title link (alternate) updated published author summary content
# source_id source_title source_link (alternate) source_links (all of them).
# atom_feed FILE FIELD: feed-level id title updated self generator.
# atom_count FILE: the number of entries.
atom_entries () {
	py -c "$atom_py" entries "$1" "$2"
}
atom_feed () {
	py -c "$atom_py" feed "$1" "$2"
}
atom_count () {
	py -c "$atom_py" count "$1" -
}
atom_py='
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
mode, path, field = sys.argv[1:4]
root = ET.parse(path).getroot()
if root.tag != A + "feed":
    sys.exit("not an Atom feed: root is %s" % root.tag)
def text(e, tag):
    x = e.find(A + tag)
    return "" if x is None else "".join(x.itertext()).strip()
def links(e, rel):
    return [l.get("href", "") for l in e.findall(A + "link")
            if rel is None or l.get("rel", "alternate") == rel]
def get(e, f):
    if f in ("id", "title", "updated", "published", "summary", "content"):
        return text(e, f)
    if f == "author":
        a = e.find(A + "author")
        return "" if a is None else text(a, "name")
    if f == "link":
        return " ".join(links(e, "alternate"))
    if f == "self":
        return " ".join(links(e, "self"))
    if f == "generator":
        return text(e, "generator")
    if f.startswith("source_"):
        s = e.find(A + "source")
        if s is None:
            return ""
        if f == "source_links":
            return " ".join(links(s, None))
        return get(s, f[len("source_"):])
    sys.exit("unknown field " + f)
entries = root.findall(A + "entry")
if mode == "count":
    print(len(entries))
elif mode == "feed":
    print(get(root, field).replace("\n", " "))
else:
    for e in entries:
        print(get(e, field).replace("\n", " "))
'
