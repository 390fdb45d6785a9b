/* configcheck.c — the checks of a resolved configuration
 * (configint.h): the llm section's types and bounds, its URLs
 * normalised (cg_cfg_check_llm), and the course section's counts and
 * texts (cg_config_check_course).  Every message names where the value
 * came from (configprov.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "configint.h"
#include "json.h"

/* ---- normalising and checking the llm section ---- */

static int
bad(cg_err *e, int code, const struct cg_prov *P, const char *cfgpath,
    const char *name, const char *fmt, const char *a)
{
	char w[512];

	cg_cfg_where(P, cfgpath, name, w, sizeof w);
	return cg_seterr(e, code, "%s: \"%s\" %s%s", w, cg_cfg_keyname(cfgpath), fmt,
	    a ? a : "");
}

static const char *
tname(const cJSON *j)
{
	if (cJSON_IsString(j))
		return "a string";
	if (cJSON_IsBool(j))
		return "a boolean";
	if (cJSON_IsNumber(j))
		return "a number";
	if (cJSON_IsArray(j))
		return "a list";
	if (cJSON_IsObject(j))
		return "a mapping";
	return "empty";
}

/* A number at cfgpath within [lo, hi] (whole when integral is set).
 * Absent is fine unless required. */
static int
num_item(const cJSON *j, const struct cg_prov *P, const char *cfgpath,
    const char *name, double lo, double hi, int integral, int required,
    int code, cg_err *e)
{
	char got[64];
	double v;

	if (!j)
		return required ? bad(e, code, P, cfgpath, name,
		    "is required", NULL) : 0;
	if (!cJSON_IsNumber(j)) {
		snprintf(got, sizeof got, ", not %s", tname(j));
		return bad(e, code, P, cfgpath, name, integral ?
		    "must be a whole number" : "must be a number", got);
	}
	v = j->valuedouble;
	snprintf(got, sizeof got, " (got %g)", v);
	if (integral && (v != floor(v) || !isfinite(v)))
		return bad(e, code, P, cfgpath, name,
		    "must be a whole number", got);
	if (v < lo) {
		if (lo == 1 && integral)
			return bad(e, code, P, cfgpath, name,
			    "must be a positive integer", got);
		if (lo == 0)
			return bad(e, code, P, cfgpath, name,
			    "must not be negative", got);
		if (lo > 0 && lo < 1)
			return bad(e, code, P, cfgpath, name,
			    "must be a positive number", got);
		snprintf(got, sizeof got, "at least %g (got %g)", lo, v);
		return bad(e, code, P, cfgpath, name, "must be ", got);
	}
	if (v > hi) {
		snprintf(got, sizeof got, "at most %g (got %g)", hi, v);
		return bad(e, code, P, cfgpath, name, "must be ", got);
	}
	return 0;
}

static int
num_in(const struct cg_prov *P, const char *cfgpath, const char *name,
    double lo, double hi, int integral, int required, int code, cg_err *e)
{
	return num_item(cg_json_at(P->cfg, cfgpath), P, cfgpath, name, lo, hi,
	    integral, required, code, e);
}

static int
str_at(const struct cg_prov *P, const char *cfgpath, const char *name,
    int required, int code, cg_err *e)
{
	const cJSON *j = cg_json_at(P->cfg, cfgpath);
	char got[64];

	if (!j || (cJSON_IsString(j) && !*j->valuestring))
		return required ? bad(e, code, P, cfgpath, name,
		    "is required and must not be empty", NULL) : 0;
	if (!cJSON_IsString(j)) {
		snprintf(got, sizeof got, ", not %s (quote it)", tname(j));
		return bad(e, code, P, cfgpath, name, "must be a string", got);
	}
	return 0;
}

static int
check_options(const struct cg_prov *P, const char *base, const char *name,
    cg_err *e)
{
	static const struct { const char *k; double lo, hi; int integral; }
	    lim[] = {
		{ "temperature", 0, 5, 0 }, { "top_p", 0, 1, 0 },
		{ "min_p", 0, 1, 0 }, { "top_k", 0, 1e6, 1 },
		{ "repeat_penalty", 0, 10, 0 }, { "seed", -1e15, 1e15, 1 },
		{ "num_ctx", 256, 4194304, 1 }, { "num_predict", 1, 1e7, 1 },
	};
	const cJSON *o = cg_json_at(P->cfg, base);
	char path[128];
	size_t i;

	if (!o)
		return 0;
	if (!cJSON_IsObject(o))
		return bad(e, EX_CONFIG, P, base, name, "must be a mapping, "
		    "not ", tname(o));
	for (i = 0; i < sizeof lim / sizeof *lim; i++) {
		snprintf(path, sizeof path, "%s.%s", base, lim[i].k);
		if (num_in(P, path, name, lim[i].lo, lim[i].hi,
		    lim[i].integral, 0, EX_CONFIG, e) < 0)
			return -1;
	}
	return 0;
}

static int
norm_url(const struct cg_prov *P, cJSON *holder, const char *key,
    const char *cfgpath, const char *name, cg_err *e)
{
	cJSON *j = cJSON_GetObjectItemCaseSensitive(holder, key);
	cg_err ue;
	char *u = NULL, *m, w[512];

	if (!cJSON_IsString(j))
		return bad(e, EX_CONFIG, P, cfgpath, name, "must be a URL "
		    "string such as http://127.0.0.1:11434, not ", tname(j));
	if (P->rawurl ? cg_config_url_check(j->valuestring, &ue) < 0 :
	    !(u = cg_config_url(j->valuestring, &ue))) {
		/* where may be "override llm.url=URL": shown masked too */
		cg_cfg_where(P, cfgpath, name, w, sizeof w);
		m = cg_config_url_mask(w);
		cg_seterr(e, EX_CONFIG, "%s: \"%s\": %s", m, cg_cfg_keyname(cfgpath),
		    ue.msg);
		free(m);
		return -1;
	}
	if (P->rawurl)
		return 0;
	cJSON_ReplaceItemInObjectCaseSensitive(holder, key,
	    cJSON_CreateString(u));
	free(u);
	return 0;
}

/* llm.hosts: a list of {url, slots} (or plain URLs), normalised. */
static int
check_hosts(const struct cg_prov *P, cJSON *h, const char *name, cg_err *e)
{
	char path[160];
	cJSON *k;
	int i = 0;

	if (h) {
		if (!cJSON_IsArray(h))
			return bad(e, EX_CONFIG, P, "llm.hosts", name, "must "
			    "be a list of {url, slots}, not ", tname(h));
		for (k = h->child; k; k = k->next, i++) {
			snprintf(path, sizeof path, "llm.hosts[%d]", i);
			if (cJSON_IsString(k)) {	/* "- http://h:11434" */
				cJSON *o = cJSON_CreateObject();
				cJSON_AddStringToObject(o, "url", k->valuestring);
				cJSON_ReplaceItemViaPointer(h, k, o);
				k = o;
			}
			if (!cJSON_IsObject(k))
				return bad(e, EX_CONFIG, P, path, name, "must "
				    "be a mapping {url, slots}, not ", tname(k));
			snprintf(path, sizeof path, "llm.hosts[%d].url", i);
			if (norm_url(P, k, "url", path, name, e) < 0)
				return -1;
			if (!cJSON_GetObjectItemCaseSensitive(k, "slots"))
				cJSON_AddNumberToObject(k, "slots", 1);
			snprintf(path, sizeof path, "llm.hosts[%d].slots", i);
			if (num_item(cJSON_GetObjectItemCaseSensitive(k,
			    "slots"), P, path, name, 1, 256, 1, 1, EX_CONFIG,
			    e) < 0)
				return -1;
		}
	}
	return 0;
}

/* llm.kinds: per kind num_predict, total, options. */
static int
check_kinds(const struct cg_prov *P, const cJSON *k, const char *name,
    cg_err *e)
{
	char path[160];

	if (k && !cJSON_IsObject(k))
		return bad(e, EX_CONFIG, P, "llm.kinds", name,
		    "must be a mapping of kinds, not ", tname(k));
	for (k = k ? k->child : NULL; k; k = k->next) {
		snprintf(path, sizeof path, "llm.kinds.%.100s", k->string);
		if (!cJSON_IsObject(k))
			return bad(e, EX_CONFIG, P, path, name,
			    "must be a mapping, not ", tname(k));
		snprintf(path, sizeof path, "llm.kinds.%.100s.num_predict",
		    k->string);
		if (num_in(P, path, name, 1, 1e7, 1, 0, EX_CONFIG, e) < 0)
			return -1;
		snprintf(path, sizeof path, "llm.kinds.%.100s.total", k->string);
		if (num_in(P, path, name, 0.001, 604800, 0, 0, EX_CONFIG,
		    e) < 0)
			return -1;
		snprintf(path, sizeof path, "llm.kinds.%.100s.options",
		    k->string);
		if (check_options(P, path, name, e) < 0)
			return -1;
	}
	return 0;
}

int
cg_cfg_check_llm(const struct cg_prov *P, const char *name, cg_err *e)
{
	cJSON *llm = cJSON_GetObjectItemCaseSensitive(P->cfg, "llm"), *k;
	const char *pv;
	int i;

	if (!cJSON_IsObject(llm))
		return bad(e, EX_CONFIG, P, "llm", name,
		    "must be a mapping, not ", tname(llm));
	if (str_at(P, "llm.provider", name, 1, EX_CONFIG, e) < 0)
		return -1;
	pv = cg_json_gets(P->cfg, "llm.provider", "");
	if (strcmp(pv, "ollama") != 0 && strcmp(pv, "openai") != 0)
		return bad(e, EX_CONFIG, P, "llm.provider", name,
		    "must be \"ollama\" or \"openai\", not ", pv);
	if (norm_url(P, llm, "url", "llm.url", name, e) < 0 ||
	    str_at(P, "llm.model", name, 1, EX_CONFIG, e) < 0 ||
	    num_in(P, "llm.slots", name, 1, 256, 1, 0, EX_CONFIG, e) < 0)
		return -1;
	k = cJSON_GetObjectItemCaseSensitive(llm, "model");
	for (i = 0; cJSON_IsString(k) && k->valuestring[i]; i++)
		if ((unsigned char)k->valuestring[i] < 0x20 ||
		    k->valuestring[i] == 0x7f)
			return bad(e, EX_CONFIG, P, "llm.model", name, "must not "
			    "contain control characters (a line break?)", NULL);
	k = cJSON_GetObjectItemCaseSensitive(llm, "keep_alive");
	if (k && !cJSON_IsString(k) && !cJSON_IsNumber(k))
		return bad(e, EX_CONFIG, P, "llm.keep_alive", name, "must be "
		    "a duration such as \"30m\" or seconds, not ", tname(k));
	if (check_hosts(P, cJSON_GetObjectItemCaseSensitive(llm, "hosts"),
	    name, e) < 0)
		return -1;
	if (check_options(P, "llm.options", name, e) < 0 ||
	    num_in(P, "llm.timeouts.connect", name, 0.001, 86400, 0, 1,
	    EX_CONFIG, e) < 0 ||
	    num_in(P, "llm.timeouts.first_token", name, 0.001, 86400, 0, 1,
	    EX_CONFIG, e) < 0 ||
	    num_in(P, "llm.timeouts.idle", name, 0.001, 86400, 0, 1,
	    EX_CONFIG, e) < 0 ||
	    num_in(P, "llm.timeouts.total", name, 0.001, 604800, 0, 1,
	    EX_CONFIG, e) < 0 ||
	    num_in(P, "llm.retries.max", name, 0, 100, 1, 1, EX_CONFIG,
	    e) < 0 ||
	    num_in(P, "llm.retries.backoff", name, 0, 3600, 0, 1, EX_CONFIG,
	    e) < 0 ||
	    num_in(P, "llm.retries.backoff_max", name, 0, 86400, 0, 1,
	    EX_CONFIG, e) < 0 ||
	    num_in(P, "llm.validate_retries", name, 0, 20, 1, 1, EX_CONFIG,
	    e) < 0 ||
	    num_in(P, "llm.reask_budget", name, 0, 10, 0, 0, EX_CONFIG,
	    e) < 0 ||
	    num_in(P, "llm.num_predict", name, 1, 1e7, 1, 0, EX_CONFIG,
	    e) < 0 ||
	    str_at(P, "llm.log", name, 0, EX_CONFIG, e) < 0)
		return -1;
	if (check_kinds(P, cJSON_GetObjectItemCaseSensitive(llm, "kinds"),
	    name, e) < 0)
		return -1;
	k = cJSON_GetObjectItemCaseSensitive(P->cfg, "content");
	if (k && !cJSON_IsObject(k))
		return bad(e, EX_CONFIG, P, "content", name,
		    "must be a mapping of kinds, not ", tname(k));
	return 0;
}

/* Course text goes into every prompt: a string at cfgpath longer than
 * max bytes is an error (the prompt would not fit the context window). */
static int
len_item(const cJSON *j, const struct cg_prov *P, const char *cfgpath,
    size_t max, const char *name, cg_err *e)
{
	char got[128];

	if (!cJSON_IsString(j) || strlen(j->valuestring) <= max)
		return 0;
	snprintf(got, sizeof got, "at most %zu bytes long (got %zu); every "
	    "prompt carries it: shorten it", max, strlen(j->valuestring));
	return bad(e, EX_DATAERR, P, cfgpath, name, "must be ", got);
}

static int
len_at(const struct cg_prov *P, const char *cfgpath, size_t max,
    const char *name, cg_err *e)
{
	return len_item(cg_json_at(P->cfg, cfgpath), P, cfgpath, max, name, e);
}

/* The course's texts: strings, subject present, none too long for a
 * prompt. */
static int
check_texts(const struct cg_prov *P, const char *name, cg_err *e)
{
	static const char *strs[] = { "course.name", "course.level",
		"course.description", "course.language" };
	const cJSON *j;
	char got[64];
	size_t i;
	int n = 0;

	if (str_at(P, "course.subject", name, 1, EX_DATAERR, e) < 0 ||
	    len_at(P, "course.subject", CG_CONFIG_TITLE_MAX, name, e) < 0)
		return -1;
	for (i = 0; i < sizeof strs / sizeof *strs; i++)
		if (str_at(P, strs[i], name, 0, EX_DATAERR, e) < 0 ||
		    len_at(P, strs[i], strcmp(strs[i], "course.description") ?
		    CG_CONFIG_TITLE_MAX : CG_CONFIG_TEXT_MAX, name, e) < 0)
			return -1;
	j = cg_json_at(P->cfg, "course.constraints");
	if (j && !cJSON_IsArray(j) && !cJSON_IsString(j))
		return bad(e, EX_DATAERR, P, "course.constraints", name,
		    "must be a string or a list of strings, not ", tname(j));
	for (j = cJSON_IsArray(j) ? j->child : NULL; j; j = j->next, n++) {
		snprintf(got, sizeof got, "course.constraints[%d]", n);
		if (!cJSON_IsString(j))
			return bad(e, EX_DATAERR, P, got, name, "must be a "
			    "string, not ", tname(j));
		if (len_item(j, P, got, CG_CONFIG_CONSTRAINT_MAX, name, e) < 0)
			return -1;
	}
	return 0;
}

int
cg_config_check_course(const cJSON *cfg, const cg_prov *prov,
    const char *name, cg_err *e)
{
	static const struct { const char *k; double lo, hi; } lim[] = {
		{ "course.duration_weeks", 0, 520 },
		{ "course.modules", 1, 50 },
		{ "course.sessions", 1, 500 },
		{ "course.diagrams_per_session", 0, 10 },
		{ "course.questions.multiple_choice", 0, 30 },
		{ "course.questions.options", 2, 6 },
		{ "course.questions.short_answer", 0, 30 },
		{ "course.questions.essay", 0, 30 },
		{ "course.items.min", 1, 20 },
		{ "course.items.max", 1, 20 },
	};
	struct cg_prov pv = { (cJSON *)cfg, prov ? prov->v : NULL,
	    prov ? prov->n : 0, 0 }, *P = &pv;
	const cJSON *c = cg_json_at(P->cfg, "course"), *j;
	char got[128], w[512];
	size_t i;

	if (!cJSON_IsObject(c))
		return bad(e, EX_DATAERR, P, "course", name,
		    "must be a mapping, not ", tname(c));
	if (!cg_json_at(P->cfg, "course.subject"))
		return bad(e, EX_DATAERR, P, "course.subject", name,
		    "is required: say what the course teaches, e.g. "
		    "subject: Cell biology", NULL);
	if (check_texts(P, name, e) < 0)
		return -1;
	if ((j = cg_json_at(P->cfg, "course.questions")) && !cJSON_IsObject(j))
		return bad(e, EX_DATAERR, P, "course.questions", name,
		    "must be a mapping, not ", tname(j));
	if ((j = cg_json_at(P->cfg, "course.items")) && !cJSON_IsObject(j))
		return bad(e, EX_DATAERR, P, "course.items", name,
		    "must be a mapping, not ", tname(j));
	for (i = 0; i < sizeof lim / sizeof *lim; i++)
		if (num_in(P, lim[i].k, name, lim[i].lo, lim[i].hi, 1, 1,
		    EX_DATAERR, e) < 0)
			return -1;
	if (cg_json_getn(P->cfg, "course.sessions", 0) <
	    cg_json_getn(P->cfg, "course.modules", 0)) {
		snprintf(got, sizeof got, " (%g) must be at least \"modules\" "
		    "(%g): every module needs a session",
		    cg_json_getn(P->cfg, "course.sessions", 0),
		    cg_json_getn(P->cfg, "course.modules", 0));
		cg_cfg_where(P, "course.sessions", name, w, sizeof w);
		return cg_seterr(e, EX_DATAERR, "%s: \"sessions\"%s", w, got);
	}
	if (cg_json_getn(P->cfg, "course.items.max", 0) <
	    cg_json_getn(P->cfg, "course.items.min", 0)) {
		snprintf(got, sizeof got, " (%g) must not be less than "
		    "\"items.min\" (%g)", cg_json_getn(P->cfg, "course.items.max",
		    0), cg_json_getn(P->cfg, "course.items.min", 0));
		cg_cfg_where(P, "course.items.max", name, w, sizeof w);
		return cg_seterr(e, EX_DATAERR, "%s: \"items.max\"%s", w, got);
	}
	j = cg_json_at(P->cfg, "course.outline");
	if (j && !cJSON_IsNull(j)) {
		if (!cJSON_IsString(j) || !*j->valuestring)
			return bad(e, EX_DATAERR, P, "course.outline", name,
			    "must be the path of an outline.json file, not ",
			    tname(j));
		if (access(j->valuestring, R_OK) != 0) {
			cg_cfg_where(P, "course.outline", name, w, sizeof w);
			return cg_seterr(e, EX_NOINPUT, "%s: \"outline\": cannot "
			    "read %s:", w, j->valuestring);
		}
	}
	return 0;
}

