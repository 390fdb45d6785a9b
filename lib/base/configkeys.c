/* configkeys.c — the key schema and the built-in defaults
 * (configint.h): every key a yaml file may set, how its children are
 * checked, the nearest known key for a misspelt one, and the defaults
 * document at the bottom of the resolution order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "configint.h"
#include "json.h"
#include "kinds.h"
#include "yaml.h"

/* Built-in defaults: the bottom of the resolution order, and the only
 * place a default value is written (each kind's num_predict comes from
 * the kinds table, config/kinds.yaml).  config/llm.yaml sets none of
 * them: it shows the llm ones in comments ("#key: value") for users to
 * copy, and tests/0020-config.t checks that those comments agree with
 * these. */
static const char defaults_yaml[] =
	"course:\n"
	"  level: introductory\n"
	"  description: \"\"\n"
	"  language: English\n"
	"  duration_weeks: 0\n"
	"  modules: 4\n"
	"  constraints: []\n"
	"  diagrams_per_session: 4\n"
	"  questions: {multiple_choice: 5, options: 4, short_answer: 3, essay: 2}\n"
	"  items: {min: 3, max: 7}\n"
	"llm:\n"
	"  provider: ollama\n"
	"  url: http://127.0.0.1:11434\n"
	"  model: gemma3:4b\n"
	"  keep_alive: 30m\n"

	"  options: {temperature: 0.7, top_p: 0.9, top_k: 40, repeat_penalty: 1.1,"
	" num_ctx: 8192}\n"
	"  timeouts: {connect: 10, first_token: 600, idle: 60, total: 1800}\n"
	"  retries: {max: 4, backoff: 1, backoff_max: 30}\n"
	"  validate_retries: 2\n"
	"  reask_budget: 0.25\n"
	"  strict: true\n"
	"  cache: ~/.cache/cg\n"
	"  num_predict: 2048\n"
	"content: {}\n";

/* ---- the key schema ---- */

/* Options Ollama knows; others pass through with a warning only when
 * they look like a typo of one of these. */
static const struct key optkeys[] = {
	{ "temperature", C_LEAF, NULL }, { "top_p", C_LEAF, NULL },
	{ "top_k", C_LEAF, NULL }, { "min_p", C_LEAF, NULL },
	{ "typical_p", C_LEAF, NULL }, { "repeat_penalty", C_LEAF, NULL },
	{ "repeat_last_n", C_LEAF, NULL }, { "presence_penalty", C_LEAF, NULL },
	{ "frequency_penalty", C_LEAF, NULL }, { "seed", C_LEAF, NULL },
	{ "num_ctx", C_LEAF, NULL }, { "num_predict", C_LEAF, NULL },
	{ "num_keep", C_LEAF, NULL }, { "stop", C_LEAF, NULL },
	{ "mirostat", C_LEAF, NULL }, { "mirostat_tau", C_LEAF, NULL },
	{ "mirostat_eta", C_LEAF, NULL }, { "num_batch", C_LEAF, NULL },
	{ "num_gpu", C_LEAF, NULL }, { "main_gpu", C_LEAF, NULL },
	{ "num_thread", C_LEAF, NULL }, { "use_mmap", C_LEAF, NULL },
	{ "penalize_newline", C_LEAF, NULL }, { NULL, 0, NULL }
};
static const struct key timeoutkeys[] = {
	{ "connect", C_LEAF, NULL }, { "first_token", C_LEAF, NULL },
	{ "idle", C_LEAF, NULL }, { "total", C_LEAF, NULL }, { NULL, 0, NULL }
};
static const struct key retrykeys[] = {
	{ "max", C_LEAF, NULL }, { "backoff", C_LEAF, NULL },
	{ "backoff_max", C_LEAF, NULL }, { NULL, 0, NULL }
};
static const struct key hostkeys[] = {
	{ "url", C_LEAF, NULL }, { "slots", C_LEAF, NULL }, { NULL, 0, NULL }
};
static const struct key kindkeys[] = {
	{ "num_predict", C_LEAF, NULL }, { "total", C_LEAF, NULL },
	{ "options", C_NEAR, optkeys }, { NULL, 0, NULL }
};
/* One entry per kind of the kinds table, filled by kindkeys_init. */
#define MAXKINDS 64
static struct key llmkinds[MAXKINDS + 1];
static struct key contentkinds[MAXKINDS + 1];
static const struct key llmkeys[] = {
	{ "provider", C_LEAF, NULL }, { "url", C_LEAF, NULL },
	{ "model", C_LEAF, NULL }, { "keep_alive", C_LEAF, NULL },
	{ "slots", C_LEAF, NULL }, { "hosts", C_LIST, hostkeys },
	{ "options", C_NEAR, optkeys }, { "timeouts", C_MAP, timeoutkeys },
	{ "retries", C_MAP, retrykeys }, { "validate_retries", C_LEAF, NULL },
	{ "reask_budget", C_LEAF, NULL },
	{ "kinds", C_MAP, llmkinds }, { "log", C_LEAF, NULL },
	{ "num_predict", C_LEAF, NULL }, { "strict", C_LEAF, NULL },
	{ "cache", C_LEAF, NULL }, { NULL, 0, NULL }
};
static const struct key questionkeys[] = {
	{ "multiple_choice", C_LEAF, NULL }, { "options", C_LEAF, NULL },
	{ "short_answer", C_LEAF, NULL }, { "essay", C_LEAF, NULL },
	{ NULL, 0, NULL }
};
static const struct key itemkeys[] = {
	{ "min", C_LEAF, NULL }, { "max", C_LEAF, NULL }, { NULL, 0, NULL }
};
/* The website (cg-site): a directory of page templates to use instead of
 * the installed site/templates, a file of its words (labels), who it is
 * for (audience), when students see the answers (answers) and the paper
 * of make pdf (paper). */
static const struct key sitekeys[] = {
	{ "templates", C_LEAF, NULL }, { "labels", C_LEAF, NULL },
	{ "paper", C_LEAF, NULL },
	{ "audience", C_LEAF, NULL }, { "answers", C_LEAF, NULL },
	{ NULL, 0, NULL }
};
/* The top level of a course yaml. */
const struct key cg_cfg_coursekeys[] = {
	{ "name", C_LEAF, NULL }, { "subject", C_LEAF, NULL },
	{ "level", C_LEAF, NULL }, { "description", C_LEAF, NULL },
	{ "language", C_LEAF, NULL }, { "duration_weeks", C_LEAF, NULL },
	{ "modules", C_LEAF, NULL }, { "sessions", C_LEAF, NULL },
	{ "constraints", C_LEAF, NULL },
	{ "diagrams_per_session", C_LEAF, NULL },
	{ "questions", C_MAP, questionkeys }, { "items", C_MAP, itemkeys },
	{ "outline", C_LEAF, NULL },
	{ "llm", C_MAP, llmkeys }, { "content", C_NEAR, contentkinds },
	{ "site", C_MAP, sitekeys }, { NULL, 0, NULL }
};
const struct key cg_cfg_llmfile[] = {
	{ "llm", C_MAP, llmkeys }, { NULL, 0, NULL }
};
const struct key cg_cfg_contentfile[] = {
	{ "content", C_NEAR, contentkinds }, { NULL, 0, NULL }
};
static const struct key cfgroot[] = {
	{ "course", C_MAP, cg_cfg_coursekeys }, { "llm", C_MAP, llmkeys },
	{ "content", C_NEAR, contentkinds }, { "site", C_MAP, sitekeys },
	{ NULL, 0, NULL }
};

/* ---- unknown keys ---- */

static const struct key *
findkey(const struct key *ks, const char *name)
{
	for (; ks && ks->name; ks++)
		if (strcmp(ks->name, name) == 0)
			return ks;
	return NULL;
}

static const char *
nearest(const struct key *ks, const char *name, int *dist)
{
	const char *best = NULL;
	int d;

	*dist = 1 << 30;
	for (; ks && ks->name; ks++)
		if ((d = cg_editdist(ks->name, name)) < *dist) {
			*dist = d;
			best = ks->name;
		}
	return best;
}

static int
close_enough(const char *name, int d)
{
	return d <= 2 || d * 3 <= (int)strlen(name);
}

/* A key one level down ("temperature" under "options") that name is close
 * to, written "options.temperature" into buf; NULL when none. */
static const char *
nearest_below(const struct key *ks, const char *name, char *buf, size_t sz)
{
	const char *best;
	int d;

	for (; ks && ks->name; ks++)
		if (ks->sub && ks->type != C_ANY && ks->type != C_LIST &&
		    (best = nearest(ks->sub, name, &d)) && d <= 2) {
			snprintf(buf, sz, "%s.%s", ks->name, best);
			return buf;
		}
	return NULL;
}

static void
chk_warn(struct chk *k, const char *path, const char *fmt, const char *a,
    const char *b)
{
	char msg[1024], what[600], p[256], *cut;
	int l = 0, c = 0;

	if (!k->unknown)
		return;
	snprintf(what, sizeof what, fmt, a, b ? b : "");
	/* a key copied in by an alias has no place of its own: use the
	 * nearest parent's (the alias) */
	snprintf(p, sizeof p, "%s", path);
	while (cg_yaml_where(k->pos, p, 1, &l, &c) < 0 && (cut =
	    strrchr(p, '.')) != NULL)
		*cut = '\0';
	if (l)
		snprintf(msg, sizeof msg, "%s:%d:%d: %s", k->file, l, c, what);
	else
		snprintf(msg, sizeof msg, "%s: %s", k->file, what);
	cg_buf_printf(k->unknown, "%s\n", msg);
}

void
cg_cfg_check_keys(struct chk *k, cJSON *obj, const struct key *ks, int type,
    const char *path)
{
	cJSON *c, *nx;
	const struct key *m;
	const char *best;
	char *cp, deeper[128];
	int d, i = 0;

	if (type == C_ANY || type == C_LEAF || !ks)
		return;
	if (type == C_LIST) {
		if (cJSON_IsArray(obj))
			for (c = obj->child; c; c = c->next, i++) {
				cp = xasprintf("%s[%d]", path, i);
				cg_cfg_check_keys(k, c, ks, C_MAP, cp);
				free(cp);
			}
		return;
	}
	if (!cJSON_IsObject(obj))
		return;
	for (c = obj->child; c; c = nx) {
		nx = c->next;
		cp = *path ? xasprintf("%s.%s", path, c->string) :
		    xstrdup(c->string);
		if ((m = findkey(ks, c->string))) {
			cg_cfg_check_keys(k, c, m->sub, m->type, cp);
		} else if (type == C_NEAR) {
			best = nearest(ks, c->string, &d);
			if (best && d <= 2)
				chk_warn(k, cp, "unknown key \"%s\" (passed on as "
				    "is); did you mean \"%s\"?", c->string, best);
		} else {
			best = nearest(ks, c->string, &d);
			if (best && close_enough(c->string, d))
				chk_warn(k, cp, "unknown key \"%s\"; did you mean "
				    "\"%s\"?", c->string, best);
			else if ((best = nearest_below(ks, c->string, deeper,
			    sizeof deeper)))
				chk_warn(k, cp, "unknown key \"%s\"; did you mean "
				    "\"%s\"?", c->string, deeper);
			else
				chk_warn(k, cp, "unknown key \"%s\" (ignored)",
				    c->string, NULL);
			cJSON_Delete(cJSON_DetachItemViaPointer(obj, c));
		}
		free(cp);
	}
}

/* Check an override's key against the schema: 0 ok, -1 with e set. */
int
cg_cfg_override_key(const char *key, const char *label, cg_err *e)
{
	const struct key *ks = cfgroot, *m;
	int type = C_MAP, d;
	char seg[128];
	const char *p = key, *dot, *best;
	size_t n;

	for (;;) {
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (n == 0 || n >= sizeof seg)
			return cg_seterr(e, EX_USAGE, "%s: bad key \"%s\"; "
			    "write KEY=VALUE with a dotted key such as "
			    "llm.model", label, key);
		memcpy(seg, p, n);
		seg[n] = '\0';
		if (type == C_ANY)
			return 0;
		if (!(m = findkey(ks, seg))) {
			if (type == C_NEAR)
				return 0;
			best = nearest(ks, seg, &d);
			if (best && close_enough(seg, d))
				return cg_seterr(e, EX_USAGE, "%s: unknown key "
				    "\"%s\"; did you mean \"%s\"?", label, seg,
				    best);
			return cg_seterr(e, EX_USAGE, "%s: unknown key \"%s\"",
			    label, seg);
		}
		if (!dot)
			return 0;
		if (m->type == C_LEAF || m->type == C_LIST)
			return cg_seterr(e, EX_USAGE, "%s: \"%s\" has no keys "
			    "below it; set it whole", label, seg);
		ks = m->sub;
		type = m->type;
		p = dot + 1;
	}
}

/* ---- the defaults ---- */

/* The key schema's kinds and the defaults' per-kind num_predict, from the
 * kinds table.  NULL with EX_SOFTWARE when the built-in table is broken. */
static cJSON *
defaults(cg_err *e)
{
	const struct cg_kind *kd;
	cJSON *cfg, *kinds;
	size_t i, n;

	kd = cg_kind_list(&n);
	if (!kd || n > MAXKINDS) {
		cg_seterr(e, EX_SOFTWARE, "%s", kd ? "too many kinds" :
		    cg_kinds_error());
		return NULL;
	}
	cfg = cg_yaml_parse(defaults_yaml, sizeof defaults_yaml - 1,
	    "built-in defaults", NULL, e);
	if (!cfg) {
		if (e)
			e->code = EX_SOFTWARE;
		return NULL;
	}
	kinds = cJSON_AddObjectToObject(cJSON_GetObjectItem(cfg, "llm"),
	    "kinds");
	for (i = 0; i < n; i++) {
		llmkinds[i] = (struct key){ kd[i].name, C_MAP, kindkeys };
		contentkinds[i] = (struct key){ kd[i].name, C_ANY, NULL };
		cJSON_AddNumberToObject(cJSON_AddObjectToObject(kinds,
		    kd[i].name), "num_predict", kd[i].num_predict);
	}
	return cfg;
}

cJSON *
cg_config_defaults(cg_err *e)
{
	return defaults(e);
}

int
cg_config_course_int(const cJSON *course, const char *key)
{
	const cJSON *j = cg_json_at(course, key);
	cJSON *defs;
	char path[128];
	int n;

	if (cJSON_IsNumber(j))
		return (int)j->valuedouble;
	/* as finish_course fills it in */
	if (strcmp(key, "sessions") == 0)
		return 2 * cg_config_course_int(course, "modules");
	defs = cg_yaml_parse(defaults_yaml, sizeof defaults_yaml - 1,
	    "built-in defaults", NULL, NULL);
	snprintf(path, sizeof path, "course.%s", key);
	n = (int)cg_json_getn(defs, path, 0);
	cJSON_Delete(defs);
	return n;
}

