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
 * KaTeX to typeset in the browser) are enabled.  Which dollar signs are
 * maths follows pandoc's tex_math_dollars (cg_md_math_roles), so prices
 * ("$100, $101 and $102") stay text: a first pass finds the dollars md4c
 * reads as text, the others are escaped ("\$") in a copy of the source,
 * and md4c's own math spans then see only real maths.  One difference
 * from pandoc is left: md4c reads "$a$$b$" as a "$$" run, not two spans.
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

/* ---- maths (math.c) ----------------------------------------------------
 * The rule of pandoc's tex_math_dollars: "$" opens inline maths only when
 * the character after it is not white space; the first unescaped "$"
 * after it closes the span when the character before it is not white
 * space and the one after it is not a digit — otherwise the opening "$"
 * is a literal dollar sign.  "$$" opens display maths up to the next
 * "$$".  "\$" is always a literal dollar sign.  Spans stay in one block. */
enum { CG_MD_LITERAL, CG_MD_ESCAPED, CG_MD_DELIM };
struct cg_md_dollar {
	size_t off;	/* of the "$" in the text */
	int    block;	/* dollars of different blocks never pair */
	int    role;	/* out: CG_MD_LITERAL, CG_MD_ESCAPED or CG_MD_DELIM */
	size_t close;	/* out, on an opening delimiter: its closer's off */
	int    display;	/* out, on an opening delimiter: 1 for "$$" */
};
/* Give each of the n dollars d (in text order, offsets into s[0..len))
 * its role by the rule above: ESCAPED after an odd run of backslashes,
 * DELIM when it opens or closes maths (both dollars of a "$$"), LITERAL
 * otherwise. */
void  cg_md_math_roles(const char *s, size_t len, struct cg_md_dollar *d,
	    size_t n);

enum { CG_MD_TEXT, CG_MD_MATH, CG_MD_DISPLAY };
typedef void (*cg_md_mathfn)(void *arg, int kind, const char *s, size_t n);
/* Split plain text s[0..len) (a question, an answer: markdown read only
 * for its backtick code spans, which hold no maths, and its blank lines)
 * into runs, in order: CG_MD_TEXT (literal text; "\$" given as "$"),
 * CG_MD_MATH and CG_MD_DISPLAY (the TeX between the delimiters). */
void  cg_md_math_split(const char *s, size_t len, cg_md_mathfn fn,
	    void *arg);
/* s with its maths delimited by w[0] … w[1] (inline) and w[2] … w[3]
 * (display), the TeX between appended by esc (NULL: as it is), and "\$"
 * written "$".  For formats whose renderers read other delimiters
 * ("\(…\)" in Anki and Moodle).  Caller frees. */
char *cg_md_math_delims(const char *s, const char *const w[4],
	    void (*esc)(cg_buf *out, const char *s, size_t n));

#endif
