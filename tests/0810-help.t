#!/bin/sh
# Every program (each tools/cg-*.c and each kind's name for cg-gen):
# -h/--help prints the usage and every option on standard output, exit 0,
# and those options are the man page's (each .It Fl item, short and
# long) and no others; -V/--version prints "NAME VERSION"; an unknown
# option, a bad long option and a missing argument exit 64 with the usage
# on standard error only.  The letters renamed keep working with a
# warning; cg(7)'s Common options names every long option.
. "${CG_ROOT:-.}/tests/lib.sh"

VERSION=$(cat "$CG_ROOT/VERSION")
PROGS=$( { for f in "$CG_ROOT"/tools/cg-*.c; do basename "$f" .c; done
	cg-config -K | jq -r '.[].tool'; } | sort -u)

# manopts PAGE: the options of a man page's .It Fl items, one a line
manopts() {
	sed -n 's/^\.It Fl //p' "$1" | awk '{
		print "-" $1
		for (i = 2; i < NF; i++) if ($i == "Fl") print "-" $(i + 1)
	}' | sort -u
}
# helpopts: the options of --help's option lines (standard input)
helpopts() {
	sed -n 's/^  \(-[^ ,]*\(, --[^ ]*\)\{0,1\}\).*/\1/p; s/^      \(--[^ ]*\).*/\1/p' |
	    tr ',' '\n' | sed 's/^ *//; s/=.*//' | grep . | sort -u
}

for p in $PROGS; do
	test -x "$CG_BIN/$p"; ok $? "$p: built"
	page=$CG_ROOT/man/$p.1
	[ -f "$page" ] || page=$CG_ROOT/man/cg-gen.1
	"$p" --help >help.out 2>help.err; is $? 0 "$p --help: exit 0"
	like "$(head -n 1 help.out)" "^usage: $p " "$p --help: the usage first"
	is "$(cat help.err)" "" "$p --help: nothing on standard error"
	"$p" -h >h.out 2>&1; is $? 0 "$p -h: exit 0"
	cmp -s h.out help.out; ok $? "$p -h: the same as --help"
	helpopts <help.out >help.opts
	manopts "$page" >man.opts
	grep -q -- '^-h$' help.opts && grep -q -- '^--version$' help.opts
	ok $? "$p --help: lists -h and --version"
	is "$(comm -3 help.opts man.opts | tr -d '\t' | tr '\n' ' ')" "" \
	    "$p: --help's options are those of $(basename "$page")"
	is "$("$p" --version 2>&1)" "$p $VERSION" "$p --version: NAME VERSION"
	is "$("$p" -V 2>&1)" "$p $VERSION" "$p -V: NAME VERSION"
	"$p" --no-such-option >bad.out 2>bad.err; is $? 64 "$p --no-such-option: exit 64"
	like "$(head -n 1 bad.err)" "^$p: --no-such-option: no such option" "... named on standard error"
	like "$(cat bad.err)" "^usage: $p " "... with the usage"
	is "$(cat bad.out)" "" "... and nothing on standard output"
	"$p" -Z >/dev/null 2>bad.err; is $? 64 "$p -Z: exit 64"
	like "$(head -n 1 bad.err)" "^$p: -Z: no such option" "... named"
	# a missing argument, when the program has an option that takes one
	a=$(sed -n 's/^  -\([A-Za-z0-9]\), --[a-z-]*=.*/\1/p' help.out | head -n 1)
	if [ -n "$a" ]; then
		"$p" "-$a" >/dev/null 2>bad.err; is $? 64 "$p -$a without its argument: exit 64"
		like "$(head -n 1 bad.err)" "^$p: -$a needs an argument" "... named"
	fi
done

# long names take their argument after = or as the next word
cg-config --set llm.model=x --get=llm.model >a.out 2>&1; is "$(cat a.out)" x "--set KV --get=KEY"
cg-config --se llm.model=y --g llm.model >a.out 2>&1; is "$(cat a.out)" y "an unambiguous start of a long name"
cg-config --help=x >/dev/null 2>bad.err; is $? 64 "--help=x: exit 64"
like "$(head -n 1 bad.err)" '^cg-config: --help takes no argument' "... named"

# the old letters, for one release: a warning, and the new letter's meaning
echo '{"k": 2}' >ctx.json
cg-prompt -C ctx.json diagram "$CG_ROOT/tests/fixtures/session.json" >new.out 2>new.err
cg-prompt -c ctx.json diagram "$CG_ROOT/tests/fixtures/session.json" >old.out 2>old.err
is "$?" 0 "cg-prompt -c: still works"
cmp -s new.out old.out; ok $? "... as -C"
is "$(cat old.err)" "cg-prompt: -c is now -C; -c will go in the next release" "... with a warning"
is "$(cat new.err)" "" "cg-prompt -C: no warning"
cg-export -f docx x 2>old.err; is $? 64 "cg-export -f: still the format"
like "$(cat old.err)" '^cg-export: -f is now -F; -f will go in the next release' "... with a warning"
like "$(cat old.err)" '^cg-export: -F docx: unknown format' "... read as -F"
echo hi >p.txt
cg-llm -P -f p.txt >/dev/null 2>old.err; is $? 64 "cg-llm -f: still the input (-P takes none)"
like "$(cat old.err)" '^cg-llm: -f is now -i; -f will go in the next release' "... with a warning"
cg-llm -f >/dev/null 2>old.err; is $? 64 "cg-llm -f without its argument: exit 64"
like "$(cat old.err)" '^cg-llm: -f needs an argument: FILE' "... named"

# cg(7) names every long option of every program
MANWIDTH=200 mandoc -Tascii -O width=200 "$CG_ROOT/man/cg.7" | sed 's/.\x08//g' |
    sed -n '/Common options/,/Architecture/p' >common.txt
for p in $PROGS; do "$p" --help; done | helpopts | grep -- '^--' | sort -u >longs
missing=
while read -r o; do grep -q -- "$o\\b" common.txt || missing="$missing $o"; done <longs
is "$missing" "" "cg(7) Common options names every long option"

# make help: every build goal (the Makefile's .PHONY) from its "## goal:"
# line, then the course goals (Course.mk's help)
make -s -C "$CG_ROOT" B="$(dirname "$CG_BIN")" help >help.mk 2>help.err; is $? 0 "make help: exit 0"
is "$(cat help.err)" "" "... nothing on standard error"
missing=
for g in $(sed -n 's/^\.PHONY: *//p' "$CG_ROOT/Makefile" | tr ' ' '\n' | grep -v '^\$'); do
	grep -q "^  make $g " help.mk || missing="$missing $g"
done
is "$missing" "" "make help lists every build goal"
sed -n '/^Course goals/,$p' help.mk >help.course
missing=
for g in $(sed -n '/^COURSE_GOALS *=/,/[^\\]$/p' "$CG_ROOT/Makefile" | sed 's/^COURSE_GOALS *=//; s/\\$//'); do
	grep -qw -- "$g" help.course || missing="$missing $g"
done
is "$missing" "" "... and every course goal, after them"

done_testing
