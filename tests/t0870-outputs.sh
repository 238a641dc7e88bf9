#!/usr/bin/env bash
# Shaped to the reader: several outputs from one daemon, each with its own
# sources, filters and limits; a source's own filters; Atom, RSS 2.0 and
# JSON Feed files of the same entries, read back by feedparser, a JSON
# Feed schema and newsboat; an HTML page; config errors with file:line.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint newsboat

FP_PYTHON=/usr/bin/python3
formats () { "$FP_PYTHON" "$TEST_DIRECTORY/formats.py" "$@"; }
titles () { atom_entries "$1" title | sort; }

now=$(date +%s)
iso () { date -u -d "@$((now - $1 * 3600))" +%Y-%m-%dT%H:%M:%SZ; }
rfc () { date -u -R -d "@$((now - $1 * 3600))"; }
# Half an hour later: never on a whole-hour max_age.
rfc_half () { date -u -R -d "@$((now - $1 * 3600 - 1800))"; }

test_expect_success 'setup: three sources' '
	start_httpd &&
	{
	echo "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>World</title><link>http://world.test/</link>"
	echo "<item><title>Kyiv talks resume</title><link>http://world.test/kyiv</link><category>politics</category><pubDate>$(rfc 1)</pubDate><description>Delegations met again.</description></item>"
	echo "<item><title>Grain deal for Ukraine</title><link>http://world.test/grain</link><pubDate>$(rfc 2)</pubDate><description>Ships may sail.</description><enclosure url=\"http://world.test/grain.mp3\" length=\"1234\" type=\"audio/mpeg\"/></item>"
	echo "<item><title>Football final tonight</title><link>http://world.test/final</link><category>sport</category><pubDate>$(rfc 3)</pubDate><description>The final &lt;b&gt;kicks off&lt;/b&gt; at eight.</description></item>"
	echo "<item><title>Markets rally</title><link>http://world.test/markets</link><pubDate>$(rfc 4)</pubDate><description>Shares rose &amp; bonds fell.</description></item>"
	echo "</channel></rss>"
	} >www/world.xml &&
	{
	echo "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Tech</title><id>urn:tech</id><updated>$(iso 1)</updated>"
	echo "<entry><title>New C compiler released</title><id>urn:tech:1</id><link href=\"http://tech.test/cc\"/><updated>$(iso 5)</updated><author><name>Ada</name></author><content type=\"html\">&lt;p&gt;It compiles &lt;em&gt;fast&lt;/em&gt;.&lt;/p&gt;</content></entry>"
	echo "<entry><title>Sponsored: buy this laptop</title><id>urn:tech:2</id><link href=\"http://tech.test/ad\"/><updated>$(iso 6)</updated><summary>An offer.</summary></entry>"
	echo "<entry><title>Kernel 7.0 is out</title><id>urn:tech:3</id><link href=\"http://tech.test/kernel\"/><updated>$(iso 7)</updated><summary>Many drivers; the Kyiv office helped.</summary></entry>"
	echo "<entry><title>An old review</title><id>urn:tech:4</id><link href=\"http://tech.test/old\"/><updated>$(iso 2400)</updated><summary>From long ago.</summary></entry>"
	echo "</feed>"
	} >www/tech.atom &&
	{
	echo "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Chatty</title><link>http://chatty.test/</link>"
	for i in $(seq 10); do
		echo "<item><title>Chatty post $i</title><link>http://chatty.test/$i</link><pubDate>$(rfc_half $((i + 7)))</pubDate><description>Post $i.</description></item>"
	done
	echo "</channel></rss>"
	} >www/chatty.xml &&
	cat >outputs.conf <<-EOF
	[feed]
	title = Everything
	output = out/all.atom
	link = https://news.example.org/all.atom
	home = https://news.example.org/
	formats = atom rss json
	html = out/all.html
	max_entries = 50

	[output "ukraine"]
	title = Ukraine
	file = out/ukraine.atom
	link = https://news.example.org/ukraine.atom
	formats = atom json
	include = title:(?i)ukraine|kyiv

	[output "quiet"]
	title = Without the chatty one
	file = out/quiet.atom
	sources = world tech*
	max_entries = 4

	[output "fair"]
	title = Two of each
	file = out/fair.atom
	max_per_source = 2

	[output "sport-free"]
	title = No sport
	file = out/nosport.atom
	exclude = category:^sport$
	exclude = content:(?i)football
	max_age = 12h

	[daemon]
	state = state.db

	[source "world"]
	url = $HTTPD_URL/world.xml

	[source "tech1"]
	url = $HTTPD_URL/tech.atom
	exclude = title:^Sponsored:
	max_age = 30d

	[source "chatty"]
	url = $HTTPD_URL/chatty.xml
	EOF
	mkdir out
'

test_expect_success 'one round writes every output and says so' '
	feedmerge --once -c outputs.conf 2>round1.err &&
	round_line round1.err >line &&
	test_grep "wrote .*out/all.atom (16 entries), .*out/ukraine.atom (2 entries), .*out/quiet.atom (4 entries), .*out/fair.atom (6 entries), .*out/nosport.atom (9 entries)" line &&
	test -f out/all.rss &&
	test -f out/all.json &&
	test -f out/ukraine.json &&
	test_path_is_missing out/ukraine.rss &&
	test_path_is_missing out/quiet.rss &&
	test -f out/all.html &&
	test_grep ! "^warning\|^error" round1.err
'

test_expect_success 'a source drops what its exclude and max_age name, for every output' '
	titles out/all.atom >all &&
	test_grep ! "Sponsored" all &&
	test_grep ! "An old review" all &&
	test $(wc -l <all) -eq 16
'

test_expect_success 'include: only the stories it names' '
	titles out/ukraine.atom >ukr &&
	printf "%s\n" "Grain deal for Ukraine" "Kyiv talks resume" >ukr.want &&
	test_cmp ukr.want ukr
'

test_expect_success 'sources (a name and a glob) and max_entries' '
	atom_entries out/quiet.atom title >quiet &&
	printf "%s\n" "Kyiv talks resume" "Grain deal for Ukraine" \
	    "Football final tonight" "Markets rally" >quiet.want &&
	test_cmp quiet.want quiet
'

test_expect_success 'max_per_source: two of each, newest first' '
	atom_entries out/fair.atom title >fair &&
	printf "%s\n" "Kyiv talks resume" "Grain deal for Ukraine" \
	    "New C compiler released" "Kernel 7.0 is out" "Chatty post 1" \
	    "Chatty post 2" >fair.want &&
	test_cmp fair.want fair
'

test_expect_success 'exclude over a category and over HTML text; max_age of the output' '
	titles out/nosport.atom >nosport &&
	test_grep ! "Football" nosport &&
	test_grep ! "Chatty post 5" nosport &&
	test $(wc -l <nosport) -eq 9 &&
	sed "s/^max_age = 12h/max_age = 9h/" outputs.conf >age.conf &&
	feedmerge --once -c age.conf 2>age.err &&
	atom_entries out/nosport.atom title >young &&
	test_grep ! "Chatty post 2" young &&
	test_grep "Chatty post 1" young &&
	test $(wc -l <young) -eq 6
'

test_expect_success 'RSS 2.0 and JSON Feed 1.1: valid, the same entries as the Atom file' '
	formats out/all.rss out/all.json out/ukraine.json &&
	atom_entries out/all.atom id >atom.ids &&
	"$FP_PYTHON" -c "import feedparser,sys; [print(e.id) for e in feedparser.parse(sys.argv[1]).entries]" out/all.rss >rss.ids &&
	"$FP_PYTHON" -c "import json,sys; [print(i[\"id\"]) for i in json.load(open(sys.argv[1]))[\"items\"]]" out/all.json >json.ids &&
	test_cmp atom.ids rss.ids &&
	test_cmp atom.ids json.ids &&
	test_grep "<guid isPermaLink=\"false\">" out/all.rss &&
	test_grep "<enclosure url=\"http://world.test/grain.mp3\" length=\"1234\" type=\"audio/mpeg\"/>" out/all.rss &&
	test_grep "<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"https://news.example.org/all.rss\"/>" out/all.rss &&
	test_grep "\"feed_url\":\"https://news.example.org/all.json\"" out/all.json
'

test_expect_success 'newsboat reads the RSS file: every item' '
	echo "file://$TEST_TMP/out/all.rss" >urls &&
	HOME=$TEST_TMP timeout 60 newsboat -u urls -c nb.cache -C /dev/null \
	    -d nb.log -l 3 -x reload print-unread >nb.out 2>&1 </dev/null &&
	test_grep "^16 unread articles" nb.out &&
	test ! -s nb.log
'

test_expect_success 'the HTML page: every entry, sanitized text, no script, its feeds linked' '
	test $(grep -c "<article>" out/all.html) -eq 16 &&
	test_grep "Content-Security-Policy" out/all.html &&
	test_grep ! "<script" out/all.html &&
	test_grep "<em>fast</em>" out/all.html &&
	test_grep "href=\"all.rss\"" out/all.html &&
	xmllint --html --noout out/all.html
'

test_expect_success 'the same round again rewrites nothing' '
	feedmerge --once -c age.conf 2>round2.err &&
	round_line round2.err | test_grep "output unchanged"
'

test_expect_success 'a source filter changed: the feed is read again, though its bytes are not' '
	grep -v "^exclude = title:^Sponsored:" outputs.conf >loose.conf &&
	feedmerge --once -c loose.conf 2>loose.err &&
	round_line loose.err | test_grep "1 fetched, 2 unchanged" &&
	atom_entries out/all.atom title >loose &&
	test_grep "Sponsored: buy this laptop" loose
'

test_expect_success 'sources: a story one of them carries, shown from a richer copy of another' '
	printf "%s\n" "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Wire</title><link>http://wire.test/</link>" \
	    "<item><title>Kyiv talks resume</title><link>http://world.test/kyiv</link><pubDate>$(rfc 1)</pubDate><description>Delegations met again.</description><content:encoded>&lt;p&gt;Delegations met again, the wire says at length.&lt;/p&gt;</content:encoded></item>" \
	    "</channel></rss>" >www/wire.xml &&
	cat >wire.conf <<-EOF &&
	[feed]
	title = All
	output = out/w-all.atom
	[output "world-only"]
	title = World only
	file = out/w-world.atom
	sources = world
	[daemon]
	state = wire.db
	[source "world"]
	url = $HTTPD_URL/world.xml
	[source "wire"]
	url = $HTTPD_URL/wire.xml
	EOF
	feedmerge --once -c wire.conf 2>wire.err &&
	atom_entries out/w-all.atom source_title >w-all.src &&
	test $(grep -c "^Wire$" w-all.src) -eq 1 &&
	atom_entries out/w-world.atom title >w-world &&
	test_grep "^Kyiv talks resume$" w-world &&
	test $(wc -l <w-world) -eq 4
'

test_expect_success 'config errors: a bad pattern says where, with PCRE2 message and offset' '
	cat >bad.conf <<-EOF &&
	[feed]
	title = T
	output = out/t.atom
	include = title:(unclosed
	exclude = body:x
	formats = atom gopher
	[output "two"]
	title = Two
	file = out/t.atom
	sources = nosuch*
	[output "rss"]
	title = R
	file = out/r.atom
	formats = rss
	[output "feed"]
	title = F
	file = out/f.atom
	[output "again"]
	title = Again
	file = ./out/../out/t.atom
	[output "page"]
	title = Page
	file = out/p.atom
	html = st.db
	[daemon]
	state = st.db
	[source "a"]
	url = $HTTPD_URL/world.xml
	include = title:a[
	EOF
	test_expect_code 1 feedmerge --check-config -c bad.conf 2>err &&
	test_grep "bad.conf:4: \[feed\] include: invalid regular expression \"(unclosed\": missing closing parenthesis at offset 9" err &&
	test_grep "bad.conf:5: \[feed\] exclude: expected FIELD:REGEX with FIELD one of title" err &&
	test_grep "bad.conf:6: \[feed\] formats: unknown format \"gopher\"" err &&
	test_grep "bad.conf:7: \[output \"two\"\] file: writes out/t.atom, as \[feed\] output does" err &&
	test_grep "bad.conf:7: \[output \"two\"\] sources: \"nosuch\*\" names no source" err &&
	test_grep "bad.conf:11: \[output \"rss\"\] formats: rss needs home or link" err &&
	test_grep "bad.conf:15: \[output \"feed\"\]: the output \"feed\" is \[feed\]" err &&
	test_grep "bad.conf:18: \[output \"again\"\] file: writes ./out/../out/t.atom, as \[feed\] output does" err &&
	test_grep "bad.conf:21: \[output \"page\"\] html: writes .*st.db, the \[daemon\] state" err &&
	test_grep "bad.conf:29: \[source \"a\"\] include: invalid regular expression \"a\[\": missing terminating \] for character class at offset 2" err
'

test_done
