# bench/lib.sh: what the benchmark scripts share.  Sourced (after HERE and
# BUILD are set), never run:
#
#   bench_need_build NAME    exit unless BUILD holds libfeedmerge.a and
#                            config.h; warn on a sanitizer build
#   bench_cc SRC OUT         compile SRC against BUILD's libfeedmerge.a and
#                            the libraries of Makefile.am's LDADD

bench_need_build() {
	for f in "$BUILD/libfeedmerge.a" "$BUILD/config.h"; do
		if [ ! -f "$f" ]; then
			echo "$1: $f missing: run from a configured build dir" \
			    "after make" >&2
			exit 1
		fi
	done
	if grep -q '^SAN_CFLAGS = .*-fsanitize' "$BUILD/Makefile" 2>/dev/null
	then
		echo "$1: warning: a sanitizer build: the figures mean little" >&2
	fi
}

bench_cc() {
	_libs="$(pkg-config --libs libcurl libxml-2.0 sqlite3 inih json-c \
	    libxxhash zlib libdeflate libpsl libidn2 libpcre2-8) -lev"
	if pkg-config --exists libsystemd; then
		_libs="$_libs $(pkg-config --libs libsystemd)"
	fi
	if grep -q '^#define HAVE_JEMALLOC 1' "$BUILD/config.h"; then
		_libs="$_libs $(pkg-config --libs jemalloc 2>/dev/null ||
		    echo -ljemalloc)"
	fi
	# shellcheck disable=SC2046,SC2086
	${CC:-cc} -O2 -g -std=gnu11 -I"$BUILD" -iquote "$HERE/../src" \
	    $(pkg-config --cflags libxml-2.0) "$1" "$BUILD/libfeedmerge.a" \
	    $_libs -lm -o "$2"
}
