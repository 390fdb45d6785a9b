#!/bin/sh
# The students' edition of the site (cg-site -a students, site.audience):
# written into OUT/site-students/, without print.html or report.html or a
# link to them; no page and no search entry holds an explanation, a model
# answer or what a good essay covers (in the browser, before an answer
# is given: tests/site/words.js), which show once a question is answered
# (site.answers: after) or never (site.answers: never).  The teacher's
# site keeps them.
. "${CG_ROOT:-.}/tests/lib.sh"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$CHROMIUM" ] || [ ! -f "$CG_ROOT/site/node_modules/mermaid/dist/mermaid.min.js" ]; then
	if [ "${CI:-}" = true ]; then echo "Bail out! chromium and the vendored site assets are required under CI"; exit 1; fi
	echo "1..0 # SKIP no chromium or no vendored site assets (make assets)"
	exit 0
fi
export CHROMIUM

start_sim -s 4
export CG_URL=$SIM_URL
O=$T/out
printf 'name: Cells\nsubject: Cell biology\nmodules: 1\nsessions: 2\ndiagrams_per_session: 1\n' >"$T/c.yaml"
make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" -j4 course COURSE="$T/c.yaml" OUT="$O" SET=llm.slots=4 >"$T/log" 2>&1
is $? 0 "make course succeeds"

# usage and bad values
cg-site -a parents "$O" 2>"$T/err"; is $? 64 "-a parents: exit 64"
like "$(cat "$T/err")" 'teacher or students' "... saying what it can be"
cp "$O/course.json" "$T/course.json.orig"
setsite() { node -e 'const fs=require("fs"),f=process.argv[1],o=JSON.parse(fs.readFileSync(f));o.site=JSON.parse(process.argv[2]);fs.writeFileSync(f,JSON.stringify(o))' "$O/course.json" "$1"; }
setsite '{"audience":"pupils"}'
cg-site "$O" 2>"$T/err"; is $? 65 "site.audience pupils: exit 65"
like "$(cat "$T/err")" 'site.audience "pupils": not teacher or students' "... naming the key"
setsite '{"answers":"sometimes"}'
cg-site -a students "$O" 2>"$T/err"; is $? 65 "site.answers sometimes: exit 65"

# the students' edition, where it goes
setsite '{"audience":"students"}'
rm -rf "$O/site-students"
cg-site "$O" 2>"$T/err"; is $? 0 "site.audience students: cg-site succeeds"
S=$O/site-students
test -s "$S/index.html" && test -s "$S/s01-quiz.html" && test -s "$S/handout.html"; ok $? "... into OUT/site-students/"
test ! -e "$S/print.html" && test ! -e "$S/report.html"; ok $? "... without print.html or report.html"
is "$(grep -l 'href="print.html"\|href="report.html"' "$S"/*.html | wc -l | tr -d ' ')" 0 "... and no link to them"
is "$(grep -c 'href="print.html"' "$O/site/index.html")" 1 "the teacher's site links to print.html"
cp "$T/course.json.orig" "$O/course.json"

# every explanation, model answer and guidance of the course
jq -s '[.[] | (.multiple_choice[]?.explanation, .short_answer[]?.answer, .essay[]?.guidance)] | map(select(type == "string" and length > 20))' \
	"$O"/s*/questions.json >"$T/answers.json"
n=$(jq length "$T/answers.json")
ok $([ "$n" -ge 6 ] && echo 0 || echo 1) "the course has answers to look for ($n)"
cg-site -a students -o "$T/st" "$O" 2>"$T/err"; is $? 0 "cg-site -a students -o DIR succeeds"
found() { # DIR: how many of the texts its pages or search index hold
	jq -r '.[]' "$T/answers.json" | while IFS= read -r a; do
		if grep -rqF -- "$(printf '%s' "$a" | cut -c1-60 | sed "s/'/\&#39;/g")" "$1"/*.html "$1/assets/search-index.js" ||
		   grep -rqF -- "$(printf '%s' "$a" | cut -c1-60)" "$1"/*.html "$1/assets/search-index.js"; then echo x; fi
	done | wc -l | tr -d ' '
}
is "$(found "$O/site")" "$n" "the teacher's site holds all $n"
is "$(found "$T/st")" 0 "the students' pages and search index hold none"
like "$(cat "$T/st/s01-quiz.html")" 'data-reveal="' "... they travel encoded, for after an answer"
node "$CG_ROOT/tests/site/words.js" students "$T/st" "$T/profile" "$T/answers.json" >"$T/b" 2>&1
is $? 0 "in the browser: no answer before answering, the explanation after"
grep -c '^ok' "$T/b" | sed 's/^/# checks passed: /'
grep -A3 '^not ok' "$T/b" | head -20 | sed 's/^/# /'

# site.answers: never
setsite '{"answers":"never"}'
cg-site -a students -o "$T/never" "$O" 2>"$T/err"; is $? 0 "site.answers never: cg-site succeeds"
is "$(found "$T/never")" 0 "... no answer anywhere"
is "$(grep -c 'data-reveal' "$T/never"/*.html | grep -v ':0$' | wc -l | tr -d ' ')" 0 "... not even encoded"
like "$(cat "$T/never/s01-quiz.html")" 'class="quiz-data"' "... the quiz still scored"
like "$(cat "$T/never/s01-quiz.html")" '<textarea class="my-answer"' "... open questions still answerable"
done_testing
