#!/bin/bash
# The site's search across languages: a Spanish course whose lecture has
# accented words and a section "Términos clave".  The index holds folded
# terms (lower case, no accents); the C folding table is the one this
# Unicode makes (tests/site/foldtab.js); section anchors keep their
# letters; the index's student edition leaves answers out (unit test
# tests/unit/md.c); in Chromium from file:// (tests/site/search.js) cg.js
# folds as the index does, accented and plain queries find the section,
# its anchor is on the page, and "/" and "s" go to the search box.
# Japanese written without spaces is found by any of its words (pairs of
# characters) and marked whole on the page.
. "$CG_ROOT/tests/lib.sh"

node "$CG_ROOT/tests/site/foldtab.js" --check "$CG_ROOT/lib/site/foldtab.h" 2>err
ok $? "lib/site/foldtab.h is what tests/site/foldtab.js makes"
[ -s err ] && sed 's/^/# /' err

node "$CG_ROOT/tests/site/mkcourse.js" es -m 1 -s 2 >/dev/null || { echo "Bail out! fixture generator failed"; exit 1; }
node -e 'const fs=require("fs");const c=JSON.parse(fs.readFileSync("es/course.json"));c.course.language="es";
	fs.writeFileSync("es/course.json",JSON.stringify(c));const o=JSON.parse(fs.readFileSync("es/outline.json"));
	o.course.language="es";fs.writeFileSync("es/outline.json",JSON.stringify(o))'
cat >>es/s01/lecture.md <<'MD'

## Términos clave

La **Astronomía** estudia los astros; en Łódź hay una Ёлка.
MD
# Japanese, as models write it: no spaces between words
cat >>es/s02/lecture.md <<'MD'

## 用語

細胞分裂は重要な過程です。植物には水。
MD
cg-site es 2>err; ok $? "cg-site builds the Spanish course"
S=es/site
like "$(cat $S/s01-lecture.html)" '<h[2-6] id="lecture-términos-clave">Términos clave</h[2-6]>' \
	"the section's anchor keeps its letters (lecture-términos-clave)"
like "$(cat $S/s01-lecture.html)" 'href="#lecture-términos-clave"' "... and the contents link to it"
like "$(cat $S/s01-all.html)" 'id="lecture-términos-clave"' "... on the whole-session page too"
like "$(cat $S/print.html)" 'id="s01-lecture-términos-clave"' "... and on the print pages, with the session's prefix"
ix=$(cat $S/assets/search-index.js)
like "$ix" '^"astronomia":\[' "the index holds the folded term astronomia"
unlike "$ix" '^"astronomía":' "... and not the accented one"
like "$ix" '^"lodz":\[' "ł folds to l (Łódź: lodz)"
like "$ix" '"Clase › Términos clave",[0-9]+,"La Astronomía estudia' "the texts shown in results keep their accents"
like "$ix" '^"分裂":\[' "Japanese without spaces: the index holds its pairs of characters (分裂)"
unlike "$ix" '^"細胞分裂は' "... not the whole run as one term"
unlike "$ix" '^"水":' "... 水, last of its run, only inside the pair は水"
like "$ix" '"lang":"es","stop":\[[^]]*"tambien"' "the Spanish stop words are folded too"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$CHROMIUM" ] || [ ! -f "$CG_ROOT/site/node_modules/mermaid/dist/mermaid.min.js" ]; then
	if [ "${CI:-}" = true ]; then echo "Bail out! chromium and the vendored assets are required under CI"; exit 1; fi
	diag "no chromium or no vendored assets: browser checks skipped"
	done_testing
fi
export CHROMIUM
node "$CG_ROOT/tests/site/search.js" "$S" "$T/profile" "$CG_ROOT/lib/site/foldtab.h" >browser.out 2>browser.err
rc=$?
while IFS= read -r l; do
	case $l in
	"ok - "*) pass "${l#ok - }" ;;
	"not ok - "*) fail "${l#not ok - }" ;;
	*) echo "$l" ;;
	esac
done <browser.out
[ "$rc" = 0 ] || { diag "search.js exit $rc"; sed 's/^/# /' browser.err | tail -5; }
done_testing
