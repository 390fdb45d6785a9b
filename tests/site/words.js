#!/usr/bin/env node
/* words.js — check a course site's own words and its students' edition
 * in real headless Chromium (cdp.js).
 *
 *   node words.js labels SITE_DIR PROFILE_DIR LANG_YAML EN_YAML
 *   node words.js students SITE_DIR PROFILE_DIR ANSWERS_JSON
 *
 * labels: every page of a sample (index, a module, a session's overview,
 * a part, its quiz, the whole session, the handout) at 390 and 1280 px:
 * each text and label of the site's chrome (bars, navigation, quiz
 * controls, headings the site adds — not the course's content) is not an
 * English label of EN_YAML unless the language's table says the same;
 * the theme toggle, the progress line and the quiz's feedback after a
 * click say what LANG_YAML says; a table with dir: rtl gives pages with
 * dir="rtl" whose sidebar is on the right at desktop width.
 * students: ANSWERS_JSON is a list of texts (explanations, model answers,
 * guidance) none of which a page of SITE_DIR shows or holds before an
 * answer is given; answering the first question of s01-quiz.html shows
 * its explanation (the list's first text).
 * Prints "ok - …" / "not ok - …" lines; exit 0 when all passed.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { launch } = require("./cdp");

const [mode, siteArg, profile, a1, a2] = process.argv.slice(2);
const site = path.resolve(siteArg);
const { ok, failures } = require("./cdp").checks();

/* a flat key: "text" table (the labels files' own shape) */
function table(file) {
	const t = {};
	for (const line of fs.readFileSync(file, "utf8").split("\n")) {
		const m = /^([a-z_]+): (.*)$/.exec(line);
		if (!m) continue;
		let v = m[2];
		if (v.startsWith("\"")) v = JSON.parse(v);
		t[m[1]] = v;
	}
	return t;
}
const esc = (s) => s.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
/* a label as a pattern of a whole text: placeholders match anything */
const pattern = (v) => new RegExp("^" + esc(v).replace(/\{\w+\}/g, "[\\s\\S]*?") + "$");

const PHONE = { width: 390, height: 844, deviceScaleFactor: 1, mobile: true };
const DESKTOP = { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false };

/* The chrome's texts: text nodes and labels of the site's own elements,
 * as [where, text] pairs. */
const CHROME = `(() => {
	const sel = ["a.skip", "header.topbar", "nav.sidebar .progress", "nav.sidebar .side-print",
		"nav.crumbs li:first-child", "nav.parts", "details.toc-inline > summary", "#toc-title",
		".pager .dir", "footer.foot", "main h1 .kicker", "p.meta", "p.label", "#in-this-session",
		".part-list", ".quiz > h2, .quiz > h3, .quiz > h4, .quiz > h5", ".score", ".feedback",
		".quiz-reset", ".diagram-tools", "details.alt > summary", "p.missing", ".own-answer button",
		"details > summary", ".print-note", "main > h2#modules", "main > h2"];
	const out = [];
	const seen = new Set();
	for (const s of sel)
		for (const el of document.querySelectorAll(s)) {
			if (seen.has(el)) continue;
			seen.add(el);
			const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
			while (w.nextNode()) {
				const t = w.currentNode.nodeValue.trim();
				const p = w.currentNode.parentNode;
				if (t && !p.closest("a.brand, .side-title, script")) out.push([s, t]);
			}
			for (const e of [el, ...el.querySelectorAll("*")])
				for (const a of ["aria-label", "placeholder", "title"])
					if (e.getAttribute(a)) out.push([s + " @" + a, e.getAttribute(a)]);
		}
	for (const e of document.querySelectorAll("[aria-label]"))
		if (!e.closest("main .kind pre.mermaid")) out.push(["@aria-label", e.getAttribute("aria-label")]);
	return out;
})()`;

async function labels(langFile, enFile) {
	const L = table(langFile), EN = table(enFile);
	const english = Object.keys(EN).filter((k) => k !== "dir" && L[k] !== EN[k]);
	const pages = ["index.html", "m01.html", "s01.html", "s01-lecture.html", "s01-quiz.html",
		"s01-all.html", "handout.html"];
	const b = await launch(profile);
	try {
		for (const vp of [PHONE, DESKTOP]) {
			await b.send("Emulation.setDeviceMetricsOverride", vp);
			for (const p of pages) {
				const where = p + " at " + vp.width + "px";
				await b.open("file://" + path.join(site, p));
				const texts = await b.evaluate(CHROME);
				const bad = [];
				for (const [s, t] of texts)
					for (const k of english)
						if (pattern(EN[k]).test(t) && !pattern(L[k]).test(t))
							bad.push(s + ": \"" + t + "\" is English (" + k + ")");
				ok(texts.length > 10 && bad.length === 0, where + ": the site's words are the language's (" +
				    texts.length + " texts)", bad.join("\n"));
				const dir = await b.evaluate("document.documentElement.getAttribute('dir')");
				ok(dir === (L.dir || "ltr"), where + ": dir=\"" + (L.dir || "ltr") + "\"", "dir=" + dir);
				const theme = await b.evaluate("(document.querySelector('.theme-label')||{}).textContent");
				ok(theme === L.dark_mode, where + ": the theme toggle says " + L.dark_mode, theme);
				if (vp === DESKTOP && L.dir === "rtl") {
					const side = await b.evaluate(`(() => {
						const s = document.querySelector("nav.sidebar").getBoundingClientRect();
						const m = document.querySelector("main").getBoundingClientRect();
						return [s.left, m.left, getComputedStyle(document.querySelector("nav.sidebar")).direction];
					})()`);
					ok(side[0] > side[1] && side[2] === "rtl", where + ": the sidebar is on the right, right to left",
					    JSON.stringify(side));
				}
			}
			/* the words cg.js writes */
			await b.open("file://" + path.join(site, "s01-quiz.html"));
			const prog = await b.evaluate("document.querySelector('nav.sidebar .progress').firstChild.nodeValue");
			ok(pattern(L.progress).test(prog), "progress at " + vp.width + "px: " + prog);
			const fb = await b.evaluate(`(() => {
				const li = document.querySelector("ol.mc > li.q");
				li.querySelector("button.opt").click();
				return li.querySelector(".feedback").textContent;
			})()`);
			ok(fb === L.correct || pattern(L.not_quite).test(fb), "quiz feedback at " + vp.width + "px: " + fb);
			await b.evaluate("localStorage.clear()");
		}
	} finally {
		await b.close();
	}
}

async function students(answersFile) {
	const texts = JSON.parse(fs.readFileSync(answersFile, "utf8"));
	const norm = (s) => s.replace(/[*_`$\\]/g, "").replace(/\s+/g, " ").trim();
	const pages = fs.readdirSync(site).filter((f) => f.endsWith(".html")).sort();
	const b = await launch(profile);
	try {
		await b.send("Emulation.setDeviceMetricsOverride", DESKTOP);
		for (const p of pages) {
			await b.open("file://" + path.join(site, p));
			const body = norm(await b.evaluate("document.documentElement.outerHTML + ' ' + document.body.innerText"));
			const found = texts.filter((t) => body.includes(norm(t)));
			ok(found.length === 0, p + ": holds no explanation or model answer", found.join("\n"));
		}
		await b.open("file://" + path.join(site, "s01-quiz.html"));
		const shown = await b.evaluate(`(() => {
			const li = document.querySelector("ol.mc > li.q");
			li.querySelector("button.opt").click();
			const ex = li.querySelector(".explain");
			return ex && !ex.hidden ? ex.innerText : null;
		})()`);
		ok(shown !== null && norm(shown) === norm(texts[0]), "answering shows the explanation", shown);
		const open = await b.evaluate(`(async () => {
			const box = document.querySelector(".own-answer");
			if (!box) return "no box";
			const btn = box.querySelector("button.reveal");
			if (!btn) return "no button";
			const before = btn.disabled;
			const ta = box.querySelector("textarea");
			ta.value = "my answer";
			ta.dispatchEvent(new Event("input"));
			btn.click();
			const ex = box.querySelector(".explain");
			return [before, btn.disabled, ex && !ex.hidden && ex.innerText.length > 0];
		})()`);
		ok(JSON.stringify(open) === "[true,false,true]",
		    "an open question's model answer: offered once something is written", JSON.stringify(open));
	} finally {
		await b.close();
	}
}

(async () => {
	if (mode === "labels") await labels(a1, a2);
	else if (mode === "students") await students(a1);
	else { console.error("usage: words.js labels|students SITE PROFILE ..."); process.exit(64); }
	process.exit(failures() ? 1 : 0);
})().catch((e) => { ok(false, "browser checks ran", e.stack); process.exit(1); });
