#!/bin/bash
# make pdf: the paper (site.paper, or the course language's region: A4
# outside the US and Canada, letter for plain "en"), page numbers in every
# page's footer, a PDF bookmark for each module and session, and nothing
# of the screen (no "Show model answer" toggle, the answers shown) in the
# teacher's copy.  Reads the PDFs with pdfinfo and pdftotext (poppler-utils).
. "$CG_ROOT/tests/lib.sh"

# the paper cg-site -p names
node "$CG_ROOT/tests/site/mkcourse.js" c -m 2 -s 1 >/dev/null || { echo "Bail out! fixture generator failed"; exit 1; }
setc() { node -e 'const fs=require("fs"),[f,lang,paper]=process.argv.slice(1);const c=JSON.parse(fs.readFileSync(f));
	c.course.language=lang;if(paper)c.site={paper:paper};else delete c.site;fs.writeFileSync(f,JSON.stringify(c,null,2))' "$@"; }
for lp in en:letter English:letter en-US:letter en-GB:a4 en-AU:a4 fr-CA:letter es-US:letter es:a4 German:a4 \
    pt-BR:a4 zh-CN:a4 "de=Letter:letter" "en-US=a4:a4"; do
	l=${lp%:*} want=${lp##*:}
	setc c/course.json "${l%%=*}" "$(case $l in *=*) echo "${l#*=}";; esac)"
	is "$(cg-site -p c 2>&1)" "$want" "cg-site -p: language ${l%%=*}${l#"${l%%=*}"} prints $want"
done
setc c/course.json en-GB a5
cg-site -p c 2>err; is $? 65 "site.paper: a5: exit 65"
like "$(cat err)" '^cg-site: c/course.json: site.paper: must be "a4" or "letter", not "a5"' "... naming the file, the key and the value"
setc c/course.json en-GB 4
cg-site -p c 2>err; is $? 65 "site.paper not a string: exit 65"
mkdir none
cg-site -p none 2>/dev/null; is $? 66 "no course.json: exit 66"
printf 'subject: Optics\nlanguage: en-GB\nsite:\n  paper: letter\n' >k.yaml
is "$(cg-config -g site.paper k.yaml 2>err)" letter "cg-config knows site.paper"
is "$(cat err)" "" "... without a warning"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$CHROMIUM" ] || ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null ||
    [ ! -f "$CG_ROOT/site/node_modules/mermaid/dist/mermaid.min.js" ]; then
	if [ "${CI:-}" = true ]; then echo "Bail out! chromium, poppler-utils and the vendored assets are required under CI"; exit 1; fi
	diag "no chromium, pdfinfo/pdftotext or vendored assets: make pdf not checked"
	done_testing
fi
export CHROMIUM
mk() { make -s -C "$CG_ROOT" -f Course.mk BIN="$CG_BIN" OUT="$T/c" "$@"; }

# an A4 course: British English
setc c/course.json en-GB
mk pdf >out 2>err; ok $? "make pdf"
[ $? = 0 ] || sed 's/^/# /' err | tail -5
like "$(cat out)" 'wrote .*/course\.pdf \(a4\)' "... says the paper it printed on"
for f in course handout; do
	pdfinfo c/$f.pdf >$f.info 2>&1
	like "$(cat $f.info)" 'Page size: +59[45](\.[0-9]+)? x 84[12](\.[0-9]+)? pts \(A4\)' "$f.pdf is A4"
	n=$(sed -n 's/^Pages: *//p' $f.info)
	[ "${n:-0}" -gt 2 ]; ok $? "$f.pdf has pages ($n)"
	pdftotext -layout c/$f.pdf $f.txt
	# the footer of every page: "K / N"
	got=$(grep -cE "^ +[0-9]+ / $n *$" $f.txt)
	is "$got" "$n" "$f.pdf numbers every page in its footer (K / $n)"
	like "$(grep -E "^ +[0-9]+ / $n *$" $f.txt | sed -n '1p;$p' | tr -s ' ' | tr '\n' '|')" "^ 1 / $n\| $n / $n\|$" "... from 1 to $n"
	# the bookmarks: the document outline, a title for each module and session
	grep -aq '/Outlines' c/$f.pdf; ok $? "$f.pdf has bookmarks (/Outlines)"
	node -e '
		const d = require("fs").readFileSync(process.argv[1]).toString("latin1");
		const t = [...d.matchAll(/\/Title\s*(\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f]*>)/g)].map((m) => {
			const s = m[1];
			if (s[0] === "(") return s.slice(1, -1);
			const b = Buffer.from(s.slice(1, -1), "hex");
			return b[0] === 0xfe && b[1] === 0xff ? b.slice(2).swap16().toString("utf16le") : b.toString("latin1");
		});
		console.log(t.filter((x) => /^(Module|Session) \d+:/.test(x)).sort().join("|"));' c/$f.pdf >$f.marks
	like "$(cat $f.marks)" '^Module 1: [^|]+\|Module 2: [^|]+\|Session 1: [^|]+\|Session 2: [^|]+$' "$f.pdf: a bookmark for each module and session"
done
pdftotext c/course.pdf - | tr -s ' \n' '  ' >teacher.txt
unlike "$(cat teacher.txt)" 'Show model answer|Show what a good answer' "the teacher's copy prints no screen toggle"
a=$(node -e 'const q=JSON.parse(require("fs").readFileSync("c/s01/questions.json"));
	console.log(q.short_answer[0].answer.replace(/[*_`$]/g,"").split(/\s+/).slice(0,5).join(" "))')
like "$(cat teacher.txt)" "$a" "... and shows the model answers (\"$a\")"
is "$(ls -A c/site | grep -c '^\.pdf')" 0 "no copy of a page is left in the site"

# site.paper: letter, whatever the language
setc c/course.json en-GB letter
rm c/*.pdf
mk pdf >out 2>err; ok $? "make pdf with site.paper: letter"
like "$(pdfinfo c/handout.pdf)" 'Page size: +612(\.[0-9]+)? x 792(\.[0-9]+)? pts \(letter\)' "... is letter"
# a bad site.paper: make pdf says so, and stops
setc c/course.json en-GB a3
rm c/*.pdf
mk pdf >out 2>err; [ $? != 0 ]; ok $? "make pdf with site.paper: a3 fails"
like "$(cat err)" 'site\.paper: must be "a4" or "letter", not "a3"' "... saying why"
[ ! -e c/handout.pdf ] && [ ! -e c/course.pdf ]; ok $? "... and writes no PDF"
done_testing
