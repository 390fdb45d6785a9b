/* draw.c — the course's diagrams drawn once, as pictures every format
 * can show (see export.h).
 *
 * Every diagram of the course (a diagram file, a ```mermaid block of a
 * part or a quiz) that parses is drawn from its strict source (the one
 * the site draws) by the vendored mermaid, light theme, in headless
 * Chromium: one generated page renders them all, serialises each SVG as
 * XML, paints it on a canvas for a PNG at twice the size, and writes both
 * into the DOM, which --dump-dom prints.  The SVG is made valid for an
 * EPUB (role "img", a rect mermaid leaves without a size given 0).  The pictures are kept in
 * OUT/export/diagrams/HASH.svg and HASH.png, HASH the SHA-256 of the
 * drawing settings and the source, so a diagram is drawn once whatever
 * the format and however often the course is exported; a lock on the
 * folder makes exports running at once (make -j export) draw each
 * diagram once too; pictures of diagrams the course no longer has are
 * removed then.  Without Chromium or mermaid nothing is drawn and
 * the formats show the diagrams as text; one warning says so.
 */
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <unistd.h>
#include "export.h"
#include "fsio.h"
#include "sha256.h"
#include "mermaid.h"

#define MERMAID "site/node_modules/mermaid/dist/mermaid.min.js"
/* part of every hash: a change of how pictures are drawn draws again */
#define DRAWVER "cg-draw 2 mermaid light\n"
#define DRAW_SECS 300

static const char page_js[] =
    "(async function () {\n"
    "\tvar out = document.createElement('div'), pres = document.querySelectorAll('pre.src');\n"
    "\tdocument.body.appendChild(out);\n"
    "\ttry {\n"
    "\t\tmermaid.initialize({ startOnLoad: false, theme: 'default', securityLevel: 'strict',\n"
    "\t\t\thtmlLabels: false, flowchart: { htmlLabels: false },\n"
    "\t\t\tfontFamily: 'Helvetica, Arial, sans-serif' });\n"
    "\t} catch (e) { out.setAttribute('data-error', String(e)); }\n"
    "\tfor (var i = 0; i < pres.length; i++) {\n"
    "\t\tvar o = document.createElement('p'), h = pres[i].getAttribute('data-h');\n"
    "\t\to.id = 'd-' + h;\n"
    "\t\tout.appendChild(o);\n"
    "\t\ttry {\n"
    "\t\t\tvar r = await mermaid.render('cg' + h.slice(0, 12), pres[i].textContent);\n"
    "\t\t\tvar box = document.createElement('div');\n"
    "\t\t\tbox.innerHTML = r.svg;\n"
    "\t\t\tvar svg = box.querySelector('svg'), vb = svg.viewBox.baseVal;\n"
    "\t\t\tvar w = Math.ceil(vb.width), ht = Math.ceil(vb.height);\n"
    "\t\t\tsvg.setAttribute('width', w);\n"
    "\t\t\tsvg.setAttribute('height', ht);\n"
    "\t\t\tsvg.removeAttribute('style');\n"
    "\t\t\tsvg.setAttribute('role', 'img');\n"
    "\t\t\tsvg.querySelectorAll('rect').forEach(function (x) {\n"
    "\t\t\t\tif (!x.hasAttribute('width')) x.setAttribute('width', '0');\n"
    "\t\t\t\tif (!x.hasAttribute('height')) x.setAttribute('height', '0');\n"
    "\t\t\t});\n"
    "\t\t\tvar b = btoa(unescape(encodeURIComponent(new XMLSerializer().serializeToString(svg))));\n"
    "\t\t\tvar img = new Image();\n"
    "\t\t\timg.src = 'data:image/svg+xml;base64,' + b;\n"
    "\t\t\tawait img.decode();\n"
    "\t\t\tvar c = document.createElement('canvas');\n"
    "\t\t\tc.width = w * 2;\n"
    "\t\t\tc.height = ht * 2;\n"
    "\t\t\tvar g = c.getContext('2d');\n"
    "\t\t\tg.fillStyle = '#fff';\n"
    "\t\t\tg.fillRect(0, 0, c.width, c.height);\n"
    "\t\t\tg.drawImage(img, 0, 0, c.width, c.height);\n"
    "\t\t\to.setAttribute('data-svg', b);\n"
    "\t\t\to.setAttribute('data-png', c.toDataURL('image/png').replace(/^data:image\\/png;base64,/, ''));\n"
    "\t\t} catch (e) {\n"
    "\t\t\to.setAttribute('data-error', String(e && e.message || e).slice(0, 200));\n"
    "\t\t}\n"
    "\t}\n"
    "\tout.id = 'done';\n"
    "})();\n";

void
cg_export_pic_hash(const char *src, char out[65])
{
	cg_buf b = {0};

	cg_buf_puts(&b, DRAWVER);
	cg_buf_puts(&b, src);
	cg_sha256_hex(b.s, b.len, out);
	cg_buf_free(&b);
}

const cg_export_pic *
cg_export_pic_of(const cg_export_pics *p, const char *src)
{
	char h[65];
	int i;

	if (!p || !p->n)
		return NULL;
	cg_export_pic_hash(src, h);
	for (i = 0; i < p->n; i++)
		if (p->p[i].svg && !strcmp(p->p[i].hash, h))
			return &p->p[i];
	return NULL;
}

/* The diagram mmd (found in where) among the pictures to have, once. */
static void
add(cg_export_pics *p, const char *mmd, const char *where)
{
	cg_err e;
	cg_mmd *m = cg_mmd_parse(mmd, &e);
	cg_export_pic *x;
	char *src, h[65];
	int i;

	if (!m)
		return;	/* shown as text, as the site shows it */
	src = cg_mmd_nolt(cg_mmd_emit(m));
	cg_export_pic_hash(src, h);
	for (i = 0; i < p->n; i++)
		if (!strcmp(p->p[i].hash, h))
			break;
	if (i < p->n) {
		free(src);
		cg_mmd_free(m);
		return;
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->p = xrealloc(p->p, (size_t)p->cap * sizeof *p->p);
	}
	x = &p->p[p->n++];
	memset(x, 0, sizeof *x);
	memcpy(x->hash, h, sizeof h);
	x->src = src;
	x->alt = cg_mmd_alt(m, p->what);
	x->where = xstrdup(where);
	cg_mmd_free(m);
}

struct walk {
	cg_export_pics *p;
	const char *where;
};

static int
mdhook(void *arg, const char *lang, const char *code, size_t len, cg_buf *out)
{
	struct walk *w = arg;
	char *t;

	(void)out;
	if (strcasecmp(lang, "mermaid") == 0) {
		t = xstrndup(code, len);
		add(w->p, t, w->where);
		free(t);
	}
	return 0;
}

static void
markdown(cg_export_pics *p, const char *text, size_t len, const char *where)
{
	struct walk w = { p, where };
	cg_md_opts o = { "x", 1, NULL, mdhook, &w };
	cg_buf h = {0};
	cg_err e;

	if (text)
		cg_md_render(text, len, &o, &h, &e);
	cg_buf_free(&h);
}

static void
quiz(cg_export_pics *p, const cJSON *q, const char *where)
{
	static const char *keys[] = { "question", "explanation", "answer",
	    "guidance", NULL };
	const cJSON *it, *o;
	int k, i;

	for (k = 0; k < 3; k++)
		cJSON_ArrayForEach(it, cg_export_group(q, k)) {
			for (i = 0; keys[i]; i++) {
				const char *s = cg_export_str(it, keys[i], NULL);
				if (s)
					markdown(p, s, strlen(s), where);
			}
			cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(it, "options"))
				if (cJSON_IsString(o))
					markdown(p, o->valuestring, strlen(o->valuestring), where);
		}
}

static void
collect(cg_export_course *c)
{
	const struct cg_course_file *f;
	int i;

	c->pics.what = c->L ? cg_label(c->L, "flowchart") : NULL;
	for (i = 0; i < c->nsess; i++) {
		const cg_export_sess *x = &c->sess[i];
		for (f = NULL; (f = cg_export_next(x, CG_SHAPE_DIAGRAM, f)); )
			add(&c->pics, f->text, f->path);
		for (f = NULL; (f = cg_export_next(x, CG_SHAPE_PROSE, f)); )
			markdown(&c->pics, f->text, f->len, f->path);
		if (x->quiz)
			quiz(&c->pics, x->quiz, x->id);
	}
}

/* An attribute's number in the tag that starts at s ("width=\"913\""). */
static int
attrnum(const char *s, const char *name)
{
	const char *end = strchr(s, '>'), *p = s;
	size_t n = strlen(name);

	while ((p = strstr(p, name)) && (!end || p < end)) {
		if (p[-1] == ' ' && p[n] == '=' && p[n + 1] == '"')
			return atoi(p + n + 2);
		p += n;
	}
	return 0;
}

static void
setsvg(cg_export_pic *x, char *svg, size_t len)
{
	const char *t = strstr(svg, "<svg");

	x->svg = svg;
	x->svglen = len;
	x->w = t ? attrnum(t, "width") : 0;
	x->h = t ? attrnum(t, "height") : 0;
}

/* Pictures drawn before: read; returns how many are still missing. */
static int
cached(cg_export_pics *p)
{
	int i, miss = 0;

	for (i = 0; i < p->n; i++) {
		cg_export_pic *x = &p->p[i];
		char *path, *t;
		size_t n;
		cg_err e;

		if (x->svg)
			continue;
		path = xasprintf("%s/%s.svg", p->dir, x->hash);
		if ((t = cg_read_file(path, &n, &e)) && strstr(t, "<svg")) {
			setsvg(x, t, n);
			p->cached++;
		} else {
			free(t);
			miss++;
		}
		free(path);
	}
	return miss;
}

static void
page(cg_buf *b, const cg_export_pics *p, const char *mermaid)
{
	int i;

	cg_buf_puts(b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
	    "<script src=\"file://");
	cg_export_xescs(b, mermaid);
	cg_buf_puts(b, "\"></script>\n</head><body>\n");
	for (i = 0; i < p->n; i++)
		if (!p->p[i].svg) {
			cg_buf_printf(b, "<pre class=\"src\" data-h=\"%s\">", p->p[i].hash);
			cg_export_xescs(b, p->p[i].src);
			cg_buf_puts(b, "</pre>\n");
		}
	cg_buf_puts(b, "<script>\n");
	cg_buf_puts(b, page_js);
	cg_buf_puts(b, "</script>\n</body></html>\n");
}

/* The value of attribute name in the tag at t (up to its '>'), or NULL;
 * *n its length. */
static const char *
attr(const char *t, const char *name, size_t *n)
{
	const char *end = strchr(t, '>'), *p;
	char pat[32];

	snprintf(pat, sizeof pat, " %s=\"", name);
	if (!end || !(p = strstr(t, pat)) || p > end)
		return NULL;
	p += strlen(pat);
	*n = strcspn(p, "\"");
	return p;
}

/* Write one picture drawn (base64 v, n bytes) as dir/HASH.ext. */
static int
keep(const cg_export_course *c, const char *hash, const char *ext,
    const char *v, size_t n, cg_buf *out)
{
	char *path = xasprintf("%s/%s.%s", c->pics.dir, hash, ext);
	cg_err e;
	int r = 0;

	out->len = 0;
	if (cg_export_unbase64(out, v, n) < 0 || !out->len)
		r = -1;
	else if (cg_write_atomic(path, out->s, out->len, &e) < 0) {
		cg_export_warn(c, "%s", e.msg);
		r = -1;
	}
	free(path);
	return r;
}

/* Read what the page wrote for each picture still missing. */
static void
harvest(cg_export_course *c, const char *dom)
{
	cg_export_pics *p = &c->pics;
	cg_buf svg = {0}, png = {0};
	const char *t, *v;
	char id[80];
	size_t n;
	int i;

	for (i = 0; i < p->n; i++) {
		cg_export_pic *x = &p->p[i];
		if (x->svg)
			continue;
		snprintf(id, sizeof id, "<p id=\"d-%s\"", x->hash);
		if (!(t = strstr(dom, id))) {
			cg_export_warn(c, "%s: a diagram was not drawn: the page did not finish",
			    x->where);
			p->failed++;
			continue;
		}
		if ((v = attr(t, "data-error", &n))) {
			cg_export_warn(c, "%s: a diagram was not drawn: mermaid: %.*s", x->where,
			    (int)n, v);
			p->failed++;
			continue;
		}
		if (!(v = attr(t, "data-svg", &n)) ||
		    keep(c, x->hash, "svg", v, n, &svg) < 0) {
			p->failed++;
			continue;
		}
		if ((v = attr(t, "data-png", &n)))
			keep(c, x->hash, "png", v, n, &png);
		n = svg.len;
		setsvg(x, cg_buf_take(&svg), n);
		p->drawn++;
	}
	cg_buf_free(&svg);
	cg_buf_free(&png);
}

/* Draw the pictures still missing with chromium and mermaid. */
static void
draw(cg_export_course *c, const char *chromium, const char *mermaid)
{
	char *tmp, *pg, *out, *err, *prof, *url, *budget, *dom;
	cg_buf b = {0};
	cg_err e = { 0 };
	int rc;

	if (!(tmp = cg_export_tmpdir(&e))) {
		cg_export_warn(c, "%s", e.msg);
		return;
	}
	pg = xasprintf("%s/page.html", tmp);
	out = xasprintf("%s/dom.html", tmp);
	err = xasprintf("%s/err", tmp);
	prof = xasprintf("--user-data-dir=%s/profile", tmp);
	url = xasprintf("file://%s", pg);
	budget = xasprintf("--virtual-time-budget=%d", 120000);
	page(&b, &c->pics, mermaid);
	if (cg_write_atomic(pg, b.s, b.len, &e) < 0)
		cg_export_warn(c, "%s", e.msg);
	else {
		char *argv[] = { (char *)chromium, "--headless", "--no-sandbox",
		    "--disable-gpu", "--no-first-run", "--disable-background-networking",
		    "--disable-component-update", "--disable-sync", "--mute-audio",
		    prof, budget, "--dump-dom", url, NULL };
		rc = cg_export_run(argv, out, err, DRAW_SECS, &e);
		if (rc != 0) {
			char *t = cg_read_file(err, NULL, NULL), *l = t ? strrchr(cg_trim(t), '\n') : NULL;
			cg_export_warn(c, "diagrams shown as text: %s %s%s", chromium,
			    rc < 0 ? e.msg : "failed", l ? l : "");
			free(t);
		} else if ((dom = cg_read_file(out, NULL, &e))) {
			harvest(c, dom);
			free(dom);
		} else
			cg_export_warn(c, "%s", e.msg);
	}
	cg_buf_free(&b);
	cg_export_rmtree(tmp);
	free(tmp);
	free(pg);
	free(out);
	free(err);
	free(prof);
	free(url);
	free(budget);
}

/* Pictures of diagrams the course no longer has: removed (under the
 * lock, after drawing), so the folder holds this course's pictures. */
static void
prune(const cg_export_pics *p)
{
	DIR *d = opendir(p->dir);
	struct dirent *de;
	char *path;
	int i;

	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n != 68 || (strcmp(de->d_name + 64, ".svg") &&
		    strcmp(de->d_name + 64, ".png")) ||
		    strspn(de->d_name, "0123456789abcdef") != 64)
			continue;
		for (i = 0; i < p->n && strncmp(p->p[i].hash, de->d_name, 64); i++)
			;
		if (i < p->n)
			continue;
		path = xasprintf("%s/%s", p->dir, de->d_name);
		unlink(path);
		free(path);
	}
	closedir(d);
}

void
cg_export_draw(cg_export_course *c)
{
	static const char *const names[] = { "chromium", "chromium-browser",
	    "google-chrome", NULL };
	cg_export_pics *p = &c->pics;
	char *chromium = NULL, *mm = NULL, *mermaid = NULL, *lock;
	cg_err e = { 0 };
	int fd = -1, miss;

	if (c->quizonly || p->dir)
		return;
	collect(c);
	if (!p->n)
		return;
	p->dir = xasprintf("%s/export/diagrams", c->data.out);
	if (!cached(p))
		return;
	if (!(chromium = cg_export_which("CHROMIUM", names))) {
		cg_export_warn(c, "%d diagrams shown as text: no Chromium to draw them "
		    "(make deps-test installs it; or set CHROMIUM)", p->n - p->cached);
		goto out;
	}
	if (!(mm = cg_datafile(MERMAID)) || !(mermaid = realpath(mm, NULL))) {
		cg_export_warn(c, "%d diagrams shown as text: %s: not installed; run make assets",
		    p->n - p->cached, MERMAID);
		goto out;
	}
	if (cg_mkdirs(p->dir, &e) < 0) {
		cg_export_warn(c, "diagrams shown as text: %s", e.msg);
		goto out;
	}
	lock = xasprintf("%s/.lock", p->dir);
	if ((fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) >= 0)
		flock(fd, LOCK_EX);
	free(lock);
	miss = cached(p);	/* another export may have drawn them meanwhile */
	if (miss) {
		draw(c, chromium, mermaid);
		prune(p);
	}
	if (fd >= 0)
		close(fd);
out:
	free(chromium);
	free(mm);
	free(mermaid);
}

void
cg_export_pics_free(cg_export_pics *p)
{
	int i;

	for (i = 0; i < p->n; i++) {
		free(p->p[i].src);
		free(p->p[i].alt);
		free(p->p[i].where);
		free(p->p[i].svg);
	}
	free(p->p);
	free(p->dir);
	memset(p, 0, sizeof *p);
}
