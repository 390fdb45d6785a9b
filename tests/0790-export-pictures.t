#!/bin/sh
# cg-export: the demo course's diagrams drawn once (mermaid in headless
# Chromium) into OUT/export/diagrams/ and shown as pictures, with the
# text description as alternative text and the source kept, in the EPUB
# (epubcheck clean), the Common Cartridge pages and the one HTML file; a
# second export draws none.  Maths as MathML in the EPUB and the HTML
# file, as \( … \) in Moodle XML, GIFT, QTI and Anki; prices stay text.
# Moodle XML has the explanation once, as general feedback.  Without
# Chromium or node: the text forms and one warning each.
. "${CG_ROOT:-.}/tests/lib.sh"

O=$T/demo
make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" DEMO_OUT="$O" demo >demo.log 2>&1 ||
	{ sed 's/^/# /' demo.log | tail -5; echo "Bail out! make demo failed"; exit 1; }
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" "$@"; }
# a formula and a price in the notes; a formula in a question and its
# explanation
cat >>"$O/s01/notes.md" <<'EOF'

The rate is $r = \frac{\Delta c}{\Delta t}$, and the kit costs $100 or $101.
EOF
jq '.multiple_choice[0].question += " Is $x^2$ the square?" | .multiple_choice[0].explanation += " Because $x^2 = x \\cdot x$."' \
	"$O/s01/questions.json" >q.json && mv q.json "$O/s01/questions.json"
NMMD=$(ls "$O"/s*/*.mmd | wc -l)
NQ=$(cat "$O"/s*/questions.json | jq -s '[.[].multiple_choice | length] | add')
diag "the demo: $NMMD diagram files, $NQ multiple-choice questions"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$CHROMIUM" ]; then
	[ "${CI:-}" = true ] && { echo "Bail out! chromium is required under CI"; exit 1; }
	echo "1..0 # SKIP no chromium (make deps-test)"; exit 0
fi
export CHROMIUM

# ---- make export draws every diagram once ------------------------------
mk export >export.log 2>&1; ok $? "make export"
like "$(cat export.log)" "^cg-export: $NMMD diagrams: $NMMD drawn, 0 already drawn in " "... draws all $NMMD diagrams"
is "$(grep -c 'diagrams: [1-9][0-9]* drawn' export.log)" 1 "... once: the other formats find them drawn"
D=$O/export/diagrams
NPIC=$(ls "$D" | grep -c '^[0-9a-f]\{64\}\.svg$')
is "$(ls "$D" | grep -c '^[0-9a-f]\{64\}\.png$')" "$NPIC" "a PNG beside every SVG"
[ "$NPIC" -ge 1 ] && [ "$NPIC" -le "$NMMD" ]; ok $? "one picture per diagram source ($NPIC for $NMMD files)"
bad=; for f in "$D"/*.svg; do xmllint --noout "$f" 2>/dev/null || bad="$bad $f"; done
is "$bad" "" "every SVG is well-formed XML"
bad=; for f in "$D"/*.png; do [ "$(head -c 4 "$f" | tail -c 3)" = PNG ] || bad="$bad $f"; done
is "$bad" "" "every PNG is a PNG"
like "$(head -c 300 "$(ls "$D"/*.svg | head -n 1)")" '^<svg [^>]*width="[0-9]+"' "an SVG has its size in pixels"
like "$(cat "$(ls "$D"/*.svg | head -n 1)")" 'fill:#333' "... drawn in the light theme"

# ---- a second export draws nothing -------------------------------------
ls -l --time-style=+%s.%N "$D" >before.ls
cg-export -F epub -o again.epub "$O" 2>again.err; ok $? "cg-export -F epub again"
is "$(cat again.err)" "" "... draws 0 diagrams, and says nothing of them"
touch "$O/s01/lecture.md"
mk export >export2.log 2>&1; ok $? "make export after a change"
is "$(grep -c 'diagrams: [1-9][0-9]* drawn' export2.log)" 0 "... draws 0 diagrams"
ls -l --time-style=+%s.%N "$D" >after.ls
t "... and leaves the pictures alone" cmp before.ls after.ls

# ---- EPUB ---------------------------------------------------------------
E=$O/export
mkdir epub && (cd epub && unzip -q "$E/course.epub")
imgs() { cat "$@" | grep -o '<img src="[^"]*"[^>]*>' ; }
is "$(imgs epub/EPUB/s*.xhtml | grep -c '^<img src="images/[0-9a-f]\{64\}\.svg" width="[0-9]*" height="[0-9]*" alt="[^"]')" "$NMMD" \
	"EPUB: every diagram an <img> of its SVG, with its size and the text description as alt text"
is "$(cat epub/EPUB/s*.xhtml | grep -c '<pre class="mermaid-src">')" "$NMMD" "EPUB: every diagram's source kept in a <details>"
for h in $(imgs epub/EPUB/s*.xhtml | sed 's/^<img src="images\/\([0-9a-f]*\)\.svg".*/\1/' | sort -u); do
	[ -f "epub/EPUB/images/$h.svg" ] && grep -q "href=\"images/$h.svg\" media-type=\"image/svg+xml\"" epub/EPUB/package.opf ||
		{ fail "EPUB: picture $h in the book and its manifest"; break; }
done
is "$(grep -c 'media-type="image/svg+xml"' epub/EPUB/package.opf)" "$NPIC" "EPUB: every picture in the book and its manifest, once"
got=$(xmllint --xpath 'count(//*[local-name()="math"])' epub/EPUB/s01.xhtml)
[ "$got" -ge 3 ]; ok $? "EPUB: the formulas as MathML ($got <math>)"
like "$(cat epub/EPUB/s01.xhtml)" 'the kit costs [$]100 or [$]101' "EPUB: prices stay text"
like "$(grep '<item id="s01"' epub/EPUB/package.opf)" 'properties="mathml"' "EPUB: a chapter with maths is marked mathml"
is "$(grep -c '<script' epub/EPUB/*.xhtml | awk -F: '{s+=$2} END {print s}')" 0 "EPUB: no script"
EPUBCHECK=
if command -v epubcheck >/dev/null && epubcheck --version >/dev/null 2>&1; then EPUBCHECK=epubcheck
elif command -v java >/dev/null && [ -f /usr/share/java/epubcheck.jar ]; then EPUBCHECK="java -jar /usr/share/java/epubcheck.jar"; fi
if [ -n "$EPUBCHECK" ]; then
	$EPUBCHECK "$E/course.epub" >epubcheck.out 2>&1; ok $? "EPUB: epubcheck passes"
	diag "epubcheck: $(grep -E '^Messages:' epubcheck.out)"
	grep -E '^(ERROR|FATAL|WARNING)' epubcheck.out | head -5 | sed 's/^/# /'
else
	diag "epubcheck not installed: skipped"
fi

# ---- Common Cartridge -----------------------------------------------------
mkdir cc && (cd cc && unzip -q "$E/course.imscc")
is "$(imgs cc/s*/*.html | grep -c '^<img src="\.\./web_resources/diagrams/[0-9a-f]\{64\}\.svg" width="[0-9]*" height="[0-9]*" alt="[^"]')" "$NMMD" \
	"CC: every diagram an <img> of its SVG with the text description as alt text"
is "$(cat cc/s*/diagrams.html | grep -c '<details class="diagram-source">')" "$NMMD" "CC: every diagram's source kept in a <details>"
miss=; for h in $(imgs cc/s*/*.html | sed 's/^<img src="\.\.\/web_resources\/diagrams\/\([0-9a-f]*\)\.svg".*/\1/' | sort -u); do
	[ -f "cc/web_resources/diagrams/$h.svg" ] || miss="$miss $h"
	grep -q "<file href=\"web_resources/diagrams/$h.svg\"/>" cc/imsmanifest.xml || miss="$miss $h(manifest)"
done
is "$miss" "" "CC: every picture in the cartridge and its manifest"
is "$(xmllint --xpath 'count(//*[local-name()="resource"][starts-with(@href,"s01/diagrams")]/*[local-name()="dependency"])' cc/imsmanifest.xml)" \
	"$(grep -c '<img src' cc/s01/diagrams.html)" "CC: a page depends on the pictures it shows"
xmllint --noout cc/imsmanifest.xml cc/s*/*.html; ok $? "CC: the manifest and pages are well-formed"

# ---- the one HTML file -----------------------------------------------------
H=$E/course.html
is "$(grep -o '<img src="data:image/svg+xml;base64,[A-Za-z0-9+/=]*" width="[0-9]*" height="[0-9]*" alt="[^"]' "$H" | wc -l)" "$NMMD" \
	"HTML: every diagram its picture, inline, with the text description as alt text"
is "$(grep -c '<pre class="mermaid"' "$H")" 0 "HTML: no diagram left to draw in the page (no mermaid inside)"
like "$(grep -o '<annotation encoding="application/x-tex">r = \\frac{\\Delta c}{\\Delta t}</annotation>' "$H")" 'frac' "HTML: a formula as MathML"
is "$(grep -c 'class="meta">Module ' "$H")" "$(ls -d "$O"/s[0-9]* | wc -l)" "HTML: the module named once per session"
like "$(cat "$H")" '<button type="button" class="menu" aria-controls="sidebar"' "HTML: a menu button for the contents"

# ---- quiz formats: maths as \( … \), the explanation once ------------------
X=$E/questions.moodle.xml
like "$(xmllint --xpath 'string(//question[name/text="s01-mc1"]/questiontext/text)' "$X")" 'Is \\\(x\^2\\\) the square\?' "Moodle XML: maths as \\(…\\)"
is "$(xmllint --xpath 'count(//question[@type="multichoice"]/generalfeedback[normalize-space(text)!=""])' "$X")" "$NQ" \
	"Moodle XML: every multiple-choice question has its explanation as general feedback"
like "$(xmllint --xpath 'string(//question[name/text="s01-mc1"]/generalfeedback/text)' "$X")" 'Because \\\(x\^2 = x \\cdot x\\\)' \
	"... with its maths"
is "$(xmllint --xpath 'count(//answer/feedback)' "$X")" 0 "Moodle XML: no answer repeats the explanation as its feedback"
like "$(grep '^::s01-mc1::' "$E/questions.gift.txt")" 'Is \\\\\(x\^2\\\\\) the square' "GIFT: maths as \\(…\\), the backslash escaped"
is "$(grep -c '^####' "$E/questions.gift.txt")" "$NQ" "GIFT: the explanation once per question, as general feedback"
like "$(grep -F 'the square' "$E/cards.anki.txt")" 'Is \\\(x\^2\\\) the square' "Anki: maths as \\(…\\)"
mkdir qti && (cd qti && unzip -q "$E/questions.qti.zip")
like "$(cat qti/s01.xml)" 'Is \\\(x\^2\\\) the square' "QTI: maths as \\(…\\)"

# ---- without Chromium, without node ----------------------------------------
cp -a "$O" bare && rm -rf bare/export
CHROMIUM=/nonexistent cg-export -F epub -o bare.epub bare 2>bare.err; ok $? "no Chromium: the EPUB is written"
is "$(grep -c 'make deps-test' bare.err)" 1 "... with one warning naming make deps-test"
mkdir bare-epub && (cd bare-epub && unzip -q ../bare.epub)
is "$(cat bare-epub/EPUB/s*.xhtml | grep -c '<img ')" 0 "... the diagrams as text"
is "$(cat bare-epub/EPUB/s*.xhtml | grep -c '<pre class="mermaid-src">')" "$NMMD" "... every one's source and description"
[ -e bare/export/diagrams ]; is $? 1 "... and nothing drawn"
NODE=/nonexistent cg-export -F html -o bare.html "$O" 2>nonode.err; ok $? "no node: the HTML file is written"
is "$(grep -c 'formulas left as TeX' nonode.err)" 1 "... with one warning"
like "$(cat bare.html)" '<span class="math">r = \\frac' "... the formulas left to KaTeX in the page"
like "$(cat bare.html)" 'data:font/woff2;base64' "... which is inlined with its fonts"
done_testing
