/* Unit tests for lib/sim.c: the deterministic reply generators of cg-sim. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

#include "tap.h"
#include "util.h"
#include "sim.h"

static int
count(const char *s, const char *needle)
{
	int n = 0;

	for (; (s = strstr(s, needle)); s += strlen(needle))
		n++;
	return n;
}

/* Words outside heading lines, as a reader (or cg-check) would count them. */
static int
words(const char *s)
{
	int n = 0, in = 0, head = 0, bol = 1;

	for (; *s; s++) {
		if (bol)
			head = strncmp(s, "#", 1) == 0;
		bol = *s == '\n';
		if (isspace((unsigned char)*s))
			in = 0;
		else if (!in && !head && *s != '-') {
			in = 1;
			n++;
		}
	}
	return n;
}

/* A small validator for the schema keywords the generator promises. */
static int
valid(const cJSON *v, const cJSON *s)
{
	const cJSON *t = cJSON_GetObjectItem(s, "type"), *e, *p;
	const char *ty = cJSON_GetStringValue(t);
	double mn, mx;

	if ((e = cJSON_GetObjectItem(s, "enum"))) {
		cJSON_ArrayForEach(p, e)
			if (cJSON_Compare(p, v, 1))
				return 1;
		return 0;
	}
	if (!ty)
		return 1;
	if (!strcmp(ty, "object")) {
		if (!cJSON_IsObject(v))
			return 0;
		cJSON_ArrayForEach(p, cJSON_GetObjectItem(s, "required"))
			if (!cJSON_GetObjectItem(v, p->valuestring))
				return 0;
		cJSON_ArrayForEach(p, cJSON_GetObjectItem(s, "properties")) {
			const cJSON *x = cJSON_GetObjectItem(v, p->string);
			if (x && !valid(x, p))
				return 0;
		}
		return 1;
	}
	if (!strcmp(ty, "array")) {
		int n = cJSON_GetArraySize(v);

		if (!cJSON_IsArray(v))
			return 0;
		mn = cJSON_GetNumberValue(cJSON_GetObjectItem(s, "minItems"));
		mx = cJSON_GetNumberValue(cJSON_GetObjectItem(s, "maxItems"));
		if ((mn >= 0 && n < mn) || (mx >= 0 && n > mx))
			return 0;
		cJSON_ArrayForEach(p, v)
			if (!valid(p, cJSON_GetObjectItem(s, "items")))
				return 0;
		return 1;
	}
	if (!strcmp(ty, "integer") || !strcmp(ty, "number")) {
		if (!cJSON_IsNumber(v))
			return 0;
		if (!strcmp(ty, "integer") && v->valuedouble != (double)(long)v->valuedouble)
			return 0;
		mn = cJSON_GetNumberValue(cJSON_GetObjectItem(s, "minimum"));
		mx = cJSON_GetNumberValue(cJSON_GetObjectItem(s, "maximum"));
		return !(mn >= 0 && v->valuedouble < mn) && !(mx >= 0 && v->valuedouble > mx);
	}
	if (!strcmp(ty, "string"))
		return cJSON_IsString(v) && *v->valuestring;
	if (!strcmp(ty, "boolean"))
		return cJSON_IsBool(v);
	return 1;
}

static const char *schema_text =
    "{\"type\":\"object\",\"required\":[\"title\",\"questions\"],"
    "\"properties\":{\"title\":{\"type\":\"string\"},"
    "\"level\":{\"enum\":[\"intro\",\"advanced\"]},"
    "\"weeks\":{\"type\":\"integer\",\"minimum\":3,\"maximum\":5},"
    "\"questions\":{\"type\":\"array\",\"minItems\":6,\"maxItems\":8,"
    "\"items\":{\"type\":\"object\",\"required\":[\"question\",\"kind\",\"ok\"],"
    "\"properties\":{\"question\":{\"type\":\"string\"},"
    "\"kind\":{\"type\":\"string\",\"enum\":[\"mcq\",\"short\",\"essay\"]},"
    "\"ok\":{\"type\":\"boolean\"},"
    "\"options\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
    "\"minItems\":4,\"maxItems\":4}}}}}}";

static const char *prompt =
    "Course: Marine Ecology.  Write the lecture on coral reefs, plankton "
    "and tides.  Write between 400 and 500 words.\n"
    "## Overview\n## Coral Reefs\n## Plankton Blooms\n## Summary\n";

int
main(void)
{
	cg_sim_rng r;
	size_t *off, n, i;
	char *a, *b, **hv;
	int k, ok1, hits[8] = {0};
	cJSON *schema, *v;
	const char *t = "Hello, world.\n\n## Intro \xe2\x80\x9chere\xe2\x80\x99s\xe2\x80\x9d {\"a\": 1}";

	/* random numbers */
	cg_sim_seed(&r, 1);
	ok1 = 1;
	for (k = 0; k < 1000; k++)
		ok1 &= cg_sim_below(&r, 7) < 7;
	ok(ok1, "below(7) stays below 7");
	isnum(cg_sim_below(&r, 0), 0, "below(0) is 0");
	ok(cg_sim_hash("a", 1) != cg_sim_hash("b", 1), "hash differs by input");
	isnum(cg_sim_hash("", 0) == 1469598103934665603ULL, 1, "FNV-1a offset basis");

	/* tokens */
	n = cg_sim_tokens(t, &off);
	isnum(off[0], 0, "tokens start at 0");
	isnum(off[n], strlen(t), "tokens cover the text");
	ok1 = 1;
	for (i = 0; i < n; i++)
		ok1 &= off[i + 1] > off[i];
	ok(ok1, "no empty tokens");
	isnum(n, 12, "token count of a mixed line");
	ok(off[2] - off[1] == 1 && t[off[1]] == ',', "punctuation is a token");
	ok(strncmp(t + off[6], " \xe2\x80\x9chere\xe2\x80\x99s\xe2\x80\x9d", off[7] - off[6]) == 0,
	    "UTF-8 is never split");
	free(off);
	isnum(cg_sim_tokens("", &off), 0, "no tokens in empty text");
	free(off);

	/* word targets and headings */
	isnum(cg_sim_target_words("Write between 800 and 1,200 words.", 5), 1000, "between A and B words");
	isnum(cg_sim_target_words("about 300-500 words", 5), 400, "A-B words");
	isnum(cg_sim_target_words("300 to 400 Words", 5), 350, "A to B words");
	isnum(cg_sim_target_words("3 sections and 4 words? no", 5), 5, "no range: default");
	isnum(cg_sim_target_words(NULL, 7), 7, "NULL prompt: default");
	n = cg_sim_headings(prompt, &hv);
	isnum(n, 4, "four required headings");
	is(n > 2 ? hv[2] : NULL, "Plankton Blooms", "headings in order");
	cg_sim_strv_free(hv, n);

	/* markdown */
	a = cg_sim_markdown(prompt, 450, 11, 0);
	b = cg_sim_markdown(prompt, 450, 11, 0);
	is(a, b, "markdown is deterministic");
	ok(strncmp(a, "## Overview\n", 12) == 0, "starts with the first required heading");
	isnum(count(a, "\n## ") + 1, 4, "exactly the required sections");
	ok(strstr(a, "## Coral Reefs") < strstr(a, "## Plankton Blooms") &&
	    strstr(a, "## Plankton Blooms") < strstr(a, "## Summary"), "in the prompt's order");
	k = words(a);
	ok(k >= 400 && k <= 520, "about 450 words (got %d)", k);
	ok(strstr(a, "coral") || strstr(a, "plankton") || strstr(a, "reefs"),
	    "uses the prompt's subject words");
	ok(!strstr(a, "```") && !strstr(a, "\xe2\x80\x99"), "strict markdown: no fences, no curly quotes");
	ok(a[strlen(a) - 1] == '\n', "ends with a newline");
	free(b);
	b = cg_sim_markdown(prompt, 450, 12, 0);
	ok(strcmp(a, b) != 0, "another seed gives another text");
	free(a);
	free(b);
	a = cg_sim_markdown("Explain volcanoes.", 1000, 3, 0);
	k = count(a, "## ");
	ok(k >= 4 && k <= 6, "4-6 invented sections (got %d)", k);
	k = words(a);
	ok(k >= 900 && k <= 1100, "about 1000 words (got %d)", k);
	ok(strstr(a, "\n- ") != NULL, "has a bullet list");
	free(a);
	for (k = 0; k < 40; k++) {
		a = cg_sim_markdown(prompt, 200, (uint64_t)k, 1);
		hits[0] += strstr(a, "Okay, here\xe2\x80\x99s") != NULL;
		hits[1] += strstr(a, "```markdown\n") != NULL;
		hits[2] += strstr(a, "Let me know") != NULL || strstr(a, "strictly adheres") != NULL;
		hits[3] += a[strlen(a) - 1] != '\n';
		free(a);
	}
	ok(hits[0] > 0 && hits[0] < 40, "quirks: some chat preambles with curly apostrophes (%d/40)", hits[0]);
	ok(hits[1] > 0 && hits[1] < 40, "quirks: some whole-reply fences (%d/40)", hits[1]);
	ok(hits[2] > 0 && hits[2] < 40, "quirks: some trailing remarks (%d/40)", hits[2]);
	ok(hits[3] > 0 && hits[3] < 40, "quirks: some without a final newline (%d/40)", hits[3]);

	/* mermaid */
	memset(hits, 0, sizeof hits);
	for (k = 0; k < 40; k++) {
		int nodes = 0;
		const char *p;

		a = cg_sim_mermaid("Draw a mermaid diagram of the water cycle", (uint64_t)k, 0);
		hits[0] += strncmp(a, "flowchart TD\n", 13) == 0 || strncmp(a, "flowchart LR\n", 13) == 0;
		for (p = a; (p = strchr(p, '\n')); p++)
			if (!strncmp(p, "\n    ", 5) && isupper((unsigned char)p[5]) &&
			    (p[6] == '[' || p[6] == '{'))
				nodes++;
		for (p = a; (p = strchr(p, '\n')); p++)
			if (!strncmp(p, "\n        ", 9) && isupper((unsigned char)p[9]) &&
			    (p[10] == '[' || p[10] == '{'))
				nodes++;
		hits[1] += nodes >= 5 && nodes <= 12;
		hits[2] += strstr(a, "[\"") != NULL && !strstr(a, "[A") && !strstr(a, "-->>") &&
		    !strchr(a, ';') && !strstr(a, "```");
		hits[3] += strstr(a, "subgraph") != NULL;
		hits[4] += count(a, "subgraph") == count(a, "    end\n");
		free(a);
		a = cg_sim_mermaid("mermaid please: the water cycle", (uint64_t)k, 1);
		hits[5] += strstr(a, "```mermaid\n") != NULL;
		hits[6] += strstr(a, " (") && strstr(a, ")]");
		hits[7] += strstr(a, "**Explanation:**") != NULL;
		free(a);
	}
	isnum(hits[0], 40, "mermaid starts with flowchart TD/LR");
	isnum(hits[1], 40, "5-12 nodes");
	isnum(hits[2], 40, "strict syntax without quirks");
	ok(hits[3] > 0 && hits[3] < 40, "sometimes a subgraph (%d/40)", hits[3]);
	isnum(hits[4], 40, "every subgraph is closed");
	ok(hits[5] > 20 && hits[5] < 40, "quirks: mostly fenced (%d/40)", hits[5]);
	ok(hits[6] > 10, "quirks: unquoted parentheses in labels (%d/40)", hits[6]);
	ok(hits[7] > 10, "quirks: an Explanation after (%d/40)", hits[7]);

	/* JSON from a schema */
	schema = cJSON_Parse(schema_text);
	memset(hits, 0, sizeof hits);
	for (k = 0; k < 30; k++) {
		const cJSON *qs;

		a = cg_sim_json(schema, prompt, (uint64_t)k, 0, 0);
		v = cJSON_Parse(a);
		hits[0] += v && valid(v, schema);
		qs = cJSON_GetObjectItem(v, "questions");
		if (cJSON_GetArraySize(qs) > 0) {
			const char *q = cJSON_GetStringValue(cJSON_GetObjectItem(
			    cJSON_GetArrayItem(qs, 0), "question"));
			hits[1] += q && q[strlen(q) - 1] == '?';
			hits[2] += strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(
			    cJSON_GetArrayItem(qs, 0), "question")),
			    cJSON_GetStringValue(cJSON_GetObjectItem(
			    cJSON_GetArrayItem(qs, 1), "question"))) != 0;
		}
		cJSON_Delete(v);
		free(a);
		a = cg_sim_json(schema, prompt, (uint64_t)k, 0, 1);
		v = cJSON_Parse(a);
		hits[3] += v && !valid(v, schema);
		hits[4] += v && cJSON_GetArraySize(cJSON_GetObjectItem(v, "questions")) == 5;
		cJSON_Delete(v);
		free(a);
		a = cg_sim_json(schema, prompt, (uint64_t)k, 1, 0);
		hits[5] += strstr(a, "```json\n") != NULL;
		free(a);
	}
	isnum(hits[0], 30, "JSON satisfies the schema");
	isnum(hits[1], 30, "a \"question\" string ends with ?");
	isnum(hits[2], 30, "strings differ");
	isnum(hits[3], 30, "bad 1: JSON violates the schema");
	isnum(hits[4], 30, "bad 1: one item short of minItems");
	ok(hits[5] > 0 && hits[5] < 30, "quirks: JSON sometimes fenced (%d/30)", hits[5]);
	/* no array to shorten: a required property goes missing */
	cJSON_Delete(schema);
	schema = cJSON_Parse("{\"type\":\"object\",\"required\":[\"a\",\"b\"],"
	    "\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"number\"}}}");
	a = cg_sim_json(schema, "", 5, 0, 1);
	v = cJSON_Parse(a);
	ok(v && cJSON_GetArraySize(v) == 1, "bad 1 without arrays drops a required property");
	cJSON_Delete(v);
	free(a);
	a = cg_sim_json(NULL, "", 5, 0, 0);
	v = cJSON_Parse(a);
	ok(cJSON_IsObject(v), "plain JSON mode gives an object");
	cJSON_Delete(v);
	free(a);
	/* $ref and $defs */
	cJSON_Delete(schema);
	schema = cJSON_Parse("{\"$defs\":{\"w\":{\"type\":\"integer\",\"minimum\":7,"
	    "\"maximum\":7}},\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/$defs/w\"}}}");
	a = cg_sim_json(schema, "", 5, 0, 0);
	v = cJSON_Parse(a);
	isnum(cJSON_GetNumberValue(cJSON_GetObjectItem(v, "x")), 7, "$ref is followed");
	cJSON_Delete(v);
	free(a);

	/* request parsing and dispatch */
	{
		cg_sim_req rq;
		cJSON *body = cJSON_Parse("{\"model\":\"m\",\"messages\":[{\"role\":"
		    "\"system\",\"content\":\"You teach.\"},{\"role\":\"user\",\"content\":"
		    "\"Draw a MERMAID chart\"}],\"options\":{\"num_predict\":99},"
		    "\"format\":\"json\"}");

		cg_sim_parse(body, 0, &rq);
		is(rq.prompt, "You teach.\nDraw a MERMAID chart", "prompt joins the messages");
		isnum(rq.max_tokens, 99, "options.num_predict");
		isnum(rq.stream, 1, "Ollama streams by default");
		isnum(rq.json, 1, "format json");
		isnum(cg_sim_kind(&rq), CG_SIM_MERMAID, "mermaid beats plain JSON mode");
		cg_sim_req_free(&rq);
		cJSON_Delete(body);
		body = cJSON_Parse("{\"model\":\"m\",\"max_tokens\":5,\"stream\":true,"
		    "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":"
		    "\"user\",\"content\":[{\"type\":\"text\",\"text\":\"mermaid\"}]}],"
		    "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{"
		    "\"name\":\"x\",\"schema\":{\"type\":\"object\"}}}}");
		cg_sim_parse(body, 1, &rq);
		is(rq.prompt, "mermaid", "OpenAI content parts");
		isnum(rq.max_tokens, 5, "max_tokens");
		isnum(rq.include_usage, 1, "stream_options.include_usage");
		ok(rq.schema != NULL, "response_format json_schema");
		isnum(cg_sim_kind(&rq), CG_SIM_JSON, "a schema wins over mermaid");
		cg_sim_req_free(&rq);
		cJSON_Delete(body);
		body = cJSON_Parse("{\"model\":\"m\",\"prompt\":\"hello\"}");
		cg_sim_parse(body, 1, &rq);
		isnum(rq.stream, 0, "OpenAI does not stream by default");
		isnum(rq.max_tokens, -1, "no cap by default");
		isnum(cg_sim_kind(&rq), CG_SIM_MARKDOWN, "markdown otherwise");
		a = cg_sim_reply(&rq, 1, 30, 0, 0);
		ok(strncmp(a, "## ", 3) == 0, "reply dispatches to markdown");
		free(a);
		cg_sim_req_free(&rq);
		cJSON_Delete(body);
	}
	cJSON_Delete(schema);
	return done_testing();
}
