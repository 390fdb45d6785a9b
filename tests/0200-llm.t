#!/bin/bash
# cg-llm: request bodies for both providers, options, -o, exit codes and
# messages of the fatal cases, the API key kept out of logs and messages.
. "$CG_ROOT/tests/lib.sh"

export CG_LOCKDIR=$T/locks CG_LOG=$T/calls.jsonl
start_sim -r 0 -w 40
last() { sim_stats | node -e 'let s=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(JSON.stringify(s.last[s.last.length-1]))'; }
# mkcfg JSON: the default resolved configuration with JSON merged into it
mkcfg() {
	cg-config >defaults.json || echo "Bail out! cg-config failed"
	node -e 'const fs=require("fs");const m=(d,s)=>{for(const k in s){if(s[k]&&typeof s[k]==="object"&&!Array.isArray(s[k])&&d[k]&&typeof d[k]==="object")m(d[k],s[k]);else d[k]=s[k]}return d};
console.log(JSON.stringify(m(JSON.parse(fs.readFileSync("defaults.json","utf8")),JSON.parse(process.argv[1]))))' "$1"
}
mkcfg '{"llm":{"url":"'"$SIM_URL"'",
 "options":{"seed":5,"num_ctx":4096},
 "timeouts":{"connect":2,"first_token":10,"idle":5,"total":30},
 "retries":{"max":1,"backoff":0.05,"backoff_max":0.2},
 "kinds":{"lecture":{"num_predict":77,"options":{"temperature":0.3}},
          "tiny":{"num_predict":3}}}}' >course.json

# usage
out=$(cg-llm -h); rc=$?
is "$rc" 0 "-h exits 0"
like "$out" '^usage: cg-llm \[-hPvV\]' "-h prints the usage on stdout"
cg-llm -Z </dev/null 2>err; is $? 64 "bad option: exit 64"
like "$(cat err)" 'usage:' "... with the usage on stderr"
is "$(cg-llm -V)" "cg-llm $(cat "$CG_ROOT/VERSION")" "-V prints VERSION"

# a terminal on stdin: usage, not a hang
if command -v script >/dev/null 2>&1; then
	script -qec "cg-llm -u $SIM_URL" /dev/null </dev/null >tty.out 2>&1; rc=$?
	is "$rc" 64 "a terminal on stdin: exit 64"
	like "$(cat tty.out)" 'usage: cg-llm' "... with the usage"
fi

# plain call through CG_URL, as a user would
out=$(echo "Explain osmosis" | CG_URL=$SIM_URL cg-llm); rc=$?
is "$rc" 0 "echo ... | cg-llm talks to the server at CG_URL"
like "$out" '[a-z]' "... and prints the reply"
last >body.json
is "$(jget body.json stream)" true "ollama: stream true"
is "$(jget body.json keep_alive)" 30m "ollama: keep_alive on the request"
is "$(jget body.json options.num_predict)" 2048 "ollama: default num_predict in options"
is "$(jget body.json options.num_ctx)" 8192 "ollama: default num_ctx in options"
is "$(jget body.json temperature)" undefined "ollama: no sampling setting outside options"
is "$(jget body.json messages.0.content)" "Explain osmosis" "ollama: the prompt is the user message"

# course settings, a kind, a system prompt, a schema
printf '{"type":"object","properties":{"title":{"type":"string"}},"required":["title"]}' >schema.json
out=$(echo hi | cg-llm -c course.json -T lecture -s "You teach." -F schema.json); rc=$?
is "$rc" 0 "-c -T -s -F: exit 0"
last >body.json
is "$(jget body.json options.num_predict)" 77 "kind num_predict in options"
is "$(jget body.json options.temperature)" 0.3 "kind options override"
is "$(jget body.json options.seed)" 5 "seed in options"
is "$(jget body.json options.num_ctx)" 4096 "num_ctx from the config"
is "$(jget body.json format.type)" object "format = the schema"
is "$(jget body.json messages.0.role)" system "system message first"
is "$(printf '%s' "$out" | jget - title | head -c 1 | wc -c | tr -d ' ')" 1 "the reply is JSON with the schema's field"

# the prompt from a file
printf 'Explain diffusion' >prompt.txt
cg-llm -u "$SIM_URL" -i prompt.txt </dev/null >/dev/null; rc=$?
last >body.json
is "$rc:$(jget body.json messages.0.content)" "0:Explain diffusion" "-f FILE: the prompt from FILE"
cg-llm -u "$SIM_URL" -i nosuch.txt </dev/null 2>err; rc=$?
is "$rc" 66 "-f missing file: exit 66"

# the prompt as arguments, joined with spaces (as llm "PROMPT" takes it)
echo unused | cg-llm -u "$SIM_URL" Explain "active  transport" >/dev/null; rc=$?
last >body.json
is "$rc:$(jget body.json messages.0.content)" "0:Explain active  transport" \
	"arguments: the prompt, joined with spaces, stdin not read"
cg-llm -u "$SIM_URL" -f prompt.txt extra </dev/null 2>err; rc=$?
is "$rc" 64 "-f FILE and arguments: exit 64"
cg-llm -P extra </dev/null 2>err; rc=$?
is "$rc" 64 "-P and arguments: exit 64"
# an empty prompt: exit 64, nothing sent
g0=$(sim_stats | jget - generations); l0=$(wc -l <"$CG_LOG")
: >empty.txt
printf '' | cg-llm -u "$SIM_URL" 2>err; rc=$?
is "$rc" 64 "an empty stdin: exit 64"
like "$(cat err)" '^cg-llm: the prompt is empty; give it as arguments' "... saying so"
printf ' \n\t\n' | cg-llm -u "$SIM_URL" 2>err; rc=$?
is "$rc" 64 "only white space on stdin: exit 64"
cg-llm -u "$SIM_URL" '' ' ' </dev/null 2>err; rc=$?
is "$rc" 64 "empty arguments: exit 64"
cg-llm -u "$SIM_URL" -f empty.txt </dev/null 2>err; rc=$?
is "$rc" 64 "an empty -f FILE: exit 64"
is "$(sim_stats | jget - generations) $(wc -l <"$CG_LOG")" "$g0 $l0" \
	"... no request sent, nothing logged for any of them"

# OpenAI-compatible
out=$(echo hi | CG_PROVIDER=openai cg-llm -c course.json -T lecture -F schema.json); rc=$?
is "$rc" 0 "openai: exit 0"
sim_stats >stats.json
is "$(jget stats.json 'requests./v1/chat/completions')" 1 "openai: POST /v1/chat/completions"
last >body.json
is "$(jget body.json stream)" true "openai: stream true"
is "$(jget body.json stream_options.include_usage)" true "openai: include_usage"
is "$(jget body.json max_tokens)" 77 "openai: max_tokens = num_predict"
is "$(jget body.json seed)" 5 "openai: seed top-level"
is "$(jget body.json temperature)" 0.3 "openai: temperature top-level"
is "$(jget body.json options)" undefined "openai: no options object"
is "$(jget body.json response_format.type)" json_schema "openai: response_format json_schema"
is "$(jget body.json response_format.json_schema.schema.type)" object "openai: ... with the schema"
echo hi | CG_PROVIDER=openai cg-llm -u "$SIM_URL/v1/" >/dev/null; rc=$?
sim_stats >stats.json
is "$rc:$(jget stats.json 'requests./v1/chat/completions')" 0:2 "openai: a URL ending in /v1 is not doubled"

# API key: sent, never written
key=sk-test-7f3a9c0d1e2b
echo hi | CG_API_KEY=$key CG_PROVIDER=openai cg-llm -c course.json >/dev/null 2>err; rc=$?
echo hi | CG_API_KEY=$key cg-llm -c course.json -m nosuch >/dev/null 2>>err
echo hi | CG_API_KEY=$key cg-llm -u http://127.0.0.1:1 -c course.json >/dev/null 2>>err
is "$rc" 0 "with CG_API_KEY: exit 0"
unlike "$(cat calls.jsonl)" "$key" "the API key is not in the call log"
unlike "$(cat err)" "$key" "the API key is not in any message"
unlike "$(grep -rl -- "$key" . 2>/dev/null)" . "the API key is in no file"

# -o: atomic, nothing on failure
echo hi | cg-llm -c course.json -o out/reply.md; rc=$?
is "$rc" 0 "-o: exit 0"
echo hi | cg-llm -c course.json >stdout.md
t "-o writes the same reply as stdout (deterministic server)" cmp out/reply.md stdout.md
echo hi | cg-llm -c course.json -o - >dash.md; is $? 0 "-o -: exit 0"
t "-o - is standard output" cmp out/reply.md dash.md
test ! -e ./-; ok $? "... no file named -"
echo hi | cg-llm -c course.json >/dev/full 2>err; is $? 74 "stdout onto a full disk: exit 74"
like "$(cat err)" 'No space left' "... the message gives the write error"
echo hi | cg-llm -c course.json -m nosuch -o out/fail.md 2>err; rc=$?
is "$rc" 69 "404 model: exit 69"
like "$(cat err)" 'run: ollama pull nosuch' "... message says: run: ollama pull MODEL"
is "$(ls out)" reply.md "-o on failure: no file, no temp file"

# server down, bad URL
start_sim; down=$SIM_URL; kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
echo hi | cg-llm -c course.json -u "$down" 2>err; rc=$?
is "$rc" 69 "server down: exit 69"
like "$(cat err)" "$down" "... the message names the URL"
like "$(cat err)" 'CG_URL' "... and says what to set"
# refused at once: one quick retry, not the backoff of a course job
# (the default retries: 4 more with backoff 1 s, doubling)
t0=$(date +%s.%N)
echo hi | CG_LOG=$T/down.jsonl cg-llm -u "$down" 2>err; rc=$?
t1=$(date +%s.%N)
diag "a refused connection reported after $(echo "$t1 - $t0" | bc) s"
is "$rc" 69 "refused, default retries: exit 69"
is "$(grep -c '"status":"connect"' "$T/down.jsonl")" 2 "... after two attempts, not five"
is "$(jget "$(head -n 1 "$T/down.jsonl" >d1.json; echo d1.json)" backoff)" 0.2 "... the second 0.2 s after the first"
like "$(cat err)" 'cannot reach the LLM server at .* after 2 attempts' "... saying so"
echo hi | cg-llm -u 'ftp://x' 2>err; rc=$?
is "$rc" 78 "invalid URL: exit 78"
mkcfg '{"llm":{"url":"http://[::1"}}' >bad.json
echo hi | cg-llm -c bad.json 2>err; rc=$?
is "$rc" 78 "invalid URL in the config: exit 78"

# output cap reached: reported, not fatal
out=$(echo hi | cg-llm -c course.json -T tiny 2>err); rc=$?
is "$rc" 0 "done_reason length: exit 0"
like "$(cat err)" 'output cap' "... reported on stderr"
like "$(tail -n 1 calls.jsonl)" '"status":"length"' "... logged as status length"
like "$(tail -n 1 calls.jsonl)" '"warnings":\["reply cut' "... with a warning"

# the call log line
tail -n 1 calls.jsonl >line.json
for f in time tool target kind provider model host attempt round status http \
    queue_wait ttft duration prompt_tokens eval_tokens tok_s cache_hit warnings; do
	is "$(node -e 'const o=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(process.argv[1] in o)' "$f" <line.json)" true "call log has $f"
done
is "$(jget line.json kind)" tiny "call log: kind from -T"
is "$(jget line.json tool)" cg-llm "call log: tool"
done_testing
