#!/usr/bin/env node
/* shots.js — screenshots of a course site for review, at phone size
 * (390x844) and desktop size (1280x900): the index, a session part, a
 * diagram full screen, and a handout page (print media); the dark theme
 * too for the part page.  Writes PNG files into OUT_DIR and names them.
 *
 *   node shots.js SITE_DIR OUT_DIR PROFILE_DIR [PART_PAGE [DIAGRAM_PAGE]]
 */
"use strict";
const fs = require("fs");
const path = require("path");
const cdp = require("./cdp");

const [site, outdir, profile] = process.argv.slice(2, 5).map((p) => path.resolve(p));
const part = process.argv[5] || "s01-lecture.html";
const dgm = process.argv[6] || "s01-concept-map.html";
const SIZES = { phone: { width: 390, height: 844, deviceScaleFactor: 1, mobile: true },
	desktop: { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false } };

async function shot(b, name) {
	const r = await b.send("Page.captureScreenshot", { format: "png" });
	const f = path.join(outdir, name + ".png");
	fs.writeFileSync(f, Buffer.from(r.data, "base64"));
	console.log(f);
}

(async () => {
	fs.mkdirSync(outdir, { recursive: true });
	const b = await cdp.launch(profile);
	const url = (p) => "file://" + path.join(site, p);
	try {
		for (const [size, m] of Object.entries(SIZES)) {
			await b.send("Emulation.setDeviceMetricsOverride", m);
			await b.send("Emulation.setEmulatedMedia", { media: "" });
			await b.open(url("index.html"));
			await b.evaluate("localStorage.removeItem('cg-theme')");
			await b.open(url("index.html"));
			await shot(b, `index-${size}`);
			await b.open(url(part));
			await shot(b, `part-${size}`);
			await b.evaluate("localStorage.setItem('cg-theme','dark')");
			await b.open(url(part));
			await shot(b, `part-dark-${size}`);
			await b.open(url(dgm));
			await b.evaluate("document.querySelector('.diagram-frame').scrollIntoView()");
			await shot(b, `diagram-${size}`);
			await b.evaluate("document.querySelector('.diagram-frame').click()");
			await b.sleep(300);
			await shot(b, `diagram-fullscreen-${size}`);
			await b.evaluate("localStorage.removeItem('cg-theme')");
			await b.open(url("handout.html"));
			await b.send("Emulation.setEmulatedMedia", { media: "print" });
			await b.evaluate("(document.querySelector('.kind-quiz')||document.body).scrollIntoView()");
			await shot(b, `handout-quiz-print-${size}`);
		}
	} finally {
		await b.close();
	}
})().catch((e) => { console.error("shots.js: " + e.message); process.exit(1); });
