#!/usr/bin/env bash
# The metrics file (src/metrics.c) as a Prometheus parser reads it:
# tests/promcheck.py (the text format's grammar, node_exporter's rules and
# Debian's python3-prometheus-client) accepts the file test_metrics writes
# with every series, reads its escaped label values back as they were,
# and refuses broken copies: a check that cannot fail proves nothing.

. "$(dirname "$0")/test-lib.sh"

if ! prom_python=$(find_prom_python); then
	echo "1..0 # SKIP python3-prometheus-client is needed"
	test_finished=1
	exit 77
fi
TEST_METRICS=${top_builddir:-$top_srcdir}/tests/unit/test_metrics

promcheck () {
	"$prom_python" -I "$top_srcdir/tests/promcheck.py" "$@"
}

test_expect_success 'setup: a file with every series' '
	"$TEST_METRICS" --sample sample.prom &&
	test -s sample.prom
'

test_expect_success 'promcheck and prometheus_client accept it' '
	promcheck sample.prom >out &&
	test_grep "sample.prom: 16 families, 52 samples" out
'

test_expect_success 'label values read back unescaped' '
	promcheck --dump sample.prom >dump &&
	test_grep -F "feedmerge_fetches_total {\"outcome\": \"ok\", \"source\": \"quote\\\"back\\\\slash\\nnewline\"} 1.0" dump &&
	test_grep -F "feedmerge_fetches_total {\"outcome\": \"gone\", \"source\": \"zeta\"} 1.0" dump &&
	test_grep -F "feedmerge_build_info {\"version\": " dump &&
	test_grep -F "feedmerge_round_duration_seconds {} 0.25" dump
'

# refuse NAME ERE: promcheck fails on broken/NAME.prom, saying ERE.
refuse () {
	test_must_fail promcheck "broken/$1.prom" 2>err &&
	test_grep -E "$2" err
}

test_expect_success 'broken copies are refused' '
	mkdir broken &&
	sed "s/quote\\\\\"back/quote\"back/" sample.prom >broken/quote.prom &&
	refuse quote "bad labels|not a sample" &&
	sed "s/back\\\\\\\\slash/back\\\\slash/" sample.prom >broken/escape.prom &&
	refuse escape "bad labels" &&
	sed "s/slash\\\\nnewline/slash\\nnewline/" sample.prom >broken/newline.prom &&
	refuse newline "not a sample|bad labels" &&
	sed "/^# HELP feedmerge_stories /d" sample.prom >broken/nohelp.prom &&
	refuse nohelp "feedmerge_stories has no HELP" &&
	sed "/^# TYPE feedmerge_stories /p" sample.prom >broken/twice.prom &&
	refuse twice "TYPE feedmerge_stories twice" &&
	sed "s/^feedmerge_stories 42$/feedmerge_stories 42 1800000000000/" \
	    sample.prom >broken/stamp.prom &&
	refuse stamp "timestamp" &&
	{ cat sample.prom; grep "^feedmerge_stories " sample.prom; } \
	    >broken/apart.prom &&
	refuse apart "not together|series twice" &&
	{ cat sample.prom; echo "feedmerge_stray 1"; } >broken/untyped.prom &&
	refuse untyped "feedmerge_stray has no TYPE" &&
	printf "%s" "$(cat sample.prom)" >broken/nonl.prom &&
	refuse nonl "no newline at the end" &&
	sed "s/feedmerge_rounds_total/feedmerge_rounds/" sample.prom \
	    >broken/total.prom &&
	refuse total "counter feedmerge_rounds not named" &&
	sed "s/^feedmerge_stories 42$/feedmerge_stories 4x2/" sample.prom \
	    >broken/value.prom &&
	refuse value "not a sample"
'

test_done
