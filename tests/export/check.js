#!/usr/bin/env node
/* check.js — compare cg-export output with the questions.json it came
 * from, for tests/0800-export.t.  Prints "ok - …" / "not ok - …" lines.
 *
 *   node check.js gift SRC DUMP    DUMP: giftread.pl's JSON lines
 *   node check.js anki SRC FILE    FILE: the Anki import file
 *
 * SRC is a course directory (every sNN/questions.json, in outline order)
 * or one questions.json.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const [mode, src, file] = process.argv.slice(2);

function quizzes() {
	if (!fs.statSync(src).isDirectory()) {
		const q = JSON.parse(fs.readFileSync(src, "utf8"));
		return [[q.session ? "s" + String(q.session).padStart(2, "0") : "quiz", q, q.title || "Quiz"]];
	}
	const o = JSON.parse(fs.readFileSync(path.join(src, "outline.json"), "utf8"));
	const out = [];
	for (const m of o.modules) for (const s of m.sessions) {
		const id = "s" + String(s.number).padStart(2, "0"), f = path.join(src, id, "questions.json");
		if (fs.existsSync(f)) out.push([id, JSON.parse(fs.readFileSync(f, "utf8")), s.title]);
	}
	return out;
}
/* every question, as the exports must carry it */
function expected() {
	const e = [];
	for (const [id, q, title] of quizzes()) {
		(q.multiple_choice || []).forEach((x, i) => e.push({ name: `${id}-mc${i + 1}`, type: "mc", title, question: x.question,
			options: x.options, answer: x.answer, feedback: x.options.map((o, k) => (x.feedback || [])[k] || ""), general: x.explanation || "" }));
		(q.short_answer || []).forEach((x, i) => e.push({ name: `${id}-sa${i + 1}`, type: "essay", title, question: x.question, general: x.answer }));
		(q.essay || []).forEach((x, i) => e.push({ name: `${id}-es${i + 1}`, type: "essay", title, question: x.question, general: x.guidance }));
	}
	return e;
}
/* GIFT carries HTML (the markdown rendered as the site shows it): what
 * a reader sees of it, and of the markdown it came from, compared with
 * white space collapsed and markdown's backslash escapes taken. */
const shown = (h) => (h || "").replace(/<[^>]*>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
	.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#(\d+);/g, (m, n) => String.fromCodePoint(+n))
	.replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
const plain = (t) => (t || "").replace(/\\([!-\/:-@\[-`{-~])/g, "$1").replace(/\s+/g, " ").trim();
let bad = 0;
function ok(c, name, detail) {
	console.log((c ? "ok - " : "not ok - ") + name);
	if (!c) { bad++; if (detail) console.log("#   " + detail.split("\n").slice(0, 10).join("\n#   ")); }
}
const want = expected();
if (mode === "gift") {
	const got = fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
	ok(got.length === want.length, `GIFT holds all ${want.length} questions`, `got ${got.length}`);
	const diffs = [];
	want.forEach((w, i) => {
		const g = got[i] || {};
		for (const k of ["name", "type"])
			if (g[k] !== w[k]) diffs.push(`${w.name}.${k}: got ${JSON.stringify(g[k])} want ${JSON.stringify(w[k])}`);
		for (const k of ["question", "general"])
			if (shown(g[k]) !== plain(w[k])) diffs.push(`${w.name}.${k}: got ${JSON.stringify(g[k])} want ${JSON.stringify(w[k])}`);
		if (w.type === "mc") {
			if (g.answer !== w.answer) diffs.push(`${w.name}.answer: got ${JSON.stringify(g.answer)} want ${JSON.stringify(w.answer)}`);
			for (const k of ["options", "feedback"])
				if (JSON.stringify((g[k] || []).map(shown)) !== JSON.stringify(w[k].map(plain)))
					diffs.push(`${w.name}.${k}: got ${JSON.stringify(g[k])} want ${JSON.stringify(w[k])}`);
		}
		if (g.category !== undefined && !g.category.includes(w.title.replace(/\//g, "//")))
			diffs.push(`${w.name}.category ${JSON.stringify(g.category)} lacks the session title`);
	});
	ok(diffs.length === 0, "GIFT read back gives every name, stem, option, answer and feedback of questions.json, as the site shows them", diffs.join("\n"));
} else if (mode === "anki") {
	const lines = fs.readFileSync(file, "utf8").split("\n");
	if (lines[lines.length - 1] === "") lines.pop();
	const head = lines.filter((l) => l.startsWith("#")), cards = lines.filter((l) => !l.startsWith("#"));
	ok(head.includes("#separator:tab") && head.includes("#html:true") && head.includes("#tags column:3"), "Anki header lines", head.join(" | "));
	const wrong = cards.filter((l) => l.split("\t").length !== 3);
	ok(wrong.length === 0, `every Anki card line has 3 columns (${cards.length} cards)`, wrong.slice(0, 3).join("\n"));
	const dec = (s) => s.replace(/<br>/g, "\n").replace(/&#9;/g, "\t").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
		.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
	const fronts = cards.map((l) => l.split("\t")).map((f) => [dec(f[0]), dec(f[1]), f[2]]);
	const miss = [];
	for (const w of want) {
		const tag = "cg::" + w.name.split("-")[0];
		const c = fronts.find((f) => f[2] === tag && (f[0] === w.question || f[0].startsWith(w.question + "\nA) ")));
		if (!c) { miss.push(w.name + ": no card"); continue; }
		if (w.type === "mc") {
			const k = w.answer.charCodeAt(0) - 65;
			if (!c[1].startsWith(`${w.answer}) ${w.options[k]}`) || !c[1].includes(w.general)) miss.push(w.name + ": back " + JSON.stringify(c[1]));
		} else if (c[1] !== w.general) miss.push(w.name + ": back " + JSON.stringify(c[1]));
	}
	ok(miss.length === 0, `a card per question (${want.length}) with its text intact`, miss.join("\n"));
	console.log("CARDS " + cards.length + " QUESTIONS " + want.length);
}
process.exit(bad ? 1 : 0);
