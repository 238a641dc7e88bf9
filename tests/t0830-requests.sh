#!/usr/bin/env bash
# How a source is asked for: headers, basic auth (a password is never
# logged nor shown, and a file every user can read it from is refused),
# a proxy (the config's, or the environment's), a user agent of its own.

. "$(dirname "$0")/test-lib.sh"

# field PATH [NAME]: NAME (status) of the logged requests for PATH.
field () {
	httpd_requests "$1" "${2:-status}"
}

test_expect_success 'setup' '
	start_httpd &&
	write_rss www/a.xml "A" "http://a.test/" <<-\EOF &&
	http://a.test/1|A story|http://a.test/1|2026-11-20T10:00:00Z
	EOF
	write_rss www/p.xml "P" "http://p.test/" <<-\EOF &&
	http://p.test/1|Proxied story|http://p.test/1|2026-11-19T10:00:00Z
	EOF
	cat >req.conf <<-EOF &&
	[feed]
	title = Requests
	output = req.atom

	[daemon]
	state = req.db
	user_agent = digest-bot/1.0 (+https://digest.example/about)

	[source "keyed"]
	url = $HTTPD_URL/a.xml
	headers = X-Api-Key: s3cr3t-key
	    X-Client: feedmerge test
	headers = X-Third: 3
	user_agent = special-agent/2

	[source "private"]
	url = $HTTPD_URL/a.xml?private
	username = reader
	password = pa55w0rd-do-not-log

	[source "plain"]
	url = $HTTPD_URL/a.xml?plain

	[source "proxied"]
	url = http://feeds.invalid/p.xml
	proxy = $HTTPD_URL
	EOF
	chmod 600 req.conf
'

test_expect_success 'headers, basic auth, user agents and a proxy reach the server' '
	feedmerge --once -v -c req.conf 2>err &&
	test_grep "round: 4 sources, 4 fetched" err &&
	py -c "import json
reqs = [json.loads(l) for l in open(\"httpd.log\")]
by = {r[\"path\"]: r for r in reqs}
k = by[\"/a.xml\"]
assert k[\"x_headers\"] == {\"X-Api-Key\": \"s3cr3t-key\", \"X-Client\": \"feedmerge test\", \"X-Third\": \"3\"}, k
assert k[\"user_agent\"] == \"special-agent/2\", k
assert k[\"authorization\"] is None
p = by[\"/a.xml?private\"]
assert p[\"authorization\"] == \"Basic cmVhZGVyOnBhNTV3MHJkLWRvLW5vdC1sb2c=\", p
assert p[\"user_agent\"] == \"digest-bot/1.0 (+https://digest.example/about)\"
assert by[\"/a.xml?plain\"][\"x_headers\"] == {}
# Through the proxy: the request line holds the whole URL.
assert by[\"http://feeds.invalid/p.xml\"][\"status\"] == 200" &&
	atom_entries req.atom title | sort >titles &&
	test_grep -x "Proxied story" titles
'

test_expect_success 'the password is never logged nor shown' '
	write_routes <<-\EOF &&
	{"/a.xml": {"status": 401}}
	EOF
	sed -i "s|^url = $HTTPD_URL/a.xml?private|url = $HTTPD_URL/a.xml|" req.conf &&
	feedmerge --once -v -c req.conf 2>err2 &&
	test_grep "source private: HTTP 401" err2 &&
	feedmerge --status -c req.conf >st &&
	feedmerge --status --json -c req.conf >st.json &&
	feedmerge --check-config -c req.conf >chk &&
	! grep -r "pa55w0rd" err err2 st st.json chk &&
	echo "{}" >routes.json
'

test_expect_success 'a config every user can read is refused when it holds a password' '
	chmod 644 req.conf &&
	test_expect_code 1 feedmerge --check-config -c req.conf 2>err3 &&
	test_grep "^req.conf:[0-9]*: password: this file holds a password and every user can read it (mode 644): chmod o-r req.conf" err3 &&
	! grep "pa55w0rd" err3 &&
	test_expect_code 1 feedmerge --once -c req.conf 2>err4 &&
	test_grep "chmod o-r req.conf" err4 &&
	chmod 640 req.conf &&
	feedmerge --check-config -c req.conf
'

test_expect_success 'a URL with user:password@ is kept from the log and --status, and from other users' '
	write_routes <<-\EOF &&
	{"/moving.xml": {"status": 301, "headers": {"Location": "/a.xml?moved"}}}
	EOF
	cat >ui.conf <<-EOF &&
	[feed]
	title = Userinfo
	output = ui.atom
	[daemon]
	state = ui.db
	[source "ui"]
	url = http://reader:url-s3cret@127.0.0.1:$HTTPD_PORT/moving.xml
	EOF
	chmod 644 ui.conf &&
	test_expect_code 1 feedmerge --check-config -c ui.conf 2>err8 &&
	test_grep "^ui.conf:7: url: this file holds a password and every user can read it" err8 &&
	chmod 600 ui.conf &&
	for i in 1 2 3; do
		feedmerge --once -v -c ui.conf 2>>err9 || return 1
	done &&
	test_grep "has moved permanently to http://127.0.0.1:$HTTPD_PORT/a.xml?moved" err9 &&
	feedmerge --status -c ui.conf >st9 &&
	feedmerge --status --json -c ui.conf >st9.json &&
	test_grep "moved for good to http://127.0.0.1:$HTTPD_PORT/a.xml?moved" st9 &&
	! grep "url-s3cret" err8 err9 st9 st9.json &&
	echo "{}" >routes.json
'

test_expect_success 'the proxy of the environment, and proxy = none' '
	write_config --daemon state=env.db --feed output=env.atom \
	    viaenv="http://env.invalid/p.xml" &&
	http_proxy=$HTTPD_URL feedmerge --once -c "$CONFIG" 2>err5 &&
	test "$(field http://env.invalid/p.xml | wc -l)" = 1 &&
	write_config --daemon state=none.db --feed output=none.atom \
	    direct="http://env.invalid/p.xml" +proxy=none &&
	http_proxy=$HTTPD_URL test_expect_code 1 feedmerge --once -c "$CONFIG" 2>err6 &&
	test_grep "source direct: .*env.invalid" err6 &&
	test "$(field http://env.invalid/p.xml | wc -l)" = 1
'

test_expect_success 'bad request keys are config errors with file and line' '
	cat >bad.conf <<-EOF &&
	[feed]
	title = Bad
	output = bad.atom
	[daemon]
	proxy = ftp://127.0.0.1/
	per_host = 0
	host_spacing = 2h
	[source "a"]
	url = $HTTPD_URL/a.xml
	headers = no colon here
	headers = Bad Name: x
	username = a:b
	[source "b"]
	url = $HTTPD_URL/a.xml
	password = only
	EOF
	chmod 600 bad.conf &&
	test_expect_code 1 feedmerge --check-config -c bad.conf 2>err7 &&
	test_grep "bad.conf:5: \[daemon\] proxy: must be none or a URL of scheme http, https, socks4, socks4a, socks5 or socks5h (got \"ftp://127.0.0.1/\")" err7 &&
	test_grep "bad.conf:6: \[daemon\] per_host: must be a number from 1 to 1000 (got \"0\")" err7 &&
	test_grep "bad.conf:7: \[daemon\] host_spacing: must be between 0 and 1h (got \"2h\")" err7 &&
	test_grep "bad.conf:10: \[source \"a\"\] headers: expected Name: value (got \"no colon here\")" err7 &&
	test_grep "bad.conf:11: \[source \"a\"\] headers: expected Name: value (got \"Bad Name: x\")" err7 &&
	test_grep "bad.conf:12: \[source \"a\"\] username: a user name cannot hold" err7 &&
	test_grep "bad.conf:13: \[source \"b\"\] username: missing (username and password go together)" err7 &&
	! grep "only" err7
'

test_done
