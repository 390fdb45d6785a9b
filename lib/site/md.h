/* md.h — Markdown to safe HTML for the course site (md4c parser).
 *
 * Generated text is untrusted: raw HTML is never passed through (it is
 * shown as text), links keep only http, https, mailto, fragment and
 * relative targets (anything else — javascript:, vbscript:, data:, a
 * scheme hidden behind entities — becomes plain text), images load only
 * from relative paths (a remote image becomes its alt text, so a page
 * never fetches anything from the network), and outbound http(s) links
 * get rel="noopener noreferrer".  Tables, strikethrough, task lists and
 * $…$ / $$…$$ math spans (emitted as <span class="math">TeX</span> for
 * KaTeX to typeset in the browser) are enabled.
 *
 * Headings are shifted so a document's highest level becomes `base` and
 * the levels it uses follow on without gaps (headings stay in order under
 * the page's own h1/h2), and get ids "PREFIX-slug" collected into a table
 * of contents.
 */
#ifndef CG_MD_H
#define CG_MD_H
#include <stddef.h>
#include "util.h"

typedef struct cg_md_head {
	int   level;		/* after shifting */
	char *id;		/* "lecture-key-ideas" */
	char *html;		/* heading text, HTML-escaped, no markup */
} cg_md_head;

typedef struct cg_md_toc {
	cg_md_head *h;
	int n, cap;
} cg_md_toc;

/* A fenced code block hook: called for every fenced block with its info
 * language (may be ""); return 1 after appending HTML to out to replace
 * the default <pre><code>, 0 to keep the default.  The site uses it to
 * turn ```mermaid blocks into diagrams. */
typedef int (*cg_md_codefn)(void *arg, const char *lang, const char *code,
	    size_t len, cg_buf *out);

typedef struct cg_md_opts {
	const char  *idprefix;	/* heading id prefix; NULL = "h" */
	int          base;	/* level of the document's top heading (1..6) */
	cg_md_toc   *toc;	/* headings appended here (may be NULL) */
	cg_md_codefn code;	/* may be NULL */
	void        *codearg;
} cg_md_opts;

/* Render text (len bytes, need not be NUL-terminated) as HTML appended to
 * out.  0, or -1 when md4c fails (out of memory), with e set. */
int   cg_md_render(const char *text, size_t len, const cg_md_opts *o,
	    cg_buf *out, cg_err *e);

/* Append s (n bytes) HTML-escaped (& < > " ') to out. */
void  cg_md_escape(cg_buf *out, const char *s, size_t n);

/* 1 when href is safe to keep as a link target: http:, https:, mailto:,
 * "#…", or a relative reference without a scheme (not "//host"). */
int   cg_md_safe_href(const char *href, size_t n);

void  cg_md_toc_free(cg_md_toc *t);

#endif
