#!/bin/bash
# cg-lecture … cg-open-questions (cg-gen): every kind against cg-sim, quirks
# cleaned, the hand-edit guard, -f, validation retries, bad input.
. "$CG_ROOT/tests/lib.sh"

# A session.json as cg-plan writes it; content requirements come from the
# real config/content.yaml through cg-config.
cg-config -o course.json 2>/dev/null || { echo "Bail out! cg-config failed"; exit 1; }
mksession() {
	mkdir -p "$1"
	cat >"$1/base.json" <<'EOF'
{"id":"s02","number":2,
 "course":{"name":"Introduction to Cell Biology","slug":"cell-biology",
  "subject":"Cell biology","level":"introductory",
  "description":"A short first course on the living cell.",
  "language":"English","duration_weeks":2,
  "constraints":["Use SI units."]},
 "module":{"number":1,"title":"Cells and Membranes","description":"What cells are made of."},
 "session":{"number":2,"title":"Membrane Transport",
  "subtopics":["Diffusion and osmosis","Active transport","Endocytosis"],
  "objectives":["Explain osmosis","Compare passive and active transport","Describe endocytosis"],
  "key_concepts":["concentration gradient","osmosis","sodium-potassium pump"],
  "rationale":"Builds on cell structure."},
 "modules":[{"number":1,"title":"Cells and Membranes","description":"What cells are made of."},
  {"number":2,"title":"Energy","description":"How cells use energy."}],
 "diagrams":2,
 "questions":{"multiple_choice":5,"options":4,"short_answer":3,"essay":2},
 "llm":{"provider":"ollama","model":"gemma3:4b","options":{"temperature":0.7}}}
EOF
	node -e 'const fs=require("fs");const s=JSON.parse(fs.readFileSync(process.argv[1]));
		s.content=JSON.parse(fs.readFileSync("course.json")).content;
		fs.writeFileSync(process.argv[2],JSON.stringify(s,null,2)+"\n")' \
		"$1/base.json" "$1/session.json"
	rm -f "$1/base.json"
}
gens() { sim_stats | jget - generations; }
# the session kinds of one file each, in table (dependency) order, as
# their program names less "cg-"; file_of gives a kind's file
cg-config -K >kinds.json
KINDS=$(node -e 'for(const k of require("./kinds.json"))if(k.shape!=="outline"&&!k.multi)console.log(k.tool.slice(3))')
file_of() { node -e 'console.log(require("./kinds.json").find(k=>k.tool==="cg-"+process.argv[1]).file)' "$1"; }

start_sim
export CG_URL=$SIM_URL CG_LOG=$T/calls.jsonl
mksession s02

# usage and version
t "cg-lecture -h exits 0" cg-lecture -h
like "$(cg-lecture -h)" "^usage: cg-lecture \[-fhmvV\]" "usage names the program"
cg-lecture -x s02/session.json 2>/dev/null; is $? 64 "bad option: 64"
like "$(cg-gen -V)" "^cg-gen [0-9]" "-V prints the version"
cg-gen nosuchkind s02/session.json 2>/dev/null; is $? 64 "unknown kind: 64"

# every kind, in dependency order, valid output
for k in $KINDS; do
	f=$(file_of "$k")
	cg-$k -o "s02/$f" s02/session.json 2>"err.$k"
	is $? 0 "cg-$k exits 0"
	test -s "s02/$f"; ok $? "cg-$k wrote s02/$f"
	test -s "s02/.$f.sum"; ok $? "cg-$k recorded the sum of s02/$f"
done
for i in 1 2; do
	cg-diagram -i $i -o s02/diagram-$i.mmd s02/session.json
	is $? 0 "cg-diagram -i $i exits 0"
done
cg-diagram -i 3 -o s02/diagram-3.mmd s02/session.json 2>err; is $? 64 "-i beyond diagrams: 64"
like "$(cat err)" "diagrams 1 to 2" "message names the range"
test ! -e s02/diagram-3.mmd; ok $? "nothing written for -i 3"
cg-lecture -i 2 s02/session.json 2>/dev/null; is $? 64 "-i is for cg-diagram only"
cg-diagram -i 2x s02/session.json 2>/dev/null; is $? 64 "-i not a number: 64"

like "$(head -n 1 s02/diagram-1.mmd)" "^flowchart (TD|LR)$" "diagram starts with flowchart"
test -s s02/questions.md; ok $? "cg-questions wrote questions.md too"
is "$(jget s02/questions.json multiple_choice.length)" 5 "5 multiple choice"
is "$(jget s02/questions.json short_answer.length)" 3 "3 short answer"
is "$(jget s02/questions.json essay.length)" 2 "2 essay"
is "$(jget s02/questions.json session)" 2 "questions.json has the session number"
is "$(jget s02/questions.json title)" "Membrane Transport" "and the title"
like "$(cat s02/lecture.md)" "## Overview" "lecture has the required headings"
like "$(cat s02/lab.md)" "## Procedure" "lab has the required headings"
is "$(grep -c '"event":"validate"' calls.jsonl)" 12 "one validate line per generated file"
like "$(grep '"event":"validate"' calls.jsonl | head -n 1)" '"status":"ok"' "validate line says ok"
like "$(grep '"event":"validate"' calls.jsonl | head -n 1)" '"tool":"cg-lecture"' "validate line names the tool"

# the lab prompt quotes the lecture; the diagram prompt names its subtopic
cg-lab -o s02/lab.md -f s02/session.json 2>/dev/null
sim_stats | node -e 'let d=JSON.parse(require("fs").readFileSync(0));let b=d.last[d.last.length-1];process.stdout.write(JSON.stringify(b.messages))' >lastmsg
like "$(cat lastmsg)" "<lecture>" "lab prompt quotes the lecture"
cg-diagram -f -i 2 -o s02/diagram-2.mmd s02/session.json 2>/dev/null
sim_stats | node -e 'let d=JSON.parse(require("fs").readFileSync(0));let b=d.last[d.last.length-1];process.stdout.write(JSON.stringify(b.messages))' >lastmsg
like "$(cat lastmsg)" 'subtopic \\"Active transport\\"' "diagram 2 is about subtopic 2"

# later kinds read a digest, not the head of the file: the last section of
# a 9,000-character lecture reaches the questions prompt
mkdir -p dg
cp s02/session.json dg/
{
	for s in Overview "Diffusion and osmosis" "Active transport" Endocytosis "Key Concepts"; do
		printf '## %s\n\n' "$s"
		i=0; while [ $i -lt 40 ]; do printf 'Cells move substances across membranes in many ways. '; i=$((i+1)); done
		printf '\n\n'
	done
	printf '## Summary\n\nZebrafish regeneration closes the session with **vesicle**, a small sac.\n'
} >dg/lecture.md
cp s02/lab.md dg/lab.md
ok "$([ "$(wc -c <dg/lecture.md)" -gt 9000 ]; echo $?)" "the lecture has over 9,000 characters"
cg-questions -o dg/questions.json dg/session.json 2>/dev/null
sim_stats | node -e 'let d=JSON.parse(require("fs").readFileSync(0));let b=d.last[d.last.length-1];process.stdout.write(JSON.stringify(b.messages))' >lastmsg
like "$(cat lastmsg)" "Zebrafish regeneration closes the session" "the questions prompt holds the lecture's last section"
like "$(cat lastmsg)" 'vesicle\*\*: ' "... and its key terms"
like "$(cat lastmsg)" '### Endocytosis' "... and every subtopic heading"

# stdout when no -o; earlier files found with -d
mkdir other
cg-lab -d s02 <s02/session.json >other/lab.md; is $? 0 "stdin and -d work"
like "$(head -c 3 other/lab.md)" "^## " "stdout output is the document"
cg-lab other/session.json 2>err; is $? 66 "missing session.json: 66"
cp s02/session.json other/session.json
cg-notes -o other/notes.md other/session.json 2>err; is $? 66 "missing lecture for notes: 66"
like "$(cat err)" "lecture.md: missing" "message names the missing file"

# the client's exit code passes through; an unwritable output is 73
cg-config -s llm.retries.max=0 -o noretry.json 2>/dev/null
CG_URL=http://127.0.0.1:1 cg-lecture -c noretry.json -o other/lecture.md s02/session.json 2>err
is $? 69 "server down: 69"
like "$(cat err)" "127.0.0.1:1" "message names the URL"
test ! -e other/lecture.md; ok $? "nothing written when the server is down"
cg-lecture -o /dev/null/lecture.md s02/session.json 2>err; is $? 73 "unwritable output: 73"

# bad session.json: the JSON path in the message, exit 65, nothing sent
n0=$(gens)
mkdir bad
printf '{"course":{"name":"x","subject":"y"},"module":{"title":"m"},"session":{"title":7}}' >bad/session.json
cg-lecture -o bad/lecture.md bad/session.json 2>err; is $? 65 "wrong type in session.json: 65"
like "$(cat err)" 'session.*"title" must be a string' "message names the JSON path"
printf '{"course": {"name": "x",\n  "subject": }' >bad/session.json
cg-lecture -o bad/lecture.md bad/session.json 2>err; is $? 65 "invalid JSON: 65"
like "$(cat err)" "session.json:2:" "message has line and column"
is "$(gens)" "$n0" "no request for a bad session.json"
test ! -e bad/lecture.md; ok $? "nothing written"

# hand-edit guard: kept, touched, no request; -f overwrites
echo "My own closing paragraph." >>s02/lecture.md
touch -d '2000-01-01' s02/lecture.md
n0=$(gens)
cg-lecture -o s02/lecture.md s02/session.json 2>err; is $? 0 "hand-edited file: exit 0"
like "$(cat err)" "s02/lecture.md: edited by hand since it was generated; kept \(delete it(, or give this program -f,)? to have it made again\)" "says it is kept"
like "$(tail -n 1 s02/lecture.md)" "My own closing" "the edit is kept"
is "$(gens)" "$n0" "no request sent for a kept file"
test s02/lecture.md -nt s02/session.json; ok $? "kept file is touched"
cg-lecture -f -o s02/lecture.md s02/session.json 2>/dev/null; is $? 0 "-f: exit 0"
unlike "$(cat s02/lecture.md)" "My own closing" "-f overwrote the edit"
is "$(gens)" "$((n0 + 1))" "-f sent one request"
echo "edited" >>s02/questions.md
n0=$(gens)
cg-questions -o s02/questions.json s02/session.json 2>err
is $? 0 "questions with a hand-edited questions.md: exit 0"
is "$(gens)" "$((n0 + 1))" "questions.json is regenerated"
is "$(tail -n 1 s02/questions.md)" "edited" "the edited questions.md is kept"
like "$(cat err)" "questions.md: edited by hand" "and it says so"

# validation retry: the first lecture is far too short (a prompt without a
# length, cg-sim -w 20); the re-request states the range and succeeds
mkdir -p prompts
sed '/^Length: between/d' "$CG_ROOT/prompts/lecture.md" >prompts/lecture.md
start_sim -w 20
export CG_URL=$SIM_URL
: >calls.jsonl
mkdir -p r1
cp s02/session.json r1/
CG_PROMPTS=$T/prompts cg-lecture -o r1/lecture.md r1/session.json 2>err
is $? 0 "short first reply, good second: exit 0"
is "$(gens)" 2 "two requests"
is "$(grep -c '"event":"validate"' calls.jsonl)" 2 "two validate lines"
like "$(grep '"round":0' calls.jsonl | grep validate)" '"status":"retry".*"problems":\[".*words' "round 0: retry, problem about words"
like "$(grep '"round":1' calls.jsonl | grep validate)" '"status":"ok"' "round 1: ok"
sim_stats | node -e 'let d=JSON.parse(require("fs").readFileSync(0));let b=d.last[d.last.length-1];process.stdout.write(JSON.stringify(b.messages))' >lastmsg
like "$(cat lastmsg)" "Problems:.*only [0-9]+ words" "the re-request states the problem"
# the re-ask is a conversation: the same first turns, the previous reply
# as the assistant's turn, the problems as the next user turn
sim_stats | node -e 'let d=JSON.parse(require("fs").readFileSync(0));let a=d.last[d.last.length-2].messages,b=d.last[d.last.length-1].messages;
	console.log(b.map(m=>m.role).join(","));
	console.log(a[1].content===b[1].content?"same":"differs");
	console.log(b[2].content.split(/\s+/).length<100&&!/Problems:/.test(b[2].content)?"reply":"other");
	console.log(/Problems:/.test(b[3].content)&&!/Problems:/.test(b[1].content)?"fix":"nofix")' >conv
is "$(sed -n 1p conv)" "system,user,assistant,user" "re-ask: system, user, assistant, user"
is "$(sed -n 2p conv)" same "re-ask: the first user turn is unchanged"
is "$(sed -n 3p conv)" reply "re-ask: the assistant turn is the short first reply"
is "$(sed -n 4p conv)" fix "re-ask: the problems are the last user turn only"

# imperfect to the end: a prompt that never shows the required headings;
# every reply lacks them, so after the last round the best is kept, the
# problems noted beside it, and cg-check lists it as a warning
sed '/^{{#each req.headings}}$/,/^{{\/each}}$/d' "$CG_ROOT/prompts/lecture.md" >prompts/lecture.md
: >calls.jsonl
n0=$(gens)
CG_PROMPTS=$T/prompts cg-lecture -o r1/imp.md r1/session.json 2>err
is $? 0 "imperfect after every round: exit 0"
is "$(gens)" "$((n0 + 3))" "... after 1 + validate_retries requests"
test -s r1/imp.md; ok $? "... the best reply is kept"
like "$(cat r1/.imp.md.imperfect 2>/dev/null)" "missing: \"## Overview\"" "... its problems noted beside it"
like "$(grep validate calls.jsonl | tail -n 1)" '"status":"imperfect"' "... the last round logged as imperfect"
like "$(cat err)" "still imperfect" "... and said on stderr"
# a conversation that cannot fit the context drops the previous reply:
# the problems follow the prompt (num_ctx holds the prompt and the reply
# budget, not the previous reply too)
pb=$(CG_PROMPTS=$T/prompts cg-prompt lecture r1/session.json | wc -c)
cg-config -s llm.options.num_ctx=$((pb / 3 + 3000 + 200)) -o tight.json 2>/dev/null
CG_PROMPTS=$T/prompts cg-lecture -c tight.json -o r1/tight.md r1/session.json 2>err
is $? 0 "a re-ask too large for the context: exit 0"
sim_stats | node -e 'let d=JSON.parse(require("fs").readFileSync(0));let b=d.last[d.last.length-1].messages;console.log(b.map(m=>m.role).join(",")+" "+(/Problems:/.test(b[b.length-1].content)?"fix":"nofix"))' >conv2
is "$(cat conv2)" "system,user fix" "... is asked without the previous reply, the problems after the prompt"
cp prompts/lecture.md p2.md; cp "$CG_ROOT/prompts/lecture.md" prompts/lecture.md
CG_PROMPTS=$T/prompts cg-lecture -f -o r1/imp.md r1/session.json 2>/dev/null
test ! -e r1/.imp.md.imperfect; ok $? "a clean regeneration removes the note"
cp p2.md prompts/lecture.md

# validation failure: every reply cut off by a tiny num_predict -> 65
cg-config -s llm.kinds.lecture.num_predict=30 -o small.json 2>/dev/null
n0=$(gens)
: >calls.jsonl
cg-lecture -c small.json -o r1/lec2.md r1/session.json 2>err; is $? 65 "always too short: 65"
is "$(gens)" "$((n0 + 3))" "bounded: 1 + validate_retries (2) requests"
is "$(grep -c '"event":"validate"' calls.jsonl)" 3 "three validate lines"
like "$(grep validate calls.jsonl | tail -n 1)" '"status":"fail"' "last round: fail"
like "$(cat err)" "cut off" "problems listed: cut off"
like "$(cat err)" "words" "problems listed: words"
test ! -e r1/lec2.md; ok $? "nothing written after failing validation"
cg-config -s llm.validate_retries=0 -s llm.kinds.lecture.num_predict=30 -o zero.json 2>/dev/null
n0=$(gens)
cg-lecture -c zero.json -o r1/lec2.md r1/session.json 2>/dev/null; is $? 65 "validate_retries 0: 65"
is "$(gens)" "$((n0 + 1))" "validate_retries 0: one request"

# questions repair: every other reply violates the schema (the first bad)
start_sim --badschema 2
export CG_URL=$SIM_URL
: >calls.jsonl
mkdir -p r2
cp s02/session.json s02/lecture.md s02/lab.md r2/
cg-questions -o r2/questions.json r2/session.json 2>err
is $? 0 "questions repaired after a bad reply"
is "$(gens)" 2 "two requests"
is "$(grep validate calls.jsonl | grep -c '"status":"retry"')" 1 "one retry round logged"
is "$(jget r2/questions.json multiple_choice.length)" 5 "repaired questions have the counts"
sim_stats | node -e 'let d=JSON.parse(require("fs").readFileSync(0));let b=d.last[d.last.length-1];process.stdout.write(JSON.stringify(b.messages))' >lastmsg
like "$(cat lastmsg)" "Problems:" "the repair request states the problems"
# every reply one question short: the re-ask asks for the missing one only
# and merges it in
start_sim --badschema 1
export CG_URL=$SIM_URL
cg-questions -o r2/q2.json r2/session.json 2>err; is $? 0 "every reply a question short: completed"
is "$(gens)" 2 "... by a second request"
sim_stats | node -e 'let d=JSON.parse(require("fs").readFileSync(0));let b=d.last[d.last.length-1].messages;process.stdout.write(b[b.length-1].content)' >lastfix
like "$(cat lastfix)" "lacks 1 question \(1 multiple choice, 0 short answer, 0 essay\); reply with only those" "... asking for only the missing question"
is "$(jget r2/q2.json multiple_choice.length)" 5 "... merged: 5 multiple-choice questions"
# every reply unusable (cut to a few tokens): bounded, 65, nothing written
cg-config -s llm.kinds.questions.num_predict=3 -o tiny.json 2>/dev/null
n0=$(gens)
cg-questions -c tiny.json -o r2/q3.json r2/session.json 2>err; is $? 65 "always unusable questions: 65"
is "$(( $(gens) - n0 ))" 3 "1 + validate_retries requests"
test ! -e r2/q3.json && test -s r2/.q3.json.failed; ok $? "nothing written, the reason beside it"

# quirks: preambles, fences, trailing remarks, sloppy mermaid -> clean files
start_sim --quirks
export CG_URL=$SIM_URL
mksession q
for k in $KINDS; do
	f=$(file_of "$k")
	cg-$k -o "q/$f" q/session.json 2>"err.$k"
	is $? 0 "quirks: cg-$k exits 0"
done
for i in 1 2; do
	cg-diagram -i $i -o q/diagram-$i.mmd q/session.json
	is $? 0 "quirks: cg-diagram -i $i exits 0"
done
for f in q/*.md; do
	first=$(grep -v '^[[:space:]]*$' "$f" | head -n 1)
	unlike "$first" '^(```|~~~|Okay|Sure|Here|Certainly|\*\*Okay)' "quirks: $f starts with content"
	unlike "$(cat "$f")" '^```' "quirks: $f has no fence"
	unlike "$(tail -n 1 "$f")" '(Let me know|I hope|adheres|^---$)' "quirks: $f has no trailing remark"
done
for f in q/*.mmd; do
	like "$(head -n 1 "$f")" "^flowchart (TD|LR|BT|RL)$" "quirks: $f is a flowchart"
	unlike "$(cat "$f")" '(```|classDef|style |Explanation|;$)' "quirks: $f is strict"
	unlike "$(grep -- '-->' "$f")" '(-->>|\[[^"])' "quirks: $f has strict arrows and quoted labels"
done
is "$(jget q/questions.json multiple_choice.length)" 5 "quirks: 5 multiple choice"
ls -a s02 q other r1 r2 | grep -q '\.cg-tmp'; ok $((!$?)) "no temp files left"

done_testing
