#!/bin/sh
# A course always completes: make course keeps going past failed files,
# builds the site from what exists, ends with a summary of what was
# written, kept imperfect, failed (and why) and not made, and exits
# non-zero when anything failed; running it again retries only that.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4
export CG_URL=$SIM_URL
O=$T/out
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" COURSE="$T/c.yaml" PROMPTS="$T/prompts" "$@"; }
# prompts whose kind's replies are far too short (cg-sim writes the length
# a prompt asks for): every reply unusable
cp -R "$CG_ROOT/prompts" "$T/prompts"
short() { sed -i 's/^Length: between .* words\.$/Length: between 5 and 8 words./' "$T/prompts/$1.md"; }
restore() { cp "$CG_ROOT/prompts/$1.md" "$T/prompts/$1.md"; }
gens() { sim_stats | jget - generations; }
cat >"$T/c.yaml" <<'YAML'
name: Cells
subject: Cell biology
modules: 2
sessions: 2
diagrams_per_session: 1
content:
  notes:
    sections: [20, 30]
YAML

# every application reply has a few words: unusable, so those files fail;
# the notes can never have 20 sections: imperfect, kept
short application
mk -j4 course SET="llm.slots=4" >log1 2>err
rc=$?
ok "$([ $rc -ne 0 ]; echo $?)" "a failed file: make course exits non-zero ($rc)"
test -s "$O/site/index.html"; ok $? "the site is built all the same"
like "$(cat err)" "$(printf '%s' "$O"): [0-9]+ files: [0-9]+ written, 2 imperfect, 2 failed, 0 not made" "the summary counts them"
like "$(cat err)" "failed: s01/application.md: .*no usable reply" "... names each failed file and why"
like "$(cat err)" "imperfect: s02/notes.md: .*sections" "... and each imperfect one"
like "$(cat err)" 'failed: s01/application.md: no usable reply in [0-9]+ attempts.* — make s01-application' "... each in one line with why and the command that retries it"
is "$(grep -c 'not generated yet' err)" 0 "no \"not generated yet\" line: the summary names what was not made"
is "$(grep -v '^make' err | tail -n 1)" "course: 2 files failed — make course retries them" "the last line before make's own says how many failed and how to retry"
is "$(grep -c 'no usable reply in' err)" 4 "... each failed file named twice: as it failed, and once in the summary"
test ! -e "$O/s01/application.md"; ok $? "a failed file is not written"
test -s "$O/s01/.application.md.failed"; ok $? "... its reason is kept beside it"
test -s "$O/s02/notes.md" && test -s "$O/s02/.notes.md.imperfect"; ok $? "an imperfect file is kept, its problems beside it"
test -s "$O/s02/extension.md"; ok $? "files after the failed one were made"
cg-check "$O" >check 2>&1
like "$(cat check)" "s02/notes.md warning: .*sections" "cg-check lists the imperfect file as a warning"
like "$(cat "$O/site/report.html")" "s02/notes.md</td><td>imperfect</td><td>.*sections" "the teacher's report lists the imperfect file"
like "$(cat "$O/site/report.html")" "s01/application.md</td><td>failed</td><td>.*no usable reply" "... and the failed one, with why"
is "$(grep -l 'report.html' "$O"/site/*.html | grep -vc report.html)" 0 "no course page links to the report"
is "$(grep -l 'use between 20 and 30' "$O"/site/*.html "$O"/site/assets/*.js 2>/dev/null | grep -vc report.html)" 0 "learners never see the problems"

# again, with the prompt mended: only the failed files are asked for
restore application
n0=$(gens)
mk -j4 course SET="llm.slots=4" >log2 2>err2
is $? 0 "the second run completes"
is "$(( $(gens) - n0 ))" 2 "... asking only for the 2 failed files"
test ! -e "$O/s01/.application.md.failed"; ok $? "... and the failure note is gone"
like "$(cat err2)" "0 failed, 0 not made" "... the summary says so"

# a primary file that fails stops nothing: what is built from it is made
# without it, and says so
rm -f "$O"/s01/lab.md "$O"/s01/questions.json "$O"/s01/application.md
short lab
mk -j4 course SET="llm.slots=4" >log3 2>&1
ok "$([ $? -ne 0 ]; echo $?)" "a failed lab: make course exits non-zero"
like "$(cat log3)" "1 failed, 0 not made" "... and nothing is left not made for it"
test -s "$O/s01/questions.json" && test -s "$O/s01/application.md"; ok $? "... the files built from it are made without it"
like "$(cat "$O/s01/.questions.json.imperfect")" "Made without lab.md, which failed" "... and their notes say so"
unlike "$(grep -c . "$O/s01/.lab.md.digest")" '^[1-9]' "... the failed lab's digest is empty"
# the lab made later: what read nothing of it is made again
restore lab
n0=$(gens)
mk -j4 course SET="llm.slots=4" >log4 2>&1
is $? 0 "the lab made again: the run completes"
like "$(( $(gens) - n0 ))" '^[2-9]|^[1-9][0-9]' "... asking for the lab and what is built from it ($(( $(gens) - n0 )) requests)"
test ! -e "$O/s01/.questions.json.imperfect" || unlike "$(cat "$O/s01/.questions.json.imperfect")" "Made without" "... which no longer says it was made without it"
done_testing
