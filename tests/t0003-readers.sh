#!/usr/bin/env bash
# The checks every feed feedmerge writes goes through (tests/readers.sh:
# RFC 4287's RELAX NG schema, Universal Feed Parser, newsboat) accept
# good Atom and refuse broken Atom: a check that cannot fail proves
# nothing.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint newsboat

test_expect_success 'the schema passes its valid samples and fails its invalid ones' '
	sh "$top_srcdir/tests/atom/check.sh" --self-test >out 2>&1 ||
	{ cat out; false; }
'

test_expect_success 'setup: a feed feedmerge wrote' '
	start_httpd &&
	write_rss www/a.xml "A" "http://a.test/" <<-\EOF &&
	http://a.test/1|One|http://a.test/1|2026-11-20T10:00:00Z
	http://a.test/2|Two|http://a.test/2|2026-11-19T10:00:00Z
	EOF
	write_config a="$HTTPD_URL/a.xml" &&
	feedmerge --once -c "$CONFIG" 2>err &&
	sh "$top_srcdir/tests/readers.sh" out.atom &&
	# Broken copies go where test-lib.sh does not look for feeds to check.
	mkdir .broken
'

test_expect_success 'an entry without an id fails the schema' '
	sed "0,/<id>http/{/<id>http/d}" out.atom >.broken/no-id.atom &&
	test_must_fail sh "$top_srcdir/tests/readers.sh" .broken/no-id.atom >msg &&
	test_grep "no-id.atom: line" msg
'

test_expect_success 'a date that is no RFC 3339 date fails the schema and feedparser' '
	sed "s|<published>[^<]*</published>|<published>yesterday</published>|" \
	    out.atom >.broken/bad-date.atom &&
	test_must_fail sh "$top_srcdir/tests/readers.sh" .broken/bad-date.atom >msg &&
	test_grep "Type dateTime" msg &&
	test_grep "no date" msg
'

test_expect_success 'two entries with one id: newsboat reads one' '
	py -c "import sys
s = open(sys.argv[1]).read()
ids = [l for l in s.splitlines() if l.startswith(\"    <id>\")]
print(s.replace(ids[1], ids[0]), end=\"\")" out.atom >.broken/dup.atom &&
	test_must_fail sh "$top_srcdir/tests/readers.sh" .broken/dup.atom >msg &&
	test_grep "newsboat read 1 articles of 2 entries" msg
'

test_expect_success 'a feed that is not well-formed fails every reader' '
	head -c 300 out.atom >.broken/cut.atom &&
	test_must_fail sh "$top_srcdir/tests/readers.sh" .broken/cut.atom >msg &&
	test_grep "feedparser" msg
'

test_done
