#!/usr/bin/env bash
# HTML page sources: the feed hint of type = auto (once per run), type =
# feed refusing a page, a page with nothing on it failing without losing
# the source's entries, a per-source max_size, XPath rules from the config
# (the items they select, nothing else) and invalid XPath in a config.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

# entries FILE: link<TAB>title<TAB>content(yes|no)<TAB>published, per entry.
entries () {
	py -c '
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
root = ET.parse(sys.argv[1]).getroot()
def text(e, tag):
    x = e.find(A + tag)
    return None if x is None else " ".join("".join(x.itertext()).split())
for e in root.findall(A + "entry"):
    alt = [l.get("href") for l in e.findall(A + "link")
           if l.get("rel", "alternate") == "alternate"]
    print("\t".join([" ".join(alt) or "-", text(e, "title") or "-",
                     "yes" if text(e, "content") else "no",
                     text(e, "published") or "-"]))
' "$1"
}

# write_article FILE TITLE PARAGRAPHS [HEAD]: an article page with
# PARAGRAPHS paragraphs of text (replaced atomically), HEAD added to <head>.
write_article () {
	py -c '
import os, sys
path, title, n, head = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
paras = "".join(
    "<p>Paragraph %d of the story about %s: the council met on Tuesday evening "
    "and heard from residents, officers and two local businesses about the "
    "plans, which will now go to a public consultation in the spring.</p>\n"
    % (i + 1, title.lower()) for i in range(n))
page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<title>%s | The Test Town Times</title>\n"
        "<meta property=\"og:site_name\" content=\"The Test Town Times\">\n"
        "<meta property=\"article:published_time\" content=\"2026-11-20T08:00:00Z\">\n"
        "%s\n</head><body>\n<nav><a href=\"/\">Home</a> <a href=\"/news/\">News</a></nav>\n"
        "<main><article><h1>%s</h1>\n%s</article></main>\n"
        "<footer><a href=\"/about.html\">About us</a></footer>\n</body></html>\n"
        % (title, head, title, paras))
with open(path + ".tmp", "w", encoding="utf-8") as f:
    f.write(page)
os.replace(path + ".tmp", path)
' "$1" "$2" "$3" "${4:-}"
}

# hints FILE NAME: the number of feed hints logged for source NAME.
hints () {
	grep -c "^info: source $2: page offers feed " "$1"
}

test_expect_success 'setup: a loopback server with article pages' '
	start_httpd &&
	FEED_URL=$HTTPD_URL/feed.xml &&
	write_article www/hint.html "Harbour wall repairs begin" 4 \
	    "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"/feed.xml\">" &&
	write_article www/story.html "New crossing for the school" 4 &&
	write_article www/big1.html "Market hall reopens" 120 &&
	write_article www/big2.html "Market hall opening hours" 120 &&
	test "$(wc -c <www/big1.html)" -gt 20480 &&
	test "$(wc -c <www/big2.html)" -gt 20480
'

# --- the feed hint -----------------------------------------------------------

test_expect_success 'type = auto on a page offering a feed: the hint, exactly' '
	write_config --daemon state=hint.db --feed output=hint.atom \
	    hint="$HTTPD_URL/hint.html" &&
	feedmerge --once -c "$CONFIG" 2>err-h1 &&
	test "$(hints err-h1 hint)" -eq 1 &&
	test_grep -Fx "info: source hint: page offers feed $FEED_URL; set url = $FEED_URL for a cheaper source" err-h1 &&
	entries hint.atom >e &&
	test_grep -F "$(printf "%s\tHarbour wall repairs begin\tyes" "$HTTPD_URL/hint.html")" e
'

test_expect_success 'the hint is logged once per --once run (the page parsed again)' '
	write_article www/hint.html "Harbour wall repairs begin" 5 \
	    "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\">" &&
	feedmerge --once -c "$CONFIG" 2>err-h2 &&
	round_line err-h2 >round &&
	test_grep -E "^info: round: 1 source, 1 fetched, 0 unchanged, 0 failed" round &&
	test "$(hints err-h2 hint)" -eq 1
'

test_expect_success 'type = html on the same page: no hint' '
	write_config --daemon state=hint-html.db --feed output=hint-html.atom \
	    hint="$HTTPD_URL/hint.html" +type=html &&
	feedmerge --once -c "$CONFIG" 2>err-h3 &&
	test "$(hints err-h3 hint)" -eq 0 &&
	test -s hint-html.atom
'

test_expect_success 'a daemon logs the hint once across rounds that parse the page' '
	write_config --daemon state=hint-d.db --feed output=hint-d.atom \
	    --daemon refresh=1s hint="$HTTPD_URL/hint.html" &&
	start_feedmerge daemon.log -c "$CONFIG" &&
	wait_for "grep -q \"^info: round: 1 source, 1 fetched\" daemon.log" 15 &&
	write_article www/hint.html "Harbour wall repairs begin" 6 \
	    "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\">" &&
	wait_for "test \$(grep -c \"^info: round: 1 source, 1 fetched\" daemon.log) -ge 2" 15 &&
	write_article www/hint.html "Harbour wall repairs begin" 7 \
	    "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\">" &&
	wait_for "test \$(grep -c \"^info: round: 1 source, 1 fetched\" daemon.log) -ge 3" 15 &&
	stop_pid "$FEEDMERGE_PID" TERM 10 &&
	test "$WAIT_STATUS" -eq 0 &&
	test "$(hints daemon.log hint)" -eq 1
'

# --- type = feed, nothing on the page ----------------------------------------

test_expect_success 'type = feed on an HTML page fails with "not a feed"' '
	write_config --daemon state=feed.db --feed output=feed.atom \
	    asfeed="$HTTPD_URL/story.html" +type=feed &&
	test_expect_code 1 feedmerge --once -c "$CONFIG" 2>err-f &&
	test_grep -E "^warning: source asfeed: not a feed.* \($HTTPD_URL/story\.html\)$" err-f &&
	round_line err-f >round &&
	test_grep -E "^info: round: 1 source, 0 fetched, 0 unchanged, 1 failed, 0 new items; output NOT written \(nothing to publish\)$" round &&
	test_path_is_missing feed.atom
'

test_expect_success 'a page with no story and no teasers fails, keeping the earlier entries' '
	cp www/story.html www/changing.html &&
	write_config --daemon state=nothing.db --feed output=nothing.atom \
	    page="$HTTPD_URL/changing.html" +type=html &&
	feedmerge --once -c "$CONFIG" 2>err-n1 &&
	entries nothing.atom >before &&
	test_line_count = 1 before &&
	test_grep -F "$(printf "%s\tNew crossing for the school\tyes" "$HTTPD_URL/changing.html")" before &&
	atom_entries nothing.atom id >ids-before &&
	printf "<!DOCTYPE html>\n<html><head><title>Nothing</title></head><body><p>Back soon.</p></body></html>\n" >www/changing.html &&
	feedmerge --once -c "$CONFIG" 2>err-n2 &&
	test_grep -Fx "warning: source page: not a feed, and no story or teasers found on the page ($HTTPD_URL/changing.html)" err-n2 &&
	round_line err-n2 >round &&
	test_grep -E "^info: round: 1 source, 0 fetched, 0 unchanged, 1 failed, 0 new items; " round &&
	entries nothing.atom >after &&
	test_cmp before after &&
	atom_entries nothing.atom id >ids-after &&
	test_cmp ids-before ids-after
'

test_expect_success 'after the failure the page is read again once it has a story' '
	write_article www/changing.html "Crossing opens early" 4 &&
	feedmerge --once -c "$CONFIG" 2>err-n3 &&
	round_line err-n3 >round &&
	test_grep -E "^info: round: 1 source, 1 fetched, 0 unchanged, 0 failed, " round &&
	entries nothing.atom >again &&
	test_line_count = 1 again &&
	test_grep -F "$(printf "%s\tCrossing opens early\tyes" "$HTTPD_URL/changing.html")" again
'

# --- max_size ------------------------------------------------------------------

test_expect_success 'max_size = 1K on a 20 KB page fails; a source without it works' '
	write_config --daemon state=size.db --feed output=size.atom \
	    small="$HTTPD_URL/big1.html" +type=html +max_size=1K \
	    large="$HTTPD_URL/big2.html" +type=html &&
	feedmerge --once -c "$CONFIG" 2>err-s &&
	test_grep -E "^warning: source small: body exceeds max_size \(1024 bytes.*\) \($HTTPD_URL/big1\.html\)$" err-s &&
	test_grep ! "source large:" err-s &&
	round_line err-s >round &&
	test_grep -E "^info: round: 2 sources, 1 fetched, 0 unchanged, 1 failed, 1 new item; wrote " round &&
	entries size.atom >e &&
	printf "%s\tMarket hall opening hours\tyes\t2026-11-20T08:00:00Z\n" "$HTTPD_URL/big2.html" >expect &&
	test_cmp expect e
'

test_expect_success 'the [daemon] max_size applies to sources without their own' '
	write_config --daemon state=size2.db --feed output=size2.atom \
	    --daemon max_size=1K \
	    large="$HTTPD_URL/big2.html" +type=html \
	    roomy="$HTTPD_URL/big1.html" +type=html +max_size=64K &&
	feedmerge --once -c "$CONFIG" 2>err-s2 &&
	test_grep -E "^warning: source large: body exceeds max_size \(1024 bytes" err-s2 &&
	test_grep ! "source roomy:" err-s2 &&
	entries size2.atom | cut -f 2 >titles &&
	echo "Market hall reopens" >expect &&
	test_cmp expect titles
'

# --- XPath rules ---------------------------------------------------------------

test_expect_success 'setup: a small listing page' '
	cat >www/notices.html <<-\EOF
	<!DOCTYPE html>
	<html lang="en"><head><meta charset="utf-8"><title>Notices | Test Town</title></head>
	<body>
	<nav><a href="/">Home</a> <a href="/about.html">About the council and its services</a></nav>
	<h1>Public notices</h1>
	<ul class="notices">
	<li class="n"><span class="t">Water off on Elm Street on Monday</span>
	  <a class="go" href="/n/1.html">details</a>
	  <p>Mains replacement between 9am and 4pm.</p>
	  <time datetime="2026-11-20T08:00:00Z">20 Nov</time></li>
	<li class="n"><span class="t">Road closed for the Christmas market</span>
	  <a class="go" href="n/2.html">details</a>
	  <p>High Street, Saturday, from 7am.</p>
	  <time datetime="2026-11-21T09:30:00Z">21 Nov</time></li>
	<li class="n"><span class="t">Bin collections move a day later</span>
	  <a class="go" href="https://bins.example.org/changes">details</a>
	  <p>Over the holiday weeks only.</p></li>
	<li class="n"><span class="t">A notice without a link</span>
	  <p>Nothing to click here.</p></li>
	</ul>
	<div class="promo"><h2><a href="/n/9.html">A promoted story with a long enough headline to be a teaser</a></h2>
	<p>Promotion text that an automatic reading might take as a snippet.</p></div>
	</body></html>
	EOF
'

test_expect_success 'item_xpath, title_xpath, link_xpath: exactly the items selected' '
	cat >xpath.conf <<-EOF &&
	[feed]
	title = XPath digest
	id = tag:feedmerge.test,2026:xpath
	output = xpath.atom

	[daemon]
	state = xpath.db
	timeout = 10s

	[source "notices"]
	url = $HTTPD_URL/notices.html
	type = html
	item_xpath = //ul[@class="notices"]/li
	title_xpath = normalize-space(.//span[@class="t"])
	link_xpath = .//a[@class="go"]/@href
	summary_xpath = string(.//p)
	date_xpath = .//time/@datetime
	EOF
	feedmerge --check-config -c xpath.conf >out 2>err &&
	feedmerge --once -c xpath.conf 2>err-x &&
	test_grep ! "^warning: " err-x &&
	round_line err-x >round &&
	test_grep -E "^info: round: 1 source, 1 fetched, 0 unchanged, 0 failed, 3 new items; wrote .*xpath\.atom \(3 entries\)$" round &&
	# An undated item is published as of when feedmerge first saw it.
	entries xpath.atom |
	sed "s/	no	$(date -u +%Y-%m-%d)T[0-9:]*Z\$/	no	(first seen)/" | sort >e &&
	{
		printf "%s\t%s\tno\t%s\n" "$HTTPD_URL/n/1.html" "Water off on Elm Street on Monday" 2026-11-20T08:00:00Z &&
		printf "%s\t%s\tno\t%s\n" "$HTTPD_URL/n/2.html" "Road closed for the Christmas market" 2026-11-21T09:30:00Z &&
		printf "%s\t%s\tno\t%s\n" "https://bins.example.org/changes" "Bin collections move a day later" "(first seen)"
	} | sort >expect &&
	test_cmp expect e
'

test_expect_success 'the XPath items carry their summaries, and nothing outside them is read' '
	atom_entries xpath.atom summary >summaries &&
	test_grep -x "Mains replacement between 9am and 4pm\." summaries &&
	test_grep -x "High Street, Saturday, from 7am\." summaries &&
	test_grep -x "Over the holiday weeks only\." summaries &&
	test_grep ! "/n/9\.html" xpath.atom &&
	test_grep ! "A notice without a link" xpath.atom &&
	test_grep ! "about\.html" xpath.atom
'

# --- invalid XPath in a config ---------------------------------------------------

test_expect_success 'invalid XPath: --check-config names the file, line and key; exit 1' '
	cat >badx.conf <<-EOF &&
	[feed]
	title = T
	output = badx.atom

	[daemon]
	state = badx.db

	[source "x"]
	url = $HTTPD_URL/notices.html
	type = html
	title_xpath = .//h2
	body_xpath = //div[
	EOF
	httpd_log_mark &&
	test_expect_code 1 feedmerge --check-config -c badx.conf >out 2>err &&
	test_grep -E "^badx\.conf:12: \[source \"x\"\] body_xpath: invalid XPath: .*\(got \"//div\[\"\)$" err &&
	test_grep -E "^feedmerge: 1 error in badx\.conf$" err &&
	test_grep ! "title_xpath" err &&
	test_expect_code 1 feedmerge --once -c badx.conf 2>err-once &&
	test_grep "badx\.conf:12: \[source \"x\"\] body_xpath" err-once &&
	test_path_is_missing badx.atom badx.db &&
	test "$(httpd_requests /notices.html | wc -l)" -eq 0
'

test_expect_success 'XPath on type = feed and a broken exclude_xpath are refused' '
	cat >badx2.conf <<-EOF &&
	[feed]
	title = T
	output = badx2.atom

	[daemon]
	state = badx2.db

	[source "y"]
	url = $HTTPD_URL/notices.html
	type = feed
	item_xpath = //li

	[source "z"]
	url = $HTTPD_URL/notices.html
	type = html
	exclude_xpath = //aside[@id=
	EOF
	test_expect_code 1 feedmerge --check-config -c badx2.conf >out 2>err &&
	test_grep -E "^badx2\.conf:11: \[source \"y\"\] item_xpath: only for type = html or auto \(this source is type = feed\)$" err &&
	test_grep -E "^badx2\.conf:16: \[source \"z\"\] exclude_xpath: invalid XPath" err &&
	test_grep -E "^feedmerge: 2 errors in badx2\.conf$" err
'

# --- rules changed under a running daemon ------------------------------------------

write_rules_conf () {
	cat >reload.conf <<-EOF
	[feed]
	title = Reload digest
	id = tag:feedmerge.test,2026:reload
	output = reload.atom

	[daemon]
	state = reload.db
	timeout = 10s
	refresh = 1h

	[source "notices"]
	url = $HTTPD_URL/notices.html
	type = html
	item_xpath = //ul[@class="notices"]/li
	link_xpath = .//a[@class="go"]/@href
	$1
	EOF
}

test_expect_success 'SIGHUP with changed rules: the page is read again at once, the new way' '
	write_rules_conf "title_xpath = normalize-space(.//span[@class=\"t\"])" &&
	start_feedmerge reload.log -v -c reload.conf &&
	wait_for "grep -q \"^info: round: \" reload.log" 10 &&
	atom_entries reload.atom title | sort >before &&
	test_grep -x "Water off on Elm Street on Monday" before &&
	n=$(httpd_requests /notices.html | wc -l) &&
	write_rules_conf "title_xpath = concat(\"Notice: \", normalize-space(.//span[@class=\"t\"]))" &&
	kill -HUP "$FEEDMERGE_PID" &&
	wait_for "grep -Eq \"^info: reloaded .*: \\+0 added, -0 removed, 1 changed$\" reload.log" 10 &&
	wait_for "atom_entries reload.atom title | grep -qx \"Notice: Water off on Elm Street on Monday\"" 10 &&
	test "$(httpd_requests /notices.html | wc -l)" -gt "$n" &&
	kill -TERM "$FEEDMERGE_PID" &&
	wait_exit "$FEEDMERGE_PID" 10 &&
	test "$WAIT_STATUS" = 0
'

test_expect_success 'a restart, then SIGHUP with nothing changed: the page waits for its hour' '
	n=$(httpd_requests /notices.html | wc -l) &&
	start_feedmerge same.log -v -c reload.conf &&
	wait_for "grep -q \"^info: feedmerge .* starting\" same.log" 10 &&
	kill -HUP "$FEEDMERGE_PID" &&
	wait_for "grep -Eq \"^info: reloaded .*: \\+0 added, -0 removed, 0 changed$\" same.log" 10 &&
	sleep 1 &&
	test "$(httpd_requests /notices.html | wc -l)" -eq "$n" &&
	kill -TERM "$FEEDMERGE_PID" &&
	wait_exit "$FEEDMERGE_PID" 10
'

test_done
