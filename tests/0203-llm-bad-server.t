#!/bin/sh
# Servers that are not what they claim: a TCP service that does not speak
# HTTP, an HTTP server that is not an LLM API, a host that does not resolve.
# Each gets one clear message naming the URL, the documented exit code, and
# no output file.
. "${CG_ROOT:-.}/tests/lib.sh"

# a line-protocol service (greets, then hangs up) on a free port
node -e '
const net=require("net");
const s=net.createServer(c=>{c.on("data",()=>{c.end("220 mail.example ESMTP ready\r\n")})});
s.listen(0,"127.0.0.1",()=>{console.log(s.address().port)});
' >"$T/tcp.port" &
_sims="$_sims $!"
i=0; while [ ! -s "$T/tcp.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
TCP=http://127.0.0.1:$(cat "$T/tcp.port")
# an HTTP server that answers every path with a web page
node -e '
const http=require("http");
const s=http.createServer((q,r)=>{r.writeHead(200,{"content-type":"text/html"});r.end("<html><body>It works!</body></html>")});
s.listen(0,"127.0.0.1",()=>{console.log(s.address().port)});
' >"$T/web.port" &
_sims="$_sims $!"
i=0; while [ ! -s "$T/web.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
WEB=http://127.0.0.1:$(cat "$T/web.port")

cg-config -s llm.retries.max=1 -s llm.retries.backoff=0.01 >"$T/course.json"

echo hi | cg-llm -c "$T/course.json" -u "$TCP" -o "$T/out1" 2>"$T/err"; rc=$?
is "$rc" 76 "a non-HTTP service: exit 76 (protocol error)"
like "$(cat "$T/err")" "127.0.0.1:[0-9]+" "the message names the URL"
[ ! -e "$T/out1" ]; ok $? "nothing written"

echo hi | cg-llm -c "$T/course.json" -u "$WEB" -o "$T/out2" 2>"$T/err"; rc=$?
is "$rc" 76 "a web page instead of an API: exit 76"
like "$(cat "$T/err")" "127.0.0.1:[0-9]+" "the message names the URL"
[ ! -e "$T/out2" ]; ok $? "nothing written"

echo hi | cg-llm -c "$T/course.json" -u "http://no-such-host.invalid:11434" 2>"$T/err"; rc=$?
is "$rc" 69 "an unresolvable host: exit 69"
like "$(cat "$T/err")" "no-such-host.invalid" "the message names the host"
like "$(cat "$T/err")" "CG_URL" "and says what to set"

# --- hostile replies: bounded memory, nothing past the cap printed ---
# MODE: nonl (one NDJSON line of 100 MB, no newline), sse (SSE data lines
# with no blank line, 100 MB), long (one whole NDJSON line of 10 MB),
# key (the API key echoed back, split across tokens); its URL in $u
# (started here, not in a subshell, so that the test stops it)
hostile() {
	node -e '
const http=require("http"),mode=process.argv[1];
const line=o=>JSON.stringify(Object.assign({model:"m",created_at:"2024-01-01T00:00:00Z"},o))+"\n";
const s=http.createServer((q,r)=>{q.resume();q.on("end",()=>{
  r.writeHead(200,{"content-type":mode==="sse"?"text/event-stream":"application/x-ndjson"});
  if(mode==="key"){
    const k=(q.headers.authorization||"").replace(/^Bearer /,"");
    for(const t of ["Your key is ",k.slice(0,5),k.slice(5)+" and again "+k+"."])
      r.write(line({message:{role:"assistant",content:t},done:false}));
    return r.end(line({message:{role:"assistant",content:""},done:true,done_reason:"stop"}));
  }
  if(mode==="long")
    return r.end(line({message:{role:"assistant",content:"a".repeat(10e6)},done:false})+
      line({message:{role:"assistant",content:""},done:true}));
  const chunk=mode==="sse"?Buffer.from("data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n".repeat(2000)):Buffer.alloc(65536,"a");
  if(mode==="nonl")r.write("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"");
  let sent=0;
  const pump=()=>{while(sent<100e6){sent+=chunk.length;if(!r.write(chunk))return r.once("drain",pump)}r.end()};
  r.on("close",()=>{sent=1e9});pump();
})});
s.listen(0,"127.0.0.1",()=>console.log(s.address().port));
' "$1" >"$T/$1.port" &
	_sims="$_sims $!"
	i=0; while [ ! -s "$T/$1.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
	u="http://127.0.0.1:$(cat "$T/$1.port")"
}
# rss CMD...: run CMD (stdin from the prompt), its peak RSS in kB in $T/rss
rss() { /usr/bin/time -f %M -o "$T/rss" "$@"; }
echo hi >"$T/p"
[ -x /usr/bin/time ] || rss() { echo 0 >"$T/rss"; "$@"; }

hostile nonl
rss timeout 60 cg-llm -c "$T/course.json" -u "$u" <"$T/p" >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 76 "100 MB of one NDJSON line without a newline: exit 76"
like "$(cat "$T/err")" 'a reply line of over [0-9]+ bytes; the server sent no newline' "... saying why"
ok $([ "$(tail -n 1 "$T/rss")" -lt 100000 ] && echo 0 || echo 1) "... in under 100 MB ($(tail -n 1 "$T/rss") kB)"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "... printing nothing"

hostile sse
CG_PROVIDER=openai rss timeout 60 cg-llm -c "$T/course.json" -u "$u" <"$T/p" >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 76 "100 MB of SSE data lines without a blank line: exit 76"
like "$(cat "$T/err")" 'an event of over [0-9]+ bytes; the server sent no blank line' "... saying why"
ok $([ "$(tail -n 1 "$T/rss")" -lt 100000 ] && echo 0 || echo 1) "... in under 100 MB ($(tail -n 1 "$T/rss") kB)"

hostile long
rss timeout 60 cg-llm -c "$T/course.json" -u "$u" <"$T/p" >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 76 "one whole NDJSON line of 10 MB: exit 76"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "... refused before it is parsed: nothing of it printed"
ok $([ "$(tail -n 1 "$T/rss")" -lt 100000 ] && echo 0 || echo 1) "... in under 100 MB ($(tail -n 1 "$T/rss") kB)"

# the API key echoed by the server never reaches a file
hostile key
key=sk-test-0123456789abcdef
CG_API_KEY=$key CG_CACHE=$T/cache cg-llm -c "$T/course.json" -u "$u" -o "$T/keyout" <"$T/p" 2>"$T/err"; rc=$?
is "$rc" 0 "a reply that echoes the API key: exit 0"
is "$(cat "$T/keyout")" "Your key is [key removed] and again [key removed]." "... the key scrubbed from -o FILE"
is "$(grep -rl "$key" "$T/cache" | wc -l | tr -d ' ')" 0 "... and from the cache entry"
is "$(grep -rl 'key removed' "$T/cache" | wc -l | tr -d ' ')" 1 "... which holds the scrubbed reply"
CG_API_KEY=$key cg-llm -c "$T/course.json" -u "$u" <"$T/p" >"$T/keyout" 2>"$T/err"
is "$(cat "$T/keyout")" "Your key is [key removed] and again [key removed]." "... and from what is streamed to stdout"
# --- terminal escapes: text from a server or a model reaches the terminal
# as visible escapes (\e, \x07), never raw; the files keep it as written.
# One server refuses every request with escapes in its JSON error (set the
# terminal's title, clear the screen); another answers with a reply whose
# placeholder heading holds them, which the validators quote.
node -e '
const http=require("http");
const esc="\u001b]0;pwned\u0007\u001b[2J";
const bad=http.createServer((q,r)=>{q.resume();q.on("end",()=>{
  r.writeHead(400,{"content-type":"application/json"});
  r.end(JSON.stringify({error:"model "+esc+" refused"}))})});
const rep="Osmosis moves water across a membrane.";
let words="";for(let i=0;i<900;i++)words+="term"+i+(i%12==11?".\n\n":" ");
const head="# Lecture\n\n## Overview\n\n"+words+"\n\n## Key Concepts\n\n";
const tail="### Title here "+esc+"\n\n"+rep+"\n\n## Summary\n\n"+words+"\n";
const good=http.createServer((q,r)=>{q.resume();q.on("end",()=>{
  const sub=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
  const text=head+sub.map(t=>"### "+t+"\n\n"+t+" matters here.\n\n").join("")+tail;
  r.writeHead(200,{"content-type":"application/x-ndjson"});
  r.write(JSON.stringify({message:{role:"assistant",content:text},done:false})+"\n");
  r.end(JSON.stringify({message:{role:"assistant",content:""},done:true,
    done_reason:"stop",prompt_eval_count:10,eval_count:100})+"\n")})});
bad.listen(0,"127.0.0.1",()=>good.listen(0,"127.0.0.1",()=>
  console.log(bad.address().port+" "+good.address().port)));
' "$T/subtopics.json" >"$T/esc.port" &
_sims="$_sims $!"
i=0; while [ ! -s "$T/esc.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
read -r bport gport <"$T/esc.port"
ESC=$(printf '\033')
echo hi | cg-llm -c "$T/course.json" -u "http://127.0.0.1:$bport" 2>"$T/err"; rc=$?
is "$rc" 65 "an error body with terminal escapes: exit 65"
is "$(grep -c "$ESC" "$T/err")" 0 "... no raw escape reaches the terminal"
like "$(cat "$T/err")" 'model \\e\]0;pwned\\x07\\e\[2J refused' "... it is shown as visible escapes"

start_sim
O=$T/esc
mkdir -p "$O"
cg-config -s llm.retries.max=0 -s llm.validate_retries=0 -o "$O/course.json" "$CG_ROOT/config/course.yaml"
CG_URL=$SIM_URL cg-outline -o "$O/outline.json" "$O/course.json" 2>/dev/null &&
	cg-plan -c "$O/course.json" -d "$O" "$O/outline.json" 2>/dev/null
ok $? "a course planned for the model's reply"
jget "$O/s01/session.json" session.subtopics >"$T/subtopics.json"
CG_URL=http://127.0.0.1:$gport cg-lecture -c "$O/course.json" -o "$O/s01/lecture.md" \
	"$O/s01/session.json" 2>"$T/err"
like "$(cat "$T/err")" 'placeholder heading .*\\e\]0;pwned\\x07' "a validator quoting the model: shown as escapes"
is "$(grep -c "$ESC" "$T/err")" 0 "... no raw escape on the generator's stderr"
like "$(grep -c "$ESC" "$O/s01/lecture.md")" '^[1-9]' "... the file keeps the text as written"
cg-check "$O" >"$T/out" 2>&1
is "$(grep -c "$ESC" "$T/out")" 0 "cg-check: no raw escape"
# the summary's one line per file is cut short: a note that quotes first
printf 'A passage is repeated 3 times ("\033]0;pwned\007"); say each thing once.\n' \
	>"$O/s01/.lecture.md.imperfect"
cg-check -s "$O" >"$T/out" 2>&1
like "$(cat "$T/out")" 'imperfect: s01/lecture.md: .*\\e\]0;pwned' "the summary: the note shown with escapes"
is "$(grep -c "$ESC" "$T/out")" 0 "... and no raw escape"
done_testing
