#!/bin/sh
# A server that dies in the middle of make -j2 course is noticed once:
# after a few seconds of refused connections the host is marked down
# (a file next to the slot locks), the job that found it says so once,
# and every other job of the run stops at once without asking, instead
# of each retrying with backoff.  With two hosts the other one takes the
# work; a server that comes back is used by the next run.
. "${CG_ROOT:-.}/tests/lib.sh"

mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" "$@"; }
# now: seconds since the epoch, to the millisecond
now() { date +%s.%N | cut -c1-14; }
# wait_files DIR N: until N session files are there (at most 30 s)
wait_files() {
	_i=0
	while [ "$(find "$1" -path '*/s0*' -type f ! -name '.*' 2>/dev/null | wc -l)" -lt "$2" ] &&
	    [ $_i -lt 600 ]; do sleep 0.05; _i=$((_i+1)); done
}
# the call log's lines of failed connections (after the first n lines)
refused() { tail -n +"$(($2 + 1))" "$1" | grep -E '"status":"(connect|host_down)"'; }

# one host, killed once the first session files are there
start_sim -s 2 -r 300; A=$SIM_URL; APORT=$SIM_PORT; APID=$SIM_PID
cat >"$T/one.yaml" <<YAML
name: Dead Server
subject: Cell biology
modules: 2
sessions: 2
diagrams_per_session: 1
llm:
  url: $A
YAML
O=$T/one
mk -j2 course COURSE="$T/one.yaml" OUT="$O" >"$T/run.log" 2>&1 &
mp=$!
wait_files "$O" 2
kill "$APID"; t0=$(now)
log=$O/log/calls.jsonl
wait $mp; rc=$?
t1=$(now)
diag "the run ended $(echo "$t1 - $t0" | bc) s after the server was killed"
ok "$([ "$rc" != 0 ]; echo $?)" "the server killed mid-run: make course fails ($rc)"
is "$(grep -c '^cg-[a-z]*: the LLM server at .* is down: no connection' "$T/run.log")" 1 "... one 'is down' message for the host"
like "$(grep '^cg-[a-z]*: .*is down: no connection' "$T/run.log")" "$A.*start it, or set CG_URL" \
	"... naming the URL and what to do"
unlike "$(cat "$T/run.log")" 'cannot reach|after [0-9]+ attempts' "... no job retried to the end alone"
nf=$(grep -c 'Error 69' "$T/run.log")
nt=$(refused "$log" 0 | jget - target | sort -u | wc -l)
ok "$([ "$nt" -le 2 ] && [ "$nf" -ge "$nt" ]; echo $?)" \
	"... only the jobs running when it died tried to connect ($nt of $nf failed files; make -j2)"
is "$(grep -Ec '^cg-[a-z]*: (not asked: the LLM server at|.*another job marked the server down)' "$T/run.log")" "$((nf - 1))" \
	"... every other job said it briefly: not asked, or marked down by another"
diag "$(refused "$log" 0 | wc -l) failed connections in all"
ls "$T/run/cg-slots/"*.down >/dev/null 2>&1; ok $? "... the host marked down next to its slot locks"

# the server comes back (same port): the next run uses it again
i=0
while :; do
	: >"$T/back.out"
	cg-sim -p "$APORT" -s 2 -r 2000 >"$T/back.out" 2>"$T/back.err" &
	bp=$!; _sims="$_sims $bp"
	j=0; while [ ! -s "$T/back.out" ] && kill -0 $bp 2>/dev/null && [ $j -lt 100 ]; do sleep 0.02; j=$((j+1)); done
	[ -s "$T/back.out" ] || [ $i -ge 20 ] || { i=$((i+1)); sleep 0.2; continue; }
	break
done
is "$(head -n 1 "$T/back.out")" "$APORT" "the server started again on its port"
n0=$(wc -l <"$log")
mk -j2 course COURSE="$T/one.yaml" OUT="$O" >"$T/run2.log" 2>&1
is $? 0 "the server back: the next run completes the course"
is "$(expected_files "$O")" "$(generated_files "$O")" "... with every file"
is "$(refused "$log" "$n0" | wc -l | tr -d ' ')" 0 "... with no failed connection"
ls "$T/run/cg-slots/"*.down >/dev/null 2>&1; ok $((!$?)) "... and the mark is gone"

# two hosts, the first down from the start and one retry allowed: the
# first request gives up on the first host, marks it down, says so once
# and is answered by the second (not failed with "is down"); the other
# requests of the run pass over the first host
start_sim -s 1 -r 1000; D=$SIM_URL; kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
start_sim -s 1 -r 1000; B=$SIM_URL
cat >"$T/first-down.yaml" <<YAML
name: First Down
subject: Cell biology
modules: 1
sessions: 1
diagrams_per_session: 1
llm:
  retries: {max: 1, backoff: 0.05, backoff_max: 0.1}
  hosts:
    - url: $D
    - url: $B
YAML
O=$T/first-down
mk course COURSE="$T/first-down.yaml" OUT="$O" >"$T/fd.log" 2>&1; rc=$?
is $rc 0 "the first of two hosts down, one retry: the course completes"
[ $rc = 0 ] || sed 's/^/# /' "$T/fd.log" | tail -n 20
is "$(expected_files "$O")" "$(generated_files "$O")" "... with every file"
is "$(grep -c "the LLM server at $D is down: .*marked down for this run, the other host takes the work" "$T/fd.log")" 1 \
	"... the job that marked it down says so once"
is "$(grep -c "\"host\":\"$D\"" "$O/log/calls.jsonl")" 2 \
	"... the first host was asked twice (one retry), then passed over"

# cg-llm, with someone waiting at the prompt, over the same two hosts:
# the first refuses twice (the quick retry), the second answers
cg-config "$T/first-down.yaml" >"$T/first-down.json"
CG_LOG=$T/fd-llm.jsonl cg-llm -c "$T/first-down.json" hi >"$T/fd.out" 2>"$T/fd.err"
is $? 0 "cg-llm, the first of two hosts down: the second answers"
test -s "$T/fd.out"; ok $? "... with a reply"
like "$(cat "$T/fd.err")" "the LLM server at $D is down: .*; asking the other host\$" "... saying so"
# (once when the refusals the run above counted go on: marked at once)
n=$(grep -c "\"host\":\"$D\"" "$T/fd-llm.jsonl")
ok "$([ "$n" -ge 1 ] && [ "$n" -le 2 ]; echo $?)" "... the first host tried at most twice ($n)"

# after a move the other host has its own retries: a host never reached
# (a fresh port) and one whose first reply is an HTTP 500, one retry
# allowed; the 500 is retried on the second host, not the end
start_sim -s 1 -r 1000; D2=$SIM_URL; kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
start_sim -s 1 -r 1000 --err500 1000; B2=$SIM_URL
printf 'name: F\nsubject: Cell biology\nllm:\n  retries: {max: 1, backoff: 0.05, backoff_max: 0.1}\n  hosts:\n    - url: %s\n    - url: %s\n' \
	"$D2" "$B2" >"$T/flaky.yaml"
cg-config "$T/flaky.yaml" >"$T/flaky.json"
CG_LOG=$T/flaky.jsonl cg-llm -c "$T/flaky.json" hi >"$T/fl.out" 2>"$T/fl.err"
is $? 0 "moved to the second host, its HTTP 500 is retried there: cg-llm succeeds"
is "$(jq -r 'select(.attempt != null) | .status' "$T/flaky.jsonl" | tr '\n' ' ')" "connect connect http_500 ok " \
	"... two refused, then a 500 and a reply from the second host"

# both hosts never reached: the job that marked the last one says the
# whole of it (start the server), not that another job marked it
start_sim -s 1 -r 1000; D3=$SIM_URL; kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
start_sim -s 1 -r 1000; D4=$SIM_URL; kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
sed "s|$D2|$D3|; s|$B2|$D4|; s/^name: F/name: G/" "$T/flaky.yaml" >"$T/both.yaml"
mk outline COURSE="$T/both.yaml" OUT="$T/both" >"$T/both.log" 2>&1
is $? 2 "both hosts down: make outline fails"
like "$(cat "$T/both.log")" "the LLM server at $D4 is down: .*is the server running\?" \
	"... the job that marked the last host says what to do"
unlike "$(cat "$T/both.log")" "another job marked the server down" "... not that another job marked it"

# two hosts: one dies, the other takes the work
start_sim -s 1 -r 1000; A=$SIM_URL; APID=$SIM_PID
start_sim -s 1 -r 1000; B=$SIM_URL
cat >"$T/two.yaml" <<YAML
name: Two Hosts
subject: Cell biology
modules: 2
sessions: 2
diagrams_per_session: 1
llm:
  hosts:
    - url: $A
      slots: 1
    - url: $B
      slots: 1
YAML
O=$T/two
mk -j2 course COURSE="$T/two.yaml" OUT="$O" >"$T/two.log" 2>&1 &
mp=$!
wait_files "$O" 2
kill "$APID"
wait $mp; rc=$?
is $rc 0 "one host of two killed mid-run: the course completes"
[ $rc = 0 ] || sed 's/^/# /' "$T/two.log" | tail -n 20
is "$(expected_files "$O")" "$(generated_files "$O")" "... with every file"
nb=$(curl -s "$B/sim/stats" | jget - generations)
ok "$([ "$nb" -gt 0 ]; echo $?)" "... the other host did the rest ($nb requests)"
n=$(refused "$O/log/calls.jsonl" 0 | wc -l)
ok "$([ "$n" -le 15 ]; echo $?)" "... the dead host was tried for a few seconds only ($n failed connections, not 5 per file)"
done_testing
