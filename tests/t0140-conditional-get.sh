#!/usr/bin/env bash
# Conditional GET: validators are stored and sent; 304s and same-hash bodies
# count as unchanged; a changed body is fetched.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

test_expect_success 'setup: a feed with ETag, one with Last-Modified only, one ignoring validators' '
	start_httpd &&
	write_rss www/a.xml "Feed A" "http://a.test/" <<-\EOF &&
	http://a.test/1|A one|http://a.test/1|2026-11-20T10:00:00Z
	EOF
	write_rss www/b.xml "Feed B" "http://b.test/" <<-\EOF &&
	http://b.test/1|B one|http://b.test/1|2026-11-19T10:00:00Z
	EOF
	write_rss www/c.xml "Feed C" "http://c.test/" <<-\EOF &&
	http://c.test/1|C one|http://c.test/1|2026-11-18T10:00:00Z
	EOF
	touch -d "2026-11-01 00:00:00 UTC" www/b.xml &&
	write_routes <<-\EOF &&
	{"/b.xml": {"no_etag": true},
	 "/c.xml": {"ignore_validators": true, "no_etag": true, "no_last_modified": true}}
	EOF
	test -n "$(httpd_header "$HTTPD_URL/a.xml" ETag)" &&
	test -z "$(httpd_header "$HTTPD_URL/b.xml" ETag)" &&
	test "$(httpd_header "$HTTPD_URL/b.xml" Last-Modified)" = "Sun, 01 Nov 2026 00:00:00 GMT" &&
	write_config a="$HTTPD_URL/a.xml" b="$HTTPD_URL/b.xml" c="$HTTPD_URL/c.xml"
'

test_expect_success 'the first run fetches all three without validators' '
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err1 &&
	round_line err1 >round &&
	test_grep -E "^info: round: 3 sources, 3 fetched, 0 unchanged, 0 failed, 3 new items; wrote " round &&
	test "$(httpd_requests /a.xml if_none_match)" = - &&
	test "$(httpd_requests /a.xml if_modified_since)" = - &&
	test "$(httpd_requests /b.xml if_modified_since)" = -
'

test_expect_success 'requests carry the default User-Agent' '
	test "$(httpd_requests /a.xml user_agent)" = feedmerge/0.1.0
'

test_expect_success 'the second run sends If-None-Match with the ETag and gets 304' '
	etag=$(httpd_header "$HTTPD_URL/a.xml" ETag) &&
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err2 &&
	test "$(httpd_requests /a.xml if_none_match)" = "$etag" &&
	test "$(httpd_requests /a.xml)" = 304
'

test_expect_success 'the second run sends If-Modified-Since when there is no ETag' '
	test "$(httpd_requests /b.xml if_modified_since)" = "Sun, 01 Nov 2026 00:00:00 GMT" &&
	test "$(httpd_requests /b.xml if_none_match)" = - &&
	test "$(httpd_requests /b.xml)" = 304
'

test_expect_success 'a 200 with the same body is not parsed: all three unchanged' '
	test "$(httpd_requests /c.xml)" = 200 &&
	round_line err2 >round &&
	test_grep -E "^info: round: 3 sources, 0 fetched, 3 unchanged, 0 failed, 0 new items; output unchanged$" round
'

test_expect_success 'a changed body is fetched and its new item published' '
	write_rss www/a.xml "Feed A" "http://a.test/" <<-\EOF &&
	http://a.test/2|A two|http://a.test/2|2026-11-21T10:00:00Z
	http://a.test/1|A one|http://a.test/1|2026-11-20T10:00:00Z
	EOF
	write_rss www/c.xml "Feed C" "http://c.test/" <<-\EOF &&
	http://c.test/2|C two|http://c.test/2|2026-11-22T10:00:00Z
	http://c.test/1|C one|http://c.test/1|2026-11-18T10:00:00Z
	EOF
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err3 &&
	test "$(httpd_requests /a.xml if_none_match)" = "$etag" &&
	test "$(httpd_requests /a.xml)" = 200 &&
	round_line err3 >round &&
	test_grep -E "^info: round: 3 sources, 2 fetched, 1 unchanged, 0 failed, 2 new items; wrote .*out\.atom \(5 entries\)$" round &&
	atom_entries out.atom title >titles &&
	printf "C two\nA two\nA one\nB one\nC one\n" >expect &&
	test_cmp expect titles
'

test_expect_success 'the next run sends the new ETag' '
	etag2=$(httpd_header "$HTTPD_URL/a.xml" ETag) &&
	test "$etag2" != "$etag" &&
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err4 &&
	test "$(httpd_requests /a.xml if_none_match)" = "$etag2" &&
	test "$(httpd_requests /a.xml)" = 304
'

test_done
