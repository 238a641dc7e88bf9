#!/bin/sh
# htmlpage.sh: the HTML page of an output, as a browser shows it.
#
#   sh bench/htmlpage.sh [OUTDIR]
#
# Publishes the bundled example sources (offline: examples/feeds) with
# html = and formats = atom rss json into OUTDIR (default a new temp
# directory), then has headless Chromium (Debian's chromium) render the
# page: it prints the entries in the file, the <article> elements of the
# DOM Chromium built (its CSP lets no script run), and
# the size of a full-page screenshot, OUTDIR/page.png (a blank page is a
# few KB).  Exits 1 when the browser shows fewer entries than the file
# has, 2 when chromium or the binary is missing.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
FEEDMERGE=${FEEDMERGE:-$here/feedmerge}
out=${1:-$(mktemp -d "${TMPDIR:-/tmp}/feedmerge-htmlpage.XXXXXX")}
command -v chromium >/dev/null 2>&1 ||
	{ echo "htmlpage.sh: chromium is needed (apt-get install chromium)" >&2; exit 2; }
[ -x "$FEEDMERGE" ] || { echo "htmlpage.sh: no $FEEDMERGE (build first)" >&2; exit 2; }
mkdir -p "$out"

# The example's sources, with the page and every format.
sed -e "s|^output = .*|output = $out/digest.atom|" \
    -e "s|^state = .*|state = $out/state.db|" \
    -e "s|^url = \([a-z][a-z]*/\)|url = $here/examples/\1|" \
    -e "s|^\[daemon\]|formats = atom rss json\nhtml = $out/index.html\nhome = https://digest.example/\n\n[daemon]|" \
    "$here/examples/example.conf" >"$out/page.conf"
"$FEEDMERGE" --once -q -c "$out/page.conf"

chrome="chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage
    --no-first-run --no-default-browser-check
    --user-data-dir=$out/chromium"
want=$(grep -c '<article>' "$out/index.html")
# shellcheck disable=SC2086
timeout 120 $chrome --dump-dom "file://$out/index.html" >"$out/dom.html" 2>"$out/chromium.log"
got=$(grep -o '<article>' "$out/dom.html" | wc -l)
# shellcheck disable=SC2086
timeout 120 $chrome --hide-scrollbars --window-size=1000,2400 \
    --screenshot="$out/page.png" "file://$out/index.html" >>"$out/chromium.log" 2>&1
bytes=$(wc -c <"$out/page.png")
title=$(sed -n 's:.*<h1>\(.*\)</h1>.*:\1:p' "$out/dom.html" | head -n 1)
echo "page: $out/index.html, $want entries in the file"
echo "chromium: $got articles rendered, heading \"$title\"; screenshot $out/page.png, $bytes bytes"
[ "$got" -eq "$want" ] && [ "$want" -gt 0 ] && [ "$bytes" -gt 20000 ]
