/* simmodels.c — the endpoints of cg-sim's server about its models
 * (/api/tags, /api/show, /v1/models, /props) and its counters
 * (/sim/stats, /sim/reset); see srvint.h.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>
#include <cjson/cJSON.h>

#include "util.h"
#include "sim.h"
#include "srvint.h"


static cJSON *
details(const char *name)
{
	cJSON *d = cJSON_CreateObject(), *fs;
	char fam[64];
	size_t n = strcspn(name, ":");

	if (n >= sizeof fam)
		n = sizeof fam - 1;
	memcpy(fam, name, n);
	fam[n] = '\0';
	cJSON_AddStringToObject(d, "parent_model", "");
	cJSON_AddStringToObject(d, "format", "gguf");
	cJSON_AddStringToObject(d, "family", fam);
	fs = cJSON_AddArrayToObject(d, "families");
	cJSON_AddItemToArray(fs, cJSON_CreateString(fam));
	cJSON_AddStringToObject(d, "parameter_size", "4.3B");
	cJSON_AddStringToObject(d, "quantization_level", "Q4_K_M");
	return d;
}

enum MHD_Result
srv_tags(cg_simsrv *s, struct MHD_Connection *c)
{
	cJSON *j = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(j, "models");
	size_t i;

	for (i = 0; i < s->nmodels; i++) {
		cJSON *m = cJSON_CreateObject();
		const char *n = s->models[i];
		uint64_t h = cg_sim_hash(n, strlen(n));
		char dg[72];

		snprintf(dg, sizeof dg, "%016llx%016llx%016llx%016llx",
		    (unsigned long long)h, (unsigned long long)(h * 3),
		    (unsigned long long)(h * 5), (unsigned long long)(h * 7));
		cJSON_AddStringToObject(m, "name", n);
		cJSON_AddStringToObject(m, "model", n);
		cJSON_AddStringToObject(m, "modified_at", "2025-01-01T00:00:00Z");
		cJSON_AddNumberToObject(m, "size", 3338801804.0);
		cJSON_AddStringToObject(m, "digest", dg);
		cJSON_AddItemToObject(m, "details", details(n));
		cJSON_AddItemToArray(a, m);
	}
	return srv_reply_json(c, 200, j);
}

enum MHD_Result
srv_show(cg_simsrv *s, struct MHD_Connection *c, const char *body, size_t len)
{
	cJSON *j = cJSON_ParseWithLength(body, len), *o, *mi;
	const cJSON *m;
	char *msg, *mf;
	enum MHD_Result r;

	if (!j)
		return srv_reply_err(c, 400, 0, NULL, NULL, "invalid JSON in request body");
	m = cJSON_GetObjectItemCaseSensitive(j, "model");
	if (!cJSON_IsString(m))
		m = cJSON_GetObjectItemCaseSensitive(j, "name");
	if (!cJSON_IsString(m) || !*m->valuestring) {
		cJSON_Delete(j);
		return srv_reply_err(c, 400, 0, NULL, NULL, "model is required");
	}
	if (!srv_have_model(s, m->valuestring)) {
		msg = xasprintf("model '%s' not found", m->valuestring);
		r = srv_reply_err(c, 404, 0, NULL, NULL, msg);
		free(msg);
		cJSON_Delete(j);
		return r;
	}
	o = cJSON_CreateObject();
	mf = xasprintf("# simulated by cg-sim\nFROM %s\n", m->valuestring);
	cJSON_AddStringToObject(o, "license", "");
	cJSON_AddStringToObject(o, "modelfile", mf);
	cJSON_AddStringToObject(o, "parameters", "temperature 1\ntop_k 64\ntop_p 0.95");
	cJSON_AddStringToObject(o, "template", "{{ .Prompt }}");
	cJSON_AddItemToObject(o, "details", details(m->valuestring));
	mi = cJSON_AddObjectToObject(o, "model_info");
	cJSON_AddStringToObject(mi, "general.architecture", "sim");
	cJSON_AddNumberToObject(mi, "general.parameter_count", 4300000000.0);
	cJSON_AddNumberToObject(mi, "sim.context_length", (double)s->o.context);
	cJSON_AddItemToObject(o, "capabilities",
	    cJSON_CreateStringArray((const char *[]){ "completion" }, 1));
	cJSON_AddStringToObject(o, "modified_at", "2025-01-01T00:00:00Z");
	free(mf);
	cJSON_Delete(j);
	return srv_reply_json(c, 200, o);
}

enum MHD_Result
srv_v1models(cg_simsrv *s, struct MHD_Connection *c)
{
	cJSON *j = cJSON_CreateObject(), *a;
	size_t i;

	cJSON_AddStringToObject(j, "object", "list");
	a = cJSON_AddArrayToObject(j, "data");
	for (i = 0; i < s->nmodels; i++) {
		cJSON *m = cJSON_CreateObject();

		cJSON_AddStringToObject(m, "id", s->models[i]);
		cJSON_AddStringToObject(m, "object", "model");
		cJSON_AddNumberToObject(m, "created", 1735689600);
		cJSON_AddStringToObject(m, "owned_by", "library");
		/* vLLM's: the context length a request may use */
		cJSON_AddStringToObject(m, "root", s->models[i]);
		cJSON_AddNullToObject(m, "parent");
		cJSON_AddNumberToObject(m, "max_model_len", (double)s->o.context);
		cJSON_AddItemToArray(a, m);
	}
	return srv_reply_json(c, 200, j);
}

/* llama.cpp's GET /props: the slots, and the context of one slot. */
enum MHD_Result
srv_props(cg_simsrv *s, struct MHD_Connection *c)
{
	cJSON *j = cJSON_CreateObject(), *g, *m;

	if (s->o.noprops) {
		cJSON_Delete(j);
		return srv_reply(c, 404, "text/plain; charset=utf-8",
		    "404 page not found");
	}
	g = cJSON_AddObjectToObject(j, "default_generation_settings");
	cJSON_AddNumberToObject(g, "id", 0);
	cJSON_AddNumberToObject(g, "n_ctx", (double)s->o.context);
	cJSON_AddBoolToObject(g, "is_processing", 0);
	cJSON_AddStringToObject(g, "model", s->models[0]);
	cJSON_AddNumberToObject(j, "total_slots", s->o.slots);
	cJSON_AddStringToObject(j, "model_path", s->models[0]);
	m = cJSON_AddObjectToObject(j, "modalities");
	cJSON_AddBoolToObject(m, "vision", 0);
	cJSON_AddBoolToObject(m, "audio", 0);
	cJSON_AddStringToObject(j, "chat_template", "{{ messages }}");
	cJSON_AddStringToObject(j, "build_info", "b0-sim");
	return srv_reply_json(c, 200, j);
}

enum MHD_Result
srv_stats(cg_simsrv *s, struct MHD_Connection *c)
{
	cJSON *j = cJSON_CreateObject(), *l;
	int i;

	pthread_mutex_lock(&s->mu);
	cJSON_AddItemToObject(j, "requests", cJSON_Duplicate(s->reqs, 1));
	cJSON_AddNumberToObject(j, "generations", (double)s->generations);
	cJSON_AddNumberToObject(j, "active", s->active);
	cJSON_AddNumberToObject(j, "queued", s->waiting);
	cJSON_AddNumberToObject(j, "max_concurrent", (double)s->max_concurrent);
	cJSON_AddNumberToObject(j, "max_queued", (double)s->max_queued);
	cJSON_AddNumberToObject(j, "tokens", (double)s->tokens);
	cJSON_AddNumberToObject(j, "faults", (double)s->faults);
	l = cJSON_AddArrayToObject(j, "last");
	for (i = 0; i < s->nlast; i++) {
		int at = (s->lastpos - s->nlast + i + NLAST) % NLAST;
		cJSON *b = cJSON_Parse(s->last[at]);

		cJSON_AddItemToArray(l, b ? b : cJSON_CreateNull());
	}
	pthread_mutex_unlock(&s->mu);
	return srv_reply_json(c, 200, j);
}

void
srv_reset(cg_simsrv *s)
{
	int i;

	pthread_mutex_lock(&s->mu);
	cJSON_Delete(s->reqs);
	s->reqs = cJSON_CreateObject();
	s->generations = s->max_concurrent = s->max_queued = 0;
	s->tokens = s->faults = 0;
	for (i = 0; i < NLAST; i++) {
		free(s->last[i]);
		s->last[i] = NULL;
	}
	s->nlast = s->lastpos = 0;
	pthread_mutex_unlock(&s->mu);
}
