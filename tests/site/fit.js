#!/usr/bin/env node
/* fit.js — diagrams that fit the page, in real headless Chromium, for
 * tests/0850-diagram-fit.t.
 *
 *   node fit.js SITE_DIR PROFILE_DIR ROOT_LABEL
 *
 * SITE_DIR's session 1 has, as its first diagram, a wide tree whose root
 * is labelled ROOT_LABEL: wider than the text column at its natural size,
 * narrower than the page's free width at 3/4 of it.  Checks, measured
 * from the drawn SVG (not from what cg.js says it did): at 1280x900 the
 * frame takes the free width of the page, the tree fits in it (nothing
 * to scroll) with its text at 12px or more, no sideways page scroll, a
 * small diagram keeps its natural size; on the whole-session page the
 * frame stops before the contents panel; at 390x844 the tree scrolls
 * inside its frame at full size and opens with its root centred.  Prints
 * "ok - …" / "not ok - …" lines; exit 0 when all passed.
 */
"use strict";
const path = require("path");
const cdp = require("./cdp");

const [siteArg, profile, rootLabel] = process.argv.slice(2);
const site = path.resolve(siteArg);
const { ok, failures } = cdp.checks();

const SIZES = { desktop: { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false },
	phone: { width: 390, height: 844, deviceScaleFactor: 1, mobile: true } };

/* Every diagram frame of the page: its box, what it scrolls, the SVG's
 * drawn and natural width, the text size as drawn, and the root node's
 * box (found by its label). */
const MEASURE = `(function(root){
	var de = document.documentElement, main = document.querySelector("main");
	var ms = getComputedStyle(main), toc = document.querySelector("aside.toc");
	var out = { page: de.scrollWidth, view: de.clientWidth,
		column: main.clientWidth - parseFloat(ms.paddingLeft) - parseFloat(ms.paddingRight),
		toc: toc && toc.getClientRects().length ? toc.getBoundingClientRect().left : null, frames: [] };
	document.querySelectorAll(".diagram-frame").forEach(function(f){
		var svg = f.querySelector("pre.mermaid svg"), fr = f.getBoundingClientRect();
		var d = { left: fr.left, right: fr.right, width: fr.width, client: f.clientWidth, scroll: f.scrollWidth };
		if (svg) {
			var vb = svg.viewBox.baseVal, t = svg.querySelector("text");
			d.natural = vb.width;
			d.drawn = svg.getBoundingClientRect().width;
			d.scale = d.drawn / vb.width;
			d.text = (t ? parseFloat(getComputedStyle(t).fontSize) : 16) * d.scale;
			svg.querySelectorAll("g.node").forEach(function(g){
				if (g.textContent.trim() !== root) return;
				var r = g.getBoundingClientRect();
				d.root = { cx: r.left + r.width / 2, left: r.left, right: r.right };
			});
		}
		out.frames.push(d);
	});
	return out;
})(${JSON.stringify(rootLabel)})`;

(async () => {
	const b = await cdp.launch(profile);
	const timer = setTimeout(() => { ok(false, "checks finished in time"); process.exit(1); }, 120000);
	const url = (p) => "file://" + path.join(site, p);
	const J = JSON.stringify;
	try {
		await b.send("Emulation.setDeviceMetricsOverride", SIZES.desktop);
		await b.open(url("s01-diagrams.html"));
		let m = await b.evaluate(MEASURE);
		let t = m.frames[0];
		ok(t && t.natural > m.column + 1, `1280px: the tree (${t && Math.round(t.natural)}px) is wider than the text column (${Math.round(m.column)}px)`, J(m));
		ok(t && t.width > m.column + 1 && t.right <= m.view, "1280px: its frame takes the free width to the right of the column", J(t));
		ok(t && t.scroll <= t.client, "1280px: the tree fits its frame (nothing to scroll)", J(t));
		ok(t && t.scale >= 0.75 && t.text >= 12, `1280px: at scale ${t && t.scale.toFixed(3)}, text ${t && t.text.toFixed(1)}px (at least 12px)`, J(t));
		ok(m.page <= m.view, "1280px: no sideways scroll of the page", J(m));
		const small = m.frames[1];
		ok(small && Math.abs(small.scale - 1) < 0.01 && small.width <= m.column + 1, "1280px: a diagram narrower than the column keeps its natural size and frame", J(small));

		await b.open(url("s01-all.html"));
		m = await b.evaluate(MEASURE);
		t = m.frames.find((f) => f.root);
		ok(m.toc !== null && t && t.right <= m.toc, "1280px, a page with contents: the frame stops before the contents panel", J(m));
		ok(m.page <= m.view && t && (t.scroll <= t.client ? t.text >= 12 : Math.abs(t.scale - 1) < 0.01),
			"... and the tree fits at 12px or more, or scrolls at full size", J(t));

		await b.send("Emulation.setDeviceMetricsOverride", SIZES.phone);
		await b.open(url("s01-diagrams.html"));
		m = await b.evaluate(MEASURE);
		t = m.frames[0];
		ok(t && t.scroll > t.client && Math.abs(t.scale - 1) < 0.01, "390px: the tree scrolls inside its frame at full size", J(t));
		ok(t && t.root && t.root.cx >= t.left && t.root.cx <= t.right, "390px: the root's centre is inside the frame's visible area", J(t));
		ok(t && t.root && Math.abs(t.root.cx - (t.left + t.right) / 2) <= t.width / 8, "390px: ... in the middle of it", J(t));
		ok(m.page <= m.view, "390px: no sideways scroll of the page", J(m));
	} catch (e) {
		ok(false, "fit checks ran", e.stack);
	}
	clearTimeout(timer);
	await b.close();
	process.exit(failures() ? 1 : 0);
})();
