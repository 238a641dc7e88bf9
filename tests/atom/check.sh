#!/bin/sh
# check.sh: validate Atom files against RFC 4287's RELAX NG schema.
#
#   sh tests/atom/check.sh FILE...     one line per failing file; exit 1 if any
#   sh tests/atom/check.sh --self-test valid samples must pass, invalid fail
#
# Uses xmllint --relaxng (libxml2-utils) with atom.rng beside this script.
# Exit 2: usage error, xmllint missing, or the schema does not compile.

here=$(cd "$(dirname "$0")" && pwd)
schema=$here/atom.rng

if ! command -v xmllint >/dev/null 2>&1; then
	echo "check.sh: xmllint not found (apt-get install libxml2-utils)" >&2
	exit 2
fi
if [ ! -r "$schema" ]; then
	echo "check.sh: schema $schema not readable" >&2
	exit 2
fi

tmp=$(mktemp "${TMPDIR:-/tmp}/atomcheck.XXXXXX") || exit 2
trap 'rm -f "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# validate FILE: sets rc (xmllint's exit status) and msg (its messages
# joined on one line: at most three, then "(+N more)").
validate () {
	xmllint --noout --relaxng "$schema" "$1" >"$tmp" 2>&1
	rc=$?
	msg=$(awk -v f="$1" '
		/ validates$/ || / fails to validate$/ { next }
		{
			if (index($0, f ":") == 1)
				$0 = "line " substr($0, length(f) + 2)
			sub(/Relax-NG validity error : /, "")
			gsub(/[ \t]+/, " ")
		}
		NF { n++; if (n <= 3) s = s (n > 1 ? " | " : "") $0 }
		END { if (n > 3) s = s " (+" n - 3 " more)"; print s }' "$tmp")
}

if [ "${1:-}" = "--self-test" ]; then
	[ $# -eq 1 ] || { echo "usage: check.sh --self-test" >&2; exit 2; }
	pass=0 fail=0
	for f in "$here"/samples/valid-*.xml "$here"/samples/invalid-*.xml; do
		[ -e "$f" ] || continue
		name=samples/$(basename "$f")
		validate "$f"
		case $(basename "$f") in
		valid-*)
			if [ "$rc" -eq 0 ]; then
				echo "ok - $name validates"
				pass=$((pass + 1))
			else
				echo "not ok - $name should validate (xmllint exit $rc): $msg"
				fail=$((fail + 1))
			fi ;;
		*)
			# 3 is xmllint's "validation error"; anything else (not
			# well-formed, schema broken) is not the failure meant.
			if [ "$rc" -eq 3 ]; then
				echo "ok - $name rejected: $msg"
				pass=$((pass + 1))
			else
				echo "not ok - $name should fail validation (xmllint exit $rc): $msg"
				fail=$((fail + 1))
			fi ;;
		esac
	done
	# atom.rng is generated from atom.rnc: when trang is here, check it is
	# up to date.
	if command -v trang >/dev/null 2>&1; then
		gen=$(mktemp "${TMPDIR:-/tmp}/atomrng.XXXXXX") || exit 2
		if trang -I rnc -O rng "$here/atom.rnc" "$gen" && cmp -s "$gen" "$schema"; then
			echo "ok - atom.rng matches trang atom.rnc"
			pass=$((pass + 1))
		else
			echo "not ok - atom.rng differs from trang atom.rnc (regenerate: trang atom.rnc atom.rng)"
			fail=$((fail + 1))
		fi
		rm -f "$gen"
	fi
	echo "$pass passed, $fail failed"
	[ "$pass" -gt 0 ] && [ "$fail" -eq 0 ]
	exit $?
fi

case ${1:-} in
''|-h|--help)
	echo "usage: check.sh FILE... | check.sh --self-test" >&2
	exit 2 ;;
esac

status=0
for f in "$@"; do
	validate "$f"
	case $rc in
	0) ;;
	5)
		echo "check.sh: schema $schema does not compile: $msg" >&2
		exit 2 ;;
	*)
		echo "$f: $msg"
		status=1 ;;
	esac
done
exit $status
