/* frame.c — the frame around every page of the site (frame.html: the
 * sidebar, breadcrumbs, part bar, table of contents, pager, footer) and
 * writing pages (see siteint.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "siteint.h"
#include "fsio.h"

/* ---- page frame ------------------------------------------------------ */

static void
datestr(struct site *s, time_t t, char *buf, size_t n)
{
	struct tm tm;

	if (!t || !gmtime_r(&t, &tm))
		snprintf(buf, n, "%s", LB(s, "unknown_date"));
	else
		strftime(buf, n, "%Y-%m-%d %H:%M UTC", &tm);
}

/* The footer's sentence: who generated the page, when, with what. */
static char *
footer(struct site *s, const char *model, const char *date)
{
	cg_buf b = {0}, m = {0}, d = {0};

	esc(&d, date);
	if (model) {
		cg_buf_puts(&m, "<strong>");
		esc(&m, model);
		cg_buf_puts(&m, "</strong>");
		LH(&b, s, "footer_model", "model", m.s, "date", d.s,
		    "version", CG_VERSION);
	} else
		LH(&b, s, "footer", "date", d.s, "version", CG_VERSION);
	cg_buf_free(&m);
	cg_buf_free(&d);
	return cg_buf_take(&b);
}


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
	char date[200], *title, *html, *foot;

	title = strcmp(f->kind, "index") != 0 ?
	    xasprintf("%s — %s", f->title, s->name) : xstrdup(f->title);
	ctext(c, "lang", cg_labels_lang(s->L));
	ctext(c, "dir", cg_labels_dir(s->L));
	cJSON_AddItemReferenceToObject(c, "L", s->Lctx);
	chtml(c, "labels_json_html", s->Ljs);
	cJSON_AddBoolToObject(c, "teacher", s->audience == A_TEACHER);
	ctext(c, "audience", s->audience == A_TEACHER ? "teacher" : "students");
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
	datestr(s, f->when, date, sizeof date);
	ctext(c, "date", date);
	foot = footer(s, f->model, date);
	chtml(c, "footer_html", foot);
	free(foot);
	html = site_tmpl(s, T_FRAME, c);
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

int
site_emit(struct site *s, const char *name, const char *buf, size_t len)
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
		site_note(s, "wrote %s/%s", s->dest, name);
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
int
site_page(struct site *s, const char *name, const struct frame *f, const char *body)
{
	char *html = frame(s, f, body);
	size_t n;
	int r;

	if (!html)
		return -1;
	n = strlen(html);
	r = site_emit(s, name, html, n);
	if (name[0] == 's' && name[1] >= '0' && name[1] <= '9' &&
	    n > s->st->max_session_page)
		s->st->max_session_page = n;
	free(html);
	return r;
}


void
cg_site_json_script(cg_buf *b, const cJSON *j)
{
	char *js = cJSON_PrintUnformatted(j);
	const unsigned char *p;

	for (p = (const unsigned char *)js; p && *p; p++)
		if (*p == '<' || *p == '>' || *p == '&')
			cg_buf_printf(b, "\\u%04x", *p);
		else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 ||
		    p[2] == 0xA9)) {
			cg_buf_printf(b, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
			p += 2;
		} else
			cg_buf_putc(b, *p);
	cJSON_free(js);
}
