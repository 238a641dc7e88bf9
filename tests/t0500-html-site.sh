#!/usr/bin/env bash
# HTML pages as sources, on the small site of tests/site (its README lists
# every page, headline and teaser): an article gives its story and its
# related teasers; follow_teasers fetches some of those teasers' pages
# (same site only, not again within a day) and their stories replace the
# teasers; a section front gives teasers only.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

# The headline (<h1>) of each article of the site.
declare -A H1=(
	[a1]='Council approves new footbridge over the Mill Race'
	[a2]='Library extends weekend opening hours from January'
	[a3]='Bakery on Station Road wins regional bread award'
	[a4]='Flood defences on the river path to be raised by half a metre'
	[a5]='School choir to sing at the cathedral carol service'
	[a6]='Bus route 7 to run every 15 minutes after timetable review'
)
# The rewritten headlines of a1's related teasers.
declare -A A1_TEASER=(
	[a4]='River path flood wall will go up by 50cm'
	[a6]='More buses on route 7 as services go every quarter of an hour'
	[a2]='Town library to open longer at weekends in the new year'
)

# entries FILE: one line per entry, tab-separated:
#   link  title  via  content(yes|no)  id  summary  published
# (via: the href of link rel="via", "-" when none; summary: "-" when none).
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
    via = [l.get("href") for l in e.findall(A + "link") if l.get("rel") == "via"]
    content = text(e, "content")
    print("\t".join([" ".join(alt) or "-", text(e, "title") or "-",
                     " ".join(via) or "-", "yes" if content else "no",
                     text(e, "id") or "-", text(e, "summary") or "-",
                     text(e, "published") or "-"]))
' "$1"
}

# field N < entries: column N (1 = link ... 7 = published).
field () {
	cut -f "$1"
}

# entry_of LINK FILE: the entries line of LINK (exactly one, else fail).
entry_of () {
	local n
	n=$(awk -F '\t' -v l="$1" '$1 == l' "$2" | wc -l)
	if [ "$n" -ne 1 ]; then
		echo "entry_of: $n entries link to $1 in $2:"
		sed 's/^/	/' "$2"
		return 1
	fi
	awk -F '\t' -v l="$1" '$1 == l' "$2"
}

# requested_paths: the distinct paths requested since the mark, sorted.
requested_paths () {
	py -c 'import json, sys
skip = int(sys.argv[2])
try:
    lines = open(sys.argv[1]).read().splitlines()[skip:]
except FileNotFoundError:
    lines = []
print("\n".join(sorted({json.loads(l)["path"] for l in lines})))' \
	    "$HTTPD_LOG" "${HTTPD_LOG_FROM:-0}" | sed '/^$/d'
}

# A listener standing in for every proxy: feedmerge runs with http_proxy
# and https_proxy pointing here (and 127.0.0.1 exempt), so any attempt to
# reach another host, https://elsewhere.example/ included, arrives here and
# its first line is written to proxy.log.
start_trap_proxy () {
	rm -f proxy.port
	"$PYTHON" -I -S -c '
import socket, sys, threading, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[1] + ".tmp", "w").write("%d\n" % s.getsockname()[1])
import os
os.replace(sys.argv[1] + ".tmp", sys.argv[1])
s.settimeout(0.5)
end = time.time() + 300
while time.time() < end:
    try:
        c, _ = s.accept()
    except socket.timeout:
        continue
    c.settimeout(2)
    try:
        data = c.recv(4096)
    except OSError:
        data = b""
    with open(sys.argv[2], "a") as f:
        f.write(data.split(b"\r\n")[0].decode("latin-1") + "\n")
    try:
        c.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    except OSError:
        pass
    c.close()
' "$TEST_TMP/proxy.port" "$TEST_TMP/proxy.log" >proxy.err 2>&1 </dev/null &
	TRAP_PID=$!
	track_pid "$TRAP_PID"
	wait_for 'test -s "$TEST_TMP/proxy.port"' 10 || return 1
	TRAP_URL=http://127.0.0.1:$(cat "$TEST_TMP/proxy.port")
	export http_proxy=$TRAP_URL https_proxy=$TRAP_URL
	export HTTP_PROXY=$TRAP_URL HTTPS_PROXY=$TRAP_URL
	export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
	: >"$TEST_TMP/proxy.log"
}

test_expect_success 'setup: the site on a loopback server, a trap for other hosts' '
	start_httpd &&
	cp -R "$top_srcdir/tests/site/." www/ &&
	test -f www/news/a1.html && test -f www/index.html &&
	start_trap_proxy &&
	A1=$HTTPD_URL/news/a1.html
'

test_expect_success 'the trap sees an attempt to reach elsewhere.example' '
	test_must_fail feedmerge --probe https://elsewhere.example/x.html \
	    >out 2>err &&
	wait_for "test -s proxy.log" 5 &&
	test_grep "elsewhere\.example" proxy.log &&
	: >proxy.log
'

# --- one article, no follow_teasers ----------------------------------------

test_expect_success 'type = html on an article: --once reads it' '
	write_config a1="$A1" +type=html &&
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err &&
	atom_valid out.atom &&
	test_grep ! "^warning: " err &&
	round_line err >round &&
	test_grep -E "^info: round: 1 source, 1 fetched, 0 unchanged, 0 failed, [45] new items; wrote .*out\.atom \([45] entries\)$" round &&
	entries out.atom >e1
'

test_expect_success 'the story is an entry with its content, title, author and date' '
	entry_of "$A1" e1 >a1 &&
	test "$(field 2 <a1)" = "${H1[a1]}" &&
	test "$(field 3 <a1)" = - &&
	test "$(field 4 <a1)" = yes &&
	test "$(field 7 <a1)" = 2026-11-24T09:00:00Z &&
	test "$(field 6 <a1)" = "The steel bridge will link the station car park to the market square and should open next autumn." &&
	n=$(awk -F "\t" -v l="$A1" "\$1 == l { print NR }" e1) &&
	test "$(atom_entries out.atom author | sed -n "${n}p")" = "Helen Marsh"
'

test_expect_success 'the content is the article body, without the related block or navigation' '
	atom_entries out.atom content >contents &&
	n=$(awk -F "\t" -v l="$A1" "\$1 == l { print NR }" e1) &&
	sed -n "${n}p" contents >a1-content &&
	test_grep "Councillors voted 9-2 on Monday" a1-content &&
	test_grep "welcomed the decision" a1-content &&
	test_grep ! "River path flood wall" a1-content &&
	test_grep ! "Elsewhere: a story" a1-content &&
	test_grep ! "fictional newspaper" a1-content &&
	test_grep ! "Transport" a1-content
'

test_expect_success 'its three related teasers are entries: rewritten headline, via a1, no content' '
	(for a in a4 a6 a2; do
		entry_of "$HTTPD_URL/news/$a.html" e1 >t-$a &&
		test "$(field 2 <t-$a)" = "${A1_TEASER[$a]}" &&
		test "$(field 3 <t-$a)" = "$A1" &&
		test "$(field 4 <t-$a)" = no ||
		{ echo "want ${A1_TEASER[$a]} via $A1, no content; got:"; cat t-$a; exit 1; }
	done)
'

test_expect_success 'a snippet the page cut ends with " …"' '
	test "$(field 6 <t-a4)" = "The Environment Agency says the work will protect 230 homes in the lower town from a once-in-a-century flood …" &&
	test "$(field 6 <t-a2)" = "From 9 January the library will stay open until 5pm on Saturdays and open on Sunday afternoons for the first time …"
'

test_expect_success 'no other page of the site is an entry; nothing but a1 was requested' '
	field 1 <e1 | grep -v "^https://elsewhere\.example/x\.html$" | sort >links &&
	printf "%s\n" "$A1" "$HTTPD_URL/news/a2.html" "$HTTPD_URL/news/a4.html" \
	    "$HTTPD_URL/news/a6.html" | sort >expect &&
	test_cmp expect links &&
	requested_paths >paths &&
	echo /news/a1.html >expect &&
	test_cmp expect paths &&
	test "$(httpd_requests /news/a1.html | wc -l)" -eq 1
'

test_expect_success 'the external teaser is never requested' '
	test_line_count = 0 proxy.log &&
	test_grep ! "elsewhere" err
'

# --- follow_teasers = 2 ------------------------------------------------------

test_expect_success 'follow_teasers = 2 in a fresh state: exactly two teaser pages fetched' '
	write_config --feed output=follow.atom --daemon state=follow.db \
	    a1="$A1" +type=html +follow_teasers=2 &&
	httpd_log_mark &&
	feedmerge --once -v -c "$CONFIG" 2>err-f1 &&
	atom_valid follow.atom &&
	requested_paths | grep -v "^/news/a1\.html$" >followed &&
	test_line_count = 2 followed &&
	grep -Ex "/news/a[246]\.html" followed >ok-followed &&
	test_cmp followed ok-followed &&
	(for p in $(cat followed); do
		test "$(httpd_requests "$p" | wc -l)" -eq 1 &&
		test "$(httpd_requests "$p")" = 200 || exit 1
	done) &&
	test "$(httpd_requests /news/a1.html | wc -l)" -eq 1
'

test_expect_success 'the round says followed 2' '
	test_grep -x "info: round: followed 2 teasers to their pages" err-f1 &&
	test "$(grep -c "^info: round: followed" err-f1)" -eq 1 &&
	round_line err-f1 >round &&
	test_grep -E "^info: round: 1 source, 1 fetched, 0 unchanged, 0 failed, [45] new items; wrote " round
'

test_expect_success 'the followed stories replace their teasers: one entry per link' '
	entries follow.atom >e2 &&
	field 1 <e2 | grep -v "^https://elsewhere\.example/x\.html$" | sort >links &&
	printf "%s\n" "$A1" "$HTTPD_URL/news/a2.html" "$HTTPD_URL/news/a4.html" \
	    "$HTTPD_URL/news/a6.html" | sort >expect &&
	test_cmp expect links &&
	(for p in $(cat followed); do
		a=$(basename "$p" .html) &&
		entry_of "$HTTPD_URL$p" e2 >f-$a &&
		test "$(field 2 <f-$a)" = "${H1[$a]}" &&
		test "$(field 4 <f-$a)" = yes &&
		test "$(field 3 <f-$a)" = - ||
		{ echo "want ${H1[$a]}, with content, no via; got:"; cat f-$a; exit 1; }
	done)
'

test_expect_success 'the followed stories keep their own dates and bodies' '
	(for p in $(cat followed); do
		a=$(basename "$p" .html) &&
		case $a in
		a2) want=2026-11-25T10:30:00Z ;;
		a4) want=2026-11-27T14:00:00Z ;;
		a6) want=2026-11-29T16:20:00Z ;;
		esac &&
		test "$(field 7 <f-$a)" = "$want" || exit 1
	done)
'

test_expect_success 'the teaser not followed stays a teaser via a1' '
	(for a in a2 a4 a6; do
		grep -qx "/news/$a.html" followed && continue
		entry_of "$HTTPD_URL/news/$a.html" e2 >nf &&
		test "$(field 2 <nf)" = "${A1_TEASER[$a]}" &&
		test "$(field 3 <nf)" = "$A1" &&
		test "$(field 4 <nf)" = no || exit 1
	done)
'

test_expect_success 'a followed page gives only its story: its own teasers are not entries' '
	test_grep ! "/news/a3\.html" follow.atom &&
	test_grep ! "/news/a5\.html" follow.atom
'

test_expect_success 'the external teaser is not followed either' '
	test_line_count = 0 proxy.log &&
	test_grep ! "following teaser https://elsewhere" err-f1
'

test_expect_success 'a second --once re-follows nothing and keeps the entry ids' '
	field 5 <e2 | sort >ids-1 &&
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err-f2 &&
	test_grep ! "followed" err-f2 &&
	test "$(httpd_requests /news/a1.html | wc -l)" -eq 1 &&
	test "$(httpd_requests /news/a1.html if_none_match)" != - &&
	requested_paths | grep -v "^/news/a1\.html$" >again || : &&
	(for p in $(cat again); do
		httpd_requests "$p" if_none_match >inm &&
		test_grep ! -x -e - inm || exit 1
	done) &&
	entries follow.atom >e3 &&
	field 5 <e3 | sort >ids-2 &&
	test_cmp ids-1 ids-2
'

test_expect_success 'a changed a1: only the teaser never tried is followed' '
	printf "<!-- edited -->\n" >>www/news/a1.html &&
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err-f3 &&
	test "$(httpd_requests /news/a1.html)" = 200 &&
	requested_paths | grep -v "^/news/a1\.html$" >third || : &&
	(for p in $(cat followed); do
		test_grep ! -x "$p" third || exit 1
	done) &&
	test_line_count = 1 third &&
	test_grep -x "info: round: followed 1 teaser to its page" err-f3 &&
	last=$(cat third) && a=$(basename "$last" .html) &&
	entries follow.atom >e4 &&
	entry_of "$HTTPD_URL$last" e4 >l &&
	test "$(field 2 <l)" = "${H1[$a]}" &&
	test "$(field 4 <l)" = yes &&
	field 5 <e4 | sort >ids-3 &&
	test_cmp ids-1 ids-3
'

test_expect_success 'a1 read again: the stories followed before keep their full copies' '
	(for p in $(cat followed); do
		a=$(basename "$p" .html) &&
		entry_of "$HTTPD_URL$p" e4 >k-$a &&
		test "$(field 2 <k-$a)" = "${H1[$a]}" &&
		test "$(field 4 <k-$a)" = yes &&
		test "$(field 3 <k-$a)" = - ||
		{ echo "want ${H1[$a]}, with content, no via; got:"; cat k-$a; exit 1; }
	done)
'

test_expect_success 'a teaser page that failed is not tried again within a day' '
	printf "%s\n" "{\"/news/a4.html\": {\"status\": 404, \"body\": \"gone\"}}" |
	write_routes &&
	write_config --feed output=fail.atom --daemon state=fail.db \
	    a1="$A1" +type=html +follow_teasers=10 &&
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err-g1 &&
	test "$(httpd_requests /news/a4.html)" = 404 &&
	test_grep -x "info: round: followed 3 teasers to their pages" err-g1 &&
	test_grep "following a teaser: HTTP 404" err-g1 &&
	round_line err-g1 >round &&
	test_grep -E "^info: round: 1 source, 1 fetched, 0 unchanged, 0 failed, " round &&
	entries fail.atom >g1 &&
	entry_of "$HTTPD_URL/news/a4.html" g1 >g-a4 &&
	test "$(field 4 <g-a4)" = no &&
	printf "<!-- edited again -->\n" >>www/news/a1.html &&
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err-g2 &&
	test "$(httpd_requests /news/a1.html)" = 200 &&
	test "$(httpd_requests /news/a4.html | wc -l)" -eq 0 &&
	test_grep ! "followed" err-g2 &&
	echo "{}" | write_routes
'

test_expect_success 'with room for ten, still only the three same-site teasers were followed' '
	test_line_count = 0 proxy.log &&
	HTTPD_LOG_FROM=0 httpd_requests /news/a3.html >a3-reqs &&
	HTTPD_LOG_FROM=0 httpd_requests /news/a5.html >a5-reqs &&
	test_line_count = 0 a3-reqs &&
	test_line_count = 0 a5-reqs
'

# --- the section front -------------------------------------------------------

test_expect_success 'index.html as a source: teasers only, one for each of the six articles' '
	write_config --feed output=index.atom --daemon state=index.db \
	    front="$HTTPD_URL/" +type=html &&
	httpd_log_mark &&
	feedmerge --once -c "$CONFIG" 2>err-i &&
	atom_valid index.atom &&
	round_line err-i >round &&
	test_grep -E "^info: round: 1 source, 1 fetched, 0 unchanged, 0 failed, 6 new items; wrote .*index\.atom \(6 entries\)$" round &&
	entries index.atom >ei &&
	test_line_count = 6 ei &&
	field 4 <ei | sort -u >has-content &&
	echo no >expect &&
	test_cmp expect has-content &&
	(for a in a1 a2 a3 a4 a5 a6; do
		entry_of "$HTTPD_URL/news/$a.html" ei >c &&
		test "$(field 2 <c)" = "${H1[$a]}" &&
		test "$(field 3 <c)" = "$HTTPD_URL/" || exit 1
	done) &&
	requested_paths >paths &&
	echo / >expect &&
	test_cmp expect paths
'

test_expect_success 'a card snippet that is whole has no ellipsis' '
	entry_of "$HTTPD_URL/news/a3.html" ei >c3 &&
	test "$(field 6 <c3)" = "Judges praised the sourdough from the family-run bakery, which opened in a former bicycle shop four years ago."
'

test_done
