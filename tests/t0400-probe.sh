#!/usr/bin/env bash
# feedmerge --probe: what one source reads as, item by item, with no state.

. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup: a served feed and a local one' '
	start_httpd &&
	write_rss www/a.xml "Probe feed" "http://probe.test/" <<-\EOF &&
	http://probe.test/1|First item|http://probe.test/1|2026-11-20T10:00:00Z
	guid-2|Second item|http://probe.test/2|2026-11-21T11:30:00Z
	EOF
	cp www/a.xml local.xml &&
	printf "<html><body>Not here</body></html>\n" >www/page.html
'

test_expect_success 'an http source prints the format, the feed and every item' '
	feedmerge --probe "$HTTPD_URL/a.xml" >out 2>err &&
	test_grep "^format: rss2.0$" out &&
	test_grep "^title: Probe feed$" out &&
	test_grep "^items: 2$" out &&
	test_grep "^item 1$" out &&
	test_grep "^title: First item$" out &&
	test_grep "^link: http://probe.test/1$" out &&
	test_grep "^published: 2026-11-20T10:00:00Z$" out &&
	test_grep "^id: guid-2$" out &&
	test_grep "^permalink: no$" out &&
	test_grep "^published: 2026-11-21T11:30:00Z$" out
'

test_expect_success 'bodies are shown as lengths, not dumped' '
	test_grep -E "^summary\(html\): [0-9]+ bytes$" out &&
	test_must_fail grep -q "About First item" out
'

test_expect_success 'a local path and a file:// URL work the same' '
	feedmerge --probe local.xml >out-path &&
	feedmerge --probe "file://$PWD/local.xml" >out-file &&
	grep -v "^url: " out-path >a && grep -v "^url: " out-file >b &&
	test_cmp a b &&
	test_grep "^items: 2$" out-path
'

test_expect_success 'probing touches no state and needs no config' '
	ls >files &&
	test_must_fail grep -q "\.db" files
'

test_expect_success 'an HTML page is not a feed: exit 1 with the reason' '
	test_expect_code 1 feedmerge --probe "$HTTPD_URL/page.html" >out 2>err &&
	test_grep "not a feed" err
'

test_expect_success 'a 404 and a missing file: exit 1 with the reason' '
	test_expect_code 1 feedmerge --probe "$HTTPD_URL/missing.xml" 2>err &&
	test_grep "HTTP 404" err &&
	test_expect_code 1 feedmerge --probe no-such-file.xml 2>err &&
	test_grep "no-such-file.xml" err
'

test_done
