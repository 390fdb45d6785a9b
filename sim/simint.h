/* simint.h — what the files of cg-sim's reply content share (not part of
 * sim.h's interface): the generator context and its words (simtext.c),
 * the stream seeds, and the helpers one kind of reply borrows from
 * another.
 */
#ifndef CG_SIMINT_H
#define CG_SIMINT_H
#include <stddef.h>
#include <stdint.h>
#include "util.h"
#include "sim.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[cg_sim_below((r), NELEM(a))])

/* lo..hi inclusive (lo when hi <= lo). */
unsigned sim_range(cg_sim_rng *r, unsigned lo, unsigned hi);

/* Quirk draws added later come from streams of their own, so that the
 * replies of older quirks stay as they were: qseed for the quirks of
 * level 1 added later, sseed for the shapes of level 2. */
void     sim_qseed(cg_sim_rng *r, uint64_t seed);
void     sim_sseed(cg_sim_rng *r, uint64_t seed);

/* ---- UTF-8 and languages (simlang.c) ---- */

/* The code point at s (U+FFFD for a broken sequence); *len gets its
 * length in bytes (0 at the end of s). */
unsigned sim_utf8(const char *s, size_t *len);
/* What kind of letter code point cp is: none (space, digit, punctuation,
 * symbols), alphabetic (Latin, Greek, Cyrillic, Hebrew, Arabic, Indic,
 * Hangul), Han ideograph, katakana, hiragana. */
enum { SIM_NONE, SIM_ALPHA, SIM_HAN, SIM_KATA, SIM_HIRA };
int      sim_script(unsigned cp);
void     sim_lower(cg_buf *b, const char *s, size_t n);
void     sim_upfirst(char *s);
void     sim_cut(char *s, size_t max);

/* A language's words: nouns (n), verbs in their base form (v) and as
 * the templates' V (v3), adjectives (a), adverbs (d), and sentence (s),
 * question (q), title (t) and two keyword (k) templates, as simtext.c's
 * English ones (slots N S A V B D Q; no P, no article); heads: the
 * required headings (simlang.c's en_heads) in the language. */
struct sim_lang {
	const char *names;	/* NUL-separated, "" ended */
	int     cjk;		/* Japanese, Chinese: its own script */
	int     caps;		/* nouns capitalised (German) */
	const char *const *n; size_t nn;
	const char *const *v; size_t nv;
	const char *const *v3; size_t nv3;
	const char *const *a; size_t na;
	const char *const *d; size_t nd;
	const char *const *s; size_t ns;
	const char *const *q; size_t nq;
	const char *const *t; size_t nt;
	const char *const *k;
	const char *const *heads;
	const char *const *fix;	/* pairs: " de el " becomes " del " */
};
/* The language named at the start of s ("Spanish", "Español", "es"), or
 * NULL (English, or one cg-sim has no words for). */
const struct sim_lang *sim_lang_named(const char *s);
/* The course language a prompt asks for: "Write in X", "Write all
 * titles and text in X", "translated into X", "Write the labels in X". */
const struct sim_lang *sim_lang_of(const char *prompt);
int      sim_lang_cjk(const struct sim_lang *l);
/* Required heading h in language l, or NULL when l has none for it. */
const char *sim_lang_heading(const struct sim_lang *l, const char *h);

/* The generator context: the random stream, the prompt's subject words
 * and its language (NULL: English). */
typedef struct gen {
	cg_sim_rng r;
	char  **subj;		/* subject words from the prompt */
	size_t  nsubj;
	int     quirks;
	const struct sim_lang *L;
} gen;

void     sim_gen_init(gen *g, const char *prompt, uint64_t seed, int quirks);
void     sim_gen_free(gen *g);

const char *sim_noun(gen *g);	/* a noun of the word list */
const char *sim_subj(gen *g);	/* a noun, often a subject word */
const char *sim_verb(gen *g);	/* a verb, base form */
const char *sim_adj(gen *g);	/* an adjective */
/* Expand a sentence template (simtext.c) into b; title: each slot's word
 * capitalised.  Returns the number of words written. */
int      sim_expand(gen *g, cg_buf *b, const char *t, int title);
int      sim_sentence(gen *g, cg_buf *b);
int      sim_question(gen *g, cg_buf *b);
void     sim_title(gen *g, cg_buf *b);
/* A short node label: one to three words, title case.  Caller frees. */
char    *sim_label(gen *g);
/* A keyword template ("A S", "S N"). */
const char *sim_keyword(gen *g);

/* o[k], or NULL (simjson.c). */
const cJSON *sim_jget(const cJSON *o, const char *k);
/* The prose before a JSON reply (simjson.c). */
extern const char *const sim_jsonpre[3];

/* A quiz in markdown (simquiz.c); off: a course-wide off-topic question
 * may be among them. */
char    *sim_quiz_md(const char *prompt, int mc, int nopt, int sa, int es,
	    uint64_t seed, int quirks, int off);

#endif
