#!/usr/bin/env bash
# Daemon mode: refreshes on its interval, SIGHUP reloads (a broken config is
# refused and the old one keeps running), SIGTERM exits 0.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

# has_title TITLE: out.atom (as it is now) has an entry titled TITLE.
has_title () {
	atom_entries out.atom title 2>/dev/null | grep -qxF "$1"
}

# wait_log ERE [SECONDS]: wait until daemon.log has a line matching ERE.
wait_log () {
	local wl_pat=$1
	wait_for 'grep -Eq -e "$wl_pat" daemon.log' "${2:-10}"
}

# requests_for PATH: how many requests for PATH were logged since the mark.
requests_for () {
	httpd_requests "$1" | wc -l
}

test_expect_success 'setup: two feeds, refresh = 1s' '
	start_httpd &&
	write_rss www/a.xml "Feed A" "http://a.test/" <<-\EOF &&
	http://a.test/1|Alpha-1|http://a.test/1|2026-11-20T10:00:00Z
	http://a.test/2|Alpha-2|http://a.test/2|2026-11-18T10:00:00Z
	EOF
	write_atom www/b.atom "Feed B" "tag:b.test,2026:feed" "http://b.test/" <<-\EOF &&
	tag:b.test,2026:1|Beta-1|http://b.test/1|2026-11-19T10:00:00Z
	EOF
	write_rss www/c.xml "Feed C" "http://c.test/" <<-\EOF &&
	http://c.test/1|Gamma-1|http://c.test/1|2026-11-15T10:00:00Z
	EOF
	write_config --daemon refresh=1s a="$HTTPD_URL/a.xml" b="$HTTPD_URL/b.atom"
'

test_expect_success 'the daemon starts and writes the output' '
	start_feedmerge daemon.log -c "$CONFIG" &&
	wait_for "test -s out.atom" 15 &&
	wait_for "has_title Alpha-1 && has_title Beta-1" 15 &&
	atom_valid out.atom
'

test_expect_success 'the startup line names the sources and the output' '
	test_grep -E "^info: feedmerge 0\.1\.0 starting: 2 sources, output .*out\.atom$" daemon.log
'

test_expect_success 'a new item in a served feed appears on the next refresh' '
	write_rss www/a.xml "Feed A" "http://a.test/" <<-\EOF &&
	http://a.test/3|Alpha-3|http://a.test/3|2026-11-21T10:00:00Z
	http://a.test/1|Alpha-1|http://a.test/1|2026-11-20T10:00:00Z
	http://a.test/2|Alpha-2|http://a.test/2|2026-11-18T10:00:00Z
	EOF
	wait_for "has_title Alpha-3" 15 &&
	test "$(atom_entries out.atom title | head -n 1)" = Alpha-3
'

test_expect_success 'SIGHUP with a new [source] starts it' '
	printf "\n[source \"c\"]\nurl = %s\n" "$HTTPD_URL/c.xml" >>"$CONFIG" &&
	kill -HUP "$FEEDMERGE_PID" &&
	wait_log "^info: reloaded .*feedmerge\.conf: \+1 added, -0 removed, 0 changed$" &&
	wait_for "has_title Gamma-1" 15
'

test_expect_success 'SIGHUP with a broken config: logged, the old one keeps running' '
	printf "\n[bogus]\nkey = value\n" >>"$CONFIG" &&
	badline=$(( $(wc -l <"$CONFIG") - 1 )) &&
	kill -HUP "$FEEDMERGE_PID" &&
	wait_log "^error: reload failed, keeping the running configuration$" &&
	test_grep -E "feedmerge\.conf:$badline: .*bogus" daemon.log &&
	! process_exited "$FEEDMERGE_PID"
'

test_expect_success 'the daemon still refreshes after the failed reload' '
	write_rss www/c.xml "Feed C" "http://c.test/" <<-\EOF &&
	http://c.test/2|Gamma-2|http://c.test/2|2026-11-22T10:00:00Z
	http://c.test/1|Gamma-1|http://c.test/1|2026-11-15T10:00:00Z
	EOF
	wait_for "has_title Gamma-2" 15 &&
	! process_exited "$FEEDMERGE_PID"
'

test_expect_success 'SIGHUP with an output in no directory: refused, the old one kept' '
	write_config --feed output="$PWD/no/such/dir/out.atom" \
	    --daemon refresh=1s a="$HTTPD_URL/a.xml" c="$HTTPD_URL/c.xml" &&
	kill -HUP "$FEEDMERGE_PID" &&
	wait_log "^error: .*no/such/dir" &&
	wait_for "test \$(grep -c \"^error: reload failed\" daemon.log) = 2" 5 &&
	! process_exited "$FEEDMERGE_PID"
'

test_expect_success 'SIGHUP removing a source and changing an interval' '
	write_config --daemon refresh=1s \
	    a="$HTTPD_URL/a.xml" +refresh=2s c="$HTTPD_URL/c.xml" &&
	kill -HUP "$FEEDMERGE_PID" &&
	wait_log "^info: reloaded .*feedmerge\.conf: \+0 added, -1 removed, 1 changed$"
'

test_expect_success 'a removed source is no longer fetched' '
	httpd_log_mark &&
	wait_for "test \$(requests_for /c.xml) -ge 2" 10 &&
	httpd_log_mark &&
	wait_for "test \$(requests_for /c.xml) -ge 2" 10 &&
	test "$(requests_for /b.atom)" = 0
'

test_expect_success 'the removed source'"'"'s entries have left the output' '
	wait_log "^info: source b is no longer in the configuration: [0-9]+ items? forgotten, [0-9]+ stor(y|ies) left the output$" &&
	wait_for "! has_title Beta-1" 10 &&
	atom_entries out.atom source_title >sources &&
	test_grep ! -x "Feed B" sources
'

test_expect_success 'SIGTERM: exits 0 within 10 s' '
	kill -TERM "$FEEDMERGE_PID" &&
	wait_exit "$FEEDMERGE_PID" 10 &&
	test "$WAIT_STATUS" = 0 &&
	test_grep "^info: shutting down$" daemon.log &&
	atom_valid out.atom
'

test_expect_success 'the log has round: summary lines' '
	grep "^info: round: " daemon.log >rounds &&
	test_line_count -ge 3 rounds &&
	! grep -Evx "info: round: (1 source|[0-9]+ sources), [0-9]+ fetched, [0-9]+ unchanged, [0-9]+ failed, (1 new item|[0-9]+ new items); (wrote .*out\.atom \((1 entry|[0-9]+ entries)\)|output unchanged)" rounds
'

test_done
