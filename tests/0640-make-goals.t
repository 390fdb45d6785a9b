#!/bin/sh
# The make interface: outline, sNN, sNN-KIND, a file by its path,
# clean-course; -k keeps going past a failed session; -O groups output.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4
export CG_URL=$SIM_URL
O=$T/out
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" \
	COURSE=config/course.yaml SET=llm.slots=4 "$@"; }
gens() { sim_stats | jget - generations; }
files() { (cd "$O" && find s[0-9]* -type f ! -name '.*' ! -name session.json | sort | tr '\n' ' '); }

mk outline >/dev/null 2>&1
ok $? "make outline"
[ -s "$O/outline.json" ] && [ -s "$O/s01/session.json" ]; ok $? "outline and session files exist"
is "$(files)" "" "make outline generates no session content"
# two modules: the skeleton, then one request per module
is "$(gens)" "$((1 + $(jget "$O/outline.json" modules.length)))" "make outline: a skeleton and one request per module"
test -s "$O/outline/skeleton.json" && test -s "$O/outline/m2.json"; ok $? "... each a target of its own"
# the outline's reply cap set in its kind's options: the request carries
# it and the outline is made again (a skeleton and one per module)
g=$(gens)
mk outline SET="llm.slots=4 llm.kinds.outline.options.num_predict=6000" >/dev/null 2>&1
is "$(gens)" "$((g + 1 + $(jget "$O/outline.json" modules.length)))" \
	"llm.kinds.outline.options.num_predict=6000: make outline remakes the outline"
is "$(sim_stats | jq '.last[-1].options.num_predict')" 6000 "... asking with that cap"
g=$(gens)
mk outline SET="llm.slots=4 llm.kinds.outline.options.num_predict=6000" >/dev/null 2>&1
is "$(gens)" "$g" "... once: the same setting again asks nothing"
mk outline >/dev/null 2>&1

mk s01-lab >/dev/null 2>err
is "$(files)" "s01/lab.md s01/lecture.md " "make s01-lab builds the lab and what it needs"
is "$(grep -o '^\[[0-9]*/[0-9]*\] s01/[a-z]*\.md' err | tr '\n' ' ')" "[1/2] s01/lecture.md [2/2] s01/lab.md " \
	"... saying so, a line per file, counting what it makes"
mk s01-lab >/dev/null 2>err
is "$(cat err)" "s01-lab: up to date; nothing to ask for (FRESH=1 asks again)" "again: one line, up to date"
mk s01-lab FRESH=1 >/dev/null 2>err
like "$(cat err)" '^\[1/1\] s01/lab\.md  [0-9]+ words' "FRESH=1: the one file made again, said"
mk "$O/s02/notes.md" >/dev/null 2>&1
like "$(files)" "s02/notes.md" "a file by its path"
mk s03-diagram-2 >/dev/null 2>&1
like "$(files)" "s03/diagram-2.mmd" "one diagram by its alias"
mk -j4 s04 >/dev/null 2>&1
n=$(ls "$O/s04" | grep -vc session.json)
k=$(jget "$O/s04/session.json" diagrams)
is "$n" "$((11 + k))" "make s04 builds the whole session"

# -k: a broken session fails, the others finish
echo '{ broken' >"$O/s02/session.json"
mk -k -j4 -O course >"$T/k.log" 2>&1
ok $([ $? -ne 0 ] && echo 0 || echo 1) "make -k reports the failure"
like "$(cat "$T/k.log")" 's02/session.json:1:[0-9]+' "the failure names the broken file and line"
cg-check "$O" >"$T/check" 2>&1
for s in s01 s03 s04; do
	c=$(grep -c "^$s/.* FAIL" "$T/check")
	is "$c" 0 "-k: session $s finished despite s02"
done

# the top-level Makefile delegates course goals, with its own build's tools
make -s -C "$CG_ROOT" B="$(dirname "$CG_BIN")" OUT="$O" SET=llm.slots=4 s01-notes >"$T/top.log" 2>&1
ok $? "top-level make s01-notes"
[ -s "$O/s01/notes.md" ]; ok $? "top-level make delegates to Course.mk"

mk clean-course >/dev/null 2>&1
[ ! -e "$O" ]; ok $? "make clean-course removes OUT"
done_testing
