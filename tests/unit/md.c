/* md.c — unit tests for lib/md.c (safe markdown) and the site's search
 * tokeniser (lib/search.c). */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "md.h"
#include "site.h"

static char *
render(const char *in, int base, cg_md_toc *toc)
{
	cg_buf b = {0};
	cg_md_opts o = { "t", base, toc, NULL, NULL };
	cg_err e;

	if (cg_md_render(in, strlen(in), &o, &b, &e) < 0)
		return NULL;
	return cg_buf_take(&b);
}

static int
has(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

static void
tok(void *arg, const char *t, size_t n)
{
	cg_buf *b = arg;
	cg_buf_add(b, t, n);
	cg_buf_putc(b, '|');
}

/* cg_site_json_script: nothing in it can end a <script> element, and it
 * reads back as the same JSON. */
static void
json_script(void)
{
	const char *v = "</script><!-- a & b \xe2\x80\xa8 >";
	cJSON *j = cJSON_CreateObject(), *back;
	cg_buf b = {0};

	cJSON_AddStringToObject(j, "t", v);
	cg_site_json_script(&b, j);
	ok(b.s && !strpbrk(b.s, "<>&") && !strstr(b.s, "\xe2\x80\xa8"),
	    "JSON for a script element: no < > & or U+2028: %s", b.s);
	back = cJSON_Parse(b.s);
	is(back ? cJSON_GetStringValue(cJSON_GetObjectItem(back, "t")) : "",
	    v, "... and it reads back the same");
	cJSON_Delete(back);
	cJSON_Delete(j);
	cg_buf_free(&b);
}

int
main(void)
{
	cg_md_toc toc = {0};
	char *h;

	json_script();
	cg_buf b = {0};

	ok(cg_md_safe_href("https://x.org/a", 15), "https allowed");
	ok(cg_md_safe_href("mailto:a@b", 10), "mailto allowed");
	ok(cg_md_safe_href("#lab", 4), "fragment allowed");
	ok(cg_md_safe_href("s02.html", 8), "relative allowed");
	ok(cg_md_safe_href("a/b:c", 5), "colon after a slash is not a scheme");
	ok(!cg_md_safe_href("javascript:alert(1)", 19), "javascript: refused");
	ok(!cg_md_safe_href("JaVaScRiPt:x", 12), "any case refused");
	ok(!cg_md_safe_href("java\tscript:x", 13), "control characters refused");
	ok(!cg_md_safe_href("data:text/html,x", 16), "data: refused");
	ok(!cg_md_safe_href("vbscript:x", 10), "vbscript: refused");
	ok(!cg_md_safe_href("//evil.example/x", 16), "protocol-relative refused");

	h = render("<script>alert(1)</script>\n\nA <img src=x onerror=y> b\n", 1, NULL);
	ok(h && !has(h, "<script") && !has(h, "<img") && has(h, "&lt;script&gt;"), "raw HTML is text: %s", h);
	free(h);
	h = render("Water is H<sub>2</sub>O; area x<sup>2</sup>, 10<sup>-3</sup> m.\n", 1, NULL);
	ok(h && has(h, "H<sub>2</sub>O") && has(h, "x<sup>2</sup>") && has(h, "10<sup>-3</sup>"),
	    "sub/sup written by models render as formulas: %s", h);
	free(h);
	h = render("a <sub onclick=x>2</sub> b <sub><script>x</script></sub> c <sup>unclosed\n\n`H<sub>2</sub>O`\n", 1, NULL);
	ok(h && !has(h, "<sub onclick") && !has(h, "<script") && has(h, "&lt;sub onclick=x&gt;") &&
	    has(h, "&lt;sup&gt;unclosed") && has(h, "<code>H&lt;sub&gt;2&lt;/sub&gt;O</code>"),
	    "anything else stays text: %s", h);
	free(h);
	h = render("[a](javascript:alert(1)) [b](&#106;avascript:x) [c](https://e.org)\n", 1, NULL);
	ok(h && !has(h, "href=\"javascript") && !has(h, "avascript:x\"") && has(h, "<span class=\"badlink\">a</span>"),
	    "unsafe links become text: %s", h);
	ok(has(h, "href=\"https://e.org\" class=\"ext\" rel=\"noopener noreferrer\""), "outbound link kept with rel");
	free(h);
	h = render("![pic](http://e.org/p.png) ![ok](img/p.png)\n", 1, NULL);
	ok(h && !has(h, "http://e.org") && has(h, "[image: pic]") && has(h, "<img src=\"img/p.png\" alt=\"ok\">"),
	    "remote images are never loaded: %s", h);
	free(h);
	h = render("Energy $E = mc^2$ and $$\\sum x$$\n", 1, NULL);
	ok(has(h, "<span class=\"math\">E = mc^2</span>") && has(h, "<span class=\"math display\">"), "math spans: %s", h);
	free(h);
	/* dollars: pandoc's tex_math_dollars */
	h = render("It costs $100, $101 and $102 today.\n", 1, NULL);
	ok(has(h, "<p>It costs $100, $101 and $102 today.</p>") && !has(h, "math"),
	    "prices are text: %s", h);
	free(h);
	h = render("Area $x^2$, sum $$\\sum_i x_i$$, $a*b*c$ and \\$5 or $5 and $6, $5-$6.\n", 1, NULL);
	ok(has(h, "<span class=\"math\">x^2</span>") &&
	    has(h, "<span class=\"math display\">\\sum_i x_i</span>") &&
	    has(h, "<span class=\"math\">a*b*c</span>") &&
	    has(h, " and $5 or $5 and $6, $5-$6.</p>"), "maths stays maths beside prices: %s", h);
	free(h);
	h = render("$ x$ and $x $ stay text; `$a$` is code; "
	    "<https://e.org/?p=$5> is a link.\n\n- $1 item\n- x$ item\n\n| p | q |\n|---|---|\n| $3 | x$ |\n", 1, NULL);
	ok(has(h, "$ x$ and $x $ stay text") && has(h, "<code>$a$</code>") &&
	    has(h, "href=\"https://e.org/?p=$5\"") && has(h, "<li>$1 item</li>") &&
	    has(h, "<li>x$ item</li>") && has(h, "<td>$3</td><td>x$</td>") && !has(h, "math"),
	    "spaces inside, code, autolinks, list items and cells: %s", h);
	free(h);
	h = render("# Price $5\n\n$$\nx = 1\n$$\n\n![a $5 cost](p.png)\n", 1, &toc);
	ok(has(h, ">Price $5</h1>") && has(h, "<span class=\"math display\">") &&
	    has(h, "alt=\"a $5 cost\""), "headings, display blocks, alt text: %s", h);
	free(h);
	cg_md_toc_free(&toc);
	{
		static const char *const w[4] = { "\\(", "\\)", "\\[", "\\]" };
		char *m = cg_md_math_delims("Pay $100, $101 and \\$102 for $x^2$ or $$y$$; `$z$`.\n\n$a\n\nb$",
		    w, NULL);
		is(m, "Pay $100, $101 and $102 for \\(x^2\\) or \\[y\\]; `$z$`.\n\n$a\n\nb$",
		    "plain text: maths delimited again, prices and \\$ literal, code and blank lines respected");
		free(m);
	}
	h = render("| a | b |\n|---|:-:|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n", 1, NULL);
	ok(has(h, "<table>") && has(h, "<del>x</del>") && has(h, "checked"), "tables, strikethrough, task lists");
	free(h);
	h = render("# Top\n\n### Deep\n\n# Top\n", 3, &toc);
	ok(has(h, "<h3 id=\"t-top\">Top</h3>") && has(h, "<h4 id=\"t-deep\">Deep</h4>") &&
	    has(h, "<h3 id=\"t-top-2\">"), "headings shifted without gaps, unique ids: %s", h);
	isnum(toc.n, 3, "toc collects headings");
	is(toc.n ? toc.h[1].id : NULL, "t-deep", "toc ids");
	free(h);
	cg_md_toc_free(&toc);

	{
		const char *t = "The Cell’s ATP—energy, of 2 x12 naïve";
		cg_site_tokens(t, strlen(t), "en", tok, &b);
	}
	is(b.s, "cell|atp|energy|x12|naive|", "tokeniser: folded (lower case, no accents), punctuation splits, stop words and 1-char tokens dropped");
	cg_buf_free(&b);
	{
		static const struct { const char *lang, *text, *want; } t[] = {
			{ "es", "Los datos de la célula y el núcleo", "datos|celula|nucleo|" },
			{ "fr", "Les données de la cellule et du noyau", "donnees|cellule|noyau|" },
			{ "de", "Die Daten der Zelle und des Kerns", "daten|zelle|kerns|" },
			{ "pt", "Os dados da célula e do núcleo", "dados|celula|nucleo|" },
			{ "it", "I dati della cellula e del nucleo", "dati|della|cellula|del|nucleo|" },
			{ NULL, "the data of the cell", "the|data|of|the|cell|" },
		};
		size_t i;
		for (i = 0; i < sizeof t / sizeof t[0]; i++) {
			cg_site_tokens(t[i].text, strlen(t[i].text), t[i].lang, tok, &b);
			is(b.s, t[i].want, "stop words of %s", t[i].lang ? t[i].lang : "no language");
			cg_buf_free(&b);
		}
		ok(cg_site_stopwords("es-MX") == cg_site_stopwords("es"), "es-MX has Spanish stop words");
	}
	{
		/* folding: case and diacritics of Latin, Greek and Cyrillic, text
		 * typed decomposed like text typed composed; stop words folded */
		const char *t = "ASTRONOMÍA Astronomía astronomi\xcc\x81" "a ÜBER Ёлка Άλφα Łódź ĂNĂ straße Más también";
		cg_site_tokens(t, strlen(t), "es", tok, &b);
		is(b.s, "astronomia|astronomia|astronomia|uber|елка|αλφα|lodz|ana|straße|", "tokens folded: %s", b.s);
		cg_buf_free(&b);
		isnum(cg_site_fold(0x130), 'i', "İ folds to i");
		isnum(cg_site_lower(0xC9), 0xE9, "É lower-cases to é");
		isnum(cg_site_fold(0x4E00), 0x4E00, "a CJK character stays");
	}
	{
		/* Chinese and Japanese without spaces: every two characters
		 * side by side, a lone one alone (tests/site/search.js has
		 * the same text and tokens for cg.js) */
		const char *t = "細胞分裂は重要。CPUの速度 水";
		cg_site_tokens(t, strlen(t), "ja", tok, &b);
		is(b.s, "細胞|胞分|分裂|裂は|は重|重要|cpu|の速|速度|水|",
		    "CJK text: a token per pair of characters: %s", b.s);
		cg_buf_free(&b);
	}
	{
		/* headings: Unicode letters kept, lower-cased */
		char *hs = render("# Términos clave\n\n## ÉNFASIS & Ünïcode — 2\n\n## 日本語 見出し\n\n## ¿?\n", 2, NULL);
		ok(has(hs, "<h2 id=\"t-términos-clave\">") && has(hs, "<h3 id=\"t-énfasis-ünïcode-2\">") &&
		    has(hs, "<h3 id=\"t-日本語-見出し\">") && has(hs, "<h3 id=\"t-section\">"),
		    "anchors keep letters as written, lower-cased: %s", hs);
		free(hs);
	}
	{
		cg_site_index *ix = cg_site_index_new("en");
		int d = cg_site_index_doc(ix, "s01.html", "S1", "Lecture", "alpha beta alpha");
		char *j1;
		cg_site_index_text(ix, d, "alpha beta alpha", 16, 1);
		d = cg_site_index_doc(ix, "s02.html", "S2", "Lab", NULL);
		cg_site_index_text(ix, d, "beta", 4, 3);
		j1 = cg_site_index_js(ix, NULL);
		ok(has(j1, "\"alpha\":[0,2]") && has(j1, "\"beta\":[0,1,1,3]"), "postings: %s", j1);
		ok(has(j1, "\"lang\":\"en\"") && has(j1, "\"stop\":[\"an\",") &&
		    has(j1, ",\"alpha beta alpha\"]"), "the script carries the language, its stop words and the texts");
		free(j1);
		cg_site_index_free(ix);
	}
	{
		cg_site_index *ix = cg_site_index_new("en");
		char *j;
		cg_site_index_html(ix, "p.html", "T", "Lecture",
		    "<p>intro</p>\n<h2 id=\"a\">Alpha &amp; co</h2>\n<p>x <strong>bo</strong>ld</p>"
		    "<script>secret</script>\n<h3 id=\"b\">Lecture</h3><pre class=\"mermaid\">flowchart</pre><p>y z</p>");
		j = cg_site_index_js(ix, NULL);
		ok(has(j, "[\"p.html\",\"T\",\"Lecture\",1,\"intro\"]"), "html: the text before the first heading");
		ok(has(j, "[\"p.html#a\",\"T\",\"Lecture › Alpha & co\","), "html: a piece per heading, named after it");
		ok(has(j, "\"x bold\"]"), "html: inline tags join words, entities decoded");
		ok(has(j, "[\"p.html#b\",\"T\",\"Lecture\","), "html: a heading that repeats the part is not repeated");
		ok(!has(j, "secret") && !has(j, "flowchart"), "html: scripts and diagram sources are left out");
		free(j);
		cg_site_index_free(ix);
	}
	{
		/* a quiz as the screen page renders it: with answers, and for a
		 * student edition without */
		static const char quiz[] = "<h3 id=\"q-mc\">Multiple choice</h3><p>Which zebra?</p>"
		    "<div class=\"explain\" hidden><p>Because <strong>okapi</strong></p><div><p>nested</p></div>"
		    "<h6 id=\"x-why\">Why</h6><p>tapir</p></div><p>after the explanation</p>"
		    "<h3 id=\"q-sa\">Short answer</h3><p>Name a gnu.</p>"
		    "<details><summary>Show model answer</summary><p>eland</p></details>"
		    "<details open><summary>Show model answer</summary><p>kudu</p></details>"
		    "<figure><details class=\"alt\"><summary>Text description</summary><p>impala</p></details></figure>";
		int omit;
		for (omit = 0; omit < 2; omit++) {
			cg_site_index *ix = cg_site_index_new("en");
			char *j;
			cg_site_index_omit_answers(ix, omit);
			cg_site_index_html(ix, "q.html", "T", "Quiz", quiz);
			j = cg_site_index_js(ix, NULL);
			ok(has(j, "\"zebra\"") && has(j, "\"gnu\"") && has(j, "after the explanation") &&
			    has(j, "\"impala\""), "omit %d: questions and diagram descriptions indexed", omit);
			ok(omit ? !has(j, "okapi") && !has(j, "nested") && !has(j, "tapir") && !has(j, "x-why") &&
			    !has(j, "eland") && !has(j, "kudu") && !has(j, "model") :
			    has(j, "\"okapi\"") && has(j, "\"tapir\"") && has(j, "\"eland\"") && has(j, "\"kudu\""),
			    "omit %d: explanations and model answers %s", omit, omit ? "left out" : "indexed");
			free(j);
			cg_site_index_free(ix);
		}
	}
	return done_testing();
}
