/* site.c — the static course website (see site.h).
 *
 * Everything is rendered into memory and written with cg_write_if_changed,
 * so unchanged pages keep their bytes and mtimes.  Pages contain nothing
 * that changes between runs by itself (no build time: the footer date is
 * the newest mtime of the page's inputs).  All text from the outline or
 * the model is HTML-escaped or goes through cg_md_render; assets are
 * referenced by relative paths only, so the site works from file:// and
 * never touches the network.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "site.h"
#include "md.h"
#include "json.h"
#include "fsio.h"
#include "mermaid.h"
#include "outline.h"

enum { K_MD, K_DIAGRAMS, K_QUIZ, K_MMD };

static const struct kind {
	const char *id, *title, *file, *cfgkind, *target;
	int type;
} kinds[] = {
	{ "lecture", "Lecture", "lecture.md", "lecture", "lecture", K_MD },
	{ "lab", "Lab", "lab.md", "lab", "lab", K_MD },
	{ "notes", "Study notes", "notes.md", "notes", "notes", K_MD },
	{ "diagrams", "Diagrams", NULL, "diagram", "diagram-K", K_DIAGRAMS },
	{ "quiz", "Quiz", "questions.json", "questions", "questions", K_QUIZ },
	{ "applications", "Applications", "application.md", "application", "application", K_MD },
	{ "extensions", "Extensions", "extension.md", "extension", "extension", K_MD },
	{ "concept-map", "Concept map", "visualization.mmd", "visualization", "visualization", K_MMD },
	{ "integration", "Integration", "integration.md", "integration", "integration", K_MD },
	{ "investigations", "Investigations", "investigation.md", "investigation", "investigation", K_MD },
	{ "open-questions", "Open questions", "open-questions.md", "open_questions", "open-questions", K_MD },
};
#define NKINDS ((int)(sizeof kinds / sizeof kinds[0]))

/* Vendored files: npm packages under site/node_modules (cd site && npm ci). */
static const struct asset {
	const char *src, *dst;
} vendored[] = {
	{ "site/node_modules/mermaid/dist/mermaid.min.js", "mermaid/mermaid.min.js" },
	{ "site/node_modules/mermaid/LICENSE", "mermaid/LICENSE" },
	{ "site/node_modules/katex/dist/katex.min.js", "katex/katex.min.js" },
	{ "site/node_modules/katex/dist/katex.min.css", "katex/katex.min.css" },
	{ "site/node_modules/katex/LICENSE", "katex/LICENSE" },
	{ "site/cg.css", "cg.css" },
	{ "site/cg.js", "cg.js" },
};
#define KATEX_FONTS "site/node_modules/katex/dist/fonts"

struct sess {
	int         num, mod;	/* global number, index into mods */
	char        id[16];	/* "s03" */
	const char *title;
	const cJSON *j;		/* outline session object */
	/* loaded content */
	char       *text[NKINDS];
	size_t      len[NKINDS];
	char      **dgm;	/* diagram-K.mmd texts (NULL = missing) */
	int         ndgm;
	cJSON      *quiz;
	cJSON      *sj;		/* session.json, may be NULL */
	time_t      mtime;	/* newest input */
	int         present;	/* content files found */
	/* rendered (or taken from the cache) */
	char        sig[65];	/* hash of everything the fragments depend on */
	char       *body, *pbody;	/* session page body, print.html part */
	char       *idx;	/* its share of the search index (dump) */
	size_t      idxlen;
	char       *warns;	/* warnings, one per line, replayed on a hit */
	char       *model;
	cg_md_toc   toc;
	int         nmissing;
};

struct mod {
	int         num;
	const char *title, *desc;
	int         first, n;	/* its sessions: sess[first .. first+n) */
};

struct site {
	const struct cg_site_opts *o;
	struct cg_site_stats *st;
	char       *dest;
	cJSON      *course, *outline;
	const char *name, *model, *slug, *lang;
	struct mod *mods;
	int         nmods;
	struct sess *sess;
	int         nsess;
	time_t      newest;
	cg_site_index *ix;
	int         nfig;
	cg_buf     *capture;	/* warnings are also collected here */
	char       *cachedir;	/* OUT/.cache/site */
	cg_err     *e;
};

static void
swarn(struct site *s, const char *fmt, ...)
{
	va_list ap;
	cg_buf b = {0};

	va_start(ap, fmt);
	cg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (s->capture) {
		cg_buf_add(s->capture, b.s, b.len);
		cg_buf_putc(s->capture, '\n');
	}
	if (s->o->warnfn)
		s->o->warnfn(b.s);
	cg_buf_free(&b);
}

static void
snote(struct site *s, const char *fmt, ...)
{
	va_list ap;
	cg_buf b = {0};

	if (!s->o->notefn)
		return;
	va_start(ap, fmt);
	cg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s->o->notefn(b.s);
	cg_buf_free(&b);
}

static void
esc(cg_buf *b, const char *s)
{
	cg_md_escape(b, s ? s : "", s ? strlen(s) : 0);
}

static const char *
jstr(const cJSON *o, const char *key, const char *def)
{
	const cJSON *j = cJSON_IsObject(o) ?
	    cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
	return cJSON_IsString(j) && j->valuestring ? j->valuestring : def;
}

/* ---- markdown helpers ------------------------------------------------ */

static int codehook(void *arg, const char *lang, const char *code, size_t len,
    cg_buf *out);

static void
md(struct site *s, cg_buf *out, const char *text, size_t len, const char *prefix,
    int base, cg_md_toc *toc)
{
	cg_md_opts o = { prefix, base, toc, codehook, s };
	cg_err e;

	if (cg_md_render(text, len, &o, out, &e) < 0) {
		cg_buf_puts(out, "<pre>");
		cg_md_escape(out, text, len);
		cg_buf_puts(out, "</pre>\n");
	}
}

/* Short text (a quiz option): markdown without the paragraph around it. */
static void
mdinline(struct site *s, cg_buf *out, const char *text)
{
	cg_buf b = {0};
	size_t n;

	md(s, &b, text ? text : "", text ? strlen(text) : 0, "q", 6, NULL);
	n = b.len;
	while (n && b.s[n - 1] == '\n')
		n--;
	if (n >= 7 && strncmp(b.s, "<p>", 3) == 0 &&
	    strncmp(b.s + n - 4, "</p>", 4) == 0 &&
	    !strstr(b.s + 3, "<p>"))
		cg_buf_add(out, b.s + 3, n - 7);
	else
		cg_buf_add(out, b.s ? b.s : "", b.len);
	cg_buf_free(&b);
}

/* Mermaid reads label text as markup (and decodes #…; entity codes), so
 * '<' and '>' inside the quoted labels of the strict syntax become the
 * entity codes #lt; and #gt;: a label can never turn into an element.
 * Takes and returns malloc'd text. */
static char *
nolt(char *src)
{
	cg_buf b = {0};
	const char *p;
	int q = 0;

	for (p = src; *p; p++) {
		if (*p == '"')
			q = !q;
		if (q && *p == '<')
			cg_buf_puts(&b, "#lt;");
		else if (q && *p == '>')
			cg_buf_puts(&b, "#gt;");
		else
			cg_buf_putc(&b, *p);
	}
	free(src);
	return cg_buf_take(&b);
}

/* A mermaid diagram: parsed tolerantly and re-emitted strictly, so even a
 * hand-edited messy file renders; the text alternative comes from its
 * labels.  Returns 0, or -1 (nothing appended) when it is not a diagram. */
static int
figure(struct site *s, cg_buf *out, const char *text, const char *caption,
    const char *what)
{
	cg_err e;
	cg_mmd *m = cg_mmd_parse(text, &e);
	char *src, *alt;

	if (!m) {
		swarn(s, "%s: not a usable flowchart (%s); shown as source", what,
		    e.msg);
		return -1;
	}
	src = nolt(cg_mmd_emit(m));
	alt = cg_mmd_alt(m);
	s->nfig++;
	cg_buf_puts(out, "<figure class=\"diagram\">\n<pre class=\"mermaid\" role=\"img\" aria-label=\"");
	esc(out, alt);
	cg_buf_puts(out, "\">");
	esc(out, src);
	cg_buf_puts(out, "</pre>\n<figcaption>");
	if (caption) {
		esc(out, caption);
		cg_buf_putc(out, ' ');
	}
	cg_buf_puts(out, "<details class=\"alt\"><summary>Text description</summary><p>");
	esc(out, alt);
	cg_buf_puts(out, "</p></details></figcaption>\n</figure>\n");
	free(src);
	free(alt);
	cg_mmd_free(m);
	return 0;
}

static int
codehook(void *arg, const char *lang, const char *code, size_t len, cg_buf *out)
{
	struct site *s = arg;
	char *t;
	int r;

	if (strcasecmp(lang, "mermaid") != 0)
		return 0;
	t = xstrndup(code, len);
	r = figure(s, out, t, NULL, "mermaid block") == 0;
	free(t);
	return r;
}

/* ---- loading --------------------------------------------------------- */

static time_t
mtimeof(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? sb.st_mtime : 0;
}

static char *
readc(struct site *s, struct sess *x, const char *file, size_t *len)
{
	char *p = xasprintf("%s/%s/%s", s->o->out, x->id, file);
	cg_err e;
	char *t = cg_read_file(p, len, &e);

	if (t) {
		time_t m = mtimeof(p);
		if (m > x->mtime)
			x->mtime = m;
		x->present++;
	} else if (e.code != EX_NOINPUT)
		swarn(s, "%s", e.msg);
	free(p);
	return t;
}

static int
kind_enabled(struct site *s, const struct kind *k)
{
	char key[96];

	snprintf(key, sizeof key, "content.%s.enabled", k->cfgkind);
	return cg_json_getb(s->course, key, 1);
}

static void
load_content(struct site *s, struct sess *x)
{
	int i, k, maxk;
	size_t n;
	char *t, *dir;
	DIR *d;
	struct dirent *de;
	cg_err e;

	t = readc(s, x, "session.json", &n);
	if (t) {
		x->present--;	/* input, not content */
		x->sj = cg_json_parse(t, n, "session.json", &e);
		free(t);
	}
	for (i = 0; i < NKINDS; i++) {
		if (!kinds[i].file || !kind_enabled(s, &kinds[i]))
			continue;
		x->text[i] = readc(s, x, kinds[i].file, &x->len[i]);
		if (x->text[i] && kinds[i].type == K_QUIZ) {
			char *p = xasprintf("%s/%s/questions.json", s->o->out, x->id);
			x->quiz = cg_json_parse(x->text[i], x->len[i], p, &e);
			if (!x->quiz)
				swarn(s, "%s; the quiz is left out", e.msg);
			free(p);
		}
	}
	/* diagrams: as many as session.json asks for, and any that exist */
	maxk = (int)cg_json_getn(x->sj, "diagrams", 0);
	dir = xasprintf("%s/%s", s->o->out, x->id);
	if ((d = opendir(dir))) {
		while ((de = readdir(d))) {
			char tail[8];
			if (sscanf(de->d_name, "diagram-%d.mm%1[d]", &k, tail) == 2 &&
			    k > maxk && k < 1000)
				maxk = k;
		}
		closedir(d);
	}
	free(dir);
	x->ndgm = maxk;
	x->dgm = xcalloc(maxk + 1, sizeof *x->dgm);
	for (k = 1; k <= maxk; k++) {
		char f[32];
		snprintf(f, sizeof f, "diagram-%d.mmd", k);
		x->dgm[k - 1] = readc(s, x, f, NULL);
	}
}

static int
load(struct site *s)
{
	const cJSON *mods, *m, *ss, *q;
	char *p, *q2;
	int i, k;
	cg_err *e = s->e;

	p = xasprintf("%s/outline.json", s->o->out);
	s->outline = cg_json_load(p, e);
	if (!s->outline) {
		if (e->code == EX_NOINPUT)
			cg_seterr(e, EX_NOINPUT, "%s: not found; run cg-outline (make outline) first", p);
		free(p);
		return -1;
	}
	{	/* the same whole check as cg-plan's */
		cg_buf probs = {0};
		if (cg_outline_validate(s->outline, &probs)) {
			cg_seterr(e, EX_DATAERR, "%s: not a usable outline; fix "
			    "these or regenerate it (make outline):\n%s", p,
			    probs.s);
			cg_buf_free(&probs);
			goto bad;
		}
	}
	q2 = xasprintf("%s/course.json", s->o->out);
	if (access(q2, F_OK) == 0) {
		if (!(s->course = cg_json_load(q2, e))) {
			free(q2);
			goto bad;
		}
	} else
		swarn(s, "%s: not found; the pages will not name the model", q2);
	free(q2);
	s->newest = mtimeof(p);
	if (!(mods = cg_json_arr(s->outline, "modules", p, "", e)))
		goto bad;
	s->nmods = cJSON_GetArraySize(mods);
	s->mods = xcalloc(s->nmods + 1, sizeof *s->mods);
	i = 0;
	cJSON_ArrayForEach(m, mods) {
		char path[64];
		double num;
		struct mod *md = &s->mods[i];
		snprintf(path, sizeof path, "modules[%d]", i);
		if (cg_json_num(m, "number", p, path, &num, e) < 0 ||
		    !(md->title = cg_json_str(m, "title", p, path, e)) ||
		    !(ss = cg_json_arr(m, "sessions", p, path, e)))
			goto bad;
		md->num = (int)num;
		md->desc = jstr(m, "description", "");
		md->first = s->nsess;
		md->n = cJSON_GetArraySize(ss);
		s->sess = xrealloc(s->sess, (s->nsess + md->n + 1) * sizeof *s->sess);
		k = 0;
		cJSON_ArrayForEach(q, ss) {
			struct sess *x = &s->sess[s->nsess];
			snprintf(path, sizeof path, "modules[%d].sessions[%d]", i, k);
			memset(x, 0, sizeof *x);
			if (cg_json_num(q, "number", p, path, &num, e) < 0 ||
			    !(x->title = cg_json_str(q, "title", p, path, e)))
				goto bad;
			if (num < 1 || num > 9999) {
				cg_seterr(e, EX_DATAERR, "%s: %s.number: %g is not a session number (1..9999)",
				    p, path, num);
				goto bad;
			}
			x->num = (int)num;
			x->mod = i;
			x->j = q;
			snprintf(x->id, sizeof x->id, "s%02d", x->num);
			s->nsess++;
			k++;
		}
		i++;
	}
	for (i = 0; i < s->nsess; i++)
		for (k = 0; k < i; k++)
			if (s->sess[i].num == s->sess[k].num) {
				cg_seterr(e, EX_DATAERR, "%s: session number %d appears twice",
				    p, s->sess[i].num);
				goto bad;
			}
	free(p);
	s->name = cg_json_gets(s->outline, "course.name",
	    cg_json_gets(s->course, "course.name", "Course"));
	s->model = cg_json_gets(s->course, "llm.model", NULL);
	s->slug = cg_json_gets(s->course, "course.slug", "course");
	s->lang = cg_json_gets(s->outline, "course.language",
	    cg_json_gets(s->course, "course.language", "English"));
	return 0;
bad:
	free(p);
	return -1;
}

/* ---- page frame ------------------------------------------------------ */

static const char *
langcode(const char *l)
{
	static const char *map[][2] = {
		{ "english", "en" }, { "german", "de" }, { "deutsch", "de" },
		{ "french", "fr" }, { "français", "fr" }, { "spanish", "es" },
		{ "español", "es" }, { "italian", "it" }, { "portuguese", "pt" },
		{ "dutch", "nl" }, { "polish", "pl" }, { "russian", "ru" },
		{ "chinese", "zh" }, { "japanese", "ja" }, { "korean", "ko" },
		{ "swedish", "sv" }, { "danish", "da" }, { "norwegian", "no" },
		{ "finnish", "fi" }, { "turkish", "tr" }, { "greek", "el" },
		{ "czech", "cs" }, { "hindi", "hi" }, { "arabic", "ar" },
	};
	size_t i, n;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcasecmp(l, map[i][0]) == 0)
			return map[i][1];
	n = strlen(l);
	if ((n == 2 || (n == 5 && l[2] == '-')) && l[0] >= 'a' && l[0] <= 'z')
		return l;
	return "en";
}

static void
datestr(time_t t, char *buf, size_t n)
{
	struct tm tm;

	if (!t || !gmtime_r(&t, &tm))
		snprintf(buf, n, "an unknown date");
	else
		strftime(buf, n, "%Y-%m-%d %H:%M UTC", &tm);
}

struct frame {
	const char *title;	/* <title> prefix, plain text */
	const char *page;	/* "s03.html" */
	int         cursess, curmod;	/* -1 = none */
	const char *crumbs;	/* html of the breadcrumb list items */
	const char *prevurl, *prevlabel, *nexturl, *nextlabel;
	cg_md_toc  *toc;
	time_t      when;
	const char *model;
	const char *kind;	/* body data-page kind: index, module, session, print */
};

static void
sidebar(struct site *s, cg_buf *b, const struct frame *f)
{
	int i, k;

	cg_buf_puts(b, "<nav class=\"sidebar\" id=\"sidebar\" aria-label=\"Course contents\">\n"
	    "<p class=\"side-title\"><a href=\"index.html\"");
	if (strcmp(f->kind, "index") == 0)
		cg_buf_puts(b, " aria-current=\"page\"");
	cg_buf_puts(b, ">");
	esc(b, s->name);
	cg_buf_puts(b, "</a></p>\n<p class=\"progress\" hidden></p>\n<ol class=\"modules\">\n");
	for (i = 0; i < s->nmods; i++) {
		struct mod *m = &s->mods[i];
		cg_buf_printf(b, "<li><a class=\"mod\" href=\"m%02d.html\"%s>%d. ", m->num,
		    f->curmod == i ? " aria-current=\"page\"" : "", m->num);
		esc(b, m->title);
		cg_buf_puts(b, "</a>\n<ol class=\"sessions\">\n");
		for (k = m->first; k < m->first + m->n; k++) {
			struct sess *x = &s->sess[k];
			cg_buf_printf(b, "<li><a href=\"%s.html\" data-s=\"%s\"%s>%d. ",
			    x->id, x->id, f->cursess == k ? " aria-current=\"page\"" : "",
			    x->num);
			esc(b, x->title);
			cg_buf_puts(b, "</a></li>\n");
		}
		cg_buf_puts(b, "</ol></li>\n");
	}
	cg_buf_puts(b, "</ol>\n<p class=\"side-print\"><a href=\"print.html\">Whole course on one page (print)</a></p>\n</nav>\n");
}

static void
tocbox(cg_buf *b, const cg_md_toc *t)
{
	int i, top, open = 0;

	if (!t || t->n < 2)
		return;
	top = t->h[0].level;
	for (i = 1; i < t->n; i++)
		if (t->h[i].level < top)
			top = t->h[i].level;
	cg_buf_puts(b, "<aside class=\"toc\" aria-labelledby=\"toc-title\">\n"
	    "<h2 id=\"toc-title\">On this page</h2>\n<ol>\n");
	for (i = 0; i < t->n; i++) {
		if (t->h[i].level > top + 1)
			continue;
		if (t->h[i].level == top) {
			if (open == 2)
				cg_buf_puts(b, "</ol>");
			if (open)
				cg_buf_puts(b, "</li>\n");
			open = 1;
		} else if (open != 2) {
			cg_buf_puts(b, open ? "<ol>\n" : "<li><ol>\n");
			open = 2;
		}
		cg_buf_printf(b, "%s<a href=\"#%s\">%s</a>%s",
		    t->h[i].level == top ? "<li>" : "<li>", t->h[i].id, t->h[i].html,
		    t->h[i].level == top ? "" : "</li>\n");
	}
	if (open == 2)
		cg_buf_puts(b, "</ol>");
	if (open)
		cg_buf_puts(b, "</li>\n");
	cg_buf_puts(b, "</ol>\n</aside>\n");
}

static void
frame(struct site *s, cg_buf *b, const struct frame *f, const char *body)
{
	char date[48];
	int mermaid = strstr(body, "<pre class=\"mermaid\"") != NULL;
	int math = strstr(body, "<span class=\"math") != NULL;

	cg_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; "
	    "script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
	    "font-src 'self' data:; connect-src 'none'; object-src 'none'; "
	    "base-uri 'none'; form-action 'none'\">\n"
	    "<meta name=\"generator\" content=\"cg %s\">\n<title>", langcode(s->lang),
	    CG_VERSION);
	esc(b, f->title);
	if (strcmp(f->kind, "index") != 0) {
		cg_buf_puts(b, " — ");
		esc(b, s->name);
	}
	cg_buf_puts(b, "</title>\n<link rel=\"stylesheet\" href=\"assets/cg.css\">\n");
	if (math)
		cg_buf_puts(b, "<link rel=\"stylesheet\" href=\"assets/katex/katex.min.css\">\n"
		    "<script defer src=\"assets/katex/katex.min.js\"></script>\n");
	if (mermaid)
		cg_buf_puts(b, "<script defer src=\"assets/mermaid/mermaid.min.js\"></script>\n");
	cg_buf_puts(b, "<script src=\"assets/cg.js\"></script>\n</head>\n");
	cg_buf_printf(b, "<body data-kind=\"%s\" data-course=\"", f->kind);
	esc(b, s->slug);
	cg_buf_puts(b, "\"");
	if (f->cursess >= 0)
		cg_buf_printf(b, " data-session=\"%s\"", s->sess[f->cursess].id);
	cg_buf_printf(b, " data-sessions=\"%d\">\n", s->nsess);
	cg_buf_puts(b, "<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
	    "<header class=\"topbar\">\n"
	    "<button type=\"button\" class=\"menu\" aria-controls=\"sidebar\" aria-expanded=\"false\">"
	    "<span aria-hidden=\"true\">☰</span><span class=\"sr\">Course contents</span></button>\n"
	    "<a class=\"brand\" href=\"index.html\">");
	esc(b, s->name);
	cg_buf_puts(b, "</a>\n<div class=\"search\" role=\"search\">\n"
	    "<label for=\"q\" class=\"sr\">Search the course</label>\n"
	    "<input id=\"q\" type=\"search\" placeholder=\"Search the course…\" autocomplete=\"off\" "
	    "aria-controls=\"results\" aria-describedby=\"search-help\">\n"
	    "<span id=\"search-help\" class=\"sr\">Results appear below as you type.</span>\n"
	    "<div id=\"results\" class=\"results\" hidden></div>\n</div>\n"
	    "<button type=\"button\" class=\"theme\" aria-pressed=\"false\" aria-label=\"Dark mode\">"
	    "<span aria-hidden=\"true\">◐</span> <span class=\"theme-label\">Dark mode</span></button>\n"
	    "</header>\n<div class=\"layout\">\n");
	sidebar(s, b, f);
	cg_buf_puts(b, "<main id=\"main\" tabindex=\"-1\">\n");
	if (f->crumbs) {
		cg_buf_puts(b, "<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><ol>");
		cg_buf_puts(b, f->crumbs);
		cg_buf_puts(b, "</ol></nav>\n");
	}
	cg_buf_puts(b, body);
	if (f->prevurl || f->nexturl) {
		cg_buf_puts(b, "<nav class=\"pager\" aria-label=\"Previous and next\">\n");
		if (f->prevurl) {
			cg_buf_printf(b, "<a rel=\"prev\" href=\"%s\"><span class=\"dir\">← Previous</span> ", f->prevurl);
			esc(b, f->prevlabel);
			cg_buf_puts(b, "</a>\n");
		}
		if (f->nexturl) {
			cg_buf_printf(b, "<a rel=\"next\" href=\"%s\"><span class=\"dir\">Next →</span> ", f->nexturl);
			esc(b, f->nextlabel);
			cg_buf_puts(b, "</a>\n");
		}
		cg_buf_puts(b, "</nav>\n");
	}
	cg_buf_puts(b, "</main>\n");
	tocbox(b, f->toc);
	cg_buf_puts(b, "</div>\n<footer class=\"foot\">\n<p>Generated by ");
	if (f->model) {
		cg_buf_puts(b, "the model <strong>");
		esc(b, f->model);
		cg_buf_puts(b, "</strong>");
	} else
		cg_buf_puts(b, "a language model");
	datestr(f->when, date, sizeof date);
	cg_buf_printf(b, " on %s with cg %s. Everything here works offline; nothing is sent anywhere.</p>\n"
	    "</footer>\n</body>\n</html>\n", date, CG_VERSION);
}

/* ---- writing --------------------------------------------------------- */

static int
emit(struct site *s, const char *name, const char *buf, size_t len)
{
	char *p = xasprintf("%s/%s", s->dest, name);
	int r = cg_write_if_changed(p, buf, len, s->e);

	free(p);
	if (r < 0)
		return -1;
	s->st->pages++;
	s->st->pages_written += r;
	s->st->bytes += len;
	if (r)
		snote(s, "wrote %s/%s", s->dest, name);
	return 0;
}

static int
page(struct site *s, const char *name, const struct frame *f, const char *body)
{
	cg_buf b = {0};
	int r;

	frame(s, &b, f, body);
	r = emit(s, name, b.s, b.len);
	if (name[0] == 's' && name[1] >= '0' && name[1] <= '9' &&
	    b.len > s->st->max_session_page)
		s->st->max_session_page = b.len;
	cg_buf_free(&b);
	return r;
}

/* ---- session content ------------------------------------------------- */

static void
missing(struct site *s, struct sess *x, cg_buf *b, const char *file,
    const char *target, int report)
{
	if (report)
		s->st->missing++;
	if (report && x->present)
		swarn(s, "%s/%s/%s: not generated yet; run: make %s-%s", s->o->out,
		    x->id, file, x->id, target);
	cg_buf_puts(b, "<p class=\"missing\">Not generated yet.</p>\n");
}

static void
strlist(cg_buf *b, const cJSON *arr, const char *cls)
{
	const cJSON *it;

	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
		return;
	cg_buf_printf(b, "<ul class=\"%s\">\n", cls);
	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it)) {
			cg_buf_puts(b, "<li>");
			esc(b, it->valuestring);
			cg_buf_puts(b, "</li>\n");
		}
	cg_buf_puts(b, "</ul>\n");
}

static void
quiz(struct site *s, struct sess *x, cg_buf *b, int lvl, const char *pfx,
    cg_md_toc *toc, int print)
{
	const cJSON *mc = cJSON_GetObjectItemCaseSensitive(x->quiz, "multiple_choice");
	const cJSON *sa = cJSON_GetObjectItemCaseSensitive(x->quiz, "short_answer");
	const cJSON *es = cJSON_GetObjectItemCaseSensitive(x->quiz, "essay");
	const cJSON *q, *o;
	int i, k, nmc = cJSON_GetArraySize(mc);
	char *js, *p;
	const char *sub[3] = { "Multiple choice", "Short answer", "Essay" };
	const cJSON *grp[3] = { mc, sa, es };

	cg_buf_printf(b, "<div class=\"quiz\" data-session=\"%s\" data-total=\"%d\">\n",
	    x->id, cJSON_IsArray(mc) ? nmc : 0);
	if (!print && cJSON_IsArray(mc) && nmc)
		cg_buf_printf(b, "<p class=\"score\" aria-live=\"polite\">Score: <span class=\"score-n\">0</span> of %d "
		    "(<span class=\"score-a\">0</span> answered)</p>\n", nmc);
	for (k = 0; k < 3; k++) {
		if (!cJSON_IsArray(grp[k]) || cJSON_GetArraySize(grp[k]) == 0)
			continue;
		cg_buf_printf(b, "<h%d id=\"%s-%s\">%s</h%d>\n", lvl, pfx,
		    k == 0 ? "mc" : k == 1 ? "sa" : "essay", sub[k], lvl);
		if (toc) {
			if (toc->n == toc->cap) {
				toc->cap = toc->cap ? toc->cap * 2 : 16;
				toc->h = xrealloc(toc->h, toc->cap * sizeof *toc->h);
			}
			toc->h[toc->n].level = lvl;
			toc->h[toc->n].id = xasprintf("%s-%s", pfx, k == 0 ? "mc" : k == 1 ? "sa" : "essay");
			toc->h[toc->n].html = xstrdup(sub[k]);
			toc->n++;
		}
		cg_buf_printf(b, "<ol class=\"%s\">\n", k == 0 ? "mc" : "open");
		i = 0;
		cJSON_ArrayForEach(q, grp[k]) {
			cg_buf_printf(b, "<li class=\"q\" data-i=\"%d\">\n<div class=\"qtext\">", i);
			mdinline(s, b, jstr(q, "question", ""));
			cg_buf_puts(b, "</div>\n");
			if (k == 0) {
				const char *ans = jstr(q, "answer", "");
				int j = 0;
				cg_buf_printf(b, "<div class=\"opts\" role=\"group\" aria-label=\"Options for question %d\">\n", i + 1);
				cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(q, "options")) {
					char L = (char)('A' + j);
					if (print)
						cg_buf_printf(b, "<p class=\"opt%s\"><span class=\"letter\">%c</span> ",
						    ans[0] == L ? " correct" : "", L);
					else
						cg_buf_printf(b, "<button type=\"button\" class=\"opt\" data-o=\"%c\">"
						    "<span class=\"letter\">%c</span> ", L, L);
					mdinline(s, b, cJSON_IsString(o) ? o->valuestring : "");
					cg_buf_puts(b, print ? "</p>\n" : "</button>\n");
					j++;
				}
				cg_buf_puts(b, "</div>\n");
				if (!print)
					cg_buf_puts(b, "<p class=\"feedback\" aria-live=\"polite\"></p>\n");
				cg_buf_printf(b, "<div class=\"explain\"%s>", print ? "" : " hidden");
				if (print) {
					cg_buf_puts(b, "<p><strong>Answer: ");
					esc(b, ans);
					cg_buf_puts(b, "</strong></p>");
				}
				md(s, b, jstr(q, "explanation", ""), strlen(jstr(q, "explanation", "")),
				    "x", 6, NULL);
				cg_buf_puts(b, "</div>\n");
			} else {
				const char *t = jstr(q, k == 1 ? "answer" : "guidance", "");
				cg_buf_printf(b, "<details%s><summary>%s</summary>\n", print ? " open" : "",
				    k == 1 ? "Show model answer" : "Show what a good answer covers");
				md(s, b, t, strlen(t), "x", 6, NULL);
				cg_buf_puts(b, "</details>\n");
			}
			cg_buf_puts(b, "</li>\n");
			i++;
		}
		cg_buf_puts(b, "</ol>\n");
	}
	if (!print) {
		/* the answer key from questions.json, for cg.js (the texts are
		 * in the page already); '<' escaped so nothing can end the
		 * script element */
		cJSON *key = cJSON_CreateObject(), *ans = cJSON_CreateArray();
		cJSON_AddStringToObject(key, "session", x->id);
		cJSON_ArrayForEach(q, mc)
			cJSON_AddItemToArray(ans, cJSON_CreateString(jstr(q, "answer", "")));
		cJSON_AddItemToObject(key, "answers", ans);
		cg_buf_puts(b, "<button type=\"button\" class=\"quiz-reset\">Start the quiz again</button>\n"
		    "<script type=\"application/json\" class=\"quiz-data\">");
		js = cJSON_PrintUnformatted(key);
		cJSON_Delete(key);
		for (p = js; p && *p; p++) {
			if (*p == '<')
				cg_buf_puts(b, "\\u003c");
			else if (*p == '>')
				cg_buf_puts(b, "\\u003e");
			else
				cg_buf_putc(b, *p);
		}
		free(js);
		cg_buf_puts(b, "</script>\n");
	}
	cg_buf_puts(b, "</div>\n");
}

/* The session's sections.  lvl = level of the section headings; ids are
 * prefixed with pfx ("" on the session page, "s03-" on print.html). */
static void
session_body(struct site *s, struct sess *x, cg_buf *b, int lvl,
    const char *pfx, cg_md_toc *toc, int print, int doindex)
{
	int i, k, doc;
	char id[64], what[96];
	const cJSON *j = x->j;
	struct mod *m = &s->mods[x->mod];
	char title[512];

	snprintf(title, sizeof title, "Session %d: %s", x->num, x->title);
	if (doindex && !x->present)
		swarn(s, "%s/%s: nothing generated yet; run: make %s", s->o->out,
		    x->id, x->id);
	/* overview */
	snprintf(id, sizeof id, "%soverview", pfx);
	cg_buf_printf(b, "<section class=\"overview\" aria-labelledby=\"%s\">\n<h%d id=\"%s\">Overview</h%d>\n",
	    id, lvl, id, lvl);
	if (toc) {
		cg_md_toc *t = toc;
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 16;
			t->h = xrealloc(t->h, t->cap * sizeof *t->h);
		}
		t->h[t->n].level = lvl;
		t->h[t->n].id = xstrdup(id);
		t->h[t->n].html = xstrdup("Overview");
		t->n++;
	}
	cg_buf_printf(b, "<p class=\"meta\">Part of <a href=\"m%02d.html\">Module %d: ", m->num, m->num);
	esc(b, m->title);
	cg_buf_puts(b, "</a></p>\n");
	if (jstr(j, "rationale", NULL)) {
		cg_buf_puts(b, "<p>");
		esc(b, jstr(j, "rationale", ""));
		cg_buf_puts(b, "</p>\n");
	}
	{
		const char *lab[3] = { "Objectives", "Key concepts", "Subtopics" };
		const char *key[3] = { "objectives", "key_concepts", "subtopics" };
		for (k = 0; k < 3; k++) {
			const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, key[k]);
			if (!cJSON_IsArray(a) || !cJSON_GetArraySize(a))
				continue;
			cg_buf_printf(b, "<p class=\"label\">%s</p>\n", lab[k]);
			strlist(b, a, key[k]);
		}
	}
	cg_buf_puts(b, "</section>\n");
	if (doindex) {
		const cJSON *it;
		char url[48];
		snprintf(url, sizeof url, "%s.html", x->id);
		doc = cg_site_index_doc(s->ix, url, title, "Overview");
		cg_site_index_text(s->ix, doc, title, strlen(title), 5);
		for (k = 0; k < 3; k++) {
			const char *key[3] = { "objectives", "key_concepts", "subtopics" };
			cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, key[k]))
				if (cJSON_IsString(it))
					cg_site_index_text(s->ix, doc, it->valuestring,
					    strlen(it->valuestring), 2);
		}
		if (jstr(j, "rationale", NULL))
			cg_site_index_text(s->ix, doc, jstr(j, "rationale", ""),
			    strlen(jstr(j, "rationale", "")), 1);
	}
	for (i = 0; i < NKINDS; i++) {
		const struct kind *kd = &kinds[i];
		if (!kind_enabled(s, kd))
			continue;
		snprintf(id, sizeof id, "%s%s", pfx, kd->id);
		cg_buf_printf(b, "<section class=\"kind kind-%s\" aria-labelledby=\"%s\">\n<h%d id=\"%s\">%s</h%d>\n",
		    kd->id, id, lvl, id, kd->title, lvl);
		if (toc) {
			cg_md_toc *t = toc;
			if (t->n == t->cap) {
				t->cap = t->cap ? t->cap * 2 : 16;
				t->h = xrealloc(t->h, t->cap * sizeof *t->h);
			}
			t->h[t->n].level = lvl;
			t->h[t->n].id = xstrdup(id);
			t->h[t->n].html = xstrdup(kd->title);
			t->n++;
		}
		doc = -1;
		if (doindex) {
			char url[96];
			snprintf(url, sizeof url, "%s.html#%s", x->id, kd->id);
			doc = cg_site_index_doc(s->ix, url, title, kd->title);
		}
		switch (kd->type) {
		case K_MD:
			if (!x->text[i]) {
				missing(s, x, b, kd->file, kd->target, doindex);
				break;
			}
			md(s, b, x->text[i], x->len[i], id, lvl + 1, toc);
			if (doc >= 0)
				cg_site_index_text(s->ix, doc, x->text[i], x->len[i], 1);
			break;
		case K_MMD:
		case K_DIAGRAMS: {
			int n = kd->type == K_MMD ? 1 : x->ndgm;
			if (n == 0)
				cg_buf_puts(b, "<p class=\"missing\">No diagrams for this session.</p>\n");
			for (k = 0; k < n; k++) {
				const char *t = kd->type == K_MMD ? x->text[i] : x->dgm[k];
				char file[32], cap[48];
				if (kd->type == K_MMD)
					snprintf(file, sizeof file, "%s", kd->file);
				else
					snprintf(file, sizeof file, "diagram-%d.mmd", k + 1);
				if (kd->type == K_DIAGRAMS)
					snprintf(cap, sizeof cap, "Diagram %d.", k + 1);
				else
					snprintf(cap, sizeof cap, "Concept map.");
				if (!t) {
					char tg[32];
					snprintf(tg, sizeof tg, "diagram-%d", k + 1);
					missing(s, x, b, file, kd->type == K_MMD ? kd->target : tg, doindex);
					continue;
				}
				snprintf(what, sizeof what, "%s/%s/%s", s->o->out, x->id, file);
				if (figure(s, b, t, cap, what) < 0) {
					cg_buf_puts(b, "<pre class=\"diagram-src\"><code>");
					esc(b, t);
					cg_buf_puts(b, "</code></pre>\n");
				}
				if (doc >= 0) {
					cg_err e;
					cg_mmd *mm = cg_mmd_parse(t, &e);
					char *alt = mm ? cg_mmd_alt(mm) : NULL;
					if (alt)
						cg_site_index_text(s->ix, doc, alt, strlen(alt), 1);
					free(alt);
					cg_mmd_free(mm);
				}
			}
			break;
		}
		case K_QUIZ:
			if (!x->text[i]) {
				missing(s, x, b, kd->file, kd->target, doindex);
				break;
			}
			if (!x->quiz) {
				cg_buf_puts(b, "<p class=\"missing\">The quiz file could not be read.</p>\n");
				break;
			}
			quiz(s, x, b, lvl + 1, id, NULL, print);
			if (doc >= 0) {
				/* questions, options, answers: the text a learner sees */
				char *t = cJSON_PrintUnformatted(x->quiz);
				cg_site_index_text(s->ix, doc, t, strlen(t), 1);
				free(t);
			}
			break;
		}
		cg_buf_puts(b, "</section>\n");
	}
}


/* ---- session fragments and their cache -------------------------------
 *
 * Rendering a session (markdown, diagrams, quiz, search terms) is most of
 * the work, and both its page and print.html need it.  Each session's
 * rendered fragments are kept in OUT/.cache/site/sNN together with a hash
 * of everything they depend on: the outline entry, the course-wide
 * settings that reach the page, and the size, mtime and inode of every
 * input file.  A re-run renders only the sessions whose hash changed and
 * reassembles the rest, so it costs little more than the comparisons of
 * write-if-changed.  A missing or damaged cache only means more work.
 */

static void
statline(cg_buf *b, struct sess *x, const char *dir, const char *name)
{
	struct stat sb;
	char *p = xasprintf("%s/%s", dir, name);

	if (stat(p, &sb) == 0) {
		cg_buf_printf(b, "%s %lld %lld.%09ld %llu\n", name, (long long)sb.st_size,
		    (long long)sb.st_mtim.tv_sec, (long)sb.st_mtim.tv_nsec,
		    (unsigned long long)sb.st_ino);
		if (sb.st_mtime > x->mtime)
			x->mtime = sb.st_mtime;
	} else
		cg_buf_printf(b, "%s -\n", name);
	free(p);
}

static void
signature(struct site *s, struct sess *x)
{
	cg_buf b = {0};
	char *dir = xasprintf("%s/%s", s->o->out, x->id), *js;
	struct mod *m = &s->mods[x->mod];
	DIR *d;
	struct dirent *de;
	int i;

	cg_buf_printf(&b, "cg-site fragments 1 %s %s %s\n%s\n", CG_VERSION, __DATE__,
	    __TIME__, s->o->out);
	js = cJSON_PrintUnformatted(x->j);
	cg_buf_printf(&b, "%s\n%d %s\n%s\n", js, m->num, m->title,
	    s->model ? s->model : "-");
	free(js);
	for (i = 0; i < NKINDS; i++)
		cg_buf_putc(&b, kind_enabled(s, &kinds[i]) ? '1' : '0');
	cg_buf_putc(&b, '\n');
	statline(&b, x, dir, "session.json");
	for (i = 0; i < NKINDS; i++)
		if (kinds[i].file)
			statline(&b, x, dir, kinds[i].file);
	if ((d = opendir(dir))) {
		int k;
		char tail[8];
		while ((de = readdir(d)))
			if (sscanf(de->d_name, "diagram-%d.mm%1[d]", &k, tail) == 2)
				statline(&b, x, dir, de->d_name);
		closedir(d);
	}
	cg_sha256_hex(b.s, b.len, x->sig);
	cg_buf_free(&b);
	free(dir);
}

static void
put_part(cg_buf *b, const char *tag, const char *s, size_t n)
{
	cg_buf_printf(b, "%s %zu\n", tag, n);
	cg_buf_add(b, s ? s : "", n);
	cg_buf_putc(b, '\n');
}

/* Next "tag LEN\nBYTES\n" part at *p; returns a malloc'd copy or NULL. */
static char *
get_part(const char **p, const char *end, const char *tag, size_t *len)
{
	size_t tl = strlen(tag), n;
	char *e, *r;

	if ((size_t)(end - *p) < tl + 2 || strncmp(*p, tag, tl) != 0 || (*p)[tl] != ' ')
		return NULL;
	n = strtoul(*p + tl + 1, &e, 10);
	if (*e != '\n' || (size_t)(end - (e + 1)) < n + 1 || e[1 + n] != '\n')
		return NULL;
	r = xstrndup(e + 1, n);
	*p = e + 1 + n + 1;
	if (len)
		*len = n;
	return r;
}

static char *
cachepath(struct site *s, struct sess *x)
{
	return xasprintf("%s/%s", s->cachedir, x->id);
}

static void
toc_parse(cg_md_toc *t, const char *txt)
{
	const char *p = txt;

	while (*p) {
		const char *nl = strchr(p, '\n'), *t1, *t2;
		if (!nl)
			break;
		t1 = memchr(p, '\t', nl - p);
		t2 = t1 ? memchr(t1 + 1, '\t', nl - t1 - 1) : NULL;
		if (t2) {
			if (t->n == t->cap) {
				t->cap = t->cap ? t->cap * 2 : 16;
				t->h = xrealloc(t->h, t->cap * sizeof *t->h);
			}
			t->h[t->n].level = atoi(p);
			t->h[t->n].id = xstrndup(t1 + 1, t2 - t1 - 1);
			t->h[t->n].html = xstrndup(t2 + 1, nl - t2 - 1);
			t->n++;
		}
		p = nl + 1;
	}
}

static int
cache_read(struct site *s, struct sess *x)
{
	char *path = cachepath(s, x), *txt, *toc = NULL;
	const char *p, *end;
	size_t n;
	long long mt;
	int missing, present, ok = 0, i;

	txt = cg_read_file(path, &n, NULL);
	free(path);
	if (!txt)
		return 0;
	end = txt + n;
	if (n < 14 + 69 || strncmp(txt, "cg-site-cache\nsig ", 18) != 0 ||
	    strncmp(txt + 18, x->sig, 64) != 0 || txt[82] != '\n')
		goto out;	/* not ours, or stale */
	p = txt + 83;
	if (sscanf(p, "mtime %lld\nmissing %d\npresent %d\n", &mt, &missing,
	    &present) != 3)
		goto out;
	for (i = 0; i < 3; i++) {
		if (!(p = memchr(p, '\n', end - p)))
			goto out;
		p++;
	}
	if (!(x->model = get_part(&p, end, "model", NULL)) ||
	    !(x->body = get_part(&p, end, "body", NULL)) ||
	    !(x->pbody = get_part(&p, end, "pbody", NULL)) ||
	    !(toc = get_part(&p, end, "toc", NULL)) ||
	    !(x->idx = get_part(&p, end, "idx", &x->idxlen)) ||
	    !(x->warns = get_part(&p, end, "warn", NULL)))
		goto out;
	if (!x->model[0]) {
		free(x->model);
		x->model = NULL;
	}
	toc_parse(&x->toc, toc);
	x->nmissing = missing;
	x->present = present;
	x->mtime = (time_t)mt;
	ok = 1;
out:
	if (!ok) {
		free(x->model); free(x->body); free(x->pbody); free(x->idx); free(x->warns);
		x->model = x->body = x->pbody = x->idx = x->warns = NULL;
		cg_md_toc_free(&x->toc);
	}
	free(toc);
	free(txt);
	return ok;
}

/* Plain write + rename: a cache needs no fsync, and a torn one is only
 * a miss next time. */
static void
cache_write(struct site *s, struct sess *x)
{
	cg_buf b = {0}, t = {0};
	char *path = cachepath(s, x), *tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
	FILE *f;
	int i;

	for (i = 0; i < x->toc.n; i++)
		cg_buf_printf(&t, "%d\t%s\t%s\n", x->toc.h[i].level, x->toc.h[i].id,
		    x->toc.h[i].html);
	cg_buf_printf(&b, "cg-site-cache\nsig %s\nmtime %lld\nmissing %d\npresent %d\n",
	    x->sig, (long long)x->mtime, x->nmissing, x->present);
	put_part(&b, "model", x->model, x->model ? strlen(x->model) : 0);
	put_part(&b, "body", x->body, strlen(x->body));
	put_part(&b, "pbody", x->pbody, strlen(x->pbody));
	put_part(&b, "toc", t.s, t.len);
	put_part(&b, "idx", x->idx, x->idxlen);
	put_part(&b, "warn", x->warns, x->warns ? strlen(x->warns) : 0);
	if (cg_mkdirs(s->cachedir, NULL) == 0 && (f = fopen(tmp, "w"))) {
		int bad = fwrite(b.s, 1, b.len, f) != b.len;
		bad |= fclose(f) != 0;
		if (bad || rename(tmp, path) != 0)
			unlink(tmp);
	}
	cg_buf_free(&b);
	cg_buf_free(&t);
	free(tmp);
	free(path);
}

static const char *model_of(struct site *s, const struct sess *x);

/* Render session x's fragments (cache miss). */
static void
render_session(struct site *s, struct sess *x)
{
	cg_buf body = {0}, pbody = {0}, w = {0};
	cg_site_index *main = s->ix;
	char pfx[24];
	int k, missing0 = s->st->missing;
	const char *model;

	s->capture = &w;
	load_content(s, x);
	s->ix = cg_site_index_new();
	session_body(s, x, &body, 2, "", &x->toc, 0, 1);
	snprintf(pfx, sizeof pfx, "%s-", x->id);
	session_body(s, x, &pbody, 3, pfx, NULL, 1, 0);
	x->idx = cg_site_index_dump(s->ix, &x->idxlen);
	cg_site_index_free(s->ix);
	s->ix = main;
	s->capture = NULL;
	x->body = cg_buf_take(&body);
	x->pbody = cg_buf_take(&pbody);
	x->warns = cg_buf_take(&w);
	x->nmissing = s->st->missing - missing0;
	model = model_of(s, x);
	x->model = model ? xstrdup(model) : NULL;
	for (k = 0; k < NKINDS; k++) {
		free(x->text[k]);
		x->text[k] = NULL;
	}
	for (k = 0; k < x->ndgm; k++)
		free(x->dgm[k]);
	free(x->dgm);
	x->dgm = NULL;
	x->ndgm = 0;
	cJSON_Delete(x->quiz);
	cJSON_Delete(x->sj);
	x->quiz = x->sj = NULL;
}

static int
prepare_session(struct site *s, struct sess *x)
{
	signature(s, x);
	if (x->mtime > s->newest)
		s->newest = x->mtime;
	if (cache_read(s, x)) {
		const char *p = x->warns, *nl;
		s->st->missing += x->nmissing;
		s->st->cached++;
		for (; p && (nl = strchr(p, '\n')); p = nl + 1) {
			char *line = xstrndup(p, nl - p);
			if (s->o->warnfn)
				s->o->warnfn(line);
			free(line);
		}
	} else {
		render_session(s, x);
		cache_write(s, x);
	}
	if (cg_site_index_load(s->ix, x->idx, x->idxlen) < 0)
		return cg_seterr(s->e, EX_SOFTWARE, "%s/%s: damaged search data; remove that directory and run again",
		    s->cachedir, x->id);
	return 0;
}

/* ---- pages ----------------------------------------------------------- */

static const char *
model_of(struct site *s, const struct sess *x)
{
	return cg_json_gets(x ? x->sj : NULL, "llm.model", s->model);
}

/* A page's file name and its title, for its own heading and for the
 * previous / next links of its neighbours. */
struct pagename {
	char url[32], title[512];
};

static void
sess_name(struct pagename *n, const struct sess *x)
{
	snprintf(n->url, sizeof n->url, "%s.html", x->id);
	snprintf(n->title, sizeof n->title, "Session %d: %s", x->num, x->title);
}

static void
mod_name(struct pagename *n, const struct mod *m)
{
	snprintf(n->url, sizeof n->url, "m%02d.html", m->num);
	snprintf(n->title, sizeof n->title, "Module %d: %s", m->num, m->title);
}

/* The previous and next links of f (NULL: none). */
static void
neighbours(struct frame *f, const struct pagename *prev,
    const struct pagename *next)
{
	if (prev) {
		f->prevurl = prev->url;
		f->prevlabel = prev->title;
	}
	if (next) {
		f->nexturl = next->url;
		f->nextlabel = next->title;
	}
}

/* open, text escaped, close. */
static void
wrap(cg_buf *b, const char *open, const char *text, const char *close)
{
	cg_buf_puts(b, open);
	esc(b, text);
	cg_buf_puts(b, close);
}

static int
session_page(struct site *s, int si)
{
	struct sess *x = &s->sess[si];
	struct mod *m = &s->mods[x->mod];
	cg_buf body = {0}, crumbs = {0};
	struct pagename me, prev, next;
	struct frame f = {0};
	int r;

	sess_name(&me, x);
	cg_buf_printf(&crumbs, "<li><a href=\"index.html\">Course</a></li>"
	    "<li><a href=\"m%02d.html\">Module %d: ", m->num, m->num);
	esc(&crumbs, m->title);
	cg_buf_printf(&crumbs, "</a></li><li><a href=\"%s\" aria-current=\"page\">Session %d</a></li>",
	    me.url, x->num);
	wrap(&body, "<h1>", me.title, "</h1>\n");
	cg_buf_puts(&body, x->body);
	f.title = me.title;
	f.kind = "session";
	f.cursess = si;
	f.curmod = -1;
	f.crumbs = crumbs.s;
	f.toc = &x->toc;
	f.when = x->mtime;
	f.model = x->model;
	if (si > 0)
		sess_name(&prev, &s->sess[si - 1]);
	if (si + 1 < s->nsess)
		sess_name(&next, &s->sess[si + 1]);
	neighbours(&f, si > 0 ? &prev : NULL, si + 1 < s->nsess ? &next : NULL);
	r = page(s, me.url, &f, body.s);
	cg_buf_free(&body);
	cg_buf_free(&crumbs);
	return r;
}

static void
session_item(cg_buf *b, struct sess *x, int lvl)
{
	cg_buf_printf(b, "<li class=\"session-item\"><h%d><a href=\"%s.html\" data-s=\"%s\">Session %d: ",
	    lvl, x->id, x->id, x->num);
	esc(b, x->title);
	cg_buf_printf(b, "</a></h%d>\n", lvl);
	strlist(b, cJSON_GetObjectItemCaseSensitive(x->j, "objectives"), "objectives");
	cg_buf_puts(b, "</li>\n");
}

static int
module_page(struct site *s, int mi)
{
	struct mod *m = &s->mods[mi];
	cg_buf body = {0}, crumbs = {0};
	struct pagename me, prev, next;
	struct frame f = {0};
	time_t when = 0;
	int k, r, doc;

	mod_name(&me, m);
	cg_buf_printf(&crumbs, "<li><a href=\"index.html\">Course</a></li>"
	    "<li><a href=\"%s\" aria-current=\"page\">Module %d</a></li>", me.url, m->num);
	wrap(&body, "<h1>", me.title, "</h1>\n");
	if (m->desc[0])
		wrap(&body, "<p class=\"lead\">", m->desc, "</p>\n");
	cg_buf_puts(&body, "<h2>Sessions</h2>\n<ol class=\"session-list\">\n");
	for (k = m->first; k < m->first + m->n; k++) {
		session_item(&body, &s->sess[k], 3);
		if (s->sess[k].mtime > when)
			when = s->sess[k].mtime;
	}
	cg_buf_puts(&body, "</ol>\n");
	doc = cg_site_index_doc(s->ix, me.url, me.title, "Module");
	cg_site_index_text(s->ix, doc, me.title, strlen(me.title), 5);
	cg_site_index_text(s->ix, doc, m->desc, strlen(m->desc), 1);
	f.title = me.title;
	f.kind = "module";
	f.cursess = -1;
	f.curmod = mi;
	f.crumbs = crumbs.s;
	f.when = when ? when : s->newest;
	f.model = s->model;
	if (mi > 0)
		mod_name(&prev, &s->mods[mi - 1]);
	if (mi + 1 < s->nmods)
		mod_name(&next, &s->mods[mi + 1]);
	neighbours(&f, mi > 0 ? &prev : NULL, mi + 1 < s->nmods ? &next : NULL);
	r = page(s, me.url, &f, body.s);
	cg_buf_free(&body);
	cg_buf_free(&crumbs);
	return r;
}

static void
facts(struct site *s, cg_buf *b)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(s->outline, "course");
	const cJSON *dw = cJSON_GetObjectItemCaseSensitive(c, "duration_weeks");
	const char *v;

	cg_buf_puts(b, "<dl class=\"facts\">\n");
	if ((v = jstr(c, "subject", NULL)))
		wrap(b, "<dt>Subject</dt><dd>", v, "</dd>\n");
	if ((v = jstr(c, "level", NULL)))
		wrap(b, "<dt>Level</dt><dd>", v, "</dd>\n");
	if (cJSON_IsNumber(dw) && dw->valuedouble > 0)
		cg_buf_printf(b, "<dt>Duration</dt><dd>%d week%s</dd>\n", dw->valueint,
		    dw->valueint == 1 ? "" : "s");
	else if (cJSON_IsString(dw))
		wrap(b, "<dt>Duration</dt><dd>", dw->valuestring, "</dd>\n");
	if ((v = jstr(c, "language", NULL)))
		wrap(b, "<dt>Language</dt><dd>", v, "</dd>\n");
	cg_buf_printf(b, "<dt>Modules</dt><dd>%d</dd>\n<dt>Sessions</dt><dd>%d</dd>\n</dl>\n",
	    s->nmods, s->nsess);
}

/* The course description: the outline's, else the configuration's. */
static const char *
course_desc(struct site *s)
{
	return cg_json_gets(s->outline, "course.description",
	    cg_json_gets(s->course, "course.description", ""));
}

static int
index_page(struct site *s)
{
	cg_buf body = {0};
	cg_md_toc toc = {0};
	struct frame f = {0};
	const char *desc = course_desc(s);
	int i, k, r, doc;
	struct pagename first;

	wrap(&body, "<h1>", s->name, "</h1>\n");
	if (desc[0])
		wrap(&body, "<p class=\"lead\">", desc, "</p>\n");
	facts(s, &body);
	cg_buf_printf(&body, "<p class=\"progress-text\" hidden></p>\n"
	    "<h2 id=\"modules\">Modules</h2>\n<ol class=\"module-list\">\n");
	for (i = 0; i < s->nmods; i++) {
		struct mod *m = &s->mods[i];
		cg_buf_printf(&body, "<li><h3 id=\"m%02d\"><a href=\"m%02d.html\">Module %d: ", m->num, m->num, m->num);
		esc(&body, m->title);
		cg_buf_puts(&body, "</a></h3>\n");
		if (m->desc[0]) {
			cg_buf_puts(&body, "<p>");
			esc(&body, m->desc);
			cg_buf_puts(&body, "</p>\n");
		}
		cg_buf_puts(&body, "<ol class=\"session-list\">\n");
		for (k = m->first; k < m->first + m->n; k++)
			session_item(&body, &s->sess[k], 4);
		cg_buf_puts(&body, "</ol></li>\n");
		if (toc.n == toc.cap) {
			toc.cap = toc.cap ? toc.cap * 2 : 16;
			toc.h = xrealloc(toc.h, toc.cap * sizeof *toc.h);
		}
		toc.h[toc.n].level = 2;
		toc.h[toc.n].id = xasprintf("m%02d", m->num);
		toc.h[toc.n].html = xasprintf("Module %d", m->num);
		toc.n++;
	}
	cg_buf_puts(&body, "</ol>\n");
	doc = cg_site_index_doc(s->ix, "index.html", s->name, "Course");
	cg_site_index_text(s->ix, doc, s->name, strlen(s->name), 5);
	cg_site_index_text(s->ix, doc, desc, strlen(desc), 1);
	f.title = s->name;
	f.kind = "index";
	f.cursess = f.curmod = -1;
	f.toc = &toc;
	f.when = s->newest;
	f.model = s->model;
	if (s->nsess) {		/* → from the overview starts the course */
		sess_name(&first, &s->sess[0]);
		neighbours(&f, NULL, &first);
	}
	r = page(s, "index.html", &f, body.s);
	cg_buf_free(&body);
	cg_md_toc_free(&toc);
	return r;
}

static int
print_page(struct site *s)
{
	cg_buf body = {0};
	struct frame f = {0};
	const char *desc = course_desc(s);
	int i, r;

	wrap(&body, "<h1>", s->name, "</h1>\n");
	if (desc[0])
		wrap(&body, "<p class=\"lead\">", desc, "</p>\n");
	facts(s, &body);
	for (i = 0; i < s->nsess; i++) {
		struct sess *x = &s->sess[i];
		struct mod *m = &s->mods[x->mod];
		cg_buf_printf(&body, "<article class=\"print-session\" id=\"%s\" aria-labelledby=\"%s-title\">\n"
		    "<h2 id=\"%s-title\">Session %d: ", x->id, x->id, x->id, x->num);
		esc(&body, x->title);
		cg_buf_printf(&body, "</h2>\n<p class=\"meta\">Module %d: ", m->num);
		esc(&body, m->title);
		cg_buf_puts(&body, "</p>\n");
		cg_buf_puts(&body, x->pbody);
		cg_buf_puts(&body, "</article>\n");
	}
	f.title = "Whole course";
	f.kind = "print";
	f.cursess = f.curmod = -1;
	f.crumbs = "<li><a href=\"index.html\">Course</a></li>"
	    "<li><a href=\"print.html\" aria-current=\"page\">Whole course</a></li>";
	f.when = s->newest;
	f.model = s->model;
	r = page(s, "print.html", &f, body.s);
	cg_buf_free(&body);
	return r;
}

/* ---- assets ---------------------------------------------------------- */

static int
copy_asset(struct site *s, const char *src, const char *dst)
{
	char *to = xasprintf("%s/assets/%s", s->dest, dst);
	struct stat a, b;
	char *buf;
	size_t n;
	int r = 0;

	s->st->assets++;
	if (stat(src, &a) == 0 && stat(to, &b) == 0 && a.st_size == b.st_size &&
	    b.st_mtime >= a.st_mtime)
		goto out;	/* copied before, unchanged since */
	if (!(buf = cg_read_file(src, &n, s->e))) {
		r = -1;
		goto out;
	}
	r = cg_write_if_changed(to, buf, n, s->e);
	free(buf);
	if (r > 0) {
		s->st->assets_written++;
		snote(s, "wrote %s", to);
	}
	r = r < 0 ? -1 : 0;
out:
	free(to);
	return r;
}

static int
assets(struct site *s)
{
	char *src[sizeof vendored / sizeof vendored[0]];
	char *fonts;
	size_t i, n = sizeof vendored / sizeof vendored[0];
	int r = 0;
	DIR *d;
	struct dirent *de;

	for (i = 0; i < n; i++) {
		if (!(src[i] = cg_datafile(vendored[i].src))) {
			const char *what = vendored[i].src;
			int npm = strstr(what, "node_modules") != NULL;
			while (i-- > 0)
				free(src[i]);
			return cg_seterr(s->e, EX_UNAVAILABLE,
			    "%s: not found (looked in $CG_ROOT, . and %s); %s",
			    what, CG_DATADIR, npm ?
			    "install the vendored JavaScript with `make assets` (or `cd site && npm ci`)" :
			    "reinstall cg or set CG_ROOT to the source tree");
		}
	}
	for (i = 0; i < n && r == 0; i++)
		r = copy_asset(s, src[i], vendored[i].dst);
	for (i = 0; i < n; i++)
		free(src[i]);
	if (r < 0)
		return -1;
	if (!(fonts = cg_datafile(KATEX_FONTS)))
		return cg_seterr(s->e, EX_UNAVAILABLE, "%s: not found; run `make assets` (or `cd site && npm ci`)",
		    KATEX_FONTS);
	if ((d = opendir(fonts))) {
		while (r == 0 && (de = readdir(d))) {
			size_t l = strlen(de->d_name);
			if (l > 6 && strcmp(de->d_name + l - 6, ".woff2") == 0) {
				char *a = xasprintf("%s/%s", fonts, de->d_name);
				char *b = xasprintf("katex/fonts/%s", de->d_name);
				r = copy_asset(s, a, b);
				free(a);
				free(b);
			}
		}
		closedir(d);
	}
	free(fonts);
	return r;
}

/* Pages of sessions and modules no longer in the outline. */
static void
prune(struct site *s)
{
	DIR *d = opendir(s->dest);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		int n, i, keep = 0;
		char c, tail[8];
		if (sscanf(de->d_name, "%c%d.htm%1[l]", &c, &n, tail) != 3 ||
		    (c != 's' && c != 'm'))
			continue;
		for (i = 0; c == 's' && i < s->nsess; i++) {
			char want[32];
			snprintf(want, sizeof want, "%s.html", s->sess[i].id);
			keep |= strcmp(want, de->d_name) == 0;
		}
		for (i = 0; c == 'm' && i < s->nmods; i++) {
			char want[32];
			snprintf(want, sizeof want, "m%02d.html", s->mods[i].num);
			keep |= strcmp(want, de->d_name) == 0;
		}
		if (!keep) {
			char *p = xasprintf("%s/%s", s->dest, de->d_name);
			if (unlink(p) == 0)
				snote(s, "removed %s (no longer in the outline)", p);
			free(p);
		}
	}
	closedir(d);
}

int
cg_site_build(const struct cg_site_opts *o, struct cg_site_stats *st, cg_err *e)
{
	struct site s;
	struct cg_site_stats dummy;
	int i, k, r = -1;
	char *js;
	size_t jl;

	memset(&s, 0, sizeof s);
	if (!st)
		st = &dummy;
	memset(st, 0, sizeof *st);
	s.o = o;
	s.st = st;
	s.e = e;
	s.dest = o->dest ? xstrdup(o->dest) : xasprintf("%s/site", o->out);
	s.cachedir = xasprintf("%s/.cache/site", o->out);
	if (load(&s) < 0)
		goto done;
	if (cg_mkdirs(s.dest, e) < 0 || assets(&s) < 0)
		goto done;
	s.ix = cg_site_index_new();
	for (i = 0; i < s.nsess; i++)
		if (prepare_session(&s, &s.sess[i]) < 0)
			goto done;
	for (i = 0; i < s.nsess; i++)
		if (session_page(&s, i) < 0)
			goto done;
	for (i = 0; i < s.nmods; i++)
		if (module_page(&s, i) < 0)
			goto done;
	if (index_page(&s) < 0 || print_page(&s) < 0)
		goto done;
	js = cg_site_index_js(s.ix, &jl);
	k = emit(&s, "assets/search-index.js", js, jl);
	free(js);
	if (k < 0)
		goto done;
	prune(&s);
	r = 0;
done:
	for (i = 0; i < s.nsess; i++) {
		struct sess *x = &s.sess[i];
		for (k = 0; k < NKINDS; k++)
			free(x->text[k]);
		for (k = 0; k < x->ndgm; k++)
			free(x->dgm[k]);
		free(x->dgm);
		cJSON_Delete(x->quiz);
		cJSON_Delete(x->sj);
		free(x->body);
		free(x->pbody);
		free(x->idx);
		free(x->warns);
		free(x->model);
		cg_md_toc_free(&x->toc);
	}
	free(s.sess);
	free(s.mods);
	cJSON_Delete(s.course);
	cJSON_Delete(s.outline);
	cg_site_index_free(s.ix);
	free(s.dest);
	free(s.cachedir);
	return r;
}
