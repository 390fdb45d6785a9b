/* request.c — what is sent: the endpoint, the JSON body, the headers
 * (see llm.h).  Everything comes from struct cg_settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "llm.h"

char *
cg_llm_endpoint(const struct cg_settings *s, const char *base)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	if (!s->openai)
		return xasprintf("%.*s/api/chat", (int)n, base);
	if (n >= 3 && memcmp(base + n - 3, "/v1", 3) == 0)
		return xasprintf("%.*s/chat/completions", (int)n, base);
	return xasprintf("%.*s/v1/chat/completions", (int)n, base);
}

static void
message(cJSON *msgs, const char *role, const char *content)
{
	cJSON *m = cJSON_CreateObject();

	cJSON_AddStringToObject(m, "role", role);
	cJSON_AddStringToObject(m, "content", content);
	cJSON_AddItemToArray(msgs, m);
}

/* Ollama: settings inside "options", keep_alive, format = the schema. */
static void
ollama_part(cJSON *b, const struct cg_settings *s,
    const struct cg_kindset *k, const cJSON *schema)
{
	cJSON_AddItemToObject(b, "keep_alive", cJSON_Duplicate(s->keep_alive, 1));
	cJSON_AddItemToObject(b, "options", cJSON_Duplicate(k->options, 1));
	if (schema)
		cJSON_AddItemToObject(b, "format", cJSON_Duplicate(schema, 1));
}

/* OpenAI: max_tokens and the sampling fields it knows at the top level,
 * response_format for a schema. */
static void
openai_part(cJSON *b, const struct cg_kindset *k, const cJSON *schema)
{
	static const char *const oai[] = { "temperature", "top_p", "seed",
	    "frequency_penalty", "presence_penalty", "stop", NULL };
	cJSON *m, *rf, *js;
	const cJSON *v;
	int i;

	cJSON_AddItemToObject(b, "stream_options", m = cJSON_CreateObject());
	cJSON_AddBoolToObject(m, "include_usage", 1);
	cJSON_AddNumberToObject(b, "max_tokens", k->num_predict);
	for (i = 0; oai[i]; i++)
		if ((v = cJSON_GetObjectItemCaseSensitive(k->options, oai[i])))
			cJSON_AddItemToObject(b, oai[i], cJSON_Duplicate(v, 1));
	if (!schema)
		return;
	cJSON_AddItemToObject(b, "response_format", rf = cJSON_CreateObject());
	cJSON_AddStringToObject(rf, "type", "json_schema");
	cJSON_AddItemToObject(rf, "json_schema", js = cJSON_CreateObject());
	cJSON_AddStringToObject(js, "name", "reply");
	cJSON_AddItemToObject(js, "schema", cJSON_Duplicate(schema, 1));
	/* not strict: hosted strict mode rejects keywords our schemas use
	 * (prefixItems, minItems); the reply is validated here */
	cJSON_AddBoolToObject(js, "strict", 0);
}

cJSON *
cg_llm_body(const struct cg_settings *s, const struct cg_llm_req *rq)
{
	const struct cg_kindset *k = cg_settings_kind(s, rq->kind);
	cJSON *b = cJSON_CreateObject(), *msgs;

	cJSON_AddStringToObject(b, "model", s->model);
	msgs = cJSON_AddArrayToObject(b, "messages");
	if (rq->system && *rq->system)
		message(msgs, "system", rq->system);
	message(msgs, "user", rq->user ? rq->user : "");
	/* a re-ask is a conversation: the reply, then what to fix in it */
	if (rq->prev && rq->fix) {
		message(msgs, "assistant", rq->prev);
		message(msgs, "user", rq->fix);
	}
	cJSON_AddBoolToObject(b, "stream", 1);
	if (s->openai)
		openai_part(b, k, rq->schema);
	else
		ollama_part(b, s, k, rq->schema);
	return b;
}
