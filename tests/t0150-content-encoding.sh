#!/usr/bin/env bash
# Compressed bodies: gzip, deflate (zlib and raw), codings never offered,
# bombs that only grow once decoded; decoded on a parser thread.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

test_expect_success 'setup: the same kind of feed in every encoding' '
	start_httpd &&
	for n in gz zl raw plain br; do
		write_rss www/$n.xml "Feed $n" "http://$n.test/" <<-EOF || return 1
		http://$n.test/1|Story $n|http://$n.test/1|2026-11-20T10:00:00Z
		EOF
	done &&
	py -c "import sys
pad = \"<!-- \" + \"x\" * (3 * 1024 * 1024) + \" -->\"
sys.stdout.write(open(sys.argv[1]).read().replace(\"<channel>\", \"<channel>\" + pad, 1))" \
	    www/plain.xml >www/bomb.xml &&
	test $(wc -c <www/bomb.xml) -gt 3000000 &&
	write_routes <<-\EOF &&
	{"/gz.xml": {"gzip": true, "ignore_validators": true},
	 "/zl.xml": {"encode": "deflate"},
	 "/raw.xml": {"encode": "rawdeflate"},
	 "/br.xml": {"headers": {"Content-Encoding": "br"}},
	 "/bomb.xml": {"gzip": true}}
	EOF
	write_config --daemon max_size=1M gz="$HTTPD_URL/gz.xml" \
	    zl="$HTTPD_URL/zl.xml" raw="$HTTPD_URL/raw.xml" \
	    plain="$HTTPD_URL/plain.xml" br="$HTTPD_URL/br.xml" \
	    bomb="$HTTPD_URL/bomb.xml"
'

test_expect_success 'gzip, deflate and raw deflate are read like plain bodies' '
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err1 &&
	atom_valid out.atom &&
	atom_entries out.atom title | sort >titles &&
	printf "Story gz\nStory plain\nStory raw\nStory zl\n" >expect &&
	test_cmp expect titles
'

test_expect_success 'every request offers gzip and deflate' '
	test "$(httpd_requests /gz.xml accept_encoding)" = "gzip, deflate" &&
	test "$(httpd_requests /plain.xml accept_encoding)" = "gzip, deflate"
'

test_expect_success 'a coding we did not offer fails that source, by name' '
	test_grep -E "^warning: source br: unsupported Content-Encoding \"br\" \(we offer gzip, deflate\) \($HTTPD_URL/br\.xml\)$" err1
'

test_expect_success 'a small gzip body that decodes past max_size fails' '
	test "$(httpd_requests /bomb.xml)" = 200 &&
	test_grep -E "^warning: source bomb: body exceeds max_size \(1048576 bytes, decoded\) \($HTTPD_URL/bomb\.xml\)$" err1 &&
	round_line err1 >round &&
	test_grep -E "^info: round: 6 sources, 4 fetched, 0 unchanged, 2 failed, 4 new items; wrote " round
'

test_expect_success 'the same feed gzipped anew (another gzip mtime) is unchanged' '
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err2 &&
	test "$(httpd_requests /gz.xml)" = 200 &&
	test "$(httpd_requests /zl.xml)" = 304 &&
	round_line err2 >round &&
	test_grep -E "^info: round: 6 sources, 0 fetched, 4 unchanged, 2 failed, 0 new items; output unchanged$" round
'

test_expect_success 'a changed gzip body is parsed again' '
	write_rss www/gz.xml "Feed gz" "http://gz.test/" <<-\EOF &&
	http://gz.test/2|Story gz two|http://gz.test/2|2026-11-21T10:00:00Z
	http://gz.test/1|Story gz|http://gz.test/1|2026-11-20T10:00:00Z
	EOF
	feedmerge --once -c "$CONFIG" 2>err3 &&
	round_line err3 >round &&
	test_grep -E "^info: round: 6 sources, 1 fetched, 3 unchanged, 2 failed, 1 new item; wrote " round &&
	atom_entries out.atom title >titles &&
	test_grep "^Story gz two$" titles
'

test_expect_success '--probe decodes too' '
	feedmerge --probe "$HTTPD_URL/raw.xml" >out &&
	test_grep "^title: Story raw$" out &&
	test_expect_code 1 feedmerge --probe "$HTTPD_URL/br.xml" 2>err &&
	test_grep "unsupported Content-Encoding" err
'

test_done
