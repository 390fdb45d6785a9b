#!/bin/sh
# cg-sim: endpoints, stream shapes, content kinds, faults, slots, queue, exit.
. "$CG_ROOT/tests/lib.sh"

# post PATH BODY [curl options]: body to stdout
post() { _p=$1 _b=$2; shift 2; curl -s "$@" "$SIM_URL$_p" -d "$_b"; }
# the text of an NDJSON (Ollama) or SSE (OpenAI) stream in FILE
text() { node -e '
const fs=require("fs");let out="";
for (let l of fs.readFileSync(process.argv[1],"utf8").split("\n")) {
  if (l.startsWith("data: ")) l=l.slice(6);
  if (!l || l==="[DONE]") continue;
  const j=JSON.parse(l);
  if (j.message) out+=j.message.content; else if (j.response!==undefined) out+=j.response;
  else if (j.choices&&j.choices[0]&&j.choices[0].delta) out+=j.choices[0].delta.content||"";
}
process.stdout.write(out)' "$1"; }
# bgpost PATH BODY OUTFILE: post in the background; $! is curl itself
bgpost() { curl -s "$SIM_URL$1" -d "$2" -o "$3" & }
# waitfor KEY VALUE: poll /sim/stats until KEY has VALUE (at most ~10 s)
waitfor() { _i=0; while [ "$(sim_stats | jget - "$1")" != "$2" ] && [ $_i -lt 200 ]; do sleep 0.05; _i=$((_i+1)); done; }
lastline() { grep -v '^$' "$1" | tail -n 1; }
lines() { grep -c . "$1"; }
CHAT='{"model":"gemma3:4b","messages":[{"role":"system","content":"You write course material."},{"role":"user","content":"Write a lecture on tide pools, anemones and barnacles in between 150 and 200 words."}]}'

# -- usage --------------------------------------------------------------
out=$(cg-sim -h); ok $? "-h exits 0"
like "$out" '^usage: cg-sim .*-p port' "-h prints usage"
like "$out" '\[-hQSV\]' "-h lists -S"
cg-sim --bogus 2>err.txt; is $? 64 "unknown option exits 64"
cg-sim -s 0 2>err.txt; is $? 64 "-s 0 is a usage error"
like "$(cat err.txt)" '^cg-sim: -s slots must be' "message names the option"
is "$(cg-sim -V)" "cg-sim $(cat "$CG_ROOT/VERSION")" "-V prints the version"

# -- plain endpoints ----------------------------------------------------
start_sim -m gemma3:4b,tiny
is "$(curl -s "$SIM_URL/")" "Ollama is running" "GET /"
is "$(curl -s "$SIM_URL/api/version" | jget - version)" "0.0.0-sim" "GET /api/version"
curl -s "$SIM_URL/api/tags" >tags.json
is "$(jget tags.json models.0.name)" "gemma3:4b" "/api/tags lists the first model"
is "$(jget tags.json models.1.name)" "tiny:latest" "a name without tag means :latest"
like "$(jget tags.json models.0.digest)" '^[0-9a-f]{64}$' "/api/tags digest"
is "$(curl -s "$SIM_URL/v1/models" | jget - data.0.id)" "gemma3:4b" "GET /v1/models"
is "$(post /api/show '{"model":"tiny"}' | jget - details.format)" "gguf" "POST /api/show"
is "$(post /api/show '{"model":"nope"}' -o /dev/null -w '%{http_code}')" 404 "/api/show unknown model 404"
is "$(curl -s -o /dev/null -w '%{http_code}' "$SIM_URL/api/nothing")" 404 "unknown path 404"
is "$(curl -s -o /dev/null -w '%{http_code}' "$SIM_URL/api/chat")" 405 "GET /api/chat 405"
post /api/chat '{not json' -w '\n%{http_code}' >bad.txt
is "$(tail -n 1 bad.txt)" 400 "non-JSON body 400"
like "$(head -n 1 bad.txt)" '^\{"error":"' "400 body is an Ollama error"
is "$(post /api/chat '{"messages":[]}' -o /dev/null -w '%{http_code}')" 400 "missing model 400"

# -- Ollama chat stream -------------------------------------------------
post /api/chat "$CHAT" -D hdr.txt >s1.ndjson
like "$(cat hdr.txt)" 'Content-Type: application/x-ndjson' "NDJSON content type"
node -e 'require("fs").readFileSync(process.argv[1],"utf8").trim().split("\n").forEach(l=>JSON.parse(l))' s1.ndjson
ok $? "every line is JSON"
lastline s1.ndjson >last.json
is "$(jget last.json done)" true "last line has done:true"
is "$(jget last.json done_reason)" stop "done_reason stop"
is "$(jget last.json eval_count)" "$(($(lines s1.ndjson) - 1))" "eval_count counts the chunks"
like "$(jget last.json prompt_eval_count)" '^[1-9][0-9]*$' "prompt_eval_count"
like "$(jget last.json total_duration)" '^[0-9]+$' "total_duration in ns"
like "$(jget last.json eval_duration)" '^[0-9]+$' "eval_duration in ns"
is "$(head -n 1 s1.ndjson | jget - done)" false "chunks have done:false"
like "$(head -n 1 s1.ndjson | jget - created_at)" '^20[0-9-]+T[0-9:.]+Z$' "created_at"
text s1.ndjson >s1.md
like "$(head -n 1 s1.md)" '^## ' "markdown starts with a section"
n=$(grep -v '^#' s1.md | wc -w)
[ "$n" -ge 140 ] && [ "$n" -le 240 ]; ok $? "\"between 150 and 200 words\" honoured ($n)"
like "$(cat s1.md)" 'tide|anemones|barnacles|pools' "uses the prompt's words"
post /api/chat "$CHAT" >s2.ndjson; text s2.ndjson >s2.md
t "same request, same reply" cmp s1.md s2.md
post /api/chat "$(printf '%s' "$CHAT" | sed 's/tide/rock/')" >s3.ndjson; text s3.ndjson >s3.md
t "another request, another reply" sh -c '! cmp -s s1.md s3.md'
post /api/chat '{"model":"gemma3:4b","messages":[{"role":"user","content":"x\n## Alpha\n## Beta Two\n"}]}' >h.ndjson
is "$(text h.ndjson | grep '^## ' | tr '\n' '|')" "## Alpha|## Beta Two|" "required headings, in order"
post /api/chat '{"model":"gemma3:4b","options":{"num_predict":7},"messages":[{"role":"user","content":"hi"}]}' >np.ndjson
lastline np.ndjson >np.json
is "$(jget np.json done_reason)" length "num_predict cap: done_reason length"
is "$(jget np.json eval_count)" 7 "num_predict cap: 7 tokens"
post /api/chat '{"model":"tiny","stream":false,"messages":[{"role":"user","content":"hi"}]}' >ns.json
is "$(jget ns.json done)" true "stream:false gives one object"
like "$(jget ns.json message.content)" '^## ' "with the whole reply"
post /api/generate '{"model":"gemma3:4b","prompt":"Explain tides"}' >g.ndjson
is "$(lastline g.ndjson | jget - done)" true "/api/generate stream ends with done"
like "$(head -n 1 g.ndjson | jget - response)" '.' "/api/generate uses response"

# -- model not found ----------------------------------------------------
post /api/chat '{"model":"llama9","messages":[]}' -w '\n%{http_code}' >nf.txt
is "$(tail -n 1 nf.txt)" 404 "unknown model 404"
is "$(head -n 1 nf.txt | jget - error)" 'model "llama9" not found, try pulling it first' "Ollama's message"
post /v1/chat/completions '{"model":"llama9","messages":[]}' >nf.json
is "$(jget nf.json error.code)" model_not_found "OpenAI error shape"
is "$(post /api/chat '{"model":"gemma3","messages":[]}' -o /dev/null -w '%{http_code}')" 404 "gemma3 is not gemma3:4b"

# -- OpenAI -------------------------------------------------------------
post /v1/chat/completions '{"model":"gemma3:4b","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}' -D hdr.txt >o.sse
like "$(cat hdr.txt)" 'text/event-stream' "SSE content type"
is "$(lastline o.sse)" "data: [DONE]" "SSE ends with [DONE]"
like "$(head -n 1 o.sse)" '^data: \{.*"object":"chat.completion.chunk"' "chunk objects"
grep '^data: {' o.sse | tail -n 1 | sed 's/^data: //' >u.json
like "$(jget u.json usage.completion_tokens)" '^[1-9][0-9]*$' "usage chunk"
grep '^data: {' o.sse | tail -n 2 | head -n 1 | sed 's/^data: //' >f.json
is "$(jget f.json choices.0.finish_reason)" stop "finish_reason stop"
post /v1/chat/completions '{"model":"gemma3:4b","stream":true,"max_tokens":4,"messages":[{"role":"user","content":"hi"}]}' >o4.sse
grep '^data: {' o4.sse | tail -n 1 | sed 's/^data: //' >f4.json
is "$(jget f4.json choices.0.finish_reason)" length "max_tokens: finish_reason length"
is "$(grep -c '"finish_reason":null' o4.sse)" 4 "max_tokens: 4 content chunks"
post /v1/chat/completions '{"model":"gemma3:4b","messages":[{"role":"user","content":"hi"}]}' >oc.json
is "$(jget oc.json object)" chat.completion "non-streaming chat.completion"
like "$(jget oc.json choices.0.message.content)" '^## ' "with content"

# -- content kinds ------------------------------------------------------
SCHEMA='{"type":"object","required":["questions"],"properties":{"questions":{"type":"array","minItems":6,"maxItems":9,"items":{"type":"object","required":["question","type","answer"],"properties":{"question":{"type":"string"},"type":{"type":"string","enum":["mcq","short"]},"answer":{"type":"string"},"points":{"type":"integer","minimum":1,"maximum":3}}}}}}'
CHECK='const s=require("fs").readFileSync(0,"utf8");const j=JSON.parse(s);const q=j.questions;
if(!Array.isArray(q)||q.length<6||q.length>9) throw "count "+(q&&q.length);
for(const x of q){if(!["mcq","short"].includes(x.type)) throw "enum";
if(!x.question.endsWith("?")) throw "question mark";
if(typeof x.answer!=="string") throw "answer";
if(x.points!==undefined&&(!Number.isInteger(x.points)||x.points<1||x.points>3)) throw "points";}'
post /api/chat "{\"model\":\"gemma3:4b\",\"stream\":false,\"format\":$SCHEMA,\"messages\":[{\"role\":\"user\",\"content\":\"Quiz on tides\"}]}" >q.json
jget q.json message.content | node -e "$CHECK"; ok $? "format schema: JSON satisfies minItems/enum/required"
post /v1/chat/completions "{\"model\":\"gemma3:4b\",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"q\",\"schema\":$SCHEMA}},\"messages\":[{\"role\":\"user\",\"content\":\"Quiz\"}]}" >oq.json
jget oq.json choices.0.message.content | node -e "$CHECK"; ok $? "response_format json_schema: JSON satisfies it"
post /api/chat '{"model":"gemma3:4b","messages":[{"role":"user","content":"Draw a Mermaid flowchart of the tides"}]}' >m.ndjson
text m.ndjson >m.mmd
like "$(head -n 1 m.mmd)" '^flowchart (TD|LR)$' "mermaid reply starts with flowchart"
n=$(grep -cE '^ +[A-L][[{]"' m.mmd)
[ "$n" -ge 5 ] && [ "$n" -le 12 ]; ok $? "5-12 quoted nodes ($n)"

# -- stats --------------------------------------------------------------
sim_stats >st.json
is "$(jget st.json requests./api/tags)" 1 "stats count requests per endpoint"
like "$(jget st.json generations)" '^[1-9][0-9]*$' "stats generations"
like "$(jget st.json tokens)" '^[1-9][0-9]*$' "stats tokens"
is "$(node -e 'const l=JSON.parse(require("fs").readFileSync(0)).last;console.log(l.length+" "+l[l.length-1].messages[0].content)' <st.json)" \
	"16 Draw a Mermaid flowchart of the tides" "stats last: 16 bodies, newest last"
curl -s -X POST "$SIM_URL/sim/reset" >/dev/null
sim_stats >st.json
is "$(jget st.json generations)/$(jget st.json tokens)/$(jget st.json last)" "0/0/[]" "reset zeroes counters"
post /api/chat "$CHAT" >/dev/null
is "$(sim_stats | jget - requests./api/chat)" 1 "requests per endpoint"

# -- quirks -------------------------------------------------------------
start_sim -Q -w 80
for i in 1 2 3 4 5 6 7 8; do
	post /api/chat "{\"model\":\"gemma3:4b\",\"messages\":[{\"role\":\"user\",\"content\":\"Lecture $i on tides\"}]}" >qk.ndjson
	text qk.ndjson >>quirks.md
	post /api/chat "{\"model\":\"gemma3:4b\",\"messages\":[{\"role\":\"user\",\"content\":\"Mermaid diagram $i of tides\"}]}" >qm.ndjson
	text qm.ndjson >>quirks.mmd
done
like "$(cat quirks.md)" 'here’s' "quirks: preamble with a curly apostrophe"
like "$(cat quirks.md)" 'Let me know|strictly adheres' "quirks: trailing self-assessment"
like "$(cat quirks.mmd)" '```mermaid' "quirks: fenced mermaid"
like "$(cat quirks.mmd)" '\[[^]"]* \([^]"]*\)\]' "quirks: unquoted parentheses in a label"
# nodes of each diagram: node lines "    X[" / "X{" in every reply
nodes() { awk '/^```mermaid|^flowchart/{if(n)print n; n=0} /^ +[A-Z][[{]/{n++} END{if(n)print n}' "$1"; }
nodes quirks.mmd >nodes.txt
is "$(sort -n nodes.txt | tail -n 1 | awk '$1>=22&&$1<=26{print "big"}')" big "quirks: some diagrams of 22-26 nodes when no range is asked ($(tr '\n' ' ' <nodes.txt))"
like "$(sort -n nodes.txt | head -n 1)" '^([5-9]|1[0-2])$' "quirks: others of 5-12"
: >ranged.mmd
for i in 1 2 3 4 5 6 7 8; do
	post /api/chat "{\"model\":\"gemma3:4b\",\"messages\":[{\"role\":\"user\",\"content\":\"Mermaid diagram $i of tides, between 4 and 16 nodes\"}]}" >qr.ndjson
	text qr.ndjson >>ranged.mmd; echo >>ranged.mmd
done
is "$(nodes ranged.mmd | sort -n | tail -n 1 | awk '$1<=12{print "ok"}')" ok "quirks: a stated node range is kept to"
: >rem.md
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	post /api/chat "{\"model\":\"gemma3:4b\",\"messages\":[{\"role\":\"user\",\"content\":\"Write the study notes $i on tides\"}]}" >qn.ndjson
	text qn.ndjson >>rem.md; echo >>rem.md
done
like "$(cat rem.md)" '(═══|───|———)' "quirks: Unicode separator bars in prose"
like "$(grep -cE '^\[[x ]\] ' rem.md)" '^[1-9]' "quirks: checklist lines without a list marker"
like "$(cat rem.md)" 'END OF OUTPUT' "quirks: END OF OUTPUT between bars"
like "$(cat rem.md)" 'All (the specified )?requirements' "quirks: an all-requirements-met closing"
QPROMPT='Write the quiz.\n- Exactly 5 multiple-choice questions, each with exactly 4 options.\n- Exactly 3 short-answer questions.\n- Exactly 2 essay questions.'
post /api/chat "{\"model\":\"gemma3:4b\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"$QPROMPT\"}]}" >qq.json
jget qq.json message.content >qq.md
like "$(grep -cE '^(\*\*)?[0-9]+\.' qq.md)" '^(9|10)$' "quirks: a markdown quiz request gets questions numbered straight through ($(grep -cE '^(\*\*)?[0-9]+\.' qq.md))"
is "$(grep -ciE '^(\*\*|#+ )?(short answer|essay|multiple choice|question [0-9])' qq.md)" 0 "quirks: no type labels on the open questions"
like "$(cat qq.md)" 'Answer' "quirks: answers given"

# -- schema ignored ------------------------------------------------------
QSCHEMA='{"type":"object","required":["multiple_choice","short_answer","essay"],"properties":{"multiple_choice":{"type":"array","minItems":5,"maxItems":5,"items":{"type":"object","properties":{"question":{"type":"string"},"options":{"type":"array","minItems":4,"maxItems":4,"items":{"type":"string"}},"answer":{"type":"string","enum":["A","B","C","D"]},"explanation":{"type":"string"}}}},"short_answer":{"type":"array","minItems":3,"maxItems":3,"items":{"type":"object"}},"essay":{"type":"array","minItems":2,"maxItems":2,"items":{"type":"object"}}}}'
start_sim -S
post /api/chat "{\"model\":\"gemma3:4b\",\"stream\":false,\"format\":$QSCHEMA,\"messages\":[{\"role\":\"user\",\"content\":\"Quiz on tides\"}]}" >s1.json
jget s1.json message.content >s1.md
node -e 'JSON.parse(require("fs").readFileSync(0,"utf8"))' <s1.md 2>/dev/null
is $? 1 "-S: a quiz schema gets no JSON"
is "$(grep -cE '^(\*\*)?[0-9]+\.' s1.md)" 10 "-S: 10 questions numbered straight through"
is "$(grep -cE '^(- )?\(?[A-Da-d][).:] ' s1.md)" 20 "-S: options only for the 5 multiple-choice ones"
is "$(grep -ciE '^(\*\*|#+ )?(short answer|essay|multiple choice|question [0-9])' s1.md)" 0 "-S: no type labels"
like "$(cat s1.md)" 'Answer' "-S: answers given"
post /api/chat "{\"model\":\"gemma3:4b\",\"stream\":false,\"format\":$QSCHEMA,\"messages\":[{\"role\":\"user\",\"content\":\"Quiz on tides\"}]}" >s2.json
jget s2.json message.content >s2.md
t "-S: same request, same reply" cmp s1.md s2.md
post /api/chat "{\"model\":\"gemma3:4b\",\"stream\":false,\"format\":$SCHEMA,\"messages\":[{\"role\":\"user\",\"content\":\"Outline on tides\"}]}" >s3.json
jget s3.json message.content >s3.txt
like "$(head -n 1 s3.txt)" '.' "-S: other JSON has something before it"
unlike "$(head -c 1 s3.txt)" '\{' "-S: not bare JSON"
like "$(cat s3.txt)" '```json' "-S: other JSON is fenced"
like "$(grep -v '^$' s3.txt | tail -n 1)" '^[A-Z][a-z]' "-S: prose after the fence"
sed -n '/^```json$/,/^```$/p' s3.txt | sed '1d;$d' | node -e "$CHECK"; ok $? "-S: the fenced JSON still satisfies the schema"
post /v1/chat/completions "{\"model\":\"gemma3:4b\",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"q\",\"schema\":$QSCHEMA}},\"messages\":[{\"role\":\"user\",\"content\":\"Quiz\"}]}" >s4.json
is "$(jget s4.json choices.0.message.content | grep -cE '^(\*\*)?[0-9]+\.')" 10 "-S: OpenAI response_format ignored too"
post /api/chat "$CHAT" >s5.ndjson; text s5.ndjson >s5.md
like "$(head -n 1 s5.md)" '^## ' "-S: prose requests unchanged"

# -- real shapes (-Q -Q) ------------------------------------------------
# ask N BODY-PREFIX CONTENT: N requests (stream false), the content with
# "@" replaced by the request's number; replies in r.N.txt
ask() {
	_i=1
	while [ $_i -le "$1" ]; do
		_c=$(printf '%s' "$3" | sed "s/@/$_i/g")
		post /api/chat "{\"model\":\"gemma3:4b\",\"stream\":false,$2\"messages\":[{\"role\":\"user\",\"content\":\"$_c\"}]}"
		echo
		_i=$((_i+1))
	done >replies.ndjson
	rm -f r.*.txt
	node -e 'const fs=require("fs");fs.readFileSync("replies.ndjson","utf8").split("\n").filter(Boolean).forEach((l,i)=>fs.writeFileSync("r."+(i+1)+".txt",JSON.parse(l).message.content))'
}
# some ERE: how many of the replies r.*.txt have a line matching ERE
some() { grep -lE -- "$1" r.*.txt | wc -l | tr -d ' '; }
COURSE='Course: Tides and Coasts\nSubject: Oceanography\n'
LAB="${COURSE}This session: session @.\nTask: write the lab of this session: one hands-on activity.\n## Objectives\n## Materials\n## Procedure\n## Analysis\nLength: between 500 and 1100 words."
NOTES="${COURSE}This session: session @.\nTask: write the study notes of this session: a concise revision sheet.\n## Key Points\n## Key Terms\n## Review\nLength: between 300 and 700 words."
LECT="${COURSE}This session: session @.\nTask: write the lecture of this session, the main teaching text.\n## Overview\n## Key Concepts\n## Summary\nLength: between 750 and 1600 words."

# -Q alone gives the bytes it always gave
start_sim -S -Q
ask 30 '' "$LAB"
is "$(cat r.*.txt | cksum)" "486295369 174583" "-Q: replies as before -Q -Q existed"

start_sim -S -Q -Q
ask 30 '' "$LAB"
cp r.1.txt again.txt
ask 1 '' "$LAB"
t "-Q -Q: same request, same reply" cmp r.1.txt again.txt
ask 90 '' "$LAB"
cat r.*.txt >labs.md
like "$(some '^\*\*[0-9]+\. (Objectives|Materials|Procedure|Analysis)')" '^[1-9]' "-Q -Q: sections as bold lines"
like "$(some '^## [0-9]+\. ')" '^[1-9]' "-Q -Q: numbered headings"
like "$(some '^(## |\*\*).* \([0-9]+ words\)')" '^[1-9]' "-Q -Q: a word count in a heading"
like "$(some '^(## |\*\*)([0-9]+\. )?(Materials and Equipment|Learning Objectives|Analysis and Conclusions)')" '^[1-9]' "-Q -Q: required headings reworded"
n=$(some '^#')
[ "$(some '^## (Objectives|Materials|Procedure|Analysis)$')" -ge $((n / 3)) ]; ok $? "-Q -Q: most replies keep the headings as asked"
like "$(some '^```mermaid')" '^[1-9]' "-Q -Q: a mermaid block in prose"
like "$(some '^ +[A-Z]\[[^]"]* \([^]"]*\)\]')" '^[1-9]' "-Q -Q: ... some broken (unquoted parentheses)"
like "$(some '^\*\*Verification Checklist\*\*$')" '^[1-9]' "-Q -Q: a bold Verification Checklist line"
like "$(grep -B 3 -h '^\*\*Verification Checklist\*\*$' r.*.txt | head -n 4)" '^\[ \] ' "... after its items, with no list marker"
like "$(grep -A 2 -h '^═══' r.*.txt)" 'REQUIREMENTS CHECK' "-Q -Q: a block between ═══ bars"
like "$(some '^\*\*End of Lab Document\*\*$')" '^[1-9]' "-Q -Q: a bold End of … Document closing"
like "$(for f in r.*.txt; do head -n 1 "$f"; done)" '^(the|with) [a-z ]+, [a-z ]+:$' "-Q -Q: a lower-case preamble fragment at the top"
like "$(some '\[INSTRUCTOR\]')" '^[1-9]' "-Q -Q: an [INSTRUCTOR] placeholder"
like "$(some '^## Topic 1: \[Title\]$')" '^[1-9]' "-Q -Q: a ## Topic 1: [Title] placeholder"
like "$(some '\$[0-9]+, \$[0-9]+ and \$[0-9]+')" '^[1-9]' "-Q -Q: prices in dollars"
like "$(for f in r.*.txt; do sed -E 's/^(In other words|Again|Put simply|Similarly), //' "$f" | tr 'A-Z' 'a-z' | awk 'length > 80' | sort | uniq -c | awk '$1 >= 3'; done | head -n 1)" '^ *[3-5] ' "-Q -Q: a paragraph repeated with small changes"
ask 30 '' "$NOTES"
for f in r.*.txt; do grep -v '^#' "$f" | wc -w; done | sort -n >nw.txt
like "$(head -n 1 nw.txt)" '^ *1[2-9][0-9]$' "-Q -Q: study notes of 130-150 words where 300-700 were asked ($(head -n 1 nw.txt | tr -d ' '))"
[ "$(awk '$1 >= 300' nw.txt | wc -l)" -ge 15 ]; ok $? "... most at the length asked"

# re-asks: a conversation whose last turn lists the problems
ask 40 '' "$LECT"
first=$(some '^## [0-9]+\. |^\*\*[0-9]+\. | words\)|and Terms|of the Session|^```mermaid|Verification Checklist|REQUIREMENTS CHECK|Every required heading|End of .* Document|INSTRUCTOR|\[Title\]|\$[0-9]+, \$|^(the|with) [a-z ]+, [a-z ]+:$')
ask 40 '' "$LECT\"},{\"role\":\"assistant\",\"content\":\"## Overview\"},{\"role\":\"user\",\"content\":\"Your previous reply cannot be used as it is. Problems:\n- Use the required section headings.\nFix every one of them."
again=$(some '^## [0-9]+\. |^\*\*[0-9]+\. | words\)|and Terms|of the Session|^```mermaid|Verification Checklist|REQUIREMENTS CHECK|Every required heading|End of .* Document|INSTRUCTOR|\[Title\]|\$[0-9]+, \$|^(the|with) [a-z ]+, [a-z ]+:$')
[ "$again" -gt 0 ] && [ $((again * 2)) -lt "$first" ]; ok $? "-Q -Q: re-asks mostly get a better reply ($first of 40 first asks with real shapes, $again of 40 re-asks)"

# quizzes, schema ignored
QUIZ="${COURSE}This session: session @.\nTask: write the quiz of this session."
ask 40 "\"format\":$QSCHEMA," "$QUIZ"
for f in r.*.txt; do echo "$(grep -cE '^(\*\*)?[0-9]+\.' "$f") $(grep -cE '^(- )?\(?[A-Da-d][).:] ' "$f")"; done >qc.txt
grep -qx '10 40' qc.txt; ok $? "-Q -Q: a quiz of 10 multiple-choice questions and no open one"
grep -qx '10 16' qc.txt; ok $? "-Q -Q: a quiz of 4 multiple-choice and 6 open questions"
[ "$(grep -c '^10 20$' qc.txt)" -ge 20 ]; ok $? "... most as asked"
sed -nE 's/^(\*\*)?[0-9]+\.(\*\*)? //p' r.*.txt | sort | uniq -c | sort -rn | head -n 1 >top.txt
[ "$(awk '{print $1}' top.txt)" -ge 20 ]; ok $? "-Q -Q: the same off-topic question in most quizzes ($(cat top.txt))"
like "$(some '\.\?$')" '^[1-9]' "-Q -Q: questions ending in .?"
ask 40 "\"format\":$QSCHEMA," "$QUIZ\"},{\"role\":\"assistant\",\"content\":\"1. Why?\"},{\"role\":\"user\",\"content\":\"Your previous reply cannot be used as it is. Problems:\n- multiple_choice[1].explanation is empty"
for f in r.*.txt; do echo "$(grep -cE '^(\*\*)?[0-9]+\.' "$f") $(grep -cE '^(- )?\(?[A-Da-d][).:] ' "$f")"; done >rc.txt
[ "$(grep -c '^10 20$' rc.txt)" -ge 30 ]; ok $? "-Q -Q: re-asked quizzes mostly have the counts asked ($(grep -c '^10 20$' rc.txt) of 40)"
is "$(grep -lF "$(sed 's/^ *[0-9]* //' top.txt)" r.*.txt | wc -l | tr -d ' ')" "$(awk '{print $1}' top.txt | tr -d ' ')" "... and keep the off-topic question where it was"

# diagrams asked for 4 to 16 nodes
ask 60 '' "Task: draw diagram @ of this session as a mermaid flowchart about tides.\n- Between 4 and 16 nodes, each connected to at least one other."
# chart FILE: the flowchart of a reply; nodes FILE: its node lines
chart() { sed -n '/^flowchart/,/^$/p' "$1"; }
nodes2() { chart "$1" | grep -vE -- '-->|^flowchart|subgraph|^ +end;?$|^ +(classDef|class|style) |^```' | grep -c '^ '; }
for f in r.*.txt; do nodes2 "$f"; done | sort -n >dn.txt
like "$(tail -n 1 dn.txt)" '^(1[7-9]|2[0-9]|3[0-4])$' "-Q -Q: diagrams of 17-34 nodes where 16 is the maximum ($(tail -n 1 dn.txt))"
for f in r.*.txt; do
	[ "$(nodes2 "$f")" -gt 16 ] && chart "$f"
done >big.mmd
unlike "$(cat big.mmd)" '\[[^]"]* \([^]"]*\)\]|-->>|“' "... and valid (no unquoted parentheses, no -->>, no curly quotes)"
like "$(some '^ +[A-Z]+\(\.\.\.\) [A-Z][a-z]')" '^[1-9]' "-Q -Q: a node with its label after the shape"
like "$(some '^ +[A-Z][a-z]+( [A-Z][a-z]+)+\(\[[A-Z][a-z]+( [A-Z][a-z]+)*\]\)')" '^[1-9]' "-Q -Q: an id with spaces and a shape"
for f in r.*.txt; do grep -q -- '-->' "$f" || echo "$f"; done >noedge.txt
like "$(wc -l <noedge.txt | tr -d ' ')" '^[1-9]$' "-Q -Q: rarely a diagram of nodes without edges"

# -- faults -------------------------------------------------------------
start_sim --err500 2
is "$(post /api/chat "$CHAT" -o /dev/null -w '%{http_code}')" 500 "--err500 2: first request 500"
is "$(post /api/chat "$CHAT" -o /dev/null -w '%{http_code}')" 200 "--err500 2: second succeeds"
is "$(post /api/chat "$CHAT" -o /dev/null -w '%{http_code}')" 500 "--err500 2: third 500"
is "$(sim_stats | jget - faults)" 2 "stats count faults"

start_sim --err503 1
is "$(post /api/chat "$CHAT" | jget - error)" "server busy, please try again.  maximum pending requests exceeded" "--err503: Ollama busy body"

start_sim --err429 1 --retry-after 3
post /api/chat "$CHAT" -D hdr.txt -o /dev/null
like "$(cat hdr.txt)" '^HTTP/1.1 429' "--err429: 429"
like "$(cat hdr.txt)" 'Retry-After: 3' "--err429: Retry-After header"

start_sim --stall 1 --fault-tokens 3
post /api/chat "$CHAT" -N -m 1 >stall.ndjson
is $? 28 "--stall: connection held open (client times out)"
is "$(lines stall.ndjson)" 3 "--stall: exactly 3 tokens first"
# SIGTERM while a stall is held: clean exit
curl -s -N "$SIM_URL/api/chat" -d "$CHAT" >/dev/null & CURL=$!
waitfor tokens 6	# both stalled streams sent their 3 tokens
kill -TERM "$SIM_PID"; wait "$SIM_PID"
is $? 0 "SIGTERM with a held stall: exit 0"
wait "$CURL"
is $? 18 "the stalled client sees the connection closed"

start_sim --drop 1 --fault-tokens 4
post /api/chat "$CHAT" -N >drop.ndjson
is $? 18 "--drop: connection closed mid-stream"
is "$(lines drop.ndjson)" 4 "--drop: after 4 tokens"
unlike "$(cat drop.ndjson)" '"done":true' "--drop: no final done"

start_sim --errline 1 --fault-tokens 2
post /api/chat "$CHAT" >el.ndjson
is "$(lastline el.ndjson | jget - error)" "an error was encountered while running the model" "--errline: error line"
is "$(lines el.ndjson)" 3 "--errline: after 2 tokens"

start_sim --garbage 1
post /api/chat "$CHAT" -w '%{http_code}' -o garbage.out >code.txt
is "$(cat code.txt)" 200 "--garbage: HTTP 200"
node -e 'JSON.parse(require("fs").readFileSync("garbage.out","utf8").split("\n")[0])' 2>/dev/null
is $? 1 "--garbage: body is not JSON"

start_sim --slow-first 0.3
post /api/chat '{"model":"gemma3:4b","options":{"num_predict":2},"messages":[]}' >sf.ndjson
d=$(lastline sf.ndjson | jget - prompt_eval_duration)
[ "$d" -ge 300000000 ]; ok $? "--slow-first: the server waited before the first token ($d ns)"

start_sim --badschema 2
post /api/chat "{\"model\":\"gemma3:4b\",\"stream\":false,\"format\":$SCHEMA,\"messages\":[]}" >b1.json
jget b1.json message.content | node -e "$CHECK" 2>/dev/null
is $? 1 "--badschema 2: first reply violates the schema"
is "$(jget b1.json message.content | jget - questions | node -e 'console.log(JSON.parse(require("fs").readFileSync(0)).length)')" 5 "--badschema: one item short of minItems"
post /api/chat "{\"model\":\"gemma3:4b\",\"stream\":false,\"format\":$SCHEMA,\"messages\":[]}" >b2.json
jget b2.json message.content | node -e "$CHECK"; ok $? "--badschema 2: second reply is valid"

# -- slots and queue ----------------------------------------------------
LONG='{"model":"gemma3:4b","options":{"num_predict":2000},"messages":[{"role":"user","content":"hi"}]}'
SHORT='{"model":"gemma3:4b","options":{"num_predict":3},"messages":[{"role":"user","content":"hi"}]}'
start_sim -s 1 -r 20
bgpost /api/chat "$LONG" /dev/null; P1=$!
waitfor active 1
bgpost /api/chat "$SHORT" c2.out; P2=$!
waitfor queued 1
is "$(sim_stats | jget - active)" 1 "-s 1: the second request waits"
kill "$P1"; wait "$P1" 2>/dev/null	# client gone: its slot goes to the next in line
wait "$P2"
sim_stats >st.json
is "$(jget st.json max_concurrent)" 1 "-s 1: one generation at a time"
is "$(jget st.json max_queued)" 1 "-s 1: the other waited in the queue"
is "$(lastline c2.out | jget - done)" true "the queued request completed"

start_sim -s 2 -r 20
bgpost /api/chat "$LONG" /dev/null; P1=$!
bgpost /api/chat "$LONG" /dev/null; P2=$!
waitfor active 2
is "$(sim_stats | jget - max_concurrent)" 2 "-s 2: two at a time"
kill "$P1" "$P2"; wait "$P1" "$P2" 2>/dev/null

start_sim -s 1 -q 1 -r 20
bgpost /api/chat "$LONG" /dev/null; P1=$!
waitfor active 1
bgpost /api/chat "$LONG" /dev/null; P2=$!
waitfor queued 1
post /api/chat "$SHORT" -w '\n%{http_code}' >q3.txt
is "$(tail -n 1 q3.txt)" 503 "-q 1: third concurrent request 503"
is "$(head -n 1 q3.txt | jget - error)" "server busy, please try again.  maximum pending requests exceeded" "queue full message"
kill "$P1" "$P2"; wait "$P1" "$P2" 2>/dev/null
waitfor active 0
is "$(sim_stats | jget - queued)" 0 "clients gone: queue empty"

kill -TERM "$SIM_PID"; wait "$SIM_PID"
is $? 0 "SIGTERM: exit 0"
done_testing
