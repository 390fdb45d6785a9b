/* epub.c — an EPUB 3 book of the whole course (see export.h).
 *
 * OCF zip: "mimetype" first and stored (uncompressed), META-INF/
 * container.xml pointing at EPUB/package.opf; the package document has
 * the identifier, title, language, the model as contributor,
 * dcterms:modified (the newest input's time, so the same course gives
 * the same book), a manifest and a spine: title page, contents (the
 * navigation document nav.xhtml, modules with their sessions), then one
 * XHTML chapter per session with its overview, every part, its diagrams
 * and its quiz with the answers after the questions.  A reader runs no
 * script: a diagram is its picture (cg_export_draw: EPUB/images/HASH.svg,
 * the text description as alternative text, the mermaid source in a
 * <details>) or, not drawn, its source and description as text; maths
 * is MathML (cg_export_mathml; the chapter is marked "mathml" in the
 * manifest) or, without node, the TeX.  Every word cg writes around
 * the content (titles, contents, the quiz's headings) is the course
 * language's (labels.h); the pages carry its lang and dir, the spine
 * reads right to left for Arabic and Hebrew.  The students' edition
 * (c->students: its own identifier) has the questions without the
 * answers: a book runs no script to hide them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "export.h"
#include "archive.h"

static const char css[] =
    "body { font-family: serif; line-height: 1.45; }\n"
    "h1, h2, h3, h4 { font-family: sans-serif; line-height: 1.2; }\n"
    ".meta, .label { font-family: sans-serif; font-size: 0.9em; }\n"
    ".label { font-weight: bold; margin-bottom: 0.2em; }\n"
    "pre { white-space: pre-wrap; font-size: 0.85em; }\n"
    "figure.diagram { margin: 1em 0; }\n"
    "figure.diagram img { max-width: 100%; height: auto; }\n"
    ".diagram-source summary { font-family: sans-serif; font-size: 0.85em; }\n"
    ".mathml.display { display: block; margin: 0.5em 0; }\n"
    "figcaption { font-size: 0.9em; font-style: italic; }\n"
    "table { border-collapse: collapse; }\n"
    "th, td { border: 1px solid #999; padding: 0.2em 0.4em; }\n"
    ".img-alt { font-style: italic; }\n"
    "dt { font-weight: bold; margin-top: 0.5em; }\n";

static void
xhead(cg_buf *b, const cg_export_course *c, const char *title, int nav)
{
	cg_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
	    "<html xmlns=\"http://www.w3.org/1999/xhtml\"%s lang=\"%s\" xml:lang=\"%s\" "
	    "dir=\"%s\">\n<head>\n<meta charset=\"utf-8\" />\n<title>",
	    nav ? " xmlns:epub=\"http://www.idpf.org/2007/ops\"" : "", c->lang, c->lang,
	    c->dir);
	cg_export_xescs(b, title);
	cg_buf_puts(b, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\" />\n"
	    "</head>\n<body>\n");
}

static void
chapter(cg_buf *b, const cg_export_course *c, const cg_export_sess *x,
    cg_export_fig *fig)
{
	const struct cg_course_file *f;
	char *title = cg_export_sess_title(c, x), pfx[64], cap[128];

	xhead(b, c, title, 0);
	cg_buf_printf(b, "<section id=\"%s\">\n<h1>", x->id);
	cg_export_xescs(b, title);
	cg_buf_puts(b, "</h1>\n");
	free(title);
	cg_export_overview(b, c, x, 2);
	for (f = NULL; (f = cg_export_next(x, CG_SHAPE_PROSE, f)); ) {
		snprintf(pfx, sizeof pfx, "%s-%s", x->id, f->kind->section);
		cg_buf_printf(b, "<section>\n<h2 id=\"%s\">", pfx);
		cg_export_xescs(b, cg_export_kind_title(c, f->kind));
		cg_buf_puts(b, "</h2>\n");
		cg_export_md(b, f->text, f->len, pfx, 3, fig);
		cg_buf_puts(b, "</section>\n");
	}
	if (cg_export_next(x, CG_SHAPE_DIAGRAM, NULL)) {
		cg_buf_printf(b, "<section>\n<h2 id=\"%s-diagrams\">", x->id);
		cg_export_xescs(b, cg_export_label(c, "kind_diagram"));
		cg_buf_puts(b, "</h2>\n");
		for (f = NULL; (f = cg_export_next(x, CG_SHAPE_DIAGRAM, f)); ) {
			cg_export_caption(cap, sizeof cap, c, f);
			cg_export_figure(b, f->text, cap, fig);
		}
		cg_buf_puts(b, "</section>\n");
	}
	if (x->quiz) {
		cg_buf_printf(b, "<section>\n<h2 id=\"%s-quiz\">", x->id);
		cg_export_xescs(b, cg_export_label(c, "kind_questions"));
		cg_buf_puts(b, "</h2>\n");
		cg_export_quiz_static(b, c, x, 3, fig);
		cg_buf_puts(b, "</section>\n");
	}
	cg_buf_puts(b, "</section>\n</body>\n</html>\n");
}

/* An item of the contents: a link to file, its text t (freed). */
static void
navitem(cg_buf *b, const char *file, char *t, int open)
{
	cg_buf_printf(b, "<li><a href=\"%s.xhtml\">", file);
	cg_export_xescs(b, t);
	cg_buf_puts(b, open ? "</a>\n" : "</a></li>\n");
	free(t);
}

static void
navdoc(cg_buf *b, const cg_export_course *c)
{
	const char *toc = cg_export_label(c, "toc");
	int i, k;

	xhead(b, c, toc, 1);
	cg_buf_puts(b, "<nav epub:type=\"toc\" id=\"toc\">\n<h1>");
	cg_export_xescs(b, toc);
	cg_buf_puts(b, "</h1>\n<ol>\n");
	navitem(b, "title", xstrdup(c->name), 0);
	for (i = 0; i < c->nmods; i++) {
		const cg_export_mod *m = &c->mods[i];
		if (!m->n)
			continue;
		navitem(b, c->sess[m->first].id, cg_export_mod_title(c, m), 1);
		cg_buf_puts(b, "<ol>\n");
		for (k = m->first; k < m->first + m->n; k++)
			navitem(b, c->sess[k].id, cg_export_sess_title(c, &c->sess[k]), 0);
		cg_buf_puts(b, "</ol>\n</li>\n");
	}
	cg_buf_puts(b, "</ol>\n</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n"
	    "<ol>\n<li><a epub:type=\"titlepage\" href=\"title.xhtml\">");
	cg_export_xescs(b, cg_export_label(c, "title_page"));
	cg_buf_puts(b, "</a></li>\n<li><a epub:type=\"toc\" href=\"nav.xhtml\">");
	cg_export_xescs(b, toc);
	cg_buf_puts(b, "</a></li>\n");
	if (c->nsess) {
		cg_buf_printf(b, "<li><a epub:type=\"bodymatter\" href=\"%s.xhtml\">",
		    c->sess[0].id);
		cg_export_xescs(b, cg_export_label(c, "sessions"));
		cg_buf_puts(b, "</a></li>\n");
	}
	cg_buf_puts(b, "</ol>\n</nav>\n</body>\n</html>\n");
}

static void
titlepage(cg_buf *b, const cg_export_course *c)
{
	char *foot = cg_export_footer(c);

	xhead(b, c, c->name, 0);
	cg_buf_puts(b, "<section id=\"title\">\n<h1>");
	cg_export_xescs(b, c->name);
	cg_buf_puts(b, "</h1>\n");
	if (c->desc[0]) {
		cg_buf_puts(b, "<p>");
		cg_export_xescs(b, c->desc);
		cg_buf_puts(b, "</p>\n");
	}
	cg_buf_puts(b, "<p class=\"meta\">");
	if (c->students) {
		cg_export_xescs(b, cg_export_label(c, "edition_students"));
		cg_buf_puts(b, "</p>\n<p class=\"meta\">");
	}
	cg_export_xescs(b, foot);
	cg_buf_puts(b, "</p>\n</section>\n</body>\n</html>\n");
	free(foot);
}

/* The pictures shown (fig->used), each once: their hashes in order. */
static int
pictures(const cg_export_fig *fig, char (**h)[65])
{
	const char *p = fig->used.s;
	int n = 0, i;

	*h = NULL;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		for (i = 0; i < n && strncmp((*h)[i], p, 64); i++)
			;
		if (i == n) {
			*h = xrealloc(*h, (size_t)(n + 1) * sizeof **h);
			memcpy((*h)[n], p, 64);
			(*h)[n++][64] = 0;
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	return n;
}

static void
opf(cg_buf *b, const cg_export_course *c, cg_buf *const *ch, char (*img)[65],
    int nimg)
{
	char date[32];
	int i;

	cg_export_date(c, date);
	cg_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
	    "unique-identifier=\"uid\" xml:lang=\"%s\">\n"
	    "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	    "<dc:identifier id=\"uid\">urn:cg:course:", c->lang);
	cg_export_xescs(b, c->slug);
	if (c->students)
		cg_buf_puts(b, ":students");
	cg_buf_puts(b, "</dc:identifier>\n<dc:title>");
	cg_export_xescs(b, c->name);
	cg_buf_printf(b, "</dc:title>\n<dc:language>%s</dc:language>\n", c->lang);
	if (c->desc[0]) {
		cg_buf_puts(b, "<dc:description>");
		cg_export_xescs(b, c->desc);
		cg_buf_puts(b, "</dc:description>\n");
	}
	cg_buf_puts(b, "<dc:creator>cg</dc:creator>\n");
	if (c->model) {
		cg_buf_puts(b, "<dc:contributor id=\"model\">");
		cg_export_xescs(b, c->model);
		cg_buf_puts(b, "</dc:contributor>\n");
	}
	cg_buf_printf(b, "<meta property=\"dcterms:modified\">%s</meta>\n</metadata>\n"
	    "<manifest>\n"
	    "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
	    "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n"
	    "<item id=\"title\" href=\"title.xhtml\" media-type=\"application/xhtml+xml\"/>\n", date);
	for (i = 0; i < c->nsess; i++)
		cg_buf_printf(b, "<item id=\"%s\" href=\"%s.xhtml\" media-type=\"application/xhtml+xml\"%s/>\n",
		    c->sess[i].id, c->sess[i].id, ch[i]->s && strstr(ch[i]->s, "<math") ?
		    " properties=\"mathml\"" : "");
	for (i = 0; i < nimg; i++)
		cg_buf_printf(b, "<item id=\"d-%.16s\" href=\"images/%s.svg\" media-type=\"image/svg+xml\"/>\n",
		    img[i], img[i]);
	cg_buf_printf(b, "</manifest>\n<spine%s>\n<itemref idref=\"title\"/>\n"
	    "<itemref idref=\"nav\"/>\n", strcmp(c->dir, "rtl") == 0 ?
	    " page-progression-direction=\"rtl\"" : "");
	for (i = 0; i < c->nsess; i++)
		cg_buf_printf(b, "<itemref idref=\"%s\"/>\n", c->sess[i].id);
	cg_buf_puts(b, "</spine>\n</package>\n");
}

static const cg_export_pic *
pic(const cg_export_pics *p, const char *hash)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->p[i].hash, hash))
			return &p->p[i];
	return NULL;
}

char *
cg_export_epub(const cg_export_course *c, size_t *len, cg_err *e)
{
	static const char mt[] = "application/epub+zip";
	static const char container[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
	    "<rootfiles>\n<rootfile full-path=\"EPUB/package.opf\" "
	    "media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n";
	cg_export_fig fig = { &c->pics, "images/", 0, {0}, c->L };
	cg_buf b = {0}, **ch = xcalloc((size_t)c->nsess + 1, sizeof *ch);
	char name[128], (*img)[65] = NULL;
	const cg_export_pic *p;
	cg_zip *z = NULL;
	int i, nimg;
	char *r = NULL;

	for (i = 0; i < c->nsess; i++) {
		ch[i] = xcalloc(1, sizeof **ch);
		chapter(ch[i], c, &c->sess[i], &fig);
	}
	cg_export_mathml(c, ch, c->nsess);
	nimg = pictures(&fig, &img);
	if (!(z = cg_zip_new(c->mtime, e)))
		goto done;
	if (cg_zip_add(z, "mimetype", mt, sizeof mt - 1, 1, e) < 0 ||
	    cg_zip_add(z, "META-INF/container.xml", container, sizeof container - 1, 0, e) < 0)
		goto bad;
	opf(&b, c, ch, img, nimg);
	if (cg_zip_addbuf(z, "EPUB/package.opf", &b, e) < 0)
		goto bad;
	navdoc(&b, c);
	if (cg_zip_addbuf(z, "EPUB/nav.xhtml", &b, e) < 0)
		goto bad;
	titlepage(&b, c);
	if (cg_zip_addbuf(z, "EPUB/title.xhtml", &b, e) < 0 ||
	    cg_zip_add(z, "EPUB/style.css", css, sizeof css - 1, 0, e) < 0)
		goto bad;
	for (i = 0; i < c->nsess; i++) {
		snprintf(name, sizeof name, "EPUB/%s.xhtml", c->sess[i].id);
		if (cg_zip_addbuf(z, name, ch[i], e) < 0)
			goto bad;
	}
	for (i = 0; i < nimg; i++) {
		snprintf(name, sizeof name, "EPUB/images/%s.svg", img[i]);
		if ((p = pic(&c->pics, img[i])) &&
		    cg_zip_add(z, name, p->svg, p->svglen, 0, e) < 0)
			goto bad;
	}
	r = cg_zip_finish(z, len, e);
	goto done;
bad:
	free(cg_zip_finish(z, len, NULL));
done:
	for (i = 0; i < c->nsess; i++) {
		cg_buf_free(ch[i]);
		free(ch[i]);
	}
	free(ch);
	free(img);
	cg_buf_free(&b);
	cg_buf_free(&fig.used);
	return r;
}
