/* simjson.c — JSON replies of cg-sim that satisfy (or, asked to, break)
 * a JSON schema (see sim.h). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "sim.h"
#include "simint.h"

/* ---- JSON from a schema ------------------------------------------------ */

enum { BAD_NONE, BAD_SHORT, BAD_REQUIRED, BAD_ENUM, BAD_TYPE };

typedef struct jctx {
	gen  *g;
	const cJSON *root;
	int   bad;		/* violation still to make */
	int   depth;
} jctx;

const cJSON *
sim_jget(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* Follow "$ref": "#/$defs/X" / "#/definitions/X"; first of anyOf/oneOf. */
static const cJSON *
resolve(const jctx *c, const cJSON *s)
{
	int hops;

	for (hops = 0; s && hops < 8; hops++) {
		const cJSON *r = sim_jget(s, "$ref"), *alt;

		if (cJSON_IsString(r) && strncmp(r->valuestring, "#/", 2) == 0) {
			char *path = xstrdup(r->valuestring + 2), *tok, *save;
			const cJSON *t = c->root;

			for (tok = strtok_r(path, "/", &save); tok && t;
			    tok = strtok_r(NULL, "/", &save))
				t = sim_jget(t, tok);
			free(path);
			s = t;
			continue;
		}
		if ((alt = sim_jget(s, "anyOf")) || (alt = sim_jget(s, "oneOf"))) {
			const cJSON *a;

			cJSON_ArrayForEach(a, alt) {
				const cJSON *ty = sim_jget(a, "type");
				if (!cJSON_IsString(ty) || strcmp(ty->valuestring, "null"))
					break;
			}
			if (a) {
				s = a;
				continue;
			}
		}
		break;
	}
	return s;
}

static const char *
stype(const cJSON *s)
{
	const cJSON *t = sim_jget(s, "type"), *e;

	if (cJSON_IsString(t))
		return t->valuestring;
	if (cJSON_IsArray(t))
		cJSON_ArrayForEach(e, t)
			if (cJSON_IsString(e) && strcmp(e->valuestring, "null"))
				return e->valuestring;
	if (sim_jget(s, "properties"))
		return "object";
	if (sim_jget(s, "items"))
		return "array";
	return "string";
}

/* Does the schema offer a chance for violation kind k? */
static int
can_bad(const jctx *c, const cJSON *s, int k, int depth)
{
	const cJSON *p;
	const char *t;

	s = resolve(c, s);
	if (!s || depth > 16)
		return 0;
	if (k == BAD_ENUM && cJSON_IsArray(sim_jget(s, "enum")))
		return 1;
	t = stype(s);
	if (strcmp(t, "object") == 0) {
		if (k == BAD_REQUIRED && cJSON_GetArraySize(sim_jget(s, "required")) > 0)
			return 1;
		cJSON_ArrayForEach(p, sim_jget(s, "properties"))
			if (can_bad(c, p, k, depth + 1))
				return 1;
	} else if (strcmp(t, "array") == 0) {
		if (k == BAD_SHORT && cJSON_GetNumberValue(sim_jget(s, "minItems")) >= 1)
			return 1;
		return can_bad(c, sim_jget(s, "items"), k, depth + 1);
	}
	return 0;
}

static char *
strval(jctx *c, const char *key, const cJSON *s)
{
	gen *g = c->g;
	cg_buf b = {0};
	char k[64] = "";
	const cJSON *f = sim_jget(s, "format");
	double minl = cJSON_GetNumberValue(sim_jget(s, "minLength"));
	double maxl = cJSON_GetNumberValue(sim_jget(s, "maxLength"));
	size_t i;

	for (i = 0; key && key[i] && i + 1 < sizeof k; i++)
		k[i] = (char)tolower((unsigned char)key[i]);
	k[i] = '\0';
	if (cJSON_IsString(f) && strcmp(f->valuestring, "date") == 0)
		cg_buf_printf(&b, "2025-%02u-%02u", sim_range(&g->r, 1, 12),
		    sim_range(&g->r, 1, 28));
	else if (cJSON_IsString(f) && strcmp(f->valuestring, "date-time") == 0)
		cg_buf_printf(&b, "2025-%02u-%02uT%02u:00:00Z", sim_range(&g->r, 1, 12),
		    sim_range(&g->r, 1, 28), sim_range(&g->r, 0, 23));
	else if (cJSON_IsString(f) && strcmp(f->valuestring, "email") == 0)
		cg_buf_printf(&b, "%s@example.org", sim_subj(g));
	else if (cJSON_IsString(f) && strcmp(f->valuestring, "uri") == 0)
		cg_buf_printf(&b, "https://example.org/%s", sim_subj(g));
	else if (strstr(k, "question") || strstr(k, "stem"))
		sim_question(g, &b);
	else if (strcmp(k, "id") == 0 || strstr(k, "_id") || strstr(k, "slug"))
		cg_buf_printf(&b, "%s-%u", sim_subj(g), sim_range(&g->r, 1, 999));
	else if (strstr(k, "title") || strstr(k, "name") || strstr(k, "heading") ||
	    strstr(k, "label") || strstr(k, "topic"))
		sim_title(g, &b);
	else if (strstr(k, "concept") || strstr(k, "keyword") ||
	    strstr(k, "tag") || strstr(k, "term") || strstr(k, "option") ||
	    strstr(k, "choice"))
		sim_expand(g, &b, sim_keyword(g), 0);
	else {
		sim_sentence(g, &b);
		if (strstr(k, "description") || strstr(k, "explanation") ||
		    strstr(k, "summary") || strstr(k, "content")) {
			if (!sim_lang_cjk(g->L))	/* CJK: no space */
				cg_buf_putc(&b, ' ');
			sim_sentence(g, &b);
		}
	}
	while (minl > 0 && (double)b.len < minl) {
		if (!sim_lang_cjk(g->L))
			cg_buf_putc(&b, ' ');
		sim_sentence(g, &b);
	}
	if (maxl > 0 && (double)b.len > maxl) {	/* whole words */
		sim_cut(b.s, (size_t)maxl);
		b.len = strlen(b.s);
	}
	return cg_buf_take(&b);
}

static cJSON *
jval(jctx *c, const char *key, const cJSON *s)
{
	gen *g = c->g;
	const cJSON *e, *p;
	const char *t;
	cJSON *o;

	s = resolve(c, s);
	if (!s || c->depth > 16)
		return cJSON_CreateNull();
	if ((e = sim_jget(s, "const")))
		return cJSON_Duplicate(e, 1);
	if (cJSON_IsArray(e = sim_jget(s, "enum")) && cJSON_GetArraySize(e) > 0) {
		if (c->bad == BAD_ENUM) {
			c->bad = BAD_NONE;
			return cJSON_CreateString("not-one-of-the-allowed-values");
		}
		return cJSON_Duplicate(cJSON_GetArrayItem(e,
		    (int)cg_sim_below(&g->r, (unsigned)cJSON_GetArraySize(e))), 1);
	}
	t = stype(s);
	if (c->bad == BAD_TYPE) {
		c->bad = BAD_NONE;
		return strcmp(t, "string") ? cJSON_CreateString("unexpected")
		    : cJSON_CreateNumber(42);
	}
	if (strcmp(t, "object") == 0) {
		const cJSON *req = sim_jget(s, "required");
		const char *skip = NULL;

		if (c->bad == BAD_REQUIRED && cJSON_GetArraySize(req) > 0) {
			skip = cJSON_GetStringValue(cJSON_GetArrayItem(req,
			    (int)cg_sim_below(&g->r, (unsigned)cJSON_GetArraySize(req))));
			c->bad = BAD_NONE;
		}
		o = cJSON_CreateObject();
		c->depth++;
		cJSON_ArrayForEach(p, sim_jget(s, "properties"))
			if (!skip || strcmp(p->string, skip))
				cJSON_AddItemToObject(o, p->string, jval(c, p->string, p));
		/* required names without a property schema still get a value */
		cJSON_ArrayForEach(p, req)
			if (cJSON_IsString(p) && !sim_jget(o, p->valuestring) &&
			    (!skip || strcmp(p->valuestring, skip)))
				cJSON_AddItemToObject(o, p->valuestring,
				    jval(c, p->valuestring, NULL));
		c->depth--;
		return o;
	}
	if (strcmp(t, "array") == 0) {
		double mn = cJSON_GetNumberValue(sim_jget(s, "minItems"));
		double mx = cJSON_GetNumberValue(sim_jget(s, "maxItems"));
		unsigned lo, hi, n, i;

		lo = mn >= 0 ? (unsigned)mn : 0;	/* NaN when absent */
		hi = mx >= 0 ? (unsigned)mx : (lo > 3 ? lo : 3) + 2;
		if (!(mn >= 0) && hi > 2)
			lo = 2;
		if (hi < lo)
			hi = lo;
		if (hi > lo + 200)
			hi = lo + 200;
		n = sim_range(&g->r, lo, hi);
		if (c->bad == BAD_SHORT && lo >= 1) {
			n = lo - 1;
			c->bad = BAD_NONE;
		} else if (c->bad && n == 0 && hi >= 1) {
			n = 1;	/* the violation may be further in */
		}
		o = cJSON_CreateArray();
		c->depth++;
		/* prefixItems (JSON Schema 2020-12): a schema per position */
		for (i = 0; i < n; i++) {
			const cJSON *is = cJSON_GetArrayItem(sim_jget(s,
			    "prefixItems"), (int)i);
			cJSON_AddItemToArray(o, jval(c, key, is ? is :
			    sim_jget(s, "items")));
		}
		c->depth--;
		return o;
	}
	if (strcmp(t, "integer") == 0 || strcmp(t, "number") == 0) {
		double lo = 1, hi = 10, v;
		const cJSON *x;

		if (cJSON_IsNumber(x = sim_jget(s, "minimum")))
			lo = x->valuedouble;
		if (cJSON_IsNumber(x = sim_jget(s, "exclusiveMinimum")))
			lo = x->valuedouble + 1;
		if (cJSON_IsNumber(x = sim_jget(s, "maximum")))
			hi = x->valuedouble;
		if (cJSON_IsNumber(x = sim_jget(s, "exclusiveMaximum")))
			hi = x->valuedouble - 1;
		if (!cJSON_IsNumber(sim_jget(s, "maximum")) &&
		    !cJSON_IsNumber(sim_jget(s, "exclusiveMaximum")))
			hi = lo + 9;
		if (hi < lo)
			hi = lo;
		if (strcmp(t, "integer") == 0) {
			double a = ceil(lo), b = floor(hi), span;

			if (b < a)
				b = a;
			span = b - a + 1 > 1e6 ? 1e6 : b - a + 1;
			return cJSON_CreateNumber(a +
			    (double)cg_sim_below(&g->r, (unsigned)span));
		}
		v = lo + (hi - lo) * (double)cg_sim_below(&g->r, 1001) / 1000.0;
		if (floor(v * 100) / 100 >= lo)
			v = floor(v * 100) / 100;
		return cJSON_CreateNumber(v);
	}
	if (strcmp(t, "boolean") == 0)
		return cJSON_CreateBool(cg_sim_chance(&g->r, 50));
	if (strcmp(t, "null") == 0)
		return cJSON_CreateNull();
	{
		char *sv = strval(c, key, s);

		o = cJSON_CreateString(sv);
		free(sv);
		return o;
	}
}

const char *const sim_jsonpre[3] = {
	"Here\xe2\x80\x99s the JSON output you requested:",
	"Okay, here\xe2\x80\x99s the JSON, adhering to the schema:",
	"```json",
};

char *
cg_sim_json(const cJSON *schema, const char *prompt, uint64_t seed,
    int quirks, int bad)
{
	gen g;
	jctx c;
	cJSON *v, *generic = NULL;
	char *text;
	cg_buf b = {0};

	sim_gen_init(&g, prompt, seed, quirks);
	if (!schema) {
		generic = cJSON_Parse("{\"type\":\"object\",\"properties\":{"
		    "\"title\":{\"type\":\"string\"},"
		    "\"summary\":{\"type\":\"string\"},"
		    "\"points\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
		    "\"minItems\":3,\"maxItems\":5}}}");
		schema = generic;
	}
	memset(&c, 0, sizeof c);
	c.g = &g;
	c.root = schema;
	if (bad) {
		if (can_bad(&c, schema, BAD_SHORT, 0))
			c.bad = BAD_SHORT;
		else if (can_bad(&c, schema, BAD_REQUIRED, 0))
			c.bad = BAD_REQUIRED;
		else if (can_bad(&c, schema, BAD_ENUM, 0))
			c.bad = BAD_ENUM;
		else
			c.bad = BAD_TYPE;
	}
	v = jval(&c, NULL, schema);
	text = cJSON_Print(v);
	cJSON_Delete(v);
	cJSON_Delete(generic);
	if (quirks && cg_sim_chance(&g.r, 60)) {
		const char *pre = PICK(&g.r, sim_jsonpre);

		if (strcmp(pre, "```json") != 0)
			cg_buf_printf(&b, "%s\n\n", pre);
		cg_buf_printf(&b, "```json\n%s\n```\n", text);
		if (cg_sim_chance(&g.r, 60))
			cg_buf_puts(&b, "\nThis JSON strictly adheres to the "
			    "provided schema.\n");
	} else {
		cg_buf_puts(&b, text);
		if (!quirks)
			cg_buf_putc(&b, '\n');
	}
	free(text);
	sim_gen_free(&g);
	return cg_buf_take(&b);
}
