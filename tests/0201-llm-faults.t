#!/bin/bash
# cg-llm against every fault cg-sim injects: a fault on the first request
# only is retried to success; a fault on every request ends with the
# documented exit code.  Stall and first-token timeouts fire in time;
# Retry-After is honoured.
. "$CG_ROOT/tests/lib.sh"

export CG_LOCKDIR=$T/locks
mkcfg() {
	cg-config >defaults.json || echo "Bail out! cg-config failed"
	node -e 'const fs=require("fs");const m=(d,s)=>{for(const k in s){if(s[k]&&typeof s[k]==="object"&&!Array.isArray(s[k])&&d[k]&&typeof d[k]==="object")m(d[k],s[k]);else d[k]=s[k]}return d};
console.log(JSON.stringify(m(JSON.parse(fs.readFileSync("defaults.json","utf8")),JSON.parse(process.argv[1]))))' "$1"
}
# field N KEY: KEY of line N of the log
field() { sed -n "${1}p" "$CG_LOG" | jget - "$2"; }

# run FAULT N: a fresh server with --FAULT N; cg-llm's exit code in $rc
run() {
	_fault=$1 _cnt=$2; shift 2
	start_sim -r 0 -w 30 --fault-tokens 3 "--$_fault" "$_cnt" "$@"
	mkcfg '{"llm":{"url":"'"$SIM_URL"'",
	 "timeouts":{"connect":2,"first_token":3,"idle":1,"total":20},
	 "retries":{"max":2,"backoff":0.05,"backoff_max":0.2}}}' >course.json
	export CG_LOG=$T/$_fault.$_cnt.jsonl
	echo hi | cg-llm -c course.json >out.txt 2>err.txt
	rc=$?
	kill "$SIM_PID"
}

# the reply of a server without faults, for comparison
start_sim -r 0 -w 30
mkcfg '{"llm":{"url":"'"$SIM_URL"'"}}' >course.json
echo hi | cg-llm -c course.json >ref.txt
kill "$SIM_PID"

for f in err500:http_500 err503:http_503 errline:stream_error \
    drop:truncated garbage:protocol stall:stall; do
	fault=${f%%:*} status=${f#*:}
	run "$fault" 2
	is "$rc" 0 "$fault on the first request: retried, exit 0"
	is "$(field 1 status):$(field 2 status)" "$status:ok" "... logged $status, then ok"
	t "... the reply is written once, whole (no repeated part)" cmp out.txt ref.txt
done

for f in err500:75 err503:75 errline:75 drop:75 garbage:76 stall:75; do
	fault=${f%%:*} code=${f#*:}
	run "$fault" 1
	is "$rc" "$code" "$fault on every request: exit $code"
	like "$(cat err.txt)" 'http://127\.0\.0\.1' "... the message names the server"
	is "$(wc -l <"$CG_LOG" | tr -d ' ')" 3 "... 3 attempts logged (retries.max 2)"
done
# the stall attempt ended within idle (1 s) + 1 s, as measured by cg-llm
d=$(field 1 duration) t=$(field 1 ttft)
ok "$(node -e 'process.exit(+process.argv[1] - +process.argv[2] <= 2 ? 0 : 1)' "$d" "$t"; echo $?)" \
    "stall detected within idle + 1 s of the last token ($d s after $t s)"

# first token never comes in time
run slow-first 0 --slow-first 5
is "$rc" 75 "slow first token: exit 75 after retries"
is "$(field 1 status)" first_token_timeout "... logged first_token_timeout"
ok "$(node -e 'process.exit(+process.argv[1] <= 4 ? 0 : 1)' "$(field 1 duration)"; echo $?)" \
    "... the attempt ended at first_token (3 s) + 1 s"

# 429 with Retry-After: the wait is the server's, capped by backoff_max
start_sim -r 0 -w 30 --err429 2 --retry-after 1
mkcfg '{"llm":{"url":"'"$SIM_URL"'","retries":{"max":2,"backoff":0.01,"backoff_max":5}}}' >course.json
export CG_LOG=$T/429.jsonl
echo hi | cg-llm -c course.json >/dev/null 2>&1; rc=$?
kill "$SIM_PID"
is "$rc" 0 "429 once: retried, exit 0"
is "$(field 1 status)" http_429 "... logged http_429"
is "$(field 1 backoff)" 1 "... waited Retry-After (1 s), not the 0.01 s backoff"
mkcfg '{"llm":{"url":"'"$SIM_URL"'","retries":{"max":1,"backoff":0.01,"backoff_max":0.3}}}' >course.json
start_sim -r 0 -w 30 --err429 2 --retry-after 60
sed -i "s|http://127.0.0.1:[0-9]*|$SIM_URL|" course.json
export CG_LOG=$T/429b.jsonl
echo hi | cg-llm -c course.json >/dev/null 2>&1
kill "$SIM_PID"
is "$(field 1 backoff)" 0.3 "Retry-After is capped by retries.backoff_max"

# slots: one slot on the host = one request at a time, whatever the -j
start_sim -r 300 -w 40 -s 4
mkcfg '{"llm":{"url":"'"$SIM_URL"'","slots":1}}' >course.json
export CG_LOG=$T/slots.jsonl
pids=
for i in 1 2 3; do echo "hi $i" | cg-llm -c course.json >/dev/null & pids="$pids $!"; done
wait $pids
sim_stats >stats.json
is "$(jget stats.json max_concurrent)" 1 "llm.slots 1: at most one request in flight"
ok "$(node -e 'const l=require("fs").readFileSync(process.argv[1],"utf8").trim().split("\n").map(JSON.parse);process.exit(l.some(x=>x.queue_wait>0.05)?0:1)' "$CG_LOG"; echo $?)" \
    "... the others waited (queue_wait logged)"
mkcfg '{"llm":{"url":"http://127.0.0.1:1","hosts":[{"url":"'"$SIM_URL"'","slots":2}]}}' >course.json
curl -s -X POST "$SIM_URL/sim/reset" >/dev/null
pids=
for i in 1 2 3 4; do echo "hi $i" | cg-llm -c course.json >/dev/null & pids="$pids $!"; done
wait $pids
sim_stats >stats.json
is "$(jget stats.json max_concurrent)" 2 "llm.hosts slots 2: two requests in flight"
kill "$SIM_PID"
done_testing
