#!/bin/sh
# A wedged server: it accepts requests but no slot ever sends a first
# token.  The first request waits timeouts.first_token and marks the host
# (a file next to the slot locks); later requests, in this process and in
# others, probe it and stop at once with exit 75 saying so, instead of
# waiting first_token on every attempt of every file.  The mark lasts one
# first_token period; a reply clears it.
. "${CG_ROOT:-.}/tests/lib.sh"
export CG_LOCKDIR=$T/locks
start_sim --stall 1 --fault-tokens 0
cg-config -s llm.timeouts.first_token=1 -s llm.retries.max=4 \
	-s llm.retries.backoff=0.01 >"$T/course.json"
stalls() { grep -c '"status":"first_token_timeout"' "$T/calls.jsonl"; }

echo hi | CG_LOG=$T/calls.jsonl cg-llm -c "$T/course.json" -u "$SIM_URL" -o out 2>err; rc=$?
is "$rc" 75 "every slot stalled: exit 75"
like "$(cat err)" 'accepts connections .* but generates nothing.*restart it' \
	"... the message says the server is wedged"
is "$(stalls)" 1 "... one first-token wait, not one per attempt"
is "$(grep -c '"status":"wedged"' "$T/calls.jsonl")" 1 "... then the probe, logged as wedged"
[ ! -e out ]; ok $? "... nothing written"
ls "$CG_LOCKDIR"/*.wedged >/dev/null 2>&1; ok $? "... the host marked next to its slot locks"

echo hi | CG_LOG=$T/calls.jsonl cg-llm -c "$T/course.json" -u "$SIM_URL" 2>err; rc=$?
is "$rc" 75 "another process: exit 75 at once"
is "$(stalls)" 1 "... without waiting for a first token again"

# the mark lasts one first_token period: then a full wait again
sleep 1.2
echo hi | CG_LOG=$T/calls.jsonl cg-llm -c "$T/course.json" -u "$SIM_URL" 2>err; rc=$?
is "$(stalls)" 2 "after first_token seconds the host is tried again"

# a reply clears the mark: a server that stalls every other request
start_sim --stall 2 --fault-tokens 0
marks() { ls "$CG_LOCKDIR" | grep -c 'wedged$'; }
echo hi | cg-llm -c "$T/course.json" -u "$SIM_URL" >/dev/null 2>&1; rc=$?
is "$rc $(marks)" "75 2" "a second server stalls: exit 75, marked"
sleep 1.2
echo hi | cg-llm -c "$T/course.json" -u "$SIM_URL" -o ok.txt 2>err; rc=$?
is "$rc" 0 "... its next request is answered: exit 0"
is "$(marks)" 1 "... and its mark is cleared"
done_testing
