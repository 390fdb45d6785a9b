#!/bin/sh
# make doctor / cg-llm -P: every host asked what it is, whether it has the
# model, its context against num_ctx and its slots against make's -j —
# Ollama and OpenAI-compatible (llama.cpp's /props, vLLM's max_model_len)
# shapes from cg-sim; exit 0 when all are ready, 69 when one is down or
# lacks the model.
. "${CG_ROOT:-.}/tests/lib.sh"
unset MAKEFLAGS MAKELEVEL MFLAGS

# probe [cg-llm args]: stdout in out, stderr in err, status in rc
probe() { cg-llm -P "$@" >out 2>err; rc=$?; }
# cfg YAML-LLM-PART: a course whose llm: part is the argument, resolved
cfg() {
	printf 'name: Doctor\nsubject: Cell biology\nllm:\n%s\n' "$1" >c.yaml
	cg-config c.yaml >c.json || echo "Bail out! cg-config failed"
}

# usage
cg-llm -P -i prompt.txt </dev/null >/dev/null 2>err
is $? 64 "-P with -f: usage error, 64"
like "$(cg-llm -h)" '^usage: cg-llm \[-hPvV\]' "-P in the usage"

# an Ollama host that has the model
start_sim -s 2 -m gemma3:4b,qwen2.5:7b; A=$SIM_URL
probe -u "$A"
is "$rc" 0 "reachable, model present: exit 0"
like "$(head -n 1 out)" "^$A  ollama 0\.0\.0-sim  reachable$" "... the host, the server and its version"
like "$(cat out)" '  model gemma3:4b  present' "... the model present"
like "$(cat out)" '  context: 131072 tokens \(the model.s, /api/show\); cg asks for num_ctx 8192 .*replies up to 4096 tokens \(outline\)' \
	"... the model's context against num_ctx and the largest reply cap"
like "$(cat out)" '  parallel: unknown: Ollama does not report it; start the server with OLLAMA_NUM_PARALLEL=N and set llm.slots: N' \
	"... Ollama's parallelism unknown, and how to set it"
like "$(cat out)" '^suggested: unknown' "... so no -j suggested"
unlike "$(cat out)" 'warning' "... and no warning"
is "$(cat err)" "" "... nothing on stderr"
probe -u "$A" -m qwen2.5:7b
like "$(cat out)" 'model qwen2.5:7b  present' "-m: the model asked for"
curl -s "$A/sim/stats" >st.json
is "$(jget st.json generations)" 0 "the probe generates nothing"

# NAME is NAME:latest
start_sim -m gemma3; L=$SIM_URL
probe -u "$L" -m gemma3
is "$rc" 0 "gemma3 against a host listing gemma3:latest: exit 0"
like "$(cat out)" 'model gemma3  present' "... present"
probe -u "$L" -m gemma3:latest
like "$(cat out)" 'model gemma3:latest  present' "gemma3:latest: present"
probe -u "$L" -m gemma3:1b
is "$rc" 69 "gemma3:1b is not gemma3:latest: 69"

# the model missing
probe -u "$A" -m llama3.2
is "$rc" 69 "model missing: exit 69"
like "$(cat out)" '  model llama3.2  missing; on that machine run:  ollama pull llama3.2' "... the ollama pull line"
like "$(cat out)" '  it has: gemma3:4b, qwen2.5:7b$' "... and the models the host has"
like "$(cat err)" "^cg-llm: $A: model llama3.2 is not there; run: ollama pull llama3.2" "... named on stderr"

# a host down
probe -u http://127.0.0.1:1
is "$rc" 69 "host down: exit 69"
like "$(head -n 1 out)" '^http://127\.0\.0\.1:1  not reachable: ' "... the URL, not reachable"
like "$(cat out)" 'is the server running\? start it \(ollama serve\), or set llm.url or CG_URL' "... and what to do"
like "$(cat err)" '^cg-llm: http://127\.0\.0\.1:1: not reachable' "... named on stderr"

# not the Ollama API there
probe -u "$A/v1"
is "$rc" 76 "a server that is not Ollama's API: exit 76"
like "$(cat out)" 'answers /api/version with HTTP 404: not an Ollama server\? .*llm.provider: openai' "... says to set the provider"

# two hosts, two slots each; make's -j against their four slots
start_sim -s 2; B=$SIM_URL
cfg "  hosts:
    - { url: $A, slots: 2 }
    - { url: $B, slots: 2 }"
probe -c c.json
is "$rc" 0 "two hosts: exit 0"
is "$(grep -c '  ollama 0\.0\.0-sim  reachable$' out)" 2 "... each reported"
is "$(grep -c "^$A  ollama" out) $(grep -c "^$B  ollama" out)" "1 1" "... the first and the second"
is "$(grep -c '  parallel: 2 slots (llm.hosts); Ollama does not report its own: start it with OLLAMA_NUM_PARALLEL=2 or more' out)" 2 \
	"... each with its slots from llm.hosts"
like "$(cat out)" '^suggested: make -j4 course \(4 slots over 2 hosts\)' "... -j4 suggested"
unlike "$(cat out)" 'warning' "... no warning outside make"
MAKEFLAGS=-j4 probe -c c.json
unlike "$(cat out)" 'warning' "make -j4 with 2+2 slots: no warning"
MAKEFLAGS=' -j8 --jobserver-auth=3,4' probe -c c.json
is "$rc" 0 "make -j8 with 2+2 slots: exit 0"
like "$(cat out)" '^warning: make -j8 runs 8 jobs at once but the hosts have 4 slots in all: 4 of them wait .*make -j4 is enough' \
	"... a warning that -j exceeds the slots"
cfg "  hosts:
    - { url: $A, slots: 2 }
    - { url: http://127.0.0.1:1, slots: 2 }"
probe -c c.json
is "$rc" 69 "one host of two down: exit 69"
like "$(cat out)" "^$A  ollama .*reachable" "... the other still reported"
like "$(cat out)" '^http://127\.0\.0\.1:1  not reachable' "... the one down named"
like "$(cat out)" 'or set llm.hosts to' "... pointing at llm.hosts"

# llm.slots on one host
cfg "  url: $A
  slots: 3"
probe -c c.json
like "$(cat out)" 'parallel: 3 slots \(llm.slots\)' "llm.slots: its slots"
like "$(cat out)" '^suggested: make -j3 course' "... -j3 suggested"

# a context smaller than num_ctx
start_sim -C 4096; S=$SIM_URL
probe -u "$S"
is "$rc" 0 "a model context smaller than num_ctx: still exit 0"
like "$(cat out)" 'context: 4096 tokens' "... the model's context"
like "$(cat out)" "  warning: the model's context is 4096 tokens but cg asks for num_ctx 8192: Ollama lowers it to 4096 .*set llm.options.num_ctx: 4096" \
	"... a warning saying what to set"
cfg "  url: $S
  options: { num_ctx: 4096 }
  num_predict: 1000
  kinds: { outline: { num_predict: 2000 } }"
probe -c c.json
unlike "$(cat out)" 'warning' "num_ctx within the model's context: no warning"
like "$(cat out)" 'cg asks for num_ctx 4096 .*replies up to 3000 tokens \(lecture\)' "... the course's num_ctx and largest reply cap"

# an OpenAI-compatible server: llama.cpp's shape (/props)
start_sim -s 3 -C 16384 -m some/model; O=$SIM_URL
cfg "  provider: openai
  url: $O
  model: some/model"
probe -c c.json
is "$rc" 0 "openai, llama.cpp's /props: exit 0"
like "$(head -n 1 out)" "^$O  llama.cpp b0-sim  reachable$" "... llama.cpp and its build"
like "$(cat out)" 'model some/model  present' "... the model among /v1/models"
like "$(cat out)" 'context: 16384 tokens \(a slot.s, /props n_ctx\); cg keeps within num_ctx 8192' "... a slot's context"
like "$(cat out)" 'parallel: 3 slots \(/props total_slots\); cg sends as many requests as make runs jobs: set llm.slots: 3' \
	"... its slots from /props, and llm.slots to set"
like "$(cat out)" '^suggested: make -j3 course \(3 slots over 1 host\)' "... -j3 suggested from total_slots"
MAKEFLAGS=-j8 probe -c c.json
like "$(cat out)" '^warning: make -j8 runs 8 jobs at once but the hosts have 3 slots' "... make -j8: the warning"
curl -s "$O/sim/stats" >st.json
is "$(jget st.json requests./props)" 2 "... /props asked once a probe"
probe -c c.json -u "$O/v1/"
like "$(head -n 1 out)" 'llama.cpp b0-sim  reachable' "a URL ending in /v1/ works"
cfg "  provider: openai
  url: $O
  model: some/model
  slots: 2"
probe -c c.json
like "$(cat out)" 'cg sends at most 2 at once \(llm.slots\)' "llm.slots 2 of 3: cg's cap"
like "$(cat out)" '^suggested: make -j2 course' "... -j2 suggested"
cfg "  provider: openai
  url: $O
  model: some/model
  slots: 5"
probe -c c.json
like "$(cat out)" 'warning: llm.slots gives it 5 slots but the server runs 3 at once' "llm.slots 5 of 3: a warning"
like "$(cat out)" '^suggested: make -j3 course' "... -j3 suggested"
CG_PROVIDER=openai probe -u "$O" -m other
is "$rc" 0 "llama.cpp serves its one model whatever the name: exit 0"
like "$(cat out)" 'model other  not listed: llama.cpp serves some/model' "... said so"
CG_PROVIDER=openai probe -u "$A/v1/chat"
is "$rc" 76 "not an OpenAI-compatible server: exit 76"

# vLLM's shape: no /props, max_model_len in /v1/models
start_sim -s 4 -C 2048 --no-props -m Qwen/Qwen2.5-7B; V=$SIM_URL
cfg "  provider: openai
  url: $V
  model: Qwen/Qwen2.5-7B"
probe -c c.json
is "$rc" 0 "openai, vLLM's shape: exit 0"
like "$(head -n 1 out)" "^$V  vLLM  reachable$" "... vLLM"
like "$(cat out)" 'context: 2048 tokens \(max_model_len, /v1/models\)' "... the context from max_model_len"
like "$(cat out)" '  warning: the server gives a request 2048 tokens but cg lets prompt and reply take 8192: .*set llm.options.num_ctx: 2048 and lower num_predict' \
	"... smaller than num_ctx: the warning"
like "$(cat out)" 'parallel: unknown: the server does not report it; set llm.slots: N' "... parallelism unknown"
CG_PROVIDER=openai probe -u "$V" -m Qwen/Qwen2.5-14B
is "$rc" 69 "openai, model not served: exit 69"
like "$(cat out)" 'model Qwen/Qwen2.5-14B  missing; set llm.model' "... missing"
like "$(cat out)" 'it has: Qwen/Qwen2.5-7B' "... with the ids it serves"

# the API key: sent, never shown
CG_API_KEY=sk-doctor-0123456789 probe -u "$A" -m nosuch
unlike "$(cat out err)" 'sk-doctor-0123456789' "the API key is never printed"
CG_API_KEY='sk-a
X: y' probe -u "$A"
is "$rc" 78 "a line break in CG_API_KEY: exit 78"

# make doctor: the course's settings, make's -j, nothing written
cat >d.yaml <<YAML
name: Doctor Course
subject: Cell biology
llm:
  hosts:
    - { url: $A, slots: 2 }
    - { url: $B, slots: 2 }
YAML
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" "$@"; }
mk doctor COURSE="$T/d.yaml" OUT="$T/dout" >mk.out 2>&1
is $? 0 "make doctor: exit 0"
is "$(grep -c 'reachable$' mk.out)" 2 "... both hosts of the course reported"
like "$(cat mk.out)" 'suggested: make -j4 course' "... -j4 suggested"
test ! -e "$T/dout"; ok $? "... nothing written into OUT"
mk -j8 doctor COURSE="$T/d.yaml" OUT="$T/dout" >mk.out 2>&1
like "$(cat mk.out)" 'warning: make -j8 runs 8 jobs' "make -j8 doctor: the probe sees 8"
mk doctor COURSE="$T/d.yaml" OUT="$T/dout" SET=llm.model=nosuch >mk.out 2>&1
ok "$([ $? -ne 0 ]; echo $?)" "make doctor with the model missing fails"
like "$(cat mk.out)" 'ollama pull nosuch' "... with the pull line"
like "$(cat mk.out)" 'Error 69' "... and status 69"
make -s -C "$CG_ROOT" B="$(dirname "$CG_BIN")" doctor COURSE="$T/d.yaml" OUT="$T/dout" >mk.out 2>&1
is $? 0 "top-level make doctor"
like "$(cat mk.out)" 'suggested: make -j4 course' "... delegates to Course.mk"
# a course folder (cg-init's three-line Makefile)
cg-init "$T/folder" >/dev/null 2>&1
(cd "$T/folder" && CG_URL=$A make -s -j2 doctor) >mk.out 2>&1
is $? 0 "make doctor in a course folder"
like "$(cat mk.out)" "^$A  ollama .*reachable" "... probes the folder's server"
test ! -e "$T/folder/out"; ok $? "... and writes nothing there"
done_testing
