/* simtext.c — the words of cg-sim's replies (see simint.h).
 *
 * Text is built from a small grammar: sentence templates whose slots take
 * nouns, verbs and adjectives, the nouns half of the time drawn from the
 * prompt's own subject words, so different sessions read differently while
 * the same request always gives the same bytes.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "sim.h"
#include "simint.h"

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
	/* the commonest short words of the other languages */
	"para", "como", "entre", "sobre", "desde", "hacia", "pero", "esta",
	"este", "estos", "estas", "pour", "avec", "dans", "sont", "mais",
	"cette", "leur", "leurs", "oder", "sind", "eine", "einer", "einem",
	"einen", "eines", "dass", "nicht", "über", "unter", "werden", "durch",
};

static int
is_stop(const char *w)
{
	size_t i;

	for (i = 0; i < NELEM(stop); i++)
		if (strcasecmp(stop[i], w) == 0)
			return 1;
	return 0;
}

/* ---- the generator context --------------------------------------------- */

/* The next word of the prompt at *pp, lower case, into w: a run of
 * letters of one script (words of an alphabet joined by "-"), or a run
 * of Han ideographs or of katakana, hiragana (particles, endings) and
 * everything else between them; lower: in lower case.  Returns its
 * length in letters, 0 at the end. */
static size_t
next_word(const char **pp, cg_buf *w, int lower)
{
	const char *p = *pp;
	size_t k, k2, n = 0;
	int sc = SIM_NONE;

	w->len = 0;
	cg_buf_add(w, "", 0);
	while (*p && ((sc = sim_script(sim_utf8(p, &k))) == SIM_NONE ||
	    sc == SIM_HIRA))
		p += k;
	while (*p) {
		if (sim_script(sim_utf8(p, &k)) != sc) {
			/* "x-ray": a hyphen between letters of an alphabet */
			if (sc != SIM_ALPHA || *p != '-' ||
			    sim_script(sim_utf8(p + 1, &k2)) != SIM_ALPHA)
				break;
			cg_buf_putc(w, '-');
			p++;
			continue;
		}
		if (lower)
			sim_lower(w, p, k);
		else
			cg_buf_add(w, p, k);
		p += k;
		n++;
	}
	*pp = p;
	if (sc == SIM_NONE || sc == SIM_HIRA)
		return 0;
	return sc == SIM_ALPHA && n < 4 ? 1 : n;
}

/* Does the prompt line at p carry the course's own words: a list item
 * or a "Course:", "Subject:", "This session:" ... line?  (Not the
 * instructions, which are in English whatever the course's language.) */
static int
content_line(const char *p)
{
	static const char *const lead[] = { "- ", "Course:", "Subject:",
	    "About the course:", "This session:", "About the module:",
	    "Key concepts:", "Place in the course:", "Topic:", "Title:" };
	size_t i;

	for (i = 0; i < NELEM(lead); i++)
		if (strncmp(p, lead[i], strlen(lead[i])) == 0)
			return 1;
	return 0;
}

/* Add the subject words of prompt p to g: every line's, or (only) the
 * content lines'. */
static void
subject_words(gen *g, const char *p, int only)
{
	cg_buf w = {0};
	size_t cap = g->nsubj, n, i;

	while (*p && g->nsubj < 200) {
		const char *e = strchr(p, '\n'), *q;
		char *line;

		e = e ? e : p + strlen(p);
		if (only && !content_line(p)) {
			p = *e ? e + 1 : e;
			continue;
		}
		line = xstrndup(p, (size_t)(e - p));
		q = line;
		if (only && strncmp(line, "- Module ", 9) == 0)
			q = strchr(line, ':') ? strchr(line, ':') : line;
		else if (only && strncmp(line, "- ", 2) != 0)
			q = strchr(line, ':');	/* after "Course:" */
		/* only: the words as written ("Astronomía"), else in
		 * lower case */
		for (; (n = next_word(&q, &w, !only)) > 0 && g->nsubj < 200; ) {
			if (n < 2 || w.len >= 64 || is_stop(w.s))
				continue;
			for (i = 0; i < g->nsubj; i++)
				if (strcasecmp(g->subj[i], w.s) == 0)
					break;
			if (i < g->nsubj)
				continue;
			if (g->nsubj == cap) {
				cap = cap ? cap * 2 : 16;
				g->subj = xrealloc(g->subj, cap * sizeof *g->subj);
			}
			g->subj[g->nsubj++] = xstrdup(w.s);
		}
		free(line);
		p = *e ? e + 1 : e;
	}
	cg_buf_free(&w);
}

void
sim_gen_init(gen *g, const char *prompt, uint64_t seed, int quirks)
{
	memset(g, 0, sizeof *g);
	cg_sim_seed(&g->r, seed);
	g->quirks = quirks;
	g->L = sim_lang_of(prompt);
	/* a course in another language: its words, not the instructions' */
	if (g->L)
		subject_words(g, prompt ? prompt : "", 1);
	if (!g->nsubj)
		subject_words(g, prompt ? prompt : "", 0);
}

void
sim_gen_free(gen *g)
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

#define LPICK(g, a, la, ln) ((g)->L ? (g)->L->la[cg_sim_below(&(g)->r, \
	    (unsigned)(g)->L->ln)] : PICK(&(g)->r, a))

const char *
sim_noun(gen *g)
{
	return LPICK(g, nouns, n, nn);
}

/* A verb in its base form, an adjective. */
const char *
sim_verb(gen *g)
{
	return LPICK(g, verbs, v, nv);
}

const char *
sim_adj(gen *g)
{
	return LPICK(g, adjs, a, na);
}

const char *
sim_keyword(gen *g)
{
	int c = cg_sim_chance(&g->r, 50);

	return g->L ? g->L->k[!c] : c ? "A S" : "S N";
}

/* A noun, from the prompt's subject words when there are any. */
const char *
sim_subj(gen *g)
{
	if (g->nsubj && cg_sim_chance(&g->r, 70))
		return g->subj[cg_sim_below(&g->r, (unsigned)g->nsubj)];
	return sim_noun(g);
}

static void
verb3(gen *g, cg_buf *b)
{
	const char *v;
	size_t n;

	if (g->L) {
		cg_buf_puts(b, LPICK(g, verbs, v3, nv3));
		return;
	}
	v = PICK(&g->r, verbs);
	n = strlen(v);

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

static int
spaces(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == ' ';
	return n;
}

/* The contractions of fix ("de el" → "del") in b from byte start on. */
static void
contract(cg_buf *b, size_t start, const char *const *fix)
{
	size_t i;
	char *p;

	for (i = 0; fix[i]; i += 2)
		while ((p = strstr(b->s + start, fix[i]))) {
			size_t n = strlen(fix[i]), m = strlen(fix[i + 1]);

			memcpy(p, fix[i + 1], m);
			memmove(p + m, p + n, strlen(p + n) + 1);
			b->len -= n - m;
		}
}

/* Chinese and Japanese as models write them: the words of b from byte
 * start on run together (the templates set them apart; a space between
 * two Latin letters stays).  Returns the words written as cg counts
 * them: a word per two characters. */
static int
squeeze(cg_buf *b, size_t start)
{
	size_t i, o = start, k;
	int n = 0;

	if (b->len <= start)
		return 1;
	for (i = start; i < b->len; i++)
		if (b->s[i] != ' ' || (o > start && i + 1 < b->len &&
		    !((unsigned char)b->s[o - 1] & 0x80) &&
		    !((unsigned char)b->s[i + 1] & 0x80)))
			b->s[o++] = b->s[i];
	b->len = o;
	b->s[o] = '\0';
	for (i = start; i < b->len; i += k ? k : 1) {
		unsigned cp = sim_utf8(b->s + i, &k);

		/* as cg counts them (clean.c): the long vowel mark is none */
		n += cg_iscjk((long)cp) && cp != 0x30FC;
	}
	return n ? (n + 1) / 2 : 1;
}

/* Expand template t into b.  Returns the number of words written. */
int
sim_expand(gen *g, cg_buf *b, const char *t, int title)
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
		case 'N': cg_buf_puts(&w, sim_noun(g)); break;
		case 'S': cg_buf_puts(&w, sim_subj(g)); break;
		case 'A': cg_buf_puts(&w, sim_adj(g)); break;
		case 'V': verb3(g, &w); break;
		case 'B': cg_buf_puts(&w, sim_verb(g)); break;
		case 'D': cg_buf_puts(&w, LPICK(g, advs, d, nd)); break;
		case 'P': cg_buf_puts(&w, PICK(&g->r, preps)); break;
		case 'Q':
			cg_buf_puts(&w, g->quirks ? "\xe2\x80\x9c" : "\"");
			cg_buf_puts(&w, sim_subj(g));
			cg_buf_puts(&w, g->quirks ? "\xe2\x80\x9d" : "\"");
			break;
		case 'a':
			if (g->L) {	/* an article: English only */
				cg_buf_putc(b, *p);
				continue;
			}
			article = 1;
			if (p[1] == ' ')
				p++;
			continue;
		}
		if (title || (*p == 'S' && g->L && g->L->caps))
			sim_upfirst(w.s);
		words += spaces(w.s);	/* "el sistema" */
		if (article) {
			cg_buf_puts(b, isvowel(w.s) ? "an " : "a ");
			words++;
			article = 0;
		}
		cg_buf_puts(b, w.s);
	}
	cg_buf_free(&w);
	if (g->L && g->L->fix)
		contract(b, start, g->L->fix);
	if (b->len > start)
		sim_upfirst(b->s + start);
	if (g->L && sim_lang_cjk(g->L))
		return squeeze(b, start);
	return words + 1;
}

int
sim_sentence(gen *g, cg_buf *b)
{
	return sim_expand(g, b, LPICK(g, stmpl, s, ns), 0);
}

int
sim_question(gen *g, cg_buf *b)
{
	return sim_expand(g, b, LPICK(g, qtmpl, q, nq), 0);
}

void
sim_title(gen *g, cg_buf *b)
{
	sim_expand(g, b, LPICK(g, ttmpl, t, nt), 1);
}

/* Quirk draws added later come from their own stream, so the replies
 * of older quirks stay as they were. */
void
sim_qseed(cg_sim_rng *r, uint64_t seed)
{
	cg_sim_seed(r, seed ^ 0x51a7e2d4c0ffee11ULL);
}

/* Their draws come from a stream of their own, so that quirks level 1
 * gives the same bytes as before. */
void
sim_sseed(cg_sim_rng *r, uint64_t seed)
{
	cg_sim_seed(r, seed ^ 0x7e3a91c45d2b6f08ULL);
}

/* A short node label: one to three words, title case. */
char *
sim_label(gen *g)
{
	cg_buf b = {0};
	unsigned n = sim_range(&g->r, 1, 3), i;
	const char *prev = "";
	size_t at;

	for (i = 0; i < n; i++) {
		const char *w = i == 0 && n > 1 ? sim_adj(g) : sim_subj(g);

		if (strcmp(w, prev) == 0)
			w = sim_noun(g);
		prev = w;
		if (i)
			cg_buf_putc(&b, ' ');
		at = b.len;
		cg_buf_puts(&b, w);
		sim_upfirst(b.s + at);
	}
	return cg_buf_take(&b);
}
