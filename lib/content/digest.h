/* digest.h — what a kind reads of another kind's file, kept beside it.
 *
 * A kind that builds on another (the lab on the lecture) quotes only a
 * digest of it in its prompt: headings, opening sentences, key terms
 * (cg_tmpl_digest), within its share of its excerpt budget.  So that an
 * edit costs only what it changes, make makes the reader depend on that
 * digest, not on the file: DIR/.NAME.digest holds the digest of DIR/NAME
 * at every budget its readers use, and is rewritten only when it changes
 * (a typo fixed in a section body changes nothing a reader sees).
 * DIR/.NAME.dstamp records when the digest was last brought up to date
 * with NAME, so make knows when to look again.
 */
#ifndef CG_DIGEST_H
#define CG_DIGEST_H
#include "kinds.h"
#include "util.h"

/* A digest of a markdown document for a later kind's prompt, built
 * without a model, in at most max bytes (what must be there may exceed
 * a tiny max):
 * - every heading (levels 1-3), its level kept relative to the others
 *   but shifted so that the top one is "###" (the only "## " lines in a
 *   prompt are the headings it asks for): "##"/"###" become "###"/"####";
 * - under each, the first two sentences of its first paragraph (an edit
 *   further into a section changes no digest), and its tables as
 *   "Table: " and the header cells, then "- " and the first cell of each
 *   row, one line each;
 * - "Key terms:", the bold terms used as terms, in order of first use
 *   (at most 16), one line each.  A bold run at the start of a
 *   paragraph, list item or line that ends in ":" inside the bold
 *   ("**Safety:**"), or that is the whole line, is a label, not a term;
 *   a label naming a term used elsewhere explains it ("**Yeast:** a
 *   fungus").  A term's line is its definition ("- **T**: text", from
 *   ":", a dash, "(" or an apposition), its sentence going on from it
 *   ("- **T** is ..."), or its sentence with the term in bold; the term
 *   is never repeated in it.
 * The headings and the names of the terms come first, whatever the
 * budget, so every reader of a file gets the same key terms; the
 * sections' openings share two thirds of the rest equally, the terms'
 * explanations what is left, each cut at a word (a term with no room
 * left is named alone).  Unlike a cut at the head of the file,
 * it covers every section, the last one included.  Caller frees. */
char *cg_tmpl_digest(const char *md, size_t max);

/* 1 when some kind reads kd (its files have digests). */
int   cg_digest_read(const struct cg_kind *kd);

/* The digest of md, a file of kind kd, as the kinds reading it see it:
 * one block per distinct budget (the headings and the key terms are the
 * same in every block; how much of each section's opening and of each
 * term's explanation fits is the budget's), so that equal digest files
 * mean equal prompts for every reader.  md NULL (no file): "".  Caller
 * frees. */
char *cg_digest_of(const struct cg_kind *kd, const char *md);

/* DIR/.NAME.WHAT for file DIR/NAME ("digest", "dstamp").  Caller frees. */
char *cg_digest_path(const char *file, const char *what);

/* Bring the digest of file (a kind's file in a session directory, named
 * as the kinds table names it) up to date: written when it changed, its
 * stamp touched.  A file that does not exist has an empty digest when it
 * failed (the readers go on without it), none otherwise.  1 written, 0
 * unchanged (or nothing to do: no kind reads it), -1 with e. */
int   cg_digest_update(const char *file, cg_err *e);

/* The kind whose file (in a session directory) is file's base name
 * ("lecture.md", "diagram-2.mmd"), or NULL. */
const struct cg_kind *cg_digest_kind(const char *file);

#endif
