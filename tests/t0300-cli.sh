#!/usr/bin/env bash
# The command line: --help, --version, usage errors, --check-config and its
# error lines, startup failures, --probe, -q.

. "$(dirname "$0")/test-lib.sh"

# expect_config_error FILE LINE ERE [N]: --check-config exits 1, names
# FILE:LINE: followed by ERE, and ends with "feedmerge: N errors in FILE".
expect_config_error () {
	local f=${1//./\\.}
	test_expect_code 1 feedmerge --check-config -c "$1" >out 2>err &&
	test_grep -E "^(.*/)?$f:$2: $3" err &&
	test_grep -E "^feedmerge: ${4:-1} errors? in (.*/)?$f$" err &&
	test_grep ! "configuration OK" out
}

test_expect_success 'setup: a good config and its feed' '
	mkdir feeds &&
	write_rss feeds/a.xml "Feed A" "http://a.test/" <<-\EOF &&
	http://a.test/1|A one|http://a.test/1|2026-11-20T10:00:00Z
	http://a.test/2|A two|http://a.test/2|2026-11-19T10:00:00Z
	EOF
	cat >good.conf <<-\EOF
	[feed]
	title = CLI digest   ; a comment after a value
	output = out.atom
	# a comment line

	[daemon]
	state = state.db
	refresh = 10m

	[source "a"]
	url = feeds/a.xml
	EOF
'

test_expect_success '--help exits 0 and lists the options' '
	feedmerge --help >out 2>err &&
	test_grep -e "--once" out &&
	test_grep -e "--check-config" out &&
	test_grep -e "--config" out
'

test_expect_success '--version prints the version' '
	feedmerge --version >out &&
	echo "feedmerge 0.1.0" >expect &&
	test_cmp expect out
'

test_expect_success 'an unknown option exits 2 with a message' '
	test_expect_code 2 feedmerge --no-such-option >out 2>err &&
	test -s err
'

test_expect_success '--check-config on a good config: configuration OK' '
	feedmerge --check-config -c good.conf >out 2>err &&
	echo "configuration OK" >expect &&
	test_cmp expect out &&
	test_grep ! -E "^(error|warning): " err &&
	test_path_is_missing out.atom &&
	test_path_is_missing state.db
'

test_expect_success 'an unknown key' '
	cat >bad-key.conf <<-\EOF &&
	[feed]
	title = T
	output = out.atom
	colour = blue
	[source "a"]
	url = feeds/a.xml
	EOF
	expect_config_error bad-key.conf 4 "\[feed\] colour: "
'

test_expect_success 'an unknown section' '
	cat >bad-section.conf <<-\EOF &&
	[feed]
	title = T
	output = out.atom
	[bogus]
	key = value
	[source "a"]
	url = feeds/a.xml
	EOF
	test_expect_code 1 feedmerge --check-config -c bad-section.conf 2>err &&
	test_grep -E "^(.*/)?bad-section\.conf:4: .*bogus" err &&
	test_grep -E "^feedmerge: [0-9]+ errors? in (.*/)?bad-section\.conf$" err
'

test_expect_success 'a bad refresh 5x' '
	cat >bad-refresh.conf <<-\EOF &&
	[feed]
	title = T
	output = out.atom
	[daemon]
	refresh = 5x
	[source "a"]
	url = feeds/a.xml
	EOF
	expect_config_error bad-refresh.conf 5 "\[daemon\] refresh: "
'

test_expect_success 'a bad per-source refresh' '
	cat >bad-srefresh.conf <<-\EOF &&
	[feed]
	title = T
	output = out.atom
	[source "a"]
	url = feeds/a.xml
	refresh = 0s
	EOF
	expect_config_error bad-srefresh.conf 6 "\[source \"a\"\] refresh: "
'

test_expect_success 'a duplicate source name' '
	cat >bad-dup.conf <<-\EOF &&
	[feed]
	title = T
	output = out.atom
	[source "a"]
	url = feeds/a.xml
	[source "b"]
	url = feeds/a.xml
	[source "a"]
	url = feeds/a.xml
	EOF
	expect_config_error bad-dup.conf 8 ".*source \"a\".*duplicate"
'

test_expect_success 'a source without url' '
	cat >bad-nourl.conf <<-\EOF &&
	[feed]
	title = T
	output = out.atom
	[source "a"]
	url = feeds/a.xml
	[source "b"]
	title = No URL here
	EOF
	expect_config_error bad-nourl.conf 6 "\[source \"b\"\] url: "
'

test_expect_success '[feed] without output' '
	cat >bad-nooutput.conf <<-\EOF &&
	[feed]
	title = T
	[source "a"]
	url = feeds/a.xml
	EOF
	expect_config_error bad-nooutput.conf 1 "\[feed\] output: "
'

test_expect_success 'a url with an ftp:// scheme' '
	cat >bad-scheme.conf <<-\EOF &&
	[feed]
	title = T
	output = out.atom
	[source "a"]
	url = ftp://ftp.example.test/feed.xml
	EOF
	expect_config_error bad-scheme.conf 5 "\[source \"a\"\] url: "
'

test_expect_success 'several errors are all reported' '
	cat >bad-many.conf <<-\EOF &&
	[feed]
	title = T
	output = out.atom
	colour = blue
	[daemon]
	state = state.db
	concurrency = 5000
	refresh = 5x
	[source "a"]
	url = feeds/a.xml
	[source "b"]
	url = ftp://ftp.example.test/feed.xml
	EOF
	expect_config_error bad-many.conf 4 "\[feed\] colour: " 4 &&
	test_grep -E "^(.*/)?bad-many\.conf:7: \[daemon\] concurrency: " err &&
	test_grep -E "^(.*/)?bad-many\.conf:8: \[daemon\] refresh: " err &&
	test_grep -E "^(.*/)?bad-many\.conf:12: \[source \"b\"\] url: " err &&
	grep -E "^(.*/)?bad-many\.conf:[0-9]+: " err >lines &&
	test_line_count = 4 lines
'

test_expect_success '--once with a bad config exits 1 without writing' '
	test_expect_code 1 feedmerge --once -c bad-many.conf 2>err &&
	test_grep -E "^(.*/)?bad-many\.conf:4: " err &&
	test_path_is_missing out.atom &&
	test_path_is_missing state.db
'

test_expect_success 'a missing config file: exit 1 and one clear message' '
	test_expect_code 1 feedmerge --check-config -c no-such.conf >out 2>err &&
	test_grep "no-such\.conf" err &&
	test_grep -i -E "no such file|cannot open|not found" err &&
	test_line_count -le 2 err &&
	test_expect_code 1 feedmerge --once -c no-such.conf 2>err &&
	test_grep "no-such\.conf" err
'

test_expect_success 'an output directory that does not exist: exit 1, one line' '
	sed "s|^output = .*|output = no-such-dir/out.atom|" good.conf >nodir.conf &&
	test_expect_code 1 feedmerge --once -c nodir.conf 2>err &&
	grep -Ev "^(info|debug): " err >problems &&
	test_line_count = 1 problems &&
	test_grep "no-such-dir" problems &&
	test_path_is_missing no-such-dir
'

test_expect_success '--check-config refuses what --once would: the directories, and what to create' '
	sed -e "s|^output = .*|output = no-such-dir/out.atom|" \
	    -e "s|^state = .*|state = no-state-dir/state.db|" good.conf >dirs.conf &&
	test_expect_code 1 feedmerge --check-config -c dirs.conf >out 2>err &&
	test_grep ! "configuration OK" out &&
	test_grep -E "^feedmerge: .*dirs\.conf: \[feed\] output: output .*no-such-dir/out\.atom: directory .*no-such-dir does not exist: create it \(mkdir -p .*no-such-dir\)$" err &&
	test_grep -E "^feedmerge: .*dirs\.conf: \[daemon\] state: state .*no-state-dir/state\.db: directory .*no-state-dir does not exist: create it \(mkdir -p .*no-state-dir\) \(or set state to another path\)$" err &&
	test_path_is_missing no-such-dir no-state-dir
'

test_expect_success 'no state key and no default state directory: the message says which directory' '
	grep -v "^state = " good.conf >default-state.conf &&
	if [ -d /usr/local/var/lib/feedmerge ]; then
		echo "# skipped: the default state directory exists here"
	else
		test_expect_code 1 feedmerge --once -c default-state.conf 2>err &&
		test_grep -E "state .*state\.db: directory .* does not exist: create it \(mkdir -p " err &&
		test_grep ! "\.lock" err
	fi
'

test_expect_success 'a state that cannot be opened: exit 1, one line' '
	: >plainfile &&
	sed "s|^state = .*|state = plainfile/state.db|" good.conf >nostate.conf &&
	test_expect_code 1 feedmerge --once -c nostate.conf 2>err &&
	grep -Ev "^(info|debug): " err >problems &&
	test_line_count = 1 problems &&
	test_grep "plainfile/state\.db" problems &&
	test_path_is_missing out.atom
'

test_expect_success '--once on the good config writes the output, relative to the config' '
	mkdir elsewhere &&
	(cd elsewhere && feedmerge --once -c ../good.conf 2>../err) &&
	test_path_is_missing elsewhere/out.atom &&
	atom_entries out.atom title >titles &&
	printf "A one\nA two\n" >expect &&
	test_cmp expect titles
'

test_expect_success '-q logs only warnings and errors' '
	rm -f out.atom state.db* &&
	feedmerge -q --once -c good.conf 2>err &&
	test -s out.atom &&
	test_grep ! -E "^(info|debug): " err
'

test_expect_success '--probe reads a local feed and prints its items' '
	feedmerge --probe feeds/a.xml >out 2>err &&
	test_grep "Feed A" out &&
	test_grep "A one" out &&
	test_grep "A two" out &&
	test_grep "http://a.test/2" out
'

test_expect_success '--probe on something that is not a feed exits 1' '
	echo "this is not xml" >garbage.xml &&
	test_expect_code 1 feedmerge --probe garbage.xml >out 2>err &&
	test -s err
'

test_done
