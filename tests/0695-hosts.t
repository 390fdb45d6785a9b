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
done_testing
