#!/bin/sh
# Interrupting make -j4 course for real: SIGINT, SIGTERM and SIGKILL sent
# to make's whole process group at several moments of one course.  Each
# signal must end make by that signal (so it really interrupted), every
# process of the group must be gone within 2 s, no partial file may be
# left, and the next run must finish the course with nothing lost (every
# expected file there) and nothing done twice (no file finished before an
# interrupt is rewritten).
#
# The runs start with SIGINT and SIGTERM at their defaults: a job started
# with & by a non-interactive shell has SIGINT ignored, and make (with
# everything it starts) would inherit that.  perl puts make in a process
# group of its own (pgid = its pid) and resets both before exec.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4 -r 400
export CG_URL=$SIM_URL
O=$T/out
# generated files under the sessions, sorted, with size and mtime
state() { (cd "$O" 2>/dev/null && find s[0-9]* -type f ! -name '.*' \
	! -name session.json -printf '%p %s %T@\n' 2>/dev/null | sort); }
# every generated file present is complete: cg-check's per-file verdicts
complete() { cg-check "$O" 2>&1 | grep -E 'FAIL' | grep -v 'missing' | head -5; }
alive() { pgrep -g "$1" | wc -l; }
# start: make -j4 course in a new process group, signals at default
start() {
	perl -e 'setpgrp(0, 0); $SIG{INT} = $SIG{TERM} = "DEFAULT"; exec @ARGV
	    or die "exec: $!"' make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" \
	    OUT="$O" COURSE=config/course.yaml SET=llm.slots=4 -j4 course \
	    </dev/null >"$T/run.log" 2>&1 &
	pg=$!
}
# nfiles: generated session files so far (0 until the plan exists)
nfiles() { state | wc -l; }

# signal, then the moment: generated files that must exist first (0: as
# soon as course.json is there, while the outline is being asked for)
trial=0
for t in INT:0 TERM:6 KILL:14 INT:24 KILL:34 TERM:44; do
	sig=${t%:*} at=${t#*:}
	trial=$((trial+1))
	start
	i=0
	if [ "$at" = 0 ]; then
		while [ ! -s "$O/course.json" ] && [ $i -lt 400 ]; do sleep 0.01; i=$((i+1)); done
	else
		while [ "$(nfiles)" -lt "$at" ] && [ $i -lt 1000 ]; do sleep 0.02; i=$((i+1)); done
	fi
	before=$(nfiles)
	perl -e 'kill $ARGV[0], -$ARGV[1] or die "kill: $!"' "$sig" "$pg"
	wait "$pg"
	rc=$?
	case $sig in INT) want=130;; TERM) want=143;; KILL) want=137;; esac
	# make dies by the signal; an outer make that reaped its interrupted
	# inner make (the one holding OUT's lock) first exits 2 instead
	case $rc in "$want") ;; 2) [ "$sig" != KILL ] && rc=$want;; esac
	is "$rc" "$want" "$trial: SIG$sig after $before files ended make by that signal"
	i=0; while [ "$(alive "$pg")" -gt 0 ] && [ $i -lt 40 ]; do sleep 0.05; i=$((i+1)); done
	is "$(alive "$pg")" 0 "$trial: SIG$sig: every process of the group gone within 2 s"
	[ -e "$O/site/.built" ]
	ok $((!$?)) "$trial: SIG$sig: the course was not finished (the site is not built)"
	is "$(complete)" "" "$trial: SIG$sig: no partial file left"
	if [ "$sig" = INT ] && [ "$at" != 0 ]; then
		like "$(cat "$T/run.log")" "interrupted: make course resumes where it stopped" "$trial: SIGINT: one line says how to resume"
	fi
	state >"$T/state.$trial"
done

# the run that finishes the course
make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" \
	COURSE=config/course.yaml SET=llm.slots=4 -j4 course >"$T/log2" 2>&1
ok $? "the re-run finishes the course" || sed 's/^/# /' "$T/log2" | head -20
is "$(generated_files "$O")" "$(expected_files "$O")" "nothing lost: every expected file is there"
is "$(find "$O" -name '.cg-tmp*' | wc -l)" 0 "no temp file left after the re-run"
final=$(state)
i=1
while [ $i -le $trial ]; do
	gone=$(comm -23 "$T/state.$i" "$T/state.$((i+1))" 2>/dev/null)
	[ $i = $trial ] && gone=$(printf '%s\n' "$final" | comm -23 "$T/state.$i" -)
	# a questions.md is rendered again when its questions.json is made
	# again: make deletes a target whose recipe a signal interrupted,
	# even one whose file was complete, and the .md goes with its .json
	gone=$(printf '%s\n' "$gone" | while read -r f rest; do
		case $f in */questions.md)
			grep -q "^${f%.md}.json " "$T/state.$i" || continue;;
		esac
		[ -n "$f" ] && echo "$f $rest"
	done)
	# a file finished before interrupt i is never rewritten afterwards
	is "$gone" "" "nothing done twice: no file finished before interrupt $i was rewritten"
	n=$(wc -l <"$T/state.$i")
	ok $([ "$n" -lt "$(printf '%s\n' "$final" | wc -l)" ] && echo 0 || echo 1) \
		"interrupt $i left files to do ($n of $(printf '%s\n' "$final" | wc -l) done)"
	i=$((i+1))
done
cg-check -q "$O" >/dev/null 2>&1
ok $? "the finished course passes cg-check"

# One generation (cg-questions: questions.json, then questions.md, each
# with its .sum record) killed by strace at each of its links, fsyncs and
# renames in turn, first when the files do not exist yet, then when they
# are being regenerated.  After each kill, make finishes the session with
# nothing kept as "edited by hand", no temp file, the .sum matching the
# file and questions.md rendered from the questions.json beside it; then
# a prompt change regenerates both (nothing was mistaken for a hand edit).
if ! command -v strace >/dev/null 2>&1; then
	diag "strace not installed: kill points not tried"
	done_testing
fi
cp -R "$CG_ROOT/prompts" "$T/prompts"
start_sim -s 4 -r 0
export CG_URL=$SIM_URL
S=$O/s01
mks() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" \
	PROMPTS="$T/prompts" COURSE=config/course.yaml SET=llm.slots=4 s01; }
mks >/dev/null 2>&1
# (a sanitizer build cannot look for leaks under ptrace: it is not asked to)
gen() { (cd "$CG_ROOT" && CG_LOG=$O/log/calls.jsonl CG_COURSE_JSON=$O/course.json \
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	CG_PROMPTS=$T/prompts "$@" "$CG_BIN/cg-questions" -o "$S/questions.json" \
	"$S/session.json") >/dev/null 2>&1; }
# sumok F: F's .sum record is exactly F's SHA-256
sumok() { [ "$(sha256sum <"$1" | cut -d' ' -f1)" = "$(cat "$(dirname "$1")/.$(basename "$1").sum")" ]; }
# mdok: questions.md has questions.json's first question
mdok() { node -e 'const fs=require("fs");const q=JSON.parse(fs.readFileSync(process.argv[1]));
	process.exit(fs.readFileSync(process.argv[2],"utf8").includes(q.multiple_choice[0].question)?0:1)' \
	"$S/questions.json" "$S/questions.md"; }
trials=0 bad=0
for sc in first again; do
	for sys in linkat fsync rename; do
		[ $sc = first ] && rm -f "$S"/questions.* "$S"/.questions.*
		gen strace -f -qq -o "$T/st" -e trace=$sys -e signal=none
		calls=$(grep -c "$sys(" "$T/st")
		n=1
		while [ $n -le "$calls" ]; do
			trials=$((trials+1))
			[ $sc = first ] && rm -f "$S"/questions.* "$S"/.questions.*
			# change the session's questions (a new seed each time)
			echo "<!-- $sc $sys $n -->" >>"$T/prompts/questions.md"
			gen strace -f -qq -o /dev/null -e trace=$sys \
				-e inject=$sys:signal=SIGKILL:when=$n 2>/dev/null
			what="$sc: killed at $sys $n of $calls"
			mks >"$T/k1" 2>&1 || { fail "$what: make s01 failed"; bad=$((bad+1)); }
			echo "<!-- again -->" >>"$T/prompts/questions.md"
			touch "$T/mark"; sleep 0.01
			mks >"$T/k2" 2>&1
			err=
			grep -q 'kept' "$T/k1" "$T/k2" && err="$err kept-as-hand-edited"
			[ "$S/questions.json" -nt "$T/mark" ] || err="$err json-not-regenerated"
			[ "$S/questions.md" -nt "$T/mark" ] || err="$err md-not-regenerated"
			sumok "$S/questions.json" || err="$err json-sum"
			sumok "$S/questions.md" || err="$err md-sum"
			mdok || err="$err md-stale"
			[ -z "$(find "$S" -name '.cg-tmp*')" ] || err="$err temp-left"
			[ -z "$err" ] || { fail "$what:$err"; bad=$((bad+1)); }
			n=$((n+1))
		done
	done
done
is "$bad" 0 "$trials kill points of a generation: nothing lost, stale or kept"

# SIGKILL of the make that holds OUT's lock, alone (its children live on):
# the pid in OUT/.lock is that make's; the next run says the lock is held
# by a process left over from a killed run and names it; the orphaned
# generators notice within a second that the run is gone and stop, so
# everything left of the run is gone within seconds (not after the course
# or its timeouts).
start_sim -s 4 -r 3
export CG_URL=$SIM_URL
O=$T/orphan
perl -e 'setpgrp(0, 0); $SIG{INT} = $SIG{TERM} = "DEFAULT"; exec @ARGV
    or die "exec: $!"' make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" \
    OUT="$O" COURSE=config/course.yaml SET=llm.slots=4 -j4 course \
    </dev/null >"$T/orphan.log" 2>&1 &
pg=$!
genpid() { pgrep -g "$pg" -f 'bin/cg-(out|lec|lab|not|que|dia)' | head -n 1; }
i=0; while [ -z "$(genpid)" ] && [ $i -lt 400 ]; do sleep 0.025; i=$((i+1)); done
h=$(cat "$O/.lock" 2>/dev/null)
is "$(cat "/proc/$h/comm" 2>/dev/null)" make "OUT/.lock names a make ($h)"
ls -l "/proc/$h/fd" 2>/dev/null | grep -q " -> $O/.lock\$"
ok $? "... the one holding the lock"
# the run is stopped while its make is killed and the next run starts, so
# that the next run meets the left-over generators however slowly it
# starts (they would otherwise be gone half a second later, before a
# loaded machine has started it); then they go on and must notice
perl -e 'kill "STOP", -$ARGV[0]' "$pg"
kill -KILL "$h"
timeout 20 make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" \
	COURSE=config/course.yaml course </dev/null >/dev/null 2>"$T/again"
perl -e 'kill "CONT", -$ARGV[0]' "$pg"
like "$(cat "$T/again")" "is held by a process left over from a killed run \(pid [0-9]+, [a-z-]+; the run, pid $h, is gone\)" \
	"the next run: held by a process left over from a killed run, named"
i=0; while [ "$(alive "$pg")" -gt 0 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
is "$(alive "$pg")" 0 "what was left of the killed run is gone within 5 s"
is "$(find "$O" -name '.cg-tmp*' | wc -l)" 0 "... leaving no temp file"
[ "$(alive "$pg")" = 0 ] || perl -e 'kill "KILL", -$ARGV[0]' "$pg"
wait "$pg" 2>/dev/null
done_testing

