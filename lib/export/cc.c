/* cc.c — an IMS Common Cartridge 1.1 (.imscc; see export.h).
 *
 * imsmanifest.xml (CC 1.1 namespaces, LOM title and language) holds one
 * organization: under its root item one item per course module, in it
 * one item per session, in that the session's pages and its quiz.  Pages
 * are web content (sNN/overview.html, sNN/lecture.html, …,
 * sNN/diagrams.html): the markdown rendered, a diagram as its picture
 * (cg_export_draw: web_resources/diagrams/HASH.svg, a webcontent resource
 * each page that shows it depends on; the text description as
 * alternative text, the mermaid source in a <details>) since an LMS page
 * runs no renderer, or not drawn, as text description and source.  The quiz is the
 * session's QTI 1.2 assessment with the CC profile (sNN/assessment.xml,
 * resource type imsqti_xmlv1p2/imscc_xmlv1p1/assessment).  Canvas makes
 * each top-level item a module; Moodle makes them sections.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "export.h"
#include "archive.h"

struct cc {
	const cg_export_course *c;
	cg_zip     *z;
	cg_buf      org, res;
	cg_err     *e;
	cg_export_fig fig;	/* the pictures of the page being written */
	cg_buf      added;	/* the pictures in the cartridge, "HASH\n" */
};

#define PICDIR "web_resources/diagrams/"

/* The pictures of the page just written (cc->fig.used): each a
 * dependency of its resource, and once in the cartridge. */
static int
pictures(struct cc *cc)
{
	const char *p = cc->fig.used.s, *nl;
	const cg_export_pic *x;
	char h[65], file[128];
	int i;

	while (p && *p) {
		nl = strchr(p, '\n');
		snprintf(h, sizeof h, "%.64s", p);
		p = nl ? nl + 1 : p + strlen(p);
		cg_buf_printf(&cc->res, "      <dependency identifierref=\"r-d-%.16s\"/>\n", h);
		if (cc->added.s && strstr(cc->added.s, h))
			continue;
		cg_buf_printf(&cc->added, "%s\n", h);
		for (i = 0, x = NULL; i < cc->c->pics.n; i++)
			if (!strcmp(cc->c->pics.p[i].hash, h))
				x = &cc->c->pics.p[i];
		snprintf(file, sizeof file, PICDIR "%s.svg", h);
		if (x && cg_zip_add(cc->z, file, x->svg, x->svglen, 0, cc->e) < 0)
			return -1;
	}
	cc->fig.used.len = 0;
	return 0;
}

static void
page_head(cg_buf *b, const cg_export_course *c, const cg_export_sess *x,
    const char *what)
{
	char *st = cg_export_sess_title(c, x);

	cg_buf_printf(b, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" "
	    "lang=\"%s\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\" />\n<title>",
	    c->lang, c->dir);
	cg_export_xescs(b, st);
	free(st);
	cg_buf_puts(b, " — ");
	cg_export_xescs(b, what);
	cg_buf_puts(b, "</title>\n</head>\n<body>\n<h1>");
	cg_export_xescs(b, what);
	cg_buf_puts(b, "</h1>\n");
}

/* Add a page (b, taken) as sNN/ID.html with its item and resource. */
static int
page(struct cc *cc, const cg_export_sess *x, const char *id, const char *title,
    cg_buf *b)
{
	char file[64];

	cg_buf_puts(b, "</body>\n</html>\n");
	snprintf(file, sizeof file, "%s/%s.html", x->id, id);
	cg_buf_printf(&cc->org, "          <item identifier=\"i-%s-%s\" identifierref=\"r-%s-%s\">"
	    "<title>", x->id, id, x->id, id);
	cg_export_xescs(&cc->org, title);
	cg_buf_puts(&cc->org, "</title></item>\n");
	cg_buf_printf(&cc->res, "    <resource identifier=\"r-%s-%s\" type=\"webcontent\" "
	    "href=\"%s\">\n      <file href=\"%s\"/>\n", x->id, id, file, file);
	if (pictures(cc) < 0)
		return -1;
	cg_buf_puts(&cc->res, "    </resource>\n");
	return cg_zip_addbuf(cc->z, file, b, cc->e);
}

static int
session(struct cc *cc, const cg_export_sess *x)
{
	const cg_export_course *c = cc->c;
	const struct cg_course_file *f;
	const char *ov = cg_export_label(c, "overview");
	const char *dg = cg_export_label(c, "kind_diagram");
	cg_buf b = {0};
	char cap[128];

	page_head(&b, c, x, ov);
	cg_export_overview(&b, c, x, 2);
	if (page(cc, x, "overview", ov, &b) < 0)
		return -1;
	for (f = NULL; (f = cg_export_next(x, CG_SHAPE_PROSE, f)); ) {
		const char *kt = cg_export_kind_title(c, f->kind);
		char pfx[64];
		page_head(&b, c, x, kt);
		snprintf(pfx, sizeof pfx, "%s-%s", x->id, f->kind->section);
		cg_export_md(&b, f->text, f->len, pfx, 2, &cc->fig);
		if (page(cc, x, f->kind->section, kt, &b) < 0)
			return -1;
	}
	if (cg_export_next(x, CG_SHAPE_DIAGRAM, NULL)) {
		page_head(&b, c, x, dg);
		for (f = NULL; (f = cg_export_next(x, CG_SHAPE_DIAGRAM, f)); ) {
			cg_export_caption(cap, sizeof cap, c, f);
			cg_export_figure(&b, f->text, cap, &cc->fig);
		}
		if (page(cc, x, "diagrams", dg, &b) < 0)
			return -1;
	}
	if (x->quiz) {
		char file[64];
		snprintf(file, sizeof file, "%s/assessment.xml", x->id);
		cg_buf_printf(&cc->org, "          <item identifier=\"i-%s-quiz\" identifierref=\"r-%s-quiz\">"
		    "<title>", x->id, x->id);
		cg_export_xescs(&cc->org, cg_export_label(c, "kind_questions"));
		cg_buf_puts(&cc->org, "</title></item>\n");
		cg_buf_printf(&cc->res, "    <resource identifier=\"r-%s-quiz\" "
		    "type=\"imsqti_xmlv1p2/imscc_xmlv1p1/assessment\">\n"
		    "      <file href=\"%s\"/>\n    </resource>\n", x->id, file);
		cg_export_qti_doc(&b, c, x, 1);
		if (cg_zip_addbuf(cc->z, file, &b, cc->e) < 0)
			return -1;
	}
	return 0;
}

char *
cg_export_cc(const cg_export_course *c, size_t *len, cg_err *e)
{
	struct cc cc = { c, NULL, {0}, {0}, e, { &c->pics, "../" PICDIR, 0, {0}, c->L }, {0} };
	cg_buf man = {0};
	const char *p;
	int i, k;

	if (!(cc.z = cg_zip_new(c->mtime, e)))
		return NULL;
	for (i = 0; i < c->nmods; i++) {
		const cg_export_mod *m = &c->mods[i];
		char *t = cg_export_mod_title(c, m);
		cg_buf_printf(&cc.org, "      <item identifier=\"m%02d\"><title>", m->num);
		cg_export_xescs(&cc.org, t);
		cg_buf_puts(&cc.org, "</title>\n");
		free(t);
		for (k = m->first; k < m->first + m->n; k++) {
			const cg_export_sess *x = &c->sess[k];
			t = cg_export_sess_title(c, x);
			cg_buf_printf(&cc.org, "        <item identifier=\"m%02d-%s\"><title>",
			    m->num, x->id);
			cg_export_xescs(&cc.org, t);
			cg_buf_puts(&cc.org, "</title>\n");
			free(t);
			if (session(&cc, x) < 0)
				goto bad;
			cg_buf_puts(&cc.org, "        </item>\n");
		}
		cg_buf_puts(&cc.org, "      </item>\n");
	}
	cg_buf_puts(&man, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<manifest identifier=\"cg-cc-");
	cg_export_xescs(&man, c->slug);
	cg_buf_puts(&man, "\" xmlns=\"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1\" "
	    "xmlns:lomimscc=\"http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest\" "
	    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
	    "xsi:schemaLocation=\"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1 "
	    "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd "
	    "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest "
	    "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd\">\n"
	    "  <metadata>\n    <schema>IMS Common Cartridge</schema>\n"
	    "    <schemaversion>1.1.0</schemaversion>\n"
	    "    <lomimscc:lom>\n      <lomimscc:general>\n"
	    "        <lomimscc:title><lomimscc:string language=\"");
	cg_buf_printf(&man, "%s\">", c->lang);
	cg_export_xescs(&man, c->name);
	cg_buf_puts(&man, "</lomimscc:string></lomimscc:title>\n");
	if (c->desc[0]) {
		cg_buf_printf(&man, "        <lomimscc:description><lomimscc:string language=\"%s\">",
		    c->lang);
		cg_export_xescs(&man, c->desc);
		cg_buf_puts(&man, "</lomimscc:string></lomimscc:description>\n");
	}
	cg_buf_printf(&man, "        <lomimscc:language>%s</lomimscc:language>\n", c->lang);
	cg_buf_puts(&man, "      </lomimscc:general>\n    </lomimscc:lom>\n  </metadata>\n"
	    "  <organizations>\n    <organization identifier=\"org\" structure=\"rooted-hierarchy\">\n"
	    "      <item identifier=\"root\">\n");
	cg_buf_add(&man, cc.org.s ? cc.org.s : "", cc.org.len);
	cg_buf_puts(&man, "      </item>\n    </organization>\n  </organizations>\n  <resources>\n");
	cg_buf_add(&man, cc.res.s ? cc.res.s : "", cc.res.len);
	for (p = cc.added.s; p && *p; p += 65)
		cg_buf_printf(&man, "    <resource identifier=\"r-d-%.16s\" type=\"webcontent\" "
		    "href=\"" PICDIR "%.64s.svg\">\n      <file href=\"" PICDIR "%.64s.svg\"/>\n"
		    "    </resource>\n", p, p, p);
	cg_buf_puts(&man, "  </resources>\n</manifest>\n");
	cg_buf_free(&cc.org);
	cg_buf_free(&cc.res);
	cg_buf_free(&cc.fig.used);
	cg_buf_free(&cc.added);
	if (cg_zip_addbuf(cc.z, "imsmanifest.xml", &man, e) < 0) {
		free(cg_zip_finish(cc.z, len, NULL));
		return NULL;
	}
	return cg_zip_finish(cc.z, len, e);
bad:
	cg_buf_free(&cc.org);
	cg_buf_free(&cc.res);
	cg_buf_free(&cc.fig.used);
	cg_buf_free(&cc.added);
	free(cg_zip_finish(cc.z, len, NULL));
	return NULL;
}
