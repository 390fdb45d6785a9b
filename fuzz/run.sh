#!/bin/sh
# run.sh SECONDS NAME... — run each libFuzzer harness (build-fuzz/fuzz/bin/
# NAME, built by `make fuzz`) for SECONDS, from its seeds: fuzz/seeds/NAME
# and the test fixtures of its kind.  The corpus grows in
# build-fuzz/corpus/NAME; a crashing, leaking or timing-out input is kept
# in build-fuzz/artifacts/.  Prints one summary line per harness and exits
# 1 when any harness found something.
set -u
t=$1; shift
B=build-fuzz
status=0
for name in "$@"; do
	bin=$B/fuzz/bin/$name
	corpus=$B/corpus/$name
	seeds=$B/seeds/$name
	mkdir -p "$corpus" "$seeds" "$B/artifacts"
	# the fixtures of this harness's kind, as seeds
	case $name in
	yaml)    set -- config/*.yaml courses/*.yaml ;;
	mermaid) set -- tests/fixtures/quirks/mermaid/*.in ;;
	clean)   set -- tests/fixtures/quirks/prose/*.in ;;
	quiz)    set -- tests/fixtures/quirks/questions/*.in ;;
	*)       set -- ;;
	esac
	[ $# -gt 0 ] && cp -f "$@" "$seeds/"
	[ -d "fuzz/seeds/$name" ] && cp -f fuzz/seeds/"$name"/* "$seeds/"
	log=$B/$name.log
	"$bin" -max_total_time="$t" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix="$B/artifacts/$name-" \
	    "$corpus" "$seeds" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$rc" = 0 ]; then
		echo "fuzz $name: ${runs:-?} executions in ${t}s, no crash"
	else
		echo "fuzz $name: FAILED (exit $rc) after ${runs:-?} executions; see $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5
		status=1
	fi
done
exit $status
