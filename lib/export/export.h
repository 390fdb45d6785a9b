/* export.h — the course in the formats teachers import into a learning
 * platform (cg-export): Moodle GIFT and XML, IMS QTI 1.2, IMS Common
 * Cartridge 1.1, Anki, EPUB 3 and one self-contained HTML file.
 *
 * A course is loaded once (cg_export_load: the course model of course.h —
 * outline.json, course.json and every file the kinds table lists under
 * OUT/sNN/; or cg_export_load_quiz: a single questions.json) and handed
 * to a writer, which shows the files by the shape of their kind (prose,
 * diagrams, the quiz), so a kind added to the table is exported too; it
 * returns the whole output in memory; the tool writes it atomically.  Question and course text is
 * the text of questions.json and of the markdown, never rewritten: each
 * format only escapes it as it must (GIFT control characters, XML
 * entities, HTML, tab-separated fields) or renders the markdown, and
 * writes its maths (md.h's dollar rule) the way the target reads maths.
 * Like the rest of the library, nothing here prints or exits.
 */
#ifndef CG_EXPORT_H
#define CG_EXPORT_H
#include <stddef.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "util.h"
#include "course.h"
#include "md.h"
#include "labels.h"

typedef struct cg_export_sess {
	int          num, mod;	/* session number; index into mods */
	char         id[16];	/* "s03" (cg_outline_sid) */
	const char  *title;
	const cJSON *j;		/* its outline entry (may be NULL for a quiz) */
	const struct cg_course_sess *files;	/* its files, as the kinds
				 * table lists them (course.h); NULL for a
				 * quiz loaded alone */
	cJSON       *quiz;	/* its quiz file, checked; NULL = none */
} cg_export_sess;

typedef struct cg_export_mod {
	int          num;
	const char  *title, *desc;
	int          first, n;	/* its sessions: sess[first .. first+n) */
} cg_export_mod;

/* A diagram's picture (draw.c). */
typedef struct cg_export_pic {
	char   hash[65];	/* of the drawing settings and src: its file name */
	char  *src;		/* what is drawn: the strict source, as the site
				 * draws it (cg_mmd_emit, cg_mmd_nolt) */
	char  *alt;		/* its text description (cg_mmd_alt) */
	char  *where;		/* the first file it is in, for messages */
	char  *svg;		/* the SVG (XML); NULL: not drawn */
	size_t svglen;
	int    w, h;		/* its size in CSS pixels */
} cg_export_pic;

typedef struct cg_export_pics {
	cg_export_pic *p;
	int    n, cap;
	int    drawn, cached, failed;	/* counted by cg_export_draw */
	char  *dir;		/* OUT/export/diagrams */
	const char *what;	/* the language's word for a flowchart, which
				 * begins a description (cg_mmd_alt) */
} cg_export_pics;

typedef struct cg_export_course {
	struct cg_course data;	/* the course (course.h); empty for a quiz */
	const cJSON *outline, *course;	/* course may be NULL */
	const char  *name, *desc, *lang, *model, *slug;
	cg_export_mod  *mods;
	int          nmods;
	cg_export_sess *sess;
	int          nsess;
	int          quizonly;	/* loaded from one questions.json */
	time_t       mtime;	/* newest input: the date inside packages */
	void       (*warnfn)(const char *msg);	/* may be NULL */
	cg_export_pics pics;	/* the diagrams' pictures (cg_export_draw) */
	cg_labels   *L;		/* the words a reader sees around the content,
				 * in the course's language (labels.h) */
	const char  *dir;	/* "rtl" or "ltr" (cg_labels_dir) */
	int          students;	/* 1: the students' edition of the book
				 * and the HTML file: no answers,
				 * explanations or model answers */
} cg_export_course;

/* Load the course in directory out (cg_course_load: the outline held to
 * cg_outline_validate, the files the kinds table lists) and the words of
 * its language (cg_labels_load: site/labels/LANG.yaml and the course's
 * site.labels).  A content file not generated yet is reported through
 * c->warnfn (set it before) and left out.  0, or -1 with e: EX_NOINPUT
 * (out or its outline.json missing, or site.labels), EX_DATAERR (outline
 * not usable — a session number given twice, say —, course.json, a
 * questions.json or a table of words invalid: names the file and the
 * JSON path or line), EX_IOERR (a content file unreadable),
 * EX_UNAVAILABLE (site/labels/en.yaml not installed). */
int   cg_export_load(cg_export_course *c, const char *out, cg_err *e);
/* Load one questions.json (path, or stdin when NULL/"-") as a course of
 * one session: its "session" number and "title" when present; the words
 * are English. */
int   cg_export_load_quiz(cg_export_course *c, const char *path, cg_err *e);
void  cg_export_free(cg_export_course *c);

/* Check the shape of a questions.json document (see quiz.h): strings
 * where strings belong, 2..26 options, an answer letter among them.
 * 0, or -1 with e (EX_DATAERR) naming name and the JSON path. */
int   cg_export_check_quiz(const cJSON *q, const char *name, cg_err *e);

/* Stable question names: "s03-mc2", "s03-sa1", "s03-es1" (1-based). */
void  cg_export_qname(char *buf, size_t n, const cg_export_sess *x, int kind,
	    int i);
enum { CG_EXPORT_MC, CG_EXPORT_SA, CG_EXPORT_ES };
/* The questions of kind k in a quiz (an array, possibly empty; never NULL
 * while q is a checked quiz). */
const cJSON *cg_export_group(const cJSON *q, int k);
/* A string member, or def. */
const char *cg_export_str(const cJSON *o, const char *key, const char *def);
/* The number of sessions with a quiz; -1 with EX_NOINPUT (saying to
 * generate the quizzes) when none has one. */
int   cg_export_quizzes(const cg_export_course *c, cg_err *e);

/* The files of session x a writer shows, in the kinds table's order:
 * those of kinds of shape sh that are there (their text loaded), never a
 * kind's "also" file; none for a quiz loaded alone.  f NULL gives the
 * first, f the one after f; NULL at the end:
 *   for (f = NULL; (f = cg_export_next(x, CG_SHAPE_PROSE, f)); ) … */
const struct cg_course_file *cg_export_next(const cg_export_sess *x,
	    enum cg_shape sh, const struct cg_course_file *f);
/* A diagram file's caption into buf: "Diagram 2." for a multi kind's,
 * else the kind's title and a full stop ("Concept map."), in the
 * course's language. */
void  cg_export_caption(char *buf, size_t n, const cg_export_course *c,
	    const struct cg_course_file *f);

/* ---- the words around the content, in the course's language --------- */
/* The text of label key (labels.h; never NULL). */
const char *cg_export_label(const cg_export_course *c, const char *key);
/* The same with its placeholders filled from pairs of name and value
 * ending with NULL: cg_export_labelf(c, "session_n", "n", "3", NULL).
 * Caller frees. */
char *cg_export_labelf(const cg_export_course *c, const char *key, ...);
/* The title of kind kd (label kind_NAME), else the kinds table's. */
const char *cg_export_kind_title(const cg_export_course *c,
	    const struct cg_kind *kd);
/* "Session 3: Title" and "Module 2: Title" (labels session_title and
 * module_title).  Caller frees. */
char *cg_export_sess_title(const cg_export_course *c, const cg_export_sess *x);
char *cg_export_mod_title(const cg_export_course *c, const cg_export_mod *m);
/* The footer line: "Generated by the model M on DATE with cg V. …"
 * (labels footer_model, footer), as text.  Caller frees. */
char *cg_export_footer(const cg_export_course *c);

/* ---- the writers ------------------------------------------------------
 * Each returns the whole output (caller frees; *len its size), or NULL
 * with e set: EX_NOINPUT when there is nothing to export (no quiz at all
 * for a quiz format), EX_UNAVAILABLE when a vendored file the HTML needs
 * is not installed, EX_SOFTWARE when the zip library fails. */
typedef char *(*cg_export_fn)(const cg_export_course *c, size_t *len,
	    cg_err *e);
char *cg_export_gift(const cg_export_course *c, size_t *len, cg_err *e);
char *cg_export_moodle(const cg_export_course *c, size_t *len, cg_err *e);
char *cg_export_qti(const cg_export_course *c, size_t *len, cg_err *e);
char *cg_export_cc(const cg_export_course *c, size_t *len, cg_err *e);
char *cg_export_anki(const cg_export_course *c, size_t *len, cg_err *e);
char *cg_export_epub(const cg_export_course *c, size_t *len, cg_err *e);
char *cg_export_html(const cg_export_course *c, size_t *len, cg_err *e);

struct cg_export_format {
	const char  *name;	/* -f NAME */
	const char  *file;	/* its file name under OUT/export/ */
	cg_export_fn fn;
	int          quiz;	/* 1: works from a single questions.json */
	int          binary;	/* 1: a zip archive */
	int          pics;	/* 1: shows the diagrams' pictures (cg_export_draw) */
	int          edition;	/* 1: has a students' edition (c->students) */
};
extern const struct cg_export_format cg_export_formats[];
/* The format called name, or NULL. */
const struct cg_export_format *cg_export_find(const char *name);

/* ---- shared by the writers (xml.c) ------------------------------------ */

/* Append s (n bytes) escaped for XML/HTML text and attribute values:
 * & < > " ' as entities; bytes that are not UTF-8, and characters XML
 * 1.0 does not allow (C0 controls but tab, LF and CR), become U+FFFD. */
void  cg_export_xesc(cg_buf *b, const char *s, size_t n);
void  cg_export_xescs(cg_buf *b, const char *s);
/* How a writer shows a diagram (cg_export_figure).  NULL: as text. */
typedef struct cg_export_fig {
	const cg_export_pics *pics;	/* the pictures to show; NULL: none */
	const char *href;	/* a picture is <img src="HREF HASH.svg">;
				 * NULL: a data: URL */
	int    live;		/* no picture: mermaid runs in the page */
	cg_buf used;		/* the hashes of the pictures shown, "HASH\n"
				 * each, so the writer packages their files */
	const cg_labels *L;	/* the words of a diagram's frame; NULL:
				 * English */
} cg_export_fig;

/* Markdown rendered (cg_md_render) and made well-formed XHTML: void
 * elements closed, boolean attributes given values, named character
 * references other than XML's five as numbers, images (which would point
 * at files not in the package) shown as their alternative text, link
 * targets other than http(s) and mailto dropped.  Diagrams in ```mermaid
 * blocks become cg_export_figure()s shown as fig says. */
void  cg_export_md(cg_buf *b, const char *text, size_t len,
	    const char *idprefix, int base, cg_export_fig *fig);
/* Short markdown (a quiz option) as cg_export_md gives it, without the
 * paragraph around it; a diagram in it shown as fig says (NULL: as
 * text, framed in English). */
void  cg_export_md_inline(cg_buf *b, const char *s, cg_export_fig *fig);
/* Text for Moodle's markdown (GIFT's [markdown], Moodle XML's
 * format="markdown"), whose MathJax and TeX filters read inline maths
 * only as \( … \) and display maths as $$ … $$ or \[ … \]: s with its
 * maths (md.h's dollar rule) written \\( … \\) and \\[ … \\], the TeX
 * escaped, so the HTML Moodle's markdown makes of it holds \( TeX \) and
 * \[ TeX \]; "\$" becomes "$" and prices stay as they are.  Caller frees. */
char *cg_export_moodle_math(const char *s);
/* Quiz text for Moodle (GIFT's [html], Moodle XML's format="html"):
 * the markdown s as the site shows it (cg_export_md: raw HTML shown as
 * text, link targets other than http(s) and mailto dropped, images as
 * their alternative text; inl = 1: cg_export_md_inline, for an option),
 * its maths written \( … \) and \[ … \] for Moodle's MathJax and TeX
 * filters, without a trailing line break; never the model's own markup.
 * A diagram in it is shown as text, its frame's words from L (NULL:
 * English).  Caller frees. */
char *cg_export_moodle_html(const char *s, int inl, const cg_labels *L);
/* A diagram (caption may be NULL), as fig says: its picture when it has
 * one (fig->pics) — an <img> whose alt text is the text description,
 * the caption under it and the mermaid source in a <details> —, else
 * with fig->live cg_export_figure_live, else as text: its mermaid source
 * (re-emitted in strict syntax when it parses) in a figure whose caption
 * is the caption and the text description. */
void  cg_export_figure(cg_buf *b, const char *mmd, const char *caption,
	    cg_export_fig *fig);
/* A diagram for a page that runs mermaid, as the site has it: <pre
 * class="mermaid"> with the strict source, the text description as its
 * label and in a <details>; cg_export_figure when it does not parse. */
void  cg_export_figure_live(cg_buf *b, const char *mmd, const char *caption,
	    const cg_labels *L);
/* A session's overview (module, rationale, objectives, key concepts,
 * subtopics) as XHTML, headings at level lvl. */
void  cg_export_overview(cg_buf *b, const cg_export_course *c,
	    const cg_export_sess *x, int lvl);
/* The quiz of a session as static XHTML (questions, options A-F, then
 * the answers with explanations, model answers and guidance — none of
 * them in the students' edition, c->students); its diagrams as fig
 * says. */
void  cg_export_quiz_static(cg_buf *b, const cg_export_course *c,
	    const cg_export_sess *x, int lvl, cg_export_fig *fig);
/* The date of c->mtime as "2026-11-27T18:00:00Z" into buf[32]. */
void  cg_export_date(const cg_export_course *c, char buf[32]);

/* ---- QTI 1.2 (qti.c), also used by the Common Cartridge -------------- */
/* One assessment (questestinterop document) of a session's quiz; cc = 1
 * adds the Common Cartridge profile metadata. */
void  cg_export_qti_doc(cg_buf *b, const cg_export_course *c,
	    const cg_export_sess *x, int cc);

/* ---- pictures of the diagrams (draw.c) -------------------------------
 * Draw every diagram of course c that parses — its diagram files, the
 * ```mermaid blocks of its parts and quizzes — to SVG and PNG, with the
 * vendored mermaid in headless Chromium (CHROMIUM, else chromium,
 * chromium-browser or google-chrome on PATH), light theme, into
 * OUT/export/diagrams/HASH.svg and HASH.png; a picture there already is
 * read, not drawn again.  c->pics gets the pictures and the counts.
 * Nothing for a quiz loaded alone.  Never fails: without a browser or
 * mermaid, or for a diagram mermaid cannot draw, the diagram stays text
 * and a warning goes through c->warnfn. */
void  cg_export_draw(cg_export_course *c);
/* The picture drawn of src (a cg_export_pic's src), or NULL. */
const cg_export_pic *cg_export_pic_of(const cg_export_pics *p, const char *src);
void  cg_export_pic_hash(const char *src, char out[65]);
void  cg_export_pics_free(cg_export_pics *p);

/* ---- formulas as MathML (mathml.c) ------------------------------------
 * Replace the maths spans md.c writes (<span class="math">TeX</span>,
 * <span class="math display">) in the n buffers b with KaTeX's MathML
 * (output "mathml": no script, no fonts), every formula of them typeset
 * by one node process running the vendored KaTeX (NODE, else node or
 * nodejs on PATH).  A formula KaTeX cannot read stays text.  Returns how
 * many formulas were replaced; without node or KaTeX none, with one
 * warning through c->warnfn. */
int   cg_export_mathml(const cg_export_course *c, cg_buf *const *b, int n);

/* ---- helper programs (proc.c) ---------------------------------------- */
/* The program the environment variable env names (set but not a program:
 * NULL), else the first of names found on PATH; NULL when none.  Caller
 * frees. */
char *cg_export_which(const char *env, const char *const names[]);
/* Run argv (argv[0] a path) with its standard output into the file out,
 * its standard error into err (NULL: discarded), in a process group of
 * its own, for at most secs seconds.  Its exit status (128 + a signal),
 * or -1 with e when it could not run or took too long (then it is
 * killed). */
int   cg_export_run(char *const argv[], const char *out, const char *err,
	    int secs, cg_err *e);
/* A new temporary directory (TMPDIR or /tmp), or NULL with e; remove it
 * with everything in it with cg_export_rmtree. */
char *cg_export_tmpdir(cg_err *e);
void  cg_export_rmtree(const char *dir);
void  cg_export_base64(cg_buf *b, const unsigned char *s, size_t n);
/* Decode base64 s (n bytes) onto b; -1 on a character that is not. */
int   cg_export_unbase64(cg_buf *b, const char *s, size_t n);

/* A warning through c->warnfn (nothing when it is NULL), printf-like. */
void cg_export_warn(const cg_export_course *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
