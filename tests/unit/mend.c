/* mend.c — cg_mend_prose against the fixtures in tests/fixtures/quirks/
 * mend (NAME.in a reply, NAME.req its requirements when it has any,
 * NAME.out the mended text, NAME.mended the repairs it reports), plus
 * properties: mending again changes nothing, nothing outside headings,
 * mermaid blocks and repeats changes, and the words are kept.  With
 * CG_REGEN=1 the .out and .mended files are rewritten instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util.h"
#include "fsio.h"
#include "fixture.h"
#include "clean.h"
#include "mend.h"

static cJSON *
J(const char *s)
{
	return cJSON_Parse(s);
}

/* The mended text of s under req (a JSON string or NULL); the repairs in
 * *log when log is not NULL.  Caller frees. */
static char *
mend(const char *s, const char *req, char **log)
{
	cJSON *r = req ? J(req) : NULL;
	cg_buf b = {0};
	char *o = cg_mend_prose(s, r, &b);

	cJSON_Delete(r);
	if (log)
		*log = cg_buf_take(&b);
	else
		cg_buf_free(&b);
	return o;
}

/* One fixture: clean, then mend. */
static void
fixture(const char *dir, const char *name, const char *in, void *arg)
{
	char *pout = fixture_path(dir, name, "out"),
	    *plog = fixture_path(dir, name, "mended"),
	    *preq = fixture_path(dir, name, "req");
	char *req = slurp(preq), *want = slurp(pout), *wlog = slurp(plog);
	char *c = cg_clean_prose(in, NULL), *log, *o = mend(c, req, &log);
	char *log2, *o2;

	(void)arg;
	if (regen) {
		spit(pout, o);
		spit(plog, log);
	} else {
		is(o, want, "%s: mended text", name);
		is(log, wlog ? wlog : "", "%s: repairs reported", name);
		o2 = mend(o, req, &log2);
		is(o2, o, "%s: mending again changes nothing", name);
		is(log2, "", "%s: and reports nothing", name);
		free(o2);
		free(log2);
	}
	free(c);
	free(o);
	free(log);
	free(req);
	free(want);
	free(wlog);
	free(pout);
	free(plog);
	free(preq);
}

/* The share of words kept by mending each fixture reply (after
 * cleaning), into an array. */
struct shares {
	double v[256];
	int    n;
};

static void
share(const char *dir, const char *name, const char *in, void *arg)
{
	struct shares *s = arg;
	char *preq = fixture_path(dir, name, "req"), *req = slurp(preq);
	char *c = cg_clean_prose(in, NULL), *o = mend(c, req, NULL);
	int wc = cg_clean_words(c), wo = cg_clean_words(o);

	if (s->n < 256)
		s->v[s->n++] = wc ? 100.0 * wo / wc : 100.0;
	if (strncmp(name, "repeat-", 7))
		ok(!wc || 100.0 * wo / wc >= 85.0, "%s: %d of %d words kept (only numbering and word counts go)",
		    name, wo, wc);
	free(c);
	free(o);
	free(req);
	free(preq);
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
words_kept(const char *root)
{
	static struct shares s;
	char *d1 = fixture_dir(root, "prose"), *d2 = fixture_dir(root, "mend");
	double med;

	fixture_each(d1, share, &s);
	fixture_each(d2, share, &s);
	qsort(s.v, (size_t)s.n, sizeof *s.v, cmpd);
	med = s.n ? (s.n % 2 ? s.v[s.n / 2] : (s.v[s.n / 2 - 1] +
	    s.v[s.n / 2]) / 2) : 0;
	ok(s.n >= 20 && med >= 99.0, "median share of words kept over %d "
	    "prose replies: %.1f%%", s.n, med);
	free(d1);
	free(d2);
}

/* Small cases, each for one rule. */
static void
cases(void)
{
#define lab "{\"headings\":[\"Objectives\",\"Materials\",\"Procedure\"," \
	    "\"Analysis\"]}"
#define lec "{\"headings\":[\"Overview\",\"Key Concepts\",\"Summary\"]}"
	static const struct {
		const char *in, *req, *out, *why;
	} c[] = {
		{ "## 2. Key Concepts\n", NULL, "## Key Concepts\n",
		    "numbering dropped" },
		{ "## 2) Key Concepts\n", NULL, "## Key Concepts\n",
		    "numbering with a parenthesis dropped" },
		{ "## IV. Summary\n", NULL, "## Summary\n",
		    "a Roman numeral dropped" },
		{ "## V. cholerae\n", NULL, "## V. cholerae\n",
		    "an abbreviation is no Roman numeral" },
		{ "## 1984\n", NULL, "## 1984\n",
		    "a number that is the title stays" },
		{ "## 1. 1984\n", NULL, "## 1. 1984\n",
		    "nothing but a number left: numbering stays" },
		{ "## 3 Laws of Motion\n", NULL, "## 3 Laws of Motion\n",
		    "a number without a separator is content" },
		{ "## Step 2: Heat the water\n", NULL,
		    "## Step 2: Heat the water\n", "a step stays" },
		{ "## Section 3: Cells\n", NULL, "## Cells\n",
		    "Section N dropped" },
		{ "## Summary (82 words)\n", NULL, "## Summary\n",
		    "a word count dropped" },
		{ "## Summary (approx. 150 words)\n", NULL, "## Summary\n",
		    "an approximate word count dropped" },
		{ "## Summary (~100 words)\n", NULL, "## Summary\n",
		    "a tilde word count dropped" },
		{ "## Summary [100\xe2\x80\x93" "150 words]\n", NULL,
		    "## Summary\n", "a range in brackets dropped" },
		{ "## Summary - 82 words\n", NULL, "## Summary\n",
		    "a dashed word count dropped" },
		{ "## Cells (and Their Parts)\n", NULL,
		    "## Cells (and Their Parts)\n",
		    "a parenthesis that is no word count stays" },
		{ "## The 300 Words of Shakespeare\n", NULL,
		    "## The 300 Words of Shakespeare\n",
		    "words in a title stay" },
		{ "## **Key Concepts:**\n", NULL, "## Key Concepts\n",
		    "bold and colon dropped from a heading" },
		{ "## Key Concept\n", lec, "## Key Concepts\n",
		    "singular renamed to the required plural" },
		{ "## Key Concept and Terms\n", lec,
		    "## Key Concepts and Terms\n", "words after \"and\" stay" },
		{ "## Key Concept Maps\n", lec, "## Key Concept Maps\n",
		    "other words after a near miss: no rename" },
		{ "## key concepts\n", lec, "## Key Concepts\n",
		    "the same words in another case: the required wording" },
		{ "## Key Concepts and Terms\n", lec,
		    "## Key Concepts and Terms\n",
		    "a heading that matches keeps its words" },
		{ "## Key Ideas\n", lec, "## Key Concepts\n", "a synonym" },
		{ "## Key Ideas\n\n## Key Concepts\n", lec,
		    "## Key Ideas\n\n## Key Concepts\n",
		    "a synonym when the heading is there: no rename" },
		{ "## Key Ideas\n", "{\"headings\":[\"Key Concepts\"],"
		    "\"language\":\"German\"}", "## Key Ideas\n",
		    "no renaming in a course not in English" },
		{ "## Methods\n", lab, "## Procedure\n",
		    "a lab's Methods is its Procedure" },
		{ "## Methods\n", "{\"headings\":[\"Method\"]}", "## Methods\n",
		    "an investigation's Methods matches its Method" },
		{ "Text.\n\n**Materials:**\n\n- a cup\n", lab,
		    "Text.\n\n## Materials\n\n- a cup\n",
		    "a bold required title promoted" },
		{ "## Materials\n\n**Materials:**\n\n- a cup\n", lab,
		    "## Materials\n\n**Materials:**\n\n- a cup\n",
		    "a bold title whose heading is there stays" },
		{ "Text\n**Materials:**\n", lab, "Text\n**Materials:**\n",
		    "a bold title inside a paragraph stays" },
		{ "**Materials:** a cup and a spoon\n", lab,
		    "**Materials:** a cup and a spoon\n",
		    "a bold label with text after it stays" },
		{ "**Why does ice float?**\n", NULL,
		    "**Why does ice float?**\n", "a bold question stays" },
		{ "**Plants**\n\nText.\n\n**Animals**\n\nMore.\n", NULL,
		    "## Plants\n\nText.\n\n## Animals\n\nMore.\n",
		    "no sections: bold titles promoted" },
		{ "**Plants**\n\n- one\n\n**Animals**\n", NULL,
		    "## Plants\n\n- one\n\n**Animals**\n",
		    "no sections: a bold line after a list item stays" },
		{ "**Example:**\n\nText.\n", NULL, "**Example:**\n\nText.\n",
		    "no sections: a label stays" },
		{ "## Plants\n\n**Animals**\n", NULL,
		    "## Plants\n\n**Animals**\n",
		    "sections: a bold line not required stays" },
		{ "### Summary\n", lec, "## Summary\n",
		    "a required heading one level down goes up" },
		{ "## Summary\n\n### Summary\n", lec,
		    "## Summary\n\n### Summary\n",
		    "a sub-heading repeating one that is there stays" },
		{ "```\n## 2. Key Concepts\n**Materials**\n```\n", lab,
		    "```\n## 2. Key Concepts\n**Materials**\n```\n",
		    "code is never touched" },
		{ "## -5 words\n", NULL, "## -5 words\n",
		    "a word count and nothing else stays" },
		{ "## Key Concepts" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", lec,
		    "## Key Concepts" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
		    "a word longer than any English one" },
		{ "", NULL, "", "empty stays empty" },
	};
	char *o, *log;

	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		o = mend(c[i].in, c[i].req, &log);
		is(o, c[i].out, "%s", c[i].why);
		ok(!strcmp(c[i].in, c[i].out) == !*log, "%s: a repair "
		    "reported when one was made", c[i].why);
		free(o);
		free(log);
	}
#undef lab
#undef lec
	o = cg_mend_prose(NULL, NULL, NULL);
	is(o, "", "NULL is empty, and no log is fine");
	free(o);
}

static void
repeats(void)
{
	char *o, *log;
	const char *p = "Photosynthesis turns light energy into chemical "
	    "energy stored in sugar molecules inside the leaf.";

	{
		char *in = xasprintf("%s\n\nOther text.\n\n%s\n", p, p),
		    *want = xasprintf("%s\n\nOther text.\n", p);
		o = mend(in, NULL, &log);
		is(o, want, "an exact repeat dropped, and its blank line");
		free(in);
		free(want);
	}
	ok(!strncmp(log, "1 repeat of the paragraph \"Photosynthesis turns "
	    "light energy into\xe2\x80\xa6\" dropped\n", 200),
	    "the repair names its first words: %s", log);
	free(o);
	free(log);
	o = mend("Nine words in this paragraph say one thing here.\n\n"
	    "## Next\n\nNine words in this paragraph say one thing here.\n",
	    NULL, &log);
	is(o, "Nine words in this paragraph say one thing here.\n\n"
	    "## Next\n", "a short exact repeat (8 to 11 words) dropped");
	free(o);
	free(log);
	o = mend("- Fill the beaker with water\n- Heat it for five minutes\n\n"
	    "Then:\n\n- Fill the beaker with water\n- Heat it for five "
	    "minutes\n", NULL, &log);
	is(o, "- Fill the beaker with water\n- Heat it for five minutes\n\n"
	    "Then:\n", "a list repeated word for word dropped");
	free(o);
	free(log);
	o = mend("Short line said twice.\n\nShort line said twice.\n", NULL,
	    &log);
	is(o, "Short line said twice.\n\nShort line said twice.\n",
	    "a paragraph under 8 words is no repeat");
	free(o);
	free(log);
}

/* A course in a language cg words the headings in (req.headings_en): a
 * heading written in English gets the course's wording; one already in
 * it, or another section, stays. */
static void
localised(void)
{
	const char *req = "{\"language\":\"Spanish\",\"headings\":"
	    "[\"Puntos clave\",\"T\u00e9rminos clave\",\"Repaso\"],"
	    "\"headings_en\":[\"Key Points\",\"Key Terms\",\"Review\"]}";
	char *o, *log;

	o = mend("## Puntos clave\n\nUno.\n\n## Key Terms\n\nDos.\n\n"
	    "## La c\u00e9lula\n\nTres.\n\n## Repaso\n\nCuatro.\n", req,
	    &log);
	is(o, "## Puntos clave\n\nUno.\n\n## T\u00e9rminos clave\n\nDos.\n\n"
	    "## La c\u00e9lula\n\nTres.\n\n## Repaso\n\nCuatro.\n",
	    "Spanish: \"## Key Terms\" given the course's wording");
	ok(log && strstr(log, "heading \"## Key Terms\" made \"## T"),
	    "... and the repair noted: %s", log ? log : "");
	free(o);
	free(log);
	o = mend("## Key Terms\n\nDos.\n", "{\"language\":\"Spanish\","
	    "\"headings\":[\"Key Terms\"]}", &log);
	is(o, "## Key Terms\n\nDos.\n", "headings the model translates: an "
	    "English one is left for the validator");
	free(o);
	free(log);
}

/* A diagram inside prose whose layout fits no page is turned, and said. */
static void
turned(void)
{
	cg_buf in = {0};
	char *o, *log;
	int i;

	cg_buf_puts(&in, "Text.\n\n```mermaid\nflowchart TD\n");
	for (i = 1; i <= 11; i++)
		cg_buf_printf(&in, "    R[Root] --> N%d[Leaf %d]\n", i, i);
	cg_buf_puts(&in, "```\n\nMore text.\n");
	o = mend(in.s, NULL, &log);
	ok(strstr(o, "flowchart LR\n") != NULL, "a TD tree of 11 leaves in "
	    "prose is turned to LR");
	ok(log && strstr(log, "turned from TD to LR"), "... and the repair "
	    "noted: %s", log ? log : "");
	free(o);
	free(log);
	cg_buf_free(&in);
}

int
main(void)
{
	const char *root = fixture_init();
	char *dir = fixture_dir(root, "mend");
	int n = fixture_each(dir, fixture, NULL);

	free(dir);
	if (regen)
		return 0;
	isnum(n >= 10, 1, "at least 10 mend fixtures (%d)", n);
	cases();
	repeats();
	localised();
	turned();
	words_kept(root);
	return done_testing();
}
