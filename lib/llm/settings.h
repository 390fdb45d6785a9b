/* settings.h — the client's settings, read once from a resolved
 * configuration (config.h) into one typed struct.
 *
 * cg_settings_init walks cfg.llm once; the client (llm.h) reads only this
 * struct.  A value missing from cfg (a course.json from an older cg, a
 * hand-written one) is taken from the built-in defaults
 * (cg_config_defaults, which take each kind's reply cap from the kinds
 * table); the reply cap follows cg_config_num_predict, the precedence the
 * outline's make key follows too.  Each value carries where it came from
 * ("config/llm.yaml:12:5", "CG_MODEL", "override llm.model=x",
 * "OUT/course.json", "built-in defaults"), for messages that must say
 * what to change.
 */
#ifndef CG_SETTINGS_H
#define CG_SETTINGS_H
#include <cjson/cJSON.h>
#include "config.h"
#include "slots.h"
#include "util.h"

/* Where a value came from; "configuration" when unknown. */
typedef char cg_from[160];

/* The settings of one kind of request (llm.kinds.KIND over llm). */
struct cg_kindset {
	char   *name;		/* NULL: requests of no (or an unknown) kind */
	double  num_predict;	/* output cap in tokens, finite, >= 1 */
	double  total;		/* total timeout, seconds */
	long    num_ctx;	/* context window in tokens */
	cJSON  *options;	/* llm.options + kind options + num_predict */
	cg_from num_predict_from, num_ctx_from;
};

struct cg_settings {
	int      openai;	/* provider "openai" (else "ollama") */
	char    *provider, *url, *model;
	cJSON   *keep_alive;	/* a string or a number */
	struct cg_host *hosts;	/* llm.hosts, or one host: url with slots */
	size_t   nhosts;
	double   connect, first_token, idle, total;	/* timeouts, seconds */
	int      retries;	/* more attempts after the first */
	double   backoff, backoff_max;
	int      validate_retries;
	double   reask_budget;	/* re-asks for imperfect replies in a course
				 * run, as a share of its files */
	char    *log;		/* call log path ($CG_LOG, llm.log); may be NULL */
	char    *cache;		/* response cache directory ($CG_CACHE,
				 * llm.cache); NULL: off */
	int      fresh;		/* ask the server even when the cache has
				 * the reply ($CG_FRESH, a tool's -f) */
	int      oneshot;	/* someone waits at a prompt (cg-llm): a
				 * failed connection is tried once more
				 * after CG_LLM_ONESHOT_WAIT s, then
				 * reported, never backed off */
	struct cg_kindset *kinds;	/* kinds[0]: the kind-less default */
	size_t   nkinds;
	cg_from  provider_from, url_from, model_from, timeouts_from,
	         retries_from, log_from, cache_from;
};

#define CG_LLM_ONESHOT_WAIT 0.2

/* Fill s from cfg (prov may be NULL).  0, or -1 with EX_CONFIG naming
 * the value and where it came from, or EX_SOFTWARE.  s is zeroed first;
 * free it with cg_settings_free either way. */
int  cg_settings_init(struct cg_settings *s, const cJSON *cfg,
	    const cg_prov *prov, cg_err *e);
void cg_settings_free(struct cg_settings *s);

/* The offset of the first control character (< 0x20, 0x7f) in t, or -1. */
int  cg_settings_ctrl(const char *t);

/* How many jobs make runs at once, from MAKEFLAGS (-jN; -j alone counts
 * as 64); 1 outside make.  With one server and no llm.slots, that is
 * how many requests go to it at once. */
int  cg_settings_make_jobs(void);

/* The settings of kind (NULL or unknown: the kind-less default). */
const struct cg_kindset *cg_settings_kind(const struct cg_settings *s,
	    const char *kind);

#endif
