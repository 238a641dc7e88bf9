#!/usr/bin/env bash
# Daemon edge cases of changing a running configuration: a source removed
# or re-pointed while its transfer is in flight, and a new URL never
# answered with the old URL's validators.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

has_title () {
	atom_entries out.atom title 2>/dev/null | grep -qxF "$1"
}

wait_log () {
	local wl_pat=$1
	wait_for 'grep -Eq -e "$wl_pat" daemon.log' "${2:-10}"
}

test_expect_success 'setup: a fast feed, a slow one, a replacement' '
	start_httpd &&
	write_rss www/fast.xml "Fast" "http://f.test/" <<-\EOF &&
	http://f.test/1|Fast-1|http://f.test/1|2026-11-20T10:00:00Z
	EOF
	write_rss www/slow.xml "Slow" "http://s.test/" <<-\EOF &&
	http://s.test/1|Slow-1|http://s.test/1|2026-11-20T09:00:00Z
	EOF
	write_rss www/new.xml "New" "http://n.test/" <<-\EOF &&
	http://n.test/1|New-1|http://n.test/1|2026-11-20T08:00:00Z
	EOF
	write_routes <<-\EOF
	{"/slow.xml": {"delay": 4}}
	EOF
'

test_expect_success 'a source re-pointed mid-fetch is fetched from its new URL at once' '
	write_config --daemon refresh=1h --daemon timeout=20s \
	    fast="$HTTPD_URL/fast.xml" moving="$HTTPD_URL/slow.xml" &&
	start_feedmerge daemon.log -v -c "$CONFIG" &&
	wait_log "^debug: source moving: fetching .*/slow\.xml$" &&
	write_config --daemon refresh=1h --daemon timeout=20s \
	    fast="$HTTPD_URL/fast.xml" moving="$HTTPD_URL/new.xml" &&
	kill -HUP "$FEEDMERGE_PID" &&
	wait_log "^info: reloaded .*: \+0 added, -0 removed, 1 changed$" &&
	wait_for "has_title New-1" 15 &&
	test "$(httpd_requests /new.xml | wc -l)" -ge 1
'

test_expect_success 'a source removed mid-fetch, then SIGTERM: exits 0, nothing leaked' '
	write_config --daemon refresh=1h --daemon timeout=20s \
	    fast="$HTTPD_URL/fast.xml" moving="$HTTPD_URL/new.xml" \
	    slow="$HTTPD_URL/slow.xml" &&
	kill -HUP "$FEEDMERGE_PID" &&
	wait_log "\+1 added" &&
	wait_log "^debug: source slow: fetching " &&
	write_config --daemon refresh=1h --daemon timeout=20s \
	    fast="$HTTPD_URL/fast.xml" moving="$HTTPD_URL/new.xml" &&
	kill -HUP "$FEEDMERGE_PID" &&
	wait_log "-1 removed" &&
	kill -TERM "$FEEDMERGE_PID" &&
	wait_exit "$FEEDMERGE_PID" 10 &&
	test "$WAIT_STATUS" = 0
'

test_expect_success 'sources due together stay together: one round, one summary' '
	write_routes <<-\EOF &&
	{"/slow.xml": {"delay": 1}}
	EOF
	write_config --file r.conf --feed output=r.atom --daemon state=r.db \
	    --daemon refresh=2s fast="$HTTPD_URL/fast.xml" \
	    slow="$HTTPD_URL/slow.xml" new="$HTTPD_URL/new.xml" &&
	start_feedmerge rounds.log -c r.conf &&
	wait_for "test \$(grep -c \"^info: round: \" rounds.log) -ge 4" 20 &&
	kill -TERM "$FEEDMERGE_PID" &&
	wait_exit "$FEEDMERGE_PID" 10 &&
	grep "^info: round: " rounds.log >rounds &&
	! grep -v "^info: round: 3 sources, " rounds
'

test_expect_success 'a new URL does not inherit the old one'"'"'s validators' '
	write_rss www/old.xml "Old" "http://o.test/" <<-\EOF &&
	http://o.test/1|Old-1|http://o.test/1|2026-11-20T10:00:00Z
	EOF
	touch -d "2026-11-20 12:00:00 UTC" www/old.xml &&
	write_rss www/other.xml "Other" "http://x.test/" <<-\EOF &&
	http://x.test/1|Other-1|http://x.test/1|2026-11-19T10:00:00Z
	EOF
	touch -d "2024-01-01 00:00:00 UTC" www/other.xml &&
	write_routes <<-\EOF &&
	{"/old.xml": {"no_etag": true}, "/other.xml": {"no_etag": true}}
	EOF
	write_config --file url.conf --feed output=url.atom --daemon state=url.db \
	    src="$HTTPD_URL/old.xml" &&
	feedmerge --once -c url.conf 2>err1 &&
	write_config --file url.conf --feed output=url.atom --daemon state=url.db \
	    src="$HTTPD_URL/other.xml" &&
	httpd_log_mark &&
	feedmerge --once -c url.conf 2>err2 &&
	test "$(httpd_requests /other.xml if_modified_since)" = - &&
	test_grep "1 fetched, 0 unchanged" err2 &&
	atom_entries url.atom title >titles &&
	test_grep -x "Other-1" titles
'

test_done
