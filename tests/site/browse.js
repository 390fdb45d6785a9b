#!/usr/bin/env node
/* browse.js — check a generated course site in real headless Chromium.
 *
 *   node browse.js SITE_DIR PROFILE_DIR [--xss PAGE] [--search TERM=sNN]...
 *       [--snippet TERM=PAGE] [--answers FILE]
 *
 * Every page is checked at phone size (390x844) and at desktop size
 * (1280x900): no sideways page scroll, diagram text never below 12px
 * unless the diagram scrolls in its frame, the collapsible contents at
 * phone width.  --snippet: searching TERM lists PAGE first with TERM in
 * its snippet and marks it on the page opened.  Print media with a dark
 * theme must give light diagrams.
 *
 * Drives Chromium through the DevTools protocol over --remote-debugging-pipe
 * (file descriptors 3 and 4, NUL-separated JSON), so no WebSocket client or
 * network port is needed.  Every *.html page is opened from file:// and
 * checked; results are printed as "ok - …" / "not ok - …" lines (with "#"
 * detail lines) for tests/0500-site.t to count.  Exit 0 when all passed.
 * CHROMIUM names the browser binary (default: chromium).
 */
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");

const argv = process.argv.slice(2);
const site = path.resolve(argv[0]);
const profile = path.resolve(argv[1]);
let xss = null;
const searches = [], snippets = [];
for (let i = 2; i < argv.length; i++) {
	if (argv[i] === "--xss") xss = argv[++i];
	else if (argv[i] === "--search") searches.push(argv[++i].split("="));
	else if (argv[i] === "--snippet") snippets.push(argv[++i].split("="));
}
const PHONE = { width: 390, height: 844, deviceScaleFactor: 1, mobile: true };
const DESKTOP = { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false };

let failed = 0;
function ok(cond, name, detail) {
	console.log((cond ? "ok - " : "not ok - ") + name);
	if (!cond) {
		failed++;
		if (detail) for (const l of String(detail).split("\n").slice(0, 20)) console.log("#   " + l);
	}
	return cond;
}

const browser = spawn(process.env.CHROMIUM || "chromium", [
	"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--disable-default-apps", "--mute-audio", "--no-default-browser-check",
	"--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank",
], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
let stderr = "";
browser.stderr.on("data", (d) => { stderr += d; if (stderr.length > 20000) stderr = stderr.slice(-10000); });
const toBrowser = browser.stdio[3], fromBrowser = browser.stdio[4];
const timer = setTimeout(() => { ok(false, "browser checks finished in time", stderr); finish(); }, 240000);

let nextId = 1;
const waiting = new Map();
const listeners = [];
let inbuf = Buffer.alloc(0);
fromBrowser.on("data", (chunk) => {
	inbuf = Buffer.concat([inbuf, chunk]);
	let z;
	while ((z = inbuf.indexOf(0)) >= 0) {
		const msg = JSON.parse(inbuf.slice(0, z).toString("utf8"));
		inbuf = inbuf.slice(z + 1);
		if (msg.id && waiting.has(msg.id)) {
			const w = waiting.get(msg.id);
			waiting.delete(msg.id);
			if (msg.error) w.reject(new Error(w.method + ": " + msg.error.message));
			else w.resolve(msg.result);
		} else if (msg.method)
			for (const l of listeners.slice()) l(msg);
	}
});
browser.on("exit", () => {
	for (const w of waiting.values()) w.reject(new Error("browser exited: " + stderr.slice(-2000)));
	waiting.clear();
});
function send(method, params, sessionId) {
	const id = nextId++;
	const msg = { id, method, params: params || {} };
	if (sessionId) msg.sessionId = sessionId;
	toBrowser.write(JSON.stringify(msg) + "\0");
	return new Promise((resolve, reject) => waiting.set(id, { resolve, reject, method }));
}
function once(pred, ms, what) {
	return new Promise((resolve, reject) => {
		const l = (m) => { if (pred(m)) { clearTimeout(t); listeners.splice(listeners.indexOf(l), 1); resolve(m); } };
		const t = setTimeout(() => { listeners.splice(listeners.indexOf(l), 1); reject(new Error("timeout: " + what)); }, ms);
		listeners.push(l);
	});
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let S = null;	/* the page session */
const events = { errors: [], requests: [] };
listeners.push((m) => {
	if (m.sessionId !== S) return;
	if (m.method === "Runtime.consoleAPICalled" && (m.params.type === "error" || m.params.type === "assert"))
		events.errors.push("console." + m.params.type + ": " + m.params.args.map((a) => a.value !== undefined ? a.value : a.description).join(" "));
	else if (m.method === "Runtime.exceptionThrown")
		events.errors.push("exception: " + (m.params.exceptionDetails.exception ? m.params.exceptionDetails.exception.description : m.params.exceptionDetails.text));
	else if (m.method === "Log.entryAdded" && m.params.entry.level === "error")
		events.errors.push("log: " + m.params.entry.text + (m.params.entry.url ? " (" + m.params.entry.url + ")" : ""));
	else if (m.method === "Network.requestWillBeSent")
		events.requests.push(m.params.request.url);
});

async function evaluate(expr) {
	const r = await send("Runtime.evaluate", { expression: expr, returnByValue: true, awaitPromise: true }, S);
	if (r.exceptionDetails) throw new Error("evaluate: " + (r.exceptionDetails.exception ? r.exceptionDetails.exception.description : r.exceptionDetails.text));
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
async function open(url) {
	events.errors = [];
	events.requests = [];
	const loaded = once((m) => m.sessionId === S && m.method === "Page.loadEventFired", 60000, "load " + url);
	await send("Page.navigate", { url }, S);
	await loaded;
	await waitFor("document.documentElement.getAttribute('data-cg-ready') === '1'", 90000, "page ready (diagrams drawn) " + url);
}
async function click(selector) {
	const box = await evaluate(`(function(){var e=document.querySelector(${JSON.stringify(selector)});if(!e)return null;` +
		`e.scrollIntoView({block:"center"});var r=e.getBoundingClientRect();return {x:r.left+r.width/2,y:r.top+r.height/2};})()`);
	if (!box) throw new Error("nothing to click: " + selector);
	for (const type of ["mouseMoved", "mousePressed", "mouseReleased"])
		await send("Input.dispatchMouseEvent", { type, x: box.x, y: box.y, button: "left", clickCount: 1 }, S);
}
async function key(k, code) {
	await send("Input.dispatchKeyEvent", { type: "rawKeyDown", key: k, code, windowsVirtualKeyCode: code === "ArrowRight" ? 39 : 37 }, S);
	await send("Input.dispatchKeyEvent", { type: "keyUp", key: k, code, windowsVirtualKeyCode: code === "ArrowRight" ? 39 : 37 }, S);
}

/* Checks every page gets. */
const PAGE_CHECKS = `(function(){
	var r = {};
	var pre = document.querySelectorAll("pre.mermaid");
	r.diagrams = pre.length;
	r.drawn = 0; r.bad = [];
	pre.forEach(function(p, i){
		var svg = p.querySelector("svg");
		var err = p.classList.contains("mermaid-failed") || !svg ||
		    svg.getAttribute("aria-roledescription") === "error" || /Syntax error/i.test(p.textContent);
		if (err) r.bad.push(i + ": " + (p.getAttribute("data-src") || "").slice(0, 120)); else r.drawn++;
	});
	r.remote = [];
	document.querySelectorAll("[src],[href],[srcset],[poster],[data],[action],[formaction]").forEach(function(e){
		var isLink = e.tagName === "A";
		["src","srcset","poster","data","action","formaction","href"].forEach(function(a){
			var v = e.getAttribute(a);
			if (v === null || (isLink && a === "href")) return;
			if (/^\\s*(https?:)?\\/\\//i.test(v)) r.remote.push(e.tagName + " " + a + "=" + v);
		});
	});
	r.cssRemote = [];
	for (var s of document.styleSheets) {
		try { for (var rule of s.cssRules) if (/url\\(\\s*["']?(https?:)?\\/\\//i.test(rule.cssText)) r.cssRemote.push(rule.cssText.slice(0, 100)); } catch (e) {}
	}
	r.onattrs = [];
	document.querySelectorAll("*").forEach(function(e){
		for (var a of e.attributes) if (/^on/i.test(a.name)) r.onattrs.push(e.tagName + " " + a.name);
	});
	r.jslinks = Array.prototype.map.call(document.querySelectorAll("a[href]"), function(a){ return a.getAttribute("href"); })
		.filter(function(h){ return /^\\s*(javascript|vbscript|data):/i.test(h); });
	r.frames = document.querySelectorAll("iframe,embed,object,frame").length;
	r.scripts = Array.prototype.map.call(document.scripts, function(s){ return s.getAttribute("src") || s.type || "inline"; })
		.filter(function(v){ return !/^assets\\//.test(v) && v !== "application/json"; });
	r.pwned = window.__pwned;
	r.h1 = document.querySelectorAll("h1").length;
	var last = 1; r.skips = [];
	document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6").forEach(function(h){
		var l = +h.tagName[1]; if (l > last + 1) r.skips.push(h.tagName + " after h" + last + ": " + h.textContent.slice(0, 40)); last = l;
	});
	r.landmarks = !!document.querySelector("header") && !!document.querySelector("nav.sidebar") &&
		!!document.querySelector("main#main") && !!document.querySelector("footer") && !!document.querySelector("a.skip[href='#main']");
	r.footer = (document.querySelector("footer") || {}).textContent || "";
	var labels = Array.prototype.map.call(document.querySelectorAll("aside.toc a"), function(a){ return a.textContent.trim().toLowerCase(); });
	r.tocDup = labels.filter(function(l, i){ return labels.indexOf(l) !== i; });
	r.double = [];
	document.querySelectorAll("main li, nav.sidebar li").forEach(function(li){
		var t = li.textContent.trim();
		if (/^(Module|Session) \\d+:/.test(t) && getComputedStyle(li).listStyleType !== "none") r.double.push(t.slice(0, 40));
	});
	r.progress = Array.prototype.filter.call(document.querySelectorAll(".progress, .progress-text"), function(p){ return !p.hidden; }).length;
	r.current = Array.prototype.map.call(document.querySelectorAll("nav.sidebar [aria-current=page]"), function(a){ return a.getAttribute("href"); });
	return r;
})()`;

/* Layout at the current size: sideways scroll, diagram text size, the
 * contents box. */
const LAYOUT_CHECKS = `(function(){
	var r = {};
	var de = document.documentElement;
	r.width = de.scrollWidth; r.view = de.clientWidth;
	r.small = [];
	document.querySelectorAll("pre.mermaid svg").forEach(function(svg, i){
		var vb = svg.viewBox && svg.viewBox.baseVal;
		var w = svg.getBoundingClientRect().width;
		var scale = vb && vb.width ? w / vb.width : 1;
		var t = svg.querySelector("text");
		var fs = t ? parseFloat(getComputedStyle(t).fontSize) : 16;
		var frame = svg.closest(".diagram-frame");
		var scrolls = frame && /auto|scroll/.test(getComputedStyle(frame).overflowX);
		var fits = frame && w <= frame.clientWidth + 1;
		if (fs * scale < 12 || !(fits || scrolls))
			r.small.push(i + ": text " + (fs * scale).toFixed(1) + "px, svg " + w.toFixed(0) + "px in frame " + (frame ? frame.clientWidth : "none"));
	});
	var inl = document.querySelector("details.toc-inline"), side = document.querySelector("aside.toc");
	r.tocInline = !!inl && inl.getClientRects().length > 0;
	r.tocSide = !!side && side.getClientRects().length > 0;
	r.hasToc = !!inl;
	var brand = document.querySelector(".brand");
	r.brandCut = brand ? brand.scrollWidth > brand.clientWidth + 1 : false;
	return r;
})()`;

async function main() {
	await send("Target.setDiscoverTargets", { discover: false });
	const { targetId } = await send("Target.createTarget", { url: "about:blank" });
	const att = await send("Target.attachToTarget", { targetId, flatten: true });
	S = att.sessionId;
	for (const m of ["Page.enable", "Runtime.enable", "Log.enable", "Network.enable"]) await send(m, {}, S);

	const pages = fs.readdirSync(site).filter((f) => f.endsWith(".html")).sort();
	await send("Emulation.setDeviceMetricsOverride", PHONE, S);
	ok(pages.includes("index.html") && pages.includes("print.html") && pages.some((p) => /^s\d+\.html$/.test(p)) &&
		pages.some((p) => /^m\d+\.html$/.test(p)), "site has index, print, module and session pages", pages.join(" "));
	let totalDiagrams = 0;
	for (const p of pages) {
		const url = "file://" + path.join(site, p);
		try {
			await open(url);
		} catch (e) {
			ok(false, p + ": loads", e.message + "\n" + events.errors.join("\n"));
			continue;
		}
		const r = await evaluate(PAGE_CHECKS);
		totalDiagrams += r.drawn;
		ok(events.errors.length === 0, p + ": loads from file:// with no console errors", events.errors.join("\n"));
		const net = events.requests.filter((u) => !/^(file|data|blob|about):/i.test(u));
		ok(net.length === 0 && r.remote.length === 0 && r.cssRemote.length === 0,
			p + ": references no http(s) resource", net.concat(r.remote, r.cssRemote).join("\n"));
		ok(r.bad.length === 0 && r.drawn === r.diagrams, p + ": all " + r.diagrams + " diagrams rendered to SVG", r.bad.join("\n"));
		ok(r.pwned === undefined && r.onattrs.length === 0 && r.jslinks.length === 0 && r.frames === 0 && r.scripts.length === 0,
			p + ": generated content is inert", JSON.stringify({ pwned: r.pwned, on: r.onattrs.slice(0, 5), js: r.jslinks, frames: r.frames, scripts: r.scripts }));
		ok(r.h1 === 1 && r.skips.length === 0 && r.landmarks, p + ": one h1, headings in order, landmarks, skip link", JSON.stringify({ h1: r.h1, skips: r.skips.slice(0, 5), landmarks: r.landmarks }));
		ok(/Generated by .*fixture-model:1b.* on \d{4}-\d\d-\d\d/.test(r.footer), p + ": footer names the model and date", r.footer);
		ok(r.tocDup.length === 0, p + ": contents labels are unique", r.tocDup.join(" | "));
		ok(r.double.length === 0, p + ": numbers shown once (no list marker before \"Module N:\")", r.double.slice(0, 3).join(" | "));
		ok(r.progress === 1, p + ": one progress indicator", String(r.progress));
		const phone = await evaluate(LAYOUT_CHECKS);
		ok(phone.width <= phone.view, p + ": no sideways scroll at 390px", phone.width + " > " + phone.view);
		ok(phone.small.length === 0, p + ": diagram text at least 12px (or the diagram scrolls) at 390px", phone.small.join("\n"));
		ok(!phone.hasToc || (phone.tocInline && !phone.tocSide), p + ": contents collapsible at the top at 390px", JSON.stringify(phone));
		ok(!phone.brandCut, p + ": the course title is not cut at 390px");
		await send("Emulation.setDeviceMetricsOverride", DESKTOP, S);
		await sleep(50);
		const desk = await evaluate(LAYOUT_CHECKS);
		ok(desk.width <= desk.view, p + ": no sideways scroll at 1280px", desk.width + " > " + desk.view);
		ok(desk.small.length === 0, p + ": diagram text at least 12px (or the diagram scrolls) at 1280px", desk.small.join("\n"));
		ok(!desk.hasToc || (desk.tocSide && !desk.tocInline), p + ": contents in the side panel at 1280px", JSON.stringify(desk));
		await send("Emulation.setDeviceMetricsOverride", PHONE, S);
		if (/^s\d+(-[a-z-]+)?\.html$/.test(p))
			ok(r.current.length === 1 && r.current[0] === p.replace(/-[a-z-]+\.html$/, ".html"), p + ": sidebar highlights the current session", r.current.join(" "));
	}
	ok(totalDiagrams > 0, "diagrams were drawn (" + totalDiagrams + ")");

	/* search from file:// (desktop size: the field is in the bar) */
	await send("Emulation.setDeviceMetricsOverride", DESKTOP, S);
	for (const [term, want] of searches) {
		await open("file://" + path.join(site, "index.html"));
		await evaluate("document.getElementById('q').focus()");
		await send("Input.insertText", { text: term }, S);
		let first = null;
		try {
			first = await waitFor("(function(){var a=document.querySelector('#results a');return a?a.getAttribute('href'):null})()", 15000, "search results");
		} catch (e) { first = e.message; }
		ok(first && first.split(/[-.#?]/)[0] === want, `search "${term}" lists ${want} first`, "first result: " + first);
	}

	/* search at phone size: snippet with the word marked, the word marked
	 * on the page */
	await send("Emulation.setDeviceMetricsOverride", PHONE, S);
	for (const [term, want] of snippets) {
		await open("file://" + path.join(site, "index.html"));
		await evaluate("document.querySelector('button.search-open') && getComputedStyle(document.querySelector('button.search-open')).display !== 'none' && document.querySelector('button.search-open').click()");
		await evaluate("document.getElementById('q').focus()");
		await send("Input.insertText", { text: term + " " }, S);
		let r = null;
		try {
			r = await waitFor(`(function(){var a=document.querySelector('#results a');if(!a)return null;var sn=a.querySelector('.r-snip');
				return {href:a.getAttribute('href'), snip:sn?sn.textContent:'', marks:Array.prototype.map.call(a.querySelectorAll('.r-snip mark'),function(m){return m.textContent}),
				n:document.querySelectorAll('#results li').length, visible:document.getElementById('q').getBoundingClientRect().width}})()`, 15000, "search results");
		} catch (e) { r = { error: e.message }; }
		ok(r && r.href && r.href.split(/[?#]/)[0] === want + ".html", `search "${term}" lists ${want}.html first`, JSON.stringify(r));
		ok(r && new RegExp(term, "i").test(r.snip) && r.marks.some((m) => new RegExp("^" + term, "i").test(m)),
			`search "${term}": the snippet shows the word, marked`, JSON.stringify(r));
		ok(r && r.visible >= 200, `search "${term}": the search field is usable at phone width`, JSON.stringify(r));
		if (r && r.href) {
			await open("file://" + path.join(site, r.href.split("#")[0].split("?")[0]) + r.href.slice(r.href.split("#")[0].split("?")[0].length));
			const m = await waitFor("(function(){var m=document.querySelectorAll('main mark.hit');return m.length?Array.prototype.map.call(m,function(x){return x.textContent}).join(' '):null})()", 15000, "marks on the page").catch((e) => e.message);
			ok(new RegExp(term, "i").test(m), `the page opened from the search marks "${term}"`, m);
		}
	}

	/* paper: a dark screen still prints light diagrams */
	const dp = pages.find((p) => /^s\d+-diagrams\.html$/.test(p));
	if (dp) {
		/* full screen from the keyboard, zoom, Escape back */
		await open("file://" + path.join(site, dp));
		await evaluate("document.querySelector('.diagram-frame').focus()");
		await send("Input.dispatchKeyEvent", { type: "rawKeyDown", key: "Enter", code: "Enter", windowsVirtualKeyCode: 13 }, S);
		await send("Input.dispatchKeyEvent", { type: "keyUp", key: "Enter", code: "Enter", windowsVirtualKeyCode: 13 }, S);
		const v = await evaluate(`(function(){var v=document.querySelector(".viewer");if(!v)return null;var svg=v.querySelector("svg");
			var t0=svg.style.transform;v.querySelector("button[aria-label='Zoom in']").click();
			return {svg:!!svg, zoomed:svg.style.transform!==t0, focus:document.activeElement&&document.activeElement.getAttribute("aria-label")}})()`);
		ok(v && v.svg && v.zoomed, "Enter on a diagram opens it full screen, where it zooms", JSON.stringify(v));
		await send("Input.dispatchKeyEvent", { type: "rawKeyDown", key: "Escape", code: "Escape", windowsVirtualKeyCode: 27 }, S);
		await send("Input.dispatchKeyEvent", { type: "keyUp", key: "Escape", code: "Escape", windowsVirtualKeyCode: 27 }, S);
		const gone = await evaluate("!document.querySelector('.viewer') && document.activeElement.classList.contains('diagram-frame')");
		ok(gone, "Escape closes it and gives the focus back to the diagram");

		await open("file://" + path.join(site, dp));
		await evaluate("localStorage.setItem('cg-theme','dark')");
		await open("file://" + path.join(site, dp));
		const LUM = `(function(){
			function lum(c){var m=/rgba?\\((\\d+),\\s*(\\d+),\\s*(\\d+)/.exec(c);if(!m)return -1;return (0.2126*m[1]+0.7152*m[2]+0.0722*m[3])/255;}
			var out=[];document.querySelectorAll("figure.diagram").forEach(function(f){
				var svgs=Array.prototype.filter.call(f.querySelectorAll("svg"),function(s){return s.getClientRects().length>0&&s.closest(".diagram-frame");});
				var sh=svgs[0]&&svgs[0].querySelector(".node rect, .node polygon, .node circle");
				out.push(sh?lum(getComputedStyle(sh).fill):-1);});
			return out;})()`;
		const screen = await evaluate(LUM);
		await send("Emulation.setEmulatedMedia", { media: "print" }, S);
		await sleep(100);
		const paper = await evaluate(LUM);
		await send("Emulation.setEmulatedMedia", { media: "" }, S);
		ok(screen.length > 0 && screen.every((l) => l >= 0 && l < 0.5), "dark theme: diagrams are dark on screen", JSON.stringify(screen));
		ok(paper.length > 0 && paper.every((l) => l > 0.5), "dark theme: print media shows light diagrams", JSON.stringify(paper));
		await evaluate("localStorage.removeItem('cg-theme')");
	}

	/* quiz feedback, score, keyboard navigation, dark mode on a session page */
	const sp = pages.find((p) => /^s\d+-quiz\.html$/.test(p) && fs.readFileSync(path.join(site, p), "utf8").includes("class=\"opt\""));
	if (ok(!!sp, "a session page has a quiz")) {
		await open("file://" + path.join(site, sp));
		await evaluate("localStorage.clear()");
		await open("file://" + path.join(site, sp));
		await click(".quiz ol.mc li.q button.opt[data-o=B]");
		const q = await evaluate(`(function(){var li=document.querySelector(".quiz ol.mc li.q");return {fb:li.querySelector(".feedback").textContent,
			ex:!li.querySelector(".explain").hidden, a:document.querySelector(".score-a").textContent,
			marked:li.querySelectorAll(".opt.correct").length}})()`);
		ok(/Correct|Not quite/.test(q.fb) && q.ex && q.a === "1" && q.marked === 1, "clicking a quiz option shows feedback, the explanation and the score", JSON.stringify(q));
		const dark0 = await evaluate("document.documentElement.getAttribute('data-theme')");
		await click("button.theme");
		await waitFor("document.documentElement.getAttribute('data-theme') !== " + JSON.stringify(dark0), 5000, "theme toggle");
		const t1 = await evaluate("document.documentElement.getAttribute('data-theme')");
		await open("file://" + path.join(site, sp));
		const t2 = await evaluate("document.documentElement.getAttribute('data-theme') + ' ' + document.querySelectorAll('pre.mermaid svg').length");
		ok(t2.split(" ")[0] === t1, "dark-mode choice is remembered across pages", t1 + " vs " + t2);
		const vis = await evaluate("document.querySelector('.progress').textContent");
		ok(/Visited [1-9]\d* of \d+ sessions/.test(vis), "visited-session progress is shown", vis);
		const next = await evaluate("(document.querySelector('.pager a[rel=next]')||{}).href || ''");
		if (next) {
			const nav = once((m) => m.sessionId === S && m.method === "Page.loadEventFired", 20000, "navigate by key");
			await evaluate("document.activeElement && document.activeElement.blur()");
			await key("ArrowRight", "ArrowRight");
			await nav;
			const here = await evaluate("location.href");
			ok(here === next, "→ key opens the next page", here + " vs " + next);
		}
	}
	if (xss) {
		await open("file://" + path.join(site, xss + ".html"));
		const r = await evaluate(`(function(){var t=document.querySelector("main").textContent;return {pw:window.__pwned,
			shown:t.indexOf("<script>window.__pwned=1</script>")>=0 && t.indexOf("onerror")>=0,
			links:document.querySelectorAll("a[href*='pwned=']").length, imgs:document.querySelectorAll("main img").length}})()`);
		ok(r.pw === undefined && r.shown && r.links === 0 && r.imgs === 0, "hostile markup is shown as text and never runs", JSON.stringify(r));
	}
}

let done = false;
async function finish() {
	if (done) return;
	done = true;
	clearTimeout(timer);
	try { toBrowser.write(JSON.stringify({ id: nextId++, method: "Browser.close", params: {} }) + "\0"); } catch (e) { /* gone */ }
	const killer = setTimeout(() => browser.kill("SIGKILL"), 3000);
	await new Promise((r) => { if (browser.exitCode !== null) r(); else browser.on("exit", r); });
	clearTimeout(killer);
	process.exit(failed ? 1 : 0);
}
browser.on("error", (e) => { ok(false, "chromium starts", e.message); finish(); });
main().catch((e) => ok(false, "browser session", e.stack + "\n" + stderr.slice(-2000))).then(finish);
