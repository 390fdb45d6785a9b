#!/bin/sh
# bench/site-shots.sh — screenshots of the course site for review (not
# committed): the index, a session part (light and dark), a wide diagram
# in its frame and full screen, and the handout's quiz as printed, each at
# phone size (390x844) and desktop size (1280x900), of a synthetic course
# (tests/site/mkcourse.js).  Prints the folder it wrote them to.
#   usage: bench/site-shots.sh [DIR]   (CG_BIN: where cg-site is; CHROMIUM)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CG_ROOT=${CG_ROOT:-$ROOT}
CG_BIN=${CG_BIN:-$ROOT/bin}
export CG_ROOT
OUTDIR=${1:-$(mktemp -d "${TMPDIR:-/tmp}/cg-shots.XXXXXX")}
T=$(mktemp -d "${TMPDIR:-/tmp}/cgshots.XXXXXX")
trap 'rm -rf "$T"' EXIT
node "$ROOT/tests/site/mkcourse.js" "$T/c" -m 2 -s 2 >/dev/null
"$CG_BIN/cg-site" "$T/c" 2>/dev/null
node "$ROOT/tests/site/shots.js" "$T/c/site" "$OUTDIR" "$T/profile" >/dev/null
echo "screenshots: $OUTDIR"
ls "$OUTDIR"
