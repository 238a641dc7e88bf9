#!/usr/bin/env bash
# Failing sources are logged and skipped; the good ones are still published.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

# 30 RSS items, about 5 KB.
big_items () {
	local i
	for i in $(seq 1 30); do
		echo "http://big.test/$i|Big $i|http://big.test/$i|2026-11-0$((i % 9 + 1))T10:00:00Z"
	done
}

test_expect_success 'setup: good feeds and broken ones' '
	start_httpd &&
	write_rss www/good1.xml "Good One" "http://good1.test/" <<-\EOF &&
	http://good1.test/a|Good1 A|http://good1.test/a|2026-11-20T10:00:00Z
	http://good1.test/b|Good1 B|http://good1.test/b|2026-11-18T10:00:00Z
	EOF
	write_atom www/good2.atom "Good Two" "tag:good2.test,2026:feed" \
	    "http://good2.test/" <<-\EOF &&
	tag:good2.test,2026:a|Good2 A|http://good2.test/a|2026-11-19T10:00:00Z
	EOF
	test $(wc -c <www/good1.xml) -lt 1024 &&
	echo "this is not xml" >www/garbage.xml &&
	cat >www/page.html <<-\EOF &&
	<!DOCTYPE html>
	<html><head><title>A page</title></head>
	<body><h1>Hello</h1><p>This is a web page, not a feed.</p></body></html>
	EOF
	: >www/empty.xml &&
	big_items |
	write_rss www/big.xml "Big Feed" "http://big.test/" &&
	test $(wc -c <www/big.xml) -ge 5000 &&
	cp www/good1.xml www/slow.xml &&
	write_rss www/flaky.xml "Flaky Feed" "http://flaky.test/" <<-\EOF &&
	http://flaky.test/a|Flaky A|http://flaky.test/a|2026-11-17T10:00:00Z
	EOF
	write_routes <<-\EOF &&
	{"/bomb.xml": {"endless": true, "gzip": true},
	 "/slow.xml": {"delay": 30},
	 "/early.xml": {"body_file": "good1.xml", "close_early": true}}
	EOF
	DEAD_PORT=$(free_port) &&
	test -n "$DEAD_PORT"
'

test_expect_success 'with six broken sources beside two good ones: exit 0' '
	write_config good1="$HTTPD_URL/good1.xml" good2="$HTTPD_URL/good2.atom" \
	    notfound="$HTTPD_URL/missing.xml" \
	    refused="http://127.0.0.1:$DEAD_PORT/feed.xml" \
	    garbage="$HTTPD_URL/garbage.xml" html="$HTTPD_URL/page.html" \
	    empty="$HTTPD_URL/empty.xml" early="$HTTPD_URL/early.xml" &&
	feedmerge --once -c "$CONFIG" 2>err
'

test_expect_success 'the good feeds entries are published' '
	atom_valid out.atom &&
	atom_entries out.atom title >titles &&
	printf "Good1 A\nGood2 A\nGood1 B\n" >expect &&
	test_cmp expect titles
'

test_expect_success 'a 404 is logged with the source name and URL' '
	test_grep -F "warning: source notfound: HTTP 404 ($HTTPD_URL/missing.xml)" err
'

test_expect_success 'a refused connection is logged' '
	test_grep -E "^warning: source refused: .*[Cc]onnect.* \(http://127\.0\.0\.1:$DEAD_PORT/feed\.xml\)$" err
'

test_expect_success 'a body that is not XML is logged' '
	test_grep -E "^warning: source garbage: .+ \($HTTPD_URL/garbage\.xml\)$" err
'

test_expect_success 'an HTML page is logged as not a feed' '
	test_grep -E "^warning: source html: .+ \($HTTPD_URL/page\.html\)$" err
'

test_expect_success 'an empty body is logged' '
	test_grep -E "^warning: source empty: .+ \($HTTPD_URL/empty\.xml\)$" err
'

test_expect_success 'a connection closed mid-body is logged' '
	test_grep -E "^warning: source early: .+ \($HTTPD_URL/early\.xml\)$" err
'

test_expect_success 'the good sources log no warning' '
	test_grep ! -E "source good[12]:" err
'

test_expect_success 'the summary counts 2 fetched and 6 failed' '
	round_line err >round &&
	test_grep -E "^info: round: 8 sources, 2 fetched, 0 unchanged, 6 failed, 3 new items; wrote .*out\.atom \(3 entries\)$" round
'

test_expect_success 'max_size and timeout: oversize, gzip bomb and slow sources fail fast' '
	write_config --file limits.conf --feed output=limits.atom \
	    --daemon state=limits.db --daemon max_size=1K --daemon timeout=2s \
	    good1="$HTTPD_URL/good1.xml" big="$HTTPD_URL/big.xml" \
	    bomb="$HTTPD_URL/bomb.xml" slow="$HTTPD_URL/slow.xml" &&
	start=$(now_ms) &&
	feedmerge --once -c limits.conf 2>err-limits &&
	elapsed=$(( $(now_ms) - start )) &&
	echo "took ${elapsed} ms" &&
	test "$elapsed" -lt 15000 &&
	atom_entries limits.atom title >titles &&
	printf "Good1 A\nGood1 B\n" >expect &&
	test_cmp expect titles
'

test_expect_success 'a 5 KB body over max_size = 1K is logged' '
	test_grep -E "^warning: source big: body exceeds max_size \(1024 bytes[^)]*\) \($HTTPD_URL/big\.xml\)$" err-limits
'

test_expect_success 'an endless gzip body is cut at max_size' '
	test_grep -E "^warning: source bomb: body exceeds max_size \(1024 bytes[^)]*\) \($HTTPD_URL/bomb\.xml\)$" err-limits
'

test_expect_success 'a server slower than timeout is logged as timed out' '
	test_grep -E "^warning: source slow: .*timed out.* \($HTTPD_URL/slow\.xml\)$" err-limits
'

test_expect_success 'the limits summary counts 1 fetched and 3 failed' '
	round_line err-limits >round &&
	test_grep -E "^info: round: 4 sources, 1 fetched, 0 unchanged, 3 failed, 2 new items; wrote " round
'

test_expect_success 'when every source fails and nothing is stored: exit 1' '
	write_config --file allbad.conf --feed output=allbad.atom \
	    --daemon state=allbad.db \
	    notfound="$HTTPD_URL/missing.xml" garbage="$HTTPD_URL/garbage.xml" &&
	test_expect_code 1 feedmerge --once -c allbad.conf 2>err-allbad &&
	test_path_is_missing allbad.atom &&
	test_grep "^warning: source notfound: " err-allbad &&
	test_grep "^warning: source garbage: " err-allbad
'

test_expect_success 'a source that worked once keeps its entries when it fails' '
	write_config --file flaky.conf --feed output=flaky.atom \
	    --daemon state=flaky.db \
	    good2="$HTTPD_URL/good2.atom" flaky="$HTTPD_URL/flaky.xml" &&
	feedmerge --once -c flaky.conf 2>err-flaky1 &&
	atom_entries flaky.atom title >titles1 &&
	printf "Good2 A\nFlaky A\n" >expect &&
	test_cmp expect titles1 &&
	write_routes <<-\EOF &&
	{"/flaky.xml": {"status": 500, "body": "internal error"}}
	EOF
	feedmerge --once -c flaky.conf 2>err-flaky2 &&
	test_grep -F "warning: source flaky: HTTP 500 ($HTTPD_URL/flaky.xml)" err-flaky2 &&
	atom_entries flaky.atom title >titles2 &&
	test_cmp expect titles2
'

test_expect_success 'the failing source does not make the output be rewritten' '
	round_line err-flaky2 >round &&
	test_grep -E "^info: round: 2 sources, 0 fetched, 1 unchanged, 1 failed, 0 new items; output unchanged$" round
'

test_done
