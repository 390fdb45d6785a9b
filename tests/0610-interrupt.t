#!/bin/sh
# Interrupting make -j4 course (SIGINT, then SIGKILL) leaves no partial or
# temp file, and the re-run finishes without regenerating finished files.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim -s 4 -r 400
export CG_URL=$SIM_URL
O=$T/out
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" \
	COURSE=config/course.yaml SET="llm.slots=4" "$@"; }
gens() { sim_stats | jget - generations; }
# every generated file present is complete: cg-check's per-file verdicts
complete() { cg-check "$O" 2>&1 | grep -E 'FAIL' | grep -v 'missing' | head -5; }
temps() { find "$O" -name '.cg-tmp*' | wc -l; }

for sig in INT KILL; do
	rm -rf "$O"
	( setsid sh -c 'exec make -s -C "$0" -f Course.mk BIN="$1" OUT="$2" COURSE=config/course.yaml SET=llm.slots=4 -j4 course' \
		"$CG_ROOT" "$CG_BIN" "$O" >"$T/run.log" 2>&1 & echo $! >"$T/pid"; wait ) &
	run=$!
	# wait until some session files exist, then interrupt the whole group
	i=0; while [ "$(find "$O" -name lecture.md 2>/dev/null | wc -l)" -lt 2 ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i+1)); done
	sleep 0.3
	kill -"$sig" -- -"$(cat "$T/pid")" 2>/dev/null
	wait "$run"
	sleep 0.3
	is "$(temps)" 0 "SIGINT/KILL ($sig): no temp file left"
	is "$(complete)" "" "$sig: no partial file left"
	done_before=$(cd "$O" && find s[0-9]* -type f ! -name '.*' ! -name session.json | sort)
	ok $([ -n "$done_before" ] && echo 0 || echo 1) "$sig: some files were finished before the interrupt"
	touch "$T/mark"; sleep 1.1
	mk -j4 course >"$T/log2" 2>&1
	ok $? "$sig: re-run finishes"
	re=0
	for f in $done_before; do [ "$O/$f" -nt "$T/mark" ] && re=$((re+1)); done
	is "$re" 0 "$sig: re-run regenerated no finished file"
	cg-check -q "$O" >/dev/null 2>&1
	ok $? "$sig: the finished course passes cg-check"
done

done_testing
