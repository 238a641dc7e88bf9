#!/usr/bin/env bash
# Runs over the same state: stable ids, no needless rewrite, items that leave
# their feed stay, new ones come on top.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

test_expect_success 'setup: two feeds, a first run' '
	start_httpd &&
	write_rss www/a.xml "Feed A" "http://a.test/" <<-\EOF &&
	http://a.test/1|A one|http://a.test/1|2026-11-20T10:00:00Z
	a-2|A two|http://a.test/2|2026-11-18T10:00:00Z
	http://a.test/3|A three|http://a.test/3|2026-11-16T10:00:00Z
	EOF
	write_atom www/b.atom "Feed B" "tag:b.test,2026:feed" "http://b.test/" <<-\EOF &&
	tag:b.test,2026:1|B one|http://b.test/1|2026-11-19T10:00:00Z
	tag:b.test,2026:2|B two|http://b.test/2|2026-11-17T10:00:00Z
	EOF
	write_config a="$HTTPD_URL/a.xml" b="$HTTPD_URL/b.atom" &&
	feedmerge --once -c "$CONFIG" 2>err1 &&
	atom_entries out.atom title >titles1 &&
	printf "A one\nB one\nA two\nB two\nA three\n" >expect &&
	test_cmp expect titles1 &&
	atom_entries out.atom id >ids1 &&
	stat -c "%i:%.9Y" out.atom >stat1
'

test_expect_success 'a second run with nothing new exits 0 and says output unchanged' '
	feedmerge --once -c "$CONFIG" 2>err2 &&
	round_line err2 >round &&
	test_grep -E "^info: round: 2 sources, 0 fetched, 2 unchanged, 0 failed, 0 new items; output unchanged$" round
'

test_expect_success 'the second run does not rewrite the file' '
	stat -c "%i:%.9Y" out.atom >stat2 &&
	test_cmp stat1 stat2
'

test_expect_success 'a changed body with the same items: same ids, no rewrite' '
	write_rss www/a.xml "Feed A" "http://a.test/" <<-\EOF &&
	http://a.test/3|A three|http://a.test/3|2026-11-16T10:00:00Z
	http://a.test/1|A one|http://a.test/1|2026-11-20T10:00:00Z
	a-2|A two|http://a.test/2|2026-11-18T10:00:00Z
	EOF
	feedmerge --once -c "$CONFIG" 2>err3 &&
	round_line err3 >round &&
	test_grep -E "^info: round: 2 sources, 1 fetched, 1 unchanged, 0 failed, 0 new items; output unchanged$" round &&
	stat -c "%i:%.9Y" out.atom >stat3 &&
	test_cmp stat1 stat3 &&
	atom_entries out.atom id >ids3 &&
	test_cmp ids1 ids3
'

test_expect_success 'an item gone from its feed stays; a new one comes on top' '
	write_rss www/a.xml "Feed A" "http://a.test/" <<-\EOF &&
	http://a.test/4|A four|http://a.test/4|2026-11-21T10:00:00Z
	http://a.test/1|A one|http://a.test/1|2026-11-20T10:00:00Z
	http://a.test/3|A three|http://a.test/3|2026-11-16T10:00:00Z
	EOF
	feedmerge --once -c "$CONFIG" 2>err4 &&
	atom_entries out.atom title >titles4 &&
	printf "A four\nA one\nB one\nA two\nB two\nA three\n" >expect &&
	test_cmp expect titles4 &&
	round_line err4 >round &&
	test_grep -E "^info: round: 2 sources, 1 fetched, 1 unchanged, 0 failed, 1 new item; wrote .*out\.atom \(6 entries\)$" round
'

test_expect_success 'the rewrite keeps every earlier id' '
	atom_entries out.atom id >ids4 &&
	sed 1d ids4 >ids4-old &&
	test_cmp ids1 ids4-old &&
	test "$(sed -n 1p ids4)" = "http://a.test/4"
'

test_expect_success 'the rewrite replaced the file' '
	stat -c "%i:%.9Y" out.atom >stat4 &&
	! test_cmp stat1 stat4 &&
	atom_valid out.atom
'

test_expect_success 'a source taken out of the configuration: its entries leave, a story another source carries stays' '
	# C carries A three (the same link) and a story of its own.
	write_rss www/c.xml "Feed C" "http://c.test/" <<-\EOF &&
	c-3|A three, as C has it|http://a.test/3?utm_source=c|2026-11-16T10:00:00Z
	c-9|C nine|http://c.test/9|2026-11-21T10:00:00Z
	EOF
	write_config --file with-c.conf a="$HTTPD_URL/a.xml" \
	    b="$HTTPD_URL/b.atom" c="$HTTPD_URL/c.xml" &&
	feedmerge --once -c with-c.conf 2>err5 &&
	atom_entries out.atom title >titles5 &&
	test_grep -x "C nine" titles5 &&
	test "$(atom_count out.atom)" -eq 7 &&
	write_config --file without-c.conf a="$HTTPD_URL/a.xml" \
	    b="$HTTPD_URL/b.atom" &&
	feedmerge --once -c without-c.conf 2>err6 &&
	test_grep -x "info: source c is no longer in the configuration: 2 items forgotten, 1 story left the output" err6 &&
	atom_entries out.atom title >titles6 &&
	test_grep ! -x "C nine" titles6 &&
	test_grep -x "A three" titles6 &&
	test "$(atom_count out.atom)" -eq 6 &&
	atom_entries out.atom source_title >sources6 &&
	test_grep ! -x "Feed C" sources6 &&
	# And back: its stories come back, with the ids they had.
	feedmerge --once -c with-c.conf 2>err7 &&
	test "$(atom_count out.atom)" -eq 7
'

test_done
