#!/usr/bin/env bash
# Moving in and out: --import-opml prints config sections for every feed
# of another reader's OPML export (names valid and unique, titles kept,
# categories as comments); --export-opml prints the sources as OPML 2.0;
# the two round-trip; a file that is no OPML is a clear error.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

test_expect_success 'setup: an OPML export with nested categories' '
	cat >subs.opml <<-\EOF
	<?xml version="1.0" encoding="UTF-8"?>
	<opml version="1.0">
	<head><title>My subscriptions</title></head>
	<body>
	<outline text="News" title="News">
	  <outline text="World" title="World">
	    <outline type="rss" text="BBC World" title="BBC World" xmlUrl="https://feeds.example.net/world.xml" htmlUrl="https://www.example.net/world"/>
	    <outline type="rss" text="BBC World" xmlUrl="https://feeds.example.net/world2.xml"/>
	  </outline>
	  <outline type="rss" text="Ars &amp; Crafts #1 ; weekly" xmlUrl="http://ars.example.com/feed?x=1&amp;y=2"/>
	</outline>
	<outline type="rss" xmlUrl="https://untitled.example.org/rss"/>
	<outline type="rss" text="A gopher" xmlUrl="gopher://old.example/feed"/>
	<outline type="rss" text="Été à Paris" xmlUrl="https://paris.example.fr/flux"/>
	</body>
	</opml>
	EOF
'

test_expect_success '--import-opml: a section per feed, unique names, titles and categories kept' '
	feedmerge --import-opml subs.opml >sections 2>err &&
	test_grep "^feedmerge: 5 sources from subs.opml (1 outline skipped: not http or https)$" err &&
	test_grep "^\[source \"bbc-world\"\]$" sections &&
	test_grep "^\[source \"bbc-world-2\"\]$" sections &&
	test_grep "^# News / World$" sections &&
	test_grep "^# site: https://www.example.net/world$" sections &&
	test_grep "^url = http://ars.example.com/feed?x=1&y=2$" sections &&
	test_grep "^\[source \"untitled-example-org\"\]$" sections &&
	test_grep "^\[source \"t-paris\"\]$" sections &&
	test_grep "^title = Été à Paris$" sections &&
	test_grep "^# skipped (not http or https): gopher://old.example/feed$" sections
'

test_expect_success 'the sections are a configuration feedmerge reads, titles whole' '
	{
		printf "[feed]\ntitle = Imported\noutput = out.atom\n[daemon]\nstate = s.db\n" &&
		cat sections
	} >imported.conf &&
	feedmerge --check-config -c imported.conf >check.out &&
	test_grep "configuration OK" check.out &&
	feedmerge --export-opml -c imported.conf >out.opml &&
	xmllint --noout out.opml &&
	test_grep "text=\"Ars &amp; Crafts.*#1.*;.*weekly\"" out.opml
'

test_expect_success '--export-opml: OPML 2.0 of every source; importing it again gives the same URLs' '
	test_grep "<opml version=\"2.0\">" out.opml &&
	test $(grep -c "<outline " out.opml) -eq 5 &&
	feedmerge --import-opml out.opml >again 2>err2 &&
	grep "^url = " sections | sort >urls1 &&
	grep "^url = " again | sort >urls2 &&
	test_cmp urls1 urls2 &&
	grep "^title = " sections | sort >titles1 &&
	grep "^title = " again | grep -v untitled-example-org | sort >titles2 &&
	test_cmp titles1 titles2
'

test_expect_success 'names a configuration already has are not used again (-c)' '
	feedmerge --import-opml subs.opml -c imported.conf >more 2>/dev/null &&
	test_grep "^\[source \"bbc-world-3\"\]$" more &&
	test_grep ! "^\[source \"bbc-world\"\]$" more
'

test_expect_success 'a file that is no OPML, or none at all: exit 1, one clear line' '
	echo "<rss version=\"2.0\"/>" >not.opml &&
	test_expect_code 1 feedmerge --import-opml not.opml >o 2>e &&
	test_grep "^feedmerge: --import-opml: not.opml: not OPML (the root element is <rss>)$" e &&
	test ! -s o &&
	test_expect_code 1 feedmerge --import-opml nosuch.opml 2>e2 &&
	test_grep "^feedmerge: --import-opml: nosuch.opml: No such file or directory$" e2
'

test_done
