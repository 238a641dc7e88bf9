#!/usr/bin/env bash
# WebSub: with hub = URL the Atom, RSS and JSON files name the hub and
# themselves; every write that changed a file is told to the hub (POST
# hub.mode=publish&hub.url=TOPIC) through the event loop, retried after a
# failure; an unchanged round tells it nothing.

. "$(dirname "$0")/test-lib.sh"
test_require xmllint

start_hub () {
	rm -f hub.port hub.log
	"$PYTHON" "$TEST_DIRECTORY/hubstub.py" --port-file hub.port \
	    --log hub.log --statuses "$1" --max-seconds 120 &
	HUB_PID=$!
	track_pid "$HUB_PID"
	for i in $(seq 100); do [ -s hub.port ] && break; sleep 0.1; done
	HUB_URL=http://127.0.0.1:$(cat hub.port)/hub
}
forms () { "$PYTHON" -c "import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l); f = r[\"form\"]
    print(r[\"status\"], r[\"content_type\"], f[\"hub.mode\"][0], f[\"hub.url\"][0])" hub.log; }

test_expect_success 'setup: a feed, a hub that fails once' '
	start_httpd &&
	printf "%s\n" "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A</title><link>http://a.test/</link>" \
	    "<item><title>One</title><link>http://a.test/1</link><pubDate>Tue, 01 Dec 2026 10:00:00 +0000</pubDate></item>" \
	    "</channel></rss>" >www/a.xml &&
	start_hub 503,204 &&
	cat >hub.conf <<-EOF
	[feed]
	title = Hubbed
	output = out.atom
	link = https://news.example.org/feeds/all.atom?x=1
	formats = atom rss json
	hub = $HUB_URL
	[daemon]
	state = state.db
	[source "a"]
	url = $HTTPD_URL/a.xml
	EOF
'

test_expect_success 'the files name the hub and themselves' '
	feedmerge --once -c hub.conf 2>round1.err &&
	test_grep "<link rel=\"hub\" href=\"$HUB_URL\"/>" out.atom &&
	test_grep "<link rel=\"self\" href=\"https://news.example.org/feeds/all.atom?x=1\" type=\"application/atom+xml\"/>" out.atom &&
	test_grep "<atom:link rel=\"hub\" href=\"$HUB_URL\"/>" out.rss &&
	test_grep "<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"https://news.example.org/feeds/all.rss?x=1\"/>" out.rss &&
	test_grep "\"hubs\":\[{\"type\":\"WebSub\",\"url\":\"$HUB_URL\"}\]" out.json
'

test_expect_success 'each changed file is told, a failure retried, before --once exits' '
	forms | sort >pings &&
	test_grep -c "" pings >n &&
	test $(wc -l <pings) -eq 4 &&
	test_grep "^503 application/x-www-form-urlencoded publish " pings &&
	test $(grep -c "^204 application/x-www-form-urlencoded publish https://news.example.org/feeds/all" pings) -eq 3 &&
	test_grep "204 .* https://news.example.org/feeds/all.atom?x=1$" pings &&
	test_grep "204 .* https://news.example.org/feeds/all.rss?x=1$" pings &&
	test_grep "204 .* https://news.example.org/feeds/all.json?x=1$" pings &&
	test_grep "^warning: websub: hub $HUB_URL: HTTP 503; again in 1 s$" round1.err &&
	test $(grep -c "^info: websub: told $HUB_URL of " round1.err) -eq 3 &&
	test_grep "hub.url=https%3A%2F%2Fnews.example.org%2Ffeeds%2Fall.atom%3Fx%3D1" hub.log
'

test_expect_success 'an unchanged round tells the hub nothing' '
	cp hub.log hub.before &&
	feedmerge --once -c hub.conf 2>round2.err &&
	round_line round2.err | test_grep "output unchanged" &&
	test_cmp hub.before hub.log
'

test_expect_success 'a hub that keeps failing: given up after the retries, the run still ends 0' '
	stop_pid "$HUB_PID" TERM 5 &&
	start_hub 500 &&
	sed "s|^hub = .*|hub = $HUB_URL|" hub.conf >fail.conf &&
	sed -i "s|<title>One</title>|<title>One, changed</title>|" www/a.xml &&
	feedmerge --once -c fail.conf 2>round3.err &&
	test_grep "websub: hub $HUB_URL: HTTP 500; gave up after 3 attempts" round3.err &&
	test $(wc -l <hub.log) -eq 9
'

test_expect_success 'hub without link is a config error' '
	grep -v "^link = " hub.conf >nolink.conf &&
	test_expect_code 1 feedmerge --check-config -c nolink.conf 2>err &&
	test_grep "nolink.conf:1: \[feed\] hub: needs link" err
'

test_done
