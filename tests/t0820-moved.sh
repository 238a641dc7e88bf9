#!/usr/bin/env bash
# Redirects: a 301/308 to one URL three fetches in a row is used from then
# on (with a hint to update the config); 302 never is; 410 Gone stops
# polling; loops and redirects off http(s) are errors that name the cause.

. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup' '
	start_httpd &&
	write_rss www/new.xml "Moved" "http://moved.test/" <<-\EOF &&
	http://moved.test/1|Moved story|http://moved.test/1|2026-11-20T10:00:00Z
	EOF
	write_rss www/temp.xml "Temp" "http://temp.test/" <<-\EOF &&
	http://temp.test/1|Temp story|http://temp.test/1|2026-11-19T10:00:00Z
	EOF
	write_rss www/gone.xml "Gone" "http://gone.test/" <<-\EOF &&
	http://gone.test/1|Gone story|http://gone.test/1|2026-11-18T10:00:00Z
	EOF
	write_routes <<-EOF &&
	{"/old.xml": {"status": 301, "headers": {"Location": "/new.xml"}},
	 "/hop.xml": {"status": 308, "headers": {"Location": "/old.xml"}},
	 "/elsewhere.xml": {"status": 302, "headers": {"Location": "/temp.xml"}},
	 "/gone.xml": {"status": 410},
	 "/slow-gone.xml": {"status": 410, "delay": 2},
	 "/loop1.xml": {"status": 301, "headers": {"Location": "/loop2.xml"}},
	 "/loop2.xml": {"status": 301, "headers": {"Location": "/loop1.xml"}},
	 "/ftp.xml": {"status": 301, "headers": {"Location": "ftp://127.0.0.1/x.xml"}}}
	EOF
	write_config moved="$HTTPD_URL/old.xml" chain="$HTTPD_URL/hop.xml" \
	    temp="$HTTPD_URL/elsewhere.xml" gone="$HTTPD_URL/gone.xml"
'

test_expect_success 'permanent redirects: counted, then followed for good' '
	feedmerge --once -c "$CONFIG" 2>err1 &&
	test_grep "source moved: $HTTPD_URL/old.xml redirects permanently to $HTTPD_URL/new.xml (1 of 3 fetches" err1 &&
	test_grep "source chain: $HTTPD_URL/hop.xml redirects permanently to $HTTPD_URL/new.xml (1 of 3" err1 &&
	! grep "source temp: .*redirects" err1 &&
	feedmerge --once -c "$CONFIG" 2>err2 &&
	test_grep "(2 of 3 fetches" err2 &&
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err3 &&
	test_grep "^warning: source moved: $HTTPD_URL/old.xml has moved permanently to $HTTPD_URL/new.xml (3 fetches in a row): fetching that from now on; set url = $HTTPD_URL/new.xml in $CONFIG" err3 &&
	test_grep "^warning: source chain: .* has moved permanently to $HTTPD_URL/new.xml" err3 &&
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err4 &&
	test "$(httpd_requests /old.xml | wc -l)" = 0 &&
	test "$(httpd_requests /hop.xml | wc -l)" = 0 &&
	test "$(httpd_requests /new.xml | wc -l)" = 2 &&
	# A temporary redirect is followed each time, never adopted.
	test "$(httpd_requests /elsewhere.xml | wc -l)" = 1 &&
	atom_entries out.atom title | sort >titles &&
	test_grep -x "Moved story" titles &&
	test_grep -x "Temp story" titles
'

test_expect_success '--status says where a source moved' '
	feedmerge --status -c "$CONFIG" >st &&
	test_grep "moved for good to $HTTPD_URL/new.xml: set url = $HTTPD_URL/new.xml" st
'

test_expect_success 'a new url in the config forgets the move' '
	write_config moved="$HTTPD_URL/new.xml?v=2" chain="$HTTPD_URL/hop.xml" \
	    temp="$HTTPD_URL/elsewhere.xml" gone="$HTTPD_URL/gone.xml" &&
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err5 &&
	test "$(httpd_requests "/new.xml?v=2" | wc -l)" = 1 &&
	! grep "source moved: .*redirect" err5
'

test_expect_success '410 Gone: said once, then not fetched again' '
	test_grep "^warning: source gone: HTTP 410 Gone: not fetched again; take the source out of the configuration or give it a new url ($HTTPD_URL/gone.xml)" err1 &&
	test "$(grep -c "gone.xml" httpd.log)" = 1 &&
	test_grep "^info: source gone: answered 410 Gone at $HTTPD_URL/gone.xml: not fetched" err5 &&
	feedmerge --status --json -c "$CONFIG" >st.json &&
	py -c "import json
s = {x[\"name\"]: x for x in json.load(open(\"st.json\"))[\"sources\"]}
assert s[\"gone\"][\"state\"] == \"gone\", s[\"gone\"]
assert s[\"gone\"][\"next_due\"] is None
assert s[\"gone\"][\"http_status\"] == 410"
'

test_expect_success 'the gone source, given a new url, is fetched again' '
	write_config gone="$HTTPD_URL/temp.xml" &&
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err6 &&
	test "$(httpd_requests /temp.xml | wc -l)" = 1 &&
	! grep "410" err6
'

test_expect_success 'a 410 of the old URL, answered after a reload gave a new one, is not the new one'"'"'s' '
	write_config --daemon state=race.db --feed output=race.atom \
	    --daemon refresh=1h s="$HTTPD_URL/slow-gone.xml" &&
	start_feedmerge race.log -c "$CONFIG" &&
	# Its answer takes 2 s: the reload comes while it is on its way.
	sleep 1 &&
	write_config --daemon state=race.db --feed output=race.atom \
	    --daemon refresh=1h s="$HTTPD_URL/new.xml" &&
	kill -HUP "$FEEDMERGE_PID" &&
	wait_for "test \$(httpd_requests /new.xml | wc -l) -ge 1" 10 &&
	wait_for "grep -q \"^info: round: \" race.log" 10 &&
	stop_pid "$FEEDMERGE_PID" &&
	! grep "410" race.log &&
	feedmerge --status --json -c "$CONFIG" >race.json &&
	py -c "import json
s = json.load(open(\"race.json\"))[\"sources\"][0]
assert s[\"state\"] == \"ok\", s" &&
	start_feedmerge race2.log -c "$CONFIG" &&
	wait_for "grep -q starting race2.log" 10 &&
	stop_pid "$FEEDMERGE_PID" &&
	! grep "Gone" race2.log
'

test_expect_success 'a redirect loop and a redirect to ftp:// are errors that say so' '
	write_config --daemon state=loop.db --feed output=loop.atom \
	    loop="$HTTPD_URL/loop1.xml" ftp="$HTTPD_URL/ftp.xml" \
	    ok="$HTTPD_URL/new.xml" &&
	feedmerge --once -c "$CONFIG" 2>err7 &&
	test_grep "^warning: source loop: more than 5 redirects (a redirect loop?) ($HTTPD_URL/loop1.xml)" err7 &&
	test_grep "^warning: source ftp: redirected to a URL that is not http or https" err7
'

test_done
