#!/usr/bin/env node
/* single.js — check cg-export's one-file HTML course in headless Chromium.
 *
 *   node single.js FILE.html PROFILE_DIR [MARKER]
 *
 * Drives Chromium over --remote-debugging-pipe like browse.js: opens the
 * file from file://, waits until cg.js says the page is ready, and prints
 * "ok - …" / "not ok - …" lines: no console error, no request other than
 * file: and data:, no attribute pointing at another file or host, every
 * diagram shown as a picture or drawn to SVG, every formula typeset
 * (MathML, or KaTeX), a quiz option answering with feedback, (given
 * MARKER) that text shown intact, and the layout at a phone's 390 px and
 * a desktop's 1280 px: nothing wider than the window (no sideways
 * scroll), the contents a menu button opens on the phone (and a link in
 * it closes), always shown on the desktop.
 * Exit 0 when all passed.  CHROMIUM names the browser binary.
 */
"use strict";
const { spawn } = require("child_process");
const path = require("path");

const file = path.resolve(process.argv[2]);
const profile = path.resolve(process.argv[3]);
let failed = 0;
function ok(cond, name, detail) {
	console.log((cond ? "ok - " : "not ok - ") + name);
	if (!cond) {
		failed++;
		if (detail) for (const l of String(detail).split("\n").slice(0, 20)) console.log("#   " + l);
	}
}
const browser = spawn(process.env.CHROMIUM || "chromium", [
	"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--disable-default-apps", "--mute-audio", "--no-default-browser-check",
	"--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank",
], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
let stderr = "";
browser.stderr.on("data", (d) => { stderr = (stderr + d).slice(-10000); });
const toB = browser.stdio[3], fromB = browser.stdio[4];
const timer = setTimeout(() => { ok(false, "browser checks finished in time", stderr); finish(); }, 180000);
let nextId = 1, S = null, inbuf = Buffer.alloc(0);
const waiting = new Map(), listeners = [], errors = [], requests = [];
fromB.on("data", (chunk) => {
	inbuf = Buffer.concat([inbuf, chunk]);
	let z;
	while ((z = inbuf.indexOf(0)) >= 0) {
		const msg = JSON.parse(inbuf.slice(0, z).toString("utf8"));
		inbuf = inbuf.slice(z + 1);
		if (msg.id && waiting.has(msg.id)) {
			const w = waiting.get(msg.id);
			waiting.delete(msg.id);
			if (msg.error) w.reject(new Error(w.method + ": " + msg.error.message)); else w.resolve(msg.result);
		} else if (msg.method) for (const l of listeners.slice()) l(msg);
	}
});
function send(method, params, sessionId) {
	const id = nextId++, msg = { id, method, params: params || {} };
	if (sessionId) msg.sessionId = sessionId;
	toB.write(JSON.stringify(msg) + "\0");
	return new Promise((resolve, reject) => waiting.set(id, { resolve, reject, method }));
}
listeners.push((m) => {
	if (m.sessionId !== S) return;
	if (m.method === "Runtime.consoleAPICalled" && (m.params.type === "error" || m.params.type === "assert"))
		errors.push("console." + m.params.type + ": " + m.params.args.map((a) => a.value !== undefined ? a.value : a.description).join(" "));
	else if (m.method === "Runtime.exceptionThrown")
		errors.push("exception: " + (m.params.exceptionDetails.exception ? m.params.exceptionDetails.exception.description : m.params.exceptionDetails.text));
	else if (m.method === "Log.entryAdded" && m.params.entry.level === "error")
		errors.push("log: " + m.params.entry.text);
	else if (m.method === "Network.requestWillBeSent") requests.push(m.params.request.url);
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function evaluate(expr) {
	const r = await send("Runtime.evaluate", { expression: expr, returnByValue: true, awaitPromise: true }, S);
	if (r.exceptionDetails) throw new Error("evaluate: " + r.exceptionDetails.text);
	return r.result.value;
}
async function waitFor(expr, ms, what) {
	const end = Date.now() + ms;
	for (;;) {
		const v = await evaluate(expr);
		if (v) return v;
		if (Date.now() > end) throw new Error("timeout waiting for " + what);
		await sleep(50);
	}
}
async function main() {
	const { targetId } = await send("Target.createTarget", { url: "about:blank" });
	S = (await send("Target.attachToTarget", { targetId, flatten: true })).sessionId;
	for (const m of ["Page.enable", "Runtime.enable", "Log.enable", "Network.enable"]) await send(m, {}, S);
	const loaded = new Promise((r) => listeners.push((m) => { if (m.sessionId === S && m.method === "Page.loadEventFired") r(); }));
	await send("Page.navigate", { url: "file://" + file }, S);
	await loaded;
	await waitFor("document.documentElement.getAttribute('data-cg-ready') === '1'", 90000, "page ready (diagrams drawn)");
	const r = await evaluate(`(function(){
		var r = {diagrams: 0, drawn: 0, pics: 0, bad: [], refs: []};
		document.querySelectorAll("figure.diagram").forEach(function(f, i){
			var p = f.querySelector("pre.mermaid"), img = f.querySelector(".diagram-frame > img");
			if (!p && !img) return;	/* not mermaid syntax: shown as text, as on the site */
			r.diagrams++;
			if (img) {
				if (img.complete && img.naturalWidth > 0 && img.getAttribute("alt")) r.drawn++, r.pics++; else r.bad.push(i);
				return;
			}
			var svg = p && p.querySelector("svg");
			if (!svg || p.classList.contains("mermaid-failed") || svg.getAttribute("aria-roledescription") === "error") r.bad.push(i); else r.drawn++;
		});
		document.querySelectorAll("[src],[href],[srcset],[poster],[data],[action]").forEach(function(e){
			["src","srcset","poster","data","action","href"].forEach(function(a){
				var v = e.getAttribute(a);
				if (v === null) return;
				if (e.tagName === "A" && a === "href" && (/^#/.test(v) || /^(https?|mailto):/i.test(v))) return;
				if (!/^data:/i.test(v)) r.refs.push(e.tagName + " " + a + "=" + v.slice(0, 80));
			});
		});
		r.math = document.querySelectorAll("span.math").length;
		r.mathml = document.querySelectorAll("span.mathml > * math, span.mathml math").length;
		r.typeset = document.querySelectorAll("span.math[data-tex] .katex").length;
		r.quizzes = document.querySelectorAll(".quiz").length;
		r.pwned = window.__pwned;
		r.onattrs = [];
		document.querySelectorAll("*").forEach(function(e){
			for (var a of e.attributes) if (/^on/i.test(a.name)) r.onattrs.push(e.tagName + " " + a.name);
		});
		return r;
	})()`);
	ok(errors.length === 0, "loads from file:// with no console errors", errors.join("\n"));
	const net = requests.filter((u) => !/^(file|data|blob|about):/i.test(u));
	const files = requests.filter((u) => /^file:/i.test(u) && u !== "file://" + file);
	ok(net.length === 0 && files.length === 0 && r.refs.length === 0, "loads nothing but itself (no external URL, no other file)",
		net.concat(files, r.refs).join("\n"));
	ok(r.diagrams > 0 && r.drawn === r.diagrams, "all " + r.diagrams + " diagrams shown (" + r.pics + " as pictures drawn at export)", JSON.stringify(r.bad));
	console.log("# pictures: " + r.pics + " of " + r.diagrams + " diagrams; MathML formulas: " + r.mathml + "; KaTeX spans: " + r.math);
	ok(r.quizzes > 0, r.quizzes + " quizzes on the page");
	ok(r.pwned === undefined && r.onattrs.length === 0, "generated content is inert (no script ran, no event attribute)",
		JSON.stringify({ pwned: r.pwned, on: r.onattrs.slice(0, 5) }));
	ok(r.math === r.typeset, "all " + r.math + " formulas typeset by the inlined KaTeX", r.typeset + " of " + r.math);
	const q = await evaluate(`(function(){
		var li = document.querySelector(".quiz ol.mc li.q"); if (!li) return null;
		li.querySelector("button.opt[data-o=B]").click();
		return {fb: li.querySelector(".feedback").textContent, ex: !li.querySelector(".explain").hidden,
			a: li.closest(".quiz").querySelector(".score-a").textContent, marked: li.querySelectorAll(".opt.correct").length};
	})()`);
	ok(q && /Correct|Not quite/.test(q.fb) && q.ex && q.a === "1" && q.marked === 1,
		"answering a quiz question shows feedback, the explanation and the score", JSON.stringify(q));
	if (process.argv[4]) {
		const t = await evaluate("document.querySelector('main').textContent");
		ok(t.indexOf(process.argv[4]) >= 0, "the page shows the marker text intact", process.argv[4]);
	}
	await layout(390, 844, true);
	await layout(1280, 900, false);
}

/* The page at a width: nothing sticks out sideways; the contents behind
 * the menu button on a phone, beside the text on a desktop. */
async function layout(w, h, phone) {
	await send("Emulation.setDeviceMetricsOverride", { width: w, height: h, deviceScaleFactor: 1, mobile: phone }, S);
	await sleep(100);
	const r = await evaluate(`(function(){
		var d = document.documentElement, wide = [];
		document.querySelectorAll("main *").forEach(function(e){
			var b = e.getBoundingClientRect();
			if (b.right > window.innerWidth + 1 && !e.closest(".diagram-frame, pre, .table, .mathml, .math, .opts")) wide.push(e.tagName + "." + e.className + " " + Math.round(b.right));
		});
		var side = document.getElementById("sidebar"), menu = document.querySelector("button.menu");
		function shown(e) { return !!e && getComputedStyle(e).display !== "none" && e.getBoundingClientRect().width > 0; }
		var r = {sw: d.scrollWidth, iw: window.innerWidth, wide: wide.slice(0, 5), menu: shown(menu), before: shown(side)};
		if (r.menu) {
			menu.click();
			r.open = shown(side) && menu.getAttribute("aria-expanded") === "true";
			var a = side.querySelector("a[href^='#s']");
			r.links = side.querySelectorAll("a[href^='#s']").length;
			if (a) a.click();
			r.closed = !shown(side) && menu.getAttribute("aria-expanded") === "false";
			r.moved = a ? Math.abs(document.querySelector(a.getAttribute("href")).getBoundingClientRect().top) < 200 : false;
		}
		return r;
	})()`);
	/* a phone widens its viewport to what sticks out: compare with w */
	ok(r.sw <= w && r.iw <= w, w + " px: no sideways scroll (scrollWidth " + r.sw + ", innerWidth " + r.iw + ")", JSON.stringify(r.wide));
	if (phone)
		ok(r.menu && !r.before && r.open && r.links > 0 && r.closed && r.moved,
			w + " px: the contents hidden, a menu button opens them, a session link goes there and closes them", JSON.stringify(r));
	else
		ok(!r.menu && r.before, w + " px: the contents beside the text, no menu button", JSON.stringify(r));
}
let done = false;
async function finish() {
	if (done) return;
	done = true;
	clearTimeout(timer);
	try { toB.write(JSON.stringify({ id: nextId++, method: "Browser.close", params: {} }) + "\0"); } catch (e) { /* gone */ }
	const killer = setTimeout(() => browser.kill("SIGKILL"), 3000);
	await new Promise((r) => { if (browser.exitCode !== null) r(); else browser.on("exit", r); });
	clearTimeout(killer);
	process.exit(failed ? 1 : 0);
}
browser.on("error", (e) => { ok(false, "chromium starts", e.message); finish(); });
main().catch((e) => ok(false, "browser session", e.stack + "\n" + stderr.slice(-2000))).then(finish);
