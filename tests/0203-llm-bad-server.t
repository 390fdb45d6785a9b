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
done_testing
