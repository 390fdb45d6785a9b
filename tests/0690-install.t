#!/bin/sh
# make install into a temporary PREFIX, then a course in a folder of its
# own made by cg-init: make -j4 course there against cg-sim, with the
# installed programs, Course.mk, prompts and site assets only.  make
# install runs in a copy of the source tree (its files with their times,
# the built programs where they are), so nothing is written into the tree.
. "${CG_ROOT:-.}/tests/lib.sh"

NM=$CG_ROOT/site/node_modules
if [ ! -f "$NM/.package-lock.json" ]; then
	echo "1..0 # SKIP no vendored site JavaScript (run: make assets)"
	exit 0
fi
mkdir src
(cd "$CG_ROOT" && { git ls-files 2>/dev/null | grep . || find Makefile VERSION \
	Course.mk config contrib courses lib man prompts sim site tools -name node_modules \
	-prune -o -type f ! -name '*.[oa]' -print; } | tar -cf - -T -) | tar -C src -xf -
ok $? "a copy of the source tree"
# the vendored JavaScript, read through links; the copy's lockfile is new,
# so make install takes the assets as they are (no npm ci)
mkdir src/site/node_modules
for d in "$NM"/*; do ln -s "$d" src/site/node_modules/; done
cp "$NM/.package-lock.json" src/site/node_modules/
P=$T/prefix
minst() { make -s -C "$T/src" B="$(dirname "$CG_BIN")" PREFIX="$P" "$@"; }
minst install >install.log 2>&1
ok $? "make install PREFIX=$P"
test -x "$P/bin/cg-init" && test -L "$P/bin/cg-lecture" && test -s "$P/share/cg/Course.mk"
ok $? "programs, kind names and Course.mk installed"
like "$(cat "$P/share/man/man1/cg-lecture.1")" '^\.so man1/cg-gen\.1' "man cg-lecture is a .so link to cg-gen(1)"
like "$(cd "$P/share/man" && mandoc -T ascii man1/cg-open-questions.1 2>&1 | head -n 1)" 'CG-GEN' "... and opens that page"

start_sim -s 4
# the installed programs only: no source tree on the path or in CG_ROOT
env -u CG_ROOT PATH="$P/bin:/usr/bin:/bin" cg-init "$T/mine" general-chemistry >init.out 2>&1
ok $? "cg-init DIR general-chemistry"
test -s "$T/mine/course.yaml" && test -s "$T/mine/Makefile"; ok $? "course.yaml and Makefile written"
is "$(wc -l <"$T/mine/Makefile" | tr -d ' ')" 3 "a three-line Makefile"
like "$(cat "$T/mine/Makefile")" "include $P/share/cg/Course.mk" "... including the installed Course.mk"
like "$(head -n 30 "$T/mine/course.yaml")" 'name:' "course.yaml from the installed template"
env -u CG_ROOT PATH="$P/bin:/usr/bin:/bin" cg-init "$T/mine" >/dev/null 2>&1
is $? 73 "cg-init never overwrites: 73"

# a small course, generated in the folder
sed -i 's/^name:.*/name: Folder Test Course/; s/^modules:.*/modules: 1/; s/^sessions:.*/sessions: 1/; s/^diagrams_per_session:.*/diagrams_per_session: 1/' "$T/mine/course.yaml"
(cd "$T/mine" && env -u CG_ROOT PATH="$P/bin:/usr/bin:/bin" CG_URL="$SIM_URL" \
	make -s -j4 course SET=llm.slots=4 >"$T/run.log" 2>&1)
is $? 0 "make -j4 course in the folder"
O=$T/mine/out/folder-test-course
test -s "$O/site/index.html"; ok $? "the site is in the folder's out/"
is "$(expected_files "$O")" "$(generated_files "$O")" "every file of the course"
test ! -e "$CG_ROOT/out/folder-test-course"; ok $? "nothing written into the source tree"
rm "$O/s01/lab.md"
(cd "$T/mine" && env -u CG_ROOT PATH="$P/bin:/usr/bin:/bin" CG_URL="$SIM_URL" make -s s01-lab >/dev/null 2>&1)
test -s "$O/s01/lab.md"; ok $? "make s01-lab in the folder"
# a folder's own prompt overrides the installed one
mkdir "$T/mine/prompts"
cp "$P"/share/cg/prompts/*.md "$T/mine/prompts/"
printf '\nMention the word FOLDERPROMPT once.\n' >>"$T/mine/prompts/lab.md"
(cd "$T/mine" && env -u CG_ROOT PATH="$P/bin:/usr/bin:/bin" CG_URL="$SIM_URL" make -s s01-lab >/dev/null 2>&1)
sim_stats | jq -c '.last[-1].messages' >lastmsg
like "$(cat lastmsg)" FOLDERPROMPT "the folder's prompts/ overrides the installed ones"
minst uninstall >/dev/null 2>&1
test ! -e "$P/bin/cg-init" && test ! -e "$P/share/man/man1/cg-lecture.1"; ok $? "make uninstall removes them"
done_testing
