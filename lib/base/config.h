/* config.h — one configuration resolution for every tool.
 *
 * Order, later wins: built-in defaults < config/llm.yaml < config/content.yaml
 * < the course yaml < environment (CG_URL, CG_MODEL, CG_PROVIDER; OLLAMA_HOST
 * when CG_URL is unset) < command-line overrides.  The result is the
 * resolved document written as OUT/course.json:
 *
 *   { "course":  { name, slug, subject, level, description, language,
 *                  duration_weeks, modules, sessions, constraints,
 *                  diagrams_per_session, questions{multiple_choice, options,
 *                  short_answer, essay}, items{min,max}, outline },
 *     "llm":     { provider, url, model, keep_alive, options{temperature,
 *                  top_p, top_k, repeat_penalty, seed, num_ctx},
 *                  timeouts{connect, first_token, idle, total},
 *                  retries{max, backoff, backoff_max}, validate_retries,
 *                  num_predict, hosts[{url, slots}], kinds{KIND{
 *                  num_predict, total, options{}}} },
 *     "content": { KIND{ words[min,max], sections[min,max], ... } } }
 *
 * The API key (CG_API_KEY) is never part of it: the client reads it from
 * the environment at request time.
 */
#ifndef CG_CONFIG_H
#define CG_CONFIG_H
#include <cjson/cJSON.h>
#include "util.h"

/* Where each value of a resolved configuration came from: the files with
 * their position tables, the environment variables, the overrides,
 * course.json.  Returned by the resolving functions next to the document;
 * the caller frees it with cg_prov_free.  Checks take it (or NULL: then a
 * message names the file the caller gives, without line:column). */
typedef struct cg_prov cg_prov;
void   cg_prov_free(cg_prov *p);
/* Where the value at the dotted cfgpath ("llm.options.num_ctx") came
 * from: "FILE:LINE:COL", "CG_MODEL", "override llm.model=x" (the newest
 * source that set it), else the course.json it was read from, else
 * "built-in defaults".  Written into buf; NULL when p is NULL. */
const char *cg_prov_where(const cg_prov *p, const char *cfgpath, char *buf,
	    size_t sz);

/* course_yaml may be NULL (LLM settings only).  overrides are "dotted.key=
 * value" strings (value parsed as a YAML scalar).  Unknown keys in yaml
 * files are warned about through warnfn (may be NULL) with a suggestion.
 * prov, when not NULL, receives the provenance of the result.
 * Errors: EX_CONFIG / EX_DATAERR naming file:line:col and the key. */
cJSON *cg_config_resolve(const char *course_yaml, char *const *overrides,
	    int noverrides, void (*warnfn)(const char *msg), cg_prov **prov,
	    cg_err *e);

/* The longest course texts, in bytes (cg-config(5)): every prompt
 * carries them, and the context window is finite. */
#define CG_CONFIG_TITLE_MAX       200	/* name, subject, level, language */
#define CG_CONFIG_TEXT_MAX       4000	/* description */
#define CG_CONFIG_CONSTRAINT_MAX 1000	/* each constraint */

/* Validate the course part (counts, bounds, required subject, text sizes).
 * prov (may be NULL) names file:line:col; else name is named.
 * EX_DATAERR / EX_CONFIG with the key named. */
int    cg_config_check_course(const cJSON *cfg, const cg_prov *prov,
	    const char *name, cg_err *e);

/* The runtime configuration for an LLM tool: course.json at path when given
 * (or $CG_COURSE_JSON), else cg_config_resolve(NULL, ...).  Environment
 * overrides apply in both cases.  prov as for cg_config_resolve. */
cJSON *cg_config_runtime(const char *course_json, cg_prov **prov,
	    cg_err *e);

/* Apply CG_URL/OLLAMA_HOST, CG_MODEL, CG_PROVIDER to cfg. */
void   cg_config_env(cJSON *cfg);

/* The built-in defaults (with each kind's num_predict from the kinds
 * table): the only place a default value lives.  A new object; NULL with
 * EX_SOFTWARE when the built-in tables are broken. */
cJSON *cg_config_defaults(cg_err *e);

/* The count at key ("modules", "items.min") of course, a resolved
 * "course" object (course.json's), which always carries it; for one
 * written by an older cg or by hand, the built-in default (sessions:
 * twice the modules, as resolving fills it in). */
int    cg_config_course_int(const cJSON *course, const char *key);

/* The reply cap in tokens of a request of kind (NULL: of no kind), by the
 * one precedence, later wins: llm.num_predict < llm.options.num_predict
 * < llm.kinds.KIND.num_predict < llm.kinds.KIND.options.num_predict.
 * Each key is read from cfg, else from defs (the built-in defaults; NULL
 * when cfg is resolved); a value that is not a count of 1 to 1e7 (Ollama
 * reads -1 as "no limit") is passed over, a fraction rounded down.  The
 * key that won is written into key (ksz bytes; may be NULL) and
 * *fromdefs (may be NULL) is 1 when its value was defs'.  0, key and
 * *fromdefs untouched, when no key holds a count.  The client's cap
 * (settings.h) and the outline key are this one value. */
double cg_config_num_predict(const cJSON *cfg, const cJSON *defs,
	    const char *kind, char *key, size_t ksz, int *fromdefs);

/* The one URL grammar, libcurl's.  cg_config_url normalises an
 * Ollama-style host ("0.0.0.0:11434", "host", "https://h/") into a base
 * URL with scheme (http when none) and no trailing slash, as libcurl's URL
 * API writes it (loading libcurl); a bare host gets Ollama's port 11434.
 * cg-config writes the result into course.json, which tools trust; a
 * tool's own URLs (cg_config_runtime, -u) are only screened
 * (cg_config_url_check) and canonicalised by the client when it first
 * asks the server (slots.h), so a reply from the cache loads no libcurl.
 * Caller frees.  NULL + EX_CONFIG when it is not a usable http(s) URL,
 * holds a control character, a user name or password, a query or a
 * fragment (the message shows it masked); EX_UNAVAILABLE without
 * libcurl. */
char  *cg_config_url(const char *host, cg_err *e);
/* 0 when u is not refused before parsing: not empty, no control
 * character, no user name or password, query or fragment.  Else -1 with
 * EX_CONFIG and u masked in the message.  No libcurl. */
int    cg_config_url_check(const char *u, cg_err *e);
/* u for a message: a user name and password shown as "***", each query
 * value as "***", a fragment as "#***".  Any text (not only a valid URL)
 * is read this way.  A new string (u NULL: ""); caller frees. */
char  *cg_config_url_mask(const char *u);

/* What determines the outline (cg-config -k): {"course": cfg.course,
 * "llm": {provider, model, options: llm.options + kinds.outline.options,
 * num_predict the outline's cg_config_num_predict}, "content": {"outline":
 * content.outline or {}}}.  Timeouts, URLs and other kinds' settings are left out on purpose:
 * changing them must not remake the outline.  Caller frees. */
cJSON *cg_config_outline_key(const cJSON *cfg);

#endif
