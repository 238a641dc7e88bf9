#!/usr/bin/env bash
# What parsing fidelity means once stored and published: entries with
# neither id nor link stay apart by their text and place, across rounds;
# links resolve against an IRI base and xml:base in the published file;
# a JSON Feed with a deep extension and terminal escapes is read, clean.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

test_expect_success 'setup: a feed of id-less entries, an IRI-based Atom feed, a JSON Feed' '
	start_httpd &&
	cat >www/notes.xml <<-\EOF &&
	<?xml version="1.0" encoding="utf-8"?>
	<rss version="2.0"><channel><title>Notes</title><link>http://notes.test/</link>
	<item><title>Daily note</title><description>Monday: the river rose.</description></item>
	<item><title>Daily note</title><description>Tuesday: the bridge held.</description></item>
	<item><title>Daily note</title></item>
	<item><title>Daily note</title></item>
	</channel></rss>
	EOF
	cat >www/iri.atom <<-\EOF &&
	<?xml version="1.0" encoding="utf-8"?>
	<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://例え.jp/blog/">
	<title>IRI</title><id>urn:iri</id><updated>2026-11-20T10:00:00Z</updated>
	<entry><title>IDN entry</title><id>urn:iri:1</id><updated>2026-11-20T10:00:00Z</updated>
	<link href="2026/記事.html"/>
	<summary type="html" xml:base="https://cdn.example.org/img/">&lt;img src="a.png" alt="a"&gt;</summary>
	<content type="html">&lt;a href="写真/1.html"&gt;photo&lt;/a&gt;</content></entry>
	</feed>
	EOF
	printf "%s" "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"JSON\",\"_ext\":" >www/j.json &&
	for i in $(seq 40); do printf "{\"n\":" >>www/j.json; done &&
	printf 1 >>www/j.json &&
	for i in $(seq 40); do printf "}" >>www/j.json; done &&
	printf "%s\n" ",\"items\":[{\"id\":\"j1\",\"url\":\"https://json.test/1\",\"title\":\"Alert\\u001b[2J cleared\",\"date_published\":\"2026-11-19T10:00:00Z\",\"content_text\":\"body\"}]}" >>www/j.json &&
	cat >www/twins.xml <<-\EOF &&
	<?xml version="1.0" encoding="utf-8"?>
	<rss version="2.0"><channel><title>Twins</title><link>http://twins.test/</link>
	<item><title>Weekly digest</title><description>Week one.</description></item>
	<item><title>Weekly digest</title><description>Week one.</description><link>javascript:void(0)</link></item>
	<item><title>Weekly digest</title><description>Week one.</description></item>
	<item><title>Weekly digest</title><description>Week one.</description><link>javascript:void(0)</link></item>
	</channel></rss>
	EOF
	write_config notes="$HTTPD_URL/notes.xml" iri="$HTTPD_URL/iri.atom" j="$HTTPD_URL/j.json" \
	    twins="$HTTPD_URL/twins.xml" &&
	feedmerge --once -c "$CONFIG" 2>err1 &&
	atom_valid out.atom &&
	atom_entries out.atom title >titles1 &&
	atom_entries out.atom id >ids1
'

test_expect_success 'four id-less entries of one title are four entries' '
	grep -c "^Daily note$" titles1 >n &&
	echo 4 >expect &&
	test_cmp expect n &&
	grep -q "Monday: the river rose" out.atom &&
	grep -q "Tuesday: the bridge held" out.atom
'

test_expect_success 'twins whose links the output policy drops are four entries too' '
	grep -c "^Weekly digest$" titles1 >n &&
	echo 4 >expect &&
	test_cmp expect n
'

test_expect_success 'the IRI base resolves the link and both texts, each against its own base' '
	atom_entries out.atom link >links &&
	grep -qxF "https://例え.jp/blog/2026/記事.html" links &&
	grep -qF "https://cdn.example.org/img/a.png" out.atom &&
	grep -qF "https://例え.jp/blog/写真/1.html" out.atom &&
	! grep -q "source iri: .*dropped" err1
'

test_expect_success 'the JSON Feed with a deep extension is read, its title without the escape' '
	grep -qx "Alert\[2J cleared" titles1 &&
	! grep -q "nesting too deep" err1 &&
	! LC_ALL=C grep -q "$(printf "\033")" out.atom
'

test_expect_success 'a round that reads the notes again keeps the same four entries and ids' '
	sed "s|</channel>|<!-- read again: the body differs --></channel>|" www/notes.xml >notes.new &&
	mv notes.new www/notes.xml &&
	feedmerge --once -c "$CONFIG" 2>err2 &&
	round_line err2 >round &&
	test_grep -E "^info: round: 4 sources, 1 fetched, 3 unchanged, 0 failed, 0 new items" round &&
	atom_entries out.atom id >ids2 &&
	test_cmp ids1 ids2
'

test_done
