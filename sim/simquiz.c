/* simquiz.c — quizzes in markdown as models write them without a schema
 * (see sim.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "sim.h"
#include "simint.h"

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
	const cJSON *a = sim_jget(sim_jget(schema, "properties"), key);
	double v = cJSON_GetNumberValue(sim_jget(a, "minItems"));
	return v >= 0 && v <= 50 ? (int)v : def;
}

int
cg_sim_quiz_counts(const cg_sim_req *r, int c[4])
{
	const cJSON *props = sim_jget(r->schema, "properties");
	const char *p = r->prompt ? r->prompt : "";

	if (sim_jget(props, "multiple_choice")) {
		const cJSON *o = sim_jget(sim_jget(sim_jget(sim_jget(props, "multiple_choice"),
		    "items"), "properties"), "options");
		double v = cJSON_GetNumberValue(sim_jget(o, "minItems"));
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

	sim_sseed(&r, seed);
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
		for (k = sim_range(&r, 1, 3); k > 0 && total > 0; k--)
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
char *
sim_quiz_md(const char *prompt, int mc, int nopt, int sa, int es, uint64_t seed,
    int quirks, int off)
{
	static const char *ofmt[] = { "%c) ", "%c. ", "(%c) ", "- %c: " };
	gen g;
	cg_buf b = {0};
	int total, i, style, bold;
	struct qshape qs;

	sim_gen_init(&g, prompt, seed, quirks);
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
			sim_expand(&g, &q, PICK(&g.r, itmpl), 0);
			cg_buf_putc(&q, '?');
		} else
			sim_question(&g, &q);
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
					sim_expand(&g, &o, cg_sim_chance(&g.r, 50) ? "A S" :
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
				sim_sentence(&g, &b);
				cg_buf_putc(&b, '\n');
				break;
			case 2:
				cg_buf_printf(&b, "Answer: %c) %s\n", 'A' + ans, opt[ans]);
				break;
			case 3:
				cg_buf_printf(&b, "**Answer:** %c \xe2\x80\x94 ", 'A' + ans);
				sim_sentence(&g, &b);
				cg_buf_putc(&b, '\n');
				break;
			case 4:
				cg_buf_printf(&b, "Answer: %c\n", 'A' + ans);
				sim_sentence(&g, &b);
				cg_buf_putc(&b, '\n');
				break;
			default:
				cg_buf_printf(&b, "Answer: %c - ", 'A' + ans);
				sim_sentence(&g, &b);
				cg_buf_putc(&b, '\n');
			}
			for (k = 0; k < nopt; k++)
				free(opt[k]);
		} else if (i < mc + sa) {
			cg_buf_puts(&b, "Answer: ");
			sim_sentence(&g, &b);
			cg_buf_putc(&b, ' ');
			sim_sentence(&g, &b);
			cg_buf_putc(&b, '\n');
		} else {
			cg_buf_puts(&b, cg_sim_chance(&g.r, 50) ?
			    "Answer: A good answer covers " : "Answer: ");
			sim_sentence(&g, &b);
			cg_buf_putc(&b, ' ');
			sim_sentence(&g, &b);
			cg_buf_putc(&b, '\n');
		}
		cg_buf_putc(&b, '\n');
	}
	if (quirks && cg_sim_chance(&g.r, 40))
		cg_buf_puts(&b, "I hope this quiz helps your learners review the "
		    "session!\n");
	sim_gen_free(&g);
	return cg_buf_take(&b);
}

char *
cg_sim_quiz_markdown(const char *prompt, int mc, int nopt, int sa, int es,
    uint64_t seed, int quirks)
{
	return sim_quiz_md(prompt, mc, nopt, sa, es, seed, quirks, quirks >= 2);
}
