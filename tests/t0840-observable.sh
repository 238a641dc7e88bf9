#!/usr/bin/env bash
# Observable: --status (a table, or JSON) read beside a running daemon; the
# metrics file after each round; systemd's READY, STATUS, RELOADING and
# WATCHDOG through a notify socket of the test's own.

. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup' '
	start_httpd &&
	write_rss www/a.xml "A" "http://a.test/" <<-\EOF &&
	http://a.test/1|A one|http://a.test/1|2026-11-20T10:00:00Z
	http://a.test/2|A two|http://a.test/2|2026-11-19T10:00:00Z
	EOF
	write_config --daemon refresh=1s --daemon metrics=fm.prom \
	    good="$HTTPD_URL/a.xml" bad="$HTTPD_URL/missing.xml" \
	    never="http://127.0.0.1:$(free_port)/x.xml" +refresh=1h
'

test_expect_success '--status before the first run says there is no state yet' '
	test_expect_code 1 feedmerge --status -c "$CONFIG" 2>err &&
	test_grep "state.db" err
'

test_expect_success '--status reads the state while the daemon runs' '
	start_feedmerge d.log -c "$CONFIG" &&
	wait_for "test \$(grep -c \"^info: round: \" d.log) -ge 2" 15 &&
	feedmerge --status -c "$CONFIG" >st &&
	head -n 1 st | test_grep -E "^SOURCE +STATE +LAST FETCH +LAST OK +HTTP +ITEMS +FAILS +NEXT +LAST ERROR" &&
	test_grep -E "^good +ok +[0-9]+s ago +[0-9]+s ago +(200|304) +2 +0 +(in [0-9]+s|due) *$" st &&
	test_grep -E "^bad +failing +[0-9]+s ago +- +404 +0 +[0-9]+ +.* HTTP 404$" st &&
	test_grep -E "^never +failing +.* +- +0 +1 +in [0-9]+(h[0-9]+)?m +.*(onnect|refused)" st &&
	feedmerge --status --json -c "$CONFIG" >st.json &&
	py -c "import json
d = json.load(open(\"st.json\"))
s = {x[\"name\"]: x for x in d[\"sources\"]}
assert [x[\"name\"] for x in d[\"sources\"]] == [\"good\", \"bad\", \"never\"]
assert s[\"good\"][\"items\"] == 2 and s[\"good\"][\"failures\"] == 0
assert s[\"good\"][\"last_success\"].endswith(\"Z\")
assert s[\"bad\"][\"http_status\"] == 404 and s[\"bad\"][\"last_success\"] is None
assert s[\"never\"][\"http_status\"] is None and s[\"never\"][\"state\"] == \"failing\"" &&
	kill -0 "$FEEDMERGE_PID"
'

test_expect_success 'the metrics file is written after each round, and parses' '
	prom=$(find_prom_python) || prom= &&
	test -s fm.prom &&
	! ls fm.prom.tmp.* 2>/dev/null &&
	test_grep "^feedmerge_fetches_total{source=\"good\",outcome=\"ok\"} 1$" fm.prom &&
	test_grep -E "^feedmerge_fetches_total\{source=\"good\",outcome=\"unchanged\"\} [1-9]" fm.prom &&
	test_grep -E "^feedmerge_fetches_total\{source=\"bad\",outcome=\"error\"\} [1-9]" fm.prom &&
	test_grep "^feedmerge_items_new_total{source=\"good\"} 2$" fm.prom &&
	test_grep "^feedmerge_source_last_http_status{source=\"bad\"} 404$" fm.prom &&
	test_grep -E "^feedmerge_rounds_total [2-9]" fm.prom &&
	test_grep -E "^feedmerge_last_round_sources [1-3]$" fm.prom &&
	test_grep -E "^feedmerge_round_duration_seconds [0-9]\.[0-9]+$" fm.prom &&
	test_grep -E "^feedmerge_stories 2$" fm.prom &&
	test_grep -E "^feedmerge_store_bytes [1-9]" fm.prom &&
	if [ -n "$prom" ]; then
		"$prom" -I "$top_srcdir/tests/promcheck.py" fm.prom
	fi
'

test_expect_success 'a reload to a metrics file in no directory is refused' '
	write_config --daemon refresh=1s --daemon metrics=nodir/fm.prom \
	    good="$HTTPD_URL/a.xml" &&
	kill -HUP "$FEEDMERGE_PID" &&
	wait_for "grep -q \"^error: reload failed, keeping the running configuration\" d.log" 10 &&
	test_grep "metrics .*nodir/fm.prom: directory .*nodir does not exist: create it" d.log &&
	kill -0 "$FEEDMERGE_PID"
'

test_expect_success 'a source taken out on SIGHUP leaves the metrics' '
	write_config --daemon refresh=1s --daemon metrics=fm.prom \
	    good="$HTTPD_URL/a.xml" &&
	kill -HUP "$FEEDMERGE_PID" &&
	wait_for "grep -q \"^info: reloaded \" d.log" 10 &&
	wait_for "! grep -q \"source=\\\"bad\\\"\" fm.prom" 10 &&
	stop_pid "$FEEDMERGE_PID"
'

# A notify socket of our own, logging each datagram on a line.
start_notify () {
	NOTIFY_LOG=$TEST_TMP/notify.log
	NOTIFY_SOCKET=$TEST_TMP/notify.sock
	: >"$NOTIFY_LOG"
	"$PYTHON" -I -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(1)
end = time.time() + 120
with open(sys.argv[2], "a") as log:
    while time.time() < end:
        try:
            m = s.recv(4096)
        except socket.timeout:
            continue
        log.write(m.decode().replace("\n", " | ") + "\n")
        log.flush()' "$NOTIFY_SOCKET" "$NOTIFY_LOG" &
	NOTIFY_PID=$!
	track_pid "$NOTIFY_PID"
	wait_for "test -S \"$NOTIFY_SOCKET\"" 10
}

test_expect_success 'systemd: READY, STATUS, RELOADING around SIGHUP, WATCHDOG' '
	if ! ldd "$FEEDMERGE" | grep -q libsystemd; then
		echo "# built without libsystemd" && return 0
	fi
	start_notify &&
	NOTIFY_SOCKET=$NOTIFY_SOCKET WATCHDOG_USEC=600000 \
	    start_feedmerge n.log -c "$CONFIG" &&
	wait_for "grep -q \"^STATUS=last round: 1 source, 0 failed\" \"$NOTIFY_LOG\"" 10 &&
	test_grep -x "READY=1" "$NOTIFY_LOG" &&
	wait_for "test \$(grep -c \"^WATCHDOG=1\" \"$NOTIFY_LOG\") -ge 3" 10 &&
	kill -HUP "$FEEDMERGE_PID" &&
	wait_for "test \$(grep -c \"^READY=1\" \"$NOTIFY_LOG\") -ge 2" 10 &&
	grep -E "^(READY|RELOADING)=1" "$NOTIFY_LOG" >states &&
	printf "READY=1\nRELOADING=1\nREADY=1\n" >expect &&
	test_cmp expect states &&
	stop_pid "$FEEDMERGE_PID" &&
	test_grep -x "STOPPING=1" "$NOTIFY_LOG"
'

test_done
