#!/bin/bash
# contrib/cg.bash: every program completes its options (from its --help,
# the renamed letters under their new names), and make completes, in a
# course folder made by cg-init, the course goals, the variables and the
# sessions' goals of the course's plan (OUT/course.mk); in the source
# tree the build goals too; anywhere else none of cg's.
. "${CG_ROOT:-.}/tests/lib.sh"

. "$CG_ROOT/contrib/cg.bash"; ok $? "cg.bash sources"

# comp WORD...: the completions of the last word, sorted, one line
comp() {
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
	local f; f=$(complete -p "$1" 2>/dev/null | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
	[ -n "$f" ] && "$f" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]:-}"
	[ ${#COMPREPLY[@]} = 0 ] || printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}

PROGS=$( { for f in "$CG_ROOT"/tools/cg-*.c; do basename "$f" .c; done
	cg-config -K | jq -r '.[].tool'; } | sort -u)
for p in $PROGS; do
	complete -p "$p" 2>/dev/null | grep -q -- '-F _cg_tool'
	ok $? "$p: completed"
done

is "$(comp cg-cache --c)" "--clear --course " "cg-cache --c: its long options"
is "$(comp cg-cache -)" "--clear --course --help --prune --size --version -V -c -h -p -s -x " "cg-cache -: all of them"
is "$(comp cg-llm --in)" "--input " "cg-llm --in"
like "$(comp cg-llm -)" ' -i ' "cg-llm -: -i ..."
unlike "$(comp cg-llm -)" ' -f ' "... not the old -f"
like "$(comp cg-sim --err)" '^--err429 --err500 --err503 --errline $' "cg-sim: its long-only options"
is "$(comp cg-lecture --fr)" "--fresh " "a kind's program: cg-gen's options"
is "$(comp cg-cache x)" "" "an operand: no option offered"

# a course folder and its plan, against cg-sim
start_sim
cg-init course >/dev/null 2>&1; ok $? "cg-init course"
slug=$(cg-config -g course.slug course/course.yaml)
O=$T/course/out/$slug
mkdir -p "$O" && cg-config -s course.sessions=3 -o "$O/course.json" course/course.yaml &&
	CG_URL=$SIM_URL cg-outline -o "$O/outline.json" "$O/course.json" 2>/dev/null
cg-plan -c "$O/course.json" -d "$O" "$O/outline.json"; ok $? "a plan in $O"

cd course || exit 1
like "$(comp make s0)" '^s01 s01-application .*s02 .*s03 ' "make s0: the sessions' goals of the plan"
is "$(comp make s02-lec)" "s02-lecture " "make s02-lec"
like "$(comp make s01-diagram)" '^s01-diagram-1 s01-diagram-2 .*s01-diagrams $' "make s01-diagram: each diagram and all"
is "$(comp make cou)" "course " "make cou: a course goal"
is "$(comp make cache-)" "cache-clean cache-stats " "make cache-"
like "$(comp make FR)" '^FRESH=1 $' "make FR: a variable"
is "$(comp make ins)" "" "no build goal in a course folder"
mkdir other && cp "$O/course.mk" other/
sed -i 's/s0\([0-9]\)/s9\1/g' other/course.mk
is "$(comp make OUT=other s0)" "" "OUT= names where the plan is (other has s91..s93, no s0N)"
like "$(comp make OUT=other s91-l)" '^s91-lab s91-lecture $' "... and its goals are offered"
cd .. || exit 1

cd "$CG_ROOT" || exit 1
like "$(comp make ins)" '^install $' "the source tree: the build goals (## lines)"
is "$(comp make de)" "demo deps deps-test " "... with the course goals"
cd "$T" || exit 1

mkdir plain && cd plain && printf 'all:\n\ttrue\nsomething:\n\ttrue\n' >Makefile
unlike "$(comp make c)" 'course|cache' "not a course folder: none of cg's goals"
cd "$T" || exit 1

done_testing
