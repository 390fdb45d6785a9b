#!/bin/sh
# A small model under a JSON schema often finishes the document and then
# pads with whitespace up to the output cap.  The client keeps the finished
# document (and says so in the call log) instead of waiting for the cap or
# retrying; whitespace after prose is still a runaway.
. "${CG_ROOT:-.}/tests/lib.sh"

# an Ollama-shaped server: a JSON document, then whitespace, slowly
node -e '
const http=require("http");
let n=0;
const s=http.createServer((q,r)=>{let b="";q.on("data",d=>b+=d).on("end",()=>{
 n++;const line=o=>r.write(JSON.stringify(o)+"\n");
 r.writeHead(200,{"content-type":"application/x-ndjson"});
 const json=JSON.parse(b).format?"{\"answer\": 42}":"Forty-two.";
 line({model:"gemma3:4b",message:{role:"assistant",content:json},done:false});
 let i=0;const t=setInterval(()=>{
  if(r.destroyed){clearInterval(t);return;}
  for(let k=0;k<50;k++)line({model:"gemma3:4b",message:{role:"assistant",content:"   \n"},done:false});
  if(++i>=400){clearInterval(t);line({model:"gemma3:4b",message:{role:"assistant",content:""},done:true,done_reason:"length",eval_count:20000,prompt_eval_count:5});r.end();}
 },5);
 r.on("close",()=>clearInterval(t));
})});
s.listen(0,"127.0.0.1",()=>console.log(s.address().port));
' >"$T/port" &
_sims="$_sims $!"
i=0; while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
URL=http://127.0.0.1:$(cat "$T/port")
cg-config -s llm.retries.max=1 -s llm.retries.backoff=0.01 >"$T/course.json"
echo '{"type":"object","properties":{"answer":{"type":"integer"}},"required":["answer"]}' >"$T/schema.json"
export CG_LOG=$T/calls.jsonl

echo "What is the answer?" | cg-llm -c "$T/course.json" -u "$URL" -F "$T/schema.json" -o "$T/out.json" 2>"$T/err"
ok $? "a padded JSON reply succeeds"
is "$(cat "$T/out.json")" '{"answer": 42}' "the finished document is kept, the padding cut"
is "$(grep -c '"status":"ok"' "$CG_LOG")" 1 "in one attempt"
like "$(cat "$CG_LOG")" "whitespace after the finished JSON document cut" "the call log says what was cut"

: >"$CG_LOG"
echo "What is the answer?" | cg-llm -c "$T/course.json" -u "$URL" -o "$T/out.md" 2>"$T/err"; rc=$?
is "$rc" 75 "whitespace after prose is a runaway (retried, then exit 75)"
like "$(cat "$CG_LOG")" '"status":"runaway"' "logged as runaway"
[ ! -e "$T/out.md" ]; ok $? "nothing written"
done_testing
