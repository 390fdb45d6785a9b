#!/bin/sh
# bench/course.sh — the course build against cg-sim, measured.
# Prints: make -j4 course wall time (4 slots, RATE tok/s) against the ideal
# bound max(critical path, total tokens / (4 x RATE)); -j1 with one slot
# against total tokens / RATE; a no-op make; the tools' own overhead at an
# unlimited token rate.  Nothing is asserted: figures are printed.
# Usage: bench/course.sh [RATE] [COURSE]   (defaults 200, config/course.yaml)
set -eu
CG_ROOT=${CG_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
CG_BIN=${CG_BIN:-$CG_ROOT/bin}
RATE=${1:-200}
COURSE=${2:-config/course.yaml}
T=$(mktemp -d)
pids=
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$T"' EXIT
unset CG_URL CG_MODEL CG_LOG CG_COURSE_JSON OLLAMA_HOST

now() { date +%s.%N; }
sub() { awk "BEGIN{printf \"%.3f\", $1 - $2}"; }
sim() {
	"$CG_BIN/cg-sim" -p 0 "$@" >"$T/port" 2>/dev/null & pids="$pids $!"
	while [ ! -s "$T/port" ]; do sleep 0.02; done
	CG_URL=http://127.0.0.1:$(head -n 1 "$T/port"); export CG_URL
}
stop() { for p in $pids; do kill $p 2>/dev/null; done; wait 2>/dev/null || true; pids=; rm -f "$T/port"; }
build() { # OUT JOBS SLOTS
	make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" COURSE="$COURSE" \
	    OUT="$1" SET="llm.slots=$3" -j"$2" course >/dev/null
}
# tokens LOG: "total critical" from the call log (successful attempts)
tokens() {
	node -e '
const fs=require("fs");const L=fs.readFileSync(process.argv[1],"utf8").trim().split("\n").map(l=>JSON.parse(l)).filter(l=>l.status==="ok"&&!l.event);
const t={};let total=0;
for(const l of L){const f=l.target.split("/").slice(-2).join("/");t[f]=(t[f]||0)+(l.eval_tokens||0);total+=l.eval_tokens||0;}
const ses=new Set(Object.keys(t).filter(k=>/^s\d+\//.test(k)).map(k=>k.split("/")[0]));
let cp=0;
for(const s of ses){const g=k=>t[s+"/"+k]||0;
 const L1=g("lecture.md"),lab=L1+g("lab.md"),notes=L1+g("notes.md"),q=lab+g("questions.json");
 let sec=0;for(const k of ["application.md","extension.md","visualization.mmd","integration.md","investigation.md","open-questions.md"])sec=Math.max(sec,Math.max(lab,notes)+g(k));
 let d=0;for(const k of Object.keys(t))if(k.startsWith(s+"/diagram-"))d=Math.max(d,t[k]);
 cp=Math.max(cp,L1,lab,notes,q,sec,d);}
cp+=Object.keys(t).filter(k=>k.endsWith("outline.json")).reduce((a,k)=>a+t[k],0);
console.log(total+" "+cp);' "$1"
}

echo "cg course benchmark: $COURSE, $RATE tokens/s per stream"

sim -s 4 -r "$RATE"
a=$(now); build "$T/j4" 4 4; b=$(now)
set -- $(tokens "$T/j4/log/calls.jsonl")
node -e 'const [w,tot,cp,r]=process.argv.slice(1).map(Number);const ideal=Math.max(cp/r,tot/(4*r));
console.log(`make -j4 course, 4 slots: ${w.toFixed(2)} s; tokens ${tot}, critical path ${cp} tokens; ideal bound ${ideal.toFixed(2)} s; ratio ${(w/ideal).toFixed(3)} (${((w/ideal-1)*100).toFixed(1)}% over)`)' \
    "$(sub "$b" "$a")" "$1" "$2" "$RATE"

runs=
for i in 1 2 3 4 5 6 7; do
	a=$(now); build "$T/j4" 4 4; b=$(now); runs="$runs $(awk "BEGIN{print ($b-$a)*1000}")"
done
node -e 'const v=process.argv.slice(1).map(Number).sort((a,b)=>a-b);console.log(`no-op make -j4 course: median ${v[3].toFixed(1)} ms (min ${v[0].toFixed(1)}, max ${v[6].toFixed(1)}) over 7 runs`)' $runs
stop

sim -s 1 -r "$RATE"
a=$(now); build "$T/j1" 1 1; b=$(now)
set -- $(tokens "$T/j1/log/calls.jsonl")
node -e 'const [w,tot,r]=process.argv.slice(1).map(Number);const ideal=tot/r;
console.log(`make -j1 course, 1 slot: ${w.toFixed(2)} s; tokens ${tot}; ideal ${ideal.toFixed(2)} s; ratio ${(w/ideal).toFixed(3)} (${((w/ideal-1)*100).toFixed(1)}% over)`)' \
    "$(sub "$b" "$a")" "$1" "$RATE"
stop

sim -s 4 -r 0
for j in 1 4; do
	a=$(now); build "$T/fast$j" $j 4; b=$(now)
	n=$(grep -v '"event"' "$T/fast$j/log/calls.jsonl" | grep -c '"status":"ok"' || true)
	echo "tool overhead, whole course at an unlimited token rate, -j$j: $(sub "$b" "$a") s wall for $n requests ($(nproc) cores)"
done
# CPU of make and every tool it ran (the simulator is another process)
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f "%U %S" -o "$T/cpu" make -s -C "$CG_ROOT" -f Course.mk \
	    BIN="$CG_BIN" COURSE="$COURSE" OUT="$T/cpu-out" SET="llm.slots=4" -j1 course >/dev/null
	read -r u s <"$T/cpu"
	echo "tool overhead as CPU time (make + all tools, -j1): user $u s + sys $s s"
fi
stop
