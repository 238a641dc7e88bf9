#!/usr/bin/env bash
# The output is safe whatever the sources send: the XSS corpus of
# tests/xss as RSS descriptions, Atom HTML and XHTML content and JSON Feed
# content_html, and links no reader should follow in every place a link
# goes.  The output is read back with Python's own parsers (not
# feedmerge's) by tests/hostile.py; test-lib.sh also puts it through the
# Atom schema, feedparser and newsboat.

. "$(dirname "$0")/test-lib.sh"

VECTORS=$top_srcdir/tests/xss/vectors.jsonl

test_expect_success 'setup: hostile feeds on a loopback server' '
	start_httpd &&
	py "$top_srcdir/tests/hostile.py" feeds "$VECTORS" www "$HTTPD_URL" &&
	write_config --feed max_entries=5000 \
	    rss="$HTTPD_URL/vectors.rss" atom="$HTTPD_URL/vectors.atom" \
	    json="$HTTPD_URL/vectors.json" links="$HTTPD_URL/links.rss" \
	    jlinks="$HTTPD_URL/links.json" &&
	# One entry per vector: their harmless text is much the same.
	printf "\n[dedup]\nlead = no\ntitle = no\nnear_bits = 0\n" >>"$CONFIG"
'

test_expect_success 'every vector and every bad-link item becomes an entry' '
	feedmerge --once -c "$CONFIG" 2>err &&
	n=$(grep -c . "$VECTORS") &&
	test "$(atom_count out.atom)" -eq $((3 * n + 3 + 14))
'

test_expect_success 'nothing active survives, the harmless text does' '
	py "$top_srcdir/tests/hostile.py" check "$VECTORS" out.atom >report ||
	{ head -n 40 report; false; }
'

test_expect_success 'no tag in the HTML the entries carry is a payload (belt and braces)' '
	# The entries'"'"' HTML as a reader gets it: the XML escaping undone
	# once.  In it every "<" starts a tag.
	atom_entries out.atom summary >html &&
	atom_entries out.atom content >>html &&
	test_grep ! -i -E "<(script|iframe|object|embed|svg|math|style|form|base|meta|link|frame|applet|noscript|template)[[:space:]/>]" html &&
	# (Attribute values are quoted: an on...= inside one is its text.)
	sed -e "s/\"[^\"]*\"/\"\"/g" html >tags &&
	test_grep ! -i -E "<[a-z][^>]*[[:space:]/]on[a-z]+[[:space:]]*=" tags &&
	test_grep ! -i -E "<[a-z][^>]*(href|src|srcset|action|formaction|poster|background)=\"([^\"]*, )?[[:space:]]*(javascript|vbscript|livescript|data:text|file):" html &&
	test_grep ! -i -E "<[a-z][^>]*(style|class|id|srcdoc)=" html
'

test_expect_success 'a dropped link is a warning naming the source and the item' '
	test_grep -E "^warning: source links: item \"Bad link 0\": link \"javascript:alert\(1\)\" dropped: not an http\(s\) link$" err &&
	test_grep -E "^warning: source jlinks: item \"Bad link j1\": link \"JaVaScRiPt:alert\(2\)\?j\" dropped" err &&
	test_grep -E "^warning: source jlinks: .*author URI \"javascript:alert\(1\)\?j\" dropped: not an http\(s\) or mailto link" err
'

test_expect_success 'the entries of items whose links were dropped carry their text' '
	atom_entries out.atom title >titles &&
	atom_entries out.atom content >contents &&
	test_grep -x "Bad link 3" titles &&
	test_grep -x "Keep link 3" contents &&
	test_grep -x "Keep json 4" contents
'

test_expect_success 'a second round over the same feeds leaves the file alone' '
	cp out.atom before &&
	feedmerge --once -c "$CONFIG" 2>err2 &&
	test_grep -E "output unchanged$" err2 &&
	test_cmp before out.atom
'

test_done
