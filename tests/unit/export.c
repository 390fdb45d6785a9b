/* export.c — unit tests for lib/export: XML escaping of hostile and
 * broken text, markdown made well-formed XHTML, the quiz shape check,
 * GIFT escaping and the zip writer (mimetype stored and first). */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "export.h"
#include "archive.h"
#include "json.h"

static char *
xesc(const char *s, size_t n)
{
	cg_buf b = {0};

	cg_export_xesc(&b, s, n);
	return cg_buf_take(&b);
}

static char *
md(const char *s)
{
	cg_buf b = {0};

	cg_export_md(&b, s, strlen(s), "t", 2, NULL);
	return cg_buf_take(&b);
}

static int
has(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

static cJSON *
quiz(const char *text)
{
	cg_err e;
	return cg_json_parse(text, strlen(text), "q.json", &e);
}

int
main(void)
{
	char *s;
	cg_err e = {0};
	cJSON *q;
	cg_export_course c = {0};
	cg_export_sess x = {0};
	cg_export_mod m = {0};
	size_t len;
	cg_zip *z;

	s = xesc("a<b>&\"'", 7);
	is(s, "a&lt;b&gt;&amp;&quot;&#39;", "the five XML specials escaped");
	free(s);
	s = xesc("\x01x\x7f\xff\xc3\xa9\xed\xa0\x80 \xf0\x9f\xa7\xaa \xd7\xa9", 17);
	is(s, "\xEF\xBF\xBDx\x7f\xEF\xBF\xBD\xc3\xa9\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xf0\x9f\xa7\xaa \xd7\xa9",
	    "controls, bad bytes and surrogates become U+FFFD; emoji and Hebrew stay");
	free(s);

	s = md("Line  \nbreak\n\n---\n\n- [x] done\n\n![pic](a.png) [rel](lab.md) "
	    "[web](https://example.org) &copy; &bogus; &amp;\n");
	ok(has(s, "<br />") && has(s, "<hr />"), "void elements closed");
	ok(has(s, "checked=\"checked\"") && has(s, "disabled=\"disabled\""), "boolean attributes get values");
	ok(has(s, "[image: pic]") && !has(s, "<img"), "an image becomes its alternative text");
	ok(!has(s, "href=\"lab.md\"") && has(s, "href=\"https://example.org\""),
	    "a relative link loses its target, a web link keeps it");
	ok(has(s, "&#169;") && has(s, "&amp;bogus;") && has(s, "&amp;"),
	    "named references become numbers, unknown ones text");
	free(s);
	s = md("```mermaid\nflowchart TD\n  A[One] --> B[Two]\n```\n");
	ok(has(s, "<figure class=\"diagram\">") && has(s, "mermaid-src") && has(s, "One"),
	    "a mermaid block becomes a figure with its source");
	free(s);

	q = quiz("{\"multiple_choice\":[{\"question\":\"Q\",\"options\":[\"a\",\"b\"],\"answer\":\"B\"}],"
	    "\"short_answer\":[{\"question\":\"S\",\"answer\":\"A\"}],\"essay\":[]}");
	ok(cg_export_check_quiz(q, "q.json", &e) == 0, "a good quiz passes");
	cJSON_Delete(q);
	q = quiz("{\"multiple_choice\":[{\"question\":\"Q\",\"options\":[\"a\",\"b\"],\"answer\":\"C\"}]}");
	ok(cg_export_check_quiz(q, "q.json", &e) < 0 && e.code == EX_DATAERR &&
	    has(e.msg, "q.json: multiple_choice[0].answer: \"C\" is not one of A-B"),
	    "an answer that is no option is refused, naming the path (%s)", e.msg);
	cJSON_Delete(q);
	q = quiz("{\"essay\":[{\"question\":\"E\"}]}");
	ok(cg_export_check_quiz(q, "q.json", &e) < 0 && has(e.msg, "essay[0]") &&
	    has(e.msg, "guidance"), "a missing field is named (%s)", e.msg);
	cJSON_Delete(q);

	/* GIFT escaping, on a one-question course */
	x.quiz = quiz("{\"multiple_choice\":[{\"question\":\"a~b=c#d{e}f:g\\\\h\\ni\","
	    "\"options\":[\"[x]\",\"%5%\"],\"answer\":\"A\",\"explanation\":\"ok\"}]}");
	snprintf(x.id, sizeof x.id, "s07");
	x.num = 7;
	x.title = "T";
	m.title = "M";
	m.n = 1;
	c.sess = &x;
	c.nsess = 1;
	c.mods = &m;
	c.nmods = 1;
	c.name = "C/D";
	c.quizonly = 1;
	s = cg_export_gift(&c, &len, &e);
	ok(has(s, "::s07-mc1::[html]<p>a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni</p>{\n"),
	    "every GIFT control character escaped, the line break as \\n");
	ok(has(s, "=[html][x]\n") && has(s, "~[html]%5%\n"),
	    "an answer starting with [ or %% gets an explicit format");
	ok(has(s, "\n####<p>ok</p>\n}\n") && !has(s, "#<p>ok</p>\n~"),
	    "the explanation once, as general feedback, not under each option");
	ok(has(s, "$CATEGORY: $course$/top/C//D\n"), "a / in a category name doubled");
	free(s);
	cJSON_Delete(x.quiz);

	/* quiz text for Moodle: markdown as the site shows it, maths for its
	 * filters, nothing of the model's own markup */
	s = cg_export_moodle_html("Is <img src=x onerror=alert(1)> </script><script>alert(2)</script> "
	    "[x](javascript:alert(3)) **so**: $x^2$ or $$y = 1$$ for $100, $101?", 0, NULL);
	ok(!has(s, "<img") && !has(s, "<script") && !has(s, "</script") && !has(s, "href"),
	    "no <img>, <script> or javascript: link as markup (%s)", s);
	ok(has(s, "&lt;img src=x onerror=alert(1)&gt;") && has(s, "&lt;/script&gt;&lt;script&gt;"),
	    "the model's markup shown as text");
	ok(has(s, "<strong>so</strong>") && has(s, "\\(x^2\\)") && has(s, "\\[y = 1\\]") &&
	    has(s, "for $100, $101?</p>"), "markdown rendered, maths as \\( \\) and \\[ \\], prices kept");
	free(s);
	s = cg_export_moodle_html("**A** $a$", 1, NULL);
	is(s, "<strong>A</strong> \\(a\\)", "an option: no paragraph around it");
	free(s);

	/* zip: mimetype first and stored */
	z = cg_zip_new(0, &e);
	ok(z && cg_zip_add(z, "mimetype", "application/epub+zip", 20, 1, &e) == 0 &&
	    cg_zip_add(z, "b.txt", "hello hello hello hello", 23, 0, &e) == 0, "zip entries added");
	s = z ? cg_zip_finish(z, &len, &e) : NULL;
	isnum(len > 60, 1, "the archive has both entries");
	ok(s && len > 60 && memcmp(s, "PK\x03\x04", 4) == 0 && s[8] == 0 && s[9] == 0 &&
	    memcmp(s + 30, "mimetype", 8) == 0 && memcmp(s + 38, "application/epub+zip", 20) == 0,
	    "the first entry is mimetype, stored, its bytes right after the name");
	free(s);

	return done_testing();
}
