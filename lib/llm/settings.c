/* settings.c — cfg.llm read once into struct cg_settings (settings.h). */
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "settings.h"

struct rd {
	const cJSON   *cfg, *defs;
	const cg_prov *prov;
};

/* The value at path: cfg's, else the built-in default's; where names its
 * source. */
static const cJSON *
get(const struct rd *r, const char *path, char *where, size_t wsz)
{
	const cJSON *j = cg_json_at(r->cfg, path);

	if (j && !cJSON_IsNull(j)) {
		if (where && !cg_prov_where(r->prov, path, where, wsz))
			snprintf(where, wsz, "configuration");
		return j;
	}
	if (where)
		snprintf(where, wsz, "built-in defaults");
	return cg_json_at(r->defs, path);
}

/* A number at path within (lo, hi]: cfg's when usable, else the
 * default's. */
static double
num(const struct rd *r, const char *path, double lo, double hi, char *where,
    size_t wsz)
{
	const cJSON *j = get(r, path, where, wsz);

	if (cJSON_IsNumber(j) && j->valuedouble > lo && j->valuedouble <= hi)
		return j->valuedouble;
	if (where)
		snprintf(where, wsz, "built-in defaults");
	return cg_json_getn(r->defs, path, 0);
}

static char *
str(const struct rd *r, const char *path, char *where, size_t wsz)
{
	const cJSON *j = get(r, path, where, wsz);

	if (!cJSON_IsString(j))
		j = cg_json_at(r->defs, path);
	return xstrdup(cJSON_IsString(j) ? j->valuestring : "");
}

/* The output cap (cg_config_num_predict: cfg over the defaults), where
 * naming the source of the key that won. */
static double
cap(const struct rd *r, const char *kind, char *where, size_t wsz)
{
	char key[160];
	int fromdefs = 1;
	double n = cg_config_num_predict(r->cfg, r->defs, kind, key,
	    sizeof key, &fromdefs);

	if (fromdefs)
		snprintf(where, wsz, "built-in defaults");
	else if (!cg_prov_where(r->prov, key, where, wsz))
		snprintf(where, wsz, "configuration");
	return n;
}

static void
kindset(const struct rd *r, const char *kind, struct cg_kindset *k)
{
	const cJSON *src;
	char path[160];

	k->name = kind ? xstrdup(kind) : NULL;
	k->options = cJSON_Duplicate(cg_json_at(r->defs, "llm.options"), 1);
	if (cJSON_IsObject(src = cg_json_at(r->cfg, "llm.options")))
		cg_json_merge(k->options, src);
	snprintf(path, sizeof path, "llm.kinds.%s.options", kind ? kind : "");
	if (kind && cJSON_IsObject(src = cg_json_at(r->cfg, path)))
		cg_json_merge(k->options, src);
	k->num_predict = cap(r, kind, k->num_predict_from,
	    sizeof k->num_predict_from);
	cJSON_DeleteItemFromObjectCaseSensitive(k->options, "num_predict");
	cJSON_AddNumberToObject(k->options, "num_predict", k->num_predict);
	k->num_ctx = (long)cg_json_getn(k->options, "num_ctx", 0);
	snprintf(path, sizeof path, "llm.kinds.%s.options.num_ctx",
	    kind ? kind : "");
	if (!kind || !cg_json_at(r->cfg, path))
		snprintf(path, sizeof path, "llm.options.num_ctx");
	get(r, path, k->num_ctx_from, sizeof k->num_ctx_from);
	k->total = num(r, "llm.timeouts.total", 0, 1e9, NULL, 0);
	snprintf(path, sizeof path, "llm.kinds.%s.total", kind ? kind : "");
	if (kind && cJSON_IsNumber(src = cg_json_at(r->cfg, path)) &&
	    src->valuedouble > 0)
		k->total = src->valuedouble;
}

/* The number of jobs make runs at once (-jN in MAKEFLAGS; -j alone: as
 * many as there are, taken as 64), 1 outside make or without -j: by
 * default a tool run by make -j4 shares the server with three more. */
int
cg_settings_make_jobs(void)
{
	const char *m = getenv("MAKEFLAGS"), *p;
	int n = 1;

	for (p = m ? m : ""; (p = strstr(p, "-j")); p += 2) {
		if (p > m && p[-1] != ' ')
			continue;	/* inside another word */
		if (p[2] == ' ' || !p[2])
			n = 64;
		else if (isdigit((unsigned char)p[2]))
			n = atoi(p + 2);
		if (p[2] == ' ' || !p[2] || isdigit((unsigned char)p[2]))
			break;
	}
	return n < 1 ? 1 : n > 256 ? 256 : n;
}

static void
add_host(struct cg_settings *s, const char *url, const char *url_from,
    double slots, const char *from)
{
	s->hosts = xrealloc(s->hosts, (s->nhosts + 1) * sizeof *s->hosts);
	s->hosts[s->nhosts].url = xstrdup(url);
	s->hosts[s->nhosts].url_from = url_from;
	s->hosts[s->nhosts].slots_from = from;
	s->hosts[s->nhosts++].slots = slots >= 1 && slots <= 256 ?
	    (int)slots : 1;
}

static void
hosts(const struct rd *r, struct cg_settings *s)
{
	const cJSON *hs = cg_json_at(r->cfg, "llm.hosts"), *it;
	const char *url;

	if (!cJSON_IsArray(hs))
		hs = NULL;
	cJSON_ArrayForEach(it, hs) {
		url = cJSON_IsString(it) ? it->valuestring :
		    cg_json_gets(it, "url", NULL);
		if (url)
			add_host(s, url, "llm.hosts", cJSON_IsObject(it) ?
			    cg_json_getn(it, "slots", 1) : 1, "llm.hosts");
	}
	/* one server: as many requests at once as make runs jobs, unless
	 * llm.slots caps it (a server known to run fewer) */
	if (s->nhosts == 0) {
		double cap = num(r, "llm.slots", 0, 256, NULL, 0);
		add_host(s, s->url, s->url_from, cap >= 1 ? cap :
		    cg_settings_make_jobs(),
		    cap >= 1 ? "llm.slots" : NULL);
	}
}

/* The response cache: $CG_CACHE, else llm.cache (a directory, "~/"
 * meaning $HOME; "off" or false: none).  Asking fresh: $CG_FRESH. */
static void
cache(const struct rd *r, struct cg_settings *s)
{
	const char *v = getenv("CG_CACHE"), *home = getenv("HOME");
	const cJSON *j;

	if (v && *v) {
		snprintf(s->cache_from, sizeof s->cache_from, "CG_CACHE");
	} else {
		j = get(r, "llm.cache", s->cache_from, sizeof s->cache_from);
		v = cJSON_IsString(j) ? j->valuestring : cJSON_IsFalse(j) ?
		    "off" : NULL;
		if (!v)
			v = cg_json_gets(r->defs, "llm.cache", "off");
	}
	if (!*v || strcmp(v, "off") == 0 || strcmp(v, "false") == 0)
		s->cache = NULL;
	else if (strncmp(v, "~/", 2) == 0)
		s->cache = home && *home ? xasprintf("%s/%s", home, v + 2) :
		    NULL;
	else
		s->cache = xstrdup(v);
	v = getenv("CG_FRESH");
	s->fresh = v && *v && strcmp(v, "0") != 0;
}

static void
kinds(const struct rd *r, struct cg_settings *s)
{
	const cJSON *k;
	cJSON *all = cJSON_Duplicate(cg_json_at(r->defs, "llm.kinds"), 1);

	if (!all)
		all = cJSON_CreateObject();
	if (cJSON_IsObject(k = cg_json_at(r->cfg, "llm.kinds")))
		cg_json_merge(all, k);
	s->kinds = xcalloc((size_t)cJSON_GetArraySize(all) + 1,
	    sizeof *s->kinds);
	kindset(r, NULL, &s->kinds[s->nkinds++]);
	cJSON_ArrayForEach(k, all)
		if (cJSON_IsObject(k))
			kindset(r, k->string, &s->kinds[s->nkinds++]);
	cJSON_Delete(all);
}

int
cg_settings_init(struct cg_settings *s, const cJSON *cfg,
    const cg_prov *prov, cg_err *e)
{
	struct rd r = { cfg, NULL, prov };
	cJSON *defs;
	const cJSON *ka;
	const char *env;

	memset(s, 0, sizeof *s);
	if (!(r.defs = defs = cg_config_defaults(e)))
		return -1;
	s->provider = str(&r, "llm.provider", s->provider_from,
	    sizeof s->provider_from);
	s->openai = strcmp(s->provider, "openai") == 0;
	s->url = str(&r, "llm.url", s->url_from, sizeof s->url_from);
	s->model = str(&r, "llm.model", s->model_from, sizeof s->model_from);
	ka = get(&r, "llm.keep_alive", NULL, 0);
	if (!cJSON_IsString(ka) && !cJSON_IsNumber(ka))
		ka = cg_json_at(defs, "llm.keep_alive");
	s->keep_alive = cJSON_Duplicate(ka, 1);
	get(&r, "llm.timeouts", s->timeouts_from, sizeof s->timeouts_from);
	s->connect = num(&r, "llm.timeouts.connect", 0, 1e9, NULL, 0);
	s->first_token = num(&r, "llm.timeouts.first_token", 0, 1e9, NULL, 0);
	s->idle = num(&r, "llm.timeouts.idle", 0, 1e9, NULL, 0);
	s->total = num(&r, "llm.timeouts.total", 0, 1e9, NULL, 0);
	get(&r, "llm.retries", s->retries_from, sizeof s->retries_from);
	s->retries = (int)num(&r, "llm.retries.max", -1, 1000, NULL, 0);
	s->backoff = num(&r, "llm.retries.backoff", -1e-9, 1e6, NULL, 0);
	s->backoff_max = num(&r, "llm.retries.backoff_max", -1e-9, 1e9, NULL, 0);
	s->validate_retries = (int)num(&r, "llm.validate_retries", -1, 100,
	    NULL, 0);
	s->reask_budget = num(&r, "llm.reask_budget", -1e-9, 1e6, NULL, 0);
	if ((env = getenv("CG_LOG")) && *env) {
		s->log = xstrdup(env);
		snprintf(s->log_from, sizeof s->log_from, "CG_LOG");
	} else if (cJSON_IsString(ka = get(&r, "llm.log", s->log_from,
	    sizeof s->log_from)) && *ka->valuestring) {
		s->log = xstrdup(ka->valuestring);
	}
	hosts(&r, s);
	kinds(&r, s);
	cache(&r, s);
	cJSON_Delete(defs);
	if (strcmp(s->provider, "ollama") && !s->openai)
		return cg_seterr(e, EX_CONFIG, "%s: llm.provider: unknown "
		    "provider \"%s\"; use ollama or openai", s->provider_from,
		    s->provider);
	/* a line break in a name sent in the request would be taken
	 * for a header or a second field by some servers */
	if (cg_settings_ctrl(s->model) >= 0)
		return cg_seterr(e, EX_CONFIG, "%s: llm.model has a control "
		    "character (byte %d at %d); give the model name alone",
		    s->model_from, s->model[cg_settings_ctrl(s->model)],
		    cg_settings_ctrl(s->model) + 1);
	return 0;
}

int
cg_settings_ctrl(const char *t)
{
	int i;

	for (i = 0; t && t[i]; i++)
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
			return i;
	return -1;
}

void
cg_settings_free(struct cg_settings *s)
{
	size_t i;

	for (i = 0; i < s->nhosts; i++)
		free(s->hosts[i].url);
	for (i = 0; i < s->nkinds; i++) {
		free(s->kinds[i].name);
		cJSON_Delete(s->kinds[i].options);
	}
	free(s->hosts);
	free(s->kinds);
	free(s->provider);
	free(s->url);
	free(s->model);
	free(s->log);
	free(s->cache);
	cJSON_Delete(s->keep_alive);
	memset(s, 0, sizeof *s);
}

const struct cg_kindset *
cg_settings_kind(const struct cg_settings *s, const char *kind)
{
	size_t i;

	for (i = 1; kind && i < s->nkinds; i++)
		if (strcmp(s->kinds[i].name, kind) == 0)
			return &s->kinds[i];
	return &s->kinds[0];
}
