#!/usr/bin/env bash
# Polite to every host: per_host transfers at once, host_spacing between
# starts, one slow host never holding the others' slots; a restart is not a
# cold round (schedule and backoff kept in the state); Retry-After holds the
# whole host; a feed's ttl and caching headers floor its interval.

. "$(dirname "$0")/test-lib.sh"

# overlap PATH-PREFIX: the most requests whose paths start with it that the
# server was answering at one moment (from the log's start and end times).
overlap () {
	py -c 'import json, sys
ev = []
for l in open(sys.argv[2]):
    r = json.loads(l)
    if r["path"].startswith(sys.argv[1]):
        ev += [(r["start"], 1), (r["time"], -1)]
n = best = 0
for t, d in sorted(ev, key=lambda e: (e[0], e[1])):
    n += d
    best = max(best, n)
print(best)' "$1" "$HTTPD_LOG"
}

# starts PATH-PREFIX: the start times of its requests, one a line, sorted.
starts () {
	py -c 'import json, sys
for t in sorted(json.loads(l)["start"] for l in open(sys.argv[2])
                if json.loads(l)["path"].startswith(sys.argv[1])):
    print(t)' "$1" "$HTTPD_LOG"
}

# min_gap: the smallest difference between consecutive lines of stdin.
min_gap () {
	py -c 'import sys
t = [float(x) for x in sys.stdin.read().split()]
print(min(b - a for a, b in zip(t, t[1:])) if len(t) > 1 else 999)'
}

test_expect_success 'setup: sources on two hosts' '
	start_httpd &&
	mkdir -p www/slow www/fast &&
	for i in 1 2 3 4 5 6; do
		write_rss www/slow/s$i.xml "Slow $i" "http://slow$i.test/" <<-EOF || return 1
		http://slow$i.test/1|Slow $i story|http://slow$i.test/1|2026-11-20T10:00:00Z
		EOF
	done &&
	for i in 1 2 3 4; do
		write_rss www/fast/f$i.xml "Fast $i" "http://fast$i.test/" <<-EOF || return 1
		http://fast$i.test/1|Fast $i story|http://fast$i.test/1|2026-11-19T10:00:00Z
		EOF
	done &&
	write_routes <<-\EOF
	{"/slow/s1.xml": {"delay": 1}, "/slow/s2.xml": {"delay": 1},
	 "/slow/s3.xml": {"delay": 1}, "/slow/s4.xml": {"delay": 1},
	 "/slow/s5.xml": {"delay": 1}, "/slow/s6.xml": {"delay": 1}}
	EOF
'

test_expect_success 'per_host = 2: never more than two transfers to one host' '
	args=() &&
	for i in 1 2 3 4 5 6; do
		args+=(s$i="$HTTPD_URL/slow/s$i.xml")
	done &&
	write_config --daemon state=ph.db --feed output=ph.atom \
	    --daemon per_host=2 --daemon host_spacing=0 \
	    --daemon concurrency=16 "${args[@]}" &&
	feedmerge --once -c "$CONFIG" 2>err &&
	test_grep "round: 6 sources, 6 fetched" err &&
	test "$(overlap /slow/)" = 2 &&
	test "$(atom_count ph.atom)" = 6
'

test_expect_success 'a slow host does not hold the slots of another' '
	: >"$HTTPD_LOG" &&
	args=() &&
	for i in 1 2 3 4 5 6; do
		args+=(s$i="$HTTPD_URL/slow/s$i.xml")
	done &&
	# The same server by another name: another host to the scheduler.
	fast_url=http://localhost:$HTTPD_PORT &&
	for i in 1 2 3 4; do
		args+=(f$i="$fast_url/fast/f$i.xml")
	done &&
	write_config --daemon state=two.db --feed output=two.atom \
	    --daemon per_host=2 --daemon host_spacing=0 \
	    --daemon concurrency=3 "${args[@]}" &&
	feedmerge --once -c "$CONFIG" 2>err &&
	test_grep "round: 10 sources, 10 fetched" err &&
	# All four fast ones were done while the slow host still had
	# sources waiting: it took two slots, not all three.
	last_fast=$(starts /fast/ | tail -n 1) &&
	last_slow=$(starts /slow/ | tail -n 1) &&
	py -c "import sys; sys.exit(not $last_fast < $last_slow - 1)"
'

test_expect_success 'host_spacing = 1s (the default): starts on one host a second apart' '
	: >"$HTTPD_LOG" &&
	args=() &&
	for i in 1 2 3 4; do
		args+=(f$i="$HTTPD_URL/fast/f$i.xml")
	done &&
	write_config --daemon state=sp.db --feed output=sp.atom \
	    --daemon per_host= --daemon host_spacing= "${args[@]}" &&
	! grep -q "per_host\|host_spacing" "$CONFIG" &&
	feedmerge --once -c "$CONFIG" 2>err &&
	test_grep "round: 4 sources, 4 fetched" err &&
	gap=$(starts /fast/ | min_gap) &&
	py -c "import sys; sys.exit(not $gap >= 0.9)"
'

test_expect_success 'a restart is not a cold round: nothing is fetched before it is due' '
	: >"$HTTPD_LOG" &&
	write_config --daemon state=rs.db --feed output=rs.atom \
	    --daemon refresh=1h f1="$HTTPD_URL/fast/f1.xml" \
	    f2="$HTTPD_URL/fast/f2.xml" &&
	start_feedmerge rs1.log -c "$CONFIG" &&
	wait_for "grep -q \"^info: round: 2 sources\" rs1.log" 10 &&
	stop_pid "$FEEDMERGE_PID" &&
	test "$(httpd_requests /fast/f1.xml | wc -l)" = 1 &&
	start_feedmerge rs2.log -c "$CONFIG" &&
	wait_for "grep -q \"starting\" rs2.log" 10 &&
	sleep 2 &&
	test "$(httpd_requests /fast/f1.xml | wc -l)" = 1 &&
	test "$(httpd_requests /fast/f2.xml | wc -l)" = 1 &&
	! grep -q "^info: round: " rs2.log &&
	feedmerge --status --json -c "$CONFIG" >st.json &&
	py -c "import json, sys, datetime
s = json.load(open(\"st.json\"))[\"sources\"]
now = datetime.datetime.now(datetime.timezone.utc)
for x in s:
    due = datetime.datetime.fromisoformat(x[\"next_due\"].replace(\"Z\", \"+00:00\"))
    left = (due - now).total_seconds()
    # An hour, give or take the jitter of 10%.
    assert 3000 < left < 4000, (x[\"name\"], left)" &&
	stop_pid "$FEEDMERGE_PID"
'

test_expect_success 'backoff survives a restart' '
	: >"$HTTPD_LOG" &&
	write_config --daemon state=bo.db --feed output=bo.atom \
	    --daemon refresh=2s ok="$HTTPD_URL/fast/f1.xml" \
	    missing="$HTTPD_URL/fast/nonesuch.xml" &&
	start_feedmerge bo1.log -c "$CONFIG" &&
	# Failures at about 0 s, 2 s and 6 s: the next is at about 14 s.
	wait_for "test \$(httpd_requests /fast/nonesuch.xml | wc -l) -ge 3" 15 &&
	stop_pid "$FEEDMERGE_PID" &&
	feedmerge --status --json -c "$CONFIG" >bo.json &&
	py -c "import json
s = {x[\"name\"]: x for x in json.load(open(\"bo.json\"))[\"sources\"]}
assert s[\"missing\"][\"failures\"] == 3, s[\"missing\"]
assert s[\"missing\"][\"state\"] == \"failing\"
assert s[\"missing\"][\"last_error\"] == \"HTTP 404\", s[\"missing\"]
assert s[\"ok\"][\"failures\"] == 0" &&
	n=$(httpd_requests /fast/nonesuch.xml | wc -l) &&
	start_feedmerge bo2.log -c "$CONFIG" &&
	wait_for "grep -q \"^info: round: \" bo2.log" 10 &&
	sleep 2 &&
	stop_pid "$FEEDMERGE_PID" &&
	# The good one came round again; the failing one waits its turn.
	test "$(httpd_requests /fast/nonesuch.xml | wc -l)" = "$n"
'

test_expect_success 'Retry-After on a 429 holds the whole host, across a restart' '
	: >"$HTTPD_LOG" &&
	write_routes <<-\EOF &&
	{"/fast/f3.xml": {"status": 429, "headers": {"Retry-After": "5"}}}
	EOF
	# One transfer to the host at a time: the other source cannot have
	# started between the server sending the 429 and the daemon reading
	# it (a race a loaded machine lost once).
	write_config --daemon state=ra.db --feed output=ra.atom \
	    --daemon refresh=1s --daemon per_host=1 \
	    busy="$HTTPD_URL/fast/f3.xml" other="$HTTPD_URL/fast/f4.xml" &&
	start_feedmerge ra.log -c "$CONFIG" &&
	wait_for "grep -q \"asks for a pause of 5s (HTTP 429, Retry-After)\" ra.log" 10 &&
	t429=$(py -c "import json
print(min(json.loads(l)[\"time\"] for l in open(\"$HTTPD_LOG\") if json.loads(l)[\"status\"] == 429))") &&
	sleep 2 &&
	stop_pid "$FEEDMERGE_PID" &&
	start_feedmerge ra2.log -c "$CONFIG" &&
	wait_for "test \$(py -c \"import json, sys
print(sum(1 for l in open(sys.argv[1]) if json.loads(l)[\\\"start\\\"] > $t429))\" \"$HTTPD_LOG\") -ge 1" 15 &&
	stop_pid "$FEEDMERGE_PID" &&
	# Nothing reached the host in the 5 seconds it asked for.
	first=$(py -c "import json
print(min(json.loads(l)[\"start\"] for l in open(\"$HTTPD_LOG\") if json.loads(l)[\"start\"] > $t429))") &&
	py -c "import sys; sys.exit(not $first - $t429 >= 4.8)"
'

test_expect_success '--once does not wait for a paused host: its sources are not fetched this run' '
	: >"$HTTPD_LOG" &&
	write_routes <<-\EOF &&
	{"/fast/f3.xml": {"status": 503, "headers": {"Retry-After": "3600"}}}
	EOF
	write_config --daemon state=oh.db --feed output=oh.atom \
	    --daemon per_host=1 busy="$HTTPD_URL/fast/f3.xml" \
	    waits="$HTTPD_URL/fast/f4.xml" &&
	t0=$(now_ms) &&
	test_expect_code 1 feedmerge --once -c "$CONFIG" 2>err &&
	test $(( $(now_ms) - t0 )) -lt 10000 &&
	test_grep "^warning: source waits: not fetched: 127.0.0.1 asked for a pause until 20[0-9-]*T[0-9:]*Z (Retry-After)" err &&
	test_grep "round: 2 sources, 0 fetched, 0 unchanged, 2 failed" err &&
	test "$(httpd_requests /fast/f4.xml | wc -l)" = 0 &&
	# The pause is in the state: the next run does not ask either.
	test_expect_code 1 feedmerge --once -c "$CONFIG" 2>err2 &&
	test "$(httpd_requests /fast/f3.xml | wc -l)" = 1 &&
	test_grep "source busy: not fetched: 127.0.0.1 asked for a pause" err2 &&
	echo "{}" >routes.json
'

test_expect_success 'a daemon ends its round while a source waits for a paused host' '
	: >"$HTTPD_LOG" &&
	write_routes <<-\EOF &&
	{"/fast/f3.xml": {"status": 429, "headers": {"Retry-After": "600"}}}
	EOF
	write_config --daemon state=dh.db --feed output=dh.atom \
	    --daemon per_host=1 busy="$HTTPD_URL/fast/f3.xml" \
	    waits="$HTTPD_URL/fast/f4.xml" \
	    other="http://localhost:$HTTPD_PORT/fast/f1.xml" &&
	start_feedmerge dh.log -c "$CONFIG" &&
	wait_for "grep -q \"^info: round: \" dh.log" 10 &&
	test -s dh.atom &&
	feedmerge --status --json -c "$CONFIG" >dh.json &&
	stop_pid "$FEEDMERGE_PID" &&
	py -c "import json
s = {x[\"name\"]: x for x in json.load(open(\"dh.json\"))[\"sources\"]}
assert s[\"other\"][\"state\"] == \"ok\", s[\"other\"]
assert s[\"busy\"][\"http_status\"] == 429, s[\"busy\"]" &&
	echo "{}" >routes.json
'

test_expect_success 'Retry-After as an HTTP-date' '
	: >"$HTTPD_LOG" &&
	py -c "import email.utils, json, time
json.dump({\"/fast/f3.xml\": {\"status\": 503, \"headers\": {\"Retry-After\":
    email.utils.formatdate(time.time() + 30, usegmt=True)}}}, open(\"routes.json\", \"w\"))" &&
	write_config --daemon state=rd.db --feed output=rd.atom \
	    busy="$HTTPD_URL/fast/f3.xml" &&
	feedmerge --once -c "$CONFIG" 2>err;
	test_grep -E "asks for a pause of (29|30)s \(HTTP 503, Retry-After\)" err &&
	echo "{}" >routes.json
'

test_expect_success 'a daemon never idle still ends its rounds and publishes' '
	: >"$HTTPD_LOG" &&
	args=() &&
	for i in 1 2 3 4 5 6; do
		args+=(s$i="$HTTPD_URL/slow/s$i.xml")
	done &&
	# Six sources of 1 s each, one at a time, every second: the
	# scheduler always has one running and five waiting.
	write_routes <<-\EOF &&
	{"/slow/s1.xml": {"delay": 1}, "/slow/s2.xml": {"delay": 1},
	 "/slow/s3.xml": {"delay": 1}, "/slow/s4.xml": {"delay": 1},
	 "/slow/s5.xml": {"delay": 1}, "/slow/s6.xml": {"delay": 1}}
	EOF
	write_config --daemon state=busy.db --feed output=busy.atom \
	    --daemon refresh=1s --daemon per_host=1 "${args[@]}" &&
	start_feedmerge busy.log -c "$CONFIG" &&
	wait_for "test \$(grep -c \"^info: round: \" busy.log) -ge 3" 15 &&
	stop_pid "$FEEDMERGE_PID" &&
	test "$(atom_count busy.atom)" -ge 3 &&
	echo "{}" >routes.json
'

test_expect_success 'a feed'"'"'s ttl floors its interval; a source'"'"'s own refresh wins' '
	: >"$HTTPD_LOG" &&
	cat >www/ttl.xml <<-\EOF &&
	<?xml version="1.0"?>
	<rss version="2.0"><channel><title>TTL</title><link>http://ttl.test/</link>
	<ttl>60</ttl>
	<item><title>T1</title><link>http://ttl.test/1</link></item>
	</channel></rss>
	EOF
	cp www/ttl.xml www/ttl2.xml &&
	cat >www/sy.xml <<-\EOF &&
	<?xml version="1.0"?>
	<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	    xmlns="http://purl.org/rss/1.0/"
	    xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
	<channel rdf:about="http://sy.test/"><title>SY</title><link>http://sy.test/</link>
	<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>
	</channel>
	<item rdf:about="http://sy.test/1"><title>S1</title><link>http://sy.test/1</link></item>
	</rdf:RDF>
	EOF
	write_routes <<-\EOF &&
	{"/fast/f2.xml": {"headers": {"Cache-Control": "public, max-age=7200"}}}
	EOF
	write_config --daemon state=ttl.db --feed output=ttl.atom \
	    --daemon refresh=1s ttl="$HTTPD_URL/ttl.xml" \
	    sy="$HTTPD_URL/sy.xml" cached="$HTTPD_URL/fast/f2.xml" \
	    plain="$HTTPD_URL/fast/f1.xml" \
	    own="$HTTPD_URL/ttl2.xml" +refresh=1s &&
	start_feedmerge ttl.log -c "$CONFIG" &&
	wait_for "test \$(httpd_requests /fast/f1.xml | wc -l) -ge 4" 15 &&
	test "$(httpd_requests /ttl2.xml | wc -l)" -ge 3 &&
	stop_pid "$FEEDMERGE_PID" &&
	test "$(httpd_requests /ttl.xml | wc -l)" = 1 &&
	test "$(httpd_requests /sy.xml | wc -l)" = 1 &&
	test "$(httpd_requests /fast/f2.xml | wc -l)" = 1 &&
	feedmerge --status --json -c "$CONFIG" >ttl.json &&
	py -c "import json, datetime
now = datetime.datetime.now(datetime.timezone.utc)
s = {x[\"name\"]: x for x in json.load(open(\"ttl.json\"))[\"sources\"]}
def left(n):
    d = datetime.datetime.fromisoformat(s[n][\"next_due\"].replace(\"Z\", \"+00:00\"))
    return (d - now).total_seconds()
assert 3000 < left(\"ttl\") < 4000, left(\"ttl\")       # ttl 60 minutes
assert 38000 < left(\"sy\") < 48000, left(\"sy\")       # twice a day
assert 6000 < left(\"cached\") < 8000, left(\"cached\") # max-age=7200" &&
	echo "{}" >routes.json
'

test_expect_success 'Expires, counted from the server'"'"'s Date, floors it too' '
	: >"$HTTPD_LOG" &&
	py -c "import email.utils, json, time
json.dump({\"/fast/f4.xml\": {\"headers\": {\"Expires\":
    email.utils.formatdate(time.time() + 7200, usegmt=True)}}}, open(\"routes.json\", \"w\"))" &&
	write_config --daemon state=exp.db --feed output=exp.atom \
	    --daemon refresh=1s expires="$HTTPD_URL/fast/f4.xml" \
	    plain="$HTTPD_URL/fast/f1.xml" &&
	start_feedmerge exp.log -c "$CONFIG" &&
	wait_for "test \$(httpd_requests /fast/f1.xml | wc -l) -ge 3" 15 &&
	stop_pid "$FEEDMERGE_PID" &&
	test "$(httpd_requests /fast/f4.xml | wc -l)" = 1 &&
	feedmerge --status --json -c "$CONFIG" >exp.json &&
	py -c "import json, datetime
now = datetime.datetime.now(datetime.timezone.utc)
s = {x[\"name\"]: x for x in json.load(open(\"exp.json\"))[\"sources\"]}
d = datetime.datetime.fromisoformat(s[\"expires\"][\"next_due\"].replace(\"Z\", \"+00:00\"))
assert 6000 < (d - now).total_seconds() < 8000, d" &&
	echo "{}" >routes.json
'

test_done
