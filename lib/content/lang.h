/* lang.h — the languages cg knows by name: codes, the required headings
 * in each, and which language a text is written in.
 *
 * A course's language is a name ("Spanish", "Español") or a BCP 47 tag
 * ("es", "es-MX", "pt_BR"); cg_lang_code gives its two-letter code for
 * the languages listed in cg.7 (Languages), NULL for another.  The
 * required headings of the content rules (config/content.yaml) are
 * written in English; each has a wording in every known language, which
 * the prompt asks for and the validators, cg-check and the exports find
 * (a section is known by its place in the list, never by English words).
 * The language of a text is told by its script and, for the languages in
 * Latin script, by the share of its words that are that language's most
 * common function words: no dictionary, no service.
 */
#ifndef CG_LANG_H
#define CG_LANG_H

/* The code of language name or tag l ("es"); NULL when cg does not know
 * it (or l is NULL or empty). */
const char *cg_lang_code(const char *l);
/* The English name of a known code ("Spanish"), else the code itself. */
const char *cg_lang_name(const char *code);
/* 1 for a language written right to left (ar, he). */
int         cg_lang_rtl(const char *code);
/* Required heading h (English, any case) in language code; NULL when
 * there is no wording for it (an unknown heading or language), h's own
 * table entry for English. */
const char *cg_lang_heading(const char *code, const char *h);
/* The language text is clearly written in, when it is clearly one of the
 * known ones and long enough to tell (about 60 words or 200 letters);
 * else NULL.  Fenced code blocks are left out. */
const char *cg_lang_guess(const char *text);
/* 1 when text is clearly in a known language other than code's (a known
 * code): *found gets that language's code. */
int         cg_lang_mismatch(const char *text, const char *code,
                const char **found);

#endif
