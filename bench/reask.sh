#!/bin/sh
# bench/reask.sh — what replies in the shapes of a real 4B model cost in
# requests.  Builds the sample course (config/course.yaml), and with -b a
# synthetic 10-module, 40-session course too, against cg-sim -S -Q -Q
# (schemas ignored, every shape real small-model replies take) with the
# response cache off, then prints one table read from each OUT: the files
# the course asks the model for, the requests made, requests per file,
# re-asks (validation rounds with status "retry" in OUT/log/calls.jsonl),
# files kept imperfect, failed and not made (the .FILE.imperfect and
# .FILE.failed notes, files missing), files mended (.FILE.mended notes),
# questions duplicated within one quiz, and questions repeated across
# sessions: the quizzes a question is in beyond its first (a question in
# 3 sessions counts 2).  Questions are compared normalised: lower case,
# letters and digits.  Prints what it measured; asserts nothing.
#   usage: bench/reask.sh [-1b]
#   -1   cg-sim -S -Q: the older quirks only, for comparison
#   -b   the synthetic 40-session course too (about a minute on 2 cores)
# CG_BIN: where the programs are (default ./bin; run make first).
set -eu
CG_ROOT=${CG_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
CG_BIN=${CG_BIN:-$CG_ROOT/bin}
export CG_ROOT
usage() { echo "usage: bench/reask.sh [-1b]"; }
QUIRKS='-Q -Q' BIG=''
while getopts h1b o; do
	case $o in
	h) usage; exit 0 ;;
	1) QUIRKS=-Q ;;
	b) BIG=1 ;;
	*) usage >&2; exit 64 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 0 ] || { usage >&2; exit 64; }
for p in cg-sim cg-config cg-outline cg-plan cg-gen cg-site; do
	[ -x "$CG_BIN/$p" ] || { echo "bench/reask.sh: no $CG_BIN/$p; run make first" >&2; exit 69; }
done
# a run owns its server, cache, slot locks and make: nothing inherited
unset CG_URL CG_MODEL CG_PROVIDER CG_API_KEY OLLAMA_HOST CG_LOG CG_COURSE_JSON \
	CG_FRESH CG_PROMPTS CG_RUN CG_PROGRESS CG_LOCKED MAKEFLAGS MFLAGS MAKELEVEL
T=$(mktemp -d "${TMPDIR:-/tmp}/cgbench.XXXXXX")
SIM=
trap '[ -z "$SIM" ] || { kill "$SIM" 2>/dev/null; wait "$SIM" 2>/dev/null; }; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
export CG_LOCKDIR="$T/locks" CG_CACHE=off

# shellcheck disable=SC2086
"$CG_BIN/cg-sim" -p 0 -s 4 -S $QUIRKS >"$T/port" 2>"$T/sim.err" &
SIM=$!
i=0
while [ ! -s "$T/port" ]; do
	i=$((i + 1))
	[ $i -le 250 ] || { echo "bench/reask.sh: cg-sim did not start" >&2; cat "$T/sim.err" >&2; exit 69; }
	sleep 0.02
done
CG_URL=http://127.0.0.1:$(head -n 1 "$T/port")
export CG_URL
"$CG_BIN/cg-config" -K >"$T/kinds.json"

cat >"$T/synthetic.yaml" <<'EOF'
name: Physics for Engineers
subject: Introductory physics
level: first-year undergraduate
description: >-
  Mechanics, waves, heat, electricity and magnetism, optics and modern
  physics: a year's survey for students with school algebra and some
  calculus.
duration_weeks: 20
modules: 10
sessions: 40
diagrams_per_session: 4
EOF

# row NAME OUT STATUS: a line of the table, from what OUT holds
row() {
	node -e '
const fs=require("fs"),path=require("path");
const [name,out,status,kinds]=process.argv.slice(1);
const rd=f=>{try{return fs.readFileSync(f,"utf8")}catch(e){return null}};
const js=f=>{try{return JSON.parse(rd(f))}catch(e){return null}};
const log=(rd(out+"/log/calls.jsonl")||"").split("\n").filter(Boolean).map(l=>JSON.parse(l));
const req=log.filter(l=>!l.event).length;
const reask=log.filter(l=>l.event==="validate"&&l.status==="retry").length;
// the files asked for: the outline parts, then each session kind file
const want=new Set();
for(const l of log)if(!l.event&&l.target&&!/\/s\d+\//.test(l.target))want.add(path.relative(out,l.target));
for(const f of fs.existsSync(out+"/outline")?fs.readdirSync(out+"/outline"):[])
	if(/\.json$/.test(f))want.add("outline/"+f);
const course=(js(out+"/course.json")||{}).course||{};
const nses=course.sessions||0,dps=course.diagrams_per_session||0;
const ks=JSON.parse(rd(kinds)).filter(k=>k.shape!=="outline");
for(let s=1;s<=nses;s++){
	const d="s"+String(s).padStart(2,"0"),ses=js(out+"/"+d+"/session.json");
	const k=ses&&ses.diagrams!=null?ses.diagrams:dps;
	for(const kd of ks){
		if(!/K/.test(kd.file)){want.add(d+"/"+kd.file);continue;}
		for(let i=1;i<=k;i++)want.add(d+"/"+kd.file.replace("K",i));
	}
}
const files=want.size,notmade=[...want].filter(f=>!fs.existsSync(out+"/"+f)).length;
// the notes beside the files: .FILE.imperfect, .FILE.failed, .FILE.mended
const notes={imperfect:0,failed:0,mended:0};
const walk=d=>{for(const e of fs.readdirSync(d,{withFileTypes:true})){
	if(e.isDirectory()){if(e.name!=="site"&&e.name!=="log")walk(d+"/"+e.name);continue;}
	const m=/^\..+\.(imperfect|failed|mended)$/.exec(e.name);if(m)notes[m[1]]++;}};
if(fs.existsSync(out))walk(out);
// questions: twice in one quiz, and in more than one session
const norm=q=>String(q||"").toLowerCase().replace(/[^\p{L}\p{N}]+/gu," ").trim();
let dup=0;const seen={};
for(let s=1;s<=nses;s++){
	const q=js(out+"/s"+String(s).padStart(2,"0")+"/questions.json");if(!q)continue;
	const here={};
	for(const t of ["multiple_choice","short_answer","essay"])for(const x of q[t]||[]){
		const n=norm(x.question);if(!n)continue;
		if(here[n])dup++;here[n]=1;
	}
	for(const n in here)seen[n]=(seen[n]||0)+1;
}
const across=Object.values(seen).reduce((a,c)=>a+c-1,0);
const c=[files,req,(files?req/files:0).toFixed(2),reask,notes.imperfect,notes.failed,notmade,notes.mended,dup,across];
console.log(name.padEnd(10)+[6,9,9,8,10,7,9,7,11,9].map((w,i)=>String(c[i]).padStart(w)).join(" ")+(status==="0"?"":"  (make exit "+status+")"));' \
		"$1" "$2" "$3" "$T/kinds.json"
}

load() { cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo ?; }
echo "cg re-ask benchmark $(cat "$CG_ROOT/VERSION"): cg-sim -S $QUIRKS, 4 slots, make -j4, response cache off; load average $(load)"
echo "course      files  requests  req/file  re-asks  imperfect  failed  not-made  mended  dup-quest  repeated"
COURSES=sample
[ -z "$BIG" ] || COURSES="sample synthetic"
for c in $COURSES; do
	if [ "$c" = sample ]; then yaml=$CG_ROOT/config/course.yaml; else yaml=$T/synthetic.yaml; fi
	st=0
	make -s -k -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" COURSE="$yaml" OUT="$T/$c" \
		SET=llm.slots=4 -j4 course >"$T/$c.make" 2>&1 || st=$?
	row "$c" "$T/$c" "$st"
done
