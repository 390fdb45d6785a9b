/* site.h — the static course website (cg-site): pages, assets, search.
 *
 * cg_site_build reads OUT/course.json, OUT/outline.json and the generated
 * files under OUT/sNN/, and writes OUT/site/: index.html, mNN.html per
 * module; per session sNN.html (its overview), sNN-SECTION.html per part
 * (lecture, lab, ... — the kinds' section ids) and sNN-all.html (the
 * whole session); print.html (the teacher's copy, with answers),
 * handout.html (the students', without), and assets/ (cg.css, cg.js, the
 * search index, vendored mermaid and KaTeX).  The page skeletons are
 * site/templates/NAME.html (or those in the directory the course's
 * site.templates names).  Every file is written only when its bytes
 * change, so a re-run after one session changed rewrites that session's
 * pages, index, the print pages and the search index.
 * A content file that is missing shows "not generated yet" on its page and
 * is reported through warnfn; it never fails the build.  The course is
 * read through the course model (course.h): the outline held to
 * cg_outline_validate, the session parts, their titles, section ids and
 * files as the kinds table (kinds.h) lists them, session directories
 * named by cg_outline_sid.
 * The words around the content are the course language's (labels.h);
 * the students' edition (opts.audience or site.audience "students")
 * goes into OUT/site-students, without print.html and report.html, its
 * explanations and model answers encoded until answered (site.answers
 * "after") or left out ("never"), never in the search index.
 */
#ifndef CG_SITE_H
#define CG_SITE_H
#include <stddef.h>
#include <cjson/cJSON.h>
#include "util.h"
#include "labels.h"

struct cg_site_opts {
	const char *out;	/* the course directory OUT */
	const char *dest;	/* the site directory; NULL = OUT/site, or
				 * OUT/site-students for the students */
	const char *audience;	/* "teacher" or "students"; NULL = the
				 * course's site.audience (default teacher) */
	void (*warnfn)(const char *msg);	/* problems; may be NULL */
	void (*notefn)(const char *msg);	/* each file written; may be NULL */
};

struct cg_site_stats {
	int    pages, pages_written;	/* html pages and search index */
	int    assets, assets_written;	/* files under assets/ */
	int    missing;			/* content files not generated yet */
	size_t bytes;			/* bytes of all pages */
	size_t max_session_page;	/* largest sNN*.html */
};

/* Build the site.  0, or -1 with e: EX_NOINPUT (outline.json missing),
 * EX_DATAERR (outline.json/course.json invalid, naming the JSON path),
 * EX_UNAVAILABLE (vendored assets not installed: says to run
 * `make assets` or `cd site && npm ci`), EX_CANTCREAT / EX_IOERR. */
int   cg_site_build(const struct cg_site_opts *o, struct cg_site_stats *st,
	    cg_err *e);

/* The search index, built at site time and shipped as a script
 * (assets/search-index.js assigns window.CG_SEARCH) because pages opened
 * from file:// cannot fetch files.  A document is one piece of a page (a
 * part page is indexed heading by heading); it keeps its plain text, for
 * the snippets of the results.  The index maps each term to (document,
 * weighted term frequency) pairs.  Terms are whole words: cg.js stems
 * the query and the index's terms alike for the course language.
 * The tokeniser is the one cg.js applies to queries: maximal runs of
 * ASCII letters/digits and non-punctuation non-ASCII characters, each
 * character folded (cg_site_fold: lower case, accents dropped, so
 * "Astronomía" is the term "astronomia"; combining marks dropped),
 * 2..32 characters, minus the language's stop words (the script carries
 * them). */
typedef struct cg_site_index cg_site_index;
/* lang: the course's language code ("en", "es", "fr", "de", "pt" have
 * stop words; any other keeps every word). */
cg_site_index *cg_site_index_new(const char *lang);
/* The student edition: omit != 0 makes cg_site_index_html leave out
 * what a page shows only on request — a question's explanation (<div
 * class="explain">), a model answer or an essay's guidance (<details>
 * without a class, or <details class="answer">) — headings inside them
 * included.  Call it before indexing pages; off by default. */
void  cg_site_index_omit_answers(cg_site_index *ix, int omit);
/* Start a document; returns its number.  text: its plain text (may be
 * NULL). */
int   cg_site_index_doc(cg_site_index *ix, const char *url, const char *title,
	    const char *section, const char *text);
/* Add text to document doc, each term counted weight times. */
void  cg_site_index_text(cg_site_index *ix, int doc, const char *text,
	    size_t len, int weight);
/* Index a rendered page (html, as cg-site writes it) piece by piece: one
 * document per heading with an id (<h2 id=…> … <h6 id=…>), its url
 * "page#id", its section "part › heading", its plain text (tags dropped,
 * entities decoded, scripts and mermaid sources left out); the text
 * before the first heading is a document of its own. */
void  cg_site_index_html(cg_site_index *ix, const char *page,
	    const char *title, const char *part, const char *html);
/* The script text (deterministic: same input, same bytes).  Caller frees. */
char *cg_site_index_js(const cg_site_index *ix, size_t *len);
void  cg_site_index_free(cg_site_index *ix);

/* The BCP 47 code of a course language given as a name ("German" ->
 * "de") or as a code ("pt-BR" stays); "en" when unknown or NULL.  The
 * site's lang attribute and search, and cg-export's packages. */
const char *cg_site_langcode(const char *lang);

/* The answer key of a quiz's multiple-choice questions mc (session: its
 * id), for cg.js: the "Start the quiz again" button (label quiz_reset of
 * L, labels.h; NULL: English) and a JSON script element, '<' and '>'
 * escaped (cg_site_json_script) so nothing in it can end the element.  The site's pages and
 * cg-export's single HTML file both carry it. */
void  cg_site_quiz_key(cg_buf *b, const char *session, const cJSON *mc,
	    const cg_labels *L);
/* j as JSON text that may stand inside a <script> element (type
 * application/json, or a script's literal): "<", ">" and "&" and the line
 * separators U+2028/2029 written as \uXXXX escapes, so nothing in it can
 * end the element or start a comment. */
void  cg_site_json_script(cg_buf *b, const cJSON *j);

/* ---- paper (paper.c) ------------------------------------------------
 * The paper make pdf prints the teacher's copy and the handout on: "a4"
 * or "letter".  cg_site_paper_for: from a BCP 47 code — a region US or
 * CA, or plain "en" (no region), is letter; any other region (en-GB), and
 * any other language, A4.  cg_site_paper: course (course.json) names it
 * in site.paper ("a4" or "letter", any case), or else the language
 * decides; NULL with e EX_DATAERR ("NAME: site.paper: must be ...") for
 * another value.  cg_site_paper_of: the same from OUT/course.json
 * (EX_NOINPUT when it is missing). */
const char *cg_site_paper_for(const char *lang);
const char *cg_site_paper(const cJSON *course, const char *name, cg_err *e);
const char *cg_site_paper_of(const char *out, cg_err *e);

/* ---- the teacher's report (report.c) ---------------------------------
 * report.html, which no course page links to: what the generators left
 * beside each file and what cg-check says of it. */
struct cg_course;
/* Append a table row (one line of HTML: file, state, why) for every file
 * of course c (course.h; a kind's "also" file aside) with anything to
 * say: "failed" (the .failed note's error, then the last attempt's
 * problems), "not generated yet" (missing, no note), "imperfect" (every
 * problem of the .imperfect note), "mended" (only repairs cg made
 * itself: the .mended note), "warnings" (only cg-check's: cg_validate's
 * warnings and hard problems, with the session's requirements); repairs
 * and cg-check's verdicts are added to any row.  Returns the number of
 * rows. */
int   cg_site_report_rows(cg_buf *b, const struct cg_course *c);
/* From out/log/calls.jsonl (none: zeros), its newest run only (all of
 * it when no line names a run): the re-asks ("event": "validate" lines
 * with "status":"retry") and the files they ended ("ok", "imperfect" or
 * "fail"). */
void  cg_site_reasks(const char *out, int *reasks, int *ended);
/* A paragraph with the course's re-asks, their share of its requests,
 * and the budget llm.reask_budget of course (course.json; said only
 * when it is set). */
void  cg_site_report_reasks(cg_buf *b, const char *out, const cJSON *course);

/* Search folding of code point c (lib/site/foldtab.h, made by
 * tests/site/foldtab.js; cg.js foldChar computes the same): letters of
 * Latin-1, Latin Extended-A/B and Additional, Greek and Cyrillic to lower
 * case without diacritics ("Í" -> "i", "Ё" -> "е", "ά" -> "α"), ASCII to
 * lower case, anything else unchanged.  cg_site_lower: lower case only
 * (the section anchors of md.c). */
long  cg_site_fold(long c);
long  cg_site_lower(long c);
/* Letters and digits of a search term or an anchor: ASCII letters and
 * digits, and non-ASCII characters other than punctuation and symbols. */
int   cg_site_isword(long c);
/* Encode c as UTF-8 (decoding: cg_utf8_dec, util.h): out needs 4 bytes;
 * returns the bytes written. */
size_t cg_site_utf8enc(char *out, long c);

/* The stop words of language lang (NULL-terminated, folded), or NULL. */
const char *const *cg_site_stopwords(const char *lang);

/* Call fn for every search token of text (lower-cased copy, NUL-ended),
 * leaving out the stop words of lang (NULL: none).  A word is a run of
 * word characters (2 to 32 of them); Chinese and Japanese, written
 * without spaces, give a token for every two characters side by side
 * (a lone character is one), so that any word of theirs is found.
 * cg.js words() is the same. */
void  cg_site_tokens(const char *text, size_t len, const char *lang,
	    void (*fn)(void *arg, const char *tok, size_t n), void *arg);

/* Append s as a JSON string literal safe inside an HTML <script>
 * ("</" written as "<\/", U+2028/2029 escaped). */
void  cg_site_jsonstr(cg_buf *b, const char *s);

#endif
