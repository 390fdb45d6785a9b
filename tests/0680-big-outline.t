#!/bin/sh
# A 10-module / 40-session course outlines correctly at default settings:
# a skeleton, then one request per module (each well inside num_predict),
# joined into one outline.json; the one-request outline of the same course
# is cut by num_predict.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4
export CG_URL=$SIM_URL
O=$T/out
printf 'name: Big\nsubject: Chemistry\nmodules: 10\nsessions: 40\n' >"$T/big.yaml"
make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" COURSE="$T/big.yaml" \
	SET=llm.slots=4 -j4 outline >log 2>&1
is $? 0 "make outline succeeds"
is "$(jget "$O/outline.json" modules.length)" 10 "10 modules"
is "$(node -e 'let o=require(process.argv[1]);console.log(o.modules.reduce((n,m)=>n+m.sessions.length,0))' "$O/outline.json")" 40 "40 sessions"
is "$(node -e 'let o=require(process.argv[1]);console.log(o.modules.map(m=>m.sessions.length).join(","))' "$O/outline.json")" \
	"4,4,4,4,4,4,4,4,4,4" "an even spread"
is "$(node -e 'let o=require(process.argv[1]);console.log(o.modules.flatMap(m=>m.sessions.map(s=>s.number)).join(","))' "$O/outline.json")" \
	"$(seq -s, 1 40)" "sessions numbered 1-40 across the course"
is "$(sim_stats | jget - generations)" 11 "a skeleton and ten module requests"
is "$(ls "$O"/s*/session.json | wc -l | tr -d ' ')" 40 "40 sessions planned"
grep -c '"done_reason":"length"' "$O/log/calls.jsonl" >n 2>/dev/null
is "$(cat n)" 0 "no reply cut by num_predict"

# the same course in one request (cg-outline without the steps): the reply
# of ~40 sessions does not fit the default num_predict
cg-outline -o "$T/one.json" "$O/course.json" 2>err
ok "$([ $? -ne 0 ] || [ -s "$T/.one.json.imperfect" ]; echo $?)" "one request for 40 sessions is cut or wrong"
done_testing
