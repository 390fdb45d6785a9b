#!/bin/sh
# The teacher's edits are law: rendering goals never ask the model (nor
# need a server), an edit costs only what it changes (readers depend on
# digests), the outline is kept unless what shapes it changes, make -n
# writes nothing, clean-course keeps hand edits, KEEP=1 pins a file,
# make status says what the next run would do, progress counts this
# run's files.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4
export CG_URL=$SIM_URL
O=$T/course
cp "$CG_ROOT/config/course.yaml" c.yaml
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" COURSE="$T/c.yaml" "$@"; }
gens() { curl -s "$SIM_URL/sim/stats" | jget - generations; }
# every file of OUT with its bytes' sum, and every name (a listing to
# compare before and after)
listing() { (cd "$O" && find . -type f | LC_ALL=C sort | xargs sha256sum && find . | LC_ALL=C sort); }
first_para_edit() {	# change a word at the end of a long paragraph
	node -e 'const fs=require("fs"),p=process.argv[1];let b=fs.readFileSync(p,"utf8").split("\n\n");
for(let i=0;i<b.length;i++){const x=b[i];if(!/^[#*|>-]/.test(x)&&x.split(". ").length>3){b[i]=x.replace(/(\w+)([.!?])\s*$/,"$1s$2");break}}
fs.writeFileSync(p,b.join("\n\n"))' "$1"
}

# --- make -n on nothing, then the course ---
mk -n course >out 2>&1; is $? 0 "make -n course before anything exists"
t "... writes nothing" test ! -e "$O"
mk -j4 course >log1 2>&1; is $? 0 "make course"
like "$(tail -n 1 log1)" "^site: $O/site/index.html$" "... and ends saying where the site is"
mk help >out 2>&1; is $? 0 "make help"
like "$(cat out)" "make clean-course \[ALL=1\]" "... lists the goals"
n=$(gens)
like "$(grep '^\[' log1 | sed -n 1p)" "^\[1/[0-9]+\] outline/" "progress: the outline's requests come first"
nlines=$(grep -c '^\[' log1)
is "$(grep '^\[' log1 | sed 's/\].*//; s/^\[//; s/\/.*//' | tr '\n' ' ')" "$(seq 1 "$nlines" | tr '\n' ' ')" "... then every file, each number once"

# --- a typo in a section body: nothing is made again ---
first_para_edit "$O/s02/lecture.md"
listing >before
mk -n course >dry 2>&1; is $? 0 "make -n course after an edit"
listing >after
t "... changes no file" cmp before after
is "$(gens)" "$n" "... and sends no request"
mk -j4 course >log2 2>err2; is $? 0 "make course after a typo fixed in a lecture"
is "$(gens)" "$n" "... sends no request"
like "$(cat err2)" "nothing to do" "... and says there is nothing to do"
unlike "$(cat err2)" "written" "... with no count of files written"

# --- a heading renamed: only the files built from the lecture ---
sed -i '0,/^## /s/^## \(.*\)$/## \1 and More/' "$O/s03/lecture.md"
readers=$(cg-config -K | node -e 'let n=0;for(const k of JSON.parse(require("fs").readFileSync(0,"utf8")))if((k.reads||[]).includes("lecture"))n++;console.log(n)')
# rendering goals with the server stopped
kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
for g in site export check status stats; do
	mk $g >out.$g 2>&1; is $? 0 "make $g after an edit, with no server"
done
like "$(head -n 1 out.site)" "^site: $O/site/index.html$" "... make site says where the site is"
like "$(cat out.export)" "export: 9 files in $O/export/" "... make export where the files are"
like "$(cat out.site)" "$readers files are older than what they are built from: make course remakes them" "... make site names what is out of date"
like "$(cat out.export)" "$readers files are older" "... and make export"
like "$(cat out.check)" "$readers files are older" "... and make check"
like "$(cat out.status)" "s03/lab.md +out of date: s03/lecture.md changed" "make status says which input changed"
like "$(cat out.status)" "make course would make $readers files" "... and what the next run makes"
t "the site was built from what exists" test -s "$O/site/index.html"
t "the exports were written" test -s "$O/export/course.html"
start_sim -s 4
export CG_URL=$SIM_URL
mk -j4 course >log3 2>err3; is $? 0 "make course after the heading was renamed"
is "$(gens)" "$readers" "... asks only for the $readers files built from the lecture"
like "$(cat err3)" "s03/lecture.md edited: remaking $readers files built from it" "... and says so first"
like "$(grep '^\[' err3 | tail -n 1)" "^\[$readers/$readers\]" "progress: [k/N], N the files this run makes"

# --- KEEP=1: a dependent kept as it is ---
sed -i '0,/^## /s/^## \(.*\)$/## \1 Again/' "$O/s03/lecture.md"
echo "kept by the teacher" >>"$O/s03/lab.md"
rm -f "$O/s03/.lab.md.sum"
cp "$O/s03/notes.md" notes.before
mk s03-notes KEEP=1 >out 2>&1; is $? 0 "make s03-notes KEEP=1"
like "$(cat out)" "kept as it is" "... says the file is kept"
n=$(gens)
mk -j4 course >log4 2>err4; is $? 0 "make course after another rename"
is "$(( $(gens) - n ))" "$((readers - 2))" "... the pinned notes and the hand-edited lab are not asked for"
t "... the pinned notes are as they were" cmp notes.before "$O/s03/notes.md"
mk s03-lab KEEP=1 >out 2>&1; is $? 0 "KEEP=1 on a hand-edited file"
mk s05-lab KEEP=1 >out 2>&1; ok "$([ $? -ne 0 ]; echo $?)" "KEEP=1 on a file that is not there fails"

# --- the outline: kept for display keys, remade (and said) for structure ---
cp "$O/outline.json" outline.before
n=$(gens)
sed -i 's/^duration_weeks:.*/duration_weeks: 9/' c.yaml
listing >before
mk -n course >dry 2>&1
listing >after
t "make -n after a change of duration_weeks changes nothing" cmp before after
mk -j4 course >log5 2>err5; is $? 0 "make course after duration_weeks changed"
is "$(gens)" "$n" "... sends no request"
t "... and keeps the outline" cmp outline.before "$O/outline.json"
sed -i 's/^name:.*/name: A New Name/' c.yaml
mk -j4 course >log6 2>err6
is "$(gens)" "$n" "a new course name: no request either"
sed -i 's/^level:.*/level: advanced/' c.yaml
listing >before
mk -n course >dry 2>&1
listing >after
t "make -n after a change of level changes nothing" cmp before after
is "$(gens)" "$n" "... and sends no request"
mk -j4 course >log7 2>err7; is $? 0 "make course after the level changed"
like "$(cat err7)" "course.level changed: the outline is made again" "... names the setting that remakes the outline"
like "$(( $(gens) - n ))" '^[1-9]' "... and asks for it"

# --- outline.md is a view: an edit to it is noticed ---
echo "- a session I added" >>"$O/outline.md"
mk status >out 2>&1
like "$(cat out)" "outline.md: edited by hand, but make reads .*outline.json" "make status says outline.md edits are not read, and where to edit"

# --- clean-course keeps hand edits ---
echo "my own words" >>"$O/s02/lab.md"
echo "teacher's notes" >"$O/notes.txt"
mk clean-course >out 2>&1; is $? 0 "make clean-course"
like "$(cat out)" "s02/lab.md: edited by hand; kept" "... names the hand-edited file it keeps"
like "$(tail -n 1 "$O/s02/lab.md")" "my own words" "... which is still there, edit and all"
t "... and keeps a file that is not cg's" test -s "$O/notes.txt"
t "... and removes what cg made" test ! -e "$O/s01/lecture.md" -a ! -e "$O/site" -a ! -e "$O/course.json"
mk clean-course ALL=1 >out 2>&1; is $? 0 "make clean-course ALL=1"
t "... removes the hand edits too" test ! -e "$O/s02/lab.md"
t "... but never a file that is not cg's" test -s "$O/notes.txt"

# --- an OUT and a COURSE whose paths hold spaces, beside a folder named
# like their first word ---
mkdir -p "$T/My" && echo mine >"$T/My/keep.txt"
cp c.yaml "$T/my course.yaml"
S="$T/My Courses/bio"
make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$S" COURSE="$T/my course.yaml" -j4 course >out 2>&1
is $? 0 "make course with spaces in OUT and COURSE"
t "... writes the course there" test -s "$S/s01/lecture.md" -a -s "$S/site/index.html"
make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$S" status >out 2>&1
like "$(cat out)" "make course has nothing to do" "... make status there"
make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$S" clean-course >out 2>&1
is $? 0 "make clean-course there"
t "... removes the course" test ! -e "$S/s01/lecture.md"
t "... and nothing else: the folder beside it is untouched" test -s "$T/My/keep.txt"

# --- a demo folder stays a demo: rendering goals need no server ---
D=$T/demo
make -s -C "$CG_ROOT" BIN="$CG_BIN" B="${CG_BIN%/bin}" demo DEMO_OUT="$D" >/dev/null 2>&1
cp "$D/course.json" demo.json
kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
export CG_URL=http://127.0.0.1:9
for g in site check export; do
	make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$D" $g >out 2>&1
	is $? 0 "make $g OUT=demo with no server"
done
t "... never rewrites the demo's course.json" cmp demo.json "$D/course.json"
done_testing
