#!/bin/sh
# bench/llm.sh — what the LLM client costs, against cg-sim at an unlimited
# token rate: median wall time of a 1-token cg-llm call (process start to
# exit), client CPU (user+sys) and peak RSS for a 10,000-token streamed
# reply (min and median of REPS rounds, default 7).  Prints what it
# measured; asserts nothing.
#   CG_BIN=/path/to/bin [REPS=N] sh bench/llm.sh [RUNS]
set -eu
CG_ROOT=${CG_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
CG_BIN=${CG_BIN:-$CG_ROOT/bin}
PATH=$CG_BIN:$PATH
RUNS=${1:-50}
export CG_ROOT PATH
unset CG_URL CG_MODEL CG_PROVIDER CG_API_KEY OLLAMA_HOST CG_LOG CG_COURSE_JSON CG_FRESH
# every request must reach the server: the response cache is off
CG_CACHE=off; export CG_CACHE
[ -x /usr/bin/time ] || { echo "bench/llm.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 69; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cgbench.XXXXXX")
SIM=
trap '[ -n "$SIM" ] && kill $SIM 2>/dev/null; rm -rf "$T"' EXIT
export CG_LOCKDIR=$T/locks

cg-sim -p 0 -r 0 -w 20000 >"$T/port" 2>"$T/sim.err" &
SIM=$!
i=0; while [ ! -s "$T/port" ] && [ $i -lt 200 ]; do sleep 0.02; i=$((i+1)); done
URL=http://127.0.0.1:$(head -n 1 "$T/port")

# the resolved defaults, with a 1-token kind and a 10,000-token kind
cg-config >"$T/defaults.json"
node -e 'const fs=require("fs");const c=JSON.parse(fs.readFileSync(process.argv[1],"utf8"));
c.llm.url=process.argv[2];c.llm.kinds.one={num_predict:1};c.llm.kinds.big={num_predict:10000,options:{num_ctx:16384}};
console.log(JSON.stringify(c))' "$T/defaults.json" "$URL" >"$T/course.json"
echo "Explain osmosis." >"$T/prompt"

# wall time per call, measured by perl around fork/exec (sub-millisecond)
wall() {
	perl -MTime::HiRes=time -e '
		my $n = shift; my @t;
		for (1..$n) {
			my $t0 = time;
			my $pid = fork // die;
			if (!$pid) { open STDIN, "<", "'"$T"'/prompt"; open STDOUT, ">", "/dev/null"; open STDERR, ">", "/dev/null"; exec @ARGV or exit 127 }
			waitpid $pid, 0; $? == 0 or die "run failed: $?\n";
			push @t, (time - $t0) * 1000;
		}
		@t = sort { $a <=> $b } @t;
		printf "%.2f ms median, %.2f min, %.2f max (%d runs)\n", $t[$#t/2], $t[0], $t[-1], $n;
	' "$RUNS" "$@"
}
echo "process start and exit only, cg-llm -V:   $(wall cg-llm -V)"
echo "  (the same for cg-stats -V, no libcurl):  $(wall cg-stats -V)"
echo "cg-llm, 1-token reply, -c course.json:    $(wall cg-llm -c "$T/course.json" -T one)"
echo "cg-llm, 1-token reply, config from yaml:   $(CG_URL=$URL wall cg-llm -T one)"

# a 10,000-token reply: CPU over 10 runs, peak RSS of one
CG_LOG=$T/calls.jsonl cg-llm -c "$T/course.json" -T big <"$T/prompt" >"$T/big.out" 2>/dev/null
tok=$(node -e 'const l=require("fs").readFileSync(process.argv[1],"utf8").trim().split("\n").map(JSON.parse);console.log(l[l.length-1].eval_tokens)' "$T/calls.jsonl")
# CPU per call: REPS rounds of 10 calls each; min and median of the rounds
REPS=${REPS:-7}
: >"$T/cpus"
r=0; while [ $r -lt "$REPS" ]; do
	/usr/bin/time -f "%U %S" -o "$T/cpu" sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do cg-llm -c "$1" -T big <"$2" >/dev/null 2>&1; done' sh "$T/course.json" "$T/prompt"
	awk '{printf "%.1f\n", ($1+$2)*100}' "$T/cpu" >>"$T/cpus"
	r=$((r+1))
done
cpu=$(sort -n "$T/cpus" | awk '{v[NR]=$1} END {printf "%.1f ms min, %.1f ms median (%d rounds of 10 calls)", v[1], v[int((NR+1)/2)], NR}')
/usr/bin/time -f "%M" -o "$T/rss" cg-llm -c "$T/course.json" -T big <"$T/prompt" >/dev/null 2>&1
echo "cg-llm, $tok-token streamed reply ($(wc -c <"$T/big.out" | tr -d ' ') bytes): CPU (user+sys) per call $cpu, peak RSS $(awk '{printf "%.1f MB", $1/1024}' "$T/rss")"
