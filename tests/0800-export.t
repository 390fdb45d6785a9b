#!/bin/sh
# cg-export: usage and exit codes; a course generated with make against
# cg-sim, a hostile quiz (every GIFT and XML special character, emoji,
# right-to-left text) and key terms put into it, then `make export` and
# every format checked: GIFT read back and compared with questions.json,
# every XML well-formed, every archive sound with every manifest entry in
# it, the hostile text intact in each format, Anki columns, epubcheck
# (when installed) and the one-file HTML in headless Chromium.
. "${CG_ROOT:-.}/tests/lib.sh"
TD=$CG_ROOT/tests/export

# ---- usage and exit codes ---------------------------------------------
out=$(cg-export -h); ok $? "-h exits 0"
like "$out" '^usage: cg-export \[-hV\] \[-a teacher\|students\] -F format \[-o file\] \[out \| questions.json\]$' "-h prints the usage"
like "$(cg-export -V)" "^cg-export $(cat "$CG_ROOT/VERSION")$" "-V prints the version"
cg-export out 2>err; is $? 64 "no -f: exit 64"
like "$(cat err)" '-F format is required: one of gift, moodle-xml, qti, cc, anki, epub, html' "... naming the formats"
cg-export -F docx out 2>err; is $? 64 "unknown format: exit 64"
like "$(cat err)" '^cg-export: -F docx: unknown format; use one of: gift, ' "... and says so"
cg-export -F gfit out 2>err; is $? 64 "a misspelt format: exit 64"
like "$(cat err)" '^cg-export: -F gfit: unknown format; did you mean gift\?' "... with a suggestion"
cg-export -F gift a b 2>err; is $? 64 "two operands: exit 64"
cg-export -F gift nowhere 2>err; is $? 66 "missing OUT: exit 66"
like "$(cat err)" '^cg-export: nowhere: no such course directory' "... naming it"
mkdir empty
cg-export -F epub empty 2>err; is $? 66 "OUT without outline.json: exit 66"
like "$(cat err)" 'empty/outline.json: not found' "... naming the file"
printf '{"multiple_choice":[{"question":"Q?","options":["a","b"],' >broken.json
cg-export -F gift broken.json 2>err; is $? 65 "broken questions.json: exit 65"
like "$(cat err)" '^cg-export: broken.json:1:[0-9]+: ' "... naming the file, line and column"
printf '{"multiple_choice":[{"question":"Q?","options":["a","b"],"answer":"C","explanation":"x"}]}' >wrong.json
cg-export -F moodle-xml <wrong.json 2>err; is $? 65 "an answer that is not an option: exit 65"
like "$(cat err)" 'multiple_choice\[0\]\.answer: "C" is not one of A-B' "... naming the JSON path"
cg-export -F epub <wrong.json 2>err; is $? 64 "a course format from one questions.json: exit 64"
if command -v script >/dev/null; then
	script -qec "cg-export -F qti $TD/hostile.json" /dev/null >tty.out 2>&1; rc=$?
	is "$rc" 64 "a zip archive for a terminal: exit 64"
	like "$(cat tty.out)" 'writes a zip archive: give -o file' "... and says what to do"
fi
node "$CG_ROOT/tests/site/mkcourse.js" tiny -m 1 -s 1 >/dev/null
if [ ! -d /usr/local/share/cg/site ]; then
	mkdir noassets
	(cd noassets && CG_ROOT=$T/noassets cg-export -F gift -o x.gift "$T/tiny" 2>"$T/err"); rc=$?
	is "$rc" 69 "the tables of words missing: exit 69"
	like "$(cat err)" 'site/labels/en.yaml: not found' "... naming the English one"
	mkdir -p noassets/site && cp -R "$CG_ROOT/site/labels" noassets/site/
	(cd noassets && CG_ROOT=$T/noassets cg-export -F html -o x.html "$T/tiny" 2>"$T/err"); rc=$?
	is "$rc" 69 "vendored JavaScript missing: exit 69"
	like "$(cat err)" 'run make assets' "... and says to run make assets"
fi
touch plain
cg-export -F gift -o plain/q.gift.txt "$TD/hostile.json" 2>err; is $? 73 "output cannot be created: exit 73"
like "$(cat err)" 'plain/q.gift.txt' "... naming it"

# ---- one questions.json, on standard input -----------------------------
cg-export -F gift <"$TD/hostile.json" >h.gift 2>err; ok $? "GIFT from a questions.json on stdin"
perl "$TD/giftread.pl" <h.gift >h.dump && node "$TD/check.js" gift "$TD/hostile.json" h.dump >h.out
while IFS= read -r l; do case $l in "ok - "*) pass "stdin: ${l#ok - }";; "not ok - "*) fail "stdin: ${l#not ok - }";; "#"*) echo "$l";; esac; done <h.out
[ -s h.out ] || fail "stdin: the GIFT reader ran"
grep -q '\\~ \\= \\# \\{ \\} \\: \\\\' h.gift; ok $? "every GIFT control character is escaped"

# ---- markup from the model (an <img onerror>, a </script><script>, a
# javascript: link in a question, options and an explanation): GIFT and
# Moodle XML carry the text as the site shows it, markdown rendered with
# raw HTML shown as text and unsafe links dropped, never as markup
shown() { printf '%s' "$1" | perl -pe 's/<[^>]*>//g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#39;/\x27/g; s/&amp;/&/g'; }
unxml() { perl -pe 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#39;/\x27/g; s/&amp;/&/g' "$@"; }
markup() { grep -c -i -E '<img|<script|</script|<a [^>]*href="?javascript' "$@"; }
cg-export -F gift "$TD/xss.json" >x.gift 2>err; ok $? "GIFT of a quiz with model markup"
perl "$TD/giftread.pl" <x.gift >x.dump; ok $? "... reads back"
is "$(markup x.dump)" 0 "GIFT: no <img>, <script> or javascript: link as markup"
is "$(grep -c '\[markdown\]' x.gift)" 0 "GIFT: no field left to Moodle's markdown"
like "$(cat x.dump)" '&lt;img src=x onerror=alert\(1\)&gt;' "GIFT: the <img> shown as text"
like "$(cat x.dump)" '<strong>bold</strong>' "GIFT: markdown rendered as the site renders it"
cg-export -F moodle-xml "$TD/xss.json" >x.xml 2>err; ok $? "Moodle XML of a quiz with model markup"
xmllint --noout x.xml; ok $? "... well-formed"
is "$(unxml x.xml | markup)" 0 "Moodle XML: no <img>, <script> or javascript: link as markup"
is "$(grep -c 'format="markdown"' x.xml)" 0 "Moodle XML: no field left to Moodle's markdown"
got=$(xmllint --xpath 'string(//question[name/text="s02-mc1"]/generalfeedback/text)' x.xml)
like "$got" '&lt;img src=x onerror=alert\(5\)&gt;.*<strong>markdown</strong>' "Moodle XML: the explanation's <img> shown as text, its markdown rendered"

# ---- a course, generated and exported with make -------------------------
start_sim -s 4
export CG_URL=$SIM_URL
O=$T/out
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" \
	COURSE=config/course.yaml SET=llm.slots=4 "$@"; }
mk -j4 course >course.log 2>&1 || { sed 's/^/# /' course.log | tail -5; echo "Bail out! make course failed"; exit 1; }
# the hostile quiz, key terms, math and a mermaid block in session 1
cp "$TD/hostile.json" "$O/s01/questions.json"
cat >>"$O/s01/notes.md" <<'EOF'

## Key Terms (extra)

- **Osmosis ~ = # { } : \ < > & " '**: water 🌊 crosses a membrane — שלום עולם.
- Diffusion: spreading from high to low concentration.
- **細胞膜**：細胞を包む膜。
- 拡散：濃度の高い所から低い所へ広がること。
- **浸透：** 水が膜を通ること。

Remember: a paragraph like this one is not a key term.
EOF
cat >>"$O/s01/open-questions.md" <<'EOF'

The rate is $r = \frac{\Delta c}{\Delta t}$ in this model.

```mermaid
flowchart LR
    A["Water"] --> B["Membrane"]
```
EOF
mk export >export.log 2>&1; ok $? "make export"
E=$O/export
for f in questions.gift.txt questions.moodle.xml questions.qti.zip course.imscc cards.anki.txt course.epub course.html \
    course-students.epub course-students.html; do
	[ -s "$E/$f" ] || { fail "make export writes $f"; continue; }
done
pass "make export writes all seven formats and the students' book and HTML file"
is "$(grep -c 'class="explain"' "$E/course-students.html")" 0 "... the students' HTML file without the explanations"
[ "$(grep -c 'class="explain"' "$E/course.html")" -gt 0 ]; ok $? "... the teacher's with them"
is "$(unzip -p "$E/course-students.epub" EPUB/s01.xhtml | grep -c 'quiz-answers')" 0 "... the students' book without the answers"
is "$(unzip -p "$E/course.epub" EPUB/s01.xhtml | grep -c 'quiz-answers')" 1 "... the teacher's with them"
ls -l --time-style=+%s.%N "$E" >before.ls
mk export >again.log 2>&1; ok $? "make export again"
ls -l --time-style=+%s.%N "$E" >after.ls
t "... writes no file again: it has nothing to do" cmp before.ls after.ls
like "$(cat again.log)" "^export: 9 files in $O/export/" "... and says where the files are"
diag "sizes: $(cd "$E" && wc -c -- *.* | sed '$d' | awk '{printf "%s %s, ", $2, $1}')"
HQ=$(jget "$TD/hostile.json" multiple_choice.0.question)

# GIFT
perl "$TD/giftread.pl" <"$E/questions.gift.txt" >gift.dump && node "$TD/check.js" gift "$O" gift.dump >gift.out
while IFS= read -r l; do case $l in "ok - "*) pass "${l#ok - }";; "not ok - "*) fail "${l#not ok - }";; "#"*) echo "$l";; esac; done <gift.out
[ -s gift.out ] || fail "the GIFT reader ran"
like "$(head -c 300 "$E/questions.gift.txt" | grep CATEGORY)" '^\$CATEGORY: \$course\$/top/.*/Module 1: .*/Session 1: ' "a \$CATEGORY per module and session"

# Moodle XML
xmllint --noout "$E/questions.moodle.xml" 2>err; ok $? "Moodle XML is well-formed"
got=$(xmllint --xpath 'string(//question[name/text="s01-mc1"]/questiontext/text)' "$E/questions.moodle.xml")
is "$(shown "$got")" "$HQ" "Moodle XML: the hostile question intact (as HTML, shown as written)"
got=$(xmllint --xpath 'string(//question[name/text="s01-es1"]/graderinfo/text)' "$E/questions.moodle.xml")
is "$(shown "$got")" "$(jget "$TD/hostile.json" essay.0.guidance)" "Moodle XML: essay guidance as graderinfo"
is "$(xmllint --xpath 'count(//question[name/text="s01-mc1"]/answer[@fraction="100"])' "$E/questions.moodle.xml")" 1 \
	"Moodle XML: one right answer (fraction 100)"

# archives: sound, every file named in a manifest present, every XML well-formed
unpack() {	# unpack ZIP DIR
	unzip -t "$1" >/dev/null 2>&1; ok $? "$(basename "$1"): unzip -t finds no error"
	mkdir -p "$2" && (cd "$2" && unzip -q "$1") || fail "$(basename "$1") unpacks"
	bad=; for x in $(cd "$2" && find . -name '*.xml' -o -name '*.opf' -o -name '*.xhtml' -o -name '*.html'); do
		xmllint --noout "$2/$x" 2>>xerr || bad="$bad $x"; done
	is "$bad" "" "$(basename "$1"): every XML file is well-formed"
}
hrefs() { grep -o 'href="[^"]*"' "$1" | sed 's/^href="//; s/"$//' | sort -u; }
missing() {	# missing DIR MANIFEST: files the manifest names that are not there
	for h in $(hrefs "$1/$2"); do [ -f "$1/$(dirname "$2")/$h" ] || echo "$h"; done; }
unpack "$E/questions.qti.zip" qti
is "$(missing qti imsmanifest.xml)" "" "QTI: every manifest entry is in the zip"
is "$(grep -c '<resource ' qti/imsmanifest.xml)" "$(ls "$O"/s*/questions.json | wc -l)" "QTI: one assessment per session"
got=$(xmllint --xpath 'string(//*[local-name()="item"][@ident="s01-mc1"]/*[local-name()="presentation"]/*[local-name()="material"]/*[local-name()="mattext"])' qti/s01.xml)
is "$got" "$HQ" "QTI: the hostile question intact"
unpack "$E/course.imscc" cc
is "$(missing cc imsmanifest.xml)" "" "CC: every manifest entry is in the cartridge"
is "$(xmllint --xpath 'count(//*[local-name()="organization"]/*[local-name()="item"]/*[local-name()="item"])' cc/imsmanifest.xml)" \
	"$(jget "$O/outline.json" modules.length)" "CC: one module per course module"
got=$(xmllint --xpath 'string(//*[local-name()="item"][@ident="s01-mc1"]/*[local-name()="presentation"]/*[local-name()="material"]/*[local-name()="mattext"])' cc/s01/assessment.xml)
is "$got" "$HQ" "CC: the hostile question intact in its QTI"
unpack "$E/course.epub" epub
is "$(unzip -Z1 "$E/course.epub" | head -n 1)" mimetype "EPUB: mimetype is the first entry"
like "$(unzip -v "$E/course.epub" mimetype)" ' Stored ' "EPUB: mimetype is stored uncompressed"
is "$(missing epub EPUB/package.opf)" "" "EPUB: every manifest item is in the book"
like "$(cat epub/EPUB/package.opf)" '<dc:language>en</dc:language>' "EPUB: metadata names the language"
like "$(cat epub/EPUB/package.opf)" '<meta property="dcterms:modified">[0-9-]+T[0-9:]+Z</meta>' "EPUB: dcterms:modified"
got=$(xmllint --xpath 'string(//*[@id="s01-mc1"]/*[local-name()="p"][1])' epub/EPUB/s01.xhtml)
is "$got" "$HQ" "EPUB: the hostile question intact"
cg-export -F epub -o again.epub "$O" && cmp -s again.epub "$E/course.epub"; ok $? "the same course gives the same EPUB bytes"
EPUBCHECK=
if command -v epubcheck >/dev/null && epubcheck --version >/dev/null 2>&1; then EPUBCHECK=epubcheck
elif command -v java >/dev/null && [ -f /usr/share/java/epubcheck.jar ]; then EPUBCHECK="java -jar /usr/share/java/epubcheck.jar"; fi
if [ -n "$EPUBCHECK" ]; then
	$EPUBCHECK "$E/course.epub" >epubcheck.out 2>&1; ok $? "epubcheck passes"
	diag "epubcheck: $(grep -E '^Messages:' epubcheck.out)"
	[ $? = 0 ] || grep -E '^(ERROR|FATAL|WARNING)' epubcheck.out | head -5 | sed 's/^/# /'
else
	diag "epubcheck not installed: skipped"
fi

# Anki
node "$TD/check.js" anki "$O" "$E/cards.anki.txt" >anki.out
while IFS= read -r l; do case $l in "ok - "*) pass "${l#ok - }";; "not ok - "*) fail "${l#not ok - }";; "#"*) echo "$l";; esac; done <anki.out
grep -q "^Osmosis ~ = # { } : \\\\ &lt; &gt; &amp; &quot; &#39;	water 🌊 crosses a membrane — שלום עולם.	cg::s01$" "$E/cards.anki.txt"
ok $? "Anki: a key term card, text escaped as HTML only"
grep -q "^Diffusion	spreading from high to low concentration.	cg::s01$" "$E/cards.anki.txt"; ok $? "Anki: a plain 'term: definition' item"
is "$(grep -c '^Remember	' "$E/cards.anki.txt")" 0 "Anki: a paragraph under the key terms is no card"
# Chinese and Japanese write the colon full width, with no space after it
is "$(grep -E '^(細胞膜|拡散|浸透)	' "$E/cards.anki.txt" | cut -f1,2 | tr '\t' '|')" \
	"$(printf '細胞膜|細胞を包む膜。\n拡散|濃度の高い所から低い所へ広がること。\n浸透|水が膜を通ること。')" \
	"Anki: key terms with a full-width colon, bold or not, the colon in neither field"

# the one-file HTML
H=$E/course.html
is "$(grep -c '<script src\|<link \|url(fonts/' "$H")" 0 "HTML: no script, style sheet or font loaded from a file"
if command -v node >/dev/null; then
	is "$(grep -c 'data:font/woff2;base64\|<span class="math"\|<span class="math display"' "$H")" 0 "HTML: no KaTeX at view time (formulas typeset at export)"
	like "$(grep -o '<math xmlns="http://www.w3.org/1998/Math/MathML"><semantics>.*r = \\frac{\\Delta c}{\\Delta t}</annotation>' "$H")" 'Delta' \
		"HTML: a formula as MathML, its TeX kept as the annotation"
fi
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
browse() {	# browse FILE LABEL [MARKER]
	if [ -n "$CHROMIUM" ]; then
		CHROMIUM=$CHROMIUM node "$CG_ROOT/tests/site/single.js" "$1" "$T/profile" ${3:+"$3"} >browse.out 2>browse.err; rc=$?
		while IFS= read -r l; do case $l in "ok - "*) pass "$2: ${l#ok - }";; "not ok - "*) fail "$2: ${l#not ok - }";; "#"*) echo "$l";; esac; done <browse.out
		ok $rc "$2: browser checks pass"
	elif [ "${CI:-}" = true ]; then
		fail "chromium is required under CI"
	else
		diag "no chromium: $2 is not checked in a browser"
	fi
}
browse "$H" HTML "$HQ"

# ---- the site test's fixture course: hostile markup, tables, task lists,
# math, links, images, messy diagrams, files not generated yet -----------
node "$CG_ROOT/tests/site/mkcourse.js" fx --xss --gaps >/dev/null
cg-export -F epub -o fx.epub fx 2>fx.err; ok $? "fixture course: EPUB"
like "$(cat fx.err)" 'fx/s02: not generated yet, left out: lab.md .*\(make s02\)' "... a file not generated yet is named once per session"
unpack "$T/fx.epub" fxepub
if [ -n "$EPUBCHECK" ]; then
	$EPUBCHECK fx.epub >fxcheck.out 2>&1; ok $? "fixture course: epubcheck passes"
	[ $? = 0 ] || grep -E '^(ERROR|FATAL|WARNING)' fxcheck.out | head -5 | sed 's/^/# /'
fi
cg-export -F cc -o fx.imscc fx 2>/dev/null; ok $? "fixture course: Common Cartridge"
unpack "$T/fx.imscc" fxcc
is "$(missing fxcc imsmanifest.xml)" "" "fixture CC: every manifest entry is in the cartridge"
cg-export -F html -o fx.html fx 2>/dev/null; ok $? "fixture course: one HTML file"
browse "$T/fx.html" "fixture HTML"

# session 2 given session 1's number: refused by every format (as by
# cg-plan, cg-site and cg-check), naming both places
cp -a fx dup
node -e 'const fs=require("fs"),o=JSON.parse(fs.readFileSync("dup/outline.json"));o.modules[0].sessions[1].number=1;fs.writeFileSync("dup/outline.json",JSON.stringify(o))'
for f in gift moodle-xml qti cc anki epub html; do
	cg-export -F $f -o dup.out dup 2>err; is $? 65 "a session number given twice: $f exits 65"
	like "$(cat err)" '^cg-export: dup/outline.json: not a usable outline' "... naming the outline"
	like "$(cat err)" '^modules\[0\]\.sessions\[1\]: session number 1 appears twice \(also modules\[0\]\.sessions\[0\]\)' "... and both places"
done
[ -e dup.out ]; is $? 1 "... and writes nothing"

# ---- dollars: prices stay prices, $…$ and $$…$$ stay maths (pandoc's
# tex_math_dollars), \$ is a dollar sign; session 1 of the fixture course
PRICE='The kit costs $100, $101 and $102 at three shops, less a $5 coupon; its power is <span class="math">P = V^2/R</span> and <span class="math display">E = mc^2</span> holds.'
QP='The kit costs $100, $101 and $102 ($5 off): which price is'
ML='<span class="katex"><math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow>'
PRICEML='The kit costs $100, $101 and $102 at three shops, less a $5 coupon; its power is <span class="mathml">'$ML'<mi>P</mi>.*<annotation encoding="application/x-tex">P = V^2/R</annotation></semantics></math></span></span> and <span class="mathml display"><span class="katex"><math xmlns="http://www.w3.org/1998/Math/MathML" display="block">.*<annotation encoding="application/x-tex">E = mc^2</annotation></semantics></math></span></span> holds.'
re() { printf '%s' "$1" | sed 's/[$()]/[&]/g; s/\^/\\^/g'; }
is "$(grep -c -F "$PRICE" fxcc/s01/lecture.html)" 1 "prices and maths: lecture.html of the fixture course (a page for the LMS)"
for f in "$T/fx.html" fxepub/EPUB/s01.xhtml; do
	is "$(grep -c "$(re "$PRICEML")" "$f")" 1 "prices and maths: $(basename "$f") of the fixture course, maths as MathML"
done
like "$(cat "$T/fx.html")" "$(re "$QP") <span class=\"mathml\">$(re "$ML")<msup><mi>x</mi><mn>2</mn></msup>" "prices and maths: a question of the one HTML file"
got=$(xmllint --xpath 'string(//*[local-name()="item"][@ident="s01-mc2"]/*[local-name()="presentation"]/*[local-name()="material"]/*[local-name()="mattext"])' fxcc/s01/assessment.xml)
is "$got" "$QP \\(x^2\\) for \\(x = 10\\)?" "prices and maths: CC's QTI, maths as \\(…\\)"
cg-export -F gift -o fx.gift fx 2>/dev/null && perl "$TD/giftread.pl" <fx.gift >fx.dump
got=$(node -e 'for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)) {
	const q = JSON.parse(l); if (q.name === "s01-mc2") console.log([q.question, ...q.options.slice(0, 2)].join("|")); }' fx.dump)
is "$got" "<p>$QP \\(x^2\\) for \\(x = 10\\)?</p>|\$100|\\[x^2 = 100\\]" \
	"prices and maths: GIFT (HTML, maths as \\(…\\) for Moodle's filters)"
cg-export -F moodle-xml -o fx.xml fx 2>/dev/null
got=$(xmllint --xpath 'string(//question[name/text="s01-mc2"]/questiontext/text)' fx.xml)
is "$got" "<p>$QP \\(x^2\\) for \\(x = 10\\)?</p>" "prices and maths: Moodle XML (HTML, maths as \\(…\\))"
cg-export -F qti -o fx.qti.zip fx 2>/dev/null && mkdir fxqti && (cd fxqti && unzip -q ../fx.qti.zip)
got=$(xmllint --xpath 'string(//*[local-name()="item"][@ident="s01-mc2"]/*[local-name()="presentation"]/*[local-name()="material"]/*[local-name()="mattext"])' fxqti/s01.xml)
is "$got" "$QP \\(x^2\\) for \\(x = 10\\)?" "prices and maths: QTI, maths as \\(…\\)"
cg-export -F anki -o fx.anki fx 2>/dev/null
like "$(grep -F "$QP" fx.anki)" '^The kit costs [$]100, [$]101 and [$]102 \([$]5 off\): which price is \\\(x\^2\\\) for \\\(x = 10\\\)\?<br>A\) [$]100<br>B\) \\\[x\^2 = 100\\\]<br>' \
	"prices and maths: Anki (maths as \\(…\\) and \\[…\\] for its MathJax)"
done_testing
