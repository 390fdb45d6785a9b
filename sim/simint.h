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

/* The generator context: the random stream and the prompt's subject
 * words. */
typedef struct gen {
	cg_sim_rng r;
	char  **subj;		/* subject words from the prompt */
	size_t  nsubj;
	int     quirks;
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

/* o[k], or NULL (simjson.c). */
const cJSON *sim_jget(const cJSON *o, const char *k);
/* The prose before a JSON reply (simjson.c). */
extern const char *const sim_jsonpre[3];

/* A quiz in markdown (simquiz.c); off: a course-wide off-topic question
 * may be among them. */
char    *sim_quiz_md(const char *prompt, int mc, int nopt, int sa, int es,
	    uint64_t seed, int quirks, int off);

#endif
