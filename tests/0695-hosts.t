#!/bin/sh
# More than one machine: the README's recipes against cg-sim speaking the
# same protocols — two Ollama hosts sharing a course (llm.hosts, slots
# each), and an OpenAI-compatible server (vLLM, llama.cpp: provider openai,
# slots N).
. "${CG_ROOT:-.}/tests/lib.sh"

mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" "$@"; }

# two hosts, two slots each, make -j4
start_sim -s 2 --slow-first 0.3; A=$SIM_URL
start_sim -s 2 --slow-first 0.3; B=$SIM_URL
cat >"$T/two.yaml" <<YAML
name: Two Hosts
subject: Cell biology
modules: 2
sessions: 2
diagrams_per_session: 1
llm:
  hosts:
    - url: $A
      slots: 2
    - url: $B
      slots: 2
YAML
mk -j4 course COURSE="$T/two.yaml" OUT="$T/two" >log 2>&1
is $? 0 "a course over two hosts completes"
test -s "$T/two/outline.json"; ok $? "... its outline"
is "$(expected_files "$T/two")" "$(generated_files "$T/two")" "... with every file"
na=$(curl -s "$A/sim/stats" | jget - generations)
nb=$(curl -s "$B/sim/stats" | jget - generations)
ok "$([ "$na" -gt 0 ] && [ "$nb" -gt 0 ]; echo $?)" "... both hosts did work ($na + $nb requests)"
ok "$([ "$(curl -s "$A/sim/stats" | jget - max_concurrent)" -le 2 ] && [ "$(curl -s "$B/sim/stats" | jget - max_concurrent)" -le 2 ]; echo $?)" \
	"... never more than a host's slots at once"

# an OpenAI-compatible server (vllm serve MODEL --max-num-seqs 4, or
# llama-server --parallel 4): provider openai, slots 4
start_sim -s 4 -m some/model
cat >"$T/oai.yaml" <<YAML
name: OpenAI Server
subject: Cell biology
modules: 1
sessions: 1
diagrams_per_session: 1
llm:
  provider: openai
  url: $SIM_URL
  model: some/model
  slots: 4
YAML
mk -j4 course COURSE="$T/oai.yaml" OUT="$T/oai" >log 2>&1
is $? 0 "a course against an OpenAI-compatible server completes"
test -s "$T/oai/outline.json"; ok $? "... its outline"
is "$(expected_files "$T/oai")" "$(generated_files "$T/oai")" "... with every file"
curl -s "$SIM_URL/sim/stats" >st.json
is "$(node -e 'console.log(Object.keys(require("./st.json").requests).join(" "))')" "/v1/chat/completions" "... over /v1/chat/completions only"
is "$(jget st.json generations)" 12 "... one request per file (1 session)"
# -j is the number of requests in flight: with no llm.slots, make -j3 sends
# up to three at once; llm.slots caps it
start_sim -s 8 --slow-first 0.2
printf 'name: Jobs\nsubject: Cell biology\nmodules: 1\nsessions: 2\ndiagrams_per_session: 2\nllm:\n  url: %s\n' "$SIM_URL" >"$T/jobs.yaml"
mk -j3 course COURSE="$T/jobs.yaml" OUT="$T/jobs" >log 2>&1
is $? 0 "make -j3 course with no llm.slots"
is "$(curl -s "$SIM_URL/sim/stats" | jget - max_concurrent)" 3 "... three requests in flight at most, and three at once"
curl -s -X POST "$SIM_URL/sim/reset" >/dev/null
rm -rf "$T/jobs"
mk -j3 course COURSE="$T/jobs.yaml" OUT="$T/jobs" SET=llm.slots=1 >log 2>&1
# (cg-sim may still count a reply that the client has finished and
# released its slot for, so one request can overlap the next briefly)
m=$(curl -s "$SIM_URL/sim/stats" | jget - max_concurrent)
ok "$([ "$m" -le 2 ]; echo $?)" "llm.slots 1 caps make -j3: never three at once ($m)"
# one server however it is spelled: llm.slots=1 holds for 127.0.0.1 and
# localhost together, from processes with different TMPDIRs (the slot
# locks are keyed by the resolved address and port, in one directory per
# user)
start_sim -s 2 --slow-first 0.6
mkdir -p "$T/xdg" "$T/ta" "$T/tb" && chmod 700 "$T/xdg"
cg-config -s llm.slots=1 -o "$T/one.json"
echo "Explain osmosis." >"$T/p"
XDG_RUNTIME_DIR=$T/xdg TMPDIR=$T/ta CG_LOG=$T/slot.jsonl cg-llm -c "$T/one.json" -u "http://127.0.0.1:$SIM_PORT" -i "$T/p" >/dev/null 2>"$T/e1" &
p1=$!
XDG_RUNTIME_DIR=$T/xdg TMPDIR=$T/tb CG_LOG=$T/slot.jsonl cg-llm -c "$T/one.json" -u "http://localhost:$SIM_PORT/" -i "$T/p" >/dev/null 2>"$T/e2" &
p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
is "$r1 $r2" "0 0" "127.0.0.1 and localhost, two TMPDIRs: both requests succeed"
# (the second waited for the first's slot: the server takes 0.6 s)
w=$(grep -o '"queue_wait":[0-9.]*' "$T/slot.jsonl" | cut -d: -f2 | sort -n | tail -n 1)
ok "$(awk -v w="$w" 'BEGIN { exit !(w >= 0.4) }'; echo $?)" "... one at a time: llm.slots=1 holds (waited $w s)"
is "$(ls "$T/xdg/cg-slots" | grep -c '\.lock$')" 1 "... one lock file for both spellings"
is "$(stat -c %a "$T/xdg/cg-slots")" 700 "... in a directory only the user may enter"
chmod 777 "$T/xdg"
XDG_RUNTIME_DIR=$T/xdg CG_LOCKDIR= cg-llm -c "$T/one.json" -u "$SIM_URL" -i "$T/p" >/dev/null 2>&1
ok $? "an XDG_RUNTIME_DIR open to others is passed over (/tmp/cg-slots-UID)"
is "$(ls "$T/xdg/cg-slots" | grep -c '\.lock$')" 1 "... nothing added there"
done_testing
