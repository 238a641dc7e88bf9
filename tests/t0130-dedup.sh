#!/usr/bin/env bash
# Exact duplicates become one entry: the same guid within a source, the same
# link (without tracking parameters and fragment) across sources.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

test_expect_success 'setup: three feeds sharing some items' '
	start_httpd &&
	write_rss www/a.xml "Feed A" "http://a.test/" <<-\EOF &&
	dup-1|Dup first|http://a.test/dup-v1|2026-11-20T10:00:00Z
	dup-1|Dup second|http://a.test/dup-v2|2026-11-20T10:00:00Z
	a-story1|Story one from A|http://news.test/story1|2026-11-19T10:00:00Z
	a-story2|Story two id1|http://news.test/story2?id=1|2026-11-18T10:00:00Z
	EOF
	write_atom www/b.atom "Feed B" "tag:b.test,2026:feed" "http://b.test/" <<-\EOF &&
	tag:b.test,2026:s1|Story one from B|http://news.test/story1?utm_source=x&utm_medium=y#top|2026-11-19T11:00:00Z
	tag:b.test,2026:s2|Story two id2|http://news.test/story2?id=2|2026-11-17T10:00:00Z
	tag:b.test,2026:s3|Story three|http://news.test/story3|2026-11-16T10:00:00Z
	EOF
	write_rss www/c.xml "Feed C" "http://c.test/" <<-\EOF &&
	dup-1|C has the same guid|http://c.test/other|2026-11-15T10:00:00Z
	EOF
	grep -F "story1?utm_source=x&amp;utm_medium=y#top" www/b.atom &&
	write_config a="$HTTPD_URL/a.xml" b="$HTTPD_URL/b.atom" c="$HTTPD_URL/c.xml" &&
	feedmerge --once -c "$CONFIG" 2>err &&
	atom_valid out.atom &&
	atom_entries out.atom id >ids &&
	atom_entries out.atom link >links &&
	atom_entries out.atom title >titles
'

test_expect_success 'six entries in all' '
	test_line_count = 6 ids &&
	sort ids | uniq -d >dup-ids &&
	test_line_count = 0 dup-ids
'

test_expect_success 'the same guid twice in one feed: one entry' '
	grep -E "^(Dup first|Dup second)$" titles >dup-titles &&
	test_line_count = 1 dup-titles &&
	grep -E "^http://a\.test/dup-v[12]$" links >dup-links &&
	test_line_count = 1 dup-links
'

test_expect_success 'the same guid in another source is another entry' '
	test_grep -x "C has the same guid" titles &&
	test_grep -x "http://c.test/other" links
'

test_expect_success 'the same link with utm_* parameters and a fragment: one entry' '
	grep -E "^Story one from [AB]$" titles >story1-titles &&
	test_line_count = 1 story1-titles &&
	grep "^http://news\.test/story1" links >story1-links &&
	test_line_count = 1 story1-links
'

test_expect_success 'links that differ in a real parameter: two entries' '
	test_grep -x "http://news.test/story2?id=1" links &&
	test_grep -x "http://news.test/story2?id=2" links
'

test_expect_success 'a different link: its own entry' '
	test_grep -x "http://news.test/story3" links &&
	test_grep -x "Story three" titles
'

test_expect_success 'the summary says six entries were written' '
	round_line err >round &&
	test_grep -E "^info: round: 3 sources, 3 fetched, 0 unchanged, 0 failed, [0-9]+ new items; wrote .*out\.atom \(6 entries\)$" round
'

test_done
