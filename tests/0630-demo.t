#!/bin/sh
# make demo: starts its own cg-sim on a free port, writes the whole sample
# course into its own folder (never a real course's OUT), stops the server.
. "${CG_ROOT:-.}/tests/lib.sh"

D=$T/demo
make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" DEMO_OUT="$D" OUT="$T/real" \
	-j4 demo >"$T/log" 2>&1
ok $? "make -j4 demo succeeds"
like "$(cat "$T/log")" "placeholder" "demo says its text is placeholder"
port=$(sed -n 's/.*simulated server on port \([0-9]*\).*/\1/p' "$T/log")
ok $([ -n "$port" ] && echo 0 || echo 1) "demo names the port of its server"
curl -s -m 2 "http://127.0.0.1:$port/" >/dev/null 2>&1
ok $([ $? -ne 0 ] && echo 0 || echo 1) "the demo's server is stopped afterwards"
is "$(generated_files "$D")" "$(expected_files "$D")" "demo yields exactly the file list of every session"
is "$(cd "$D" && ls -d s[0-9]* | tr '\n' ' ')" "s01 s02 s03 s04 " "the sample course's four sessions"
[ -s "$D/site/index.html" ]; ok $? "demo built the site"
[ ! -e "$T/real" ]; ok $? "demo never writes into a real course's OUT"
cg-check -q "$D" >/dev/null 2>&1; ok $? "demo course passes cg-check"
grep -q '"url":.*127.0.0.1' "$D/course.json"; ok $? "demo course.json points at the simulator"
m=$(jget "$D/s01/session.json" llm.model)
is "$m" "cg-sim-placeholder" "demo sessions name the placeholder model"
grep -q "cg-sim-placeholder" "$D/site/s01.html"; ok $? "the demo site says its text came from the simulator"
done_testing
