#!/bin/bash
# cg-site: usage and exit codes, a fixture course (messy diagrams, hostile
# markup, files not generated yet) built into a site, write-if-changed
# re-runs, and the site checked in real headless Chromium from file://
# (tests/site/browse.js) at phone and desktop size: no console errors,
# every diagram drawn and readable, no sideways scroll, search (snippets,
# marks, headings first), quiz, keys, dark mode (and light paper), inert
# hostile content, no remote resources.
. "$CG_ROOT/tests/lib.sh"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$CHROMIUM" ]; then
	if [ "${CI:-}" = true ]; then
		echo "Bail out! chromium is required under CI (apt-get install chromium)"
		exit 1
	fi
	echo "1..0 # SKIP no chromium"
	exit 0
fi
if [ ! -f "$CG_ROOT/site/node_modules/mermaid/dist/mermaid.min.js" ]; then
	if [ "${CI:-}" = true ]; then
		echo "Bail out! vendored site assets missing: run make assets (cd site && npm ci)"
		exit 1
	fi
	echo "1..0 # SKIP vendored site assets not installed (make assets)"
	exit 0
fi
export CHROMIUM

# usage and exit codes
out=$(cg-site -h); ok $? "-h exits 0"
like "$out" '^usage: cg-site \[-hvV\] \[-a teacher\|students\] \[-o dir\] out' "-h prints the usage"
like "$(cg-site -V)" "^cg-site $(cat "$CG_ROOT/VERSION")$" "-V prints the version"
cg-site 2>err; is $? 64 "no argument: exit 64"
cg-site -x out 2>err; is $? 64 "unknown option: exit 64"
mkdir empty
cg-site empty 2>err; is $? 66 "no outline.json: exit 66"
like "$(cat err)" 'outline.json: not found' "... and says so"
mkdir bad1 bad2
printf '{"course":{},"modules":[' >bad1/outline.json
cg-site bad1 2>err; is $? 65 "invalid outline.json: exit 65"
printf '{"course":{},"modules":[{"number":1,"title":"M","sessions":[{"number":1,"title":"S"}]},{"number":2,"title":"N","sessions":[{"number":2,"title":7}]}]}' >bad2/outline.json
cg-site bad2 2>err; is $? 65 "outline.json with a wrong type: exit 65"
like "$(cat err)" 'modules\[1\]\.sessions\[0\]' "... naming the JSON path"
# session 2 given session 1's number: refused (as by cg-plan, cg-export
# and cg-check), naming both places
node "$CG_ROOT/tests/site/mkcourse.js" dup -m 1 -s 2 >/dev/null
node -e 'const fs=require("fs"),o=JSON.parse(fs.readFileSync("dup/outline.json"));o.modules[0].sessions[1].number=1;fs.writeFileSync("dup/outline.json",JSON.stringify(o))'
cg-site dup 2>err; is $? 65 "a session number given twice: exit 65"
like "$(cat err)" '^cg-site: dup/outline.json: not a usable outline' "... naming the outline"
like "$(cat err)" '^modules\[0\]\.sessions\[1\]: session number 1 appears twice \(also modules\[0\]\.sessions\[0\]\)' "... and both places"
node "$CG_ROOT/tests/site/mkcourse.js" tiny -m 1 -s 1 >/dev/null
if [ ! -d /usr/local/share/cg/site ]; then
	mkdir noassets
	(cd noassets && CG_ROOT=$T/noassets cg-site "$T/tiny" 2>"$T/err"); rc=$?
	is "$rc" 69 "vendored assets missing: exit 69"
	like "$(cat err)" 'make assets' "... and says to run make assets"
fi

touch plain
cg-site -o plain/site tiny 2>err; is $? 73 "site directory cannot be created: exit 73"

# the fixture course
node "$CG_ROOT/tests/site/mkcourse.js" c --xss --gaps || { echo "Bail out! fixture generator failed"; exit 1; }
# session 4's diagrams and concept map as the real tools make them from
# cg-sim --quirks replies (fenced, prose around, sloppy syntax)
if command -v cg-sim >/dev/null && command -v cg-diagram >/dev/null && cg-config -o cfg.json 2>/dev/null; then
	start_sim --quirks -m fixture-model:1b
	export CG_URL=$SIM_URL CG_LOG=$T/calls.jsonl
	node -e 'const fs=require("fs");const cfg=JSON.parse(fs.readFileSync("cfg.json"));
		const o=JSON.parse(fs.readFileSync("c/outline.json"));const m=o.modules[1],s=m.sessions[1];
		fs.writeFileSync("c/s04/session.json",JSON.stringify({id:"s04",number:4,
		 course:Object.assign({slug:"systems-thinking-lab",constraints:[]},o.course),
		 module:{number:m.number,title:m.title,description:m.description},session:s,
		 modules:o.modules.map(x=>({number:x.number,title:x.title,description:x.description})),
		 diagrams:3,questions:{multiple_choice:5,options:4,short_answer:3,essay:2},
		 content:cfg.content,llm:{provider:"ollama",model:"fixture-model:1b",options:{}}},null,2)+"\n")'
	qok=0
	for i in 1 2 3; do cg-diagram -f -i $i -o c/s04/diagram-$i.mmd c/s04/session.json 2>>qerr || qok=1; done
	cg-visualization -f -o c/s04/visualization.mmd c/s04/session.json 2>>qerr || qok=1
	ok $qok "s04 diagrams generated from cg-sim --quirks replies"
	[ $qok = 0 ] || sed 's/^/# /' qerr | tail -5
fi
cg-site -v c 2>err; ok $? "cg-site builds the fixture course"
unlike "$(cat err)" 'session.json: id' "session.json ids agree with the outline"
like "$(cat err)" 's02/lab.md: not generated yet' "a missing file is warned about"
unlike "$(cat err)" 'not a usable flowchart' "every messy diagram was recovered"
S=c/site
for f in index.html m01.html m03.html s01.html s01-lecture.html s01-quiz.html s01-all.html s06.html \
    print.html handout.html assets/search-index.js \
    assets/cg.js assets/cg.css assets/mermaid/mermaid.min.js assets/katex/katex.min.js \
    assets/katex/katex.min.css; do
	[ -s "$S/$f" ] || { fail "$f written"; continue; }
done
pass "pages and assets written"
like "$(cat $S/s02-lab.html)" 'Not generated yet' "a missing file shows 'not generated yet'"
is "$(grep -c '<section class="kind' $S/s01-all.html)" 11 "the whole-session page has a section per kind"
is "$(cat $S/s02-diagrams.html $S/s02-concept-map.html | grep -c '<pre class="mermaid"')" 3 "messy diagrams of s02 are embedded as diagrams"
unlike "$(cat $S/*.html)" '(src|srcset|poster|data|action)="(https?:)?//|<link[^>]*href="(https?:)?//' \
	"no page loads a remote resource (outbound links in content are plain links)"
unlike "$(cat $S/*.html)" '<script>window|href="javascript|onerror="' "hostile markup is escaped"
# dollars (pandoc's tex_math_dollars): prices stay text, \$ is a dollar
# sign, $…$ and $$…$$ are maths for KaTeX
like "$(cat $S/s01-lecture.html)" 'The kit costs [$]100, [$]101 and [$]102 at three shops, less a [$]5 coupon; its power is <span class="math">P = V\^2/R</span> and <span class="math display">E = mc\^2</span> holds\.' \
	"prices are text and maths is maths on a page"
like "$(cat $S/s01-quiz.html)" 'The kit costs [$]100, [$]101 and [$]102 \([$]5 off\): which price is <span class="math">x\^2</span>' "... in a quiz question"
like "$(cat $S/assets/search-index.js)" '"[^"]*The kit costs [$]100, [$]101 and [$]102 at three shops, less a [$]5 coupon; its power is P = V\^2/R' "... and in the search index"
like "$(cat $S/print.html)" 'class="print-session"' "print.html holds every session"
is "$(grep -c 'class="print-session"' $S/handout.html)" 6 "handout.html holds every session"
# the handout: no answer, no explanation, no model answer, no guidance from
# any questions.json; the teacher's copy has them all
node -e '
const fs = require("fs"), dir = process.argv[1];
/* the quiz section of each session, as text: where an answer would show */
const quizzes = (f) => {
	const out = {}, re = /<section class="kind kind-quiz" aria-labelledby="(s\d+)-quiz">([\s\S]*?)<\/section>/g;
	let m;
	while ((m = re.exec(fs.readFileSync(f, "utf8"))))
		out[m[1]] = m[2].replace(/<[^>]*>/g, " ").replace(/&#39;/g, "\x27").replace(/&quot;/g, "\"")
			.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/\s+/g, " ");
	return out;
};
const hand = quizzes(dir + "/site/handout.html"), teach = quizzes(dir + "/site/print.html");
const words = (t) => String(t).replace(/[*_`$#>\[\]()|~\\]/g, " ").split(/\s+/).filter(Boolean);
let n = 0, inHand = [], notTeach = [];
for (const d of fs.readdirSync(dir).filter((d) => /^s\d+$/.test(d))) {
	let q; try { q = JSON.parse(fs.readFileSync(dir + "/" + d + "/questions.json", "utf8")); } catch (e) { continue; }
	const secret = [].concat((q.multiple_choice || []).map((x) => x.explanation),
		(q.short_answer || []).map((x) => x.answer), (q.essay || []).map((x) => x.guidance));
	for (const t of secret) {
		const w = words(t);
		if (w.length < 4) continue;
		n++;
		/* its first and its last twelve words */
		for (const run of [w.slice(0, 12).join(" "), w.slice(-12).join(" ")])
			if ((hand[d] || "").includes(run)) { inHand.push(d + ": " + run); break; }
		if (!(hand[d] || "").length || !(teach[d] || "").includes(w.slice(0, Math.min(6, w.length)).join(" "))) notTeach.push(d + ": " + w.slice(0, 6).join(" "));
	}
}
console.log(n + "\t" + inHand.slice(0, 3).join(" | ") + "\t" + notTeach.slice(0, 3).join(" | "));
' c >answers.out
IFS='	' read -r nsecret inhand notteach <answers.out
[ "${nsecret:-0}" -gt 10 ]; ok $? "answers, explanations and guidance to look for ($nsecret)"
is "$inhand" "" "handout.html holds no answer, explanation or guidance text"
is "$notteach" "" "print.html (the teacher's copy) holds every one of them"
unlike "$(cat $S/handout.html)" 'class="opt correct"|class="explain"|Show model answer|Show what a good answer' "handout.html marks no answer and hides nothing to open"
like "$(cat $S/handout.html)" 'class="answer-lines"' "handout.html has lines to write answers on"
is "$(grep -c 'class="print-module"' $S/print.html)" 3 "print.html names each module once"
unlike "$(cat $S/print.html)" 'Part of <a href' "print.html does not repeat the module per session"
like "$(cat $S/assets/search-index.js)" '^window.CG_SEARCH=' "the search index is a script"
sz=$(ls $S/s[0-9]*.html | grep -v -- -all.html | xargs wc -c | sort -n | sed -n 'x;$p' | awk '{print $1}')
[ "$sz" -lt 102400 ]; ok $? "every session part page is under 100 KB (largest: $sz bytes)"

# write-if-changed: nothing changes -> nothing rewritten; one session -> its pages
touch -d '-1 min' marker
find c/site -type f -exec touch -d '-2 min' {} +
cg-site -v c 2>err; ok $? "re-run"
is "$(find c/site -type f -newer marker | wc -l)" 0 "a re-run with no change rewrites nothing"
like "$(cat err)" ' 0 of [0-9]+ pages and 0 of [0-9]+ assets rewritten' "... and says so"
echo "An added closing paragraph about a common pangolin." >>c/s03/lab.md
touch -d '+1 min' c/s03/lab.md
cg-site c 2>/dev/null
got=$(cd c/site && find . -type f -newer ../../marker | sed 's|^\./||' | sort | tr '\n' ' ')
want=$(cd c/site && { ls s03.html s03-*.html; echo assets/search-index.js; echo handout.html index.html m02.html print.html report.html; } | sort | tr '\n' ' ')
is "$got" "$want" \
	"one session changed: only its pages, its module, index, print pages, the report and search rewritten"
# session ids: the directory is cg_outline_sid's; a session.json that
# says otherwise is warned about
cp c/s01/session.json s01.json
sed -i 's/"id": "s01"/"id": "s1"/' c/s01/session.json
cg-site c 2>err
like "$(cat err)" 's01/session.json: id "s1" is not s01' "a session.json with another id is warned about"
cp s01.json c/s01/session.json
touch c/site/s99.html c/site/s99-lab.html
cg-site c 2>/dev/null
[ ! -e c/site/s99.html ] && [ ! -e c/site/s99-lab.html ]; ok $? "pages of sessions no longer in the outline are removed"

# page templates: a copy named by site.templates is used; values stay
# escaped; a broken template is a data error naming file, line, column
cp -R c tc && rm -rf tc/site && cp -R "$CG_ROOT/site/templates" mytmpl
sed -i 's|<main id="main" tabindex="-1">|<main id="main" tabindex="-1"><p class="house">House style for {{course}}</p>|' mytmpl/frame.html
node -e 'const fs=require("fs");const c=JSON.parse(fs.readFileSync("tc/course.json"));c.site={templates:process.argv[1]};
	fs.writeFileSync("tc/course.json",JSON.stringify(c))' "$T/mytmpl"
node -e 'const fs=require("fs");const o=JSON.parse(fs.readFileSync("tc/outline.json"));o.course.name="Fish & <Chips>";o.modules[0].title="<i>Eels</i> & co";
	fs.writeFileSync("tc/outline.json",JSON.stringify(o))'
cg-site tc 2>err; ok $? "cg-site builds with the templates named by site.templates"
like "$(cat tc/site/s01-lab.html)" '<p class="house">House style for Fish &amp; &lt;Chips&gt;</p>' \
	"... its pages come from them, with the values escaped"
unlike "$(cat tc/site/*.html)" '<i>Eels</i>' "a module title is escaped everywhere (sidebar, contents, lists)"
like "$(cat tc/site/index.html)" 'href="#m01">Module 1: &lt;i&gt;Eels&lt;/i&gt; &amp;amp; co</a>|href="#m01">Module 1: &lt;i&gt;Eels&lt;/i&gt; &amp; co</a>' "... and named in the contents"
printf '{{#if course}}\nnever closed\n' >mytmpl/part.html
cg-site tc 2>err; is $? 65 "a broken template: exit 65"
like "$(cat err)" 'mytmpl/part.html:1:[0-9]+:' "... naming the file, line and column"

# the teacher's report: each failed file with its reason and the last
# attempt's problems, each imperfect one with all its problems and what
# cg mended, files only mended, cg-check's verdicts, the re-asks and the
# budget; nothing of it on a learner's page
cp -R c rc && rm -rf rc/site rc/s03/extension.md
rm rc/s03/lab.md
printf 's03/lab.md: no usable reply in 3 attempts; giving up\ntoo short: 5 words, asked 600-900\nmissing heading "## Materials"\n' >rc/s03/.lab.md.failed
printf 'only 2 sections (asked 3-5)\nno "## Summary" heading\n' >rc/s01/.notes.md.imperfect
printf 'heading "**3. Materials**" made "## Materials"\nheading "## Summary (82 words)" made "## Summary"\n' >rc/s01/.notes.md.mended
printf 'heading "**Key Ideas**" made "## Key Ideas"\n' >rc/s04/.lab.md.mended
printf '\nAs Module 9 shows, this matters.\n' >>rc/s05/integration.md
node -e 'const fs=require("fs");const f="rc/s05/session.json";const s=JSON.parse(fs.readFileSync(f));
	s.modules=JSON.parse(fs.readFileSync("rc/outline.json")).modules.map(m=>({number:m.number,title:m.title}));
	fs.writeFileSync(f,JSON.stringify(s))'
mkdir rc/log
for st in retry retry ok retry imperfect fail ok; do
	printf '{"event":"validate","tool":"cg-lab","kind":"lab","target":"x","round":1,"status":"%s","problems":[],"warnings":[]}\n' $st
done >rc/log/calls.jsonl
printf '{"ts":1,"tool":"cg-lab","status":"ok"}\n' >>rc/log/calls.jsonl
cg-site rc 2>/dev/null; ok $? "cg-site builds a course with notes beside its files"
R=$(cat rc/site/report.html)
like "$R" '<td>s03/lab.md</td><td>failed</td><td>s03/lab.md: no usable reply in 3 attempts; giving up<p>The last attempt&#39;s problems:</p><ul><li>too short: 5 words, asked 600-900</li><li>missing heading &quot;## Materials&quot;</li></ul></td>' \
	"report: a failed file, its reason and the last attempt's problems"
like "$R" '<td>s01/notes.md</td><td>imperfect</td><td><ul><li>only 2 sections \(asked 3-5\)</li><li>no &quot;## Summary&quot; heading</li></ul><p>Mended by cg:</p><ul><li>heading &quot;\*\*3. Materials\*\*&quot; made &quot;## Materials&quot;</li><li>heading &quot;## Summary \(82 words\)&quot; made &quot;## Summary&quot;</li></ul>' \
	"report: an imperfect file, all its problems and what was mended"
like "$R" '<td>s04/lab.md</td><td>mended</td><td><p>Mended by cg:</p><ul><li>heading &quot;\*\*Key Ideas\*\*&quot; made &quot;## Key Ideas&quot;</li></ul>' \
	"report: a file only mended is listed as mended"
like "$R" '<td>s03/extension.md</td><td>not generated yet</td>' "report: a file not generated yet"
like "$R" '<td>s05/integration.md</td><td>warnings</td><td><p>cg-check:</p><ul><li>[^<]*Module 9' "report: cg-check's warnings"
like "$R" 'Re-asks: 3 of 7 requests \(43%\) for 4 generated files' "report: the re-asks of the course"
cp rc/log/calls.jsonl calls.keep
{ for st in retry retry ok; do
	printf '{"run":76,"ts":2,"event":"validate","tool":"cg-lab","kind":"lab","target":"x","round":1,"status":"%s"}\n' $st
done; for st in retry ok ok; do
	printf '{"run":77,"ts":5,"event":"validate","tool":"cg-lab","kind":"lab","target":"x","round":1,"status":"%s"}\n' $st
done; } >rc/log/calls.jsonl
cg-site rc 2>/dev/null
like "$(cat rc/site/report.html)" 'Re-asks: 1 of 3 requests \(33%\) for 2 generated files' "report: the re-asks of the newest run only"
cp calls.keep rc/log/calls.jsonl
cg-site rc 2>/dev/null
unlike "$R" 'Budget' "report: no budget when llm.reask_budget is not set"
node -e 'const fs=require("fs");const c=JSON.parse(fs.readFileSync("rc/course.json"));c.llm.reask_budget=0.25;fs.writeFileSync("rc/course.json",JSON.stringify(c))'
cg-site rc 2>/dev/null
like "$(cat rc/site/report.html)" 'Budget: 25% of a run&#39;s requests \(llm.reask_budget 0.25\)|Budget: 25% of a run.s requests \(llm.reask_budget 0.25\)' "report: the budget when it is set"
is "$(grep -l 'Materials&quot;\|Key Ideas&quot;\|only 2 sections' rc/site/*.html rc/site/assets/*.js | grep -vc report.html)" 0 \
	"no learner page holds the report's problems"
is "$(grep -l 'report.html' rc/site/*.html | grep -vc report.html)" 0 "no course page links to the report"

# the real browser, from file://
node "$CG_ROOT/tests/site/browse.js" "$S" "$T/profile" --xss s06-all \
	--search quokka=s03 --search quokkaspeak=s05 --search pangolin=s03 \
	--search numbat=s06 --search "quokkas "=s03 --snippet wombat=s04-lecture >browse.out 2>browse.err
rc=$?
while IFS= read -r line; do
	case $line in
	"ok - "*) pass "${line#ok - }" ;;
	"not ok - "*) fail "${line#not ok - }" ;;
	"#"*) echo "$line" ;;
	esac
done <browse.out
[ "$rc" = 0 ] || { diag "browse.js exit $rc"; sed 's/^/# /' browse.err | tail -5; }
ok "$rc" "browser checks pass"
done_testing
