/* siteint.h — what the files of the site builder share (not a public
 * interface: site.h is).
 *
 *   site.c    cg_site_build: loading, templates, assets, pruning
 *   frame.c   the frame around every page, writing pages
 *   render.c  a session's content: markdown, diagrams, quiz, sections
 *   pages.c   the pages: sessions, modules, index, print, report
 *   labels.c  the words around the content, per language (labels.h)
 *
 * Escaping is done when a template's context is built: ctext() stores a
 * value HTML-escaped, and only chtml() — used for fragments the site
 * rendered itself, under keys named *_html — stores markup.  Nothing from
 * the outline or the model reaches a page unescaped.
 */
#ifndef CG_SITEINT_H
#define CG_SITEINT_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "site.h"
#include "md.h"
#include "json.h"
#include "kinds.h"
#include "course.h"
#include "labels.h"

/* Kinds are rows of the kinds table (kinds.h), minus the outline; at most
 * MAXKINDS of them. */
#define MAXKINDS 32

/* Page templates (site/templates/NAME.html). */
enum { T_FRAME, T_INDEX, T_MODULE, T_PART, T_PRINT, NTMPL };

/* How a session is rendered: on screen (interactive quiz), for the
 * teacher (answers and explanations) or as the student handout (no
 * answers, no explanations, lines to write on). */
enum mode { M_SCREEN, M_TEACHER, M_HANDOUT };

/* Who the site is for: the teacher (everything: answers, print.html,
 * report.html) or the students (site.audience, cg-site -a). */
enum audience { A_TEACHER, A_STUDENTS };
/* When the students' edition shows model answers and explanations:
 * after a question is answered, or never (site.answers). */
enum answers { ANS_AFTER, ANS_NEVER };

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
	struct link *stops;	/* the reading order (site_build_stops) */
	int         nstops;
	char      **written;	/* pages written this run (for prune) */
	int         nwritten, capwritten;
	cg_labels  *L;		/* the words around the content (labels.h) */
	cJSON      *Lctx;	/* the same, escaped, as templates get it (L) */
	char       *Ljs;	/* those cg.js uses: JSON for a script element */
	enum audience audience;
	enum answers answers;
	cg_err     *e;
};

/* What frame.c puts around a page's body. */
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

static inline void
esc(cg_buf *b, const char *s)
{
	cg_md_escape(b, s ? s : "", s ? strlen(s) : 0);
}

/* open, text escaped, close. */
static inline void
wrap(cg_buf *b, const char *open, const char *text, const char *close)
{
	cg_buf_puts(b, open);
	esc(b, text);
	cg_buf_puts(b, close);
}

static inline const char *
jstr(const cJSON *o, const char *key, const char *def)
{
	const cJSON *j = cJSON_IsObject(o) ?
	    cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
	return cJSON_IsString(j) && j->valuestring ? j->valuestring : def;
}

/* A template value: v HTML-escaped. */
static inline void
ctext(cJSON *o, const char *key, const char *v)
{
	cg_buf b = {0};

	esc(&b, v);
	cJSON_AddStringToObject(o, key, b.s ? b.s : "");
	cg_buf_free(&b);
}

/* A template value that is markup already (keys named *_html). */
static inline void
chtml(cJSON *o, const char *key, const char *html)
{
	cJSON_AddStringToObject(o, key, html ? html : "");
}

static inline cJSON *
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

static inline int
kind_enabled(const struct site *s, const struct cg_kind *k)
{
	char key[96];

	snprintf(key, sizeof key, "content.%s.enabled", k->name);
	return cg_json_getb(s->course, key, 1);
}

/* The file of kind kd (index k of a multi kind) of session x, or NULL
 * when the session has none. */
static inline const struct cg_course_file *
sfile(const struct sess *x, const struct cg_kind *kd, int k)
{
	return cg_course_file(x->cs, kd, k);
}

/* Append a heading to toc (may be NULL). */
static inline void
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

/* The site's words (labels.h): LB the text of key; LF the text with
 * placeholders filled (pairs of name and value), malloc'ed; LH the same
 * appended to b as HTML (values as given, so escaped by the caller). */
#define LB(s, key)	cg_label((s)->L, key)
#define LF(s, key, ...)	cg_labelf((s)->L, key, (const char *const[]){ __VA_ARGS__, NULL })
#define LH(b, s, key, ...)	cg_label_html(b, (s)->L, key, (const char *const[]){ __VA_ARGS__, NULL })

/* The title of kind kd in the site's language (label kind_NAME), else
 * the kinds table's. */
static inline const char *
kind_title(const struct site *s, const struct cg_kind *kd)
{
	char key[80];
	const char *t;

	snprintf(key, sizeof key, "kind_%s", kd->name);
	t = cg_label(s->L, key);
	return strcmp(t, key) == 0 ? kd->title : t;
}

/* Copy t (malloc'ed: LF's) into buf of n bytes and free it. */
static inline void
lset(char *buf, size_t n, char *t)
{
	snprintf(buf, n, "%s", t);
	free(t);
}
#define LS(buf, s, key, ...)	lset(buf, sizeof buf, LF(s, key, __VA_ARGS__))

/* A number as text, for LF. */
#define NUMSTR(buf, n)	(snprintf(buf, sizeof buf, "%d", (int)(n)), buf)

/* site.c */
void  site_warn(struct site *s, const char *fmt, ...);
void  site_note(struct site *s, const char *fmt, ...);
/* Render template t against ctx (given the words as L); NULL + s->e on a
 * template error. */
char *site_tmpl(struct site *s, int t, cJSON *ctx);

/* frame.c */
/* Write buf as name under the site directory (unless unchanged). */
int   site_emit(struct site *s, const char *name, const char *buf, size_t len);
/* Frame body and write it as name.  Takes f->crumbs and f->parts. */
int   site_page(struct site *s, const char *name, const struct frame *f,
	    const char *body);

/* render.c */
void  site_overview(struct site *s, struct sess *x, cg_buf *b, int lvl,
	    const char *pfx, cg_md_toc *toc, enum mode mode);
void  site_kind_section(struct site *s, struct sess *x, int i, cg_buf *b,
	    int lvl, const char *pfx, cg_md_toc *toc, enum mode mode, int report);
void  site_index_overview(struct site *s, struct sess *x, const char *url,
	    const char *title);
void  site_render_session(struct site *s, struct sess *x);
/* cg_site_quiz_key with the reset button's label. */
void  site_quiz_key(cg_buf *b, const char *session, const cJSON *mc,
	    const char *reset);

/* pages.c */
void  site_build_stops(struct site *s);
int   site_session_pages(struct site *s, int si);
int   site_module_page(struct site *s, int mi);
int   site_index_page(struct site *s);
int   site_report_page(struct site *s);
int   site_print_page(struct site *s, int handout);

#endif
