/* gen.h — the per-session content kinds and their generate/validate loop.
 *
 * The kinds themselves are rows of the kinds table (kinds.h): name, file,
 * shape (how a reply is post-processed), which earlier kinds its prompt
 * quotes and how much of them.  cg-gen is installed under every kind's
 * tool name.
 *
 * cg_gen_run renders the prompt, asks the LLM, cleans the reply, validates
 * it against the session's requirements and re-asks with the problems
 * stated, up to cfg.llm.validate_retries extra rounds, logging one
 * {"event":"validate",…} line per round.  It writes nothing: the caller
 * decides where the result goes.
 */
#ifndef CG_GEN_H
#define CG_GEN_H
#include <stddef.h>
#include <cjson/cJSON.h>
#include "util.h"

#include "kinds.h"

/* Check the members of session.json that generation needs, with JSON
 * paths in messages ("s01/session.json: session: \"title\" must be a
 * string"); kind may be NULL (checks common to all kinds).  0 or -1 with
 * e (EX_DATAERR). */
int cg_gen_check_session(const cJSON *session, const struct cg_kind *kd,
	    const char *name, cg_err *e);

/* The requirements for kind in this session: a copy of content.NAME (an
 * empty object when absent) plus "modules" (the course's module count)
 * and "questions" (the session's question counts).  Caller frees. */
cJSON *cg_gen_req(const cJSON *session, const struct cg_kind *kd);

/* The number of diagrams of the session (session.diagrams). */
int cg_gen_ndiagrams(const cJSON *session);

/* How a round of the generation loop ended. */
enum cg_gen_round {
	CG_ROUND_OK,		/* nothing off */
	CG_ROUND_RETRY,		/* asked again */
	CG_ROUND_IMPERFECT,	/* kept with its problems */
	CG_ROUND_FAIL		/* no usable reply */
};
/* Its name in the call log: "ok", "retry", "imperfect", "fail". */
const char *cg_gen_round_name(enum cg_gen_round r);

struct cg_gen {
	/* in */
	const cJSON          *cfg;	/* runtime config, session llm merged */
	const cJSON          *session;	/* session.json (NULL for hooks) */
	const struct cg_kind *kind;
	const char           *dir;	/* where the session's earlier files are */
	int                   k;	/* diagram index, 1-based */
	const char           *tool;	/* program name, for the call log */
	const char           *target;	/* output path, for the call log */
	/* A kind that is not a session's (the outline and its parts) brings
	 * its own prompt, context, schema and check; NULL: the session
	 * kinds' (prompts/KIND.md, cg_gen_context, the quiz schema, the
	 * kind's post-processing and cg_validate).  check turns a reply into
	 * *text (malloc'ed, may stay NULL when unusable) and appends its
	 * problems: returns the number of unusable ones. */
	const char           *prompt;
	cJSON *(*context)(void *hookarg, cg_err *e);
	const cJSON          *schema;
	int   (*check)(void *hookarg, const char *reply, char **text,
	    cg_buf *unusable, cg_buf *imperfect, cJSON *warnings);
	void                 *hookarg;
	/* called after each round (may be NULL) with its outcome (the
	 * best reply is kept when imperfect); problems one per line */
	void (*onround)(void *arg, int round, enum cg_gen_round status,
	    const char *problems, const cJSON *warnings);
	void                 *arg;
	/* every round's reply text as it streams in (may be NULL): the
	 * live line of make course (cg_live_sink) */
	void (*sink)(void *sinkarg, const char *text, size_t len);
	void                 *sinkarg;
	/* the host each attempt runs on (may be NULL): cg_llm_req's */
	void (*onhost)(void *sinkarg, const char *host);
	int                   fresh;	/* ask the server even when the
					 * response cache has the reply */
	/* out */
	char                 *text;	/* the document to write; caller frees */
	cJSON                *quiz;	/* questions: the document; caller frees */
	cg_buf                problems;	/* why it failed: the last round's
					 * unusable problems */
	cg_buf                imperfect;	/* the kept reply's problems
					 * (empty when it is clean) */
	cg_buf                mended;	/* what cg mended in the kept reply
					 * itself, a line each (prose) */
	int                   rounds;	/* rounds run */
	long                  tokens;	/* reply tokens of every round asked
					 * of the server */
	int                   cached;	/* rounds answered by the response
					 * cache */
	cJSON                *partial;	/* private: a quiz short of some
					 * questions, completed by the next
					 * round's reply */
	double                seconds;	/* generation time of every round */
};

/* Build the prompt context: session.json's members plus req, k, subtopic,
 * excerpt.{lecture,lab,notes} (bounded) and problems (may be NULL).  A
 * quoted file that failed (its "failed" note says so) is left out: the
 * file is made without it.  NULL + e (EX_NOINPUT) when a quoted file is
 * missing otherwise.  Caller frees. */
cJSON *cg_gen_context(const struct cg_gen *g, const char *problems,
	    cg_err *e);

/* Run the loop: ask, post-process (clean, mend), validate; re-ask as a
 * conversation (the previous reply as the assistant's turn, the problems
 * rendered from the prompt's "retry" template as the next user turn)
 * while llm.validate_retries allow and the reply is unusable, or usable
 * with problems worth a whole generation (cg_validate_ex's reask: most
 * sections missing, the wrong language, a quiz short of a kind of
 * question, a cut reply) and the run's re-ask budget (reask.h) lasts.
 * An imperfect reply that is not worth a re-ask is kept at once.  After
 * the last round the best usable reply (fewest problems worth a re-ask,
 * then fewest imperfections, the later one on a tie) is kept: its
 * problems in g->imperfect, what was mended in g->mended.  0 with
 * g->text (and g->quiz) set.  -1 with e: the client's code
 * (EX_UNAVAILABLE, EX_TEMPFAIL, EX_PROTOCOL, EX_CONFIG…), EX_NOINPUT /
 * EX_DATAERR for a missing or bad prompt or input, or EX_DATAERR when no
 * round gave a usable reply (g->problems then lists why; the replies of
 * its rounds leave the response cache, so the next run asks again).
 * Free with cg_gen_free. */
int  cg_gen_run(struct cg_gen *g, cg_err *e);
void cg_gen_free(struct cg_gen *g);

/* The notes kept beside a generated file out: DIR/.NAME.WHAT holds text
 * ("imperfect": the problems of a kept reply; "failed": why the last run
 * gave up on it), or is removed when text is NULL or empty.  Nothing for
 * out NULL or "-".  0, or -1 with e. */
int  cg_gen_note(const char *out, const char *what, const char *text,
	    cg_err *e);
/* The first line of that note, or NULL when there is none.  Caller
 * frees.  cg-check and the site's report read them so. */
char *cg_gen_note_get(const char *out, const char *what);
/* The whole of that note, one item a line ("failed": the error, then the
 * last attempt's problems; "imperfect": the kept reply's problems;
 * "mended": one line per repair cg made itself), without its trailing
 * line breaks; NULL when there is none or it is empty.  Caller frees. */
char *cg_gen_note_all(const char *out, const char *what);

#endif
