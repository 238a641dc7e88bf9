#!/usr/bin/env bash
# Story deduplication across a small news web (tests/newsweb, see its
# README.md): one story reaches feedmerge by several roads (a site's RSS
# feed with tracking parameters, its section front, its article pages, an
# AMP copy, another site's syndicated full-text copy under its own URL and
# id) and must be published once, with the richest copy's text, under an
# id that does not change from run to run nor with the order in which the
# transfers finish.
#
# Each entry is mapped to the story it tells by its link (story_key below):
# the harbour slug of /news/SLUG.html or /amp/news/SLUG.html on the harbour
# server, and the harbour slug a coastwire URL syndicates (or coastwire's
# own story, coastal-path-black-rock).  Anything else, or an entry titled
# like a menu, share button or footer link, is JUNK.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

FEEDMERGE_TIMEOUT=${FEEDMERGE_TIMEOUT:-20}
HTTPD_MAX_SECONDS=${HTTPD_MAX_SECONDS:-120}

# The seven stories: harbour's six and coastwire's own.
HARBOUR_STORIES=(lifeboat-rescue-gull-point fish-market-roof-storm
	north-quay-wall-repairs marina-berth-fees-rise ferry-winter-timetable
	seafront-cafe-late-licence)
STORIES=("${HARBOUR_STORIES[@]}" coastal-path-black-rock)

# Stories whose page is a source of the first config (the AMP copy for
# north-quay-wall-repairs), and the two stories coastwire syndicates.
PAGE_STORIES=(lifeboat-rescue-gull-point marina-berth-fees-rise
	north-quay-wall-repairs)
SYNDICATED=(lifeboat-rescue-gull-point fish-market-roof-storm)

# A sentence of each story's third paragraph: only a full copy has it (the
# RSS description is the first paragraph, a teaser's snippet less).
declare -A P3=(
	[lifeboat-rescue-gull-point]='Helmsman Tom Pascoe said the crew found the couple clinging to a single boat about 200 metres from the rocks at the foot of the point.'
	[fish-market-roof-storm]='The new roof is expected to take ten weeks to build and should be finished before the spring mackerel season.'
	[north-quay-wall-repairs]='Contractors will pump concrete into the voids behind the wall and then reset the facing stones by hand, using the original granite where it can be saved.'
	[marina-berth-fees-rise]='The commissioners said higher electricity prices and the cost of dredging the marina entrance, which silted up badly last year, had left them with little choice.'
	[ferry-winter-timetable]='Councillors said the hourly timetable made it possible for young families to stay on the island rather than move to the mainland for work.'
	[seafront-cafe-late-licence]='Eleven residents wrote to the committee to object, and two spoke at the hearing.'
	[coastal-path-black-rock]='A set of timber steps has replaced the old cut into the rock at the Pendower end.'
)
# The sentence coastwire added at the end of its copy of each syndicated
# story (nowhere on harbour's site).
declare -A ADDED=(
	[lifeboat-rescue-gull-point]='The RNLI said it had launched to more than twenty paddle sport incidents along this stretch of coast since the start of October.'
	[fish-market-roof-storm]='Storm Bram also damaged two boats moored in the inner harbour, both of which have since been repaired.'
)

# stories FILE: one line per entry, tab-separated:
#   key  id  title  link  content
# key: the story (see above) or JUNK; content: the text of <content> (tags
# removed, entities decoded, whitespace collapsed), "-" when none.
stories () {
	py -c '
import html, re, sys, urllib.parse, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
path, harbour, coastwire = sys.argv[1:4]
HARBOUR = set(sys.argv[4].split())
COASTWIRE = {
    "/2026/11/23/kayakers-rescued-off-porthaven": "lifeboat-rescue-gull-point",
    "/2026/11/24/porthaven-fish-market-new-roof": "fish-market-roof-storm",
    "/2026/11/27/black-rock-coast-path-reopens": "coastal-path-black-rock",
}
# What menus, share buttons, footers and pagination of the pages say.
CHROME = {t.lower() for t in [
    "Home", "News", "Sport", "What\u2019s on", "What\x27s on", "Opinion",
    "Property", "Notices", "Weather and tides", "Subscribe", "Sign in",
    "Skip to content", "Manage cookies", "Share on Facebook", "Share on X",
    "Share on WhatsApp", "Email this story", "Copy link", "About us",
    "Contact the newsroom", "Advertise with us", "Corrections and complaints",
    "Privacy policy", "Cookie settings", "RSS", "Older stories", "Sign up",
    "The Gazette in your inbox", "Related", "View the full site", "Menu",
    "Close menu", "The Harbour Gazette", "Porthaven", "RNLI", "Fishing",
    "Harbour", "Marina", "Transport", "Licensing", "Megan Trelawny",
    "Daniel Hocking", "Sian Polglase"]}
def norm(s):
    return " ".join(s.split())
def key(link, title):
    if norm(title).lower() in CHROME:
        return "JUNK"
    u = urllib.parse.urlsplit(link)
    base = "%s://%s" % (u.scheme, u.netloc)
    if base == harbour:
        m = re.fullmatch(r"/(?:amp/)?news/([a-z0-9-]+)\.html", u.path)
        if m and m.group(1) in HARBOUR:
            return m.group(1)
    elif base == coastwire and u.path in COASTWIRE:
        return COASTWIRE[u.path]
    return "JUNK"
def content(e):
    c = e.find(A + "content")
    if c is None:
        return ""
    kind = c.get("type", "text")
    if kind == "xhtml":
        return norm("".join(c.itertext()))
    t = c.text or ""
    if kind == "html":
        t = html.unescape(re.sub(r"<[^>]*>", " ", t))
    return norm(t)
root = ET.parse(path).getroot()
for e in root.findall(A + "entry"):
    alt = [l.get("href", "") for l in e.findall(A + "link")
           if l.get("rel", "alternate") == "alternate"]
    link = alt[0] if alt else ""
    title = norm("".join(e.find(A + "title").itertext())) if e.find(A + "title") is not None else ""
    eid = norm(e.findtext(A + "id") or "")
    print("\t".join([key(link, title), eid or "-", title or "-", link or "-",
                     content(e) or "-"]))
' "$1" "$H" "$C" "${HARBOUR_STORIES[*]}"
}

# expect_each_once STORIES-FILE: the keys are the seven stories, each once.
expect_each_once () {
	printf '%s\n' "${STORIES[@]}" | sort >want-keys &&
	cut -f1 "$1" | sort >got-keys &&
	test_cmp want-keys got-keys || { echo "entries:"; cut -f1-4 "$1"; return 1; }
}

# expect_text KEY STORIES-FILE TEXT: KEY has an entry, and every entry of
# KEY has TEXT in its content.
expect_text () {
	awk -F '\t' -v k="$1" '$1 == k' "$2" >sel &&
	if [ ! -s sel ]; then
		echo "no entry for $1 in $2:"
		cut -f1-4 "$2"
		return 1
	fi &&
	awk -F '\t' -v t="$3" 'index($5, t) == 0' sel >bad &&
	if [ -s bad ]; then
		echo "an entry of $1 lacks \"$3\" in its content:"
		sed 's/^/	/' bad
		return 1
	fi
}

# ids STORIES-FILE: key<TAB>id per entry, sorted.
ids () {
	cut -f1,2 "$1" | sort
}

# A second server for the second site, on its own port (start_httpd serves
# www/, harbour's site).  Same routes file; its own request log.
start_coastwire () {
	mkdir -p "$TEST_TMP/www-coastwire"
	rm -f "$TEST_TMP/coastwire.port"
	"$PYTHON" -I -S "$TEST_DIRECTORY/httpd.py" --root "$TEST_TMP/www-coastwire" \
	    --port-file "$TEST_TMP/coastwire.port" --routes "$TEST_TMP/routes.json" \
	    --log "$TEST_TMP/coastwire.log" --max-seconds "$HTTPD_MAX_SECONDS" \
	    >"$TEST_TMP/coastwire.err" 2>&1 </dev/null &
	COASTWIRE_PID=$!
	track_pid "$COASTWIRE_PID"
	if ! wait_for 'test -s "$TEST_TMP/coastwire.port"' 10; then
		echo "start_coastwire: no port file; server said:"
		cat "$TEST_TMP/coastwire.err"
		return 1
	fi
	C=http://127.0.0.1:$(cat "$TEST_TMP/coastwire.port")
}

# fresh_state: forget everything the first config's runs stored.
fresh_state () {
	rm -f state.db state.db-wal state.db-shm state.db-journal out.atom
}

test_expect_success 'setup: harbour and coastwire on two loopback servers' '
	start_httpd &&
	H=$HTTPD_URL &&
	start_coastwire &&
	cp -R "$top_srcdir/tests/newsweb/harbour/." www/ &&
	cp -R "$top_srcdir/tests/newsweb/coastwire/." www-coastwire/ &&
	find www www-coastwire -type f -exec sed -i \
	    -e "s|@HARBOUR@|$H|g" -e "s|@COASTWIRE@|$C|g" {} + &&
	test_grep ! -r "@HARBOUR@\|@COASTWIRE@" www www-coastwire &&
	xmllint --noout www/rss.xml www-coastwire/feed.atom &&
	test -f www/news/index.html &&
	test -f www/amp/news/north-quay-wall-repairs.html &&
	echo "{}" | write_routes &&
	write_config --file "$TEST_TMP/feedmerge.conf" \
	    harbour-rss="$H/rss.xml" \
	    harbour-news="$H/news/" +type=html +follow_teasers=0 \
	    harbour-lifeboat="$H/news/lifeboat-rescue-gull-point.html" +type=html \
	    harbour-marina="$H/news/marina-berth-fees-rise.html" +type=html \
	    harbour-amp="$H/amp/news/north-quay-wall-repairs.html" +type=html \
	    coastwire="$C/feed.atom" &&
	CONFIG1=$CONFIG &&
	write_config --file "$TEST_TMP/follow.conf" \
	    --feed output=follow.atom --daemon state=follow.db \
	    harbour-rss="$H/rss.xml" \
	    harbour-news="$H/news/" +type=html +follow_teasers=6 \
	    harbour-lifeboat="$H/news/lifeboat-rescue-gull-point.html" +type=html \
	    harbour-marina="$H/news/marina-berth-fees-rise.html" +type=html \
	    harbour-amp="$H/amp/news/north-quay-wall-repairs.html" +type=html \
	    coastwire="$C/feed.atom" &&
	CONFIG2=$CONFIG &&
	cat "$CONFIG1"
'

test_expect_success '--once: valid Atom, each of the 7 stories exactly once, no junk' '
	feedmerge --once -c "$CONFIG1" 2>err-1 &&
	round_line err-1 >round &&
	test_grep -E "^info: round: 6 sources, 6 fetched, 0 unchanged, 0 failed, " round &&
	atom_valid out.atom &&
	stories out.atom >s1 &&
	ids s1 >ids-1 &&
	expect_each_once s1
'

test_expect_success 'a story whose page is a source has the page body (not a teaser, not the lead)' '
	(for k in "${PAGE_STORIES[@]}"; do
		expect_text "$k" s1 "${P3[$k]}" || exit 1
	done)
'

test_expect_success 'syndicated stories: one entry each, with the full text' '
	(for k in "${SYNDICATED[@]}"; do
		n=$(awk -F "\t" -v k="$k" "\$1 == k" s1 | wc -l) &&
		if [ "$n" -ne 1 ]; then
			echo "$k: $n entries, want 1:"
			cut -f1-4 s1
			exit 1
		fi &&
		expect_text "$k" s1 "${P3[$k]}" || exit 1
	done) &&
	# fish-market-roof-storm: no harbour page of it is a source, so the
	# only full copy is the coastwire one (richer than the RSS lead).
	expect_text fish-market-roof-storm s1 "${ADDED[fish-market-roof-storm]}"
'

test_expect_success 'a second --once on the same state keeps every id and the same stories' '
	feedmerge --once -c "$CONFIG1" 2>err-2 &&
	atom_valid out.atom &&
	stories out.atom >s2 &&
	ids s2 >ids-2 &&
	test_cmp ids-1 ids-2 &&
	cut -f1 s1 | sort -u >keys-1 &&
	cut -f1 s2 | sort -u >keys-2 &&
	test_cmp keys-1 keys-2
'

# Each fresh run lets the transfers finish in another order: none slowed,
# then the harbour feed and front last, then coastwire and the pages last.
test_expect_success 'fresh state three times, transfers finishing in other orders: the same ids' '
	(for run in 1 2 3; do
		case $run in
		1) echo "{}" ;;
		2) echo "{\"/rss.xml\": {\"delay\": 0.8}, \"/news/\": {\"delay\": 0.4}}" ;;
		3) echo "{\"/feed.atom\": {\"delay\": 0.8},
		     \"/amp/news/north-quay-wall-repairs.html\": {\"delay\": 0.5},
		     \"/news/lifeboat-rescue-gull-point.html\": {\"delay\": 0.3},
		     \"/news/marina-berth-fees-rise.html\": {\"delay\": 0.2}}" ;;
		esac | write_routes &&
		fresh_state &&
		feedmerge --once -c "$CONFIG1" 2>err-fresh-$run &&
		atom_valid out.atom &&
		stories out.atom >s-fresh-$run &&
		ids s-fresh-$run >ids-fresh-$run || exit 1
	done) &&
	echo "{}" | write_routes &&
	test_cmp ids-fresh-1 ids-fresh-2 &&
	test_cmp ids-fresh-1 ids-fresh-3 &&
	test_cmp ids-1 ids-fresh-1
'

test_expect_success '--explain: a story by its feed link with tracking, by its id; each copy and why it joined' '
	id=$(awk -F "\t" "\$1 == \"lifeboat-rescue-gull-point\" { print \$2 }" \
	    s-fresh-3) &&
	test -n "$id" &&
	feedmerge -c "$CONFIG1" --explain \
	    "$H/news/lifeboat-rescue-gull-point.html?utm_source=rss&utm_medium=feed" \
	    >explain-link 2>explain-err &&
	test_grep "^story: $id\$" explain-link &&
	test_grep "(its id is fixed)" explain-link &&
	# the RSS entry, the page, the front page teaser, the coastwire copy
	test "$(grep -c "^copy " explain-link)" -ge 4 &&
	test "$(grep -c "^copy .* (shown)\$" explain-link)" -eq 1 &&
	test_grep "^  source: harbour-rss\$" explain-link &&
	test_grep "^  source: harbour-lifeboat\$" explain-link &&
	test_grep "^  kind: full page, with its text\$" explain-link &&
	test_grep "^  source: coastwire\$" explain-link &&
	# coastwire names it by no link of harbour: it joined by its text
	awk "/^  source: coastwire\$/ { c = 1 } c && /^  joined: / { print; exit }" \
	    explain-link >coastwire-reason &&
	test_grep -E "joined: (its lead begins as|its text is [0-9]+ bits)" \
	    coastwire-reason &&
	test_grep ! "(stored by an older feedmerge)" explain-link &&
	feedmerge -c "$CONFIG1" --explain "$id" >explain-id &&
	test_cmp explain-link explain-id
'

test_expect_success '--explain: an unknown link or a missing state is an error, exit 1' '
	test_expect_code 1 feedmerge -c "$CONFIG1" --explain "$H/news/no-such-story.html" \
	    >out 2>err &&
	test_grep "no story with the id or a copy linking" err &&
	test_line_count = 0 out &&
	sed "s|^state = .*|state = $TEST_TMP/missing.db|" "$CONFIG1" >missing.conf &&
	grep -q "^state = $TEST_TMP/missing.db" missing.conf &&
	test_expect_code 1 feedmerge -c missing.conf --explain "$id" 2>err &&
	test_grep "missing.db" err &&
	test_path_is_missing missing.db
'

test_expect_success '--explain beside a running daemon that holds the state' '
	start_feedmerge daemon.log -c "$CONFIG1" &&
	wait_for "grep -q \"^info: round: \" daemon.log" 20 &&
	test_must_fail feedmerge --once -c "$CONFIG1" 2>second &&
	test_grep "in use" second &&
	feedmerge -c "$CONFIG1" --explain "$id" >explain-beside &&
	test_grep "^story: $id\$" explain-beside &&
	stop_pid "$FEEDMERGE_PID"
'

test_expect_success 'follow_teasers = 6 on the section front (fresh state): every harbour story has its full body' '
	rm -f follow.db follow.db-wal follow.db-shm follow.atom &&
	feedmerge --once -c "$CONFIG2" 2>err-follow &&
	atom_valid follow.atom &&
	stories follow.atom >s-follow &&
	(for k in "${HARBOUR_STORIES[@]}"; do
		expect_text "$k" s-follow "${P3[$k]}" || exit 1
	done)
'

# without_run_dates FILE T0 T1: a feed without the dates of its run (every
# <updated>: when each story was seen; a <published> between T0 and T1,
# in seconds: an undated story is published as of then) and the
# generator's version.
without_run_dates () {
	py -c 'import sys, re, datetime
t0, t1 = int(sys.argv[2]), int(sys.argv[3])
for line in open(sys.argv[1]):
    if "<updated>" in line or "<generator" in line:
        continue
    m = re.search(r"<published>([^<]*)</published>", line)
    if m:
        t = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%SZ")
        t = t.replace(tzinfo=datetime.timezone.utc).timestamp()
        if t0 <= t <= t1:
            continue
    sys.stdout.write(line)' "$@"
}

test_expect_success 'the bundled example, from nothing five times: the same entries in the same order' '
	cp -R "$top_srcdir/examples" ex &&
	rm -rf ex/out && mkdir ex/out &&
	(for run in 1 2 3 4 5; do
		rm -f ex/out/state.db ex/out/state.db-wal ex/out/state.db-shm \
		    ex/out/digest.atom &&
		t0=$(date +%s) &&
		feedmerge --once -c ex/example.conf 2>err-ex-$run &&
		without_run_dates ex/out/digest.atom "$t0" "$(date +%s)" \
		    >ex-$run || exit 1
	done) &&
	test "$(grep -c "<entry[ >]" ex-1)" -gt 20 &&
	test_cmp ex-1 ex-2 && test_cmp ex-1 ex-3 && test_cmp ex-1 ex-4 &&
	test_cmp ex-1 ex-5
'

test_done
