#!/usr/bin/env bash
# A cold round of fresh news (bench/gen.py's "fresh" shape: every entry of
# the last day) stores only what can reach the output, yet publishes
# exactly what a store keeping every item publishes (FEEDMERGE_NO_WINDOW),
# in the first round, after the feeds move on in a second run, after
# sources are taken out and after max_entries is raised; entry ids stay
# across the restart.

. "$(dirname "$0")/test-lib.sh"

GEN=$top_srcdir/bench/gen.py

# entries FILE: one line per entry: id, title, link, published, updated,
# and a digest of its content and summary, in feed order.
entries () {
	py - "$1" <<-\PYEOF
	import hashlib, sys, xml.etree.ElementTree as ET
	A = "{http://www.w3.org/2005/Atom}"
	for e in ET.parse(sys.argv[1]).getroot().iter(A + "entry"):
	    def t(tag):
	        x = e.find(A + tag)
	        return "" if x is None else "".join(x.itertext())
	    link = [l.get("href") for l in e.findall(A + "link")
	            if l.get("rel", "alternate") == "alternate"]
	    via = sorted(l.get("href") for l in e.findall(A + "link")
	                 if l.get("rel") == "via")
	    body = hashlib.sha1((t("content") + "|" + t("summary") + "|" +
	                         " ".join(via)).encode()).hexdigest()[:12]
	    print("\t".join([t("id"), t("title"), ",".join(link),
	                     t("published"), t("updated"), body]))
	PYEOF
}

# items DB: the number of items stored.
items () {
	py -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from item").fetchone()[0])' "$1"
}

# Dated up to 6 hours back, so that the entries the second run adds
# (1-5 a feed, at the feed's pace) are not in the future either.
test_expect_success 'setup: 120 fresh feeds on the loopback server' '
	start_httpd &&
	now=$(date +%s) &&
	"$PYTHON" "$GEN" generate --out www/g --n 120 --sites 6 --shape fresh \
	    --epoch $((now - 6 * 3600)) --jobs 1 2>gen.log &&
	cut -f1,6 www/g/sources.tsv | while IFS="	" read -r name path; do
		printf "%s=%s\n" "$name" "$HTTPD_URL/${path#$TEST_TMP/www/}"
	done >sources &&
	test $(wc -l <sources) -eq 120 &&
	mapfile -t src <sources &&
	write_config --file a.conf --feed output=a.atom --feed max_entries=60 \
	    --daemon state=a.db "${src[@]}" &&
	write_config --file b.conf --feed output=b.atom --feed max_entries=60 \
	    --daemon state=b.db "${src[@]}"
'

test_expect_success 'a cold round stores a fraction of what a keep-everything store does' '
	feedmerge --once -c a.conf 2>a1.err &&
	FEEDMERGE_NO_WINDOW=1 feedmerge --once -c b.conf 2>b1.err &&
	round_line a1.err | test_grep "120 fetched, 0 unchanged, 0 failed" &&
	round_line b1.err | test_grep "120 fetched, 0 unchanged, 0 failed" &&
	na=$(items a.db) && nb=$(items b.db) &&
	echo "items stored: $na with the window, $nb without" &&
	test "$nb" -gt 4000 &&
	test $((na * 3)) -lt "$nb"
'

test_expect_success '... and publishes exactly the same entries' '
	entries a.atom >a1 &&
	entries b.atom >b1 &&
	test $(wc -l <a1) -eq 60 &&
	test_cmp b1 a1
'

test_expect_success 'the feeds move on: the same again in a second run' '
	"$PYTHON" "$GEN" mutate --out www/g --round 1 --fraction 0.1 >changed &&
	test "$(cat changed)" -gt 5 &&
	feedmerge --once -c a.conf 2>a2.err &&
	FEEDMERGE_NO_WINDOW=1 feedmerge --once -c b.conf 2>b2.err &&
	entries a.atom >a2 &&
	entries b.atom >b2 &&
	test_cmp b2 a2 &&
	! test_cmp a1 a2 >/dev/null
'

test_expect_success 'entries of both runs keep their ids' '
	cut -f1,3 a1 | sort >ids1 &&
	cut -f1,3 a2 | sort >ids2 &&
	comm -12 ids1 ids2 >kept &&
	cut -f2 kept | sort >kept_links &&
	cut -f3 a1 | sort >l1 && cut -f3 a2 | sort >l2 &&
	comm -12 l1 l2 >both &&
	test -s both &&
	test_cmp both kept_links
'

# write_both MAX SOURCE...: a.conf and b.conf with these sources.
write_both () {
	local max=$1
	shift
	write_config --file a.conf --feed output=a.atom --feed max_entries=$max \
	    --daemon state=a.db "$@" &&
	write_config --file b.conf --feed output=b.atom --feed max_entries=$max \
	    --daemon state=b.db "$@"
}

test_expect_success 'sources taken out: what they left out or dated comes back' '
	mapfile -t src <sources &&
	write_both 60 "${src[@]:40}" &&
	feedmerge --once -c a.conf 2>a3.err &&
	FEEDMERGE_NO_WINDOW=1 feedmerge --once -c b.conf 2>b3.err &&
	round_line a3.err | test_grep "80 fetched, 0 unchanged" &&
	entries a.atom >a3 &&
	entries b.atom >b3 &&
	test_cmp b3 a3 &&
	! test_cmp a2 a3 >/dev/null
'

test_expect_success 'max_entries raised: every feed is read again, the same entries' '
	write_both 150 "${src[@]:40}" &&
	feedmerge --once -c a.conf 2>a4.err &&
	FEEDMERGE_NO_WINDOW=1 feedmerge --once -c b.conf 2>b4.err &&
	test_grep "max_entries raised to 150: every source is read again" a4.err &&
	round_line a4.err | test_grep "80 fetched, 0 unchanged" &&
	round_line b4.err | test_grep "0 fetched, 80 unchanged" &&
	entries a.atom >a4 &&
	entries b.atom >b4 &&
	test $(wc -l <a4) -eq 150 &&
	test_cmp b4 a4
'

# A copy days older than its story's first copy: a store keeping every
# item dates the story by it (the earliest), so the story leaves a small
# window; stored newest first, the copy comes after its story and must
# still be seen as one.
iso () { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
test_expect_success 'an older copy of a story stored first dates it, as keeping everything would' '
	now=$(date +%s) &&
	mkdir -p www/old &&
	printf "%s\n" "http://ex.example/x|Story X|http://ex.example/x|$(iso $((now - 3600)))" |
	    write_rss www/old/a.xml A http://a.example/ &&
	printf "%s\n" "http://ex.example/x|Story X|http://ex.example/x|$(iso $((now - 3 * 86400)))" |
	    write_rss www/old/b.xml B http://b.example/ &&
	printf "%s\n" "http://ex.example/y1|Y1|http://ex.example/y1|$(iso $((now - 7200)))" \
	    "http://ex.example/y2|Y2|http://ex.example/y2|$(iso $((now - 3 * 3600)))" \
	    "http://ex.example/y3|Y3|http://ex.example/y3|$(iso $((now - 4 * 3600)))" |
	    write_rss www/old/c.xml C http://c.example/ &&
	set -- a=$HTTPD_URL/old/a.xml b=$HTTPD_URL/old/b.xml c=$HTTPD_URL/old/c.xml &&
	write_config --file c.conf --feed output=c.atom --feed max_entries=2 \
	    --daemon state=c.db "$@" &&
	write_config --file d.conf --feed output=d.atom --feed max_entries=2 \
	    --daemon state=d.db "$@" &&
	feedmerge --once -c c.conf 2>c.err &&
	FEEDMERGE_NO_WINDOW=1 feedmerge --once -c d.conf 2>d.err &&
	atom_entries c.atom title >c.t &&
	atom_entries d.atom title >d.t &&
	printf "Y1\nY2\n" >expect &&
	test_cmp expect d.t &&
	test_cmp d.t c.t
'

test_done
