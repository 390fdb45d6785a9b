#!/bin/bash
# cg-stats: the per-kind table from a call log (attempt lines and
# validate lines), malformed lines reported and skipped, the timeline.
. "$CG_ROOT/tests/lib.sh"

a() {	# a KIND TARGET ATTEMPT STATUS TS DURATION EVAL
	printf '{"time":"2026-11-27T18:00:00Z","ts":%s,"tool":"cg-gen","target":"%s","kind":"%s","attempt":%s,"round":0,"status":"%s","http":200,"queue_wait":0.5,"ttft":1,"duration":%s,"prompt_tokens":100,"eval_tokens":%s,"tok_s":50,"cache_hit":null,"warnings":[]}\n' \
	    "$5" "$2" "$1" "$3" "$4" "$6" "$7"
}
{
	a lecture s01/lecture.md 1 http_503 1000 0.5 0
	a lecture s01/lecture.md 2 ok 1001 10 500
	a lecture s02/lecture.md 1 ok 1002 20 1000
	echo 'this is { not json'
	a lab s01/lab.md 1 stall 1003 4 0
	a lab s01/lab.md 2 stall 1008 4 0
	echo '{"event":"validate","kind":"lecture","target":"s02/lecture.md","status":"retry","problems":["too short"],"warnings":["no summary"]}'
	echo '{"event":"validate","kind":"lab","target":"s01/lab.md","status":"fail","problems":["x"],"warnings":[]}'
	a lecture s02/lecture.md 1 length 1020 5 200
} >calls.jsonl

out=$(cg-stats calls.jsonl 2>err); rc=$?
is "$rc" 0 "exit 0 despite a malformed line"
like "$(cat err)" 'calls\.jsonl:4: not a JSON object' "the bad line is reported with its number"
row() { printf '%s\n' "$out" | awk -v k="$1" '$1 == k'; }
# kind calls att retry fail cut v-rty v-bad warn time mean ttft prompt eval tok/s
is "$(row lecture | awk '{print $2, $3, $4, $5, $6, $7, $8, $9}')" "3 4 1 0 1 1 0 1" \
    "lecture: 3 calls, 4 attempts, 1 retry, 0 failed, 1 cut, 1 validation retry, 1 warning"
is "$(row lab | awk '{print $2, $3, $4, $5, $8}')" "1 2 1 1 1" \
    "lab: 1 call, 2 attempts, 1 retry, 1 failure, 1 validation failure"
is "$(row lecture | awk '{print $10, $14}')" "35.5 1700" "lecture: total time and eval tokens"
is "$(row lab | awk '{print $15}')" 0.0 "no tokens, no tok/s"
is "$(row TOTAL | awk '{print $2, $3}')" "4 6" "a total row"

out=$(cg-stats -t <calls.jsonl 2>/dev/null); rc=$?
is "$rc" 0 "-t from stdin: exit 0"
like "$out" 'timeline: ' "-t prints a timeline"
is "$(printf '%s\n' "$out" | grep -c '|.*|')" 4 "... one row per generation"
like "$(printf '%s\n' "$out" | grep 's01/lab.md')" '!.*\(retried\)' "... a failed, retried one marked"

CG_LOG=$T/calls.jsonl cg-stats >/dev/null 2>&1
is $? 0 "reads \$CG_LOG without an argument"
cg-stats nosuch.jsonl 2>err; is $? 66 "a missing log: exit 66"
echo 'garbage' >bad.jsonl
cg-stats bad.jsonl 2>err; is $? 65 "nothing valid: exit 65"
cg-stats -x 2>err; is $? 64 "bad option: exit 64"
is "$(cg-stats -h | head -n 1)" "usage: cg-stats [-1htV] [-g FILE] [-r PID] [LOGFILE]" "-h prints the usage"

# a real log from cg-llm
export CG_LOCKDIR=$T/locks CG_LOG=$T/log/new/real.jsonl
start_sim -r 0 -w 20
echo hi | cg-llm -u "$SIM_URL" -T notes >/dev/null
out=$(cg-stats "$CG_LOG"); rc=$?
is "$(printf '%s\n' "$out" | awk '$1 == "notes" {print $2, $3}')" "1 1" "a cg-llm log: one notes call"
# -1: one line; -r PID: only the calls since that process started (a run)
like "$(cg-stats -1 calls.jsonl 2>/dev/null)" '^[0-9]+ requests?, [0-9]+ prompt \+ [0-9]+ reply tokens, [0-9.]+ s' "-1 prints one line"
is "$(cg-stats -1 calls.jsonl 2>/dev/null | wc -l | tr -d ' ')" 1 "... and only one"
like "$(cg-stats -1 -r $$ calls.jsonl 2>/dev/null)" '^0 requests' "-r: a run that started after every call has none"
cg-stats -r 999999999 calls.jsonl >/dev/null 2>&1; is $? 64 "-r with no such process: 64"

# -r: a run's lines are the ones that name it, even when another run's
# were written in the same second
now=$(date +%s)
{
	printf '{"ts":%s,"run":1,"tool":"cg-gen","target":"x","kind":"lab","attempt":1,"status":"ok","duration":1,"prompt_tokens":1,"eval_tokens":1}\n' "$now"
	printf '{"ts":%s,"run":%s,"tool":"cg-gen","target":"y","kind":"lab","attempt":1,"status":"ok","duration":1,"prompt_tokens":1,"eval_tokens":1}\n' "$now" "$$"
	printf '{"ts":%s,"run":%s,"tool":"cg-gen","target":"z","kind":"lab","attempt":1,"status":"ok","duration":1,"prompt_tokens":1,"eval_tokens":1}\n' "$now" "$$"
} >runs.jsonl
like "$(cg-stats -1 -r $$ runs.jsonl)" "^2 requests," "-r counts the lines of its run only, not another run's of the same second"

# no LOGFILE and no $CG_LOG: the newest run of the course at hand (a
# course's OUT, or the project directory holding out/), else the usage
unset CG_LOG
mkdir -p none proj/out/old/log proj/out/new/log
(cd none && cg-stats </dev/null >out 2>err); rc=$?
is "$rc" 64 "no log anywhere: exit 64"
like "$(cat none/err)" '^usage: cg-stats' "... with the usage"
is "$(wc -l <none/out | tr -d ' ')" 0 "... and no table"
cp runs.jsonl proj/out/old/log/calls.jsonl
{ cat runs.jsonl
  printf '{"ts":%s,"run":77,"tool":"cg-gen","target":"w","kind":"quiz","attempt":1,"status":"ok","duration":1,"prompt_tokens":1,"eval_tokens":1}\n' "$((now + 5))"
} >proj/out/new/log/calls.jsonl
touch -d '1 hour ago' proj/out/old/log/calls.jsonl
echo '{}' >proj/out/new/course.json
out=$(cd proj && cg-stats </dev/null 2>/dev/null); rc=$?
is "$rc" 0 "in a project directory: exit 0"
is "$(printf '%s\n' "$out" | awk '$1 == "quiz" {print $2}')" 1 "... the newest log's newest run: its one quiz call"
is "$(printf '%s\n' "$out" | awk '$1 == "lab"' | wc -l | tr -d ' ')" 0 "... and not the earlier runs' lab calls"
like "$(cd proj/out/new && cg-stats -1 </dev/null)" '^1 request,' "in a course's OUT: its newest run"
like "$(cd proj && cg-stats -1 out/new/log/calls.jsonl)" '^4 requests,' "a LOGFILE given: every run of it"
done_testing
