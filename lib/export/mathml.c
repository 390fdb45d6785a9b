/* mathml.c — formulas as MathML, typeset at export time (see export.h).
 *
 * md.c marks maths (by md.h's dollar rule, so prices stay text) as
 * <span class="math">TeX</span> and <span class="math display">TeX</span>,
 * for KaTeX to typeset in a browser.  A book or a file that runs no
 * script needs the formulas typeset already: every formula of the
 * buffers is collected once, the lot handed to one node process that
 * runs the vendored KaTeX with output "mathml", and each span replaced by
 * <span class="mathml">…<math>…</math>…</span> (the TeX kept in KaTeX's
 * <annotation>).  KaTeX writes well-formed markup with XML's escapes, so
 * the result stays XHTML.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "export.h"
#include "fsio.h"

#define KATEX_JS "site/node_modules/katex/dist/katex.min.js"
#define MATH_SECS 120

static const char node_js[] =
    "const katex = require(process.argv[1]), fs = require('fs');\n"
    "const a = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));\n"
    "process.stdout.write(JSON.stringify(a.map(function (x) {\n"
    "\ttry {\n"
    "\t\treturn katex.renderToString(x[1], { output: 'mathml', displayMode: x[0] === 1,\n"
    "\t\t\tthrowOnError: true, strict: 'ignore' });\n"
    "\t} catch (e) { return null; }\n"
    "})));\n";

static const char in_open[] = "<span class=\"math\">";
static const char disp_open[] = "<span class=\"math display\">";

struct formula {
	int    display;
	char  *esc;	/* the TeX as the span holds it (XML-escaped) */
	char  *ml;	/* its MathML; NULL: none */
};

struct formulas {
	struct formula *f;
	int n, cap;
};

/* The span at s: 1 inline, 2 display, 0 not a maths span; *t the TeX,
 * *tn its length, *end just past the span. */
static int
span(const char *s, const char **t, size_t *tn, const char **end)
{
	int d = cg_startswith(s, disp_open);
	const char *c;

	if (!d && !cg_startswith(s, in_open))
		return 0;
	*t = s + (d ? sizeof disp_open : sizeof in_open) - 1;
	if (!(c = strstr(*t, "</span>")) || memchr(*t, '<', (size_t)(c - *t)))
		return 0;
	*tn = (size_t)(c - *t);
	*end = c + 7;
	return d ? 2 : 1;
}

static int
find(const struct formulas *fs, int display, const char *t, size_t n)
{
	int i;

	for (i = 0; i < fs->n; i++)
		if (fs->f[i].display == display && strlen(fs->f[i].esc) == n &&
		    !memcmp(fs->f[i].esc, t, n))
			return i;
	return -1;
}

static void
collect(struct formulas *fs, const cg_buf *b)
{
	const char *p = b->s, *t, *end;
	size_t n;
	int k;

	while (p && (p = strstr(p, "<span class=\"math"))) {
		if (!(k = span(p, &t, &n, &end))) {
			p++;
			continue;
		}
		if (find(fs, k == 2, t, n) < 0) {
			if (fs->n == fs->cap) {
				fs->cap = fs->cap ? fs->cap * 2 : 32;
				fs->f = xrealloc(fs->f, (size_t)fs->cap * sizeof *fs->f);
			}
			fs->f[fs->n].display = k == 2;
			fs->f[fs->n].esc = xstrndup(t, n);
			fs->f[fs->n].ml = NULL;
			fs->n++;
		}
		p = end;
	}
}

/* XML text s back to the characters it stands for. */
static char *
unxml(const char *s)
{
	static const struct { const char *e; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' }, { "&apos;", '\'' },
	};
	cg_buf b = {0};
	size_t i;

	while (*s) {
		if (*s == '&') {
			for (i = 0; i < sizeof ents / sizeof ents[0]; i++)
				if (cg_startswith(s, ents[i].e))
					break;
			if (i < sizeof ents / sizeof ents[0]) {
				cg_buf_putc(&b, ents[i].c);
				s += strlen(ents[i].e);
				continue;
			}
			if (s[1] == '#') {
				char *e;
				unsigned long cp = s[2] == 'x' || s[2] == 'X' ?
				    strtoul(s + 3, &e, 16) : strtoul(s + 2, &e, 10);
				if (*e == ';' && cp > 0 && cp < 0x110000) {
					char u[5] = {0};
					if (cp < 0x80)
						u[0] = (char)cp;
					else if (cp < 0x800)
						u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 63));
					else if (cp < 0x10000)
						u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 63)),
						u[2] = (char)(0x80 | (cp & 63));
					else
						u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 63)),
						u[2] = (char)(0x80 | (cp >> 6 & 63)), u[3] = (char)(0x80 | (cp & 63));
					cg_buf_puts(&b, u);
					s = e + 1;
					continue;
				}
			}
		}
		cg_buf_putc(&b, *s++);
	}
	return b.s ? cg_buf_take(&b) : xstrdup("");
}

/* Run KaTeX over every formula; 0, or -1 with a warning. */
static int
typeset(const cg_export_course *c, struct formulas *fs)
{
	static const char *const names[] = { "node", "nodejs", NULL };
	char *node = NULL, *kp = NULL, *katex = NULL, *tmp = NULL, *in = NULL,
	    *out = NULL, *err = NULL, *js = NULL, *res = NULL;
	cJSON *a = cJSON_CreateArray(), *r = NULL, *it;
	cg_err e = { 0 };
	int i, rc = -1;

	if (!(node = cg_export_which("NODE", names))) {
		cg_export_warn(c, "formulas left as TeX: no node to typeset them as MathML "
		    "(install Node.js; or set NODE)");
		goto out;
	}
	if (!(kp = cg_datafile(KATEX_JS)) || !(katex = realpath(kp, NULL))) {
		cg_export_warn(c, "formulas left as TeX: " KATEX_JS ": not installed; run make assets");
		goto out;
	}
	for (i = 0; i < fs->n; i++) {
		cJSON *x = cJSON_CreateArray();
		char *tex = unxml(fs->f[i].esc);
		cJSON_AddItemToArray(x, cJSON_CreateNumber(fs->f[i].display));
		cJSON_AddItemToArray(x, cJSON_CreateString(tex));
		cJSON_AddItemToArray(a, x);
		free(tex);
	}
	js = cJSON_PrintUnformatted(a);
	if (!(tmp = cg_export_tmpdir(&e)))
		goto fail;
	in = xasprintf("%s/in.json", tmp);
	out = xasprintf("%s/out.json", tmp);
	err = xasprintf("%s/err", tmp);
	if (cg_write_atomic(in, js, strlen(js), &e) < 0)
		goto fail;
	{
		char *argv[] = { node, "-e", (char *)node_js, katex, in, NULL };
		if ((i = cg_export_run(argv, out, err, MATH_SECS, &e)) != 0) {
			if (i > 0)
				cg_seterr(&e, EX_SOFTWARE, "%s exited with %d", node, i);
			goto fail;
		}
	}
	if (!(res = cg_read_file(out, NULL, &e)))
		goto fail;
	r = cJSON_Parse(res);
	if (!cJSON_IsArray(r) || cJSON_GetArraySize(r) != fs->n) {
		cg_seterr(&e, EX_SOFTWARE, "%s: KaTeX gave no answer", node);
		goto fail;
	}
	i = 0;
	cJSON_ArrayForEach(it, r) {
		if (cJSON_IsString(it) && strstr(it->valuestring, "<math"))
			fs->f[i].ml = xstrdup(it->valuestring);
		i++;
	}
	rc = 0;
	goto out;
fail:
	cg_export_warn(c, "formulas left as TeX: %s", e.msg);
out:
	cg_export_rmtree(tmp);
	cJSON_Delete(a);
	cJSON_Delete(r);
	free(node);
	free(kp);
	free(katex);
	free(tmp);
	free(in);
	free(out);
	free(err);
	free(js);
	free(res);
	return rc;
}

/* b with every maths span that has MathML replaced; the count. */
static int
replace(const struct formulas *fs, cg_buf *b)
{
	cg_buf o = {0};
	const char *p, *s, *t, *end;
	size_t n;
	int k, i, done = 0;

	if (!b->s)
		return 0;
	for (p = b->s; (s = strstr(p, "<span class=\"math")); ) {
		if (!(k = span(s, &t, &n, &end)) || (i = find(fs, k == 2, t, n)) < 0 ||
		    !fs->f[i].ml) {
			cg_buf_add(&o, p, (size_t)(s + 1 - p));
			p = s + 1;
			continue;
		}
		cg_buf_add(&o, p, (size_t)(s - p));
		cg_buf_puts(&o, k == 2 ? "<span class=\"mathml display\">" :
		    "<span class=\"mathml\">");
		cg_buf_puts(&o, fs->f[i].ml);
		cg_buf_puts(&o, "</span>");
		p = end;
		done++;
	}
	cg_buf_puts(&o, p);
	cg_buf_free(b);
	*b = o;
	return done;
}

int
cg_export_mathml(const cg_export_course *c, cg_buf *const *b, int n)
{
	struct formulas fs = {0};
	int i, done = 0;

	for (i = 0; i < n; i++)
		collect(&fs, b[i]);
	if (fs.n && typeset(c, &fs) == 0)
		for (i = 0; i < n; i++)
			done += replace(&fs, b[i]);
	for (i = 0; i < fs.n; i++) {
		free(fs.f[i].esc);
		free(fs.f[i].ml);
	}
	free(fs.f);
	return done;
}
