/* sim.c — deterministic reply content for cg-sim (see sim.h): the random
 * numbers, reading a request, the reply for it and its tokens.  The
 * words are simtext.c's; each kind of reply has a file of its own
 * (simmd.c, simmermaid.c, simjson.c, simquiz.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "sim.h"
#include "simint.h"

/* ---- random numbers ---------------------------------------------------- */

uint64_t
cg_sim_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;

	while (n--) {
		h ^= *s++;
		h *= 1099511628211ULL;
	}
	return h;
}

void
cg_sim_seed(cg_sim_rng *r, uint64_t seed)
{
	r->s = seed;
}

uint64_t
cg_sim_next(cg_sim_rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

unsigned
cg_sim_below(cg_sim_rng *r, unsigned n)
{
	return n ? (unsigned)(cg_sim_next(r) % n) : 0;
}

int
cg_sim_chance(cg_sim_rng *r, int percent)
{
	return (int)cg_sim_below(r, 100) < percent;
}

unsigned
sim_range(cg_sim_rng *r, unsigned lo, unsigned hi)
{
	return hi <= lo ? lo : lo + cg_sim_below(r, hi - lo + 1);
}


/* ---- request parsing ---------------------------------------------------- */

static const char *
cg_sim_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : "";
}

static void
addtext(cg_buf *b, const cJSON *c)
{
	const cJSON *it;

	if (cJSON_IsString(c)) {
		if (b->len)
			cg_buf_putc(b, '\n');
		cg_buf_puts(b, c->valuestring);
	} else if (cJSON_IsArray(c)) {	/* OpenAI content parts */
		cJSON_ArrayForEach(it, c)
			addtext(b, cJSON_GetObjectItemCaseSensitive(it, "text"));
	}
}

void
cg_sim_parse(const cJSON *body, int openai, cg_sim_req *r)
{
	const cJSON *m, *f, *o;
	cg_buf b = {0};

	memset(r, 0, sizeof *r);
	r->max_tokens = -1;
	r->stream = !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(body, "stream"));
	addtext(&b, cJSON_GetObjectItemCaseSensitive(body, "system"));
	/* the instructions: a re-ask's earlier reply (the assistant's turn)
	 * is context, not something to follow */
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(body, "messages"))
		if (strcmp(cg_sim_str(m, "role"), "assistant") != 0)
			addtext(&b, cJSON_GetObjectItemCaseSensitive(m,
			    "content"));
		else
			r->reask++;
	addtext(&b, cJSON_GetObjectItemCaseSensitive(body, "prompt"));
	r->prompt = cg_buf_take(&b);
	if (openai) {
		f = cJSON_GetObjectItemCaseSensitive(body, "response_format");
		o = cJSON_GetObjectItemCaseSensitive(f, "type");
		if (cJSON_IsString(o) && strcmp(o->valuestring, "json_object") == 0)
			r->json = 1;
		if (cJSON_IsString(o) && strcmp(o->valuestring, "json_schema") == 0) {
			r->json = 1;
			o = cJSON_GetObjectItemCaseSensitive(f, "json_schema");
			o = cJSON_GetObjectItemCaseSensitive(o, "schema");
			if (cJSON_IsObject(o))
				r->schema = o;
		}
		o = cJSON_GetObjectItemCaseSensitive(body, "max_completion_tokens");
		if (!cJSON_IsNumber(o))
			o = cJSON_GetObjectItemCaseSensitive(body, "max_tokens");
		if (cJSON_IsNumber(o) && o->valuedouble >= 0)
			r->max_tokens = (long)o->valuedouble;
		o = cJSON_GetObjectItemCaseSensitive(body, "stream_options");
		r->include_usage = cJSON_IsTrue(
		    cJSON_GetObjectItemCaseSensitive(o, "include_usage"));
		/* OpenAI streams only when asked to */
		r->stream = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "stream"));
	} else {
		f = cJSON_GetObjectItemCaseSensitive(body, "format");
		if (cJSON_IsString(f) && strcmp(f->valuestring, "json") == 0)
			r->json = 1;
		if (cJSON_IsObject(f)) {
			r->json = 1;
			r->schema = f;
		}
		o = cJSON_GetObjectItemCaseSensitive(body, "options");
		o = cJSON_GetObjectItemCaseSensitive(o, "num_predict");
		if (cJSON_IsNumber(o) && o->valuedouble >= 0)
			r->max_tokens = (long)o->valuedouble;
	}
}

void
cg_sim_req_free(cg_sim_req *r)
{
	free(r->prompt);
	r->prompt = NULL;
}

enum cg_sim_kind
cg_sim_kind(const cg_sim_req *r)
{
	const char *p;

	if (r->schema)
		return CG_SIM_JSON;
	for (p = r->prompt ? r->prompt : ""; *p; p++)
		if (strncasecmp(p, "mermaid", 7) == 0)
			return CG_SIM_MERMAID;
	return r->json ? CG_SIM_JSON : CG_SIM_MARKDOWN;
}

/* Parse a number like 1,200 at *pp; -1 when there is none. */
static long
number(const char **pp)
{
	const char *p = *pp;
	long v = -1;

	while (isdigit((unsigned char)*p) ||
	    (v >= 0 && *p == ',' && isdigit((unsigned char)p[1]))) {
		if (*p != ',')
			v = (v < 0 ? 0 : v) * 10 + (*p - '0');
		if (v > 1000000)
			return -1;
		p++;
	}
	*pp = p;
	return v;
}

static const char *
skipsp(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

int
cg_sim_target_words(const char *prompt, int def)
{
	const char *p;

	for (p = prompt ? prompt : ""; *p; p++) {
		const char *q = p;
		long a, b;

		if (!isdigit((unsigned char)*p) ||
		    (p > prompt && isalnum((unsigned char)p[-1])))
			continue;
		a = number(&q);
		q = skipsp(q);
		if (strncasecmp(q, "and", 3) == 0 || strncasecmp(q, "to", 2) == 0)
			q += q[0] == 't' || q[0] == 'T' ? 2 : 3;
		else if (*q == '-')
			q++;
		else if (strncmp(q, "\xe2\x80\x93", 3) == 0)	/* en dash */
			q += 3;
		else
			continue;
		q = skipsp(q);
		b = number(&q);
		q = skipsp(q);
		if (a < 0 || b < a || strncasecmp(q, "words", 5) != 0)
			continue;
		return (int)((a + b) / 2);
	}
	return def;
}

static size_t sim_headings(const char *prompt, char ***out);

/* A heading "translated" for a prompt that asks for its headings in
 * another language ("... translated into Japanese."): a required heading
 * as the language says it (simlang.c), else word by word: a word with
 * letters beyond ASCII kept whole, an ASCII word kept too for a language
 * cg-sim has words for (a name, or already the language's), in katakana
 * for Japanese, Chinese and Korean, and made up as a Romance word for
 * any other (its first letters and an ending: never the English words,
 * so that only position and count can match them).  Caller frees. */
static char *
translate(const char *lang, const char *h)
{
	static const char *const endings[] = { "ci\xc3\xb3n", "idad", "ismo",
	    "ante", "eza" };
	const struct sim_lang *l = sim_lang_named(lang);
	const char *known = sim_lang_heading(l, h), *p;
	cg_buf b = {0};
	int cjk = l ? sim_lang_cjk(l) : !strncmp(lang, "Japanese", 8) ||
	    !strncmp(lang, "Chinese", 7) || !strncmp(lang, "Korean", 6);
	size_t k, n, i, ascii;

	if (known)
		return xstrdup(known);
	for (p = h; *p; p += n) {
		for (n = ascii = 0; *p && sim_script(sim_utf8(p + n, &k)) ==
		    SIM_ALPHA; n += k)
			ascii += k == 1;
		if (n == 0) {	/* not a letter: kept (CJK: spaces only) */
			sim_utf8(p, &n);
			if (!cjk || *p == ' ' || (unsigned char)*p >= 0x80)
				cg_buf_add(&b, p, n);
		} else if (ascii < n || (l && !cjk)) {
			cg_buf_add(&b, p, n);
		} else if (cjk) {	/* U+30A2 + 2k */
			for (i = 0; i < n; i++) {
				unsigned cp = 0x30A2 + 2u * (unsigned)(tolower(
				    (unsigned char)p[i]) - 'a');
				cg_buf_putc(&b, (char)(0xE0 | (cp >> 12)));
				cg_buf_putc(&b, (char)(0x80 | ((cp >> 6) & 0x3F)));
				cg_buf_putc(&b, (char)(0x80 | (cp & 0x3F)));
			}
		} else {
			cg_buf_add(&b, p, n < 3 ? n : 3);
			cg_buf_puts(&b, endings[(n + (size_t)tolower(
			    (unsigned char)*p)) % 5]);
		}
	}
	return cg_buf_take(&b);
}

size_t
cg_sim_headings(const char *prompt, char ***out)
{
	const char *tr = prompt ? strstr(prompt, "translated into ") : NULL;
	size_t k, n = sim_headings(prompt, out);

	if (tr && strncmp(tr + 16, "English", 7) != 0)
		for (k = 0; k < n; k++) {
			char *t = translate(tr + 16, (*out)[k]);
			free((*out)[k]);
			(*out)[k] = t;
		}
	return n;
}

/* A prompt that asks for a section per subtopic ("Give each subtopic a
 * level-two section of its own", the lecture's) gets one, titled after
 * the subtopic, right after the first of the required headings v[0..n)
 * (the lecture's Overview, before its Key Concepts recap and Summary):
 * as a careful author would write it. */
static size_t
subtopic_sections(const char *prompt, char ***v, size_t n)
{
	const char *p = prompt ? strstr(prompt, "\nSubtopics:\n") : NULL;
	char **sub = NULL;
	size_t ns = 0, i, at;

	if (!p || !strstr(prompt, "Give each subtopic a level-two section"))
		return n;
	for (p += 12; strncmp(p, "- ", 2) == 0 && ns < 16; ) {
		const char *e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		sub = xrealloc(sub, (ns + 1) * sizeof *sub);
		sub[ns++] = xstrndup(p + 2, (size_t)(e - p - 2));
		p = *e ? e + 1 : e;
	}
	if (!ns || n + ns > 64) {
		for (i = 0; i < ns; i++)
			free(sub[i]);
		free(sub);
		return n;
	}
	*v = xrealloc(*v, (n + ns) * sizeof **v);
	at = n ? 1 : 0;		/* after the first required heading */
	memmove(*v + at + ns, *v + at, (n - at) * sizeof **v);
	for (i = 0; i < ns; i++)
		(*v)[at + i] = sub[i];
	free(sub);
	return n + ns;
}

static size_t
sim_headings(const char *prompt, char ***out)
{
	const char *p = prompt ? prompt : "";
	char **v = NULL;
	size_t n = 0;

	while (*p) {
		const char *e = strchr(p, '\n');

		if (!e)
			e = p + strlen(p);
		if (strncmp(p, "## ", 3) == 0) {
			const char *s = p + 3;
			const char *t = e;

			while (s < t && (*s == ' ' || *s == '\t'))
				s++;
			while (t > s && isspace((unsigned char)t[-1]))
				t--;
			if (t > s && n < 64) {
				v = xrealloc(v, (n + 1) * sizeof *v);
				v[n++] = xstrndup(s, (size_t)(t - s));
			}
		}
		p = *e ? e + 1 : e;
	}
	n = subtopic_sections(prompt, &v, n);
	*out = v;
	return n;
}

/* What a model writes when the server ignored the schema: the quiz in
 * markdown (off as for quiz_md), any other JSON fenced with prose around
 * it. */
static char *
noschema(const cg_sim_req *r, uint64_t seed, int quirks, int off)
{
	int c[4];
	char *j;
	const char *t;
	cg_buf b = {0};
	gen g;

	if (cg_sim_quiz_counts(r, c))
		return sim_quiz_md(r->prompt, c[0], c[1], c[2], c[3], seed,
		    quirks, off);
	j = cg_sim_json(r->schema, r->prompt, seed, 0, 0);
	sim_gen_init(&g, r->prompt, seed, quirks);
	t = PICK(&g.r, sim_jsonpre);
	if (strcmp(t, "```json") != 0)	/* else no prose before */
		cg_buf_printf(&b, "%s\n\n", t);
	cg_buf_printf(&b, "```json\n%s\n```\n\nThis JSON follows the structure "
	    "you described; let me know if you need changes.\n", j);
	free(j);
	sim_gen_free(&g);
	return cg_buf_take(&b);
}

/* The quirks level of a reply: 0, 1, or 2 with CG_SIM_SHAPES; a re-ask
 * keeps level 2 only about 1 time in 4, as a real model asked to fix
 * its reply mostly does. */
static int
level(const cg_sim_req *r, uint64_t seed, int quirks)
{
	cg_sim_rng k;

	if (!(quirks & CG_SIM_QUIRKS))
		return 0;
	if (!(quirks & CG_SIM_SHAPES))
		return 1;
	cg_sim_seed(&k, seed ^ 0x2b5d18e9a4c3f761ULL);
	return r->reask > 0 && !cg_sim_chance(&k, 25) ? 1 : 2;
}

char *
cg_sim_reply(const cg_sim_req *r, uint64_t seed, int words, int quirks,
    int bad)
{
	int q = level(r, seed, quirks), c[4];
	int off = (quirks & CG_SIM_QUIRKS) && (quirks & CG_SIM_SHAPES);

	if ((quirks & CG_SIM_NOSCHEMA) && r->json)
		return noschema(r, seed, q, off);
	switch (cg_sim_kind(r)) {
	case CG_SIM_MERMAID:
		return cg_sim_mermaid(r->prompt, seed, q);
	case CG_SIM_JSON:
		return cg_sim_json(r->schema, r->prompt, seed, q, bad);
	default:
		if (q && cg_sim_quiz_counts(r, c))
			return sim_quiz_md(r->prompt, c[0], c[1], c[2], c[3], seed,
			    q, off);
		return cg_sim_markdown(r->prompt,
		    cg_sim_target_words(r->prompt, words), seed, q);
	}
}

/* ---- tokens ------------------------------------------------------------ */

static int
wordbyte(int c)
{
	return isalnum(c) || c == '\'' || c >= 0x80;
}

size_t
cg_sim_tokens(const char *text, size_t **off)
{
	size_t n = 0, cap = 64, i = 0;
	size_t *o = xmalloc(cap * sizeof *o);
	const unsigned char *s = (const unsigned char *)text;

	o[0] = 0;
	while (s[i]) {
		size_t k = 0;

		while (s[i] && isspace(s[i]))
			i++;
		if (s[i] && wordbyte(s[i]))
			while (s[i] && wordbyte(s[i]))
				i++;
		else
			while (s[i] && !isspace(s[i]) && !wordbyte(s[i]) && k++ < 3)
				i++;
		if (n + 2 > cap) {
			cap *= 2;
			o = xrealloc(o, cap * sizeof *o);
		}
		o[++n] = i;
	}
	*off = o;
	return n;
}
