#!/bin/sh
# cg-site -S (make serve), the live preview: a small course made against
# cg-sim is served on 127.0.0.1 (port 0: any free one, named on the
# line it prints); pages carry the reload script, added at serve time
# only; content types; nothing outside the site is served (.., encoded
# .., a link out of it, hidden files) and only GET and HEAD; the event
# stream says "hello", then "reload" once a content file changed and the
# site was rebuilt on disk, also for a session directory that appears
# after the start; nothing asks the model; bad usage and a port in use;
# make serve runs while another run holds OUT's lock; and in Chromium an
# open page reloads after a change (tests/site/serve.js).  Every process
# started here is stopped by its pid.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4 -r 0
export CG_URL=$SIM_URL
cat >c.yaml <<EOF
name: Tiny cells
subject: Cell biology
modules: 1
sessions: 1
diagrams_per_session: 1
EOF
O=$T/course
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" COURSE="$T/c.yaml" SET=llm.slots=4 "$@"; }
gens() { sim_stats | jget - generations; }
mk -j4 s01-lecture >mk.log 2>&1
ok $? "a small course against cg-sim (make s01-lecture)"
[ -s "$O/s01/lecture.md" ] || { echo "Bail out! no lecture: $(tail -3 mk.log)"; exit 1; }
g0=$(gens)

# waitfor FILE ERE: until FILE holds a line matching ERE (at most 15 s)
waitfor() {
	_i=0
	while ! grep -Eq -- "$2" "$1" 2>/dev/null && [ $_i -lt 300 ]; do sleep 0.05; _i=$((_i+1)); done
	grep -Eq -- "$2" "$1" 2>/dev/null
}
# serve NAME ARGS...: cg-site -S ARGS in the background, its output in
# NAME.out/NAME.err; sets SRV_PID and SRV (its URL, no final slash)
serve() {
	_nm=$1; shift
	cg-site "$@" >"$_nm.out" 2>"$_nm.err" &
	SRV_PID=$!
	_sims="$_sims $SRV_PID"
	waitfor "$_nm.out" '^serving ' || { echo "Bail out! cg-site -S did not start: $(cat "$_nm.err")"; exit 1; }
	SRV=$(sed -n 's|^serving .* at \(http://[^ ]*\)/ .*|\1|p' "$_nm.out")
}
# get PATH [curl options]: "STATUS TYPE", the body in body
get() { _p=$1; shift; curl -s -o body -w '%{http_code} %{content_type}' "$@" "$SRV$_p"; }

serve s -S 0 "$O"
like "$(cat s.out)" "^serving $O/site at http://127\.0\.0\.1:[0-9]+/ — Ctrl-C stops$" \
	"cg-site -S 0: one line, the site and its URL on 127.0.0.1, any free port"
is "$(wc -l <s.out | tr -d ' ')" 1 "... and only that on standard output"
[ -s "$O/site/index.html" ] && [ -s "$O/site/s01-lecture.html" ]; ok $? "the site is built first"

# pages, with the script added as they are served
is "$(get /)" "200 text/html; charset=utf-8" "GET /: 200, HTML"
cmp -s body "$O/site/index.html"; ok $((! $?)) "... not the file as it is"
like "$(cat body)" '<script src="/__cg/live\.js" data-gen="[0-9a-f]+-0"></script></body>' \
	"... but with the reload script, before </body>"
is "$(get /s01-lecture.html)" "200 text/html; charset=utf-8" "GET /s01-lecture.html: 200"
like "$(cat body)" "src=\"/__cg/live\.js\"" "... with the reload script"
like "$(cat body)" "connect-src 'self'" "... and a policy that lets it connect to this server"
unlike "$(cat "$O"/site/*.html)" '__cg' "the files on disk have no reload script"
grep -q "connect-src 'none'" "$O/site/s01-lecture.html"; ok $? "... and keep their policy"
is "$(get /__cg/live.js)" "200 text/javascript; charset=utf-8" "GET /__cg/live.js"
like "$(cat body)" 'new EventSource\("/__cg/events"\)' "... listens to /__cg/events"
like "$(cat body)" 'addEventListener\("reload"' "... and reloads on \"reload\""

# content types
is "$(get /assets/cg.css)" "200 text/css; charset=utf-8" "css"
cmp -s body "$O/site/assets/cg.css"; ok $? "... as it is on disk"
is "$(get /assets/cg.js)" "200 text/javascript; charset=utf-8" "js"
font=$(cd "$O/site" && find assets -name '*.woff2' | head -n 1)
if [ -n "$font" ]; then is "$(get "/$font")" "200 font/woff2" "woff2"; fi
printf '<svg xmlns="http://www.w3.org/2000/svg"/>' >"$O/site/t.svg"
printf '{}' >"$O/site/t.json"
printf '\211PNG\r\n' >"$O/site/t.png"
is "$(get /t.svg)" "200 image/svg+xml" "svg"
is "$(get /t.json)" "200 application/json" "json"
is "$(get /t.png)" "200 image/png" "png"
is "$(get /assets)" "301 " "a directory without its slash: a redirect"
is "$(curl -s -o /dev/null -w '%{redirect_url}' "$SRV/assets")" "$SRV/assets/" "... to the directory"
is "$(get /no-such.html)" "404 text/plain; charset=utf-8" "a missing file: 404"
is "$(get /index.html -I)" "200 text/html; charset=utf-8" "HEAD: 200"
is "$(get / -X POST -d x=1)" "405 text/plain; charset=utf-8" "POST: 405"

# nothing outside the site
for p in /../../../../etc/passwd /%2e%2e/%2e%2e/%2e%2e/etc/passwd /assets/..%2f..%2f..%2f..%2fetc%2fpasswd \
    '/..%5c..%5cetc%5cpasswd' /assets/../index.html; do
	st=$(get "$p" --path-as-is)
	is "$st" "403 text/plain; charset=utf-8" "GET $p: refused, 403"
	unlike "$(cat body)" 'root:' "... nothing of it"
done
ln -s /etc/passwd "$O/site/passwd.html"
ln -s /etc "$O/site/etc"
is "$(get /passwd.html)" "404 text/plain; charset=utf-8" "a link out of the site: 404"
is "$(get /etc/passwd)" "404 text/plain; charset=utf-8" "... a directory linked out of it too"
rm -f "$O/site/passwd.html" "$O/site/etc"
is "$(get /.built)" "404 text/plain; charset=utf-8" "a hidden file: 404"

# the event stream: "hello" with this build, "reload" after a change
curl -sN "$SRV/__cg/events" >ev.out 2>/dev/null &
EV=$!
_sims="$_sims $EV"
waitfor ev.out '^event: hello'; ok $? "/__cg/events: hello first"
hello=$(sed -n '/^event: hello/{n;s/^data: //p;}' ev.out)
like "$hello" '^[0-9a-f]+-0$' "... naming the build ($hello)"
before=$(cksum <"$O/site/s01-lecture.html")
sleep 0.3
is "$(grep -c '^event: reload' ev.out)" 0 "... and nothing else while nothing changes"
printf '\n\nThe word Zanzibarite was added while serving.\n' >>"$O/s01/lecture.md"
waitfor ev.out '^event: reload'; ok $? "a lecture changed: the event reload"
is "$(grep -c '^event: reload' ev.out)" 1 "... once"
grep -q Zanzibarite "$O/site/s01-lecture.html"; ok $? "... after the page on disk was rebuilt"
[ "$(cksum <"$O/site/s01-lecture.html")" != "$before" ]; ok $? "... (its bytes changed)"
get /s01-lecture.html >/dev/null
like "$(cat body)" 'Zanzibarite' "the page served shows the change"
like "$(cat body)" 'data-gen="[0-9a-f]+-1"' "... from the next build"
waitfor s.err 'rebuilt: '; ok $? "the rebuild is said on standard error"
like "$(cat s.err)" '^cg-site: rebuilt: [0-9]+ of [0-9]+ pages and [0-9]+ of [0-9]+ assets rewritten, [0-9]+ ms; open pages reload$' \
	"... in one line"

# a change that rewrites nothing sends nothing
n=$(grep -c '^event: reload' ev.out)
touch "$O/s01/.lecture.md.sum" "$O/outline.mk"
sleep 1
is "$(grep -c '^event: reload' ev.out)" "$n" "a change that rewrites no page: no reload"

# a session directory that appears after the start is watched too (a
# copy: a directory moved out and back would keep its watch)
cp -a "$O/s01" "$T/s01.away" && rm -rf "$O/s01"
waitfor ev.out "data: [0-9a-f]+-$((n + 1))$"; ok $? "the session gone: reload"
grep -q Zanzibarite "$O/site/s01-lecture.html"; ok $((! $?)) "... its page says so"
mv "$T/s01.away" "$O/s01"
waitfor ev.out "data: [0-9a-f]+-$((n + 2))$"; ok $? "the session back: reload"
printf '\nAnd Quokkaville too.\n' >>"$O/s01/lecture.md"
waitfor ev.out "data: [0-9a-f]+-$((n + 3))$"; ok $? "a change in the session that came back: reload"
grep -q Quokkaville "$O/site/s01-lecture.html"; ok $? "... with the page rebuilt"

is "$(gens)" "$g0" "serving and rebuilding asked the model nothing"

# a second server on the same port: 69; bad usage: 64
port=${SRV##*:}
cg-site -S "$port" "$O" >/dev/null 2>busy.err; is $? 69 "a port in use: exit 69"
like "$(cat busy.err)" "cannot listen on 127\.0\.0\.1:$port; is the port in use" "... named"
cg-site -S x3000 "$O" 2>bad.err; is $? 64 "-S x3000: exit 64"
like "$(cat bad.err)" '^cg-site: -S x3000: not a port' "... named"
cg-site -S 65536 "$O" 2>/dev/null; is $? 64 "-S 65536: exit 64"
cg-site --listen 0.0.0.0 "$O" 2>bad.err; is $? 64 "--listen without -S: exit 64"
cg-site -S 0 --listen nowhere "$O" 2>bad.err; is $? 64 "--listen nowhere: exit 64"
like "$(cat bad.err)" '^cg-site: --listen nowhere: not a numeric' "... named"
cg-site -S 0 "$T/none" 2>bad.err; is $? 66 "no such course: exit 66"

# --listen: IPv6 loopback, when there is one
S1=$SRV S1_PID=$SRV_PID
if grep -q '^0\{31\}1 .* lo$' /proc/net/if_inet6 2>/dev/null; then
	serve v6 -S 0 --listen ::1 "$O"
	like "$(cat v6.out)" '^serving .* at http://\[::1\]:[0-9]+/ ' "--listen ::1: the URL in brackets"
	is "$(get /index.html -g)" "200 text/html; charset=utf-8" "... and served there"
	kill "$SRV_PID"; wait "$SRV_PID"; is $? 0 "SIGTERM stops it, exit 0"
fi
SRV=$S1 SRV_PID=$S1_PID

# Chromium: an open page reloads after a change
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -n "$CHROMIUM" ] && [ -f "$CG_ROOT/site/node_modules/mermaid/dist/mermaid.min.js" ]; then
	export CHROMIUM
	node "$CG_ROOT/tests/site/serve.js" "$SRV/s01-lecture.html" "$O/s01/lecture.md" Brobdingnagian "$T/profile" \
	    >browser.out 2>browser.err
	rc=$?
	while IFS= read -r l; do
		case $l in
		"ok - "*) pass "Chromium: ${l#ok - }" ;;
		"not ok - "*) fail "Chromium: ${l#not ok - }" ;;
		*) echo "$l" ;;
		esac
	done <browser.out
	[ "$rc" = 0 ] || { diag "serve.js exit $rc"; sed 's/^/# /' browser.err | tail -5; }
elif [ "${CI:-}" = true ]; then
	echo "Bail out! chromium and the vendored assets are required under CI"; exit 1
else
	diag "no chromium or no vendored assets: the reload in a browser is not checked"
fi

kill "$EV" 2>/dev/null
kill -INT "$SRV_PID"; wait "$SRV_PID"; is $? 0 "SIGINT stops the server, exit 0"

# make serve while another run holds OUT's lock (as make course does)
"$CG_ROOT/libexec/cg-lock" "$O" sleep 60 </dev/null &
LOCK=$!
_sims="$_sims $LOCK"
waitfor "$O/.lock" "^$LOCK\$" || diag "the lock did not show $LOCK"
mk site </dev/null >/dev/null 2>lock.err
like "$(cat lock.err)" "$O is being built by process $LOCK" "make site is refused: another run holds the lock (as make course does)"
make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" COURSE="$T/c.yaml" serve PORT=0 </dev/null >ms.out 2>ms.err &
MK=$!
_sims="$_sims $MK"
waitfor ms.out '^serving '; ok $? "make serve PORT=0 serves all the same"
SRV=$(sed -n 's|^serving .* at \(http://[^ ]*\)/ .*|\1|p' ms.out)
like "$(cat ms.out)" "^serving $O/site at http://127\.0\.0\.1:[0-9]+/ " "... $O/site"
is "$(get /s01-lecture.html)" "200 text/html; charset=utf-8" "... its pages"
child=$(ps -o pid= --ppid "$MK" | tr -d ' ')
is "$(cat "/proc/$child/comm" 2>/dev/null)" cg-site "... run by make as its child"
kill "$MK"; wait "$MK"
i=0; while [ -n "$child" ] && kill -0 "$child" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
[ -n "$child" ] && ! kill -0 "$child" 2>/dev/null; ok $? "stopping make serve stops the server"
is "$(gens)" "$g0" "... and nothing asked the model"
kill "$LOCK"
done_testing
