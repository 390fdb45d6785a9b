#!/bin/sh
# A course against a server that ignores the JSON schema and answers in
# the shapes real small models write (cg-sim -S -Q: markdown quizzes with
# no type labels, fenced outlines, chat remnants, Unicode separators,
# checklists, 22-26 node concept maps): it completes, every file and a
# site, every quiz with the counts asked.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4 -S -Q
export CG_URL=$SIM_URL
O=$T/course
make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" SET=llm.slots=4 -j4 course >out 2>err
is $? 0 "make course completes"
test -s "$O/site/index.html"; ok $? "the site is built"
is "$(expected_files "$O")" "$(generated_files "$O")" "every file"
is "$(cd "$O" && find . -name '.*.failed' | wc -l | tr -d ' ')" 0 "no file failed"
for q in "$O"/s*/questions.json; do
	s=$(basename "$(dirname "$q")")
	is "$(node -e 'let q=require(process.argv[1]);console.log([q.multiple_choice.length,q.short_answer.length,q.essay.length].join(" "))' "$q")" \
		"5 3 2" "$s: the quiz has the counts asked"
done
cg-check "$O" >check 2>&1
is $? 0 "cg-check passes (imperfect files are warnings)"
unlike "$(cat "$O"/s*/*.md)" 'All requirements|END OF OUTPUT|═══|───|^\[ \]' "no chat remnants left in the prose"
like "$(grep 'files:' err)" "files: [0-9]+ written, [0-9]+ imperfect, 0 failed, 0 not made" "the summary"
done_testing
