#!/bin/sh
# A course with its own outline file: used as is (no request), validated,
# and an edit of that file reaches the course.
. "${CG_ROOT:-.}/tests/lib.sh"

start_sim
export CG_URL=$SIM_URL
cat >"$T/c.yaml" <<'Y'
name: Own Outline
subject: Geology
modules: 1
sessions: 2
diagrams_per_session: 1
outline: mine.json
Y
cat >"$T/mine.json" <<'J'
{"modules": [{"title": "Rocks", "description": "What rocks are made of.",
  "sessions": [
   {"title": "Minerals", "subtopics": ["Crystals", "Hardness"],
    "objectives": ["Name common minerals"], "key_concepts": ["lattice"],
    "rationale": "Minerals first."},
   {"title": "The rock cycle", "subtopics": ["Igneous", "Sedimentary", "Metamorphic"],
    "objectives": ["Trace a rock through the cycle"], "key_concepts": ["cycle"],
    "rationale": "Then how rocks change."}]}]}
J
O=$T/out
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" COURSE="$T/c.yaml" "$@"; }
mk outline >"$T/log" 2>&1
ok $? "make outline with a user outline"
is "$(sim_stats | jget - generations)" 0 "no request for a user outline"
is "$(jget "$O/outline.json" modules.0.sessions.1.title)" "The rock cycle" "user outline used as is"
is "$(jget "$O/outline.json" modules.0.sessions.1.number)" 2 "sessions numbered"
is "$(jget "$O/s02/session.json" diagrams)" 1 "session files planned from it"

sleep 1.1
sed -i 's/The rock cycle/Rocks through time/' "$T/mine.json"
mk outline >/dev/null 2>&1
is "$(jget "$O/outline.json" modules.0.sessions.1.title)" "Rocks through time" "an edit of the user outline reaches the course"
is "$(jget "$O/s02/session.json" session.title)" "Rocks through time" "and its session file"

echo '{"modules": [{"title": "", "sessions": []}]}' >"$T/mine.json"
err=$(mk outline 2>&1); rc=$?
ok $([ $rc -ne 0 ] && echo 0 || echo 1) "an unusable user outline fails"
like "$err" 'mine.json: not a usable outline' "message names the user's file"
like "$err" 'modules\[0\]' "and the JSON path"
done_testing
