#!/usr/bin/env node
/* mkcourse.js — write a generated-looking course directory without an LLM,
 * for the site test and the site benchmark.
 *
 *   node mkcourse.js OUT [-m MODULES] [-s SESSIONS_PER_MODULE] [--xss] [--gaps]
 *
 * OUT gets course.json, outline.json and sNN/ with every content kind at
 * about the median sizes real models produce (QUIRKS.md "Sizes"): markdown
 * with headings, lists, tables, task lists, code, $math$, links; diagram
 * files in strict syntax and, in session 2, in the messy forms models send
 * (fences, prose around, unquoted parentheses, odd arrows, an unclosed
 * subgraph); questions.json.  Text is pseudo-random but deterministic.
 * --xss puts hostile markup into the last session; --gaps leaves some
 * files out (not generated yet).  Marker words for the search test:
 * "quokka" occurs only in session 3 (once); "quokkaspeak" only in session
 * 5 (many times); "wombat" only in the last section of session 4's
 * lecture; "numbat" in a heading of session 6's lecture and many times in
 * the body of session 2's notes; "common" everywhere.  Session 1 has
 * prices beside maths ("$100, $101 and $102", a "\\$5" coupon, $P$,
 * $$E$$) in its lecture and in its second question.  Session 1's concept map is a wide
 * seven-node chain (left to right).
 */
"use strict";
const fs = require("fs");
const path = require("path");

const args = process.argv.slice(2);
let out = null, nmod = 3, nper = 2, xss = false, gaps = false;
for (let i = 0; i < args.length; i++) {
	if (args[i] === "-m") nmod = +args[++i];
	else if (args[i] === "-s") nper = +args[++i];
	else if (args[i] === "--xss") xss = true;
	else if (args[i] === "--gaps") gaps = true;
	else out = args[i];
}
if (!out) {
	process.stderr.write("usage: mkcourse.js OUT [-m modules] [-s sessions] [--xss] [--gaps]\n");
	process.exit(64);
}

let seed = 12345;
function rnd() { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; }
function pick(a) { return a[Math.floor(rnd() * a.length)]; }
const WORDS = ("energy system model process structure function signal pattern data " +
	"cell network feedback variable measure result theory method sample evidence " +
	"interaction balance transfer gradient response mechanism analysis observation " +
	"hypothesis experiment control factor rate change level concept example common " +
	"relationship estimate population distribution probability outcome constraint " +
	"design principle cycle equilibrium transport membrane protein gene expression " +
	"regulation pathway resource environment adaptation selection inference").split(" ");
/* function words keep the average word length near real English prose */
const SHORT = "the of and to in a is that for it as with be on by this are from at or an we can each one".split(" ");
function sentence(n) {
	const w = [];
	for (let i = 0; i < n; i++) w.push(i && rnd() < 0.5 ? pick(SHORT) : pick(WORDS));
	w[0] = w[0][0].toUpperCase() + w[0].slice(1);
	return w.join(" ") + ".";
}
function para(words) {
	const s = [];
	let n = 0;
	while (n < words) { const k = 8 + Math.floor(rnd() * 10); s.push(sentence(k)); n += k; }
	return s.join(" ");
}
function prose(title, words, extra) {
	let t = `# ${title}\n\n${para(60)}\n\n`;
	let n = 60, sec = 1;
	while (n < words) {
		t += `## Part ${sec}: ${pick(WORDS)} and ${pick(WORDS)}\n\n${para(80)}\n\n`;
		if (sec % 3 === 1) t += `- **${pick(WORDS)}**: ${sentence(10)}\n- *${pick(WORDS)}*: ${sentence(9)}\n- ${sentence(7)}\n\n`;
		if (sec % 3 === 2) t += `| Term | Meaning | Example |\n|:-----|:-------:|--------:|\n| ${pick(WORDS)} | ${sentence(5)} | ${pick(WORDS)} |\n| ${pick(WORDS)} | ${sentence(4)} | $x_${sec}^2$ |\n\n`;
		if (sec % 3 === 0) t += `### Worked step\n\n${para(40)} The rate is $r = \\frac{\\Delta y}{\\Delta t}$ and ~~not~~ constant.\n\n`;
		n += 110;
		sec++;
	}
	return t + (extra || "");
}
function diagram(k, title) {
	const a = pick(WORDS), b = pick(WORDS), c = pick(WORDS), d = pick(WORDS);
	return `flowchart TD\n    A["${title} ${k}"] --> B["${a}"]\n    B -->|"drives"| C["${b} & ${c}"]\n` +
		`    C --> D{"${d}?"}\n    D -->|"yes"| E["${a} result"]\n    D -.-> F["${c} (feedback)"]\n` +
		`    subgraph S${k} ["${b} stage"]\n        E --> G["${d} output"]\n    end\n    F --> A\n`;
}
/* A wide diagram: scaled to a phone's width its text would be unreadable. */
const WIDE = "flowchart LR\n" + ["Observation of the system", "Question about the cause",
	"Hypothesis to be tested", "Controlled experiment", "Measured result data",
	"Analysis of the evidence", "Revised general theory"].map((t, i) =>
	`    N${i}["${t}"]` + (i ? `\n    N${i - 1} --> N${i}` : "")).join("\n") + "\n";
/* What models really send (QUIRKS.md "Mermaid"); cg-site must recover them. */
const MESSY = [
	"Here's a diagram of the process:\n\n```mermaid\ngraph TD;\n    A[Attention (Self-Attention)] --> B{Update (Prior)};\n    B -->|yes| C[Posterior P(A|B)];\n    B --> D[Gene Expression};\n    style A fill:#f9f\n```\n\n**Explanation:** the model updates its belief.\n",
	"```mermaid\nflowchart LR\n    X[Input] -->> Y[Layer]\n    Y ---.-> Z[Output]\n    Z -- feeds --> X\n    subgraph Net\n        Y --> W[Weights]\n",
	"graph TD\n    A[“Curly quotes” – and dashes] --> B[Step: one & two]\n    B --> C(Result)\n    linkStyle 0 stroke:#f00\n    C --> A",
];

const modules = [];
let snum = 0;
for (let m = 1; m <= nmod; m++) {
	const sessions = [];
	for (let k = 1; k <= nper; k++) {
		snum++;
		sessions.push({
			number: snum,
			title: (function () { const a = pick(WORDS); return `${a[0].toUpperCase()}${a.slice(1)} and ${pick(WORDS)} in practice ${snum}`; })(),
			subtopics: [sentence(3), sentence(4), sentence(3)],
			objectives: [sentence(7), sentence(6), sentence(8)],
			key_concepts: [pick(WORDS), pick(WORDS), pick(WORDS)],
			rationale: sentence(14),
		});
	}
	modules.push({ number: m, title: `Module theme ${pick(WORDS)} ${m}`, description: sentence(16), sessions });
}
if (xss) modules[nmod - 1].sessions[nper - 1].title = "Safety <script>window.__pwned=11</script> check";
const course = { name: "Systems Thinking Lab", subject: "systems biology", level: "undergraduate",
	description: "A course on " + para(30), language: "English", duration_weeks: nmod * 2 };
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "outline.json"), JSON.stringify({ course, modules }, null, 2) + "\n");
fs.writeFileSync(path.join(out, "course.json"), JSON.stringify({
	course: Object.assign({ slug: "systems-thinking-lab", modules: nmod, sessions: snum, diagrams_per_session: 3 }, course),
	llm: { provider: "ollama", url: "http://127.0.0.1:11434", model: "fixture-model:1b" },
	content: {},
}, null, 2) + "\n");

function w(dir, name, text) { fs.writeFileSync(path.join(dir, name), text); }
const XSS = "\n## Hostile content\n\n<script>window.__pwned=1</script>\n\n" +
	"Inline <img src=x onerror=\"window.__pwned=2\"> image and <b onclick=\"window.__pwned=3\">bold</b>.\n\n" +
	"[click me](javascript:window.__pwned=4) and [encoded](&#106;avascript:window.__pwned=5) and " +
	"[vb](vbscript:msgbox) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==).\n\n" +
	"![remote](http://example.invalid/track.png) <iframe src=\"http://example.invalid/\"></iframe>\n\n" +
	"<a href=\"javascript:window.__pwned=6\">raw anchor</a> <svg onload=\"window.__pwned=7\"></svg>\n\n" +
	"```mermaid\nflowchart TD\n    A[\"<img src=x onerror=window.__pwned=8>\"] --> B[\"<script>window.__pwned=9</script>\"]\n```\n";

for (const mod of modules) for (const s of mod.sessions) {
	const id = "s" + String(s.number).padStart(2, "0");
	const dir = path.join(out, id);
	fs.mkdirSync(dir, { recursive: true });
	const isx = xss && s === modules[nmod - 1].sessions[nper - 1];
	w(dir, "session.json", JSON.stringify({ id, number: s.number, session: s, diagrams: 3,
		llm: { provider: "ollama", model: "fixture-model:1b" } }, null, 2) + "\n");
	let lecExtra = "\n## Further reading\n\nSee the [lab](#lab), the [next session](s02.html) and " +
		"[an outside source](https://example.org/reading) for a common thread.\n\n" +
		"- [x] read the lecture\n- [ ] try the lab\n\n```python\nprint('common ground')\n```\n\n> A quote about " + pick(WORDS) + ".\n";
	if (s.number === 1) lecExtra += "\n## Prices\n\nThe kit costs $100, $101 and $102 at three shops, " +
		"less a \\$5 coupon; its power is $P = V^2/R$ and $$E = mc^2$$ holds.\n";
	if (s.number === 4) lecExtra += "\n## Closing thoughts\n\nA wombat digs the last burrow of this lecture.\n";
	if (s.number === 6) lecExtra += "\n## Numbat habitats\n\nThe termite eaters of the open woodland, at length. " +
		"Woodland floors, fallen logs, hollow branches and warm afternoons, season after season, year after year.\n";
	if (s.number === 5) lecExtra += "\n" + "Quokkaspeak is a made-up jargon; quokkaspeak again, quokkaspeak and quokkaspeak.\n";
	if (isx) lecExtra += XSS;
	w(dir, "lecture.md", prose(`Lecture: ${s.title}`, 1070, lecExtra));
	if (!(gaps && s.number === 2)) w(dir, "lab.md", prose(`Lab: ${s.title}`, 740));
	w(dir, "notes.md", prose(`Study notes`, 450, s.number === 3 ? "\nA quokka appears in this note only.\n" :
		s.number === 2 ? "\n## Burrowing marsupials\n\nNumbat, numbat, numbat, numbat: the numbat, a numbat, one more numbat.\n" : ""));
	for (let k = 1; k <= 3; k++) {
		if (gaps && s.number === 2 && k === 3) continue;
		w(dir, `diagram-${k}.mmd`, s.number === 2 ? MESSY[k - 1] : diagram(k, pick(WORDS)));
	}
	const q = { session: s.number, title: s.title, multiple_choice: [], short_answer: [], essay: [] };
	for (let i = 0; i < 5; i++)
		q.multiple_choice.push({ question: `Which ${pick(WORDS)} best explains the ${pick(WORDS)} $k_${i}$?`,
			options: [sentence(4), sentence(5), sentence(4), sentence(6)], answer: "ABCD"[i % 4],
			explanation: sentence(18) });
	for (let i = 0; i < 3; i++)
		q.short_answer.push({ question: `Describe the ${pick(WORDS)} of ${pick(WORDS)}.`, answer: para(40) });
	for (let i = 0; i < 2; i++)
		q.essay.push({ question: `Discuss how ${pick(WORDS)} shapes ${pick(WORDS)}.`, guidance: para(50) });
	if (s.number === 1) {
		q.multiple_choice[1].question = "The kit costs $100, $101 and $102 (\\$5 off): which price is $x^2$ for $x = 10$?";
		q.multiple_choice[1].options[0] = "$100";
		q.multiple_choice[1].options[1] = "$$x^2 = 100$$";
	}
	if (isx) q.multiple_choice[0].question = "Is </script><script>window.__pwned=10</script> inert?";
	w(dir, "questions.json", JSON.stringify(q, null, 2) + "\n");
	w(dir, "questions.md", "# Questions\n");
	w(dir, "application.md", prose("Applications", 750));
	w(dir, "extension.md", prose("Extensions", 530));
	w(dir, "visualization.mmd", s.number === 1 ? WIDE : diagram(9, "concepts"));
	w(dir, "integration.md", prose("Integration", 550));
	if (!(gaps && s.number === 2)) w(dir, "investigation.md", prose("Investigations", 750));
	w(dir, "open-questions.md", prose("Open questions", 300));
	w(dir, ".lecture.md.sum", "0".repeat(64) + "\n");
}
