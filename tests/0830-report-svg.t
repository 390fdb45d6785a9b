#!/bin/sh
# The teacher's report draws the newest run of the call log in SVG that
# cg writes into report.html (no script): a timeline with one bar per
# request (re-asks hatched, failed attempts dashed, cache hits as ticks),
# time and tokens per kind, and a table of re-asks and imperfect files
# per kind.  cg-stats --svg writes the same timeline.
. "${CG_ROOT:-.}/tests/lib.sh"

# a small model's shapes (-Q -Q) give re-asks and imperfect files; every
# 13th request fails with HTTP 500 and is tried again
start_sim -s 2 -S -Q -Q --err500 13
export CG_URL=$SIM_URL CG_CACHE=$T/cache
O=$T/out
cp -R "$CG_ROOT/prompts" "$T/prompts"
L=$O/log/calls.jsonl
R=$O/site/report.html
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$O" \
	PROMPTS="$T/prompts" COURSE=config/course.yaml SET="llm.slots=2" "$@"; }
# the report's timeline, and its time and tokens per kind
timeline() { sed -n '/<svg class="cg-timeline"/,/<\/svg>/p' "$1"; }
kinds() { sed -n '/<svg class="cg-kinds"/,/<\/svg>/p' "$1"; }
# q FILTER: how many lines of the log's newest run FILTER selects
q() {
	_r=$(jq -s 'map(select(.run)) | last.run' "$L")
	jq -c --argjson r "$_r" "select(.run == \$r) | $1" "$L" | wc -l | tr -d ' '
}
REQ='select(has("event") | not) | select(.status)'
# n PATTERN FILE: how many times PATTERN (ERE) occurs in FILE
n() { grep -oE -- "$1" "$2" | wc -l | tr -d ' '; }

mk -j4 course >log 2>&1; ok $? "make course against cg-sim"
timeline "$R" >tl.svg
kinds "$R" >kinds.svg
is "$(n '<svg class="cg-timeline"' "$R")" 1 "report.html holds one timeline"
xmllint --noout tl.svg 2>err; ok $? "... a well-formed SVG document"
xmllint --noout kinds.svg 2>err; ok $? "... and so is the chart of time and tokens per kind"

req=$(q "$REQ")
like "$req" '^[1-9]' "the run made requests ($req)"
is "$(n '<rect class="req[ "]' tl.svg)" "$req" "one bar per request line of the call log"
re=$(q "$REQ | select(.round > 0)")
like "$re" '^[1-9]' "the run re-asked ($re requests)"
is "$(n '<rect class="req reask' tl.svg)" "$re" "... each re-ask's bar marked"
is "$(n '<rect class="hatch"' tl.svg)" "$re" "... and hatched"
bad=$(q "$REQ | select(.status != \"ok\" and .status != \"length\")")
like "$bad" '^[1-9]' "attempts failed ($bad)"
is "$(n '<rect class="req[^"]*failed"' tl.svg)" "$bad" "... each drawn as failed"
is "$(n '<line class="hit"' tl.svg)" "$(q 'select(.event == "cache")')" "no cache hit, no tick"

missing=
for k in $(jq -r "$REQ | .kind" "$L" | sort -u); do
	grep -q "<rect class=\"key\"[^>]*/><text [^>]*>$k</text>" tl.svg || missing="$missing $k"
done
is "$missing" "" "the legend names every kind of the run"
is "$(n '<rect class="time"' kinds.svg)" "$(jq -r "$REQ | .kind" "$L" | sort -u | wc -l | tr -d ' ')" \
    "one bar of time per kind"
like "$(n '<text x="[0-9.]+" y="[0-9]+">[0-9.:]+</text>' tl.svg)" '^([3-9]|[1-9][0-9])$' "a time axis with labels"
like "$(head -n 1 tl.svg)" 'viewBox="0 0 700 [0-9]+"' "a fixed width of 700"
like "$(sed -n 2p tl.svg)" "^<title id=\"cgtl-title\">Timeline of the run: $req requests" "a title"
like "$(sed -n 3p tl.svg)" '^<desc id="cgtl-desc">One row per server slot' "... and a description"

# no script draws it: the SVG is in the page as written, with no script
# in it and no event attribute
is "$(grep -ciE '<script|javascript:| on[a-z]+=' tl.svg)" 0 "the timeline holds no script"
awk '/<script/ { s = 1 } /<\/script>/ { s = 0 } /<svg class="cg-timeline"/ { print s + 0 }' "$R" >inscript
is "$(cat inscript)" 0 "... and is in no <script> of report.html"

# the table: re-asks and imperfect files per kind, and all kinds
tot=$(grep -o '<tr class="total"><td>all kinds</td>.*</tr>' "$R" | sed 's/<[^>]*>/ /g' | tr -s ' ')
is "$tot" " all kinds $req $bad $(q 'select(.event == "validate" and .status == "retry")') $(q 'select(.event == "validate" and .status == "imperfect")') $(q 'select(.event == "validate" and .status == "fail")') 0 " \
    "a table of requests, failed attempts, re-asks, imperfect and failed files, cache hits"

# cg-stats --svg: the same timeline, from the same newest run
(cd "$O" && cg-stats --svg "$T/stats.svg" >table) ; ok $? "cg-stats --svg FILE in OUT"
cmp -s stats.svg tl.svg; ok $? "... writes the report's timeline"
like "$(cat "$O/table")" '^kind +calls' "... and still prints the table"
(cd "$O" && cg-stats -g -) >stdout.svg
cmp -s stdout.svg tl.svg; ok $? "cg-stats -g -: the timeline alone on standard output"

# a second run: two files deleted come from the response cache, and a
# prompt edited asks the server again; only this run's lines are drawn,
# and its cache hits are ticks
rm -f "$O/s01/lab.md" "$O/s02/notes.md"
echo "Keep every caption short." >>"$T/prompts/visualization.md"
mk -j4 course >log2 2>&1; ok $? "make course again, two files deleted and a prompt edited"
timeline "$R" >tl2.svg
xmllint --noout tl2.svg 2>err; ok $? "... a well-formed timeline"
hits=$(q 'select(.event == "cache")')
like "$hits" '^[1-9]' "... the files came from the response cache ($hits hits)"
is "$(n '<line class="hit"' tl2.svg)" "$hits" "... one tick per cache hit"
req2=$(q "$REQ") all=$(jq -c "$REQ" "$L" | wc -l | tr -d ' ')
like "$req2" '^[1-9]' "... and requests for the edited prompt ($req2)"
is "$(n '<rect class="req[ "]' tl2.svg)" "$req2" "... one bar per request of the newest run only ($req2 of $all in the log)"
like "$(grep -c 'response cache</text>' tl2.svg)" '^1$' "... the ticks on a row of their own"
(cd "$O" && cg-stats -g -) >stdout2.svg
cmp -s stdout2.svg tl2.svg; ok $? "... and cg-stats draws the same"

# a hand-written log: markup in names is escaped, lines of no run drawn
printf '%s\n' \
 '{"ts":1000,"tool":"cg-gen","target":"s01/<b>&\"x\".md","kind":"a&b","host":"http://h:1","attempt":1,"round":0,"status":"ok","duration":2,"prompt_tokens":5,"eval_tokens":7}' \
 '{"ts":1001,"tool":"cg-gen","target":"s01/y.md","kind":"lab","host":"http://h:1","attempt":1,"round":1,"status":"http_500","duration":1}' \
 '{"event":"cache","ts":1004,"target":"s01/z.md","kind":"lab","status":"hit"}' >hand.jsonl
cg-stats -g hand.svg hand.jsonl >/dev/null 2>err; ok $? "cg-stats -g with a LOGFILE"
xmllint --noout hand.svg 2>err; ok $? "... well-formed with markup in names"
is "$(n '<rect class="req' hand.svg) $(n '<line class="hit"' hand.svg)" "2 1" "... two bars and a tick"
like "$(grep -c '>h:1 #2<' hand.svg)" '^1$' "... two requests at once on a server: two rows, named by it"
: >empty.jsonl
cg-stats -g empty.svg empty.jsonl >/dev/null 2>&1
xmllint --noout empty.svg 2>err; ok $? "an empty log: still an SVG"
like "$(cat empty.svg)" 'No request' "... that says there was nothing"
# a path that is no regular file is written, not replaced
mkfifo fifo
timeout 30 cat fifo >fromfifo & catpid=$!	# a reader, never left waiting
cg-stats -g fifo hand.jsonl >/dev/null 2>err; is $? 0 "cg-stats -g FIFO"
test -p fifo; ok $? "... the FIFO is still one"
test -p fifo || kill $catpid 2>/dev/null
wait $catpid
cmp -s fromfifo hand.svg; ok $? "... and the SVG went through it"
cg-stats -g "$T/hand.svg/x.svg" hand.jsonl >/dev/null 2>err; is $? 73 "an SVG file that cannot be made: exit 73"
like "$(cat err)" 'hand\.svg/x\.svg' "... named"

done_testing
