#!/usr/bin/env bash
# feedmerge --once: fetch three feeds over HTTP, merge, publish one Atom file.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

test_expect_success 'setup: three feeds on a loopback server' '
	start_httpd &&
	write_rss www/world.xml "World Wire" "http://world.test/" <<-\EOF &&
	http://world.test/a|World A|http://world.test/a|2026-11-20T10:00:00Z
	http://world.test/b|World B|http://world.test/b|2026-11-18T10:00:00Z
	EOF
	write_atom www/tech.atom "Tech Times" "tag:tech.test,2026:feed" \
	    "http://tech.test/" <<-\EOF &&
	tag:tech.test,2026:1|Tech One|http://tech.test/1|2026-11-21T09:00:00Z
	tag:tech.test,2026:2|Tech Two|http://tech.test/2|2026-11-17T09:00:00Z
	EOF
	write_rss www/sport.xml "Sport Sheet" "http://sport.test/" <<-\EOF &&
	sport-7|Sport Seven|http://sport.test/7|2026-11-19T12:00:00Z
	sport-8|Sport Eight|http://sport.test/8|2026-11-16T12:00:00Z
	EOF
	write_config --feed link=http://digest.test/digest.atom \
	    world="$HTTPD_URL/world.xml" tech="$HTTPD_URL/tech.atom" \
	    sport="$HTTPD_URL/sport.xml"
'

test_expect_success '--once exits 0 and writes the output' '
	feedmerge --once -c "$CONFIG" 2>err &&
	test -s out.atom
'

test_expect_success 'the output is well-formed Atom' '
	atom_valid out.atom &&
	test "$(atom_count out.atom)" -gt 0
'

test_expect_success 'every entry, titles newest first' '
	atom_entries out.atom title >titles &&
	cat >expect <<-\EOF &&
	Tech One
	World A
	Sport Seven
	World B
	Tech Two
	Sport Eight
	EOF
	test_cmp expect titles
'

test_expect_success 'each entry links to its article' '
	atom_entries out.atom link >links &&
	cat >expect <<-\EOF &&
	http://tech.test/1
	http://world.test/a
	http://sport.test/7
	http://world.test/b
	http://tech.test/2
	http://sport.test/8
	EOF
	test_cmp expect links
'

test_expect_success 'ids: the source id when an IRI, else a tag: URI holding it' '
	atom_entries out.atom id >ids &&
	test_lines_match ids <<-\EOF &&
	tag:tech\.test,2026:1
	http://world\.test/a
	tag:.*sport-7.*
	http://world\.test/b
	tag:tech\.test,2026:2
	tag:.*sport-8.*
	EOF
	sort ids | uniq -d >dups &&
	test_line_count = 0 dups
'

test_expect_success 'every entry has an RFC 3339 updated' '
	atom_entries out.atom updated >updated &&
	test_line_count = 6 updated &&
	! grep -Evx "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})" updated
'

test_expect_success 'the feeds dates are kept (published for RSS, updated for Atom)' '
	atom_entries out.atom published | sed "s/+00:00$/Z/" >published &&
	atom_entries out.atom updated | sed "s/+00:00$/Z/" >updated &&
	sed -n "2p;3p;4p;6p" published >rss-published &&
	cat >expect <<-\EOF &&
	2026-11-20T10:00:00Z
	2026-11-19T12:00:00Z
	2026-11-18T10:00:00Z
	2026-11-16T12:00:00Z
	EOF
	test_cmp expect rss-published &&
	sed -n "1p;5p" updated >atom-updated &&
	printf "2026-11-21T09:00:00Z\n2026-11-17T09:00:00Z\n" >expect &&
	test_cmp expect atom-updated
'

test_expect_success 'each entry has an atom:source naming its feed' '
	atom_entries out.atom source_title >stitles &&
	cat >expect <<-\EOF &&
	Tech Times
	World Wire
	Sport Sheet
	World Wire
	Tech Times
	Sport Sheet
	EOF
	test_cmp expect stitles &&
	atom_entries out.atom source_link >slinks &&
	cat >expect <<-\EOF &&
	http://tech.test/
	http://world.test/
	http://sport.test/
	http://world.test/
	http://tech.test/
	http://sport.test/
	EOF
	test_cmp expect slinks
'

test_expect_success 'an Atom source keeps its feed id in atom:source' '
	atom_entries out.atom source_id >sids &&
	sed -n "1p;5p" sids >tech-sids &&
	printf "tag:tech.test,2026:feed\ntag:tech.test,2026:feed\n" >expect &&
	test_cmp expect tech-sids
'

test_expect_success 'the feed has the configured id, title, self link and generator' '
	test "$(atom_feed out.atom id)" = "tag:feedmerge.test,2026:digest" &&
	test "$(atom_feed out.atom title)" = "Test digest" &&
	test "$(atom_feed out.atom self)" = "http://digest.test/digest.atom" &&
	atom_feed out.atom generator | grep -q feedmerge &&
	atom_feed out.atom updated |
	grep -Eqx "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})"
'

test_expect_success 'the round summary counts three fetched sources' '
	round_line err >round &&
	test_grep -E "^info: round: 3 sources, 3 fetched, 0 unchanged, 0 failed, 6 new items; wrote .*out\.atom \(6 entries\)$" round &&
	test_grep ! "^warning: " err
'

test_expect_success 'a file:// source and a path relative to the config work' '
	mkdir -p conf/feeds &&
	write_rss conf/feeds/local.xml "Local Leaf" "http://local.test/" <<-\EOF &&
	http://local.test/1|Local One|http://local.test/1|2026-11-15T08:00:00Z
	EOF
	write_atom "$TEST_TMP/file.atom" "File Folio" "tag:file.test,2026:feed" \
	    "http://file.test/" <<-\EOF &&
	tag:file.test,2026:1|File One|http://file.test/1|2026-11-14T08:00:00Z
	EOF
	write_config --file conf/local.conf --feed output=local.atom \
	    --daemon state=local.db \
	    rel=feeds/local.xml file="file://$TEST_TMP/file.atom" &&
	feedmerge --once -c conf/local.conf 2>err-local &&
	test_path_is_missing local.atom &&
	atom_valid conf/local.atom &&
	atom_entries conf/local.atom title >titles &&
	printf "Local One\nFile One\n" >expect &&
	test_cmp expect titles &&
	test -e conf/local.db
'

test_expect_success 'max_entries cuts the list to the newest' '
	write_config --file max.conf --feed max_entries=2 --feed output=max.atom \
	    --daemon state=max.db \
	    world="$HTTPD_URL/world.xml" tech="$HTTPD_URL/tech.atom" \
	    sport="$HTTPD_URL/sport.xml" &&
	feedmerge --once -c max.conf 2>err-max &&
	atom_entries max.atom title >titles &&
	printf "Tech One\nWorld A\n" >expect &&
	test_cmp expect titles &&
	test_grep -E "wrote .*max\.atom \(2 entries\)$" err-max
'

test_done
