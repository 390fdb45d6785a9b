#!/usr/bin/env node
/* search.js — the site's search in real headless Chromium, for
 * tests/0780-search.t.
 *
 *   node search.js SITE_DIR PROFILE_DIR FOLDTAB_H
 *
 * SITE_DIR is a Spanish course whose session 1 lecture has a section
 * "Términos clave" holding "Astronomía" (and "Ёлка", "Łódź").  Checks:
 * cg.js folds every character of lib/site/foldtab.h as the C side does;
 * "astronomia", "ASTRONOMÍA" and "elka" find that section; the result's
 * anchor is an id on the page and the page's contents link to it; the page
 * opened from a result marks the word; "/" and "s" put the caret in the
 * search box, but not while typing in a field.  Prints "ok - …" /
 * "not ok - …" lines; exit 0 when all passed.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const cdp = require("./cdp");

const [siteArg, profile, tabFile] = process.argv.slice(2);
const site = path.resolve(siteArg);
const { ok, failures } = cdp.checks();

(async () => {
	const b = await cdp.launch(profile);
	const timer = setTimeout(() => { ok(false, "checks finished in time"); process.exit(1); }, 120000);
	const url = (p) => "file://" + site + "/" + p;
	try {
		await b.open(url("s01-lecture.html"));
		/* the folding table, character by character, against cg.js */
		const rows = [...fs.readFileSync(tabFile, "utf8").matchAll(/\{ 0x([0-9A-F]+), 0x([0-9A-F]+), 0x([0-9A-F]+) \}/g)]
			.map((m) => [parseInt(m[1], 16), parseInt(m[3], 16)]);
		const bad = await b.evaluate(`(function(){var rows=${JSON.stringify(rows)},bad=[];
			rows.forEach(function(r){var t=window.cgTokens("z"+String.fromCodePoint(r[0])+"z");
			var want="z"+String.fromCodePoint(r[1])+"z";if(t.length!==1||t[0]!==want)bad.push(r[0].toString(16)+":"+t.join(","));});
			return bad;})()`);
		ok(rows.length > 500 && bad.length === 0, `cg.js folds all ${rows.length} characters of foldtab.h as the index does`, bad.slice(0, 10).join(" "));
		const t = await b.evaluate("window.cgTokens('ASTRONOMÍA astronomi\\u0301a Ёлка Łódź')");
		ok(JSON.stringify(t) === JSON.stringify(["astronomia", "astronomia", "елка", "lodz"]), "a query is folded (case, accents, decomposed text)", JSON.stringify(t));

		/* Chinese and Japanese without spaces: pairs of characters, as
		 * cg_site_tokens() gives them (tests/unit/md.c, same text) */
		const cjk = await b.evaluate("window.cgTokens('細胞分裂は重要。CPUの速度 水')");
		ok(JSON.stringify(cjk) === JSON.stringify(["細胞", "胞分", "分裂", "裂は", "は重", "重要", "cpu", "の速", "速度", "水"]),
			"text without spaces gives every two characters side by side, as the index does", JSON.stringify(cjk));

		/* search: accents and case either way */
		await b.evaluate("window.cgSearch('x'); document.getElementById('q').focus(); true");
		await b.evaluate("new Promise(function(r){var n=0;(function w(){if(window.CG_SEARCH||n++>100)r(1);else setTimeout(w,50)})()})");
		for (const q of ["astronomia", "ASTRONOMÍA", "Astronomía", "astronomí", "елка", "ЁЛКА", "lodz"]) {
			const r = await b.evaluate(`window.cgSearch(${JSON.stringify(q)})`);
			const first = r && r[0] ? r[0].url : "";
			ok(/^s01-lecture\.html#lecture-términos-clave$/.test(first), `"${q}" finds the section "Términos clave" first`, JSON.stringify(r && r.slice(0, 3)));
		}

		/* 水 is in the index only inside the pair は水: a one-character
		 * word matches every pair that holds it */
		for (const q of ["分裂", "細胞分裂", "細胞分", "水"]) {
			const r = await b.evaluate(`window.cgSearch(${JSON.stringify(q)})`);
			const first = r && r[0] ? r[0].url : "";
			ok(/^s02-lecture\.html#lecture-用語$/.test(first), `"${q}" finds Japanese written without spaces`, JSON.stringify(r && r.slice(0, 3)));
		}

		/* the anchor: an element of the page, and what the contents link to */
		const ids = await b.evaluate(`(function(){var h=document.getElementById('lecture-términos-clave');
			var links=[].slice.call(document.querySelectorAll('.toc a, .toc-inline a')).map(function(a){return decodeURIComponent(a.getAttribute('href'))});
			var dead=links.filter(function(l){return l[0]==='#'&&!document.getElementById(l.slice(1))});
			return {h:h?h.textContent:null,links:links,dead:dead};})()`);
		ok(ids.h === "Términos clave", "the section's id is lecture-términos-clave", JSON.stringify(ids));
		ok(ids.links.includes("#lecture-términos-clave") && ids.dead.length === 0, "the page's contents link to it, and every contents link has its target", JSON.stringify(ids));

		/* the page a result opens: the word marked after the section */
		await b.open(url("s01-lecture.html?hl=astronomia#" + encodeURIComponent("lecture-términos-clave")));
		const hit = await b.evaluate(`(function(){var m=document.querySelectorAll('mark.hit');return [].map.call(m,function(x){return x.textContent});})()`);
		ok(hit.length >= 1 && hit.every((h) => h === "Astronomía"), "the page opened from a result marks Astronomía", JSON.stringify(hit));

		await b.open(url("s02-lecture.html?hl=" + encodeURIComponent("細胞分裂") + "#" + encodeURIComponent("lecture-用語")));
		const jhit = await b.evaluate(`(function(){var m=document.querySelectorAll('mark.hit');return [].map.call(m,function(x){return x.textContent});})()`);
		ok(JSON.stringify(jhit) === JSON.stringify(["細胞分裂"]), "the page opened from a Japanese search marks the word once, whole", JSON.stringify(jhit));

		/* keys: "/" and "s" to the search box, not while typing elsewhere */
		const key = async (k) => {
			for (const type of ["keyDown", "keyUp"])
				await b.send("Input.dispatchKeyEvent", { type, key: k, text: type === "keyDown" ? k : undefined,
					code: k === "/" ? "Slash" : "KeyS", windowsVirtualKeyCode: k === "/" ? 191 : 83 });
		};
		for (const k of ["/", "s"]) {
			await b.evaluate("document.activeElement && document.activeElement.blur(); document.getElementById('q').value=''; true");
			await key(k);
			const st = await b.evaluate("({id:document.activeElement&&document.activeElement.id,v:document.getElementById('q').value})");
			ok(st.id === "q" && st.v === "", `"${k}" puts the caret in an empty search box`, JSON.stringify(st));
		}
		await b.evaluate("var f=document.createElement('textarea');f.id='other';document.querySelector('main').appendChild(f);f.focus();true");
		await key("s");
		await key("/");
		const st = await b.evaluate("({id:document.activeElement.id,v:document.getElementById('other').value})");
		ok(st.id === "other" && st.v === "s/", '"s" and "/" typed in another field stay there', JSON.stringify(st));
	} catch (e) {
		ok(false, "search checks ran", e.stack);
	}
	clearTimeout(timer);
	await b.close();
	process.exit(failures() ? 1 : 0);
})();
