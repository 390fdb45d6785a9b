#!/bin/sh
# Progress: one line per finished target of make course, numbered from the
# plan ([n/N] ... eta), then the summary; nothing else on stderr when it
# is a file; CG_QUIET=1 silences the lines; V=1 shows make's commands.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4
export CG_URL=$SIM_URL
O=$T/course
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" SET=llm.slots=4 "$@"; }
mk -j4 course >out 2>err
is $? 0 "make course"
n=$(( $(generated_files "$O" | grep -vc session.json) - $(ls "$O"/s*/questions.md | wc -l) + 1 + $(jget "$O/outline.json" modules.length) ))
is "$(grep -c '^\[' err)" "$n" "one progress line per generated file and outline request ($n)"
is "$(grep -o '^\[[0-9]*/' err | tr -d '[/' | sort -n | tr '\n' ' ')" "$(seq -s ' ' 1 "$n") " "numbered 1 to $n, each once"
is "$(grep '^\[' err | tail -n 1 | grep -o '/[0-9]*\]')" "/$n]" "... of $n, the plan's count"
like "$(grep '/lab.md' err | head -n 1)" '^\[[0-9]+/[0-9]+\] s0[1-4]/lab\.md  [0-9]+ words  [0-9.]+ s  [0-9]+ tok/s  eta [0-9]+[smh]' "a line: file, words, time, rate, eta"
like "$(grep 'diagram-1' err | head -n 1)" ' [0-9]+ nodes ' "... nodes for a diagram"
like "$(grep 'questions.json' err | head -n 1)" ' 10 questions ' "... questions for a quiz"
is "$(grep -vc '^\[' err)" 3 "and three more lines: the summary and where the site is"
like "$(tail -n 3 err | head -n 1)" "files: [0-9]+ written, 0 imperfect, 0 failed, 0 not made" "... what was written"
like "$(tail -n 2 err | head -n 1)" "^$n requests, [0-9]+ prompt \+ [0-9]+ reply tokens, [0-9.]+ s, [0-9]+ at once at most, [0-9]+% busy" "... the requests of this run"
like "$(tail -n 1 err)" "^site: $O/site/index.html$" "... and where the site is"
is "$(grep -c 'cg-[a-z]* ' err)" 0 "no command echoed"
mk -j4 course >out 2>err
is "$(grep -c '^\[' err)" 0 "a run with nothing to do prints no progress line"
rm "$O"/s02/lab.md
CG_QUIET=1 mk -j4 course >out 2>err
is "$(grep -c '^\[' err)" 0 "CG_QUIET=1: no progress lines"
rm "$O"/s02/lab.md
make -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" SET=llm.slots=4 -j4 course V=1 >out 2>err
like "$(cat out err)" "cg-lab -o $O/s02/lab.md" "V=1 shows the commands"
done_testing
