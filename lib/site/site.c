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
#include "gen.h"
#include "kinds.h"
#include "course.h"
#include "tmpl.h"

/* Kinds are rows of the kinds table (kinds.h), minus the outline; at most
 * MAXKINDS of them. */
#define MAXKINDS 32

/* Page templates (site/templates/NAME.html). */
enum { T_FRAME, T_INDEX, T_MODULE, T_PART, T_PRINT, NTMPL };

/* How a session is rendered: on screen (interactive quiz), for the
 * teacher (answers and explanations) or as the student handout (no
 * answers, no explanations, lines to write on). */
enum mode { M_SCREEN, M_TEACHER, M_HANDOUT };

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

/* A link: file name and label. */
struct link {
	char url[48], label[600];
};

struct sess {
	int         num, mod;	/* global number, index into mods */
	char        id[8];	/* "s03": cg_outline_sid(num) */
	const char *title;
	const cJSON *j;		/* outline session object */
	const struct cg_course_sess *cs;	/* its files (course.h) */
	cJSON      *quiz;
	const cJSON *sj;	/* session.json, may be NULL */
	time_t      mtime;	/* newest input */
	int         present;	/* content files found */
	/* rendered */
	char       *whole, *teacher, *handout;	/* sNN-all.html, print.html, handout.html */
	cg_md_toc   toc;	/* of the whole-session page */
	int         stop;	/* its overview in site.stops; its parts follow */
	int         part[MAXKINDS], nparts;	/* enabled kinds (rows of site.kinds) */
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
	struct cg_course c;	/* the course (course.h) */
	const cJSON *course, *outline;	/* its course.json (may be NULL), outline */
	const char *name, *model, *slug, *lang;
	struct mod *mods;
	int         nmods;
	struct sess *sess;
	int         nsess;
	time_t      newest;
	cg_site_index *ix;
	int         nfig;
	const struct cg_kind *kinds[MAXKINDS];	/* the session parts */
	int         nkinds;
	char       *tmpl[NTMPL], *tmplpath[NTMPL];	/* page templates */
	struct link *stops;	/* the reading order (build_stops) */
	int         nstops;
	char      **written;	/* pages written this run (for prune) */
	int         nwritten, capwritten;
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

/* open, text escaped, close. */
static void
wrap(cg_buf *b, const char *open, const char *text, const char *close)
{
	cg_buf_puts(b, open);
	esc(b, text);
	cg_buf_puts(b, close);
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
		if (what)
			swarn(s, "%s: not a usable flowchart (%s); shown as source",
			    what, e.msg);
		return -1;
	}
	src = cg_mmd_nolt(cg_mmd_emit(m));
	alt = cg_mmd_alt(m);
	s->nfig++;
	cg_buf_puts(out, "<figure class=\"diagram\">\n<div class=\"diagram-frame\" tabindex=\"0\" data-zoom>"
	    "<pre class=\"mermaid\" role=\"img\" aria-label=\"");
	esc(out, alt);
	cg_buf_puts(out, "\">");
	esc(out, src);
	cg_buf_puts(out, "</pre></div>\n<figcaption>");
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

static int
kind_enabled(struct site *s, const struct cg_kind *k)
{
	char key[96];

	snprintf(key, sizeof key, "content.%s.enabled", k->name);
	return cg_json_getb(s->course, key, 1);
}

/* The file of kind kd (index k of a multi kind) of session x, or NULL
 * when the session has none. */
static const struct cg_course_file *
sfile(const struct sess *x, const struct cg_kind *kd, int k)
{
	return cg_course_file(x->cs, kd, k);
}

/* session.json: what cg-plan wrote for this session; its id must be the
 * directory's.  Its date counts as the session's. */
static void
load_session_json(struct site *s, struct sess *x)
{
	char *p = xasprintf("%s/%s/session.json", s->o->out, x->id);
	const char *id;
	time_t m = x->sj ? mtimeof(p) : 0;

	if (m > x->mtime)
		x->mtime = m;
	if (x->cs->sjerr)
		swarn(s, "%s", x->cs->sjerr);
	else if ((id = jstr(x->sj, "id", NULL)) && strcmp(id, x->id) != 0)
		swarn(s, "%s/%s/session.json: id \"%s\" is not %s (session %d in the outline); run: make plan",
		    s->o->out, x->id, id, x->id, x->num);
	free(p);
}

/* What the site takes of session x's files: those of enabled kinds date
 * the session and count as present; an unreadable one is reported; the
 * quiz is parsed. */
static void
load_content(struct site *s, struct sess *x)
{
	int i;
	cg_err e;

	load_session_json(s, x);
	for (i = 0; i < x->cs->nfiles; i++) {
		const struct cg_course_file *f = &x->cs->files[i];
		if (f->also || !kind_enabled(s, f->kind))
			continue;
		if (f->error)
			swarn(s, "%s", f->error);
		if (!f->text)
			continue;
		if (f->mtime > x->mtime)
			x->mtime = f->mtime;
		x->present++;
		if (f->kind->shape == CG_SHAPE_QUIZ && !x->quiz &&
		    !(x->quiz = cg_json_parse(f->text, f->len, f->path, &e)))
			swarn(s, "%s; the quiz is left out", e.msg);
	}
}

static void
unload_content(struct sess *x)
{
	cJSON_Delete(x->quiz);
	x->quiz = NULL;
}

/* The course (cg_course_load: outline.json held to cg_outline_validate,
 * course.json, every session's files), its modules and sessions. */
static int
load(struct site *s)
{
	struct cg_course *c = &s->c;
	int i;

	if (cg_course_load(c, s->o->out, s->e) < 0)
		return -1;
	s->outline = c->outline;
	s->course = c->course;
	if (!s->course)
		swarn(s, "%s/course.json: not found; the pages will not name the model",
		    s->o->out);
	s->newest = c->mtime;
	s->nmods = c->nmods;
	s->mods = xcalloc(c->nmods + 1, sizeof *s->mods);
	for (i = 0; i < c->nmods; i++) {
		s->mods[i].num = c->mods[i].num;
		s->mods[i].title = c->mods[i].title;
		s->mods[i].desc = c->mods[i].desc;
		s->mods[i].first = c->mods[i].first;
		s->mods[i].n = c->mods[i].n;
	}
	s->nsess = c->nsess;
	s->sess = xcalloc(c->nsess + 1, sizeof *s->sess);
	for (i = 0; i < c->nsess; i++) {
		struct sess *x = &s->sess[i];
		x->num = c->sess[i].num;
		x->mod = c->sess[i].mod;
		memcpy(x->id, c->sess[i].id, sizeof x->id);
		x->title = c->sess[i].title;
		x->j = c->sess[i].j;
		x->cs = &c->sess[i];
		x->sj = c->sess[i].sj;
	}
	s->name = cg_json_gets(s->outline, "course.name",
	    cg_json_gets(s->course, "course.name", "Course"));
	s->model = cg_json_gets(s->course, "llm.model", NULL);
	s->slug = cg_json_gets(s->course, "course.slug", "course");
	s->lang = cg_json_gets(s->outline, "course.language",
	    cg_json_gets(s->course, "course.language", "English"));
	return 0;
}

/* ---- templates -------------------------------------------------------
 *
 * Page skeletons are site/templates/NAME.html (or the directory the
 * course's site.templates names), rendered with the prompt template
 * engine (tmpl.h).  The engine inserts values as they are, so escaping is
 * done here, when the context is built: ctext() stores a value
 * HTML-escaped, and only chtml() — used for fragments this file rendered
 * itself, under keys named *_html — stores markup.  Nothing from the
 * outline or the model reaches a page unescaped.
 */

static const char *const tmpl_names[NTMPL] = { "frame", "index", "module",
	"part", "print" };

static void
ctext(cJSON *o, const char *key, const char *v)
{
	cg_buf b = {0};

	esc(&b, v);
	cJSON_AddStringToObject(o, key, b.s ? b.s : "");
	cg_buf_free(&b);
}

static void
chtml(cJSON *o, const char *key, const char *html)
{
	cJSON_AddStringToObject(o, key, html ? html : "");
}

static cJSON *
clink(cJSON *arr, const char *url, const char *label, int current)
{
	cJSON *o = cJSON_CreateObject();

	ctext(o, "url", url);
	ctext(o, "label", label);
	if (current)
		cJSON_AddTrueToObject(o, "current");
	cJSON_AddItemToArray(arr, o);
	return o;
}

static int
load_templates(struct site *s)
{
	const char *dir = cg_json_gets(s->course, "site.templates", NULL);
	int i;

	for (i = 0; i < NTMPL; i++) {
		char *rel = xasprintf("site/templates/%s.html", tmpl_names[i]);
		char *path = dir ? xasprintf("%s/%s.html", dir, tmpl_names[i]) :
		    cg_datafile(rel);
		char *out;
		free(rel);
		if (!path)
			return cg_seterr(s->e, EX_UNAVAILABLE,
			    "site/templates/%s.html: not found (looked in $CG_ROOT, . and %s); reinstall cg or set CG_ROOT to the source tree",
			    tmpl_names[i], CG_DATADIR);
		s->tmpl[i] = cg_read_file(path, NULL, s->e);
		s->tmplpath[i] = path;
		if (!s->tmpl[i])
			return -1;
		/* check the syntax once, against nothing */
		if (!(out = cg_tmpl_render(s->tmpl[i], NULL, path, s->e)))
			return -1;
		free(out);
	}
	return 0;
}

/* Render template t against ctx; NULL + s->e on a template error. */
static char *
render_tmpl(struct site *s, int t, const cJSON *ctx)
{
	return cg_tmpl_render(s->tmpl[t], ctx, s->tmplpath[t], s->e);
}

/* ---- page frame ------------------------------------------------------ */

const char *
cg_site_langcode(const char *l)
{
	static const char *map[][2] = {
		{ "english", "en" }, { "german", "de" }, { "deutsch", "de" },
		{ "french", "fr" }, { "français", "fr" }, { "spanish", "es" },
		{ "español", "es" }, { "italian", "it" }, { "portuguese", "pt" },
		{ "português", "pt" }, { "dutch", "nl" }, { "polish", "pl" },
		{ "russian", "ru" }, { "chinese", "zh" }, { "japanese", "ja" },
		{ "korean", "ko" }, { "swedish", "sv" }, { "danish", "da" },
		{ "norwegian", "no" }, { "finnish", "fi" }, { "turkish", "tr" },
		{ "greek", "el" }, { "czech", "cs" }, { "hindi", "hi" },
		{ "arabic", "ar" }, { "hebrew", "he" }, { "persian", "fa" },
		{ "urdu", "ur" },
	};
	size_t i, n;

	if (!l)
		return "en";
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
	int         cursess, curmod;	/* -1 = none */
	cJSON      *crumbs;	/* clink() array, or NULL; taken */
	cJSON      *parts;	/* the part bar, or NULL; taken */
	const struct link *prev, *next;
	const cg_md_toc *toc;
	time_t      when;
	const char *model;
	const char *kind;	/* body data-kind: index, module, session, print, handout */
};

/* The sidebar's modules and sessions. */
static cJSON *
nav_json(struct site *s, const struct frame *f)
{
	cJSON *nav = cJSON_CreateArray();
	int i, k;

	for (i = 0; i < s->nmods; i++) {
		struct mod *m = &s->mods[i];
		cJSON *mo = cJSON_CreateObject(), *ss = cJSON_CreateArray();
		char url[32];
		snprintf(url, sizeof url, "m%02d.html", m->num);
		cJSON_AddNumberToObject(mo, "num", m->num);
		ctext(mo, "title", m->title);
		ctext(mo, "url", url);
		if (f->curmod == i)
			cJSON_AddTrueToObject(mo, "current");
		for (k = m->first; k < m->first + m->n; k++) {
			struct sess *x = &s->sess[k];
			cJSON *so = cJSON_CreateObject();
			snprintf(url, sizeof url, "%s.html", x->id);
			ctext(so, "id", x->id);
			cJSON_AddNumberToObject(so, "num", x->num);
			ctext(so, "title", x->title);
			ctext(so, "url", url);
			if (f->cursess == k)
				cJSON_AddTrueToObject(so, "current");
			cJSON_AddItemToArray(ss, so);
		}
		cJSON_AddItemToObject(mo, "sessions", ss);
		cJSON_AddItemToArray(nav, mo);
	}
	return nav;
}

/* The table of contents: the top two levels of t, labels made unique
 * (a heading that repeats its parent's label is left out; one that
 * repeats an earlier label gets its parent's named after it). */
static cJSON *
toc_json(const cg_md_toc *t)
{
	cJSON *a = cJSON_CreateArray();
	const char *parent = NULL;
	int i, j, top;

	if (!t || t->n < 2)
		return a;
	top = t->h[0].level;
	for (i = 1; i < t->n; i++)
		if (t->h[i].level < top)
			top = t->h[i].level;
	for (i = 0; i < t->n; i++) {
		const cg_md_head *h = &t->h[i];
		cJSON *o;
		int dup = 0;
		if (h->level > top + 1)
			continue;
		if (h->level == top)
			parent = h->html;
		else if (parent && strcasecmp(parent, h->html) == 0)
			continue;
		for (j = 0; j < i && !dup; j++)
			dup = t->h[j].level <= top + 1 &&
			    strcasecmp(t->h[j].html, h->html) == 0;
		o = cJSON_CreateObject();
		ctext(o, "id", h->id);
		if (dup && h->level != top && parent) {
			char *l = xasprintf("%s (%s)", h->html, parent);
			chtml(o, "label_html", l);	/* both escaped already */
			free(l);
		} else
			chtml(o, "label_html", h->html);	/* escaped by md.c */
		if (h->level != top)
			cJSON_AddTrueToObject(o, "sub");
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static void
linkobj(cJSON *ctx, const char *key, const struct link *l)
{
	cJSON *o;

	if (!l)
		return;
	o = cJSON_CreateObject();
	ctext(o, "url", l->url);
	ctext(o, "label", l->label);
	cJSON_AddItemToObject(ctx, key, o);
}

/* The whole page: frame.html around body.  Returns malloc'd HTML or NULL
 * (s->e set). */
static char *
frame(struct site *s, const struct frame *f, const char *body)
{
	cJSON *c = cJSON_CreateObject(), *toc;
	char date[48], *title, *html;

	title = strcmp(f->kind, "index") != 0 ?
	    xasprintf("%s — %s", f->title, s->name) : xstrdup(f->title);
	ctext(c, "lang", cg_site_langcode(s->lang));
	ctext(c, "title", title);
	free(title);
	ctext(c, "course", s->name);
	ctext(c, "slug", s->slug);
	ctext(c, "kind", f->kind);
	if (f->cursess >= 0)
		ctext(c, "session", s->sess[f->cursess].id);
	cJSON_AddNumberToObject(c, "nsessions", s->nsess);
	ctext(c, "version", CG_VERSION);
	cJSON_AddBoolToObject(c, "math", strstr(body, "<span class=\"math") != NULL);
	cJSON_AddBoolToObject(c, "mermaid", strstr(body, "<pre class=\"mermaid\"") != NULL);
	cJSON_AddBoolToObject(c, "index_current", strcmp(f->kind, "index") == 0);
	cJSON_AddItemToObject(c, "nav", nav_json(s, f));
	if (f->crumbs)
		cJSON_AddItemToObject(c, "crumbs", f->crumbs);
	if (f->parts)
		cJSON_AddItemToObject(c, "parts", f->parts);
	toc = toc_json(f->toc);
	cJSON_AddItemToObject(c, "toc", toc);
	chtml(c, "body_html", body);
	cJSON_AddBoolToObject(c, "pager", f->prev || f->next);
	linkobj(c, "prev", f->prev);
	linkobj(c, "next", f->next);
	if (f->model)
		ctext(c, "model", f->model);
	datestr(f->when, date, sizeof date);
	ctext(c, "date", date);
	html = render_tmpl(s, T_FRAME, c);
	cJSON_Delete(c);
	return html;
}

/* ---- writing --------------------------------------------------------- */

/* Write buf to path unless it holds those bytes already: 1 written, 0
 * unchanged, -1 (e).  Through a temporary file and rename, so a reader
 * never sees half a page — but without fsync (unlike
 * cg_write_if_changed): a site has hundreds of pages, all of them made
 * again from the course by the next run, and syncing each one made a
 * full build of 40 sessions take three times as long. */
static int
put_page(const char *path, const char *buf, size_t len, cg_err *e)
{
	size_t n;
	char *old = cg_read_file(path, &n, NULL), *tmp;
	FILE *f;
	int bad;

	if (old && n == len && memcmp(old, buf, len) == 0) {
		free(old);
		return 0;
	}
	free(old);
	tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
	if (!(f = fopen(tmp, "w"))) {
		cg_seterr(e, EX_CANTCREAT, "%s: cannot create:", tmp);
		free(tmp);
		return -1;
	}
	bad = fwrite(buf, 1, len, f) != len;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) != 0) {
		cg_seterr(e, EX_IOERR, "%s: write:", path);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 1;
}

static int
emit(struct site *s, const char *name, const char *buf, size_t len)
{
	char *p = xasprintf("%s/%s", s->dest, name);
	int r = put_page(p, buf, len, s->e);

	free(p);
	if (r < 0)
		return -1;
	s->st->pages++;
	s->st->pages_written += r;
	s->st->bytes += len;
	if (r)
		snote(s, "wrote %s/%s", s->dest, name);
	if (strcmp(name, "assets/search-index.js") != 0) {
		if (s->nwritten == s->capwritten) {
			s->capwritten = s->capwritten ? 2 * s->capwritten : 256;
			s->written = xrealloc(s->written, s->capwritten * sizeof *s->written);
		}
		s->written[s->nwritten++] = xstrdup(name);
	}
	return 0;
}

/* Frame body and write it as name.  Takes f->crumbs and f->parts. */
static int
page(struct site *s, const char *name, const struct frame *f, const char *body)
{
	char *html = frame(s, f, body);
	size_t n;
	int r;

	if (!html)
		return -1;
	n = strlen(html);
	r = emit(s, name, html, n);
	if (name[0] == 's' && name[1] >= '0' && name[1] <= '9' &&
	    n > s->st->max_session_page)
		s->st->max_session_page = n;
	free(html);
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

/* Append a heading to toc (may be NULL). */
static void
toc_add(cg_md_toc *t, int level, const char *id, const char *text)
{
	if (!t)
		return;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->h = xrealloc(t->h, t->cap * sizeof *t->h);
	}
	t->h[t->n].level = level;
	t->h[t->n].id = xstrdup(id);
	t->h[t->n].html = xstrdup(text);
	t->n++;
}

/* One multiple-choice question: buttons on screen, the options with the
 * answer marked for the teacher, plain options on the handout. */
static void
quiz_mc(struct site *s, cg_buf *b, const cJSON *q, int i, enum mode mode)
{
	const char *ans = jstr(q, "answer", ""), *ex = jstr(q, "explanation", "");
	const cJSON *o;
	int j = 0;

	cg_buf_printf(b, "<div class=\"opts\" role=\"group\" aria-label=\"Options for question %d\">\n", i + 1);
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(q, "options")) {
		char L = (char)('A' + j++);
		if (mode == M_SCREEN)
			cg_buf_printf(b, "<button type=\"button\" class=\"opt\" data-o=\"%c\">"
			    "<span class=\"letter\">%c</span> ", L, L);
		else
			cg_buf_printf(b, "<p class=\"opt%s\"><span class=\"letter\">%c</span> ",
			    mode == M_TEACHER && ans[0] == L ? " correct" : "", L);
		mdinline(s, b, cJSON_IsString(o) ? o->valuestring : "");
		cg_buf_puts(b, mode == M_SCREEN ? "</button>\n" : "</p>\n");
	}
	cg_buf_puts(b, "</div>\n");
	if (mode == M_HANDOUT)
		return;
	if (mode == M_SCREEN)
		cg_buf_puts(b, "<p class=\"feedback\" aria-live=\"polite\"></p>\n");
	cg_buf_printf(b, "<div class=\"explain\"%s>", mode == M_SCREEN ? " hidden" : "");
	if (mode == M_TEACHER)
		wrap(b, "<p><strong>Answer: ", ans, "</strong></p>");
	md(s, b, ex, strlen(ex), "x", 6, NULL);
	cg_buf_puts(b, "</div>\n");
}

/* A short-answer (k = 1) or essay question's answer: on request on
 * screen, shown for the teacher, lines to write on in the handout. */
static void
quiz_open(struct site *s, cg_buf *b, const cJSON *q, int k, enum mode mode)
{
	const char *t = jstr(q, k == 1 ? "answer" : "guidance", "");
	int i;

	if (mode == M_HANDOUT) {
		cg_buf_puts(b, "<div class=\"answer-lines\" aria-hidden=\"true\">");
		for (i = 0; i < (k == 1 ? 3 : 8); i++)
			cg_buf_puts(b, "<span></span>");
		cg_buf_puts(b, "</div>\n");
		return;
	}
	cg_buf_printf(b, "<details%s><summary>%s</summary>\n", mode == M_TEACHER ? " open" : "",
	    k == 1 ? "Show model answer" : "Show what a good answer covers");
	md(s, b, t, strlen(t), "x", 6, NULL);
	cg_buf_puts(b, "</details>\n");
}

void
cg_site_quiz_key(cg_buf *b, const char *session, const cJSON *mc)
{
	cJSON *key = cJSON_CreateObject(), *ans = cJSON_CreateArray();
	const cJSON *q;
	char *js, *p;

	cJSON_AddStringToObject(key, "session", session);
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

static void
quiz(struct site *s, struct sess *x, cg_buf *b, int lvl, const char *pfx,
    cg_md_toc *toc, enum mode mode)
{
	static const char *const sub[3] = { "Multiple choice", "Short answer", "Essay" };
	static const char *const sid[3] = { "mc", "sa", "essay" };
	const cJSON *mc = cJSON_GetObjectItemCaseSensitive(x->quiz, "multiple_choice");
	const cJSON *grp[3] = { mc,
		cJSON_GetObjectItemCaseSensitive(x->quiz, "short_answer"),
		cJSON_GetObjectItemCaseSensitive(x->quiz, "essay") };
	const cJSON *q;
	int i, k, nmc = cJSON_GetArraySize(mc);
	char id[80];

	cg_buf_printf(b, "<div class=\"quiz\" data-session=\"%s\" data-total=\"%d\">\n",
	    x->id, cJSON_IsArray(mc) ? nmc : 0);
	if (mode == M_SCREEN && cJSON_IsArray(mc) && nmc)
		cg_buf_printf(b, "<p class=\"score\" aria-live=\"polite\">Score: <span class=\"score-n\">0</span> of %d "
		    "(<span class=\"score-a\">0</span> answered)</p>\n", nmc);
	for (k = 0; k < 3; k++) {
		if (!cJSON_IsArray(grp[k]) || cJSON_GetArraySize(grp[k]) == 0)
			continue;
		snprintf(id, sizeof id, "%s-%s", pfx, sid[k]);
		cg_buf_printf(b, "<h%d id=\"%s\">%s</h%d>\n", lvl, id, sub[k], lvl);
		toc_add(toc, lvl, id, sub[k]);
		cg_buf_printf(b, "<ol class=\"%s\">\n", k == 0 ? "mc" : "open");
		i = 0;
		cJSON_ArrayForEach(q, grp[k]) {
			cg_buf_printf(b, "<li class=\"q\" data-i=\"%d\">\n<div class=\"qtext\">", i);
			mdinline(s, b, jstr(q, "question", ""));
			cg_buf_puts(b, "</div>\n");
			if (k == 0)
				quiz_mc(s, b, q, i, mode);
			else
				quiz_open(s, b, q, k, mode);
			cg_buf_puts(b, "</li>\n");
			i++;
		}
		cg_buf_puts(b, "</ol>\n");
	}
	if (mode == M_SCREEN)
		cg_site_quiz_key(b, x->id, mc);
	cg_buf_puts(b, "</div>\n");
}

static const char *const ov_key[3] = { "objectives", "key_concepts", "subtopics" };
static const char *const ov_label[3] = { "Objectives", "Key concepts", "Subtopics" };

/* Open a part's section; its heading at level lvl, none when lvl is 1
 * (the page's own h1 names it). */
static void
section_open(cg_buf *b, const char *cls, const char *id, int lvl,
    const char *title, cg_md_toc *toc)
{
	if (lvl <= 1) {
		cg_buf_printf(b, "<section class=\"%s\">\n", cls);
		return;
	}
	cg_buf_printf(b, "<section class=\"%s\" aria-labelledby=\"%s\">\n<h%d id=\"%s\">",
	    cls, id, lvl, id);
	esc(b, title);
	cg_buf_printf(b, "</h%d>\n", lvl);
	toc_add(toc, lvl, id, title);
}

/* The overview section: module, rationale, objectives, concepts,
 * subtopics — all from the outline. */
static void
overview_section(struct site *s, struct sess *x, cg_buf *b, int lvl,
    const char *pfx, cg_md_toc *toc, enum mode mode)
{
	struct mod *m = &s->mods[x->mod];
	const char *why = jstr(x->j, "rationale", NULL);
	char id[64];
	int k;

	snprintf(id, sizeof id, "%soverview", pfx);
	section_open(b, "overview", id, lvl, "Overview", toc);
	if (mode == M_SCREEN) {	/* print pages name the module once */
		cg_buf_printf(b, "<p class=\"meta\">Part of <a href=\"m%02d.html\">Module %d: ", m->num, m->num);
		esc(b, m->title);
		cg_buf_puts(b, "</a></p>\n");
	}
	if (why)
		wrap(b, "<p>", why, "</p>\n");
	for (k = 0; k < 3; k++) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(x->j, ov_key[k]);
		if (!cJSON_IsArray(a) || !cJSON_GetArraySize(a))
			continue;
		cg_buf_printf(b, "<p class=\"label\">%s</p>\n", ov_label[k]);
		strlist(b, a, ov_key[k]);
	}
	cg_buf_puts(b, "</section>\n");
}

/* One diagram file of kind kd (k: its index for a multi kind, else 0);
 * t NULL = not generated. */
static void
diagram_item(struct site *s, struct sess *x, cg_buf *b, const struct cg_kind *kd,
    int k, const char *t, int report)
{
	char *file = cg_kind_file(kd, k), *what, cap[96];

	if (kd->multi)
		snprintf(cap, sizeof cap, "Diagram %d.", k);
	else
		snprintf(cap, sizeof cap, "%s.", kd->title);
	if (!t) {
		char *alias = xstrdup(file), *dot = strrchr(alias, '.');
		if (dot)
			*dot = 0;
		missing(s, x, b, file, alias, report);
		free(alias);
		free(file);
		return;
	}
	what = xasprintf("%s/%s/%s", s->o->out, x->id, file);
	if (figure(s, b, t, cap, report ? what : NULL) < 0) {
		cg_buf_puts(b, "<pre class=\"diagram-src\"><code>");
		esc(b, t);
		cg_buf_puts(b, "</code></pre>\n");
	}
	free(what);
	free(file);
}

/* Kind i's section of session x.  lvl: its heading level (1: none, the
 * page names it); ids are prefixed with pfx; headings go into toc (may
 * be NULL); report: count and warn about missing files (once per
 * session, on the screen rendering). */
static void
kind_section(struct site *s, struct sess *x, int i, cg_buf *b, int lvl,
    const char *pfx, cg_md_toc *toc, enum mode mode, int report)
{
	const struct cg_kind *kd = s->kinds[i];
	const struct cg_course_file *f = kd->multi ? NULL : sfile(x, kd, 0);
	const char *text = f ? f->text : NULL;
	char id[64], cls[80], *alias;
	int k;

	snprintf(id, sizeof id, "%s%s", pfx, kd->section);
	snprintf(cls, sizeof cls, "kind kind-%s", kd->section);
	section_open(b, cls, id, lvl, kd->title, toc);
	alias = cg_kind_alias(kd);
	switch (kd->shape) {
	case CG_SHAPE_PROSE:
		if (!text)
			missing(s, x, b, kd->file, alias, report);
		else
			md(s, b, text, f->len, id, lvl + 1, toc);
		break;
	case CG_SHAPE_DIAGRAM:
		if (!kd->multi) {
			diagram_item(s, x, b, kd, 0, text, report);
			break;
		}
		if (x->cs->ndiagrams == 0)
			cg_buf_puts(b, "<p class=\"missing\">No diagrams for this session.</p>\n");
		for (k = 1; k <= x->cs->ndiagrams; k++) {
			f = sfile(x, kd, k);
			diagram_item(s, x, b, kd, k, f ? f->text : NULL, report);
		}
		break;
	case CG_SHAPE_QUIZ:
		if (!text)
			missing(s, x, b, kd->file, alias, report);
		else if (!x->quiz)
			cg_buf_puts(b, "<p class=\"missing\">The quiz file could not be read.</p>\n");
		else
			quiz(s, x, b, lvl + 1, id, toc, mode);
		break;
	case CG_SHAPE_OUTLINE:
		break;
	}
	free(alias);
	cg_buf_puts(b, "</section>\n");
}

/* The whole session: overview and every enabled part, section headings
 * at level lvl, ids prefixed with pfx ("" on the session's pages,
 * "s03-" on the print pages), headings into toc (may be NULL). */
static void
session_body(struct site *s, struct sess *x, cg_buf *b, int lvl,
    const char *pfx, cg_md_toc *toc, enum mode mode)
{
	int i;

	overview_section(s, x, b, lvl, pfx, toc, mode);
	for (i = 0; i < s->nkinds; i++)
		if (kind_enabled(s, s->kinds[i]))
			kind_section(s, x, i, b, lvl, pfx, toc, mode, 0);
}

static void
index_overview(struct site *s, struct sess *x, const char *url,
    const char *title)
{
	const char *why = jstr(x->j, "rationale", NULL);
	const cJSON *it;
	cg_buf t = {0};
	int doc, k;

	for (k = 0; k < 3; k++)
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(x->j, ov_key[k]))
			if (cJSON_IsString(it)) {
				cg_buf_puts(&t, it->valuestring);
				cg_buf_puts(&t, ". ");
			}
	if (why)
		cg_buf_puts(&t, why);
	doc = cg_site_index_doc(s->ix, url, title, "Overview", t.s ? t.s : "");
	cg_site_index_text(s->ix, doc, title, strlen(title), 5);
	cg_site_index_text(s->ix, doc, t.s, t.len, 2);
	cg_buf_free(&t);
}

/* Render session x's whole-session page body and the two print parts. */
static void
render_session(struct site *s, struct sess *x)
{
	cg_buf w = {0}, t = {0}, h = {0};
	char pfx[24];

	load_content(s, x);
	if (x->mtime > s->newest)
		s->newest = x->mtime;
	if (!x->present)
		swarn(s, "%s/%s: nothing generated yet; run: make %s", s->o->out,
		    x->id, x->id);
	session_body(s, x, &w, 2, "", &x->toc, M_SCREEN);
	snprintf(pfx, sizeof pfx, "%s-", x->id);
	session_body(s, x, &t, 4, pfx, NULL, M_TEACHER);
	session_body(s, x, &h, 4, pfx, NULL, M_HANDOUT);
	x->whole = cg_buf_take(&w);
	x->teacher = cg_buf_take(&t);
	x->handout = cg_buf_take(&h);
}

/* ---- pages ----------------------------------------------------------- */

static const char *
model_of(struct site *s, const struct sess *x)
{
	return cg_json_gets(x ? x->sj : NULL, "llm.model", s->model);
}

static void
mod_link(struct link *l, const struct mod *m)
{
	snprintf(l->url, sizeof l->url, "m%02d.html", m->num);
	snprintf(l->label, sizeof l->label, "Module %d: %s", m->num, m->title);
}

/* The reading order: each session's overview, then its parts.  stops
 * holds them all; sess_stop(s, si) is session si's first. */
static void
build_stops(struct site *s)
{
	int i, k;

	s->stops = xcalloc((size_t)s->nsess * (s->nkinds + 1) + 1, sizeof *s->stops);
	s->nstops = 0;
	for (i = 0; i < s->nsess; i++) {
		struct sess *x = &s->sess[i];
		struct link *l = &s->stops[s->nstops++];
		x->stop = s->nstops - 1;
		snprintf(l->url, sizeof l->url, "%s.html", x->id);
		snprintf(l->label, sizeof l->label, "Session %d: %s", x->num, x->title);
		x->nparts = 0;
		for (k = 0; k < s->nkinds; k++) {
			if (!kind_enabled(s, s->kinds[k]))
				continue;
			l = &s->stops[s->nstops++];
			snprintf(l->url, sizeof l->url, "%s-%s.html", x->id, s->kinds[k]->section);
			snprintf(l->label, sizeof l->label, "Session %d: %s", x->num, s->kinds[k]->title);
			x->part[x->nparts++] = k;
		}
	}
}

static cJSON *
crumbs_session(struct site *s, struct sess *x, const char *url, const char *part)
{
	cJSON *c = cJSON_CreateArray();
	struct mod *m = &s->mods[x->mod];
	struct link ml;
	char lab[32], ov[32];

	mod_link(&ml, m);
	clink(c, "index.html", "Course", 0);
	clink(c, ml.url, ml.label, 0);
	snprintf(lab, sizeof lab, "Session %d", x->num);
	snprintf(ov, sizeof ov, "%s.html", x->id);
	clink(c, ov, lab, !part);
	if (part)
		clink(c, url, part, 1);
	return c;
}

/* The part bar: overview, each part, the whole session; cur is the
 * stop index of this page (-1: the whole-session page). */
static cJSON *
partbar(struct site *s, struct sess *x, int cur)
{
	cJSON *a = cJSON_CreateArray();
	char url[48];
	int k;

	clink(a, s->stops[x->stop].url, "Overview", cur == x->stop);
	for (k = 0; k < x->nparts; k++)
		clink(a, s->stops[x->stop + 1 + k].url, s->kinds[x->part[k]]->title,
		    cur == x->stop + 1 + k);
	snprintf(url, sizeof url, "%s-all.html", x->id);
	clink(a, url, "Whole session", cur < 0);
	return a;
}

/* Render part.html with content and frame it as url. */
static int
session_page(struct site *s, struct sess *x, int si, const char *url,
    const char *heading, const char *content, cg_md_toc *toc, int cur,
    int list)
{
	cJSON *c = cJSON_CreateObject(), *so = cJSON_CreateObject();
	struct frame f = {0};
	struct link prev, next;
	char *body, title[700];
	int k, r;

	cJSON_AddNumberToObject(so, "num", x->num);
	ctext(so, "title", x->title);
	cJSON_AddItemToObject(c, "session", so);
	if (heading)
		ctext(c, "heading", heading);
	chtml(c, "content_html", content);
	if (list) {
		cJSON *l = cJSON_CreateArray();
		for (k = 0; k < x->nparts; k++)
			clink(l, s->stops[x->stop + 1 + k].url, s->kinds[x->part[k]]->title, 0);
		snprintf(title, sizeof title, "%s-all.html", x->id);
		clink(l, title, "The whole session on one page", 0);
		cJSON_AddItemToObject(c, "list", l);
	}
	if (!(body = render_tmpl(s, T_PART, c))) {
		cJSON_Delete(c);
		return -1;
	}
	cJSON_Delete(c);
	if (heading)
		snprintf(title, sizeof title, "%s — Session %d: %s", heading, x->num, x->title);
	else
		snprintf(title, sizeof title, "Session %d: %s", x->num, x->title);
	f.title = title;
	f.kind = "session";
	f.cursess = si;
	f.curmod = -1;
	f.crumbs = crumbs_session(s, x, url, heading);
	f.parts = partbar(s, x, cur);
	f.toc = toc;
	f.when = x->mtime;
	f.model = model_of(s, x);
	if (cur >= 0) {		/* walk the parts, then the sessions */
		if (cur > 0)
			f.prev = &s->stops[cur - 1];
		if (cur + 1 < s->nstops)
			f.next = &s->stops[cur + 1];
	} else {		/* whole sessions, one after the other */
		if (si > 0) {
			snprintf(prev.url, sizeof prev.url, "%s-all.html", s->sess[si - 1].id);
			snprintf(prev.label, sizeof prev.label, "Session %d: %s (whole)",
			    s->sess[si - 1].num, s->sess[si - 1].title);
			f.prev = &prev;
		}
		if (si + 1 < s->nsess) {
			snprintf(next.url, sizeof next.url, "%s-all.html", s->sess[si + 1].id);
			snprintf(next.label, sizeof next.label, "Session %d: %s (whole)",
			    s->sess[si + 1].num, s->sess[si + 1].title);
			f.next = &next;
		}
	}
	r = page(s, url, &f, body);
	free(body);
	return r;
}

/* Session si's pages: overview, one per part, the whole session; the
 * parts are indexed for search. */
static int
session_pages(struct site *s, int si)
{
	struct sess *x = &s->sess[si];
	char url[64], stitle[600];
	int k;

	snprintf(stitle, sizeof stitle, "Session %d: %s", x->num, x->title);
	{
		cg_buf b = {0};
		int r;
		overview_section(s, x, &b, 1, "", NULL, M_SCREEN);
		index_overview(s, x, s->stops[x->stop].url, stitle);
		r = session_page(s, x, si, s->stops[x->stop].url, NULL, b.s, NULL,
		    x->stop, 1);
		cg_buf_free(&b);
		if (r < 0)
			return -1;
	}
	for (k = 0; k < x->nparts; k++) {
		const struct cg_kind *kd = s->kinds[x->part[k]];
		const char *pu = s->stops[x->stop + 1 + k].url;
		cg_buf b = {0};
		cg_md_toc toc = {0};
		int r;
		kind_section(s, x, x->part[k], &b, 1, "", &toc, M_SCREEN, 1);
		cg_site_index_html(s->ix, pu, stitle, kd->title, b.s);
		r = session_page(s, x, si, pu, kd->title, b.s, &toc, x->stop + 1 + k, 0);
		cg_buf_free(&b);
		cg_md_toc_free(&toc);
		if (r < 0)
			return -1;
	}
	snprintf(url, sizeof url, "%s-all.html", x->id);
	return session_page(s, x, si, url, "Whole session", x->whole, &x->toc, -1, 0);
}

/* A session in a module's or the index's list. */
static cJSON *
session_item(struct sess *x)
{
	cJSON *o = cJSON_CreateObject(), *ob = cJSON_CreateArray();
	const cJSON *it;
	char url[32];

	snprintf(url, sizeof url, "%s.html", x->id);
	ctext(o, "id", x->id);
	cJSON_AddNumberToObject(o, "num", x->num);
	ctext(o, "title", x->title);
	ctext(o, "url", url);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(x->j, "objectives"))
		if (cJSON_IsString(it)) {
			cg_buf b = {0};
			esc(&b, it->valuestring);
			cJSON_AddItemToArray(ob, cJSON_CreateString(b.s ? b.s : ""));
			cg_buf_free(&b);
		}
	cJSON_AddItemToObject(o, "objectives", ob);
	return o;
}

static int
module_page(struct site *s, int mi)
{
	struct mod *m = &s->mods[mi];
	cJSON *c = cJSON_CreateObject(), *ss = cJSON_CreateArray();
	struct link me, prev, next;
	struct frame f = {0};
	time_t when = 0;
	char *body, lab[32];
	int k, r, doc;

	mod_link(&me, m);
	cJSON_AddNumberToObject(c, "num", m->num);
	ctext(c, "title", m->title);
	ctext(c, "desc", m->desc);
	for (k = m->first; k < m->first + m->n; k++) {
		cJSON_AddItemToArray(ss, session_item(&s->sess[k]));
		if (s->sess[k].mtime > when)
			when = s->sess[k].mtime;
	}
	cJSON_AddItemToObject(c, "sessions", ss);
	body = render_tmpl(s, T_MODULE, c);
	cJSON_Delete(c);
	if (!body)
		return -1;
	doc = cg_site_index_doc(s->ix, me.url, me.label, "Module", m->desc);
	cg_site_index_text(s->ix, doc, me.label, strlen(me.label), 5);
	cg_site_index_text(s->ix, doc, m->desc, strlen(m->desc), 1);
	f.title = me.label;
	f.kind = "module";
	f.cursess = -1;
	f.curmod = mi;
	f.crumbs = cJSON_CreateArray();
	clink(f.crumbs, "index.html", "Course", 0);
	snprintf(lab, sizeof lab, "Module %d", m->num);
	clink(f.crumbs, me.url, lab, 1);
	f.when = when ? when : s->newest;
	f.model = s->model;
	if (mi > 0) {
		mod_link(&prev, &s->mods[mi - 1]);
		f.prev = &prev;
	}
	if (mi + 1 < s->nmods) {
		mod_link(&next, &s->mods[mi + 1]);
		f.next = &next;
	}
	r = page(s, me.url, &f, body);
	free(body);
	return r;
}

static void
fact(cJSON *a, const char *term, const char *value)
{
	cJSON *o = cJSON_CreateObject();

	ctext(o, "term", term);
	ctext(o, "value", value);
	cJSON_AddItemToArray(a, o);
}

static cJSON *
facts(struct site *s)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(s->outline, "course");
	/* the duration as the settings say now (changing it does not make
	 * the outline again); the outline's when they give none */
	const cJSON *dw = cg_json_at(s->course, "course.duration_weeks");

	if (!(cJSON_IsNumber(dw) && dw->valuedouble > 0) && !cJSON_IsString(dw))
		dw = cJSON_GetObjectItemCaseSensitive(c, "duration_weeks");
	cJSON *a = cJSON_CreateArray();
	const char *v;
	char t[64];

	if ((v = jstr(c, "subject", NULL)))
		fact(a, "Subject", v);
	if ((v = jstr(c, "level", NULL)))
		fact(a, "Level", v);
	if (cJSON_IsNumber(dw) && dw->valuedouble > 0) {
		snprintf(t, sizeof t, "%d week%s", dw->valueint, dw->valueint == 1 ? "" : "s");
		fact(a, "Duration", t);
	} else if (cJSON_IsString(dw))
		fact(a, "Duration", dw->valuestring);
	if ((v = jstr(c, "language", NULL)))
		fact(a, "Language", v);
	snprintf(t, sizeof t, "%d", s->nmods);
	fact(a, "Modules", t);
	snprintf(t, sizeof t, "%d", s->nsess);
	fact(a, "Sessions", t);
	return a;
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
	cJSON *c = cJSON_CreateObject(), *ms = cJSON_CreateArray();
	cg_md_toc toc = {0};
	struct frame f = {0};
	const char *desc = course_desc(s);
	char *body;
	int i, k, r, doc;

	ctext(c, "name", s->name);
	ctext(c, "desc", desc);
	cJSON_AddItemToObject(c, "facts", facts(s));
	for (i = 0; i < s->nmods; i++) {
		struct mod *m = &s->mods[i];
		cJSON *mo = cJSON_CreateObject(), *ss = cJSON_CreateArray();
		char id[16], url[32];
		snprintf(id, sizeof id, "m%02d", m->num);
		snprintf(url, sizeof url, "m%02d.html", m->num);
		cJSON_AddNumberToObject(mo, "num", m->num);
		ctext(mo, "title", m->title);
		ctext(mo, "id", id);
		ctext(mo, "url", url);
		ctext(mo, "desc", m->desc);
		for (k = m->first; k < m->first + m->n; k++)
			cJSON_AddItemToArray(ss, session_item(&s->sess[k]));
		cJSON_AddItemToObject(mo, "sessions", ss);
		cJSON_AddItemToArray(ms, mo);
		{	/* toc labels are HTML */
			cg_buf l = {0};
			cg_buf_printf(&l, "Module %d: ", m->num);
			esc(&l, m->title);
			toc_add(&toc, 2, id, l.s);
			cg_buf_free(&l);
		}
	}
	cJSON_AddItemToObject(c, "modules", ms);
	body = render_tmpl(s, T_INDEX, c);
	cJSON_Delete(c);
	if (!body) {
		cg_md_toc_free(&toc);
		return -1;
	}
	doc = cg_site_index_doc(s->ix, "index.html", s->name, "Course", desc);
	cg_site_index_text(s->ix, doc, s->name, strlen(s->name), 5);
	cg_site_index_text(s->ix, doc, desc, strlen(desc), 1);
	f.title = s->name;
	f.kind = "index";
	f.cursess = f.curmod = -1;
	f.toc = &toc;
	f.when = s->newest;
	f.model = s->model;
	if (s->nstops)		/* → from the overview starts the course */
		f.next = &s->stops[0];
	r = page(s, "index.html", &f, body);
	free(body);
	cg_md_toc_free(&toc);
	return r;
}

/* report.html, for the teacher only (no link from the course's pages, no
 * search entry): the re-asks and every file kept imperfect, mended,
 * failed or not generated yet, with why (report.c). */
static int
report_page(struct site *s)
{
	struct frame f = {0};
	cg_buf b = {0};
	int r;

	cg_buf_puts(&b, "<h1>Teacher\u2019s report</h1>\n<p>Files of this "
	    "course that the model did not get right: kept imperfect (with "
	    "what is off), mended by cg, failed (with why), or not generated "
	    "yet, and what cg-check says of them.  Learners never reach this "
	    "page from the course.</p>\n");
	cg_site_report_reasks(&b, s->o->out, s->course);
	cg_buf_puts(&b, "<table class=\"report\">\n<thead><tr><th>File</th>"
	    "<th>State</th><th>Why</th></tr></thead>\n<tbody>\n");
	if (!cg_site_report_rows(&b, &s->c))
		cg_buf_puts(&b, "<tr><td colspan=\"3\">Every file was "
		    "generated and passed its checks.</td></tr>\n");
	cg_buf_puts(&b, "</tbody>\n</table>\n");
	f.title = "Teacher\u2019s report";
	f.kind = "report";
	f.cursess = f.curmod = -1;
	f.when = s->newest;
	f.model = s->model;
	r = page(s, "report.html", &f, b.s);
	cg_buf_free(&b);
	return r;
}

/* print.html (the teacher's copy) or handout.html (the students'). */
static int
print_page(struct site *s, int handout)
{
	cJSON *c = cJSON_CreateObject(), *ms = cJSON_CreateArray();
	struct frame f = {0};
	const char *name = handout ? "handout.html" : "print.html";
	const char *label = handout ? "Student handout" : "Whole course";
	char *body;
	int i, k, r;

	ctext(c, "name", s->name);
	ctext(c, "desc", course_desc(s));
	cJSON_AddBoolToObject(c, "handout", handout);
	cJSON_AddItemToObject(c, "facts", facts(s));
	for (i = 0; i < s->nmods; i++) {
		struct mod *m = &s->mods[i];
		cJSON *mo = cJSON_CreateObject(), *ss = cJSON_CreateArray();
		cJSON_AddNumberToObject(mo, "num", m->num);
		ctext(mo, "title", m->title);
		ctext(mo, "desc", m->desc);
		for (k = m->first; k < m->first + m->n; k++) {
			struct sess *x = &s->sess[k];
			cJSON *so = cJSON_CreateObject();
			ctext(so, "id", x->id);
			cJSON_AddNumberToObject(so, "num", x->num);
			ctext(so, "title", x->title);
			chtml(so, "body_html", handout ? x->handout : x->teacher);
			cJSON_AddItemToArray(ss, so);
		}
		cJSON_AddItemToObject(mo, "sessions", ss);
		cJSON_AddItemToArray(ms, mo);
	}
	cJSON_AddItemToObject(c, "modules", ms);
	body = render_tmpl(s, T_PRINT, c);
	cJSON_Delete(c);
	if (!body)
		return -1;
	f.title = label;
	f.kind = handout ? "handout" : "print";
	f.cursess = f.curmod = -1;
	f.crumbs = cJSON_CreateArray();
	clink(f.crumbs, "index.html", "Course", 0);
	clink(f.crumbs, name, label, 1);
	f.when = s->newest;
	f.model = s->model;
	r = page(s, name, &f, body);
	free(body);
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

static int
strpcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Pages of sessions and modules no longer in the outline (or parts no
 * longer enabled): any sN….html or mN….html not written this run. */
static void
prune(struct site *s)
{
	DIR *d = opendir(s->dest);
	struct dirent *de;

	if (!d)
		return;
	qsort(s->written, s->nwritten, sizeof *s->written, strpcmp);
	while ((de = readdir(d))) {
		const char *n = de->d_name, *key = n;
		size_t l = strlen(n);
		if ((n[0] != 's' && n[0] != 'm') || n[1] < '0' || n[1] > '9' ||
		    l < 6 || strcmp(n + l - 5, ".html") != 0)
			continue;
		if (!bsearch(&key, s->written, s->nwritten, sizeof *s->written, strpcmp)) {
			char *p = xasprintf("%s/%s", s->dest, n);
			if (unlink(p) == 0)
				snote(s, "removed %s (no longer in the outline)", p);
			free(p);
		}
	}
	closedir(d);
}

/* The session parts: every kind of the table but the outline. */
static int
site_kinds(struct site *s)
{
	const struct cg_kind *k = NULL;
	size_t i, n = 0;

	if (!(k = cg_kind_list(&n)))
		return cg_seterr(s->e, EX_SOFTWARE, "the kinds table: %s",
		    cg_kinds_error());
	for (i = 0; i < n; i++)
		if (k[i].shape != CG_SHAPE_OUTLINE && s->nkinds < MAXKINDS)
			s->kinds[s->nkinds++] = &k[i];
	return 0;
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
	if (site_kinds(&s) < 0 || load(&s) < 0)
		goto done;
	if (cg_mkdirs(s.dest, e) < 0 || assets(&s) < 0 || load_templates(&s) < 0)
		goto done;
	s.ix = cg_site_index_new(cg_site_langcode(s.lang));
	build_stops(&s);
	for (i = 0; i < s.nsess; i++)
		render_session(&s, &s.sess[i]);
	for (i = 0; i < s.nsess; i++)
		if (session_pages(&s, i) < 0)
			goto done;
	for (i = 0; i < s.nmods; i++)
		if (module_page(&s, i) < 0)
			goto done;
	if (index_page(&s) < 0 || print_page(&s, 0) < 0 ||
	    print_page(&s, 1) < 0 || report_page(&s) < 0)
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
		unload_content(x);
		free(x->whole);
		free(x->teacher);
		free(x->handout);
		cg_md_toc_free(&x->toc);
	}
	for (i = 0; i < NTMPL; i++) {
		free(s.tmpl[i]);
		free(s.tmplpath[i]);
	}
	for (i = 0; i < s.nwritten; i++)
		free(s.written[i]);
	free(s.written);
	free(s.stops);
	free(s.sess);
	free(s.mods);
	cg_course_free(&s.c);
	cg_site_index_free(s.ix);
	free(s.dest);
	return r;
}
