#!/bin/sh
# The README: every path it names exists, and its commands that need no
# model run (those that do, against cg-sim); the quick start is two lines.
. "${CG_ROOT:-.}/tests/lib.sh"

R=$CG_ROOT/README.md
# paths under the tree's folders, and its top-level files
for p in $(grep -oE '(^|[ `(])((config|courses|prompts|man|tests|bench|lib|site|tools|sim)/[A-Za-z0-9_./*-]*[A-Za-z0-9_*]|Course\.mk|Makefile)' "$R" | sed 's/^[ `(]//' | sort -u); do
	case $p in *'*'*) ls -d "$CG_ROOT"/$p >/dev/null 2>&1;; *) test -e "$CG_ROOT/$p";; esac
	ok $? "README path $p exists"
done
q=$(sed -n '/^## Quick start/,/^## /p' "$R" | grep -c '^    [a-z]')
is "$q" 2 "the quick start is two commands"
like "$(sed -n '/^## Quick start/,/^## /p' "$R")" 'make deps && make -j4 demo' "... make deps && make -j4 demo"
like "$(sed -n '/^## Tests/,/^## /p' "$R")" '    make test' "the test command is make test"
grep -q '^make test$' "$CG_ROOT/.ci/run"; ok $? "... which CI runs as it is"

# the pipeline examples, against a simulated server
start_sim
export CG_URL=$SIM_URL
grep '^    .*bin/cg-' "$R" | sed 's/^    //' >cmds
is "$(wc -l <cmds | tr -d ' ')" 2 "two pipeline examples"
while read -r c; do
	c=$(printf '%s' "$c" | sed "s#bin/#$CG_BIN/#g; s#courses/#$CG_ROOT/courses/#g")
	sh -c "$c" >/dev/null 2>err
	ok $? "runs: $(printf '%s' "$c" | sed "s#$CG_BIN/##g; s#$CG_ROOT/##g")"
done <cmds
test -s outline.json && jget outline.json modules.length >/dev/null; ok $? "... and the outline is JSON"
done_testing
