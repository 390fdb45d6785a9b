#!/bin/sh
# cg-export in the course's language: a Spanish, a Japanese and an Arabic
# course made with make against cg-sim (which writes the required
# headings in the course's language and key terms as "**term**: definition"
# lines), then exported.  The words cg writes around the content (quiz
# categories, package and chapter titles, the book's contents, the one
# HTML file's frame, the quiz's reset button) come from site/labels; the
# pages say their language and direction.  The Anki key-term cards come
# from the notes' "Key Terms" section whatever its wording: as many as
# with the heading in English.  The students' editions of the book and
# the one HTML file have none of the explanations and model answers the
# teacher's have.
. "${CG_ROOT:-.}/tests/lib.sh"

# no pictures of the diagrams: nothing here looks at them
CHROMIUM=no-browser-here; export CHROMIUM
start_sim -s 4
export CG_URL=$SIM_URL
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" "$@"; }

# ---- usage ---------------------------------------------------------------
like "$(cg-export -h)" '^usage: cg-export \[-hV\] \[-a teacher\|students\] -F format' "-h names -a"
cg-export -a nobody -F epub out 2>err; is $? 64 "-a nobody: exit 64"
like "$(cat err)" '-a nobody: the audience is teacher or students' "... and says what it takes"

# text of an EPUB's chapters, or of an HTML file: tags out, entities read
text() { perl -0pe 's/<script\b.*?<\/script>//gs; s/<[^>]*>/ /g; s/&lt;/</g; s/&gt;/>/g;
	s/&quot;/"/g; s/&#39;/\x27/g; s/&#([0-9]+);/chr($1)/ge; s/&amp;/&/g; s/[ \t\n]+/ /g' "$@"; }
# the key-term cards of an Anki file: its cards but the questions'
terms() { echo $(( $(grep -vc '^#' "$1") - $(cat "$2"/s*/questions.json |
	jq -s '[.[] | (.multiple_choice + .short_answer + .essay) | length] | add') )); }
# the "**term**: definition" lines under heading $2 of the notes of course $1
expect() { cat "$1"/s*/notes.md | awk -v h="## $2" '/^## /{ on = ($0 == h); next }
	on && /^[-*] \*\*[^*]+\*\*: ./ { n++ } END { print n + 0 }'; }

for spec in "Spanish:es:Términos clave" "Japanese:ja:重要用語" "Arabic:ar:المصطلحات الرئيسية"; do
	lang=${spec%%:*} rest=${spec#*:}; code=${rest%%:*} head=${rest#*:}
	O=$T/$code
	printf 'name: Biolog\303\255a %s\nsubject: Cell biology\nlanguage: %s\nmodules: 2\nsessions: 4\ndiagrams_per_session: 1\n' \
		"$code" "$lang" >"$T/$code.yaml"
	mk -j4 course COURSE="$T/$code.yaml" OUT="$O" SET=llm.slots=4 >"$T/$code.log" 2>&1
	is $? 0 "$lang: make course"
	L=$CG_ROOT/site/labels/$code.yaml
	label() { sed -n "s/^$1: \"\\(.*\\)\"\$/\\1/p" "$L"; }
	sess=$(label session_title | sed 's/{n}/1/; s/{title}.*//')
	mod=$(label module_title | sed 's/{n}/1/; s/{title}.*//')
	for f in gift moodle-xml qti cc anki epub html; do
		cg-export -F $f -o "$T/$code.$f" "$O" 2>>"$T/$code.err"; ok $? "$lang: -F $f"
	done

	# ---- the words around the content ----
	like "$(grep '^\$CATEGORY' "$T/$code.gift" | head -n 1)" "/$mod[^/]*/$sess" "$lang: GIFT category names module and session in $code"
	is "$(grep -c '/Module 1: \|/Session 1: ' "$T/$code.gift" "$T/$code.moodle-xml" | awk -F: '{ n += $2 } END { print n }')" 0 \
		"$lang: no English category in GIFT or Moodle XML"
	mkdir "$T/$code-qti" "$T/$code-cc" "$T/$code-epub"
	(cd "$T/$code-qti" && unzip -q "$T/$code.qti") && (cd "$T/$code-cc" && unzip -q "$T/$code.cc") &&
	    (cd "$T/$code-epub" && unzip -q "$T/$code.epub")
	like "$(grep -o 'title="[^"]*"' "$T/$code-qti/s01.xml" | head -n 1)" "^title=\"$sess" "$lang: QTI assessment title"
	like "$(grep -o '<title>[^<]*' "$T/$code-cc/imsmanifest.xml" | sed -n 1,2p | tr '\n' ' ')" "$mod.*$sess" "$lang: Common Cartridge module and session titles"
	like "$(grep -o '<title>[^<]*' "$T/$code-cc/s01/overview.html")" "<title>$sess.* — $(label overview)\$" "$lang: Common Cartridge page title"
	is "$(grep -o '<title>[^<]*</title>' "$T/$code-cc/imsmanifest.xml" | grep -c '>Quiz<\|>Overview<\|>Diagrams<\|>Session \|>Module ')" 0 \
		"$lang: no English item title in the cartridge"
	E=$T/$code-epub/EPUB
	like "$(cat "$E/nav.xhtml")" "<h1>$(label toc)</h1>" "$lang: EPUB contents titled in $code"
	like "$(cat "$E/nav.xhtml")" "href=\"title.xhtml\">$(label title_page)<" "$lang: EPUB landmarks in $code"
	like "$(cat "$E/s01.xhtml")" "<h1>$sess" "$lang: EPUB chapter title"
	like "$(cat "$E/s01.xhtml")" "id=\"s01-notes\">$(label kind_notes)<" "$lang: EPUB part title from the kinds' labels"
	like "$(cat "$E/s01.xhtml")" "id=\"s01-quiz-answers\">$(label answers)<" "$lang: EPUB quiz answers heading"
	is "$(cat "$E"/*.xhtml | grep -c '>\(Contents\|Quiz\|Answers\|Overview\|Diagrams\|Lecture\|Study notes\|Multiple choice\|Short answer\|Essay\|Title page\)<\|>Session [0-9]\|>Module [0-9]')" 0 \
		"$lang: no English heading in the book"
	# a diagram's text description begins with the language's word
	fc=$(label flowchart)
	like "$(cat "$E"/s01.xhtml)" "$fc: " "$lang: a diagram's description in the book begins \"$fc:\""
	like "$(cat "$O/site/s01-diagram.html" "$O"/site/s01*.html 2>/dev/null)" "aria-label=\"$fc: " "... and on the site"
	is "$(cat "$E"/*.xhtml "$T/$code.html" "$O"/site/*.html | grep -c 'Flowchart: ')" 0 "$lang: no description begins \"Flowchart:\""
	is "$(grep -L "lang=\"$code\" xml:lang=\"$code\"" "$E"/*.xhtml | wc -l)" 0 "$lang: every page of the book says lang=\"$code\""
	like "$(cat "$E/package.opf")" "<dc:language>$code</dc:language>" "$lang: the book's language"
	H=$T/$code.html
	like "$(head -n 2 "$H")" "<html lang=\"$code\"" "$lang: HTML lang=\"$code\""
	like "$(cat "$H")" "<button type=\"button\" class=\"quiz-reset\">$(label quiz_reset)</button>" "$lang: the quiz's reset button in $code"
	like "$(cat "$H")" "<a class=\"skip\" href=\"#main\">$(label skip)</a>" "$lang: HTML frame in $code"
	like "$(cat "$H")" '<script type="application/json" id="cg-labels">\{' "$lang: cg.js gets the words"
	is "$(perl -0pe 's/<script>.*?<\/script>//gs' "$H" |
	    grep -c 'Start the quiz again\|>Skip to content<\|Course contents\|Dark mode\|>Session [0-9]\|>Module [0-9]\|Generated by\|>Multiple choice<\|Show model answer')" 0 \
		"$lang: no English word in the HTML file's frame (but cg.js's own fallbacks)"
	if [ "$code" = ar ]; then
		like "$(head -n 2 "$H")" '<html lang="ar" dir="rtl">' "Arabic: HTML dir=\"rtl\""
		is "$(grep -L 'dir="rtl"' "$E"/*.xhtml "$T/$code-cc"/s01/*.html | wc -l)" 0 "Arabic: every page of the book and the cartridge dir=\"rtl\""
		like "$(cat "$E/package.opf")" '<spine page-progression-direction="rtl">' "Arabic: the book reads right to left"
	else
		like "$(head -n 2 "$H")" "<html lang=\"$code\" dir=\"ltr\">" "$lang: HTML dir=\"ltr\""
	fi

	# ---- Anki: the key terms under the heading in the course's language ----
	want=$(expect "$O" "$head")
	got=$(terms "$T/$code.anki" "$O")
	diag "$lang: $got key-term cards, $want term lines under \"## $head\""
	[ "$got" -gt 0 ]; ok $? "$lang: key-term cards from \"## $head\""
	is "$got" "$want" "$lang: one card per term line of that section, none from another"
	cp -a "$O" "$T/$code-en"
	for n in "$T/$code-en"/s*/notes.md; do
		sed -i "s/^## $head\$/## Key Terms/" "$n"
	done
	is "$(grep -c "^## $head\$" "$T/$code-en"/s*/notes.md | awk -F: '{ n += $2 } END { print n }')" 0 "$lang: the control has the heading in English"
	cg-export -F anki -o "$T/$code-en.anki" "$T/$code-en" 2>/dev/null
	is "$(terms "$T/$code-en.anki" "$T/$code-en")" "$got" "$lang: as many key-term cards as with \"## Key Terms\""
	is "$(sort "$T/$code-en.anki" | md5sum)" "$(sort "$T/$code.anki" | md5sum)" "... the same cards"
done

# ---- two editions of the book and the one HTML file ---------------------
O=$T/es
cg-export -a students -F gift "$O" >/dev/null 2>err; is $? 64 "-a students -F gift: exit 64"
like "$(cat err)" 'gift has no students. edition' "... naming the format"
cg-export -a teacher -F epub -o teacher.epub "$O" 2>/dev/null; ok $? "-a teacher -F epub"
cmp -s teacher.epub "$T/es.epub"; ok $? "... the same book as without -a"
cg-export -a students -F epub -o students.epub "$O" 2>/dev/null; ok $? "-a students -F epub"
cg-export -a students -F html -o students.html "$O" 2>/dev/null; ok $? "-a students -F html"
mkdir st && (cd st && unzip -q ../students.epub)
text "$T/es-epub/EPUB"/s*.xhtml >teacher-epub.txt
text st/EPUB/s*.xhtml >students-epub.txt
text "$T/es.html" >teacher-html.txt
text students.html >students-html.txt
cat "$O"/s*/questions.json | jq -r '(.multiple_choice[] | .explanation), (.short_answer[] | .answer),
	(.essay[] | .guidance)' | grep . >answers.txt
cat "$O"/s*/questions.json | jq -r '(.multiple_choice[] | .question, .options[]), (.short_answer[], .essay[] | .question)' |
	grep . >questions.txt
n=$(wc -l <answers.txt)
diag "$n explanations and model answers, $(wc -l <questions.txt) questions and options"
for ed in epub html; do
	is "$(grep -c -F -f answers.txt teacher-$ed.txt)" 1 "teacher's $ed: has the explanations and model answers"
	is "$(while IFS= read -r a; do grep -q -F -- "$a" teacher-$ed.txt || echo "$a"; done <answers.txt)" "" "... every one of them"
	is "$(while IFS= read -r a; do grep -q -F -- "$a" students-$ed.txt && echo "$a"; done <answers.txt)" "" "students' $ed: none of them"
	is "$(while IFS= read -r a; do grep -q -F -- "$a" students-$ed.txt || echo "$a"; done <questions.txt)" "" "students' $ed: every question and option"
done
is "$(grep -c 'class="quiz-data"\|class="explain"\|<details><summary>' students.html)" 0 "students' HTML: no answer key, no hidden explanation, no model answer"
like "$(cat students.html)" "$(sed -n 's/^edition_students: "\(.*\)"$/\1/p' "$CG_ROOT/site/labels/es.yaml")" "students' HTML: says it is the students' edition"
like "$(cat st/EPUB/package.opf)" 'urn:cg:course:[^<]*:students</dc:identifier>' "students' EPUB: an identifier of its own"
is "$(grep -c 'quiz-answers' st/EPUB/s*.xhtml | awk -F: '{ n += $2 } END { print n }')" 0 "students' EPUB: no answers section"

# the right-to-left book and the students' book are valid EPUB 3
EPUBCHECK=
if command -v epubcheck >/dev/null && epubcheck --version >/dev/null 2>&1; then EPUBCHECK=epubcheck
elif command -v java >/dev/null && [ -f /usr/share/java/epubcheck.jar ]; then EPUBCHECK="java -jar /usr/share/java/epubcheck.jar"; fi
if [ -n "$EPUBCHECK" ]; then
	for b in "$T/ar.epub" students.epub; do
		$EPUBCHECK "$b" >check.out 2>&1; ok $? "epubcheck passes: $(basename "$b")"
		[ $? = 0 ] || grep -E '^(ERROR|FATAL|WARNING)' check.out | head -5 | sed 's/^/# /'
	done
else
	diag "epubcheck not installed: skipped"
fi

# a diagram in a quiz option is framed in the course's language too
cp -a "$T/es" "$T/es-opt"
jq '.multiple_choice[0].options[1] = "Así:\n\n```mermaid\nflowchart LR\n    A[Luz] --> B[Azúcar]\n```" |
    .multiple_choice[0].answer = "B"' \
	"$T/es/s01/questions.json" >"$T/es-opt/s01/questions.json"
fc=$(sed -n 's/^flowchart: "\(.*\)"$/\1/p' "$CG_ROOT/site/labels/es.yaml")
cg-export -F html -o opt.html "$T/es-opt" 2>/dev/null; ok $? "a diagram in a quiz option: -F html"
like "$(cat opt.html)" "$fc: Luz → Azúcar" "... its description in Spanish"
is "$(grep -c 'Flowchart: Luz' opt.html)" 0 "... not in English"
is "$(perl -0ne 'print "$1\n" while /<button[^>]*class="opt"[^>]*>(.*?)<\/button>/gs' opt.html | grep -c '<details\|<summary\|<button')" 0 \
	"... and nothing to open inside the option's button"
cg-export -F epub -o opt.epub "$T/es-opt" 2>/dev/null; ok $? "... -F epub"
mkdir opt-epub && (cd opt-epub && unzip -q ../opt.epub)
like "$(cat opt-epub/EPUB/s01.xhtml)" "$fc: Luz → Azúcar" "... the book's answers: its description in Spanish"
done_testing
