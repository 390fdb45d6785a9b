/* sim.c — deterministic reply content for cg-sim (see sim.h).
 *
 * Text is built from a small grammar: sentence templates whose slots take
 * nouns, verbs and adjectives, the nouns half of the time drawn from the
 * prompt's own subject words, so different sessions read differently while
 * the same request always gives the same bytes.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "sim.h"

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

static unsigned
range(cg_sim_rng *r, unsigned lo, unsigned hi)
{
	return hi <= lo ? lo : lo + cg_sim_below(r, hi - lo + 1);
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[cg_sim_below((r), NELEM(a))])

/* ---- word lists -------------------------------------------------------- */

static const char *nouns[] = {
	"system", "process", "model", "pattern", "structure", "method",
	"principle", "signal", "network", "balance", "approach", "factor",
	"mechanism", "example", "framework", "outcome", "variable", "cycle",
	"concept", "boundary", "measure", "resource", "strategy", "feature",
	"question", "relationship", "change", "result", "practice", "theory",
	"component", "layer", "sequence", "context", "constraint", "function",
};
static const char *verbs[] = {	/* base forms; regular third person */
	"shape", "guide", "link", "reveal", "support", "explain", "connect",
	"limit", "predict", "balance", "transform", "describe", "combine",
	"test", "reduce", "extend", "compare", "improve", "organize", "define",
	"drive", "influence", "track", "frame", "clarify", "strengthen",
};
static const char *adjs[] = {
	"central", "simple", "complex", "stable", "careful", "practical",
	"common", "distinct", "useful", "broad", "precise", "gradual",
	"basic", "formal", "natural", "typical", "hidden", "direct", "early",
	"modern", "shared", "robust", "limited", "related", "key", "clear",
};
static const char *advs[] = {
	"clearly", "quickly", "gradually", "often", "reliably", "directly",
	"carefully", "rarely", "consistently", "naturally",
};
static const char *preps[] = {
	"of", "within", "across", "through", "beyond", "around", "for",
	"between", "under", "alongside",
};
/* Words never taken from the prompt as subject words. */
static const char *stop[] = {
	"about", "above", "after", "again", "against", "also", "always",
	"among", "and", "another", "answer", "any", "are", "around", "because",
	"been", "before", "being", "below", "between", "both", "bullet",
	"but", "can", "cannot", "closing", "could", "course", "describe",
	"diagram", "does", "doing", "down", "during", "each", "either",
	"every", "exactly", "example", "examples", "explain", "file", "first",
	"flowchart", "following", "format", "from", "further", "give", "have",
	"having", "heading", "headings", "here", "high", "include", "including",
	"into", "itself", "json", "just", "labels", "least", "lecture", "level", "like",
	"list", "longer", "markdown", "mermaid", "more", "most", "must",
	"never", "node", "nodes", "only", "other", "others", "output", "over",
	"placeholder", "placeholders", "preamble", "please", "reply", "remarks",
	"required", "respond",
	"same", "schema", "section", "sections", "session", "sessions",
	"short", "should", "since", "some", "such", "than", "that", "their",
	"them", "then", "there", "these", "they", "this", "those", "through",
	"title", "topic", "under", "until", "upon", "using", "very", "want",
	"were", "what", "when", "where", "which", "while", "will", "with",
	"within", "without", "word", "words", "would", "write", "written",
	"your", "yours",
};

static int
is_stop(const char *w)
{
	size_t i;

	for (i = 0; i < NELEM(stop); i++)
		if (strcmp(stop[i], w) == 0)
			return 1;
	return 0;
}

/* ---- the generator context --------------------------------------------- */

typedef struct gen {
	cg_sim_rng r;
	char  **subj;		/* subject words from the prompt */
	size_t  nsubj;
	int     quirks;
} gen;

static void
gen_init(gen *g, const char *prompt, uint64_t seed, int quirks)
{
	const char *p = prompt ? prompt : "";
	size_t cap = 0;

	memset(g, 0, sizeof *g);
	cg_sim_seed(&g->r, seed);
	g->quirks = quirks;
	while (*p && g->nsubj < 200) {
		const char *s;
		char w[32];
		size_t n, i;

		while (*p && !isalpha((unsigned char)*p))
			p++;
		s = p;
		while (isalpha((unsigned char)*p) ||
		    (*p == '-' && isalpha((unsigned char)p[1])))
			p++;
		n = (size_t)(p - s);
		if (n < 4 || n >= sizeof w)
			continue;
		for (i = 0; i < n; i++)
			w[i] = (char)tolower((unsigned char)s[i]);
		w[n] = '\0';
		if (is_stop(w))
			continue;
		for (i = 0; i < g->nsubj; i++)
			if (strcmp(g->subj[i], w) == 0)
				break;
		if (i < g->nsubj)
			continue;
		if (g->nsubj == cap) {
			cap = cap ? cap * 2 : 16;
			g->subj = xrealloc(g->subj, cap * sizeof *g->subj);
		}
		g->subj[g->nsubj++] = xstrdup(w);
	}
}

static void
gen_free(gen *g)
{
	cg_sim_strv_free(g->subj, g->nsubj);
}

void
cg_sim_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static const char *
noun(gen *g)
{
	return PICK(&g->r, nouns);
}

/* A noun, from the prompt's subject words when there are any. */
static const char *
subj(gen *g)
{
	if (g->nsubj && cg_sim_chance(&g->r, 70))
		return g->subj[cg_sim_below(&g->r, (unsigned)g->nsubj)];
	return noun(g);
}

static void
verb3(gen *g, cg_buf *b)
{
	const char *v = PICK(&g->r, verbs);
	size_t n = strlen(v);

	if (v[n - 1] == 'y' && !strchr("aeiou", v[n - 2])) {
		cg_buf_add(b, v, n - 1);
		cg_buf_puts(b, "ies");
		return;
	}
	cg_buf_puts(b, v);
	if (v[n - 1] == 'h' || v[n - 1] == 's' || v[n - 1] == 'x')
		cg_buf_puts(b, "es");
	else
		cg_buf_putc(b, 's');
}

/*
 * Sentence templates.  N noun, S subject word, A adjective, V verb (third
 * person), B verb (base form), D adverb, P preposition, Q a quoted subject
 * word (curly quotes in quirks mode), a an article agreeing with the next
 * word.
 */
static const char *stmpl[] = {
	"The A N V the N P S.",
	"In S, the N V a A N.",
	"Every N V a A N, and the S V the N.",
	"a A S V the N P the N.",
	"The N P S V D P the A N.",
	"This N V why the S V a A N.",
	"When the S V the N, the N V D.",
	"Each A N V the S that V the N.",
	"The Q N V D, which V the A S.",
	"Learners often B the S before they B the A N.",
	"a S V the N, so the A N V D.",
	"The link between S and N V the A N P S.",
};
static const char *qtmpl[] = {
	"How does the S B the A N?",
	"Why does a A N B the S?",
	"What role does the S play in the A N?",
	"Which N best V the S P the N?",
	"How would you B the A S in another N?",
	"What happens to the N when the S V?",
};
static const char *ttmpl[] = {	/* heading / title templates */
	"S and N", "Understanding S", "The Role of S", "A N in Practice",
	"Key Ideas of S", "From N to S", "S as a N", "Working with S",
	"A S and the N", "Why S Matters",
};

/* Does w start with a vowel sound (for "an")?  Close enough for English. */
static int
isvowel(const char *w)
{
	if (strncasecmp(w, "use", 3) == 0 || strncasecmp(w, "uni", 3) == 0 ||
	    strncasecmp(w, "usu", 3) == 0 || strncasecmp(w, "one", 3) == 0)
		return 0;
	return strchr("aeiouAEIOU", *w) != NULL;
}

/* Expand template t into b.  Returns the number of words written. */
static int
expand(gen *g, cg_buf *b, const char *t, int title)
{
	cg_buf w = {0};
	size_t start = b->len;
	int words = 0, article = 0;
	const char *p;

	for (p = t; *p; p++) {
		if (!strchr("NSAVBDPQa", *p) ||
		    (p[1] && isalpha((unsigned char)p[1])) ||
		    (p > t && isalpha((unsigned char)p[-1]))) {
			cg_buf_putc(b, *p);
			if (*p == ' ')
				words++;
			continue;
		}
		w.len = 0;
		if (w.s)
			w.s[0] = '\0';
		switch (*p) {
		case 'N': cg_buf_puts(&w, noun(g)); break;
		case 'S': cg_buf_puts(&w, subj(g)); break;
		case 'A': cg_buf_puts(&w, PICK(&g->r, adjs)); break;
		case 'V': verb3(g, &w); break;
		case 'B': cg_buf_puts(&w, PICK(&g->r, verbs)); break;
		case 'D': cg_buf_puts(&w, PICK(&g->r, advs)); break;
		case 'P': cg_buf_puts(&w, PICK(&g->r, preps)); break;
		case 'Q':
			cg_buf_puts(&w, g->quirks ? "\xe2\x80\x9c" : "\"");
			cg_buf_puts(&w, subj(g));
			cg_buf_puts(&w, g->quirks ? "\xe2\x80\x9d" : "\"");
			break;
		case 'a':
			article = 1;
			if (p[1] == ' ')
				p++;
			continue;
		}
		if (title)
			w.s[0] = (char)toupper((unsigned char)w.s[0]);
		if (article) {
			cg_buf_puts(b, isvowel(w.s) ? "an " : "a ");
			words++;
			article = 0;
		}
		cg_buf_puts(b, w.s);
	}
	cg_buf_free(&w);
	if (b->len > start)
		b->s[start] = (char)toupper((unsigned char)b->s[start]);
	return words + 1;
}

static int
sentence(gen *g, cg_buf *b)
{
	return expand(g, b, PICK(&g->r, stmpl), 0);
}

static int
question(gen *g, cg_buf *b)
{
	return expand(g, b, PICK(&g->r, qtmpl), 0);
}

static void
title(gen *g, cg_buf *b)
{
	expand(g, b, PICK(&g->r, ttmpl), 1);
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
 * another language ("... translated into Japanese."): kana for Japanese,
 * Chinese and Korean, made-up Romance words otherwise — never the English
 * words, so that only position and count can match them.  Caller frees. */
static char *
translate(const char *lang, const char *h)
{
	static const char *const endings[] = { "ci\xc3\xb3n", "idad", "ismo",
	    "ante", "eza" };
	cg_buf b = {0};
	const char *p;
	int cjk = !strncmp(lang, "Japanese", 8) || !strncmp(lang, "Chinese", 7)
	    || !strncmp(lang, "Korean", 6);

	for (p = h; *p; p++) {
		unsigned char ch = (unsigned char)tolower((unsigned char)*p);
		if (cjk && ch >= 'a' && ch <= 'z') {	/* U+30A2 + 2k */
			unsigned cp = 0x30A2 + 2u * (unsigned)(ch - 'a');
			cg_buf_putc(&b, (char)(0xE0 | (cp >> 12)));
			cg_buf_putc(&b, (char)(0x80 | ((cp >> 6) & 0x3F)));
			cg_buf_putc(&b, (char)(0x80 | (cp & 0x3F)));
		} else if (!cjk && isalpha(ch)) {
			const char *w = p;
			size_t n = 0;
			while (isalpha((unsigned char)w[n]))
				n++;
			cg_buf_add(&b, w, n < 3 ? n : 3);
			cg_buf_puts(&b, endings[(n + (size_t)ch) % 5]);
			p += n - 1;
		} else if (!cjk || ch == ' ')
			cg_buf_putc(&b, (char)ch);
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

/* ---- markdown ---------------------------------------------------------- */

static const char *preambles[] = {
	"Okay, here\xe2\x80\x99s the %s, adhering to all your requirements:",
	"Okay, here\xe2\x80\x99s a comprehensive %s, following every instruction:",
	"Here\xe2\x80\x99s the %s you asked for:",
	"Okay, here\xe2\x80\x99s the %s on the topic, written for your audience.",
};
static const char *trailers[] = {
	"This output strictly adheres to all the specified requirements, "
	    "including the section headings and the word count.",
	"Let me know if you\xe2\x80\x99" "d like me to adjust anything or add "
	    "more examples!",
	"I hope this helps! Let me know if you\xe2\x80\x99" "d like any changes.",
	"This response follows every instruction and contains no preamble.",
};

/* Quirk draws added later come from their own stream, so the replies
 * of older quirks stay as they were. */
static void
qseed(cg_sim_rng *r, uint64_t seed)
{
	cg_sim_seed(r, seed ^ 0x51a7e2d4c0ffee11ULL);
}

/* Echoed instructions at the end of a prose reply (about 1 in 4):
 * Unicode separator bars around "END OF OUTPUT", checklist lines with no
 * list marker, a bold "all requirements met" closing. */
static void
remnants(cg_buf *b, uint64_t seed)
{
	static const char *bars[] = {
		"\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
		    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90",
		"\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
		    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80",
		"\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94"
		    "\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94",
	};
	static const char *checks[] = {
		"[x] Uses the required section headings",
		"[x] Stays within the word range",
		"[ ] No preamble or closing remarks",
		"[x] Markdown format only",
	};
	static const char *closings[] = {
		"**All requirements have been met.**",
		"All requirements met \xe2\x9c\x85",
		"**All the specified requirements have been satisfied.**",
	};
	cg_sim_rng r;
	const char *bar;
	unsigned k, n;

	qseed(&r, seed);
	if (!cg_sim_chance(&r, 25))
		return;
	while (b->len && b->s[b->len - 1] == '\n')
		b->s[--b->len] = '\0';
	bar = PICK(&r, bars);
	cg_buf_printf(b, "\n\n%s\n", bar);
	if (cg_sim_chance(&r, 70))
		for (k = cg_sim_below(&r, NELEM(checks)), n = range(&r, 2, 3);
		    n > 0; n--, k = (k + 1) % NELEM(checks))
			cg_buf_printf(b, "%s\n", checks[k]);
	if (cg_sim_chance(&r, 60))
		cg_buf_printf(b, "%s\nEND OF OUTPUT\n%s\n", bar, bar);
	if (cg_sim_chance(&r, 50))
		cg_buf_printf(b, "\n%s\n", PICK(&r, closings));
}

static const char *
doc_kind(const char *prompt)
{
	static const char *kinds[] = { "lecture", "lab", "study notes",
	    "investigation", "application", "extension" };
	size_t i;

	for (i = 0; i < NELEM(kinds); i++)
		if (prompt && strstr(prompt, kinds[i]))
			return kinds[i];
	return "material";
}

static int
paragraph(gen *g, cg_buf *b, int budget)
{
	int w = 0, n = (int)range(&g->r, 3, 6);

	while (n-- > 0 && w < budget) {
		if (w)
			cg_buf_putc(b, ' ');
		w += sentence(g, b);
	}
	cg_buf_puts(b, "\n\n");
	return w;
}

static int
bullets(gen *g, cg_buf *b)
{
	int w = 0, n = (int)range(&g->r, 3, 5);

	while (n-- > 0) {
		cg_buf_puts(b, "- ");
		if (cg_sim_chance(&g->r, 40)) {
			const char *s = subj(g);

			cg_buf_printf(b, "**%c%s**: ", toupper((unsigned char)*s), s + 1);
			w++;
		}
		w += sentence(g, b);
		cg_buf_putc(b, '\n');
	}
	cg_buf_putc(b, '\n');
	return w;
}

/* ---- the shapes of real 4B prose replies (quirks level 2) ------------- */

static char *label(gen *g);

/* Their draws come from a stream of their own, so that quirks level 1
 * gives the same bytes as before. */
static void
sseed(cg_sim_rng *r, uint64_t seed)
{
	cg_sim_seed(r, seed ^ 0x7e3a91c45d2b6f08ULL);
}

/* The kind the prompt's "Task:" line asks for, as a title ("Study
 * Notes"): the keyword earliest on that line; "Document" when none. */
static const char *
task_kind(const char *prompt)
{
	static const char *const kw[][2] = {
		{ "lecture", "Lecture" }, { "lab ", "Lab" },
		{ "study notes", "Study Notes" }, { "quiz", "Quiz" },
		{ "extension", "Extension" }, { "applications", "Application" },
		{ "connects", "Integration" }, { "investigation", "Investigation" },
		{ "open questions", "Open Questions" },
	};
	const char *t = prompt ? strstr(prompt, "Task: ") : NULL, *e, *best = NULL;
	const char *k = "Document";
	size_t i;

	if (!t)
		return k;
	if (!(e = strchr(t, '\n')))
		e = t + strlen(t);
	for (i = 0; i < NELEM(kw); i++) {
		const char *p = strstr(t, kw[i][0]);

		if (p && p < e && (!best || p < best)) {
			best = p;
			k = kw[i][1];
		}
	}
	return k;
}

/* What one prose reply gets, drawn once. */
struct pshape {
	int    hstyle;	/* 0 "## H", 1 "## N. H", 2 "**N. H**", 3 "**H**" */
	size_t wcount;	/* 1 + the section whose heading ends "(N words)" */
	int    reword;	/* required headings reworded slightly */
	int    shortn;	/* study notes of 130-150 words */
	int    mermaid;	/* a mermaid block: 0 none, 1 valid, 2 broken */
	int    holder;	/* 1 "[INSTRUCTOR]", 2 "## Topic 1: [Title]" */
	size_t at;	/* the section the block, price, repeat follow */
	int    price, repeat, check, block, endline, fragment;
};

static void
pshape_draw(struct pshape *ps, uint64_t seed, size_t nh, const char *kind)
{
	cg_sim_rng r;
	unsigned h;

	sseed(&r, seed);
	memset(ps, 0, sizeof *ps);
	h = cg_sim_below(&r, 100);
	ps->hstyle = h < 14 ? 1 : h < 22 ? 2 : h < 26 ? 3 : 0;
	if (nh && cg_sim_chance(&r, 12))
		ps->wcount = 1 + (cg_sim_chance(&r, 50) ? nh - 1 :
		    cg_sim_below(&r, (unsigned)nh));
	ps->reword = cg_sim_chance(&r, 25);
	ps->shortn = strcmp(kind, "Study Notes") == 0 && cg_sim_chance(&r, 40);
	if (cg_sim_chance(&r, 10))
		ps->mermaid = 1 + cg_sim_chance(&r, 50);
	if (cg_sim_chance(&r, 6))
		ps->holder = 1 + cg_sim_chance(&r, 50);
	ps->at = cg_sim_below(&r, (unsigned)nh);
	ps->price = cg_sim_chance(&r, 6);
	ps->repeat = cg_sim_chance(&r, 5);
	ps->check = cg_sim_chance(&r, 8) ? 1 + cg_sim_chance(&r, 50) : 0;
	ps->block = cg_sim_chance(&r, 8);
	ps->endline = cg_sim_chance(&r, 8);
	ps->fragment = cg_sim_chance(&r, 6);
}

/* A required heading reworded as small models do: words added, the
 * required ones kept.  Returns h itself when it has no rewording. */
static const char *
reword(const char *h)
{
	static const char *const rw[][2] = {
		{ "Key Concepts", "Key Concepts and Terms" },
		{ "Materials", "Materials and Equipment" },
		{ "Summary", "Summary of the Session" },
		{ "Key Terms", "Key Terms and Definitions" },
		{ "Objectives", "Learning Objectives" },
		{ "Analysis", "Analysis and Conclusions" },
		{ "Review", "Review Questions" },
		{ "Introduction", "Introduction to the Topic" },
	};
	size_t i;

	for (i = 0; i < NELEM(rw); i++)
		if (strcasecmp(h, rw[i][0]) == 0)
			return rw[i][1];
	return h;
}

/* Section i's heading h in the shape ps gives it; words is about the
 * section's length, for a "(N words)" heading. */
static void
shape_heading(cg_buf *b, const struct pshape *ps, size_t i, const char *h,
    int words)
{
	const char *t = ps->reword ? reword(h) : h;

	switch (ps->hstyle) {
	case 1: cg_buf_printf(b, "## %zu. %s", i + 1, t); break;
	case 2: cg_buf_printf(b, "**%zu. %s", i + 1, t); break;
	case 3: cg_buf_printf(b, "**%s", t); break;
	default: cg_buf_printf(b, "## %s", t);
	}
	if (ps->wcount == i + 1)
		cg_buf_printf(b, " (%d words)", words);
	cg_buf_puts(b, ps->hstyle >= 2 ? "**\n\n" : "\n\n");
}

/* A small mermaid flowchart in a fence, as models put into prose;
 * broken: one label with unquoted parentheses. */
static void
prose_mermaid(gen *g, cg_buf *b, int broken)
{
	unsigned n = range(&g->r, 4, 7), i, bad = broken ? range(&g->r, 0, n - 1)
	    : n;

	cg_buf_puts(b, "```mermaid\nflowchart TD\n");
	for (i = 0; i < n; i++) {
		char *l = label(g);

		if (i == bad)
			cg_buf_printf(b, "    %c[%s (%s)]\n", 'A' + i, l, noun(g));
		else
			cg_buf_printf(b, "    %c[\"%s\"]\n", 'A' + i, l);
		free(l);
	}
	for (i = 1; i < n; i++)
		cg_buf_printf(b, "    %c --> %c\n", 'A' + cg_sim_below(&g->r, i),
		    'A' + i);
	cg_buf_puts(b, "```\n\n");
}

/* One paragraph written 3-5 times, each copy a little changed. */
static void
repeated(gen *g, cg_buf *b)
{
	static const char *const lead[] = { "In other words, ", "Again, ",
	    "Put simply, ", "Similarly, " };
	cg_buf p = {0};
	unsigned n = range(&g->r, 3, 5), i;

	paragraph(g, &p, 60);
	cg_buf_add(b, p.s, p.len);
	for (i = 1; i < n; i++) {
		cg_buf_puts(b, lead[(i - 1) % NELEM(lead)]);
		cg_buf_putc(b, tolower((unsigned char)p.s[0]));
		cg_buf_puts(b, p.s + 1);
	}
	cg_buf_free(&p);
}

/* What follows section i's text: a mermaid block, prices, a repeated
 * paragraph, a placeholder section. */
static void
shape_after(gen *g, cg_buf *b, const struct pshape *ps, size_t i)
{
	if (i != ps->at)
		return;
	if (ps->mermaid)
		prose_mermaid(g, b, ps->mermaid == 2);
	if (ps->price) {
		unsigned p = range(&g->r, 5, 400);

		cg_buf_printf(b, "A %s kit costs $%u, $%u and $%u in its three "
		    "sizes.\n\n", subj(g), p, p + 1, p + 2);
	}
	if (ps->repeat)
		repeated(g, b);
	if (ps->holder == 2) {
		cg_buf_puts(b, "## Topic 1: [Title]\n\n");
		paragraph(g, b, 40);
	}
}

/* Residue at the end of a prose reply: a checklist with no list markers
 * (and its bold title after it), a block between bars, a bold closing. */
static void
shape_tail(cg_buf *b, const struct pshape *ps, const char *kind)
{
	static const char bar[] = "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90";

	if (ps->check) {
		cg_buf_puts(b, "\n[ ] Every required heading is present\n"
		    "[ ] The length is within the range\n"
		    "[ ] Key terms are in bold\n");
		if (ps->check == 2)
			cg_buf_puts(b, "\n**Verification Checklist**\n");
	}
	if (ps->block)
		cg_buf_printf(b, "\n%s\nREQUIREMENTS CHECK\nHeadings: as given\n"
		    "Format: Markdown only\nPreamble: none\n%s\n", bar, bar);
	if (ps->endline)
		cg_buf_printf(b, "\n**End of %s Document**\n", kind);
}

char *
cg_sim_markdown(const char *prompt, int words, uint64_t seed, int quirks)
{
	static const char *const frags[] = {
		"the generated document, adhering to all requirements:",
		"the complete document, following all of your instructions:",
		"with the required headings, adhering to every requirement:",
	};
	gen g;
	cg_buf b = {0}, body = {0};
	char **heads = NULL;
	size_t nh, i;
	int made = 0, fence = 0, nonl;
	const char *kind = task_kind(prompt);
	struct pshape ps;

	gen_init(&g, prompt, seed, quirks);
	if (words < 1)
		words = 1;
	nh = cg_sim_headings(prompt, &heads);
	if (nh == 0) {
		nh = range(&g.r, 4, 6);
		heads = xcalloc(nh, sizeof *heads);
		for (i = 0; i < nh; i++) {
			cg_buf t = {0};

			title(&g, &t);
			heads[i] = cg_buf_take(&t);
		}
	}
	memset(&ps, 0, sizeof ps);
	if (quirks >= 2)
		pshape_draw(&ps, seed, nh, kind);
	if (ps.shortn)
		words = (int)range(&g.r, 120, 138);	/* 130-150 as counted */
	if (ps.holder == 1)
		cg_buf_puts(&body, "**Instructor:** [INSTRUCTOR]\n\n");
	for (i = 0; i < nh; i++) {
		/* each section gets its share of what is left */
		int budget = (words - made) / (int)(nh - i), w = 0;

		if (budget < 1)
			budget = 1;

		if (quirks >= 2)
			shape_heading(&body, &ps, i, heads[i], budget);
		else
			cg_buf_printf(&body, "## %s\n\n", heads[i]);
		do {
			w += paragraph(&g, &body, budget - w);
			if (w < budget && budget - w > 25 && cg_sim_chance(&g.r, 35))
				w += bullets(&g, &body);
		} while (w < budget);
		made += w;
		if (quirks >= 2)
			shape_after(&g, &body, &ps, i);
	}
	while (body.len && body.s[body.len - 1] == '\n')
		body.s[--body.len] = '\0';
	cg_buf_putc(&body, '\n');

	if (ps.fragment) {
		cg_buf_puts(&b, frags[seed % NELEM(frags)]);
		cg_buf_puts(&b, "\n\n");
	}
	if (quirks && !ps.fragment && cg_sim_chance(&g.r, 60)) {
		cg_buf_printf(&b, PICK(&g.r, preambles), doc_kind(prompt));
		cg_buf_puts(&b, cg_sim_chance(&g.r, 40) ? "\n\n---\n\n" : "\n\n");
	}
	if (quirks && (fence = cg_sim_chance(&g.r, 35)))
		cg_buf_puts(&b, "```markdown\n");
	cg_buf_add(&b, body.s, body.len);
	if (fence)
		cg_buf_puts(&b, "```\n");
	shape_tail(&b, &ps, kind);
	if (quirks && cg_sim_chance(&g.r, 50)) {
		cg_buf_puts(&b, cg_sim_chance(&g.r, 50) ? "\n---\n\n" : "\n");
		cg_buf_puts(&b, PICK(&g.r, trailers));
		cg_buf_putc(&b, '\n');
	}
	nonl = quirks && cg_sim_chance(&g.r, 50);
	if (quirks)
		remnants(&b, seed);
	if (nonl)
		while (b.len && b.s[b.len - 1] == '\n')
			b.s[--b.len] = '\0';
	cg_buf_free(&body);
	cg_sim_strv_free(heads, nh);
	gen_free(&g);
	return cg_buf_take(&b);
}

/* ---- mermaid ----------------------------------------------------------- */

/* The largest node count the prompt states ("between 4 and 16 nodes"):
 * the last number within 24 bytes before "nodes" on its line; 0 when it
 * states none. */
static int
nodemax(const char *prompt)
{
	const char *p = prompt ? prompt : "";

	while ((p = strstr(p, "nodes")) != NULL) {
		const char *q = p;

		for (; q > prompt && p - q < 24 && q[-1] != '\n'; q--)
			if (isdigit((unsigned char)q[-1])) {
				while (q > prompt && isdigit((unsigned char)q[-1]))
					q--;
				return atoi(q);
			}
		p += 5;
	}
	return 0;
}

/* Does the prompt ask for a node range ("between 4 and 16 nodes")? */
static int
noderange(const char *prompt)
{
	return nodemax(prompt) > 0;
}

/* A short node label: one to three words, title case. */
static char *
label(gen *g)
{
	cg_buf b = {0};
	unsigned n = range(&g->r, 1, 3), i;
	const char *prev = "";

	for (i = 0; i < n; i++) {
		const char *w = i == 0 && n > 1 ? PICK(&g->r, adjs) : subj(g);

		if (strcmp(w, prev) == 0)
			w = noun(g);
		prev = w;
		if (i)
			cg_buf_putc(&b, ' ');
		cg_buf_printf(&b, "%c%s", toupper((unsigned char)*w), w + 1);
	}
	return cg_buf_take(&b);
}

enum { MAXNODES = 40 };

/* What one diagram gets at quirks level 2, drawn once. */
struct mshape {
	unsigned n;	/* nodes over the stated maximum; 0 = as drawn */
	unsigned own;	/* 1 + the node written "B(...) Label" */
	unsigned spaced;	/* 1 + the node whose id is its label */
	int      noedges;	/* nodes only */
};

static void
mshape_draw(struct mshape *ms, uint64_t seed, const char *prompt)
{
	cg_sim_rng r;
	int mx = nodemax(prompt);

	sseed(&r, seed);
	memset(ms, 0, sizeof *ms);
	if (mx > 0 && cg_sim_chance(&r, 25)) {
		unsigned hi = 2 * (unsigned)mx + 2;

		ms->n = range(&r, (unsigned)mx + 1, hi < MAXNODES ? hi : MAXNODES);
	}
	if (cg_sim_chance(&r, 12))
		ms->own = 2 + cg_sim_below(&r, 3);
	if (cg_sim_chance(&r, 12))
		ms->spaced = 2 + cg_sim_below(&r, 3);
	ms->noedges = cg_sim_chance(&r, 4);
}

/* Node i's id: A..Z, then A1..Z1. */
static void
nodeid(char *buf, size_t sz, unsigned i)
{
	if (i < 26)
		snprintf(buf, sz, "%c", 'A' + i);
	else
		snprintf(buf, sz, "%c%u", 'A' + i % 26, i / 26);
}

char *
cg_sim_mermaid(const char *prompt, uint64_t seed, int quirks)
{
	gen g;
	cg_buf b = {0};
	unsigned n, i, sg0 = 0, sg1 = 0, paren, curly, arrow;
	int semi = 0, explain = 0, fence = 0, nl = 1;
	char *lab[MAXNODES], *group, edge[MAXNODES][MAXNODES];
	char id[MAXNODES][48];
	const char *end;
	cg_sim_rng q;
	struct mshape ms;

	gen_init(&g, prompt, seed, quirks);
	memset(&ms, 0, sizeof ms);
	if (quirks >= 2)
		mshape_draw(&ms, seed, prompt);
	n = range(&g.r, 5, 12);
	/* asked for no node range, a real model draws 15-30 nodes */
	qseed(&q, seed);
	if (quirks && !noderange(prompt) && cg_sim_chance(&q, 40))
		n = range(&q, 22, 26);
	if (ms.n)
		n = ms.n;
	for (i = 0; i < n; i++) {
		lab[i] = label(&g);
		nodeid(id[i], sizeof id[i], i);
	}
	if (ms.own > n)
		ms.own = 0;
	if (ms.spaced > n || ms.spaced == ms.own)
		ms.spaced = 0;
	if (ms.spaced) {	/* an id of two words, the label its own */
		const char *w = strchr(lab[ms.spaced - 1], ' ') ? "" : " End";

		snprintf(id[ms.spaced - 1], sizeof id[0], "%s%s",
		    lab[ms.spaced - 1], w);
	}
	group = label(&g);
	if (cg_sim_chance(&g.r, 45)) {	/* one subgraph over 2..4 nodes */
		sg0 = range(&g.r, 1, n - 3);
		sg1 = sg0 + range(&g.r, 2, 4);
		if (sg1 > n)
			sg1 = n;
	}
	paren = quirks && cg_sim_chance(&g.r, 75) ? range(&g.r, 0, n - 1) : n;
	curly = quirks && cg_sim_chance(&g.r, 30) ? range(&g.r, 0, n - 1) : n;
	arrow = quirks && cg_sim_chance(&g.r, 35) ? range(&g.r, 1, n - 1) : n;
	if (ms.n)	/* too many nodes, but valid */
		paren = curly = arrow = n;
	if (quirks) {
		semi = cg_sim_chance(&g.r, 40);
		explain = cg_sim_chance(&g.r, 70);
		fence = cg_sim_chance(&g.r, 90);
		nl = cg_sim_chance(&g.r, 40);
		if (cg_sim_chance(&g.r, 80))
			cg_buf_printf(&b, "Here\xe2\x80\x99s a Mermaid flowchart "
			    "showing how the %s concepts connect:\n\n",
			    g.nsubj ? g.subj[0] : "main");
		if (fence)
			cg_buf_puts(&b, "```mermaid\n");
	}
	end = semi ? ";\n" : "\n";
	cg_buf_printf(&b, "flowchart %s%s", cg_sim_chance(&g.r, 60) ? "TD" : "LR", end);
	for (i = 0; i < n; i++) {
		const char *ind = i >= sg0 && i < sg1 ? "        " : "    ";
		int dec = i > 0 && i + 1 < n && cg_sim_chance(&g.r, 15);

		if (sg1 && i == sg0)
			cg_buf_printf(&b, "    subgraph G1[\"%s\"]%s",
			    group, end);
		if (!quirks)
			cg_buf_printf(&b, "%s%s%s\"%s\"%s%s", ind, id[i],
			    dec ? "{" : "[", lab[i], dec ? "}" : "]", end);
		else if (i + 1 == ms.own)
			cg_buf_printf(&b, "%s%s(...) %s%s", ind, id[i], lab[i],
			    end);
		else if (i + 1 == ms.spaced)
			cg_buf_printf(&b, "%s%s([%s])%s", ind, id[i], lab[i], end);
		else if (i == paren)
			cg_buf_printf(&b, "%s%s[%s (%s)]%s", ind, id[i],
			    lab[i], PICK(&g.r, nouns), end);
		else if (i == curly)
			cg_buf_printf(&b, "%s%s[\xe2\x80\x9c%s\xe2\x80\x9d]%s",
			    ind, id[i], lab[i], end);
		else
			cg_buf_printf(&b, "%s%s%s%s%s%s", ind, id[i],
			    dec ? "{" : "[", lab[i], dec ? "}" : "]", end);
		if (sg1 && i + 1 == sg1)
			cg_buf_printf(&b, "    end%s", end);
	}
	memset(edge, 0, sizeof edge);
	for (i = 1; i < n && !ms.noedges; i++) {	/* a spanning tree */
		unsigned from = i == 1 ? 0 : cg_sim_below(&g.r, i);
		const char *ar = i == arrow ? "-->>" : "-->";

		edge[from][i] = 1;
		if (cg_sim_chance(&g.r, 20))
			cg_buf_printf(&b, quirks ? "    %s %s|%s| %s%s" :
			    "    %s %s|\"%s\"| %s%s", id[from], ar,
			    PICK(&g.r, verbs), id[i], end);
		else
			cg_buf_printf(&b, "    %s %s %s%s", id[from], ar,
			    id[i], end);
	}
	for (i = range(&g.r, 0, 2); i > 0 && n > 3 && !ms.noedges; i--) {
		unsigned a = cg_sim_below(&g.r, n - 2);	/* a few extras */
		unsigned z = a + 2 + cg_sim_below(&g.r, n - a - 2);

		if (!edge[a][z])
			cg_buf_printf(&b, "    %s --> %s%s", id[a], id[z], end);
		edge[a][z] = 1;
	}
	if (quirks && cg_sim_chance(&g.r, 50)) {
		cg_buf_printf(&b, "    classDef key fill:#f9f,stroke:#333,"
		    "stroke-width:2px%s", end);
		cg_buf_printf(&b, "    class A,%s key%s", id[n - 1], end);
		cg_buf_printf(&b, "    style B fill:#bbf,stroke:#333%s", end);
	}
	if (fence)
		cg_buf_puts(&b, "```\n");
	if (explain) {
		cg_buf_puts(&b, "\n**Explanation:**\n\n");
		for (i = 0; i < n && i < 4; i++) {
			cg_buf_printf(&b, "* **%s (%s):** ", id[i], lab[i]);
			sentence(&g, &b);
			cg_buf_putc(&b, '\n');
		}
	}
	if (!nl)
		while (b.len && b.s[b.len - 1] == '\n')
			b.s[--b.len] = '\0';
	for (i = 0; i < n; i++)
		free(lab[i]);
	free(group);
	gen_free(&g);
	return cg_buf_take(&b);
}

/* ---- JSON from a schema ------------------------------------------------ */

enum { BAD_NONE, BAD_SHORT, BAD_REQUIRED, BAD_ENUM, BAD_TYPE };

typedef struct jctx {
	gen  *g;
	const cJSON *root;
	int   bad;		/* violation still to make */
	int   depth;
} jctx;

static const cJSON *
jget(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* Follow "$ref": "#/$defs/X" / "#/definitions/X"; first of anyOf/oneOf. */
static const cJSON *
resolve(const jctx *c, const cJSON *s)
{
	int hops;

	for (hops = 0; s && hops < 8; hops++) {
		const cJSON *r = jget(s, "$ref"), *alt;

		if (cJSON_IsString(r) && strncmp(r->valuestring, "#/", 2) == 0) {
			char *path = xstrdup(r->valuestring + 2), *tok, *save;
			const cJSON *t = c->root;

			for (tok = strtok_r(path, "/", &save); tok && t;
			    tok = strtok_r(NULL, "/", &save))
				t = jget(t, tok);
			free(path);
			s = t;
			continue;
		}
		if ((alt = jget(s, "anyOf")) || (alt = jget(s, "oneOf"))) {
			const cJSON *a;

			cJSON_ArrayForEach(a, alt) {
				const cJSON *ty = jget(a, "type");
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
	const cJSON *t = jget(s, "type"), *e;

	if (cJSON_IsString(t))
		return t->valuestring;
	if (cJSON_IsArray(t))
		cJSON_ArrayForEach(e, t)
			if (cJSON_IsString(e) && strcmp(e->valuestring, "null"))
				return e->valuestring;
	if (jget(s, "properties"))
		return "object";
	if (jget(s, "items"))
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
	if (k == BAD_ENUM && cJSON_IsArray(jget(s, "enum")))
		return 1;
	t = stype(s);
	if (strcmp(t, "object") == 0) {
		if (k == BAD_REQUIRED && cJSON_GetArraySize(jget(s, "required")) > 0)
			return 1;
		cJSON_ArrayForEach(p, jget(s, "properties"))
			if (can_bad(c, p, k, depth + 1))
				return 1;
	} else if (strcmp(t, "array") == 0) {
		if (k == BAD_SHORT && cJSON_GetNumberValue(jget(s, "minItems")) >= 1)
			return 1;
		return can_bad(c, jget(s, "items"), k, depth + 1);
	}
	return 0;
}

static char *
strval(jctx *c, const char *key, const cJSON *s)
{
	gen *g = c->g;
	cg_buf b = {0};
	char k[64] = "";
	const cJSON *f = jget(s, "format");
	double minl = cJSON_GetNumberValue(jget(s, "minLength"));
	double maxl = cJSON_GetNumberValue(jget(s, "maxLength"));
	size_t i;

	for (i = 0; key && key[i] && i + 1 < sizeof k; i++)
		k[i] = (char)tolower((unsigned char)key[i]);
	k[i] = '\0';
	if (cJSON_IsString(f) && strcmp(f->valuestring, "date") == 0)
		cg_buf_printf(&b, "2025-%02u-%02u", range(&g->r, 1, 12),
		    range(&g->r, 1, 28));
	else if (cJSON_IsString(f) && strcmp(f->valuestring, "date-time") == 0)
		cg_buf_printf(&b, "2025-%02u-%02uT%02u:00:00Z", range(&g->r, 1, 12),
		    range(&g->r, 1, 28), range(&g->r, 0, 23));
	else if (cJSON_IsString(f) && strcmp(f->valuestring, "email") == 0)
		cg_buf_printf(&b, "%s@example.org", subj(g));
	else if (cJSON_IsString(f) && strcmp(f->valuestring, "uri") == 0)
		cg_buf_printf(&b, "https://example.org/%s", subj(g));
	else if (strstr(k, "question") || strstr(k, "stem"))
		question(g, &b);
	else if (strcmp(k, "id") == 0 || strstr(k, "_id") || strstr(k, "slug"))
		cg_buf_printf(&b, "%s-%u", subj(g), range(&g->r, 1, 999));
	else if (strstr(k, "title") || strstr(k, "name") || strstr(k, "heading") ||
	    strstr(k, "label") || strstr(k, "topic"))
		title(g, &b);
	else if (strstr(k, "concept") || strstr(k, "keyword") ||
	    strstr(k, "tag") || strstr(k, "term") || strstr(k, "option") ||
	    strstr(k, "choice"))
		expand(g, &b, cg_sim_chance(&g->r, 50) ? "A S" : "S N", 0);
	else {
		sentence(g, &b);
		if (strstr(k, "description") || strstr(k, "explanation") ||
		    strstr(k, "summary") || strstr(k, "content"))
			cg_buf_putc(&b, ' '), sentence(g, &b);
	}
	while (minl > 0 && (double)b.len < minl) {
		cg_buf_putc(&b, ' ');
		sentence(g, &b);
	}
	if (maxl > 0 && (double)b.len > maxl) {
		size_t n = (size_t)maxl;

		while (n > 1 && b.s[n] != ' ' && (b.s[n] & 0xc0) == 0x80)
			n--;
		b.s[n] = '\0';
		b.len = n;
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
	if ((e = jget(s, "const")))
		return cJSON_Duplicate(e, 1);
	if (cJSON_IsArray(e = jget(s, "enum")) && cJSON_GetArraySize(e) > 0) {
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
		const cJSON *req = jget(s, "required");
		const char *skip = NULL;

		if (c->bad == BAD_REQUIRED && cJSON_GetArraySize(req) > 0) {
			skip = cJSON_GetStringValue(cJSON_GetArrayItem(req,
			    (int)cg_sim_below(&g->r, (unsigned)cJSON_GetArraySize(req))));
			c->bad = BAD_NONE;
		}
		o = cJSON_CreateObject();
		c->depth++;
		cJSON_ArrayForEach(p, jget(s, "properties"))
			if (!skip || strcmp(p->string, skip))
				cJSON_AddItemToObject(o, p->string, jval(c, p->string, p));
		/* required names without a property schema still get a value */
		cJSON_ArrayForEach(p, req)
			if (cJSON_IsString(p) && !jget(o, p->valuestring) &&
			    (!skip || strcmp(p->valuestring, skip)))
				cJSON_AddItemToObject(o, p->valuestring,
				    jval(c, p->valuestring, NULL));
		c->depth--;
		return o;
	}
	if (strcmp(t, "array") == 0) {
		double mn = cJSON_GetNumberValue(jget(s, "minItems"));
		double mx = cJSON_GetNumberValue(jget(s, "maxItems"));
		unsigned lo, hi, n, i;

		lo = mn >= 0 ? (unsigned)mn : 0;	/* NaN when absent */
		hi = mx >= 0 ? (unsigned)mx : (lo > 3 ? lo : 3) + 2;
		if (!(mn >= 0) && hi > 2)
			lo = 2;
		if (hi < lo)
			hi = lo;
		if (hi > lo + 200)
			hi = lo + 200;
		n = range(&g->r, lo, hi);
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
			const cJSON *is = cJSON_GetArrayItem(jget(s,
			    "prefixItems"), (int)i);
			cJSON_AddItemToArray(o, jval(c, key, is ? is :
			    jget(s, "items")));
		}
		c->depth--;
		return o;
	}
	if (strcmp(t, "integer") == 0 || strcmp(t, "number") == 0) {
		double lo = 1, hi = 10, v;
		const cJSON *x;

		if (cJSON_IsNumber(x = jget(s, "minimum")))
			lo = x->valuedouble;
		if (cJSON_IsNumber(x = jget(s, "exclusiveMinimum")))
			lo = x->valuedouble + 1;
		if (cJSON_IsNumber(x = jget(s, "maximum")))
			hi = x->valuedouble;
		if (cJSON_IsNumber(x = jget(s, "exclusiveMaximum")))
			hi = x->valuedouble - 1;
		if (!cJSON_IsNumber(jget(s, "maximum")) &&
		    !cJSON_IsNumber(jget(s, "exclusiveMaximum")))
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

static const char *jsonpre[] = {
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

	gen_init(&g, prompt, seed, quirks);
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
		const char *pre = PICK(&g.r, jsonpre);

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
	gen_free(&g);
	return cg_buf_take(&b);
}

/* ---- a quiz in markdown, as models write it without a schema ----------- */

/* Case-insensitive strstr. */
static const char *
ci_strstr(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (; *s; s++)
		if (!strncasecmp(s, w, n))
			return s;
	return NULL;
}

/* The number written just before word in the prompt ("Exactly 5
 * multiple-choice"), else def. */
static int
count_before(const char *prompt, const char *word, int def)
{
	const char *p = prompt ? prompt : "", *q;
	while ((p = ci_strstr(p, word)) != NULL) {
		q = p;
		while (q > prompt && q[-1] == ' ')
			q--;
		if (q > prompt && isdigit((unsigned char)q[-1])) {
			while (q > prompt && isdigit((unsigned char)q[-1]))
				q--;
			return atoi(q);
		}
		p += strlen(word);
	}
	return def;
}

static int
minitems(const cJSON *schema, const char *key, int def)
{
	const cJSON *a = jget(jget(schema, "properties"), key);
	double v = cJSON_GetNumberValue(jget(a, "minItems"));
	return v >= 0 && v <= 50 ? (int)v : def;
}

int
cg_sim_quiz_counts(const cg_sim_req *r, int c[4])
{
	const cJSON *props = jget(r->schema, "properties");
	const char *p = r->prompt ? r->prompt : "";

	if (jget(props, "multiple_choice")) {
		const cJSON *o = jget(jget(jget(jget(props, "multiple_choice"),
		    "items"), "properties"), "options");
		double v = cJSON_GetNumberValue(jget(o, "minItems"));
		c[0] = minitems(r->schema, "multiple_choice", 5);
		c[1] = v >= 2 && v <= 6 ? (int)v : 4;
		c[2] = minitems(r->schema, "short_answer", 3);
		c[3] = minitems(r->schema, "essay", 2);
		return 1;
	}
	if (r->schema || !ci_strstr(p, "multiple-choice") ||
	    !ci_strstr(p, "essay"))
		return 0;
	c[0] = count_before(p, "multiple-choice", 5);
	c[1] = count_before(p, "options", 4);
	c[2] = count_before(p, "short-answer", 3);
	c[3] = count_before(p, "essay", 2);
	if (c[1] < 2 || c[1] > 6)
		c[1] = 4;
	return 1;
}

/* Off-topic questions copied into quizzes (a worked example or a stray
 * memory of the model): the answer is always the first option. */
static const char *const offq[][7] = {
	{ "Which planet is closest to the Sun?", "Mercury", "Venus", "Earth",
	    "Mars", "Jupiter", "Saturn" },
	{ "What is the capital city of Australia?", "Canberra", "Sydney",
	    "Melbourne", "Perth", "Brisbane", "Adelaide" },
	{ "Who wrote the play Romeo and Juliet?", "William Shakespeare",
	    "Charles Dickens", "Jane Austen", "Mark Twain", "Homer",
	    "Leo Tolstoy" },
	{ "How many continents are there on Earth?", "Seven", "Five", "Six",
	    "Eight", "Four", "Nine" },
};

/* The hash of the first line of prompt that starts with key, with key;
 * 0 when there is none. */
static uint64_t
linehash(const char *prompt, const char *key)
{
	const char *c = prompt ? strstr(prompt, key) : NULL, *e;

	if (!c)
		return 0;
	e = strchr(c, '\n');
	return cg_sim_hash(c, e ? (size_t)(e - c) : strlen(c));
}

/* The off-topic question of the course the prompt is for (its
 * "Course:" line), the same in every session. */
static unsigned
offtopic_of(const char *prompt)
{
	return (unsigned)(linehash(prompt, "Course: ") % NELEM(offq));
}

/* What one quiz gets at quirks level 2, drawn once: the counts changed
 * (all multiple choice, or one multiple-choice question fewer and one
 * open question more), questions written as imperatives ending ".?"
 * (bit i of dotq), and the off-topic question at 1 + off. */
struct qshape {
	int      off;
	uint64_t dotq;
};

/* The off-topic question, in about 7 sessions in 10: drawn from the
 * prompt's course and session lines, not from the request, so that a
 * re-ask keeps it as a model does with what no one asked it to fix. */
static int
offtopic_at(const char *prompt, int mc)
{
	cg_sim_rng r;

	cg_sim_seed(&r, linehash(prompt, "Course: ") ^
	    linehash(prompt, "This session: ") ^ 0x6c1f0a3d92e4b857ULL);
	if (mc < 1 || !cg_sim_chance(&r, 70))
		return 0;
	return 1 + (int)cg_sim_below(&r, (unsigned)mc);
}

static void
qshape_draw(struct qshape *qs, uint64_t seed, int *mc, int *sa, int *es)
{
	cg_sim_rng r;
	unsigned h, k;
	int total = *mc + *sa + *es;

	sseed(&r, seed);
	memset(qs, 0, sizeof *qs);
	h = cg_sim_below(&r, 100);
	if (h < 15) {
		*mc = total;
		*sa = *es = 0;
	} else if (h < 30 && *mc > 1) {
		(*mc)--;
		(*sa)++;
	}
	if (cg_sim_chance(&r, 20))
		for (k = range(&r, 1, 3); k > 0 && total > 0; k--)
			qs->dotq |= 1ULL << cg_sim_below(&r,
			    (unsigned)(total < 64 ? total : 64));
}

static const char *itmpl[] = {	/* imperatives, ended with ".?" */
	"Explain how the S V the A N.",
	"Describe the role of the S in the N.",
	"Identify the A N that V the S.",
	"Compare the S with the A N.",
};

/* Question number no: the off-topic question k with nopt options in the
 * reply's option style, and its answer. */
static void
offtopic(cg_buf *b, unsigned k, int no, int bold, const char *ofmt, int nopt)
{
	int i;

	cg_buf_printf(b, bold ? "**%d.** %s\n" : "%d. %s\n", no, offq[k][0]);
	for (i = 0; i < nopt && i < 6; i++) {
		cg_buf_printf(b, ofmt, 'A' + i);
		cg_buf_printf(b, "%s\n", offq[k][1 + i]);
	}
	cg_buf_printf(b, "Answer: A\n\n");
}

/* cg_sim_quiz_markdown; off: the course's off-topic question may be in
 * it (at quirks level 2, and in re-asks of a course with level 2). */
static char *
quiz_md(const char *prompt, int mc, int nopt, int sa, int es, uint64_t seed,
    int quirks, int off)
{
	static const char *ofmt[] = { "%c) ", "%c. ", "(%c) ", "- %c: " };
	gen g;
	cg_buf b = {0};
	int total, i, style, bold;
	struct qshape qs;

	gen_init(&g, prompt, seed, quirks);
	if (nopt < 2 || nopt > 6)
		nopt = 4;
	memset(&qs, 0, sizeof qs);
	if (quirks >= 2)
		qshape_draw(&qs, seed, &mc, &sa, &es);
	if (off)
		qs.off = offtopic_at(prompt, mc);
	total = mc + sa + es;
	style = (int)cg_sim_below(&g.r, NELEM(ofmt));
	bold = cg_sim_chance(&g.r, 30);
	if (quirks && cg_sim_chance(&g.r, 60))
		cg_buf_printf(&b, "Okay, here\xe2\x80\x99s a quiz on %s based on "
		    "the lecture and lab:\n\n", g.nsubj ? g.subj[0] : "the topic");
	/* small models sometimes stop one short */
	if (quirks && total > 1 && cg_sim_chance(&g.r, 15))
		total--;
	for (i = 0; i < total; i++) {
		cg_buf q = {0};

		if (i + 1 == qs.off) {
			offtopic(&b, offtopic_of(prompt), i + 1, bold, ofmt[style],
			    nopt);
			continue;
		}
		if (i < 64 && (qs.dotq >> i & 1)) {
			expand(&g, &q, PICK(&g.r, itmpl), 0);
			cg_buf_putc(&q, '?');
		} else
			question(&g, &q);
		cg_buf_printf(&b, bold ? "**%d.** %s\n" : "%d. %s\n", i + 1, q.s);
		cg_buf_free(&q);
		if (i < mc) {
			char *opt[6], lower = cg_sim_chance(&g.r, 20) && style < 2;
			int ans = (int)cg_sim_below(&g.r, (unsigned)nopt), k, form;
			for (k = 0; k < nopt; k++) {
				cg_buf o = {0};
				int tries = 0, dup;
				do {	/* options must differ */
					o.len = 0;
					expand(&g, &o, cg_sim_chance(&g.r, 50) ? "A S" :
					    "S N", 0);
					dup = 0;
					for (int j = 0; j < k; j++)
						dup |= !strcasecmp(opt[j], o.s);
				} while (dup && ++tries < 20);
				if (dup)
					cg_buf_printf(&o, " %d", k + 1);
				opt[k] = cg_buf_take(&o);
				cg_buf_printf(&b, ofmt[style], lower ? 'a' + k : 'A' + k);
				cg_buf_printf(&b, "%s\n", opt[k]);
			}
			form = (int)cg_sim_below(&g.r, 6);
			switch (form) {
			case 0:
				cg_buf_printf(&b, "Answer: %c\n", 'A' + ans);
				break;
			case 1:
				cg_buf_printf(&b, "**Correct Answer:** (%c)\nExplanation: ",
				    'a' + ans);
				sentence(&g, &b);
				cg_buf_putc(&b, '\n');
				break;
			case 2:
				cg_buf_printf(&b, "Answer: %c) %s\n", 'A' + ans, opt[ans]);
				break;
			case 3:
				cg_buf_printf(&b, "**Answer:** %c \xe2\x80\x94 ", 'A' + ans);
				sentence(&g, &b);
				cg_buf_putc(&b, '\n');
				break;
			case 4:
				cg_buf_printf(&b, "Answer: %c\n", 'A' + ans);
				sentence(&g, &b);
				cg_buf_putc(&b, '\n');
				break;
			default:
				cg_buf_printf(&b, "Answer: %c - ", 'A' + ans);
				sentence(&g, &b);
				cg_buf_putc(&b, '\n');
			}
			for (k = 0; k < nopt; k++)
				free(opt[k]);
		} else if (i < mc + sa) {
			cg_buf_puts(&b, "Answer: ");
			sentence(&g, &b);
			cg_buf_putc(&b, ' ');
			sentence(&g, &b);
			cg_buf_putc(&b, '\n');
		} else {
			cg_buf_puts(&b, cg_sim_chance(&g.r, 50) ?
			    "Answer: A good answer covers " : "Answer: ");
			sentence(&g, &b);
			cg_buf_putc(&b, ' ');
			sentence(&g, &b);
			cg_buf_putc(&b, '\n');
		}
		cg_buf_putc(&b, '\n');
	}
	if (quirks && cg_sim_chance(&g.r, 40))
		cg_buf_puts(&b, "I hope this quiz helps your learners review the "
		    "session!\n");
	gen_free(&g);
	return cg_buf_take(&b);
}

char *
cg_sim_quiz_markdown(const char *prompt, int mc, int nopt, int sa, int es,
    uint64_t seed, int quirks)
{
	return quiz_md(prompt, mc, nopt, sa, es, seed, quirks, quirks >= 2);
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
		return quiz_md(r->prompt, c[0], c[1], c[2], c[3], seed,
		    quirks, off);
	j = cg_sim_json(r->schema, r->prompt, seed, 0, 0);
	gen_init(&g, r->prompt, seed, quirks);
	t = PICK(&g.r, jsonpre);
	if (strcmp(t, "```json") != 0)	/* else no prose before */
		cg_buf_printf(&b, "%s\n\n", t);
	cg_buf_printf(&b, "```json\n%s\n```\n\nThis JSON follows the structure "
	    "you described; let me know if you need changes.\n", j);
	free(j);
	gen_free(&g);
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
			return quiz_md(r->prompt, c[0], c[1], c[2], c[3], seed,
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
