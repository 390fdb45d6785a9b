#!/bin/sh
# Bad input, one table: each case is an input, the exit status it must
# get, a fragment of the message it must print (what is wrong and where),
# and the promise that nothing under OUT changed (a listing of every path
# with size, mtime and SHA-256, before and after) and no request was sent.
# Then a second run into a locked OUT, and hostile long tokens in the site.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4
export CG_URL=$SIM_URL
O=$T/out
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" \
	COURSE=config/course.yaml SET=llm.slots=4 "$@"; }
mk -j4 course >"$T/log" 2>&1 || { echo "Bail out! the course did not build"; sed 's/^/# /' "$T/log"; exit 1; }
cp "$O/outline.json" "$T/outline.good"
gens() { sim_stats | jget - generations; }
listing() { (cd "$O" && find . ! -name .lock -printf '%p %s %T@ %y\n' | sort &&
	find . -type f ! -name .lock -exec sha256sum {} + | sort -k 2); }
# outline EXPR: edit outline.json with the JavaScript EXPR on o
outline() { cp "$T/outline.good" "$O/outline.json"; node -e '
	const fs=require("fs"),f=process.argv[1],o=JSON.parse(fs.readFileSync(f));
	const dup=x=>JSON.parse(JSON.stringify(x));'"$1"';
	fs.writeFileSync(f,JSON.stringify(o,null,1))' "$O/outline.json"; }
# settle: the good outline back, planned (course.mk is current again)
settle() { cp "$T/outline.good" "$O/outline.json"; mk outline >/dev/null 2>&1; }
yaml() { printf 'name: Bad input\nsubject: Geology\nmodules: 1\nsessions: 1\n%s\n' "$1" >"$T/bad.yaml"; }

# check NAME RC FRAGMENT CMD...: CMD exits RC, its message matches
# FRAGMENT (an ERE), nothing under OUT changed and no request was sent
check() {
	_name=$1 _rc=$2 _frag=$3; shift 3
	listing >"$T/before"
	_g=$(gens)
	_out=$("$@" 2>&1 </dev/null); _got=$?
	is "$_got" "$_rc" "$_name: exit $_rc"
	like "$_out" "$_frag" "$_name: the message says what and where"
	listing >"$T/after"
	is "$(diff "$T/before" "$T/after" | head -5)" "" "$_name: nothing under OUT changed"
	is "$(gens)" "$_g" "$_name: no request sent"
}

# -- the course file (YAML) -------------------------------------------------
yaml 'description: !!binary aGVsbG8='
check "!!binary tag" 65 'bad\.yaml:5:14: description: tag !!binary is not supported' cg-config "$T/bad.yaml"
yaml 'description: "A\u0000B"'
check "NUL in a string" 65 'bad\.yaml:5:14: description: the value contains a NUL' cg-config "$T/bad.yaml"
yaml 'duration_weeks: 1e999'
check "1e999" 65 'bad\.yaml:5:17: duration_weeks: the number 1e999 is out of range' cg-config "$T/bad.yaml"
printf 'name: Bad input\nsubject: Geology\nmodules: 1\nsessions: 1\nconstraints:\n' >"$T/bad.yaml"
seq 1 10000 | sed 's/^/  - c/' >>"$T/bad.yaml"
check "10,000-item list" 65 'bad\.yaml:1006:5: constraints: a list of more than 1000 items' cg-config "$T/bad.yaml"
yaml 'level: x
	description: y'
check "tab indentation" 65 'bad\.yaml:6:1: tab character in indentation' cg-config "$T/bad.yaml"
yaml 'name: Twice'
check "duplicate key" 65 'bad\.yaml:5:1: duplicate key "name" \(first at line 1\)' cg-config "$T/bad.yaml"
yaml 'description: [unclosed'
check "unclosed flow list" 65 'bad\.yaml:[0-9]+:[0-9]+:' cg-config "$T/bad.yaml"
printf 'name: Bad\nsubject: Biology\nmodules: 0\nsessions: 4\n' >"$T/bad.yaml"
check "modules: 0 (make course)" 2 'bad\.yaml.*modules' mk course COURSE="$T/bad.yaml"
printf 'name: No subject\nmodules: 1\nsessions: 1\n' >"$T/bad.yaml"
check "no subject (make course)" 2 'subject' mk course COURSE="$T/bad.yaml"
yaml 'description: !!binary aGVsbG8='
check "!!binary (make course)" 2 'bad\.yaml:5:14: description: tag !!binary' mk course COURSE="$T/bad.yaml"
check "course file missing" 66 'nonexistent\.yaml' cg-config "$T/nonexistent.yaml"

# -- the outline, edited by hand -------------------------------------------
outline 'o.modules[0].sessions.splice(1,0,dup(o.modules[0].sessions[0]));o.modules[0].sessions[1].title="Other"'
check "session number twice (make course)" 2 'modules\[0\]\.sessions\[1\]: session number 1 appears twice \(also modules\[0\]\.sessions\[0\]\)' mk -j4 course
check "session number twice (cg-plan)" 65 'session number 1 appears twice' cg-plan -c "$O/course.json" "$O/outline.json"
check "session number twice (cg-site)" 65 'session number 1 appears twice' cg-site -o "$T/site2" "$O"
outline 'o.modules[0].sessions.push(dup(o.modules[0].sessions[0]))'
check "copied session" 2 'modules\[0\]\.sessions\[2\]: the same session as modules\[0\]\.sessions\[0\]' mk -j4 course
outline 'o.modules.push(dup(o.modules[0]))'
check "copied module" 2 'modules\[2\]: the same module as modules\[0\]' mk -j4 course
outline 'o.modules[0].sessions.splice(1,1)'
check "session deleted, numbers not fixed" 2 'modules\[1\]\.sessions\[0\]: session number 3 where 2 comes next' mk -j4 course
outline 'delete o.modules[1].number'
check "module number missing" 2 'modules\[1\]: "number" is missing' mk -j4 course
outline 'o.modules[0].sessions[1].key_concepts[0]=" \t "'
check "blank key concept" 2 'modules\[0\]\.sessions\[1\]\.key_concepts\[0\]: is only white space' mk -j4 course
outline 'o.modules[1].sessions[0].title=7'
check "title of the wrong type" 2 'modules\[1\]\.sessions\[0\]: "title" must be a string' mk -j4 course
# a rejected edit stops the run: nothing is generated from the old plan
outline 'o.modules[1].sessions[0].subtopics=[]'
rm -f "$O/s01/lab.md"
check "rejected edit, a file missing" 2 'modules\[1\]\.sessions\[0\]: "subtopics" must be a non-empty array' mk -j4 course
[ -e "$O/s01/lab.md" ]; ok $((!$?)) "rejected edit: the missing file was not generated from the old plan"
cp "$T/outline.good" "$O/outline.json"; sed -i 's/"title"/"title" :: /' "$O/outline.json"
check "outline not JSON" 2 'outline\.json:[0-9]+:[0-9]+' mk -j4 course
settle

# -- programs given the wrong thing ----------------------------------------
check "cg-questions -m on a session.json" 65 'session\.json: not a questions\.json' cg-questions -m -o "$T/q.md" "$O/s01/session.json"
check "cg-questions -m on a missing file" 66 'nope\.json' cg-questions -m -o "$T/q.md" "$T/nope.json"
check "cg-lecture -m" 64 '-m is for the kinds with a second file' cg-lecture -m -o "$T/q.md" "$O/s01/questions.json"
check "cg-diagram -i out of range" 64 '-i 99: .*session\.json has diagrams 1 to' cg-diagram -i 99 -o "$T/d.mmd" "$O/s01/session.json"
check "cg-plan without a configuration" 64 'no configuration' env -u CG_COURSE_JSON cg-plan "$O/outline.json"
check "cg-site without an outline" 66 'outline\.json: not found' cg-site -o "$T/site3" "$T"
check "cg-check of a missing course" 66 'nowhere' cg-check "$T/nowhere"

# -- two runs into one OUT --------------------------------------------------
# a holder of the lock, as a running make course would be
: >"$O/.lock"
flock -n "$O/.lock" sh -c 'echo $$ >"$1"; exec sleep 30' sh "$O/.lock" &
flk=$!
i=0; while [ ! -s "$O/.lock" ] && [ $i -lt 100 ]; do sleep 0.02; i=$((i+1)); done
holder=$(cat "$O/.lock")
check "second run, no terminal" 2 "is being built by process $holder; wait for it to finish" mk -j4 course
like "$_out" 'Error 75' "the second run's own status is 75"
if command -v script >/dev/null 2>&1; then
	(sleep 1; kill "$holder") &
	script -qec "make -s -C '$CG_ROOT' -f Course.mk BIN='$CG_BIN' OUT='$O' COURSE=config/course.yaml SET=llm.slots=4 course" /dev/null >"$T/wait.log" 2>&1
	ok $? "second run on a terminal waits for the lock, then succeeds"
	like "$(cat "$T/wait.log")" "is being built by process $holder; waiting for it" "... saying whom it waits for"
fi
kill "$holder" 2>/dev/null; wait "$flk"
# two at once into a fresh OUT: every file generated once
rm -rf "$O"
mk -j4 course >"$T/r1" 2>&1 & r1=$!
sleep 0.2
mk -j4 course >"$T/r2" 2>&1; rc2=$?
wait $r1; rc1=$?
is "$rc1" 0 "two runs at once: the first finishes"
ok $([ "$rc2" != 0 ] && echo 0 || echo 1) "two runs at once: the second stops"
twice=$(grep '"event":"validate"' "$O/log/calls.jsonl" | grep '"status":"ok"' |
	sed 's/.*"target":"\([^"]*\)".*/\1/' | sort | uniq -d)
is "$twice" "" "two runs at once: no file generated twice"
is "$(generated_files "$O")" "$(expected_files "$O")" "two runs at once: every file there"

# -- special files where a file belongs -------------------------------------
# each is refused at once by its type (a read would block, or take memory
# without end) or its size, with the file named; timeout turns a hang
# into a failure
mkfifo "$T/fifo.yaml"; ln -s /dev/zero "$T/zero.yaml"; truncate -s 100M "$T/huge.yaml"
check "course file a FIFO" 74 'fifo\.yaml: a FIFO, not a file' timeout 20 cg-config "$T/fifo.yaml"
check "course file a link to /dev/zero" 74 'zero\.yaml: a character device, not a file' timeout 20 cg-config "$T/zero.yaml"
check "course file of 100 MB" 74 'huge\.yaml: 104857600 bytes, more than' timeout 20 cg-config "$T/huge.yaml"
mv "$O/s01/session.json" "$T/session.good"; mkfifo "$O/s01/session.json"
check "session.json a FIFO (cg-lecture)" 74 's01/session\.json: a FIFO, not a file' timeout 20 cg-lecture -o "$T/l.md" "$O/s01/session.json"
rm "$O/s01/session.json"; ln -s /dev/zero "$O/s01/session.json"
check "session.json a link to /dev/zero (cg-lecture)" 74 's01/session\.json: a character device' timeout 20 cg-lecture -o "$T/l.md" "$O/s01/session.json"
rm "$O/s01/session.json"; mv "$T/session.good" "$O/s01/session.json"
mv "$O/outline.json" "$T/outline.keep"; mkfifo "$O/outline.json"
check "outline.json a FIFO (cg-site)" 74 'outline\.json: a FIFO, not a file' timeout 20 cg-site -o "$T/site4" "$O"
rm "$O/outline.json"; mv "$T/outline.keep" "$O/outline.json"
check "a prompt of /dev/zero on stdin (cg-llm)" 74 'standard input|<stdin>: over [0-9]+ bytes' sh -c 'timeout 20 cg-llm </dev/zero'

# -- a temp file of a killed write in a complete course ---------------------
# a dead writer's is garbage, not a defect: cg-check removes it and passes;
# a live writer's (a run still going) is still reported
dead=$(sh -c 'echo $$')
: >"$O/s01/.cg-tmp.$dead.0"
cg-check "$O" >"$T/chk" 2>&1; is $? 0 "cg-check: a killed writer's temp file in a complete course: exit 0"
t "... the temp file removed" test ! -e "$O/s01/.cg-tmp.$dead.0"
sleep 30 & live=$!
: >"$O/s01/.cg-tmp.$live.0"
cg-check "$O" >"$T/chk" 2>&1; is $? 65 "... a live writer's: exit 65"
like "$(cat "$T/chk")" "s01/\.cg-tmp\.$live\.0 FAIL: temp file left over" "... named"
kill $live; rm -f "$O/s01/.cg-tmp.$live.0"

# -- hostile long tokens in the site ---------------------------------------
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -n "$CHROMIUM" ] && [ -f "$CG_ROOT/site/node_modules/mermaid/dist/mermaid.min.js" ]; then
	dna=$(node -e 'let s="";for(let i=0;i<20000;i++)s+="ACGT"[(i*7+i*i)%4];console.log(s)')
	url="https://example.org/$(node -e 'console.log("a".repeat(3000))')"
	{ printf '\n\nThe sequence %s is long.\n\nSee <%s> and `%s`.\n\n' "$dna" "$url" "$dna"
	  printf '| a | b |\n|---|---|\n| %s | x |\n\n- item %s\n\n```\n%s\n```\n' "$dna" "$dna" "$dna"; } >>"$O/s01/lecture.md"
	cg-site -o "$O/site" "$O" >/dev/null 2>&1
	width() {
		sed -e 's/<meta http-equiv="Content-Security-Policy"[^>]*>//' \
		    -e 's|</body>|<script>document.title="W="+document.documentElement.scrollWidth</script></body>|' \
		    "$O/site/$1.html" >"$O/site/probe.html"
		"$CHROMIUM" --headless --no-sandbox --disable-gpu --window-size=1000,800 \
		    --user-data-dir="$T/chrome" --dump-dom "file://$O/site/probe.html" 2>/dev/null |
		    grep -o '<title>W=[0-9]*' | grep -o '[0-9]*$'
	}
	for page in s01 print; do
		w=$(width $page)
		ok $([ -n "$w" ] && [ "$w" -le 1000 ] && echo 0 || echo 1) \
			"$page.html with a 20,000-letter sequence and a long URL stays within a 1000 px window (${w:-?} px)"
	done
fi

done_testing
