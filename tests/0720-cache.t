#!/bin/sh
# The response cache: a reply kept under the hash of its request, so an
# identical request costs nothing.  Keyed by provider, model, options,
# messages and schema (never the URL, keep_alive or a key); CG_FRESH / -f
# / FRESH=1 ask anew and replace the entry; CG_CACHE=off bypasses it;
# cg-cache shows and prunes it; hits are logged and counted by cg-stats.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4
S1=$SIM_URL
C=$T/cache
export CG_CACHE=$C CG_LOG=$T/calls.jsonl
gens() { curl -s "$1/sim/stats" | jget - generations; }

# --- one request, by hand ---
echo "Explain osmosis in one paragraph." >p
cg-llm -u "$S1" <p >a1 2>err; is $? 0 "cg-llm: a first request"
is "$(gens "$S1")" 1 "... reaches the server"
cg-llm -u "$S1" <p >a2 2>err; is $? 0 "the same request again"
is "$(gens "$S1")" 1 "... costs no request"
t "... and gives the same reply" cmp a1 a2
like "$(tail -n 1 calls.jsonl)" '"event":"cache".*"status":"hit"' "the hit is logged"
LD_DEBUG=files cg-llm -u "$S1" <p >/dev/null 2>ld
is "$(grep -c 'file=libcurl' ld)" 0 "a hit never loads libcurl"
CG_FRESH=1 LD_DEBUG=files cg-llm -u "$S1" <p >/dev/null 2>ld
like "$(grep -c 'file=libcurl' ld)" '^[1-9]' "... a request does"
is "$(find "$C" -name '*.json' | wc -l | tr -d ' ')" 1 "one entry in the cache"
like "$(find "$C" -name '*.json' | sed "s|$C/||")" '^[0-9a-f]{2}/[0-9a-f]{62}\.json$' "... named by the request's SHA-256"

start_sim -s 2 -m gemma3:4b,other
S2=$SIM_URL
cg-llm -u "$S2" <p >a3 2>/dev/null
is "$(gens "$S2")" 0 "another server, the same request: from the cache (the URL is not in the key)"
t "... the same reply" cmp a1 a3
CG_MODEL=other cg-llm -u "$S2" <p >/dev/null 2>&1
is "$(gens "$S2")" 1 "another model: a request"
cat >k.yaml <<'EOF'
subject: Osmosis
llm: {keep_alive: 5m}
EOF
cg-config -o k.json k.yaml
cg-llm -c k.json -u "$S2" <p >/dev/null 2>&1
is "$(gens "$S2")" 1 "another keep_alive: still from the cache"
cat >o.yaml <<'EOF'
subject: Osmosis
llm: {options: {temperature: 0.2}}
EOF
cg-config -o o.json o.yaml
cg-llm -c o.json -u "$S2" <p >/dev/null 2>&1
is "$(gens "$S2")" 2 "another temperature: a request"
echo "Explain diffusion." | cg-llm -u "$S2" >/dev/null 2>&1
is "$(gens "$S2")" 3 "another prompt: a request"
echo '{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}' >s.json
cg-llm -u "$S2" -F s.json <p >/dev/null 2>&1
is "$(gens "$S2")" 4 "a schema: a request"
cg-llm -u "$S2" -F s.json <p >/dev/null 2>&1
is "$(gens "$S2")" 4 "... the same schema again: none"

# an entry cut short (a full disk, a crash) is a miss, and is replaced
f=$(find "$C" -name '*.json' | head -n 1)
n=$(gens "$S1")
for e in $(find "$C" -name '*.json'); do head -c 20 "$e" >"$e.cut" && mv "$e.cut" "$e"; done
cg-llm -u "$S1" <p >a4 2>err; is $? 0 "a damaged entry: the request still succeeds"
is "$(gens "$S1")" $((n + 1)) "... asking the server"
t "... with the same reply" cmp a1 a4
cg-llm -u "$S1" <p >/dev/null 2>&1
is "$(gens "$S1")" $((n + 1)) "... and the entry is whole again"
CG_API_KEY=sk-secret-123456 cg-llm -u "$S2" <p >/dev/null 2>&1
is "$(grep -rl 'sk-secret' "$C" | wc -l | tr -d ' ')" 0 "no key in the cache"

# --- fresh and off ---
n=$(gens "$S2")
CG_FRESH=1 cg-llm -u "$S2" <p >/dev/null 2>&1
is "$(gens "$S2")" $((n + 1)) "CG_FRESH=1: a request although cached"
CG_CACHE=off cg-llm -u "$S2" <p >/dev/null 2>&1
CG_CACHE=off cg-llm -u "$S2" <p >/dev/null 2>&1
is "$(gens "$S2")" $((n + 3)) "CG_CACHE=off: a request each time"
CG_CACHE=$T/never cg-llm -u "$S2" -s "x" <p >/dev/null 2>&1
CG_CACHE=off cg-llm -u "$S2" -s "y" <p >/dev/null 2>&1
t "a cache directory is made when written" test -d "$T/never"
cat >off.yaml <<'EOF'
subject: Osmosis
llm: {cache: off}
EOF
cg-config -o off.json off.yaml
n=$(gens "$S2")
env -u CG_CACHE cg-llm -c off.json -u "$S2" <p >/dev/null 2>&1
is "$(gens "$S2")" $((n + 1)) "llm.cache: off in the course: a request"
cat >dir.yaml <<EOF
subject: Osmosis
llm: {cache: "$T/from-yaml"}
EOF
cg-config -o dir.json dir.yaml
env -u CG_CACHE cg-llm -c dir.json -u "$S2" <p >/dev/null 2>&1
t "llm.cache names the directory" test -d "$T/from-yaml"
HOME=$T/home env -u CG_CACHE cg-llm -u "$S2" <p >/dev/null 2>&1
t "the default is ~/.cache/cg" test -d "$T/home/.cache/cg"

# --- cg-cache ---
out=$(cg-cache); is $? 0 "cg-cache"
like "$out" "^$C: [0-9]+ replies, [0-9.]+ (bytes|kB); last used .* ago \(CG_CACHE\)$" "... says where, how many, how big, when used"
# a file that is not the cache's: the directory is refused, nothing removed
n=$(find "$C" -name '*.json' | wc -l | tr -d ' ')
for x in README ab zz/keep.json; do
	mkdir -p "$C/$(dirname "$x")" && touch "$C/$x"
	cg-cache -x >out 2>err; is $? 78 "a cache directory holding $x: exit 78"
	like "$(cat err)" "holds ${x%/*}, which is not a cache entry.*\(CG_CACHE\)" "... naming it"
	is "$(find "$C" -name '*.json' ! -name keep.json | wc -l | tr -d ' ')" "$n" "... removing nothing"
	rm -f "$C/$x"
done
rmdir "$C/zz"
cg-cache -p 2w >out; is $? 0 "cg-cache -p 2w"
like "$(cat out)" "removed 0 replies .* not used for 14 days" "... removes nothing used today"
touch -d '20 days ago' "$f"
cg-cache -p 14d >out
like "$(head -n 1 out)" "removed 1 reply" "... an entry not used for 20 days goes"
t "... that one" test ! -e "$f"
set -- $(find "$C" -name '*.json' | head -n 3)
touch -d '3 days ago' "$1"; touch -d '2 days ago' "$2"; touch -d '1 day ago' "$3"
keep=$(find "$C" -name '*.json' | while read -r e; do [ "$e" = "$1" ] || [ "$e" = "$2" ] || wc -c <"$e"; done | awk '{s += $1} END {print s}')
cg-cache -s "$keep" >out; is $? 0 "cg-cache -s SIZE"
like "$(head -n 1 out)" "removed 2 replies .* to keep it within" "... removes what does not fit"
t "... the least recently used first" test ! -e "$1" -a ! -e "$2" -a -e "$3"
cg-cache -s 2x 2>err; is $? 64 "a bad size: exit 64"
like "$(cat err)" "not a size" "... says so"
# named like an entry, but not written by cg: left alone
alien=$C/00/00000000000000000000000000000000000000000000000000000000000000.json
mkdir -p "$C/00" && echo "my notes" >"$alien"
cg-cache -x >out 2>err; is $? 0 "cg-cache -x"
like "$(cat err)" "1 file named like replies but not written by cg for you" "... says what it leaves alone"
is "$(find "$C" -name '*.json' ! -path "$alien" | wc -l | tr -d ' ')" 0 "... removes every entry"
t "... and nothing else" test -e "$alien"
rm -r "$C/00"
cg-cache -p 3x 2>err; is $? 64 "a bad age: exit 64"
like "$(cat err)" "not an age" "... says so"
like "$(CG_CACHE=off cg-cache)" "off" "CG_CACHE=off: cg-cache says the cache is off"
is "$(cg-cache -h | head -n 1)" "usage: cg-cache [-hVx] [-c COURSE.json] [-p AGE] [-s SIZE]" "-h prints the usage"

# --- nothing in the cache is trusted (a bad entry is a miss, and replaced) ---
C2=$T/cache2
export CG_CACHE=$C2
echo "Explain turgor pressure." >p2
cg-llm -u "$S1" <p2 >b1 2>/dev/null
e2=$(find "$C2" -name '*.json')
cp "$e2" "$T/entry.good"
n=$(gens "$S1")
# edit JS: the good entry as e, changed by JS, written as the entry
edit() { node -e 'const fs=require("fs"),e=JSON.parse(fs.readFileSync(process.argv[1]));eval(process.argv[3]);fs.writeFileSync(process.argv[2],JSON.stringify(e))' "$T/entry.good" "$e2" "$1"; }
empty() { edit 'e.text=""'; }
overcap() { edit 'e.text="a".repeat(40000)'; }
huge() { truncate -s 300M "$e2"; }
outside() { cp "$T/entry.good" "$T/outside.json"; ln -s "$T/outside.json" "$e2"; }
zero() { ln -s /dev/zero "$e2"; }
fifo() { mkfifo "$e2"; }
other() { cp "$T/entry.good" "$e2" && chown 65534 "$e2"; }
# bad MAKER NAME: the entry made bad by the function MAKER, then a request:
# asked of the server, the good reply, and the entry whole again
bad() {
	rm -f "$e2"; $1
	timeout 20 cg-llm -u "$S1" <p2 >b2 2>err; rc=$?
	is "$rc" 0 "$2: the request succeeds"
	n=$((n + 1))
	is "$(gens "$S1")" $n "... asking the server (a miss)"
	t "... with the good reply" cmp b1 b2
	ok $([ -f "$e2" ] && [ ! -L "$e2" ] && grep -q '"text":"[^"]' "$e2" && echo 0 || echo 1) "... the entry replaced"
}
bad empty "an entry with empty text"
bad overcap "an entry with text over the reply cap"
bad huge "an entry of 300 MB"
bad outside "an entry that is a symbolic link"
t "... the file it pointed to untouched" cmp "$T/entry.good" "$T/outside.json"
bad zero "an entry linked to /dev/zero"
bad fifo "an entry that is a FIFO"
if [ "$(id -u)" = 0 ]; then
	bad other "an entry of another user"
fi
/usr/bin/time -f %M -o rss true 2>/dev/null && {
	rm -f "$e2"; truncate -s 300M "$e2"
	/usr/bin/time -f %M -o rss cg-llm -u "$S1" <p2 >/dev/null 2>&1
	ok $([ "$(tail -n 1 rss)" -lt 100000 ] && echo 0 || echo 1) "a 300 MB entry costs no memory ($(tail -n 1 rss) kB)"
	n=$((n + 1))
}

# --- cg-cache touches only what it proves is its own ---
mkdir -p "$T/h/.cache" "$C2/ee"
echo "my file" >"$T/h/notes.txt"
HOME=$T/h CG_CACHE=$T/h cg-cache -x >out 2>err; is $? 78 "CG_CACHE=\$HOME: exit 78"
like "$(cat err)" "the cache directory is your home directory" "... saying so"
t "... removing nothing" test -e "$T/h/notes.txt"
cat >home.yaml <<'YAML'
subject: Osmosis
llm: {cache: "~/"}
YAML
HOME=$T/h cg-config -o home.json home.yaml
HOME=$T/h env -u CG_CACHE cg-cache -c home.json >out 2>err; is $? 78 "llm.cache: \"~/\": exit 78"
CG_CACHE=/ cg-cache >out 2>err; is $? 78 "CG_CACHE=/: exit 78"
like "$(cat err)" "the cache directory is /" "... saying so"
HOME=$T/h CG_CACHE=$T/h cg-llm -u "$S1" <p2 >/dev/null 2>&1; is $? 0 "cg-llm with CG_CACHE=\$HOME still answers"
is "$(ls "$T/h")" "notes.txt" "... writing nothing into the home directory"
n=$((n + 1))
cg-cache >out 2>&1; is $? 0 "cg-cache (statistics)"
t "... leaves an empty folder it did not empty" test -d "$C2/ee"
notmine=$(dirname "$e2")/$(printf 'f%.0s' $(seq 62)).json
echo '{"text":"not a reply"}' >"$notmine"
linked=$(dirname "$e2")/$(printf 'e%.0s' $(seq 62)).json
ln -s "$T/outside.json" "$linked"
# a temp file of a killed write, and one of a write still going on
dead=$(sh -c 'echo $$'); sleep 30 & live=$!
: >"$(dirname "$e2")/.cg-tmp.$dead.0"; : >"$(dirname "$e2")/.cg-tmp.$live.0"
cg-cache -x >out 2>err; is $? 0 "cg-cache -x"
like "$(cat out)" "removed 1 reply" "... removes the one entry"
like "$(cat out)" "removed 1 temp file of interrupted writes" "... and the temp file of the killed write"
t "... not the live writer's" test -e "$(dirname "$e2")/.cg-tmp.$live.0"
kill $live
like "$(cat err)" "2 files named like replies but not written by cg" "... says what it leaves alone"
t "... a file named like an entry without cg's header" test -e "$notmine"
t "... a symbolic link named like one, and what it points to" test -L "$linked" -a -e "$T/outside.json"
t "... and the empty folder it did not empty" test -d "$C2/ee"
rm -f "$notmine" "$linked" "$(dirname "$e2")/.cg-tmp.$live.0"
cg-llm -u "$S1" <p2 >/dev/null 2>&1
cg-cache -x >out 2>&1
t "a folder that -x emptied is removed" test ! -e "$(dirname "$e2")"

# --- a cache write over the file-size limit costs only a miss ---
rm -rf "$C2"
# (stdout to a pipe: a file would be over the limit too)
{ (ulimit -f 1; exec cg-llm -u "$S1" <p2 2>err); echo $? >rc; } | cat >b3
rc=$(cat rc)
is "$rc" 0 "ulimit -f: the cache write fails, cg-llm does not die (exit $rc)"
t "... the reply printed" cmp b1 b3
is "$(find "$C2" -type f | wc -l | tr -d ' ')" 0 "... no entry and no temp file left"
(ulimit -f 1; exec cg-llm -u "$S1" -o "$T/big.out" <p2 2>err); rc=$?
is "$rc" 74 "... -o FILE over the limit: exit 74"
like "$(cat err)" "big\.out: write: File too large" "... saying so"
export CG_CACHE=$C

# --- a course ---
unset CG_LOG
# the file named like a shard folder would keep every reply whose key
# starts "ab" out of the cache (a miss, as a cache that cannot be written
# costs): not what this part tests
rm -f "$C/ab"
cp -R "$CG_ROOT/prompts" prompts
O=$T/course
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" PROMPTS="$T/prompts" "$@"; }
start_sim -s 4
export CG_URL=$SIM_URL
mk -j4 course >out 2>err; is $? 0 "make course"
n=$(gens "$SIM_URL")
like "$n" '^[1-9][0-9]*$' "... asks the server ($n requests)"
(cd "$O" && find . -name '*.md' -o -name '*.json' -o -name '*.mmd' | grep -v '^./log\|^./site' | sort | xargs cat) >before
mk clean-course >/dev/null 2>&1
mk -j4 course >out 2>err; is $? 0 "make clean-course && make course"
is "$(gens "$SIM_URL")" "$n" "... with a warm cache sends no request"
(cd "$O" && find . -name '*.md' -o -name '*.json' -o -name '*.mmd' | grep -v '^./log\|^./site' | sort | xargs cat) >after
t "... and writes the same course" cmp before after
like "$(grep '/lab.md' err | head -n 1)" '^\[[0-9]+/[0-9]+\] s0[1-4]/lab\.md  [0-9]+ words  from the cache' "progress says from the cache"
like "$(grep ' requests, ' err | tail -n 1)" '^0 requests, .* [0-9]+ replies from the cache \([0-9]+ tokens not asked for\)' "the summary counts the hits"
cg-stats "$O/log/calls.jsonl" >table
is "$(awk '$1 == "lab" {print $2, $NF}' table)" "0 4" "cg-stats: lab, 0 calls, 4 from the cache"

sleep 1
echo >>prompts/lab.md
sed -i '$d' prompts/lab.md
mk -j4 course >out 2>err; is $? 0 "a prompt re-saved unchanged: make course"
is "$(gens "$SIM_URL")" "$n" "... sends no request"
like "$(grep -c 'lab.md' err)" '^[1-9]' "... though the labs were made again"
mk -j4 course >out 2>err
is "$(grep -c '^\[' err)" 0 "... and the next run has nothing to do"

mk s02-lab >out 2>err
is "$(gens "$SIM_URL")" "$n" "make s02-lab, up to date: nothing"
mk s02-lab FRESH=1 >out 2>err; is $? 0 "make s02-lab FRESH=1"
is "$(gens "$SIM_URL")" $((n + 1)) "... asks the server once"
mk s03-diagrams "$O/s04/notes.md" FRESH=1 >out 2>err
k=$(jget "$O/s03/session.json" diagrams)
is "$(gens "$SIM_URL")" $((n + 1 + k + 1)) "FRESH=1 with sNN-diagrams and a file: $k + 1 requests"
mk -j4 course FRESH=1 >out 2>err
like "$(cat err)" "FRESH=1 makes again the files and sessions named" "FRESH=1 naming no file says what it is for"
n=$(gens "$SIM_URL")
cg-lab -f -o "$O/s01/lab.md" "$O/s01/session.json" 2>/dev/null
is "$(gens "$SIM_URL")" $((n + 1)) "a tool's -f asks the server"
out=$(mk cache-stats 2>&1); is $? 0 "make cache-stats"
like "$out" "^$C: [0-9]+ replies" "... prints the cache's figures"
mk cache-clean AGE=1d >out 2>&1; is $? 0 "make cache-clean AGE=1d"
like "$(cat out)" "removed 0 replies" "... keeps what was used today"
mk cache-clean SIZE=1k >out 2>&1; is $? 0 "make cache-clean SIZE=1k"
like "$(cat out)" "to keep it within 1.0 kB" "... keeps it within the size"
mk cache-clean >out 2>&1; is $? 0 "make cache-clean"
is "$(find "$C" -name '*.json' | wc -l | tr -d ' ')" 0 "... empties it"

# a file that failed is asked for again on the next run: its unusable
# replies are not replayed from the cache
sed -i 's/^Length: between .* words\.$/Length: between 5 and 8 words./' prompts/application.md
rm -f "$O/s01/application.md"
n=$(gens "$SIM_URL")
mk s01-application >out 2>err; rc=$?
ok "$([ $rc -ne 0 ]; echo $?)" "an application whose replies are unusable fails ($rc)"
r=$(( $(gens "$SIM_URL") - n ))
like "$r" '^[1-9]' "... after $r requests"
h=$(grep -c '"event":"cache".*s01/application.md' "$O/log/calls.jsonl")
mk s01-application >out 2>err
is "$(( $(gens "$SIM_URL") - n - r ))" "$r" "... and the next run asks the server again, as many times"
is "$(grep -c '"event":"cache".*s01/application.md' "$O/log/calls.jsonl")" "$h" "... nothing of it from the cache"
done_testing
