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

# --- pages -----------------------------------------------------------------

test_expect_success 'setup: an article page of the test site, offering a feed' '
	mkdir -p www/news &&
	sed "s|<link rel=\"canonical\"|<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Ledger\" href=\"/news/feed.xml\">\n&|" \
	    "$top_srcdir/tests/site/news/a1.html" >www/news/a1.html &&
	test_grep "application/rss+xml" www/news/a1.html &&
	cp "$top_srcdir/tests/site/index.html" www/index.html &&
	PAGE=$HTTPD_URL/news/a1.html
'

test_expect_success 'a page: format, site, link, feed, the story and its teasers' '
	feedmerge --probe "$PAGE" >out 2>err &&
	test_lines_match out <<-EOF
	url: $PAGE
	content-type: text/html; charset=utf-8
	bytes: [0-9]+
	format: html
	site: The Loopback Ledger
	link: $PAGE
	offers feed: $HTTPD_URL/news/feed.xml
	story
	title: Council approves new footbridge over the Mill Race
	link: $PAGE
	author: Helen Marsh
	published: 2026-11-24T09:00:00Z
	summary: The steel bridge will link the station car park to the market square and should open next autumn\\.
	body: [0-9]+ characters
	body starts: Councillors voted 9-2 on Monday to build a new footbridge over the Mill Race, linking the station car park with the market square\\. The steel bridge, 28 metres long and\\.\\.\\.
	teasers: 3
	teaser 1
	title: River path flood wall will go up by 50cm
	link: $HTTPD_URL/news/a4.html
	snippet: The Environment Agency says the work will protect 230 homes in the lower town from a once-in-a-century flood \\(cut\\)
	teaser 2
	title: More buses on route 7 as services go every quarter of an hour
	link: $HTTPD_URL/news/a6.html
	snippet: The operator will add four buses to the route, which links the hospital, the town centre and the estates to the north \\(cut\\)
	teaser 3
	title: Town library to open longer at weekends in the new year
	link: $HTTPD_URL/news/a2.html
	snippet: From 9 January the library will stay open until 5pm on Saturdays and open on Sunday afternoons for the first time \\(cut\\)
	EOF
'

test_expect_success 'the body length counts characters, not bytes' '
	n=$(sed -n "s/^body: \([0-9]*\) characters$/\1/p" out) &&
	test "$n" -gt 500 && test "$n" -lt 700
'

test_expect_success 'a section front: teasers only, no story' '
	feedmerge --probe "$HTTPD_URL/" >out-front 2>err &&
	test_grep -x "format: html" out-front &&
	test_grep -x "teasers: 6" out-front &&
	test_grep ! -x "story" out-front &&
	test_grep ! "^body" out-front &&
	test_grep -x "title: Bakery on Station Road wins regional bread award" out-front &&
	test_grep -x "link: $HTTPD_URL/news/a3.html" out-front &&
	test_grep ! "(cut)" out-front
'

test_expect_success '--body-xpath and --title-xpath change the story' '
	feedmerge --probe "$PAGE" --body-xpath "//div[@class=\"story__body\"]/p[2]" \
	    --title-xpath "//aside//h3[1]" >out-x 2>err &&
	test_grep -x "story" out-x &&
	test_grep -x "title: River path flood wall will go up by 50cm" out-x &&
	test_grep ! -x "title: Council approves new footbridge over the Mill Race" out-x &&
	test_grep -x "body: 149 characters" out-x &&
	test_grep -x "body starts: The steel bridge, 28 metres long and wide enough for bicycles, will cost about £1.4 million. Most of the money comes from a regional transport grant." out-x &&
	test_grep -x "teasers: 3" out-x &&
	test_grep -x "author: Helen Marsh" out-x
'

test_expect_success '--item-xpath: the nodes it selects are the teasers, and no story' '
	feedmerge --probe "$PAGE" --item-xpath "//aside//li" \
	    --title-xpath "normalize-space(.//h3)" >out-i 2>err &&
	test_grep -x "teasers: 4" out-i &&
	test_grep ! -x "story" out-i &&
	test_grep -x "link: https://elsewhere.example/x.html" out-i &&
	test_grep -x "title: Town library to open longer at weekends in the new year" out-i
'

test_expect_success 'an invalid --body-xpath: exit 2 naming the option, nothing fetched' '
	httpd_log_mark &&
	test_expect_code 2 feedmerge --probe "$PAGE" --body-xpath "//div[" >out 2>err &&
	test_grep -E "^feedmerge: --body-xpath: invalid XPath: .*\(got \"//div\[\"\)$" err &&
	test_line_count = 0 out &&
	test "$(httpd_requests /news/a1.html | wc -l)" -eq 0 &&
	test_expect_code 2 feedmerge --probe "$PAGE" --item-xpath "//li[@class=" >out 2>err &&
	test_grep "^feedmerge: --item-xpath: invalid XPath" err
'

test_expect_success 'XPath options or --type without --probe: exit 2' '
	test_expect_code 2 feedmerge --body-xpath "//p" >out 2>err &&
	test_grep "go with --probe" err &&
	test_expect_code 2 feedmerge --type html >out 2>err &&
	test_grep "go with --probe" err &&
	test_expect_code 2 feedmerge --probe "$PAGE" --type feed --body-xpath "//p" >out 2>err &&
	test_grep "not --type feed" err &&
	test_expect_code 2 feedmerge --probe "$PAGE" --type rss >out 2>err &&
	test_grep -e "--type: must be auto, feed or html" err
'

test_expect_success '--type feed on a page: exit 1, not a feed' '
	test_expect_code 1 feedmerge --probe "$PAGE" --type feed >out 2>err &&
	test_grep -E "^feedmerge: $PAGE: not a feed" err &&
	test_line_count = 0 out
'

test_expect_success '--type html on a page reads it as --type auto does' '
	feedmerge --probe "$PAGE" --type html >out-html 2>err &&
	feedmerge --probe "$PAGE" >out-auto 2>err &&
	test_cmp out-auto out-html
'

test_done
