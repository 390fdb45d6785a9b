/* site.c — the static course website (see site.h): cg_site_build, and
 * what it loads (the course, the templates, the assets).
 *
 * Everything is rendered into memory and written with cg_write_if_changed,
 * so unchanged pages keep their bytes and mtimes.  Pages contain nothing
 * that changes between runs by itself (no build time: the footer date is
 * the newest mtime of the page's inputs).  All text from the outline or
 * the model is HTML-escaped or goes through cg_md_render; assets are
 * referenced by relative paths only, so the site works from file:// and
 * never touches the network.  The pages themselves are made by frame.c,
 * render.c and pages.c (siteint.h).
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "siteint.h"
#include "fsio.h"
#include "tmpl.h"

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

void
site_warn(struct site *s, const char *fmt, ...)
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

void
site_note(struct site *s, const char *fmt, ...)
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

/* ---- loading --------------------------------------------------------- */

static time_t
mtimeof(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? sb.st_mtime : 0;
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
		site_warn(s, "%s", x->cs->sjerr);
	else if ((id = jstr(x->sj, "id", NULL)) && strcmp(id, x->id) != 0)
		site_warn(s, "%s/%s/session.json: id \"%s\" is not %s (session %d in the outline); run: make plan",
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
			site_warn(s, "%s", f->error);
		if (!f->text)
			continue;
		if (f->mtime > x->mtime)
			x->mtime = f->mtime;
		x->present++;
		if (f->kind->shape == CG_SHAPE_QUIZ && !x->quiz &&
		    !(x->quiz = cg_json_parse(f->text, f->len, f->path, &e)))
			site_warn(s, "%s; the quiz is left out", e.msg);
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
		site_warn(s, "%s/course.json: not found; the pages will not name the model",
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
char *
site_tmpl(struct site *s, int t, cJSON *ctx)
{
	if (!cJSON_GetObjectItemCaseSensitive(ctx, "L"))	/* the words */
		cJSON_AddItemReferenceToObject(ctx, "L", s->Lctx);
	return cg_tmpl_render(s->tmpl[t], ctx, s->tmplpath[t], s->e);
}

/* ---- audience and words ----------------------------------------------- */

/* Labels cg.js uses (site/cg.js: L()). */
static const char *const jslabels[] = {
	"correct", "not_quite", "visited", "progress", "dark_mode",
	"full_screen", "diagram", "diagram_full_screen", "diagram_open",
	"zoom_in", "zoom_out", "fit_screen", "fit", "close_full_screen",
	"result_one", "result_many", "no_results", "more_results",
};

/* Who the site is for and what the students see: the -a option, else
 * site.audience; site.answers.  -1 with e (EX_DATAERR) on a value that
 * is neither. */
static int
audience(struct site *s)
{
	const char *a = s->o->audience ? s->o->audience :
	    cg_json_gets(s->course, "site.audience", "teacher");
	const char *w = cg_json_gets(s->course, "site.answers", "after");

	if (strcmp(a, "teacher") == 0)
		s->audience = A_TEACHER;
	else if (strcmp(a, "students") == 0)
		s->audience = A_STUDENTS;
	else
		return cg_seterr(s->e, EX_DATAERR, "%s: site.audience \"%s\": not teacher or students",
		    s->o->audience ? "-a" : "course.json", a);
	if (strcmp(w, "after") == 0)
		s->answers = ANS_AFTER;
	else if (strcmp(w, "never") == 0)
		s->answers = ANS_NEVER;
	else
		return cg_seterr(s->e, EX_DATAERR, "course.json: site.answers \"%s\": not after or never",
		    w);
	return 0;
}

/* The words of the course language (labels.h), as the templates get
 * them (L, escaped) and as cg.js does (a JSON script element). */
static int
words(struct site *s)
{
	const cJSON *it, *tab;
	cJSON *js;
	size_t i;
	cg_buf b = {0};

	if (!(s->L = cg_labels_load(s->lang, cg_json_gets(s->course, "site.labels", NULL),
	    s->o->warnfn, s->e)))
		return -1;
	tab = cg_labels_table(s->L);
	s->Lctx = cJSON_CreateObject();
	cJSON_ArrayForEach(it, tab)
		ctext(s->Lctx, it->string, it->valuestring);
	js = cJSON_CreateObject();
	for (i = 0; i < sizeof jslabels / sizeof jslabels[0]; i++)
		cJSON_AddStringToObject(js, jslabels[i], LB(s, jslabels[i]));
	cg_site_json_script(&b, js);
	cJSON_Delete(js);
	s->Ljs = cg_buf_take(&b);
	return 0;
}

/* The teacher's pages, when a students' site is written where a
 * teacher's was: removed. */
static void
teacher_only(struct site *s)
{
	static const char *const pages[] = { "print.html", "report.html" };
	size_t i;

	for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		char *p = xasprintf("%s/%s", s->dest, pages[i]);
		if (unlink(p) == 0)
			site_note(s, "removed %s (not part of the students' site)", p);
		free(p);
	}
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
		site_note(s, "wrote %s", to);
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
				site_note(s, "removed %s (no longer in the outline)", p);
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
	if (site_kinds(&s) < 0 || load(&s) < 0 || audience(&s) < 0)
		goto done;
	s.dest = o->dest ? xstrdup(o->dest) : xasprintf("%s/%s", o->out,
	    s.audience == A_STUDENTS ? "site-students" : "site");
	if (cg_mkdirs(s.dest, e) < 0 || assets(&s) < 0 || words(&s) < 0 ||
	    load_templates(&s) < 0)
		goto done;
	s.ix = cg_site_index_new(cg_site_langcode(s.lang));
	site_build_stops(&s);
	for (i = 0; i < s.nsess; i++) {
		struct sess *x = &s.sess[i];
		load_content(&s, x);
		if (x->mtime > s.newest)
			s.newest = x->mtime;
		if (!x->present)
			site_warn(&s, "%s/%s: nothing generated yet; run: make %s",
			    o->out, x->id, x->id);
		site_render_session(&s, x);
	}
	for (i = 0; i < s.nsess; i++)
		if (site_session_pages(&s, i) < 0)
			goto done;
	for (i = 0; i < s.nmods; i++)
		if (site_module_page(&s, i) < 0)
			goto done;
	if (site_index_page(&s) < 0 || site_print_page(&s, 1) < 0)
		goto done;
	if (s.audience == A_TEACHER) {
		if (site_print_page(&s, 0) < 0 || site_report_page(&s) < 0)
			goto done;
	} else
		teacher_only(&s);
	js = cg_site_index_js(s.ix, &jl);
	k = site_emit(&s, "assets/search-index.js", js, jl);
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
	cg_labels_free(s.L);
	cJSON_Delete(s.Lctx);
	free(s.Ljs);
	return r;
}
