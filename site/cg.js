/* cg.js — behaviour of the generated course site.
 *
 * Loaded by every page (from assets/), works from file:// and sends
 * nothing anywhere: preferences, visited sessions and quiz answers live in
 * localStorage only.  Features: dark mode (follows the OS until the toggle
 * is used), sidebar drawer, visited-session progress, ← / → keys for the
 * previous/next page, KaTeX for math spans, mermaid for diagrams (theme
 * follows dark mode), the interactive quiz, and search over the index
 * cg-site writes to assets/search-index.js (loaded on first use, as a
 * script because file:// pages cannot fetch files).
 */
(function () {
	"use strict";
	var root = document.documentElement;
	var store = {
		get: function (k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
		set: function (k, v) { try { window.localStorage.setItem(k, v); } catch (e) { /* private mode */ } },
		del: function (k) { try { window.localStorage.removeItem(k); } catch (e) { /* ignore */ } }
	};
	var THEME = "cg-theme";
	var saved = store.get(THEME);
	if (saved === "dark" || saved === "light")
		root.setAttribute("data-theme", saved);
	var osDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

	function theme() {
		var t = root.getAttribute("data-theme");
		if (t === "dark" || t === "light")
			return t;
		return osDark && osDark.matches ? "dark" : "light";
	}

	function $(sel, el) { return (el || document).querySelector(sel); }
	function $$(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }

	/* ---- mermaid ---------------------------------------------------- */
	var diagrams = [];
	function renderDiagrams() {
		if (!window.mermaid || !diagrams.length)
			return Promise.resolve();
		diagrams.forEach(function (el) {
			el.removeAttribute("data-processed");
			el.classList.remove("mermaid-failed");
			el.textContent = el.getAttribute("data-src");
		});
		window.mermaid.initialize({
			startOnLoad: false,
			securityLevel: "strict",
			theme: theme() === "dark" ? "dark" : "default",
			flowchart: { htmlLabels: false }
		});
		var chain = Promise.resolve();
		/* one at a time: a failing diagram is marked, the others still render */
		diagrams.forEach(function (el) {
			chain = chain.then(function () {
				return window.mermaid.run({ nodes: [el] }).catch(function (err) {
					el.classList.add("mermaid-failed");
					console.error("diagram could not be drawn: " + (err && err.message ? err.message : err));
				});
			});
		});
		return chain;
	}

	/* ---- math ------------------------------------------------------- */
	function renderMath() {
		if (!window.katex)
			return;
		$$("span.math").forEach(function (el) {
			var tex = el.textContent;
			try {
				window.katex.render(tex, el, {
					displayMode: el.classList.contains("display"),
					throwOnError: false
				});
				el.setAttribute("data-tex", tex);
			} catch (e) {
				el.textContent = tex;
			}
		});
	}

	/* ---- theme toggle ----------------------------------------------- */
	function showTheme() {
		var b = $("button.theme");
		if (!b)
			return;
		var dark = theme() === "dark";
		b.setAttribute("aria-pressed", dark ? "true" : "false");
		var l = $(".theme-label", b);
		if (l)
			l.textContent = "Dark mode";
	}
	function setupTheme() {
		var b = $("button.theme");
		showTheme();
		if (b)
			b.addEventListener("click", function () {
				var next = theme() === "dark" ? "light" : "dark";
				root.setAttribute("data-theme", next);
				store.set(THEME, next);
				showTheme();
				renderDiagrams();
			});
		if (osDark && osDark.addEventListener)
			osDark.addEventListener("change", function () {
				if (!store.get(THEME)) {
					showTheme();
					renderDiagrams();
				}
			});
	}

	/* ---- navigation --------------------------------------------------- */
	function setupNav() {
		var menu = $("button.menu");
		if (menu)
			menu.addEventListener("click", function () {
				var open = document.body.classList.toggle("nav-open");
				menu.setAttribute("aria-expanded", open ? "true" : "false");
			});
		document.addEventListener("keydown", function (ev) {
			if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.defaultPrevented)
				return;
			if (ev.key === "Escape" && document.body.classList.contains("nav-open")) {
				document.body.classList.remove("nav-open");
				if (menu) menu.setAttribute("aria-expanded", "false");
				return;
			}
			if (ev.key !== "ArrowLeft" && ev.key !== "ArrowRight")
				return;
			var t = ev.target;
			if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))
				return;
			var a = $(ev.key === "ArrowLeft" ? ".pager a[rel=prev]" : ".pager a[rel=next]");
			if (a) {
				ev.preventDefault();
				window.location.href = a.href;
			}
		});
	}

	/* ---- progress ----------------------------------------------------- */
	function setupProgress() {
		var body = document.body;
		var key = "cg-visited:" + (body.getAttribute("data-course") || "course");
		var seen = {};
		try { seen = JSON.parse(store.get(key) || "{}") || {}; } catch (e) { seen = {}; }
		var cur = body.getAttribute("data-session");
		if (cur && !seen[cur]) {
			seen[cur] = 1;
			store.set(key, JSON.stringify(seen));
		}
		var total = parseInt(body.getAttribute("data-sessions") || "0", 10);
		var n = 0;
		$$("nav.sidebar a[data-s]").forEach(function (a) {
			if (seen[a.getAttribute("data-s")]) {
				a.classList.add("visited");
				a.setAttribute("title", "visited");
				n++;
			}
		});
		$$(".session-list a[data-s]").forEach(function (a) {
			if (seen[a.getAttribute("data-s")])
				a.classList.add("visited");
		});
		var msg = "Visited " + n + " of " + total + " sessions";
		$$(".progress, .progress-text").forEach(function (p) {
			p.textContent = msg;
			if (p.classList.contains("progress")) {
				var bar = document.createElement("span");
				bar.className = "bar";
				bar.setAttribute("aria-hidden", "true");
				var fill = document.createElement("span");
				fill.style.width = (total ? Math.round(100 * n / total) : 0) + "%";
				bar.appendChild(fill);
				p.appendChild(bar);
			}
			p.hidden = false;
		});
	}

	/* ---- quiz --------------------------------------------------------- */
	function setupQuiz(quiz) {
		var data;
		try { data = JSON.parse($(".quiz-data", quiz).textContent); } catch (e) { return; }
		var answers = data.answers || [];
		var key = "cg-quiz:" + (document.body.getAttribute("data-course") || "course") + ":" +
		    quiz.getAttribute("data-session");
		var chosen = {};
		try { chosen = JSON.parse(store.get(key) || "{}") || {}; } catch (e) { chosen = {}; }
		var items = $$("ol.mc > li.q", quiz);

		function score() {
			var right = 0, answered = 0;
			items.forEach(function (li, i) {
				if (chosen[i] === undefined) return;
				answered++;
				if (chosen[i] === answers[i]) right++;
			});
			var n = $(".score-n", quiz), a = $(".score-a", quiz);
			if (n) n.textContent = String(right);
			if (a) a.textContent = String(answered);
		}
		function show(li, i, letter) {
			var want = answers[i] || "";
			li.classList.add("answered");
			$$("button.opt", li).forEach(function (b) {
				var o = b.getAttribute("data-o");
				b.setAttribute("aria-disabled", "true");
				b.classList.toggle("correct", o === want);
				b.classList.toggle("wrong", o === letter && o !== want);
				b.setAttribute("aria-pressed", o === letter ? "true" : "false");
			});
			var fb = $(".feedback", li);
			if (fb) {
				fb.textContent = letter === want ? "Correct." :
				    "Not quite: the answer is " + want + ".";
				fb.className = "feedback " + (letter === want ? "ok" : "no");
			}
			var ex = $(".explain", li);
			if (ex) ex.hidden = false;
		}
		function clear(li) {
			li.classList.remove("answered");
			$$("button.opt", li).forEach(function (b) {
				b.removeAttribute("aria-disabled");
				b.removeAttribute("aria-pressed");
				b.classList.remove("correct", "wrong");
			});
			var fb = $(".feedback", li);
			if (fb) { fb.textContent = ""; fb.className = "feedback"; }
			var ex = $(".explain", li);
			if (ex) ex.hidden = true;
		}
		items.forEach(function (li, i) {
			if (chosen[i] !== undefined)
				show(li, i, chosen[i]);
			$$("button.opt", li).forEach(function (b) {
				b.addEventListener("click", function () {
					if (chosen[i] !== undefined)
						return;	/* the first answer counts */
					chosen[i] = b.getAttribute("data-o");
					store.set(key, JSON.stringify(chosen));
					show(li, i, chosen[i]);
					score();
				});
			});
		});
		var reset = $(".quiz-reset", quiz);
		if (reset)
			reset.addEventListener("click", function () {
				chosen = {};
				store.del(key);
				items.forEach(clear);
				score();
			});
		score();
	}

	/* ---- search ------------------------------------------------------- */
	/* The tokeniser matches cg_site_tokens() in lib/search.c. */
	var STOP = {};
	("an and are as at be but by for from has have in into is it its of on or " +
	 "that the their this to was were which with").split(" ").forEach(function (w) { STOP[w] = 1; });
	function isWord(c) {
		if (c < 0x80)
			return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
		if (c <= 0xBF || c === 0xD7 || c === 0xF7) return false;
		if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
		    (c >= 0xFF00 && c <= 0xFF0F) || c === 0xFEFF || c === 0xFFFD ||
		    (c >= 0xD800 && c <= 0xDFFF)) return false;
		return true;
	}
	function tokens(s) {
		var out = [], cur = [], over = false;
		function flush() {
			if (cur.length >= 2 && !over) {
				var t = cur.join("");
				if (!STOP[t]) out.push(t);
			}
			cur = []; over = false;
		}
		for (var ch of s) {
			var c = ch.codePointAt(0);
			if (isWord(c)) {
				if (cur.length < 32)
					cur.push(c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch);
				else
					over = true;
			} else
				flush();
		}
		flush();
		return out;
	}

	var index = null, indexLoading = false, pending = null;
	function loadIndex(then) {
		if (index) { then(); return; }
		pending = then;
		if (indexLoading) return;
		indexLoading = true;
		var sc = document.createElement("script");
		sc.src = "assets/search-index.js";
		sc.onload = function () {
			var raw = window.CG_SEARCH;
			if (!raw) return;
			var total = 0;
			raw.docs.forEach(function (d) { total += d[3]; });
			index = { docs: raw.docs, terms: raw.terms, keys: Object.keys(raw.terms),
			    avg: raw.docs.length ? total / raw.docs.length : 1 };
			if (pending) { var p = pending; pending = null; p(); }
		};
		sc.onerror = function () { console.error("search index assets/search-index.js is missing"); };
		document.head.appendChild(sc);
	}

	function search(q) {
		var qt = tokens(q);
		if (!index || !qt.length) return [];
		var N = index.docs.length, k1 = 1.2, b = 0.75;
		var score = {}, hits = {};
		var prefixLast = !/\s$/.test(q);
		qt.forEach(function (t, qi) {
			var terms = [[t, 1]];
			if (qi === qt.length - 1 && prefixLast) {
				var n = 0;
				for (var i = 0; i < index.keys.length && n < 60; i++) {
					var k = index.keys[i];
					if (k !== t && k.lastIndexOf(t, 0) === 0) { terms.push([k, 0.6]); n++; }
				}
			}
			var seen = {};
			terms.forEach(function (tw) {
				var p = index.terms[tw[0]];
				if (!p) return;
				var df = p.length / 2;
				var idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
				for (var j = 0; j < p.length; j += 2) {
					var d = p[j], tf = p[j + 1], dl = index.docs[d][3] || 1;
					var s = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / index.avg)) * tw[1];
					score[d] = (score[d] || 0) + s;
					if (!seen[d]) { seen[d] = 1; hits[d] = (hits[d] || 0) + 1; }
				}
			});
		});
		return Object.keys(score).map(Number).sort(function (x, y) {
			return (hits[y] - hits[x]) || (score[y] - score[x]) || (x - y);
		}).slice(0, 12).map(function (d) {
			var doc = index.docs[d];
			return { url: doc[0], title: doc[1], section: doc[2], all: hits[d] === qt.length };
		});
	}

	function setupSearch() {
		var input = $("#q"), box = $("#results");
		if (!input || !box) return;
		function show() {
			var q = input.value;
			box.textContent = "";
			if (!tokens(q).length) { box.hidden = true; return; }
			var res = search(q);
			var head = document.createElement("p");
			head.className = "results-head";
			head.setAttribute("role", "status");
			head.textContent = res.length ? res.length + (res.length === 12 ? "+" : "") + " results" : "No results";
			box.appendChild(head);
			if (res.length) {
				var ol = document.createElement("ol");
				res.forEach(function (r) {
					var li = document.createElement("li"), a = document.createElement("a");
					a.href = r.url;
					var t = document.createElement("span");
					t.className = "r-title";
					t.textContent = r.title;
					var s = document.createElement("span");
					s.className = "r-section";
					s.textContent = r.section;
					a.appendChild(t);
					a.appendChild(s);
					li.appendChild(a);
					ol.appendChild(li);
				});
				box.appendChild(ol);
			}
			box.hidden = false;
		}
		function run() { loadIndex(show); }
		input.addEventListener("focus", function () { loadIndex(function () {}); });
		input.addEventListener("input", run);
		input.addEventListener("keydown", function (ev) {
			if (ev.key === "Escape") { input.value = ""; box.hidden = true; }
			if (ev.key === "ArrowDown") {
				var a = $("a", box);
				if (a) { ev.preventDefault(); a.focus(); }
			}
			if (ev.key === "Enter") {
				var first = $("a", box);
				if (first) window.location.href = first.href;
			}
		});
		box.addEventListener("keydown", function (ev) {
			var links = $$("a", box), i = links.indexOf(document.activeElement);
			if (ev.key === "ArrowDown" && i >= 0 && i + 1 < links.length) { ev.preventDefault(); links[i + 1].focus(); }
			if (ev.key === "ArrowUp" && i >= 0) { ev.preventDefault(); (i ? links[i - 1] : input).focus(); }
			if (ev.key === "Escape") { box.hidden = true; input.focus(); }
		});
		document.addEventListener("click", function (ev) {
			if (!box.contains(ev.target) && ev.target !== input) box.hidden = true;
		});
		var m = /[?&]q=([^&#]*)/.exec(window.location.search);
		if (m) {
			input.value = decodeURIComponent(m[1].replace(/\+/g, " "));
			run();
		}
	}

	/* ---- start -------------------------------------------------------- */
	function start() {
		setupTheme();
		setupNav();
		setupProgress();
		$$(".quiz").forEach(setupQuiz);
		setupSearch();
		renderMath();
		diagrams = $$("pre.mermaid");
		diagrams.forEach(function (el) { el.setAttribute("data-src", el.textContent); });
		renderDiagrams().then(function () {
			root.setAttribute("data-cg-ready", "1");
		});
	}
	window.cgSearch = function (q) { return search(q); };
	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", start);
	else
		start();
})();
