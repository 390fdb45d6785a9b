/* labels.h — the words a reader sees around a course's content (the
 * site's chrome, the quiz's feedback, the print copies' titles), one
 * table per language.
 *
 * The tables are data: site/labels/LANG.yaml (LANG a BCP 47 primary
 * subtag: en, es, fr, de, pt, it, nl, pl, ja, zh, ar, he), a flat map of
 * key: text, plus "dir: rtl" for a language written right to left.
 * en.yaml holds every key; a table that lacks one takes the English
 * text.  A text may hold placeholders, {name}, which cg_labelf fills.
 * cg-site puts them into the page templates (values L.KEY) and hands
 * cg.js those it needs as a JSON script element; cg-export can use the
 * same table.
 */
#ifndef CG_LABELS_H
#define CG_LABELS_H
#include <cjson/cJSON.h>
#include "util.h"

typedef struct cg_labels cg_labels;

/* The table of course language lang: a name ("Spanish", "Español") or a
 * BCP 47 code ("es", "es-MX"); NULL is English.  A language with no
 * table (or none known) gets English, said once through warnfn (may be
 * NULL).  overrides (NULL: none) is a YAML file of key: text laid over
 * it (a course's site.labels); a key no table has is warned about, with
 * its line.  NULL with e: EX_UNAVAILABLE (site/labels/en.yaml not
 * installed), EX_NOINPUT (overrides missing), EX_DATAERR (a table or the
 * overrides not a map of texts, naming file and line). */
cg_labels  *cg_labels_load(const char *lang, const char *overrides,
	    void (*warnfn)(const char *msg), cg_err *e);
void        cg_labels_free(cg_labels *L);

/* The text of key; never NULL (the key itself when no table has it). */
const char *cg_label(const cg_labels *L, const char *key);
/* The text of key with its placeholders filled from kv, pairs of name
 * and value ending with NULL ({"n", "3", "title", t, NULL}); a
 * placeholder kv lacks stays as it is.  Caller frees. */
char       *cg_labelf(const cg_labels *L, const char *key,
	    const char *const *kv);
/* Append the same as HTML: the text escaped, the values as given (the
 * caller escapes them, or passes markup). */
void        cg_label_html(cg_buf *b, const cg_labels *L, const char *key,
	    const char *const *kv);

/* The page's lang attribute ("es-MX"; "en" for an unknown language). */
const char *cg_labels_lang(const cg_labels *L);
/* "rtl" or "ltr". */
const char *cg_labels_dir(const cg_labels *L);
/* The whole table, key to text (borrowed). */
const cJSON *cg_labels_table(const cg_labels *L);

#endif
