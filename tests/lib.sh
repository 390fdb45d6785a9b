# tests/lib.sh — TAP helpers for the tool tests.  Source it first thing:
#   . "${CG_ROOT:-.}/tests/lib.sh"
# Every test runs in its own temp dir ($T, removed on exit) and starts its
# own cg-sim on a free port (start_sim).  Never writes into the tree.
# Tests run in parallel (make test runs prove -j): nothing a test writes
# is shared, so TMPDIR (make's temp files),
# XDG_RUNTIME_DIR (server slot locks) and HOME (a browser's profile,
# ~/.cache) are in $T too.
# JSON is read with jq.
set -u
CG_ROOT=${CG_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
CG_BIN=${CG_BIN:-$CG_ROOT/bin}
PATH=$CG_BIN:$PATH
export CG_ROOT CG_BIN PATH
unset CG_URL CG_MODEL CG_PROVIDER CG_API_KEY OLLAMA_HOST CG_LOG CG_COURSE_JSON CG_FRESH
# The response cache is off in tests unless a test turns it on (CG_CACHE=DIR).
CG_CACHE=off; export CG_CACHE
T=$(mktemp -d "${TMPDIR:-/tmp}/cgtest.XXXXXX")
mkdir -p "$T/tmp" "$T/home" && mkdir -m 700 "$T/run" || exit 1
TMPDIR=$T/tmp XDG_RUNTIME_DIR=$T/run HOME=$T/home
export TMPDIR XDG_RUNTIME_DIR HOME
_n=0 _fail=0 _sims=
cleanup() { for p in $_sims; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
cd "$T" || exit 1

ok()   { _n=$((_n+1)); if [ "$1" = 0 ]; then echo "ok $_n - $2"; else echo "not ok $_n - $2"; _fail=$((_fail+1)); fi; }
pass() { ok 0 "$1"; }
fail() { ok 1 "$1"; }
# t "name" cmd args...: a command that must succeed
t()    { _d=$1; shift; "$@" >/dev/null 2>&1; ok $? "$_d"; }
# is GOT WANT "name"
is()   { if [ "$1" = "$2" ]; then pass "$3"; else fail "$3"; printf '#   got:  %s\n#   want: %s\n' "$1" "$2"; fi; }
# like TEXT ERE "name"
like() { if printf '%s' "$1" | grep -Eq -- "$2"; then pass "$3"; else fail "$3"; printf '#   got: %s\n#   want match: %s\n' "$1" "$2" | head -20; fi; }
unlike() { if printf '%s' "$1" | grep -Eq -- "$2"; then fail "$3"; printf '#   got: %s\n#   unwanted: %s\n' "$1" "$2" | head -20; else pass "$3"; fi; }
diag() { printf '# %s\n' "$*"; }
done_testing() { echo "1..$_n"; [ "$_fail" = 0 ]; exit $?; }

# start_sim [cg-sim options]: start a simulator on a free port; sets SIM_URL
# and SIM_PID.  Stops it when the test ends.
start_sim() {
	_sn=$((${_sn:-0}+1)); _f=$T/sim.$_sn
	cg-sim -p 0 "$@" >"$_f.out" 2>"$_f.err" &
	SIM_PID=$!
	_sims="$_sims $SIM_PID"
	_i=0
	while [ ! -s "$_f.out" ] && [ $_i -lt 200 ]; do sleep 0.02; _i=$((_i+1)); done
	SIM_PORT=$(head -n 1 "$_f.out")
	SIM_URL=http://127.0.0.1:$SIM_PORT
	export SIM_URL SIM_PORT SIM_PID
	[ -n "$SIM_PORT" ] || { echo "Bail out! cg-sim did not start: $(cat "$_f.err")"; exit 1; }
}
# sim_stats: the /sim/stats JSON document
sim_stats() { curl -s "$SIM_URL/sim/stats"; }
# jget FILE-or-- DOTTED: a value out of JSON: a string as it is, an object
# or array as compact JSON, "undefined" when it is not there.  A number in
# the path indexes an array; "length" is an array's or a string's length.
jget() {
	jq -r --arg p "$2" '
	def undef: {"jget undefined": true};
	reduce ($p | split(".")[] | select(length > 0)) as $k (.;
		if . == undef then .
		elif type == "array" then
			if $k == "length" then length
			elif ($k | test("^[0-9]+$")) and ($k | tonumber) < length
			then .[$k | tonumber] else undef end
		elif type == "object" then
			if has($k) then .[$k] else undef end
		elif type == "string" and $k == "length" then length
		else undef end)
	| if . == undef then "undefined"
	  elif type == "object" or type == "array" then tojson else . end' "$1"
}
# kind_files: the session files of every kind in the kinds table
# (cg-config -K), one per line, "K" standing for a diagram index
kind_files() { cg-config -K | jq -r '.[] | select(.shape != "outline") | .file, (.also // empty)'; }
# expected_files OUT: the files every session of a generated course must
# have (K diagrams from its session.json), sorted, one per line
expected_files() {
	_kf=$(kind_files)
	for _s in $(cd "$1" && ls -d s[0-9]*); do
		echo "$_s/session.json"
		_k=$(jget "$1/$_s/session.json" diagrams)
		for _f in $_kf; do
			case $_f in
			*K*) _i=1; while [ "$_i" -le "$_k" ]; do echo "$_s/$(echo "$_f" | sed "s/K/$_i/")"; _i=$((_i+1)); done;;
			*) echo "$_s/$_f";;
			esac
		done
	done | sort
}
# generated_files OUT: the session files actually there, sorted
generated_files() { (cd "$1" && find s[0-9]* -type f ! -name '.*' | sort); }
