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
	is "$rc" "$want" "$trial: SIG$sig after $before files ended make by that signal"
	i=0; while [ "$(alive "$pg")" -gt 0 ] && [ $i -lt 40 ]; do sleep 0.05; i=$((i+1)); done
	is "$(alive "$pg")" 0 "$trial: SIG$sig: every process of the group gone within 2 s"
	[ -e "$O/site/.built" ]
	ok $((!$?)) "$trial: SIG$sig: the course was not finished (the site is not built)"
	is "$(complete)" "" "$trial: SIG$sig: no partial file left"
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
	# a file finished before interrupt i is never rewritten afterwards
	is "$gone" "" "nothing done twice: no file finished before interrupt $i was rewritten"
	n=$(wc -l <"$T/state.$i")
	ok $([ "$n" -lt "$(printf '%s\n' "$final" | wc -l)" ] && echo 0 || echo 1) \
		"interrupt $i left files to do ($n of $(printf '%s\n' "$final" | wc -l) done)"
	i=$((i+1))
done
cg-check -q "$O" >/dev/null 2>&1
ok $? "the finished course passes cg-check"

done_testing
