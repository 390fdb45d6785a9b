/* sim.h — deterministic reply content for the simulated LLM server (cg-sim).
 *
 * Everything here is a pure function of its inputs: the same request body
 * gives the same seed and so the same reply, byte for byte.  Three kinds of
 * reply: markdown (sections, paragraphs, bullet lists, a word target),
 * a mermaid flowchart, and JSON that satisfies a JSON schema.  "quirks"
 * makes each kind look like the output of a small real model
 * (LLM-QUIRKS.md): fences, chat preambles, trailing remarks, sloppy mermaid.
 * All returned strings are malloc'd and owned by the caller.
 */
#ifndef CG_SIM_H
#define CG_SIM_H
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

/* A small deterministic random generator (splitmix64). */
typedef struct cg_sim_rng {
	uint64_t s;
} cg_sim_rng;
uint64_t cg_sim_hash(const void *p, size_t n);	/* FNV-1a 64 */
void     cg_sim_seed(cg_sim_rng *r, uint64_t seed);
uint64_t cg_sim_next(cg_sim_rng *r);
unsigned cg_sim_below(cg_sim_rng *r, unsigned n);	/* 0..n-1; 0 when n=0 */
int      cg_sim_chance(cg_sim_rng *r, int percent);

enum cg_sim_kind { CG_SIM_MARKDOWN, CG_SIM_MERMAID, CG_SIM_JSON };

/* What to generate, as read from one API request body. */
typedef struct cg_sim_req {
	char        *prompt;	/* all message text joined by newlines */
	const cJSON *schema;	/* JSON schema inside the body, or NULL */
	int          json;	/* JSON asked for (schema, "json", json_object) */
	long         max_tokens;	/* num_predict / max_tokens; -1 = none */
	int          stream;	/* 1 unless "stream": false */
	int          include_usage;	/* OpenAI stream_options.include_usage */
	int          reask;	/* assistant turns: > 0 for a re-ask */
} cg_sim_req;

/* Read a request body of api "ollama" (/api/chat, /api/generate) or
 * "openai" (/v1/chat/completions).  Fills r (r->prompt malloc'd, schema
 * points into body; the text of assistant turns is left out of the
 * prompt and counted in r->reask).  Never fails: missing fields give
 * defaults. */
void  cg_sim_parse(const cJSON *body, int openai, cg_sim_req *r);
void  cg_sim_req_free(cg_sim_req *r);

/* Which kind of reply: a schema object wins, then "mermaid" anywhere in the
 * prompt (any case), then plain JSON mode, else markdown. */
enum cg_sim_kind cg_sim_kind(const cg_sim_req *r);

/* The word target: the midpoint of the first "between A and B words"
 * (also "A-B words", "A to B words") in the prompt, else def. */
int   cg_sim_target_words(const char *prompt, int def);

/* Required headings: the text of every prompt line that starts with "## ",
 * in order.  Returns the count; *out is a malloc'd array of malloc'd
 * strings (free with cg_sim_strv_free). */
size_t cg_sim_headings(const char *prompt, char ***out);
void  cg_sim_strv_free(char **v, size_t n);

/* Generators.  seed picks everything; quirks 1 = small-model mess,
 * 2 = that and the shapes of real 4B replies (see cg_sim_reply). */
char *cg_sim_markdown(const char *prompt, int words, uint64_t seed, int quirks);
char *cg_sim_mermaid(const char *prompt, uint64_t seed, int quirks);
/* JSON satisfying schema (NULL = any JSON object).  bad 1 = deliberately
 * violate it once (an array one item short of minItems, else a required
 * property missing, else a value outside an enum, else a wrong type). */
char *cg_sim_json(const cJSON *schema, const char *prompt, uint64_t seed,
	    int quirks, int bad);

/* A quiz as small models write it without a schema: numbered 1..N
 * straight through, mc questions with nopt options (one option style per
 * reply: "A) ", "A. ", "(A) ", "- A: ", sometimes lower case), then sa
 * and es open questions with no type label; answers in mixed forms
 * ("Answer: B", "**Correct Answer:** (b)", "Answer: B) option text",
 * "**Answer:** B — why", the explanation on the next line with or without
 * "Explanation:").  quirks: a chat preamble and closing sometimes, and
 * one question short about 1 time in 7; quirks 2 also the quiz shapes of
 * cg_sim_reply. */
char *cg_sim_quiz_markdown(const char *prompt, int mc, int nopt, int sa,
	    int es, uint64_t seed, int quirks);

/* Is the request for a quiz?  From a schema with "multiple_choice"
 * (counts from minItems), else from a prompt without schema that names
 * "multiple-choice" and "essay" ("Exactly 5 multiple-choice …, exactly 4
 * options …").  c gets mc, nopt, sa, es (defaults 5, 4, 3, 2). */
int   cg_sim_quiz_counts(const cg_sim_req *r, int c[4]);

/* Reply flags: CG_SIM_QUIRKS as quirks above; CG_SIM_NOSCHEMA answers a
 * request that asks for JSON (format / response_format) as a model does
 * when the server ignores the schema: a quiz in markdown
 * (cg_sim_quiz_markdown), any other JSON in a ```json fence with prose
 * before and after. */
enum { CG_SIM_QUIRKS = 1, CG_SIM_NOSCHEMA = 2, CG_SIM_SHAPES = 4 };

/* The reply for a parsed request: dispatches on cg_sim_kind; quirks holds
 * CG_SIM_* flags (1 is quirks, as before).  With quirks, a markdown
 * request for a quiz gets cg_sim_quiz_markdown; a mermaid request whose
 * prompt states no node range gets 22-26 nodes about 2 times in 5; prose
 * ends with echoed instructions about 1 time in 4 (Unicode bars around
 * "END OF OUTPUT", "[x] …" lines, "**All requirements have been met.**").
 * CG_SIM_SHAPES (with CG_SIM_QUIRKS) adds the shapes of real 4B replies,
 * each in a share of the replies: prose headings as bold lines, numbered,
 * with a word count or reworded; short study notes; a mermaid block in
 * prose; residue (checklists, bar blocks, "End of … Document", a preamble
 * fragment, placeholders, a repeated paragraph); prices in dollars;
 * quizzes of only multiple-choice questions or one too few of them, a
 * course-wide off-topic question, ".?" endings; diagrams over their
 * node range, a label after a node's shape, ids with spaces, no edges.
 * A re-ask (r->reask > 0) gets them only about 1 time in 4, and the
 * plain quirks otherwise, but keeps a quiz's off-topic question (chosen
 * by the prompt's "Course:" and "This session:" lines). */
char *cg_sim_reply(const cg_sim_req *r, uint64_t seed, int words, int quirks,
	    int bad);

/* Split text into tokens: optional leading white space followed by a run of
 * word bytes (letters, digits, apostrophes, UTF-8) or a run of up to three
 * punctuation bytes.  Returns the count n; *off gets n+1 byte offsets
 * (off[0] = 0, off[n] = strlen(text)); caller frees *off. */
size_t cg_sim_tokens(const char *text, size_t **off);

#endif
