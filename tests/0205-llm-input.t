#!/bin/sh
# What the client must refuse or repair before it trusts a byte: control
# characters in the API key, model and URL (exit 78, the key never shown);
# a prompt larger than the context window (exit 65); a reply longer than
# its byte cap (a runaway: retried, then 75); \u0000 and lone surrogates
# in the stream (U+FFFD, nothing dropped, no failure).
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim
cg-config -s llm.retries.max=1 -s llm.retries.backoff=0.01 >"$T/course.json"

# control characters
echo hi | CG_API_KEY='sk-secret-0123
X-Evil: 1' cg-llm -c "$T/course.json" -u "$SIM_URL" >out 2>err; rc=$?
is "$rc" 78 "a line break in CG_API_KEY: exit 78"
like "$(cat err)" 'CG_API_KEY has a control character' "... named"
unlike "$(cat err)" 'sk-secret|X-Evil' "... the key never shown"
is "$(sim_stats | jget - generations)" 0 "... nothing sent"
echo hi | CG_MODEL='gemma3:4b
X-Evil: 1' cg-llm -c "$T/course.json" -u "$SIM_URL" >out 2>err; rc=$?
is "$rc" 78 "a line break in CG_MODEL: exit 78"
like "$(cat err)" '^cg-llm: CG_MODEL: "llm\.model" must not contain control characters' "... the variable named"
echo hi | cg-llm -c "$T/course.json" -u "$SIM_URL" -m "$(printf 'gemma3:4b\r')" >out 2>err; rc=$?
is "$rc" 78 "a CR in -m: exit 78"
echo hi | CG_URL="$(printf '%s\r\nX-Evil: 1' "$SIM_URL")" cg-llm >out 2>err; rc=$?
is "$rc" 78 "a line break in CG_URL: exit 78"
like "$(cat err)" 'CG_URL.*control character' "... named"

# a prompt larger than num_ctx minus num_predict
head -c 100000 /dev/zero | tr '\0' 'a' >big.txt
cg-llm -c "$T/course.json" -u "$SIM_URL" -i big.txt -o out.txt 2>err; rc=$?
is "$rc" 65 "a 100 KB prompt against num_ctx 8192: exit 65"
like "$(cat err)" "prompt is too large: about 33333 tokens .*num_ctx 8192 .*num_predict 2048" \
	"... with the estimate, num_ctx and the reply budget"
[ ! -e out.txt ]; ok $? "... nothing written"
cg-config -s llm.kinds.lecture.num_predict=9000 >"$T/c2.json"
echo hi | cg-llm -c "$T/c2.json" -u "$SIM_URL" -T lecture -o out.txt 2>err; rc=$?
is "$rc" 78 "num_predict 9000 with num_ctx 8192: exit 78"
like "$(cat err)" 'num_predict 9000 .*leaves no room for a prompt in llm\.options\.num_ctx 8192' \
	"... both named"
head -c 15000 /dev/zero | tr '\0' 'a' >ok.txt
cg-llm -c "$T/course.json" -u "$SIM_URL" -i ok.txt -o out.txt 2>err; rc=$?
is "$rc" 0 "a 15 KB prompt fits"

# a server with one huge token, and one with bad escapes
node -e '
const http=require("http");
const s=http.createServer((q,r)=>{let b="";q.on("data",d=>b+=d);q.on("end",()=>{
 const p=JSON.parse(b).messages.map(m=>m.content).join(" ");
 r.writeHead(200,{"content-type":"application/x-ndjson"});
 const line=o=>r.write(JSON.stringify(o)+"\n");
 if(p.includes("HUGE")) line({message:{content:Array.from({length:30000},(_,i)=>"w"+i).join(" ")},done:false});
 else r.write("{\"message\":{\"content\":\"a\\u0000b\"},\"done\":false}\n{\"message\":{\"content\":\"c\\udcffd\"},\"done\":false}\n");
 line({message:{content:""},done:true,done_reason:"stop",eval_count:1,prompt_eval_count:3});
 r.end();})});
s.listen(0,"127.0.0.1",()=>{console.log(s.address().port)});
' >"$T/fake.port" &
_sims="$_sims $!"
i=0; while [ ! -s "$T/fake.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
FAKE=http://127.0.0.1:$(cat "$T/fake.port")

rm -f out.txt
echo HUGE | CG_LOG=$T/calls.jsonl cg-llm -c "$T/course.json" -u "$FAKE" -o out.txt 2>err; rc=$?
is "$rc" 75 "a 200 KB single-token reply, no repetition (cap 2048 x 16 bytes): exit 75"
like "$(cat err)" 'runaway reply: [0-9]+ bytes, over the cap of 32768' "... named a runaway with the cap"
is "$(grep -c '"status":"runaway"' "$T/calls.jsonl")" 2 "... retried once, both logged as runaway"
[ ! -e out.txt ]; ok $? "... nothing written"

echo hi | cg-llm -c "$T/course.json" -u "$FAKE" -o bad.txt 2>err; rc=$?
is "$rc" 0 "\\u0000 and a lone surrogate in the stream: exit 0"
is "$(od -An -c bad.txt | tr -s ' ' | sed 's/^ //')" 'a 357 277 275 b c 357 277 275 d' \
	"... each U+FFFD, nothing dropped"

done_testing
