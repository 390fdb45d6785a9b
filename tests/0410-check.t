#!/bin/bash
# cg-check: passes on a good generated course, fails (65) on a broken .mmd,
# a questions.json with a missing question, a preamble, a file the
# generator gave up on (with its reason) or a temp file, but not on a file
# not made yet; -s counts the same files; 66 when the course is missing.
. "$CG_ROOT/tests/lib.sh"

cg-config -o course.json 2>/dev/null || { echo "Bail out! cg-config failed"; exit 1; }
start_sim
export CG_URL=$SIM_URL CG_LOG=$T/calls.jsonl

# a two-session course: outline.json + one session.json per session
mkdir -p good
cat >good/outline.json <<'EOF'
{"course":{"name":"Introduction to Cell Biology","subject":"Cell biology","level":"introductory",
  "description":"A short first course on the living cell.","language":"English","duration_weeks":2},
 "modules":[
  {"number":1,"title":"Cells","description":"What cells are made of.",
   "sessions":[{"number":1,"title":"Cell Structure","subtopics":["Organelles","Membranes"],
     "objectives":["Name organelles"],"key_concepts":["organelle"],"rationale":"First."}]},
  {"number":2,"title":"Energy","description":"How cells use energy.",
   "sessions":[{"number":2,"title":"Respiration","subtopics":["Glycolysis","The Krebs cycle"],
     "objectives":["Outline respiration"],"key_concepts":["ATP"],"rationale":"Second."}]}]}
EOF
node -e '
const fs=require("fs");
const o=JSON.parse(fs.readFileSync("good/outline.json"));
const cfg=JSON.parse(fs.readFileSync("course.json"));
const mods=o.modules.map(m=>({number:m.number,title:m.title,description:m.description}));
for(const m of o.modules)for(const s of m.sessions){
  const id="s"+String(s.number).padStart(2,"0");
  fs.mkdirSync("good/"+id);
  fs.writeFileSync("good/"+id+"/session.json",JSON.stringify({id,number:s.number,
    course:Object.assign({slug:"cells",constraints:""},o.course),
    module:{number:m.number,title:m.title,description:m.description},
    session:s,modules:mods,diagrams:2,
    questions:{multiple_choice:5,options:4,short_answer:3,essay:2},
    content:cfg.content,llm:{provider:"ollama",model:"gemma3:4b",options:{}}},null,2)+"\n");
}'
for s in s01 s02; do
	for k in lecture lab notes; do
		cg-$k -o good/$s/$k.md good/$s/session.json || fail "cg-$k $s"
	done
	cg-questions -o good/$s/questions.json good/$s/session.json || fail "cg-questions $s"
	for i in 1 2; do
		cg-diagram -i $i -o good/$s/diagram-$i.mmd good/$s/session.json || fail "cg-diagram $s $i"
	done
	for k in application extension integration investigation open-questions; do
		cg-$k -o good/$s/$k.md good/$s/session.json || fail "cg-$k $s"
	done
	cg-visualization -o good/$s/visualization.mmd good/$s/session.json || fail "cg-visualization $s"
done
fresh() { rm -rf work; cp -a good work; }

# usage
t "cg-check -h exits 0" cg-check -h
like "$(cg-check -h)" "^usage: cg-check \[-hqsV\] \[OUT\]" "usage line"
cg-check -h >/dev/full 2>/dev/null; is $? 74 "-h onto a full disk: exit 74"
cg-check -x good >/dev/null 2>&1; is $? 64 "bad option: 64"
like "$(cg-check -V)" "^cg-check [0-9]" "-V prints the version"

# a good course
fresh
cg-check work >out; is $? 0 "good course: exit 0"
like "$(cat out)" "^s01/lecture.md ok [0-9]+ words" "per-file line for the lecture"
like "$(cat out)" "s02/diagram-2.mmd ok [0-9]+ nodes" "per-file line for a diagram"
like "$(cat out)" "s01/questions.json ok" "per-file line for questions"
like "$(cat out)" "s02/open-questions.md ok" "per-file line for open questions"
is "$(grep -c ' ok' out)" 26 "13 files per session checked"
like "$(tail -n 1 out)" "^work: 2 sessions, 26 files, 0 failed" "summary line"
cg-check -q work >out; is $? 0 "-q: exit 0"
is "$(grep -c ' ok' out)" 0 "-q prints no ok lines"
is "$(wc -l <out | tr -d ' ')" 1 "-q: only the summary"

# session 2 given session 1's number: refused (as by cg-plan, cg-site
# and cg-export), naming both places, before any file is checked
fresh
node -e 'const fs=require("fs"),o=JSON.parse(fs.readFileSync("work/outline.json"));o.modules[1].sessions[0].number=1;fs.writeFileSync("work/outline.json",JSON.stringify(o))'
cg-check work >out 2>err; is $? 65 "a session number given twice: 65"
like "$(cat err)" '^cg-check: work/outline.json: not a usable outline' "... naming the outline"
like "$(cat err)" '^modules\[1\]\.sessions\[0\]: session number 1 appears twice \(also modules\[0\]\.sessions\[0\]\)' "... and both places"
is "$(grep -c ' ok' out)" 0 "... and checks no file of it"

# the only course under out/ is the default
mkdir -p def/out && cp -a good def/out/c && cd def
cg-check >report; is $? 0 "no OUT: the only course under out/"
like "$(tail -n 1 report)" "^out/c: " "and names it"
cp -a out/c out/d
cg-check >/dev/null 2>err; is $? 64 "two courses under out/: 64"
like "$(cat err)" "several courses" "says so"
cd "$T"
cg-check nosuchdir >/dev/null 2>err; is $? 66 "missing OUT: 66"
like "$(cat err)" "nosuchdir" "message names it"
mkdir empty
cg-check empty >/dev/null 2>err; is $? 66 "no outline.json: 66"

# a broken diagram
fresh
printf 'flowchart TD\n    A[Cell (membrane)] --> B\n    B --> C{Energy}\n' >work/s02/diagram-2.mmd
cg-check work >out; is $? 65 "broken .mmd: 65"
like "$(cat out)" "^s02/diagram-2.mmd FAIL: " "names the diagram"
like "$(tail -n 1 out)" " 1 failed" "summary counts it"

# a questions.json with a missing question
fresh
node -e 'const fs=require("fs");const q=JSON.parse(fs.readFileSync("work/s01/questions.json"));q.multiple_choice.pop();fs.writeFileSync("work/s01/questions.json",JSON.stringify(q))'
cg-check work >out; is $? 0 "a quiz short of a question: kept as imperfect, exit 0"
like "$(cat out)" "s01/questions.json warning: .*multiple_choice has 4" "says which count is wrong"

# a preamble left at the start
fresh
{ printf 'Okay, here\xe2\x80\x99s the lab you asked for:\n\n'; cat good/s01/lab.md; } >work/s01/lab.md
cg-check -q work >out; is $? 65 "a preamble: 65"
like "$(cat out)" "s01/lab.md FAIL: .*preamble" "names the file"

# a file not made yet (an unfinished course) is no failure; one the
# generator gave up on is, with its reason; -s counts the same files
fresh
rm work/s02/notes.md work/s02/questions.md
cg-check -q work >out; is $? 0 "files not made yet: exit 0"
like "$(cat out)" "^s02/notes.md not made yet$" "a file not made yet is called so"
unlike "$(cat out)" "FAIL" "... not a failure"
like "$(tail -n 1 out)" "^work: 2 sessions, 26 files, 0 failed, 2 not made yet" "the summary counts them apart"
cg-check -s work >sum; is $? 0 "-s: exit 0"
like "$(head -n 1 sum)" "^work: 26 files: 24 written, 0 imperfect, 0 failed, 2 not made yet$" "-s counts the same 26 files"
like "$(cat sum)" "not made yet: s02/notes.md s02/questions.md$" "-s names the files not made yet"
printf 's02/notes.md: no usable reply in 3 attempts; giving up\ntoo short: 12 words, asked 300-450\nmissing heading "## Summary"\n' >work/s02/.notes.md.failed
cg-check work >out; is $? 65 "a failed file: 65"
like "$(cat out)" '^s02/notes.md FAIL: s02/notes.md: no usable reply in 3 attempts; giving up; too short: 12 words, asked 300-450; missing heading "## Summary"$' \
	"a failed file: its reason and the attempts' problems on one line"
like "$(tail -n 1 out)" " 26 files, 1 failed, 1 not made yet" "the summary counts it"
cg-check -s work >sum; is $? 65 "-s: a failed file: 65"
like "$(head -n 1 sum)" "^work: 26 files: 24 written, 0 imperfect, 1 failed, 1 not made yet$" "-s counts it the same way"
like "$(cat sum)" '  failed: s02/notes.md: no usable reply in 3 attempts; giving up; too short: 12 words, asked 300-450; missing heading "## Summary" — make s02-notes$' \
	"-s gives the reason on the failed file's line (its path said once) and the command that retries it"
printf 'x%.0s' $(seq 1 300) >work/s02/.notes.md.failed
like "$(cg-check -s work | grep failed:)" "^  failed: s02/notes.md: x{200}… — make s02-notes$" "a long reason is cut short"
printf 'weak: fewer sections than asked\nno "## Summary"\n' >work/s01/.lab.md.imperfect
like "$(cg-check -s work)" '  imperfect: s01/lab.md: weak: fewer sections than asked; no "## Summary"' "-s: every problem of an imperfect file"

# a far too short file
fresh
printf '## Objectives\n\nToo short.\n' >work/s01/lab.md
cg-check -q work >out; is $? 65 "a far too short file: 65"
like "$(cat out)" "s01/lab.md FAIL: .*words" "too short lab reported"

# soft problems are warnings, not failures
fresh
printf '\nAs Module 9 shows, this matters.\n' >>work/s01/integration.md
cg-check work >out; is $? 0 "a warning alone: exit 0"
like "$(cat out)" "s01/integration.md warning: mentions Module 9" "warning reported"
like "$(tail -n 1 out)" "1 warning" "summary counts warnings"

# temp files of a write still going on (a killed writer's are removed:
# tests/0700-bad-input.t)
fresh
sleep 30 & live=$!
: >work/s01/.cg-tmp.$live.0
cg-check -q work >out; is $? 65 "temp file: 65"
like "$(cat out)" "s01/.cg-tmp.$live.0 FAIL: temp file" "temp file reported"
kill $live

done_testing
