#!/bin/bash
# tools/deps.sh: install what feedmerge needs to build and test on Debian.
#
#   bash tools/deps.sh
#
# As root it runs apt-get directly, otherwise through sudo.  When every
# package is already installed it does nothing (no network needed), so it
# is cheap to run before every build.  apt's output goes to a log file in
# /tmp, shown only when something fails.  Exits non-zero on failure.

set -u

packages=(
	build-essential
	autoconf
	automake
	pkg-config
	libcurl4-openssl-dev
	libxml2-dev
	libxml2-utils
	libev-dev
	libsqlite3-dev
	sqlite3
	libinih-dev
	libjson-c-dev
	libxxhash-dev
	zlib1g-dev
	libdeflate-dev
	libpsl-dev
	libidn2-dev
	libpcre2-dev
	libjemalloc-dev
	libsystemd-dev
	clang
	libclang-rt-dev
	python3
	python3-feedparser
	python3-jsonschema
	python3-prometheus-client
	newsboat
	ca-certificates
)

# Print the packages that are not installed yet, one per line.
missing_packages() {
	local p status
	for p in "${packages[@]}"; do
		status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)
		[ "$status" = installed ] || printf '%s\n' "$p"
	done
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: this script needs a Debian-based system (dpkg-query, apt-get)" >&2
	exit 1
fi

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -eq 0 ]; then
	echo "deps.sh: all ${#packages[@]} packages already installed"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	as_root=()
elif command -v sudo >/dev/null 2>&1; then
	as_root=(sudo)
else
	echo "deps.sh: need root or sudo to install: ${missing[*]}" >&2
	exit 1
fi

log=$(mktemp /tmp/feedmerge-deps.XXXXXX.log) || exit 1

fail() {
	echo "deps.sh: $1 failed; last lines of $log:" >&2
	tail -n 25 "$log" >&2
	exit 1
}

echo "deps.sh: installing ${missing[*]} (log: $log)"
${as_root[@]+"${as_root[@]}"} apt-get update >>"$log" 2>&1 || fail "apt-get update"
${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y --no-install-recommends "${packages[@]}" \
	>>"$log" 2>&1 || fail "apt-get install"

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -ne 0 ]; then
	echo "deps.sh: still missing after install: ${missing[*]}" >&2
	tail -n 25 "$log" >&2
	exit 1
fi
echo "deps.sh: done"
rm -f "$log"
