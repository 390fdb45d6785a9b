#!/usr/bin/env node
/* serve.js — cg-site -S's reload in real headless Chromium, for
 * tests/0840-serve.t.
 *
 *   node serve.js URL FILE WORD PROFILE_DIR
 *
 * Opens URL (a page served by cg-site -S), marks the window, and checks
 * that the page does not reload by itself; then appends a paragraph
 * holding WORD to FILE (a content file of the course) and checks that
 * the page reloads (the mark gone, a navigation of type "reload") and
 * shows WORD.  Prints "ok - …" / "not ok - …" lines; exit 0 when all
 * passed.
 */
"use strict";
const fs = require("fs");
const cdp = require("./cdp");

const [url, file, word, profile] = process.argv.slice(2);
const { ok, failures } = cdp.checks();

(async () => {
	const b = await cdp.launch(profile);
	const timer = setTimeout(() => { ok(false, "checks finished in time"); process.exit(1); }, 90000);
	try {
		await b.open(url);
		ok(await b.evaluate("!!document.querySelector('script[src=\"/__cg/live.js\"]')"),
			"the served page carries the reload script");
		await b.evaluate("window.cgMark = 1");
		/* the event stream is open and its first event named this build */
		await b.sleep(1500);
		ok(await b.evaluate("window.cgMark === 1"), "... and does not reload by itself");
		fs.appendFileSync(file, "\n\n" + word + " was added while the page was open.\n");
		let reloaded = false;
		for (let i = 0; i < 300 && !reloaded; i++) {
			await b.sleep(100);
			try {
				reloaded = await b.evaluate("window.cgMark === undefined && " +
					"document.documentElement.getAttribute('data-cg-ready') === '1'");
			} catch (e) { /* between two documents */ }
		}
		ok(reloaded, "a change of the course reloads the open page");
		ok(await b.evaluate("performance.getEntriesByType('navigation')[0].type") === "reload",
			"... as a reload");
		const text = await b.evaluate("document.body.textContent");
		ok(text.includes(word), "... which shows the change", text.slice(0, 300));
	} catch (e) {
		ok(false, "no error", e.stack);
	}
	clearTimeout(timer);
	await b.close();
	process.exit(failures() ? 1 : 0);
})();
