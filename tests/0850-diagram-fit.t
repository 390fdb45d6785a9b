#!/bin/bash
# Diagrams that fit the page.  A course as cg makes it, whose first
# diagram is replaced by hand with a wide tree of 12 nodes (a root, 3
# branches, 8 leaves, flowchart TD: wider than the text column, narrower
# than the free width of a 1280px page at 3/4 size), then `make site`.  In
# Chromium (tests/site/fit.js): at 1280px its frame takes the free width
# of the page and the tree fits it with text of 12px or more; at 390px it
# scrolls inside its frame and opens with its root centred.  The turning
# of a layout that fits no page (TD to LR, LR to TD) is unit-tested in
# tests/unit/mermaid.c.
. "$CG_ROOT/tests/lib.sh"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$CHROMIUM" ] || [ ! -f "$CG_ROOT/site/node_modules/mermaid/dist/mermaid.min.js" ]; then
	if [ "${CI:-}" = true ]; then echo "Bail out! chromium and the vendored assets are required under CI"; exit 1; fi
	echo "1..0 # SKIP no chromium or no vendored assets (make assets)"
	exit 0
fi
export CHROMIUM

node "$CG_ROOT/tests/site/mkcourse.js" out -m 1 -s 1 >/dev/null || { echo "Bail out! fixture generator failed"; exit 1; }
cat >out/s01/diagram-1.mmd <<'MMD'
flowchart TD
    r["Matter"]
    m0["Solid"]
    m1["Liquid"]
    m2["Gas"]
    l0["Ice"]
    l1["Iron"]
    l2["Salt"]
    l3["Water"]
    l4["Oil"]
    l5["Milk"]
    l6["Air"]
    l7["Steam"]
    r --> m0
    r --> m1
    r --> m2
    m0 --> l0
    m0 --> l1
    m0 --> l2
    m1 --> l3
    m1 --> l4
    m1 --> l5
    m2 --> l6
    m2 --> l7
MMD
is "$(grep -c '^    [a-z0-9]*\["' out/s01/diagram-1.mmd)" 12 "the hand-written tree has 12 nodes"
make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$T/out" site >make.out 2>&1
ok $? "make site"
grep -q 'r --&gt; m0' out/site/s01-diagrams.html; ok $? "the site draws the tree as written (TD)"

node "$CG_ROOT/tests/site/fit.js" out/site "$T/profile" Matter >browser.out 2>browser.err
rc=$?
while IFS= read -r l; do
	case $l in
	"ok - "*) pass "${l#ok - }" ;;
	"not ok - "*) fail "${l#not ok - }" ;;
	*) echo "$l" ;;
	esac
done <browser.out
[ "$rc" = 0 ] || { diag "fit.js exit $rc"; sed 's/^/# /' browser.err | tail -5; }
done_testing
