/* cg.js — behaviour of the generated course site.
 *
 * Loaded by every page (from assets/), works from file:// and sends
 * nothing anywhere: preferences, visited sessions and quiz answers live in
 * localStorage only.  Features: dark mode (follows the OS until the toggle
 * is used), sidebar drawer, visited-session progress, ← / → keys for the
 * previous/next page, KaTeX for math spans, mermaid for diagrams (theme
 * follows dark mode), the interactive quiz, and search over the index
 * cg-site writes to assets/search-index.js (loaded on first use, as a
 * script because file:// pages cannot fetch files).  The words it shows
 * come from the page (a JSON script element, id cg-labels, that cg-site
 * fills from site/labels/LANG.yaml); L(key, {name: value}) gives one.
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

	/* ---- words ------------------------------------------------------ */
	var EN = {
		correct: "Correct.", not_quite: "Not quite: the answer is {answer}.",
		visited: "visited", progress: "Visited {n} of {total} sessions",
		dark_mode: "Dark mode", full_screen: "Full screen", diagram: "Diagram",
		diagram_full_screen: "Diagram, full screen",
		diagram_open: "Diagram: press Enter to open it full screen",
		zoom_in: "Zoom in", zoom_out: "Zoom out", fit_screen: "Fit to screen", fit: "Fit",
		close_full_screen: "Close full screen", result_one: "{n} result",
		result_many: "{n} results", no_results: "No results", more_results: "More results"
	};
	var WORDS = {};
	(function () {
		var el = document.getElementById("cg-labels");
		try { WORDS = (el && JSON.parse(el.textContent)) || {}; } catch (e) { WORDS = {}; }
	})();
	function L(key, vars) {
		var t = WORDS[key] || EN[key] || key;
		return vars ? t.replace(/\{(\w+)\}/g, function (m, k) {
			return vars[k] !== undefined ? String(vars[k]) : m;
		}) : t;
	}
	window.cgLabel = L;
	var RTL = root.getAttribute("dir") === "rtl";

	function $(sel, el) { return (el || document).querySelector(sel); }
	function $$(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }

	/* ---- mermaid ---------------------------------------------------- */
	/* Diagrams are drawn at their natural size (useMaxWidth off), then
	 * fitted to the page (fitDiagram).  When the screen is dark, each
	 * also gets a light copy that only paper shows (print cannot wait for
	 * a re-render). */
	var diagrams = [];
	function mermaidInit(t) {
		window.mermaid.initialize({
			startOnLoad: false,
			securityLevel: "strict",
			theme: t === "dark" ? "dark" : "default",
			flowchart: { htmlLabels: false, useMaxWidth: false }
		});
	}
	function runOne(el) {
		return window.mermaid.run({ nodes: [el] }).catch(function (err) {
			el.classList.add("mermaid-failed");
			console.error("diagram could not be drawn: " + (err && err.message ? err.message : err));
		});
	}
	function renderDiagrams() {
		if (!window.mermaid || !diagrams.length)
			return Promise.resolve();
		var dark = theme() === "dark";
		diagrams.forEach(function (el) {
			el.removeAttribute("data-processed");
			el.classList.remove("mermaid-failed");
			el.textContent = el.getAttribute("data-src");
			var frame = el.parentNode, old = $(".mermaid-print", frame);
			if (old) frame.removeChild(old);
			frame.classList.remove("has-print");
		});
		var chain = Promise.resolve().then(function () { mermaidInit(theme()); });
		/* one at a time: a failing diagram is marked, the others still render */
		diagrams.forEach(function (el) {
			chain = chain.then(function () { return runOne(el); });
		});
		if (dark) {
			chain = chain.then(function () { mermaidInit("light"); });
			diagrams.forEach(function (el) {
				chain = chain.then(function () {
					if (el.classList.contains("mermaid-failed")) return;
					var p = document.createElement("div");
					p.className = "mermaid-print";
					p.setAttribute("aria-hidden", "true");
					p.textContent = el.getAttribute("data-src");
					el.parentNode.appendChild(p);
					return window.mermaid.run({ nodes: [p] }).then(function () {
						el.parentNode.classList.add("has-print");
					}, function (err) {
						console.error("diagram could not be drawn for print: " + (err && err.message ? err.message : err));
						el.parentNode.removeChild(p);
					});
				});
			});
		}
		return chain.then(fitDiagrams);
	}

	/* ---- diagrams that fit ------------------------------------------ */
	/* A diagram wider than the text column may take the free width of
	 * the page to its right (up to the contents panel or the window's
	 * margin), never more than it needs.  One still wider is scaled down
	 * to its frame while its text stays at least MINTEXT pixels; else it
	 * scrolls inside its frame, which opens centred on its root. */
	var MINTEXT = 12;
	/* The root of a diagram from its strict source: the first node
	 * declared that no arrow enters, else the first node. */
	function rootOf(src) {
		var ids = [], into = {}, m;
		(src || "").split("\n").forEach(function (l) {
			m = /^\s*([A-Za-z0-9_]+) (-->|---|-\.->|-\.-|==>|===|<-->)(?:\|"[^|]*"\|)? ([A-Za-z0-9_]+)$/.exec(l);
			if (m) {
				into[m[3]] = 1;
				if (m[2] === "<-->") into[m[1]] = 1;
			} else if ((m = /^\s*([A-Za-z0-9_]+)[[({>]/.exec(l)) && !/^\s*subgraph /.test(l))
				ids.push(m[1]);
		});
		for (var i = 0; i < ids.length; i++)
			if (!into[ids[i]]) return ids[i];
		return ids[0];
	}
	function nodeEl(svg, id) {
		var g = $$("g.node", svg);
		for (var i = 0; i < g.length; i++) {
			var m = /-flowchart-(.+)-\d+$/.exec(g[i].id);
			if (m && m[1] === id) return g[i];
		}
		return null;
	}
	/* the right edge a frame may reach, in viewport pixels */
	function rightEdge(fig) {
		var main = fig.closest("main") || document.body;
		var gap = parseFloat(getComputedStyle(main).paddingRight) || 16;
		var toc = $("aside.toc");
		var right = document.documentElement.clientWidth - gap;
		if (toc && toc.getClientRects().length)
			right = Math.min(right, toc.getBoundingClientRect().left - gap);
		return right;
	}
	function fitDiagram(frame) {
		var pre = $("pre.mermaid", frame), svg = pre && $("svg", pre);
		frame.classList.remove("fit-wide", "fit-scaled", "fit-scrolls");
		frame.style.removeProperty("--fit-w");
		frame.style.removeProperty("--fit-svg-w");
		delete frame.dataset.fitScale;
		if (!svg) return;
		var vb = svg.viewBox && svg.viewBox.baseVal;
		var w = vb && vb.width ? vb.width : svg.getBoundingClientRect().width;
		var fig = frame.parentNode;
		var ps = getComputedStyle(pre), pad = parseFloat(ps.paddingLeft) + parseFloat(ps.paddingRight);
		var col = fig.clientWidth, border = frame.offsetWidth - frame.clientWidth;
		var room = rightEdge(fig) - fig.getBoundingClientRect().left;
		var fw = Math.max(col, Math.min(room, Math.ceil(w + pad + border)));
		if (fw > col + 1) {
			frame.style.setProperty("--fit-w", fw + "px");
			frame.classList.add("fit-wide");
		}
		var inner = frame.clientWidth - pad, scale = 1;
		if (w > inner) {
			var t = $("text", svg);
			var fs = t ? parseFloat(getComputedStyle(t).fontSize) || 16 : 16;
			if (fs * inner / w >= MINTEXT) {
				scale = inner / w;
				frame.style.setProperty("--fit-svg-w", inner + "px");
				frame.classList.add("fit-scaled");
			} else {
				frame.classList.add("fit-scrolls");
				var root = nodeEl(svg, rootOf(pre.getAttribute("data-src")));
				if (root) {
					var r = root.getBoundingClientRect(), f = frame.getBoundingClientRect();
					var c = r.left + r.width / 2 - f.left - frame.clientLeft + frame.scrollLeft;
					frame.scrollLeft = Math.max(0, c - frame.clientWidth / 2);
				}
			}
		}
		frame.dataset.fitScale = scale.toFixed(3);
	}
	function fitDiagrams() {
		$$(".diagram-frame").forEach(fitDiagram);
	}
	var fitting = 0;
	window.addEventListener("resize", function () {
		if (fitting) return;
		fitting = window.requestAnimationFrame(function () { fitting = 0; fitDiagrams(); });
	});

	/* ---- full-screen diagram viewer: drag to pan, wheel / + / - to zoom */
	function openViewer(frame) {
		var svg = $("pre.mermaid svg", frame);
		if (!svg) return;
		var back = document.activeElement;
		var v = document.createElement("div");
		v.className = "viewer";
		v.setAttribute("role", "dialog");
		v.setAttribute("aria-modal", "true");
		v.setAttribute("aria-label", L("diagram_full_screen"));
		var bar = document.createElement("div");
		bar.className = "viewer-bar";
		var title = document.createElement("span");
		title.className = "v-title";
		var cap = frame.parentNode ? $("figcaption", frame.parentNode) : null;
		title.textContent = cap && cap.firstChild && cap.firstChild.nodeType === 3 ? cap.firstChild.textContent : L("diagram");
		bar.appendChild(title);
		function btn(label, text, fn) {
			var b = document.createElement("button");
			b.type = "button";
			b.setAttribute("aria-label", label);
			b.textContent = text;
			b.addEventListener("click", fn);
			bar.appendChild(b);
			return b;
		}
		var stage = document.createElement("div");
		stage.className = "viewer-stage";
		var copy = svg.cloneNode(true);
		copy.removeAttribute("style");
		var vb = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal : null;
		var w = vb ? vb.width : svg.getBoundingClientRect().width;
		var h = vb ? vb.height : svg.getBoundingClientRect().height;
		copy.setAttribute("width", w);
		copy.setAttribute("height", h);
		stage.appendChild(copy);
		var z = 1, x = 0, y = 0;
		function apply() { copy.style.transform = "translate(" + x + "px," + y + "px) scale(" + z + ")"; }
		function fit() {
			var r = stage.getBoundingClientRect();
			z = Math.min(r.width / w, r.height / h, 4);
			if (z * 16 < 12) z = 12 / 16;	/* never below a readable size */
			x = Math.max(0, (r.width - w * z) / 2);
			y = Math.max(0, (r.height - h * z) / 2);
			apply();
		}
		function zoom(f, cx, cy) {
			var r = stage.getBoundingClientRect();
			if (cx === undefined) { cx = r.width / 2; cy = r.height / 2; }
			var nz = Math.min(8, Math.max(0.2, z * f));
			x = cx - (cx - x) * nz / z;
			y = cy - (cy - y) * nz / z;
			z = nz;
			apply();
		}
		btn(L("zoom_out"), "−", function () { zoom(1 / 1.25); });
		btn(L("zoom_in"), "+", function () { zoom(1.25); });
		btn(L("fit_screen"), L("fit"), fit);
		var close = btn(L("close_full_screen"), "✕", shut);
		v.appendChild(bar);
		v.appendChild(stage);
		var drag = null;
		stage.addEventListener("pointerdown", function (ev) {
			drag = { px: ev.clientX, py: ev.clientY, x: x, y: y };
			stage.classList.add("dragging");
			if (stage.setPointerCapture) stage.setPointerCapture(ev.pointerId);
		});
		stage.addEventListener("pointermove", function (ev) {
			if (!drag) return;
			x = drag.x + ev.clientX - drag.px;
			y = drag.y + ev.clientY - drag.py;
			apply();
		});
		function end() { drag = null; stage.classList.remove("dragging"); }
		stage.addEventListener("pointerup", end);
		stage.addEventListener("pointercancel", end);
		stage.addEventListener("wheel", function (ev) {
			ev.preventDefault();
			var r = stage.getBoundingClientRect();
			zoom(ev.deltaY < 0 ? 1.15 : 1 / 1.15, ev.clientX - r.left, ev.clientY - r.top);
		}, { passive: false });
		function keys(ev) {
			if (ev.key === "Escape") { ev.preventDefault(); shut(); }
			else if (ev.key === "+" || ev.key === "=") zoom(1.25);
			else if (ev.key === "-") zoom(1 / 1.25);
			else if (ev.key === "ArrowLeft") { x += 40; apply(); }
			else if (ev.key === "ArrowRight") { x -= 40; apply(); }
			else if (ev.key === "ArrowUp") { y += 40; apply(); }
			else if (ev.key === "ArrowDown") { y -= 40; apply(); }
			else return;
			ev.stopPropagation();
		}
		function shut() {
			document.removeEventListener("keydown", keys, true);
			if (v.parentNode) v.parentNode.removeChild(v);
			document.body.classList.remove("viewer-open");
			if (back && back.focus) back.focus();
		}
		document.addEventListener("keydown", keys, true);
		document.body.appendChild(v);
		document.body.classList.add("viewer-open");
		fit();
		close.focus();
	}
	function setupViewer() {
		$$(".diagram-frame[data-zoom]").forEach(function (f) {
			f.setAttribute("aria-label", L("diagram_open"));
			var tools = document.createElement("p");
			tools.className = "diagram-tools";
			var b = document.createElement("button");
			b.type = "button";
			b.textContent = L("full_screen");
			b.addEventListener("click", function () { openViewer(f); });
			tools.appendChild(b);
			f.parentNode.insertBefore(tools, f.nextSibling);
			f.addEventListener("click", function () { openViewer(f); });
			f.addEventListener("keydown", function (ev) {
				if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); openViewer(f); }
			});
		});
	}

	/* ---- math ------------------------------------------------------- */
	function renderMath(within) {
		if (!window.katex)
			return;
		$$("span.math", within).forEach(function (el) {
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
			l.textContent = L("dark_mode");
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
			/* right to left: the previous page is to the right */
			var back = (ev.key === "ArrowLeft") !== RTL;
			var a = $(back ? ".pager a[rel=prev]" : ".pager a[rel=next]");
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
				a.setAttribute("title", L("visited"));
				n++;
			}
		});
		$$(".session-list a[data-s]").forEach(function (a) {
			if (seen[a.getAttribute("data-s")])
				a.classList.add("visited");
		});
		var msg = L("progress", { n: n, total: total });
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
	/* An explanation or model answer: shown.  In the students' edition it
	 * comes base64-encoded in data-reveal, decoded only now. */
	function reveal(el) {
		var d = el.getAttribute("data-reveal");
		if (d !== null) {
			try {
				var bin = window.atob(d), bytes = new Uint8Array(bin.length);
				for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
				el.innerHTML = new TextDecoder().decode(bytes);
			} catch (e) {
				console.error("answer could not be decoded: " + e);
			}
			el.removeAttribute("data-reveal");
			renderMath(el);
		}
		el.hidden = false;
	}
	/* The students' own answers to open questions, kept in the browser;
	 * the model answer is offered once something is written. */
	function setupOwnAnswers(quiz) {
		var key = "cg-open:" + (document.body.getAttribute("data-course") || "course") + ":" +
		    quiz.getAttribute("data-session");
		var kept = {};
		try { kept = JSON.parse(store.get(key) || "{}") || {}; } catch (e) { kept = {}; }
		$$(".own-answer", quiz).forEach(function (box, i) {
			var ta = $("textarea", box), btn = $("button.reveal", box), ex = $(".explain", box);
			if (!ta) return;
			if (kept[i]) ta.value = kept[i];
			function sync() { if (btn) btn.disabled = !ta.value.trim(); }
			ta.addEventListener("input", function () {
				kept[i] = ta.value;
				store.set(key, JSON.stringify(kept));
				sync();
			});
			if (btn && ex)
				btn.addEventListener("click", function () {
					if (!ta.value.trim()) return;
					reveal(ex);
					btn.hidden = true;
				});
			sync();
		});
	}
	function setupQuiz(quiz) {
		setupOwnAnswers(quiz);
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
				fb.textContent = letter === want ? L("correct") :
				    L("not_quite", { answer: want });
				fb.className = "feedback " + (letter === want ? "ok" : "no");
			}
			var ex = $(".explain", li);
			if (ex) reveal(ex);
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
	/* The tokeniser matches cg_site_tokens() in lib/site/search.c; the stop
	 * words come with the index (the course language's, folded).  Terms
	 * are stemmed here, at query time, for the query and the index alike. */
	var STOP = {};
	/* Folding: cg_site_fold() (lib/site/foldtab.h, made by
	 * tests/site/foldtab.js the same way): Latin, Greek and Cyrillic
	 * letters to lower case without diacritics, ASCII to lower case. */
	var FOLD_RANGES = [[0xC0, 0x24F], [0x370, 0x3FF], [0x400, 0x4FF], [0x1E00, 0x1EFF]];
	var FOLD_EXTRA = { "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i" };
	var folded = {};
	function one(s) { var a = Array.from(s); return a.length === 1 ? a[0] : null; }
	function foldChar(ch) {
		var c = ch.codePointAt(0);
		if (c < 0x80) return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch;
		if (folded[ch] !== undefined) return folded[ch];
		var f = ch;
		for (var i = 0; i < FOLD_RANGES.length; i++)
			if (c >= FOLD_RANGES[i][0] && c <= FOLD_RANGES[i][1]) {
				var lo = one(ch.toLowerCase()) || ch;
				f = one(ch.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")) || lo;
				f = FOLD_EXTRA[f] || f;
			}
		return (folded[ch] = f);
	}
	function isMark(c) { return c >= 0x300 && c <= 0x36F; }
	function isWord(c) {
		if (c < 0x80)
			return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
		if (c <= 0xBF || c === 0xD7 || c === 0xF7) return false;
		if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
		    (c >= 0xFF00 && c <= 0xFF0F) || c === 0xFEFF || c === 0xFFFD ||
		    (c >= 0xD800 && c <= 0xDFFF)) return false;
		return true;
	}
	/* Chinese and Japanese characters: cg_iscjk() */
	function isCJK(c) {
		return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
		    (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
		    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F) ||
		    (c >= 0x20000 && c <= 0x3FFFF);
	}
	/* words of s with their offsets: [{w: folded word, i, n}]; text
	 * without spaces (Chinese, Japanese) gives every two characters side
	 * by side, a lone one alone, as cg_site_tokens() does */
	function words(s) {
		var out = [], cur = [], start = 0, i = 0, over = false, run = 0, prev = null;
		function flush(end) {
			if (cur.length >= 2 && !over) out.push({ w: cur.join(""), i: start, n: end - start });
			cur = []; over = false;
		}
		for (var ch of s) {
			var c = ch.codePointAt(0);
			if (isCJK(c)) {
				if (run++) out.push({ w: foldChar(prev.ch) + foldChar(ch), i: prev.i, n: i + ch.length - prev.i });
				prev = { ch: ch, i: i };
			} else if (run) {
				if (run === 1) out.push({ w: foldChar(prev.ch), i: prev.i, n: prev.ch.length });
				run = 0;
			}
			if (isWord(c) && !isCJK(c)) {
				if (!cur.length) start = i;
				if (isMark(c))
					;
				else if (cur.length < 32)
					cur.push(foldChar(ch));
				else
					over = true;
			} else if (cur.length || over)
				flush(i);
			i += ch.length;
		}
		if (run === 1) out.push({ w: foldChar(prev.ch), i: prev.i, n: prev.ch.length });
		flush(i);
		return out;
	}
	function tokens(s) {
		return words(s).map(function (w) { return w.w; }).filter(function (t) { return !STOP[t]; });
	}
	/* A light stemmer: plural and a few common endings, per language
	 * (others are not stemmed).  Only ever compared with itself. */
	var LANG = (document.documentElement.getAttribute("lang") || "en").slice(0, 2);
	function cut(w, suf, keep) {
		return w.length - suf.length >= keep && w.slice(-suf.length) === suf ? w.slice(0, -suf.length) : null;
	}
	function firstCut(w, rules, keep) {
		for (var i = 0; i < rules.length; i++) {
			var r = cut(w, rules[i][0], keep);
			if (r !== null) return r + rules[i][1];
		}
		return w;
	}
	var STEM = {
		en: function (w) {
			w = w.replace(/['’]s$/, "");
			w = firstCut(w, [["ies", "y"], ["sses", "ss"], ["ings", ""], ["ing", ""], ["edly", ""], ["ed", ""],
			    ["ly", ""], ["es", ""], ["s", ""]], 3);
			if (/ss$/.test(w)) return w;
			return w.replace(/(.)\1$/, "$1").replace(/e$/, "");
		},
		es: function (w) {
			w = firstCut(w, [["mente", ""], ["aciones", "a"], ["acion", "a"], ["iones", "i"], ["ion", "i"],
			    ["ces", "z"], ["es", ""], ["s", ""]], 3);
			return w.replace(/[aeo]$/, "");
		},
		pt: function (w) {
			w = firstCut(w, [["mente", ""], ["acoes", "a"], ["acao", "a"], ["coes", "c"], ["cao", "c"],
			    ["oes", "o"], ["aes", "a"], ["ais", "al"], ["eis", "el"], ["ns", "m"], ["es", ""], ["s", ""]], 3);
			return w.replace(/[aeo]$/, "");
		},
		fr: function (w) {
			w = firstCut(w, [["ements", ""], ["ement", ""], ["ations", "a"], ["ation", "a"], ["aux", "al"],
			    ["euses", "eu"], ["euse", "eu"], ["es", ""], ["s", ""], ["x", ""]], 3);
			return w.replace(/e$/, "");
		},
		de: function (w) {
			w = w.replace(/ß/g, "ss");
			return firstCut(w, [["ungen", "ung"], ["heiten", "heit"], ["keiten", "keit"], ["ern", ""], ["em", ""],
			    ["en", ""], ["er", ""], ["es", ""], ["e", ""], ["s", ""], ["n", ""]], 3);
		}
	};
	function stem(w) { return STEM[LANG] ? STEM[LANG](w) : w; }

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
			(raw.stop || []).forEach(function (w) { STOP[w] = 1; });
			var stems = {};
			Object.keys(raw.terms).forEach(function (k) {
				var st = stem(k);
				(stems[st] = stems[st] || []).push(k);
			});
			index = { docs: raw.docs, terms: raw.terms, stems: stems, keys: Object.keys(stems),
			    avg: raw.docs.length ? total / raw.docs.length : 1 };
			if (pending) { var p = pending; pending = null; p(); }
		};
		sc.onerror = function () { console.error("search index assets/search-index.js is missing"); };
		document.head.appendChild(sc);
	}

	/* The query as stems; the last one also matches as a prefix while
	 * it is being typed. */
	function query(q) {
		var qt = tokens(q).map(stem), chars = {};
		/* a one-character Chinese or Japanese word is in the index only
		 * inside pairs: it matches every pair that holds it */
		qt.forEach(function (t) {
			var cs = Array.from(t);
			if (cs.length === 1 && isCJK(t.codePointAt(0))) chars[t] = 1;
		});
		return { stems: qt, chars: chars, prefix: qt.length && !/\s$/.test(q) ? qt[qt.length - 1] : null };
	}
	function holdsChar(word, qs) {
		return Array.from(word).some(function (ch) { return qs.chars[ch] === 1; });
	}
	function matches(word, qs) {
		var st = stem(word);
		for (var i = 0; i < qs.stems.length; i++)
			if (st === qs.stems[i]) return true;
		return !!(qs.prefix && word.lastIndexOf(qs.prefix, 0) === 0) || holdsChar(word, qs);
	}

	/* Ranked results: documents whose title or heading holds a query word
	 * first, then by how many of the words they hold, then BM25. */
	function search(q) {
		var qs = query(q);
		if (!index || !qs.stems.length) return [];
		var N = index.docs.length, k1 = 1.2, b = 0.75;
		var score = {}, hits = {}, exact = {};
		qs.stems.forEach(function (t, qi) {
			(index.stems[t] || []).forEach(function (k) {
				var p = index.terms[k];
				for (var j = 0; p && j < p.length; j += 2) exact[p[j]] = (exact[p[j]] || 0) + 1;
			});
			var terms = (index.stems[t] || []).map(function (k) { return [k, 1]; });
			if (qs.chars[t] === 1) {
				for (var c = 0; c < index.keys.length; c++) {
					var ck = index.keys[c];
					if (ck !== t && Array.from(ck).length === 2 && ck.indexOf(t) >= 0)
						index.stems[ck].forEach(function (term) { terms.push([term, 0.6]); });
				}
			} else if (qi === qs.stems.length - 1 && qs.prefix) {
				var n = 0;
				for (var i = 0; i < index.keys.length && n < 60; i++) {
					var k = index.keys[i];
					if (k !== t && k.lastIndexOf(t, 0) === 0) {
						index.stems[k].forEach(function (term) { terms.push([term, 0.6]); });
						n++;
					}
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
		var head = {};
		Object.keys(score).forEach(function (d) {
			var doc = index.docs[d];
			head[d] = words(doc[1] + " " + doc[2]).some(function (w) { return matches(w.w, qs); }) ? 1 : 0;
		});
		return Object.keys(score).map(Number).sort(function (x, y) {
			return (head[y] - head[x]) || ((exact[y] || 0) - (exact[x] || 0)) ||
			    (hits[y] - hits[x]) || (score[y] - score[x]) || (x - y);
		}).map(function (d) {
			var doc = index.docs[d];
			return { url: doc[0], title: doc[1], section: doc[2], text: doc[4] || "", all: hits[d] === qs.stems.length };
		});
	}

	/* Append text to el with the words matching qs in <mark>. */
	function marked(el, text, qs) {
		var last = 0, spans = [];
		/* the matching words, overlapping ones (pairs of CJK
		 * characters) joined into one mark */
		words(text).forEach(function (w) {
			if (!matches(w.w, qs)) return;
			var end = spans.length ? spans[spans.length - 1] : null;
			if (end && w.i <= end[1]) end[1] = Math.max(end[1], w.i + w.n);
			else spans.push([w.i, w.i + w.n]);
		});
		spans.forEach(function (sp) {
			if (sp[0] > last) el.appendChild(document.createTextNode(text.slice(last, sp[0])));
			var m = document.createElement("mark");
			m.textContent = text.slice(sp[0], sp[1]);
			el.appendChild(m);
			last = sp[1];
		});
		if (last < text.length) el.appendChild(document.createTextNode(text.slice(last)));
	}
	/* ~160 characters of text around its first matching word. */
	function snippet(text, qs) {
		var ws = words(text), first = null;
		for (var i = 0; i < ws.length && !first; i++)
			if (matches(ws[i].w, qs)) first = ws[i];
		var from = first ? Math.max(0, first.i - 60) : 0;
		if (from > 0) { var sp = text.indexOf(" ", from); if (sp >= 0 && sp < first.i) from = sp + 1; }
		var to = Math.min(text.length, from + 180);
		if (to < text.length) { var sp2 = text.lastIndexOf(" ", to); if (sp2 > from + 100) to = sp2; }
		return (from > 0 ? "… " : "") + text.slice(from, to) + (to < text.length ? " …" : "");
	}
	function withHighlight(url, q) {
		var hash = url.indexOf("#"), base = hash >= 0 ? url.slice(0, hash) : url;
		return base + "?hl=" + encodeURIComponent(q.trim()) + (hash >= 0 ? url.slice(hash) : "");
	}

	var PAGE = 10;
	function setupSearch() {
		var input = $("#q"), box = $("#results");
		if (!input || !box) return;
		var opener = $("button.search-open");
		if (opener)
			opener.addEventListener("click", function () {
				var on = document.body.classList.toggle("search-shown");
				opener.setAttribute("aria-expanded", on ? "true" : "false");
				if (on) input.focus();
			});
		var res = [], shown = 0, qs = null, q = "";
		function item(r) {
			var li = document.createElement("li"), a = document.createElement("a");
			a.href = withHighlight(r.url, q);
			var t = document.createElement("span");
			t.className = "r-title";
			marked(t, r.title, qs);
			var s = document.createElement("span");
			s.className = "r-section";
			marked(s, r.section, qs);
			a.appendChild(t);
			a.appendChild(s);
			if (r.text) {
				var p = document.createElement("span");
				p.className = "r-snip";
				marked(p, snippet(r.text, qs), qs);
				a.appendChild(p);
			}
			li.appendChild(a);
			return li;
		}
		function more() {
			var ol = $("ol", box), btn = $("button.more", box);
			var end = Math.min(res.length, shown + PAGE);
			for (; shown < end; shown++) ol.appendChild(item(res[shown]));
			if (btn) btn.hidden = shown >= res.length;
		}
		function show() {
			q = input.value;
			box.textContent = "";
			if (!tokens(q).length) { box.hidden = true; return; }
			qs = query(q);
			res = search(q);
			shown = 0;
			var head = document.createElement("p");
			head.className = "results-head";
			head.setAttribute("role", "status");
			head.textContent = res.length ? L(res.length === 1 ? "result_one" : "result_many", { n: res.length }) : L("no_results");
			box.appendChild(head);
			if (res.length) {
				box.appendChild(document.createElement("ol"));
				var b = document.createElement("button");
				b.type = "button";
				b.className = "more";
				b.textContent = L("more_results");
				b.addEventListener("click", function () {
					var n = shown;
					more();
					var links = $$("a", box);
					if (links[n]) links[n].focus();
				});
				box.appendChild(b);
				more();
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
		/* "/" or "s" anywhere but in a field: to the search box (opened
		 * first where it hides behind its button) */
		document.addEventListener("keydown", function (ev) {
			if ((ev.key !== "/" && ev.key !== "s") || ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing ||
			    ev.defaultPrevented || document.body.classList.contains("viewer-open")) return;
			var t = ev.target;
			if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
			ev.preventDefault();
			if (opener && getComputedStyle(opener).display !== "none" && !document.body.classList.contains("search-shown")) {
				document.body.classList.add("search-shown");
				opener.setAttribute("aria-expanded", "true");
			}
			input.focus();
			input.select();
		});
		var m = /[?&]q=([^&#]*)/.exec(window.location.search);
		if (m) {
			input.value = decodeURIComponent(m[1].replace(/\+/g, " "));
			run();
		}
	}

	/* The words of a search, marked on the page it opened (?hl=...). */
	function highlightPage() {
		var m = /[?&]hl=([^&#]*)/.exec(window.location.search), main = $("main");
		if (!m || !main) return;
		loadIndex(function () {
			var qs = query(decodeURIComponent(m[1].replace(/\+/g, " ")));
			qs.prefix = null;
			if (!qs.stems.length) return;
			var walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
				acceptNode: function (n) {
					return n.parentNode.closest("script, pre.mermaid, svg, .mermaid-print, mark, .quiz-data") ?
					    NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
				}
			});
			var nodes = [];
			while (walk.nextNode()) nodes.push(walk.currentNode);
			var first = null;
			nodes.forEach(function (n) {
				var t = n.nodeValue;
				if (!words(t).some(function (w) { return matches(w.w, qs); })) return;
				var span = document.createElement("span");
				marked(span, t, qs);
				$$("mark", span).forEach(function (mk) { mk.className = "hit"; });
				if (!first) first = $("mark", span);
				var frag = document.createDocumentFragment();
				while (span.firstChild) frag.appendChild(span.firstChild);
				n.parentNode.replaceChild(frag, n);
			});
			var id = window.location.hash.slice(1);
			try { id = decodeURIComponent(id); } catch (e) { /* kept as it is */ }
			var target = id ? document.getElementById(id) : null;
			var hit = first;
			if (target) {
				var later = $$("mark.hit", main).filter(function (mk) {
					return target.compareDocumentPosition(mk) & Node.DOCUMENT_POSITION_FOLLOWING;
				});
				if (later.length) hit = later[0];
			}
			if (hit) {
				var d = hit.closest("details");
				if (d) d.open = true;
				hit.scrollIntoView({ block: "center" });
			}
		});
	}

	/* ---- start -------------------------------------------------------- */
	function start() {
		setupTheme();
		setupNav();
		setupProgress();
		$$(".quiz").forEach(setupQuiz);
		setupSearch();
		setupViewer();
		highlightPage();
		var cur = $(".parts a[aria-current=page]"), bar = $(".parts ol");
		if (cur && bar && bar.scrollWidth > bar.clientWidth)	/* the current part in view */
			bar.scrollLeft = cur.parentNode.offsetLeft - bar.offsetLeft - (bar.clientWidth - cur.offsetWidth) / 2;
		renderMath();
		diagrams = $$("pre.mermaid");
		diagrams.forEach(function (el) { el.setAttribute("data-src", el.textContent); });
		renderDiagrams().then(function () {
			root.setAttribute("data-cg-ready", "1");
		});
	}
	window.cgSearch = function (q) { return search(q); };
	window.cgTokens = function (s) { return tokens(s); };
	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", start);
	else
		start();
})();
