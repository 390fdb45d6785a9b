#!/bin/sh
# bench/site.sh — cg-site on a synthetic 40-session course (20 modules,
# content at the median sizes of real model output, tests/site/mkcourse.js):
# a full build into an empty site directory, a re-run with nothing changed,
# a re-run after one session's lab changed (which files were rewritten),
# the number of pages, and the size of a session part page and of the
# largest one.  Prints measured figures; targets from the site issues:
# < 1 s, < 100 ms, < 100 KB.
#   usage: bench/site.sh   (CG_BIN: where cg-site is; default ./bin)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CG_ROOT=${CG_ROOT:-$ROOT}
CG_BIN=${CG_BIN:-$ROOT/bin}
export CG_ROOT
T=$(mktemp -d "${TMPDIR:-/tmp}/cgbench.XXXXXX")
trap 'rm -rf "$T"' EXIT
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

node "$ROOT/tests/site/mkcourse.js" "$T/c" -m 20 -s 2
in=$(cat "$T"/c/s*/* | wc -c); in=$((in / 1024))
echo "course: 20 modules, 40 sessions, ${in} KB of generated files"

t=$(date +%s%N); "$CG_BIN/cg-site" "$T/c" 2>/dev/null; full=$(ms "$t")
echo "full build:              ${full} ms  (target < 1000 ms)"

t=$(date +%s%N); "$CG_BIN/cg-site" "$T/c" 2>/dev/null; noop=$(ms "$t")
echo "re-run, nothing changed: ${noop} ms"

touch -d '-1 min' "$T/marker"
find "$T/c/site" -type f -exec touch -d '-2 min' {} +
echo "One more paragraph about a common thread." >>"$T/c/s17/lab.md"
t=$(date +%s%N); "$CG_BIN/cg-site" "$T/c" 2>/dev/null; one=$(ms "$t")
n=$(find "$T/c/site" -type f -newer "$T/marker" | wc -l)
files=$(cd "$T/c/site" && find . -type f -newer ../../marker | sed 's|^\./||' | sort | tr '\n' ' ')
echo "re-run, s17 changed:     ${one} ms  (target < 100 ms), ${n} files rewritten: ${files}"

npages=$(ls "$T/c/site"/*.html | wc -l)
echo "pages:                   ${npages}"
sz=$(wc -c <"$T/c/site/s17-lecture.html")
echo "session part page s17-lecture.html: $((sz / 1024)) KB  (target < 100 KB)"
big=$(ls "$T/c/site"/s*.html | grep -v -- '-all\.html$' | xargs wc -c | grep -v ' total$' | sort -n | tail -n 1)
echo "largest part page:       $(( ${big% *} / 1024 )) KB (${big##*/}); whole session s17-all.html: $(( $(wc -c <"$T/c/site/s17-all.html") / 1024 )) KB"
echo "print.html:              $(( $(wc -c <"$T/c/site/print.html") / 1024 )) KB;" \
	"handout.html: $(( $(wc -c <"$T/c/site/handout.html") / 1024 )) KB;" \
	"search index: $(( $(wc -c <"$T/c/site/assets/search-index.js") / 1024 )) KB;" \
	"assets: $(du -sk "$T/c/site/assets" | cut -f1) KB"
