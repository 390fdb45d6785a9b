#!/bin/sh
# The whole pipeline through make against cg-sim: the file list, clean
# output, no-op rebuilds, single-session and single-prompt edits, changes
# that must regenerate nothing or everything, hand edits kept.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4
export CG_URL=$SIM_URL
O=$T/out
cp -R "$CG_ROOT/prompts" "$T/prompts"
SET="llm.slots=4"
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" \
	PROMPTS="$T/prompts" COURSE=config/course.yaml SET="$SET" "$@"; }
gens() { sim_stats | jget - generations; }
# files whose mtime is newer than the marker
newer() { find "$O" -name '.*' -prune -o -type f -newer "$T/mark" -print |
	sed "s|^$O/||" | grep -Ev '^(site|log)/' | sort | tr '\n' ' '; }
mark() { sleep 1.1; touch "$T/mark"; sleep 0.1; }

mk -j4 course >"$T/log" 2>&1
ok $? "make -j4 course succeeds"
nses=$(ls -d "$O"/s[0-9]* | wc -l)
is "$nses" 4 "sample course has 4 sessions"
is "$(generated_files "$O")" "$(expected_files "$O")" "exactly the expected files per session"
for f in course.json outline.json outline.md course.mk log/calls.jsonl site/index.html; do
	[ -s "$O/$f" ]; ok $? "$f exists"
done
left=$(find "$O" -name '.cg-tmp*' -o -name '*.tmp' | wc -l)
is "$left" 0 "no temp files left"
cg-check "$O" >"$T/check" 2>&1
ok $? "cg-check passes on the generated course"
bad=$(for f in "$O"/s*/*.md; do head -n 1 "$f"; done | grep -Eic '^(```|okay|sure|here)')
is "$bad" 0 "no file starts with a fence or a preamble"
for f in "$O"/s*/questions.json; do
	n=$(node -e 'const q=require(process.argv[1]);console.log([q.multiple_choice.length,q.short_answer.length,q.essay.length,q.multiple_choice.every(x=>x.options.length===4)].join(" "))' "$f")
	[ "$n" = "5 3 2 true" ] || { fail "question counts in $f: $n"; continue; }
done
pass "every questions.json has 5 MC (4 options), 3 short, 2 essay"

# a second run sends nothing
g0=$(gens); mark
mk -j4 course >/dev/null 2>&1
is "$(gens)" "$g0" "no-op make course sends zero requests"
is "$(newer)" "" "no-op make course rewrites nothing"

# a timeout or URL change regenerates nothing
g0=$(gens); mark
SET="llm.slots=4 llm.timeouts.total=999 llm.timeouts.idle=77"
mk -j4 course >/dev/null 2>&1
is "$(gens)" "$g0" "changing timeouts sends zero requests"
is "$(newer)" "course.json course.mk " "changing timeouts rewrites only course.json"

# editing what only one session quotes of the outline (an objective)
# regenerates that session only
g0=$(gens); mark
node -e 'const fs=require("fs");const f=process.argv[1];const o=JSON.parse(fs.readFileSync(f));o.modules[0].sessions[1].objectives[0]="Edited objective";fs.writeFileSync(f,JSON.stringify(o,null,2))' "$O/outline.json"
mk -j4 course >/dev/null 2>&1
ch=$(newer | tr ' ' '\n' | grep -v '^$' | cut -d/ -f1 | sort -u | tr '\n' ' ')
is "$ch" "course.mk outline.json outline.md s02 " "single-session edit touches only s02"
k2=$(jget "$O/s02/session.json" diagrams)
is "$(($(gens) - g0))" "$((10 + k2))" "single-session edit: one request per s02 file"

# a session's title is quoted by the sessions before and after it too
g0=$(gens); mark
node -e 'const fs=require("fs");const f=process.argv[1];const o=JSON.parse(fs.readFileSync(f));o.modules[0].sessions[1].title="Edited title";fs.writeFileSync(f,JSON.stringify(o,null,2))' "$O/outline.json"
mk -j4 course >/dev/null 2>&1
ch=$(newer | tr ' ' '\n' | grep -v '^$' | cut -d/ -f1 | sort -u | tr '\n' ' ')
is "$ch" "course.mk outline.json outline.md s01 s02 s03 " "a title edit touches its session and its neighbours"
k1=$(jget "$O/s01/session.json" diagrams) k3=$(jget "$O/s03/session.json" diagrams)
is "$(($(gens) - g0))" "$((30 + k1 + k2 + k3))" "a title edit: one request per file of the three"

# editing prompts/lab.md regenerates labs and what is built on them
g0=$(gens); mark
echo "Keep every step numbered." >>"$T/prompts/lab.md"
mk -j4 course >/dev/null 2>&1
kinds=$(newer | tr ' ' '\n' | grep -v '^$' | cut -d/ -f2 | sort -u | tr '\n' ' ')
is "$kinds" "application.md extension.md integration.md investigation.md lab.md open-questions.md questions.json questions.md visualization.mmd " \
	"prompt edit regenerates labs and their dependants only"
is "$(($(gens) - g0))" $((4 * 8)) "prompt edit: 8 requests per session"

# a hand-edited file is kept
g0=$(gens)
echo "My own words." >>"$O/s01/lecture.md"
sleep 0.1	# file times are coarse: keep the prompt edit visibly newer
echo "Be brief." >>"$T/prompts/lecture.md"
mk s01-lecture >"$T/log" 2>&1
ok $? "make with a hand-edited target succeeds"
like "$(cat "$T/log")" "edited by hand" "the kept file is reported"
like "$(tail -n 1 "$O/s01/lecture.md")" "My own words" "hand edit kept"
is "$(gens)" "$g0" "no request for a kept file"

# a sampling change regenerates everything
g0=$(gens)
SET="$SET llm.options.temperature=0.3"
mk -j4 course >/dev/null 2>&1
n=$(($(gens) - g0))
ok $([ "$n" -ge 50 ] && echo 0 || echo 1) "sampling change regenerates the course ($n requests)"

done_testing
