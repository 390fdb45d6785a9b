#!/bin/sh
# cg-prompt and prompts/*.md: every kind renders against a realistic
# session with every course and session fact present, no leftover tags,
# the required headings as the only "## " lines, a shared prefix across a
# session's kinds, excerpts, retries, -c, -s, and the exit codes; the
# prompts of 1-, 2- and 10-module courses planned by cg-plan read right
# for their course (neighbouring sessions, one module, plurals, spans).
. "$CG_ROOT/tests/lib.sh"

F=$CG_ROOT/tests/fixtures/session.json
cg-config -K >kinds.json
SESSION_KINDS=$(node -e 'for(const k of require("./kinds.json"))if(k.shape!=="outline")console.log(k.name)')
PROSE=$(node -e 'for(const k of require("./kinds.json"))if(k.shape==="prose")console.log(k.name)')

# usage and version
out=$(cg-prompt -h); is $? 0 "-h exits 0"
like "$out" '^usage: cg-prompt \[-hV\] \[-s\] \[-C CTX\.json\] KIND \[SESSION\.json\]$' \
	"-h prints the usage on stdout"
cg-prompt >out 2>err; is $? 64 "no KIND: exit 64"
like "$(cat err)" '^usage: cg-prompt' "... usage on stderr"
cg-prompt -Z lecture "$F" >out 2>err; is $? 64 "bad option: exit 64"
cg-prompt lecture "$F" extra >out 2>err; is $? 64 "too many arguments: exit 64"
is "$(cg-prompt -V)" "cg-prompt $(cat "$CG_ROOT/VERSION")" "-V prints VERSION"

# a course.json for the outline (the parts cg-outline uses)
cat >course.json <<'EOF'
{"course":{"name":"Introduction to Biology","slug":"introduction-to-biology",
 "subject":"Biology","level":"introductory undergraduate",
 "description":"A first course in biology: cells, genes and energy.",
 "language":"English","duration_weeks":4,"modules":2,"sessions":4,
 "constraints":["Use SI units.","Labs use a basic teaching laboratory."],
 "diagrams_per_session":4,
 "questions":{"multiple_choice":5,"options":4,"short_answer":3,"essay":2},
 "items":{"min":3,"max":7}},
 "content":{}}
EOF

# headings KIND: the "## " lines the fixture requires for KIND
headings() {
	node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
		const h=(s.content[process.argv[2]]||{}).headings||[];
		if (h.length) console.log(h.map(x=>"## "+x).join("\n"))' "$F" "$1"
}

for k in outline $SESSION_KINDS; do
	if [ "$k" = outline ]; then in=course.json; else in=$F; fi
	cg-prompt "$k" "$in" >"$k.txt" 2>err; rc=$?
	is "$rc" 0 "$k: renders"
	[ "$rc" = 0 ] || diag "$(cat err)"
	p=$(cat "$k.txt")
	unlike "$p" '\{\{|\}\}' "$k: no leftover template tags"
	like "$p" '^=== system ===' "$k: system part first"
	like "$(sed -n 2p "$k.txt")" '[a-z]' "$k: system prompt not empty"
	like "$p" 'Introduction to Biology' "$k: course name"
	like "$p" 'Subject: Biology' "$k: subject"
	like "$p" 'Level: introductory undergraduate' "$k: level"
	like "$p" 'English' "$k: language"
	case $k in
	outline*) ;;	# the outline is kept when only the duration changes
	*) unlike "$p" 'Duration:' "$k: no duration (shown on the site; a change remakes nothing)" ;;
	esac
	like "$p" 'A first course in biology' "$k: course description"
	like "$p" '^- Labs use a basic teaching laboratory\.$|^- Assume no prior chemistry' "$k: constraints"
	like "$p" 'no preamble, no closing remarks' "$k: no preamble rule"
	n=$(wc -c <"$k.txt")
	ok "$([ "$n" -lt 10000 ]; echo $?)" "$k: under 10,000 characters ($n)"
	is "$(grep '^## ' "$k.txt")" "$(headings "$k")" \
		"$k: the only \"## \" lines are its required headings, in order"
	unlike "$p" 'Main Topic|Heading [0-9]|Example question|Question 1|lorem' \
		"$k: no placeholder or sample content"
	if [ "$k" != outline ]; then
		like "$p" 'Cell Membranes and Transport' "$k: session title"
		like "$p" 'Cells: The Basic Unit of Life' "$k: module title"
		like "$p" 'Energy and Metabolism' "$k: the real module list"
		for s in 'The fluid mosaic model of the plasma membrane' \
		    'Bulk transport by endocytosis and exocytosis' \
		    'Distinguish passive from active transport' \
		    'phospholipid bilayer, selective permeability' \
		    'The session before it: session 2, "Organelles and Their Functions", in module 1; its key concepts: nucleus, mitochondrion, endomembrane system\.' \
		    'The session after it: session 4, "Enzymes and Reaction Rates", in module 2; its key concepts: activation energy'; do
			like "$p" "$s" "$k: session fact \"$s\""
		done
	fi
done

# kind-specific wording
for k in $PROSE; do
	w=$(node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
		console.log(s.content[process.argv[2]].words.join(" and "))' "$F" "$k")
	like "$(cat $k.txt)" "between $w words" "$k: word target stated"
	unlike "$(cat $k.txt)" '[Mm]ermaid' "$k: no 'mermaid' in a prose prompt"
done
like "$(cat lecture.txt)" 'between 3 and 12 level-two headings' "lecture: section range"
for k in diagram visualization; do
	like "$(cat $k.txt)" 'mermaid flowchart' "$k: asks for a mermaid flowchart"
	like "$(cat $k.txt)" 'flowchart TD or flowchart LR' "$k: direction stated"
	like "$(cat $k.txt)" 'no style' "$k: no styling"
	like "$(cat $k.txt)" 'double quotes' "$k: quoted labels"
done
like "$(cat diagram.txt)" 'Between 4 and 16 nodes' "diagram: node range"
like "$(cat visualization.txt)" 'Between 5 and 20 nodes' "visualization: node range"
like "$(cat visualization.txt)" 'concept map' "visualization: a concept map"
like "$(cat diagram.txt)" 'subtopic "The fluid mosaic model of the plasma membrane"' \
	"diagram: subtopic 1 by default"
printf '{"k":4}' >k4.json
like "$(cg-prompt -C k4.json diagram "$F")" 'diagram 4 .*subtopic "Active transport and the sodium-potassium pump"' \
	"diagram: -c k=4 picks subtopic 4"
like "$(cat questions.txt)" 'Exactly 5 multiple-choice questions, each with exactly 4 options' \
	"questions: multiple-choice counts"
like "$(cat questions.txt)" 'Exactly 3 short-answer' "questions: short-answer count"
like "$(cat questions.txt)" 'Exactly 2 essay' "questions: essay count"
like "$(cat integration.txt)" 'Module 2: How cells capture' \
	"integration: module descriptions"
like "$(cat integration.txt)" 'never mention any other module' "integration: only real modules"
like "$(cat outline.txt)" 'exactly 2 modules holding exactly 4 sessions' "outline: exact counts"
like "$(cat outline.txt)" 'between 3 and 7 subtopics' "outline: item bounds"
like "$(cat outline.txt)" 'numbering continues' "outline: global numbering"
like "$(cat outline.txt)" '^- Labs use a basic teaching laboratory\.$' "outline: constraints listed"
like "$(cat outline.txt)" 'Duration: 4 weeks' "outline: duration"

# stable prefix: one system prompt for every session kind, and the user
# prompts agree up to the end of the session facts and its neighbours
sys1=$(cg-prompt -s lecture "$F")
pre1=$(sed -n '/^=== user ===$/,/^The session after it:/p' lecture.txt)
like "$pre1" 'Place in the course' "prefix found"
like "$pre1" '^The session after it' "... to the neighbours"
same=0
for k in $SESSION_KINDS; do
	[ "$(cg-prompt -s "$k" "$F")" = "$sys1" ] || { same=1; diag "$k: system differs"; }
	[ "$(sed -n '/^=== user ===$/,/^The session after it:/p' "$k.txt")" = "$pre1" ] ||
		{ same=1; diag "$k: prefix differs"; }
done
ok $same "every session kind shares the system prompt and the course/session prefix"
is "$(cg-prompt -s lecture "$F")" "$(sed -n '2,/^=== user ===$/p' lecture.txt | sed '$d')" \
	"-s prints only the system prompt"

# the lecture: the subtopic sections between the first two headings,
# the key concepts recapped after them; the neighbours it links to
like "$(cat lecture.txt)" 'placed after the "Overview" section and before the "Key Concepts" section' \
	"lecture: where the subtopic sections go"
like "$(cat lecture.txt)" 'The "Key Concepts" section then recaps the key concepts' \
	"lecture: Key Concepts is a recap"
like "$(cat lecture.txt)" 'linking the session to the one before it, "Organelles and Their Functions"' \
	"lecture: opens from the session before"
like "$(cat lecture.txt)" 'the next session, "Enzymes and Reaction Rates", takes up' \
	"lecture: closes towards the next session"
like "$(cat integration.txt)" 'the session before it, "Organelles and Their Functions"' \
	"integration: the session before, by title"
like "$(cat investigation.txt)" 'fits within the time of this session and the next\.' \
	"investigation: a span in sessions"

# courses of 1, 2 and 10 modules as cg-plan lays them out: neighbours,
# one-module wording, plurals, no time span in weeks in a session prompt
cg-config -o plan0.json 2>/dev/null || { echo "Bail out! cg-config failed"; exit 1; }
# one essay question: its line reads in the singular
node -e 'const c=JSON.parse(require("fs").readFileSync("plan0.json"));
	c.course.questions.essay=1; console.log(JSON.stringify(c))' >plan.json
# outline NMOD NSESS >FILE: an outline of that shape
outline() {
	node -e 'const [nm, ns] = process.argv.slice(1).map(Number);
		const o = {course: {name: "Why Bread Rises", subject: "Baking science",
		  level: "beginner", language: "English"}, modules: []};
		for (let m = 1, k = 1; m <= nm; m++) {
			const per = Math.floor(ns / nm) + (m <= ns % nm ? 1 : 0);
			const mod = {number: m, title: "Module Title " + m,
			  description: "What module " + m + " covers.", sessions: []};
			for (let i = 0; i < per; i++, k++)
				mod.sessions.push({number: k, title: "Session Title " + k,
				  subtopics: ["Subtopic " + k + "a", "Subtopic " + k + "b"],
				  objectives: ["Explain " + k + "a", "Describe " + k + "b"],
				  key_concepts: ["concept " + k + "x", "concept " + k + "y"],
				  rationale: "It follows from what comes before."});
			o.modules.push(mod);
		}
		console.log(JSON.stringify(o))' "$1" "$2"
}
for c in "1 2" "2 4" "10 20"; do
	set -- $c
	mkdir -p "c$1"
	outline "$1" "$2" >"c$1/outline.json"
	cg-plan -c plan.json "c$1/outline.json" 2>err; rc=$?
	is "$rc" 0 "cg-plan: a course of $1 modules and $2 sessions"
	[ "$rc" = 0 ] || diag "$(cat err)"
done
n=0 bad=
for c in c1/s01 c1/s02 c2/s01 c2/s03 c2/s04 c10/s01 c10/s11 c10/s20; do
	for k in $SESSION_KINDS; do
		cg-prompt "$k" "$c/session.json" >"$c/$k.txt" 2>err || bad="$bad $c/$k"
		n=$((n+1))
	done
done
is "$bad" "" "every session kind renders for every course ($n prompts)"
s1=$(cat c1/s01/*.txt c1/s02/*.txt)
unlike "$s1" '[Mm]odules' "one module: no \"modules\" in a session prompt"
unlike "$s1" 'different modules|earlier modules|later modules|another module' \
	"one module: nothing asks for another module"
like "$(cat c1/s02/integration.txt)" 'connect this session with the others' \
	"one module: the integration connects sessions"
like "$(cat c1/s01/integration.txt)" 'as the first session' \
	"one module: the first session's integration lays foundations"
like "$(cat c2/s03/integration.txt)" 'connect material from different modules' \
	"two modules: the integration connects modules"
all=$(cat c*/s*/*.txt)
unlike "$all" '[Ww]eek|[0-9]+ (days|months|hours)' "no session prompt states a span of time"
unlike "$all" '(^|[^0-9])1 (weeks|modules|sessions|questions)' "no \"1 weeks\", \"1 modules\" plurals"
like "$(cat c1/s02/lecture.txt)" 'The session before it: session 1, "Session Title 1"; its key concepts: concept 1x, concept 1y\.' \
	"one module: the session before, its title and key concepts"
unlike "$(cat c1/s02/lecture.txt)" 'The session after it' "... and none after the last"
like "$(cat c1/s01/lecture.txt)" 'It is the first session of the course\.' "the first session says so"
like "$(cat c1/s01/lecture.txt)" 'The session after it: session 2, "Session Title 2"; its key concepts: concept 2x, concept 2y\.' \
	"... and names the one after it"
like "$(cat c10/s11/lecture.txt)" 'The session before it: session 10, "Session Title 10", in module 5; its key concepts: concept 10x' \
	"ten modules: the session before, in its module"
like "$(cat c10/s11/lecture.txt)" 'The session after it: session 12, "Session Title 12", in module 6' \
	"ten modules: the session after, in its module"
unlike "$(cat c10/s11/lecture.txt)" 'Session Title (9|13)' "only the neighbours of a session are named"
like "$(cat c10/s11/lecture.txt)" 'Module 10: Module Title 10' "... with the whole module list"
like "$(cat c2/s04/questions.txt)" 'Exactly 1 essay question that asks' "one essay question, in the singular"
like "$(cat c2/s04/investigation.txt)" 'fits within the time of this session\.' \
	"the last session's investigation fits its own time"
like "$(cat c2/s03/investigation.txt)" 'fits within the time of this session and the next\.' \
	"another's fits this session and the next"
# the outline prompts of one module and one week
node -e 'const c=JSON.parse(require("fs").readFileSync("course.json"));
	c.course.modules=1; c.course.sessions=2; c.course.duration_weeks=1;
	console.log(JSON.stringify(c))' >course1.json
out=$(cg-prompt outline course1.json)
like "$out" 'Duration: 1 week$' "outline: \"1 week\""
like "$out" 'exactly one module holding exactly 2 sessions' "outline: one module"
unlike "$out" '1 modules|modules 1 to 1|[Mm]odules[^"]' "outline: no plural module wording but the JSON key"
like "$out" 'Number the module 1 and its sessions 1 to 2\.' "outline: one module numbered"
node -e 'const c=JSON.parse(require("fs").readFileSync("course1.json"));
	console.log(JSON.stringify({course:c.course,sessions_per_module:[2]}))' >sk1.json
out=$(cg-prompt -C sk1.json outline-skeleton)
like "$out" 'exactly one module holding 2 sessions' "skeleton: one module"
unlike "$out" '1 modules|modules 1 to 1|[Mm]odules[^"]' "skeleton: no plural module wording but the JSON key"
printf '{"course":{"name":"N","subject":"S","level":"L","language":"English","items":{"min":3,"max":5}},"modules":[{"number":1,"title":"A","description":"a"},{"number":2,"title":"B","description":"b"}],"module":{"number":2,"title":"B"},"module_sessions":1,"first_session":3,"last_session":3}' >m1.json
out=$(cg-prompt -C m1.json outline-module)
like "$out" 'exactly one session, numbered 3 ' "module step: one session"
unlike "$out" '1 sessions|3 to 3' "module step: no plural for one session"

# a careful author (cg-sim) following the lecture prompt puts the
# subtopic sections after the first heading and before the recap
start_sim
mkdir lec
cp "$F" lec/session.json
CG_URL=$SIM_URL cg-lecture -o lec/lecture.md lec/session.json 2>err
is "$?" 0 "cg-lecture against cg-sim"
is "$(grep '^## ' lec/lecture.md | tr '\n' '|')" "## Overview|## The fluid mosaic model of the plasma membrane|## Passive transport: diffusion and osmosis|## Facilitated diffusion through channel and carrier proteins|## Active transport and the sodium-potassium pump|## Bulk transport by endocytosis and exocytosis|## Key Concepts|## Summary|" \
	"... Overview, the subtopic sections, Key Concepts, Summary"

# stdin gives the same as the file
is "$(cg-prompt lecture <"$F")" "$(cat lecture.txt)" "session.json on stdin"
is "$(cg-prompt lecture - <"$F")" "$(cat lecture.txt)" "\"-\" reads stdin"

# retries: problems are stated, and the whole document is asked for
printf '{"problems":"The lab has only 120 words; write between 500 and 1100 words."}' >probs.json
out=$(cg-prompt -C probs.json lab "$F")
like "$out" 'The lab has only 120 words' "problems block present on a retry"
like "$out" 'complete corrected lab' "... asks for the complete document"
unlike "$(cat lab.txt)" 'previous reply' "no problems block on a first try"
for k in outline $SESSION_KINDS; do
	if [ "$k" = outline ]; then in=course.json; else in=$F; fi
	like "$(cg-prompt -C probs.json "$k" "$in")" '=== assistant ===.*' "$k: a retry is a conversation"
	like "$(cg-prompt -C probs.json "$k" "$in" | sed -n '/=== assistant ===/,$p')" 'cannot be used' "$k: its last turn states the problems"
done

# excerpts: earlier files beside session.json are quoted, bounded, and
# their headings cannot pose as required ones
mkdir s03
cp "$F" s03/session.json
{
	printf '# Cell Membranes\n\n## Overview\n\nMembranes are selectively permeable.\n\n'
	i=0; while [ $i -lt 400 ]; do printf 'Osmosis moves water across the membrane. '; i=$((i+1)); done
	printf '\n\n## Summary\n\nThe end.\n'
} >s03/lecture.md
printf '## Objectives\n\nMeasure osmosis in potato strips.\n' >s03/lab.md
out=$(cg-prompt lab s03/session.json)
like "$out" '<lecture>' "lab: lecture excerpt quoted"
like "$out" 'Membranes are selectively permeable' "... with its text"
like "$out" '### Overview' "... its headings demoted"
is "$(printf '%s\n' "$out" | grep '^## ')" "$(headings lab)" "... and not taken as required headings"
n=$(printf '%s' "$out" | wc -c)
ok "$([ "$n" -lt 10000 ]; echo $?)" "... bounded ($n characters)"
like "$out" 'The end\.' "... a digest that reaches the last section of a long lecture"
is "$(printf '%s\n' "$out" | grep -c 'Osmosis moves water')" 0 "... without the long second paragraph"
out=$(cg-prompt questions s03/session.json)
like "$out" '<lab>' "questions: lab excerpt quoted"
like "$out" 'potato strips' "... with its text"
unlike "$(cg-prompt lecture s03/session.json)" '<lecture>' "lecture quotes nothing"
like "$(cg-prompt application s03/session.json)" '<lecture>' "application: lecture quoted"
unlike "$(cg-prompt application s03/session.json)" '<notes>' "... missing notes.md left out"

# -c merges (and alone is the whole context)
printf '{"session":{"title":"Renamed Session"},"excerpt":{"notes":"NOTE TEXT"}}' >extra.json
out=$(cg-prompt -C extra.json application "$F")
like "$out" 'Renamed Session' "-c overrides a value"
like "$out" 'Fluid mosaic|fluid mosaic' "... and keeps the rest"
like "$out" 'NOTE TEXT' "... and adds excerpts"
out=$(cg-prompt -C extra.json lecture </dev/null); is $? 0 "-c alone: no session needed"
like "$out" 'Renamed Session' "... context from -c only"
like "$(cg-prompt open-questions "$F")" 'open questions' "kind by its file name"
like "$(cg-prompt cg-lab "$F")" 'the lab of this session' "kind by its program name"

# errors
cg-prompt nosuchkind "$F" >out 2>err; is $? 66 "unknown kind: exit 66"
like "$(cat err)" '^cg-prompt: prompts/nosuchkind\.md: no such prompt' "... names the file"
cg-prompt 'a/b' "$F" >out 2>err; is $? 64 "kind with a slash: exit 64"
cg-prompt lecture nothere.json >out 2>err; is $? 66 "missing session: exit 66"
printf '{"course": ' >bad.json
cg-prompt lecture bad.json >out 2>err; is $? 65 "invalid JSON: exit 65"
like "$(cat err)" 'bad\.json:1:' "... with line:column"
printf '[1]' >arr.json
cg-prompt lecture arr.json >out 2>err; is $? 65 "not an object: exit 65"
mkdir p
printf -- '---\nsystem: fine\n---\nline 4\nline 5 {{#each session.subtopics}}\n' >p/lecture.md
CG_PROMPTS=$T/p cg-prompt lecture "$F" >out 2>err; is $? 65 "template error: exit 65"
like "$(cat err)" "^cg-prompt: $T/p/lecture\\.md:5:8: \\{\\{#each session\\.subtopics\\}\\} is never closed" \
	"... file:line:col and what"
printf -- '---\nsystem: "{{course.subject}} tutor"\n---\nOnly {{session.title}}.\n' >p/lecture.md
out=$(CG_PROMPTS=$T/p cg-prompt lecture "$F")
is "$out" "$(printf '=== system ===\nBiology tutor\n=== user ===\nOnly Cell Membranes and Transport.')" \
	"CG_PROMPTS selects another prompt directory"
cg-prompt lecture "$F" >/dev/full 2>err; is $? 74 "write error: exit 74"

done_testing
