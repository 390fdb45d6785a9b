#!/bin/sh
# Repair before re-ask: on replies of the shapes real 4B models write
# (cg-sim -S -Q -Q: bold and numbered headings, word counts in headings,
# short notes, all-multiple-choice quizzes, oversized and odd diagrams,
# mermaid in prose, residue, prices), cg mends what it can and re-asks
# only what is worth a whole generation, within the run's budget.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4 -S -Q -Q
export CG_URL=$SIM_URL
O=$T/course
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" "$@"; }
gens() { curl -s "$SIM_URL/sim/stats" | jget - generations; }
# the files of the plan the model is asked for: the outline's requests
# and every kind's file (not the quiz's markdown)
nfiles() { n=$(generated_files "$O" | grep -v 'questions\.md$' | wc -l); echo $((n + ${1:-0})); }

mk -j4 course >log 2>err; is $? 0 "make course on real-shaped replies"
r=$(gens)
f=$(nfiles 3)
ok "$(node -e 'process.exit(+process.argv[1] / +process.argv[2] <= 1.2 ? 0 : 1)' "$r" "$f"; echo $?)" \
	"at most 1.2 requests per file ($r requests for $f files)"
like "$(cat err)" "[0-9]+ files: [0-9]+ written, [0-9]+ imperfect, 0 failed, 0 not made" "no file failed, none left not made"
m=$(find "$O" -name '.*.mended' | wc -l | tr -d ' ')
like "$m" '^[1-9]' "files were mended rather than re-asked ($m)"
like "$(cat "$O"/s0*/.*.mended)" 'heading "(\*\*|## )[0-9]' "... numbered or bold headings among the repairs"
unlike "$(grep -h '^## ' "$O"/s0*/*.md)" '^## ([0-9]+\.|.*\([0-9]+ words\))' "no numbered heading or word count in a heading is left"
unlike "$(grep -h '^\*\*[0-9]+\. ' "$O"/s0*/lecture.md "$O"/s0*/lab.md 2>/dev/null)" . "no bold section line is left in a lecture or lab"

# every quiz keeps its questions once
dups=0
for q in "$O"/s0*/questions.json; do
	d=$(node -e 'const q=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const s=new Set();let d=0;
for(const t of ["multiple_choice","short_answer","essay"])for(const x of q[t]||[]){const k=x.question.toLowerCase().replace(/[^a-z0-9]/g,"");if(s.has(k))d++;s.add(k)}console.log(d)' "$q")
	dups=$((dups + d))
done
is "$dups" 0 "no question twice in a quiz"
unlike "$(cat "$O"/s0*/questions.json)" '\.\?"' "no question ends in \".?\""

# residue never reaches a learner's page; prices stay prices
pages=$(ls "$O"/site/*.html | grep -v report.html)
unlike "$(cat $pages)" 'Verification Checklist|═══|End of [A-Za-z]+ Document' "no echoed checklist, bar or closing on a page"
if grep -l '\$[0-9]' "$O"/s0*/*.md >/dev/null 2>&1; then
	unlike "$(cat $pages)" 'class="math[^"]*"[^>]*>[0-9]+, *<' "prices are not typeset as maths"
else
	pass "no prices in this course's replies"
fi
like "$(cat "$O/site/report.html")" 'mended|made &quot;## |made "## ' "the teacher's report lists what was mended"

# a budget of 0: imperfect replies are kept without a re-ask, and said
mk clean-course >/dev/null 2>&1
r0=$(gens)
mk -j4 course SET="llm.reask_budget=0" >log 2>err; rc=$?; cp err /tmp/err0750; is $rc 0 "make course with llm.reask_budget=0"
re=$(grep -c '"status":"retry"' "$O/log/calls.jsonl")
unre=$(grep '"status":"retry"' "$O/log/calls.jsonl" | grep -c 'lacks\|repeats\|cut off\|leaves out\|English' || true)
is "$unre" 0 "... no re-ask for what is only imperfect ($re re-asks in all, for unusable replies)"
like "$(cat err)" "imperfect files? kept without a re-ask \(the run's re-ask budget of 0 was spent\)" "... and the summary says how many were kept so"
done_testing
