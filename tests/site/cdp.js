/* cdp.js — a headless Chromium driven over --remote-debugging-pipe (file
 * descriptors 3 and 4, NUL-separated JSON): no WebSocket client and no
 * network port.  Used by shots.js; browse.js has its own copy with the
 * event bookkeeping its checks need.
 *
 *   const b = await require("./cdp").launch(profileDir);
 *   await b.open("file:///…/index.html");   // waits for data-cg-ready
 *   await b.evaluate("document.title");
 *   b.send(method, params) · b.close()
 * CHROMIUM names the browser binary (default: chromium).
 */
"use strict";
const { spawn } = require("child_process");

exports.launch = async function (profile) {
	const browser = spawn(process.env.CHROMIUM || "chromium", [
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--mute-audio", "--no-default-browser-check",
		"--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank",
	], { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
	const to = browser.stdio[3], from = browser.stdio[4];
	let nextId = 1, buf = Buffer.alloc(0), S = null;
	const waiting = new Map(), listeners = [];
	from.on("data", (chunk) => {
		buf = Buffer.concat([buf, chunk]);
		let z;
		while ((z = buf.indexOf(0)) >= 0) {
			const msg = JSON.parse(buf.slice(0, z).toString("utf8"));
			buf = buf.slice(z + 1);
			if (msg.id && waiting.has(msg.id)) {
				const w = waiting.get(msg.id);
				waiting.delete(msg.id);
				if (msg.error) w.reject(new Error(w.method + ": " + msg.error.message));
				else w.resolve(msg.result);
			} else if (msg.method)
				for (const l of listeners.slice()) l(msg);
		}
	});
	function send(method, params, session) {
		const id = nextId++;
		const msg = { id, method, params: params || {} };
		if (session !== null) msg.sessionId = session === undefined ? S : session;
		to.write(JSON.stringify(msg) + "\0");
		return new Promise((resolve, reject) => waiting.set(id, { resolve, reject, method }));
	}
	const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
	async function evaluate(expr) {
		const r = await send("Runtime.evaluate", { expression: expr, returnByValue: true, awaitPromise: true });
		if (r.exceptionDetails) throw new Error("evaluate: " + r.exceptionDetails.text);
		return r.result.value;
	}
	async function open(url) {
		const loaded = new Promise((resolve) => {
			const l = (m) => { if (m.sessionId === S && m.method === "Page.loadEventFired") { listeners.splice(listeners.indexOf(l), 1); resolve(); } };
			listeners.push(l);
		});
		await send("Page.navigate", { url });
		await loaded;
		for (let i = 0; i < 600; i++) {
			if (await evaluate("document.documentElement.getAttribute('data-cg-ready') === '1'")) return;
			await sleep(50);
		}
		throw new Error("page not ready: " + url);
	}
	const { targetId } = await send("Target.createTarget", { url: "about:blank" }, null);
	S = (await send("Target.attachToTarget", { targetId, flatten: true }, null)).sessionId;
	await send("Page.enable");
	await send("Runtime.enable");
	return {
		send, evaluate, open, sleep,
		close: async () => {
			try { to.write(JSON.stringify({ id: nextId++, method: "Browser.close", params: {} }) + "\0"); } catch (e) { /* gone */ }
			const k = setTimeout(() => browser.kill("SIGKILL"), 3000);
			await new Promise((r) => { if (browser.exitCode !== null) r(); else browser.on("exit", r); });
			clearTimeout(k);
		},
	};
};

/* The checks' lines: ok(cond, name, detail) prints "ok - name" or "not ok
 * - name" and up to 20 lines of detail, and returns cond; failures() is
 * how many failed so far. */
exports.checks = function () {
	let failed = 0;
	return {
		ok(cond, name, detail) {
			console.log((cond ? "ok - " : "not ok - ") + name);
			if (!cond) {
				failed++;
				if (detail !== undefined && detail !== "")
					for (const l of String(detail).slice(0, 1200).split("\n").slice(0, 20))
						console.log("#   " + l);
			}
			return cond;
		},
		failures() { return failed; },
	};
};
