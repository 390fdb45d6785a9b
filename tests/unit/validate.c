/* Unit tests for lib/validate.c and the kinds table of lib/gen.c. */
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "gen.h"
#include "json.h"
#include "util.h"
#include "validate.h"

static cJSON *
J(const char *s)
{
	return cJSON_Parse(s);
}

/* A prose document: the headings, each followed by paragraphs making
 * about words words in all; every sentence different. */
static char *
doc(const char *const *heads, int nh, int words)
{
	cg_buf b = {0};
	int i, w = 0, n = 0;

	cg_buf_puts(&b, "# Cell Membranes\n\n");
	for (i = 0; i < nh; i++) {
		int share = (words - w) / (nh - i);
		cg_buf_printf(&b, "## %s\n\n", heads[i]);
		while (share > 0) {
			cg_buf_printf(&b, "Sentence number %d explains one "
			    "more idea about transport across membranes. ", n++);
			w += 10;
			share -= 10;
			if (n % 6 == 0)
				cg_buf_puts(&b, "\n\n");
		}
		cg_buf_puts(&b, "\n\n");
	}
	return cg_buf_take(&b);
}

/* Validate; returns the unusable problems.  hard receives the text of
 * every problem, unusable then imperfect; nimp counts the imperfect. */
static int nimp;

static int
val(const char *kind, const char *text, const cJSON *req, cg_buf *hard,
    cJSON *warn)
{
	cg_buf imp = {0};
	size_t i;
	int n;

	hard->len = 0;
	if (hard->s)
		hard->s[0] = '\0';
	if (warn)
		while (cJSON_GetArraySize(warn))
			cJSON_DeleteItemFromArray(warn, 0);
	n = cg_validate(kind, text, req, hard, &imp, warn);
	for (nimp = 0, i = 0; i < imp.len; i++)
		nimp += imp.s[i] == '\n';
	if (imp.len)
		cg_buf_puts(hard, imp.s);
	cg_buf_free(&imp);
	return n;
}


/* cg_validate_ex; the counts of its reask and imperfect lines in nre
 * and nimp, their text in re and hard (unusable, then imperfect). */
static int nre;
static cg_buf re;

static int
valex(const char *kind, const char *text, const cJSON *req, cg_buf *hard)
{
	cg_buf imp = {0};
	size_t i;
	int n;

	hard->len = re.len = 0;
	if (hard->s)
		hard->s[0] = '\0';
	if (re.s)
		re.s[0] = '\0';
	n = cg_validate_ex(kind, text, req, hard, &re, &imp, NULL);
	for (nimp = 0, i = 0; i < imp.len; i++)
		nimp += imp.s[i] == '\n';
	for (nre = 0, i = 0; i < re.len; i++)
		nre += re.s[i] == '\n';
	if (imp.len)
		cg_buf_puts(hard, imp.s);
	cg_buf_free(&imp);
	return n;
}

static const char english_text[] = "The cell membrane is a thin layer "
    "that surrounds every cell and controls what can enter and leave. It "
    "is made of two layers of lipids, and proteins are set into these "
    "layers like tiles in a floor. Some of the proteins form channels, "
    "which let small molecules pass from one side to the other. Others "
    "act as pumps that use energy to move ions against their gradient. "
    "Water crosses the membrane by osmosis, and this has been studied for "
    "more than a century. Because the membrane is fluid, its parts are "
    "not fixed but move around all the time, and they can change with "
    "temperature.";
static const char french_text[] = "La membrane cellulaire est une fine "
    "couche qui entoure chaque cellule et contr\xc3\xb4le ce qui peut "
    "entrer et sortir. Elle est form\xc3\xa9""e de deux couches de "
    "lipides, et des prot\xc3\xa9ines sont plac\xc3\xa9""es dans ces "
    "couches comme des carreaux dans un sol. Certaines prot\xc3\xa9ines "
    "forment des canaux, qui laissent passer les petites mol\xc3\xa9"
    "cules d'un c\xc3\xb4t\xc3\xa9 \xc3\xa0 l'autre. D'autres agissent "
    "comme des pompes qui utilisent de l'\xc3\xa9nergie pour d\xc3\xa9"
    "placer des ions contre leur gradient. L'eau traverse la membrane par "
    "osmose, et ce ph\xc3\xa9nom\xc3\xa8ne est \xc3\xa9tudi\xc3\xa9 "
    "depuis plus d'un si\xc3\xa8""cle. Comme la membrane est fluide, ses "
    "parties ne sont pas fixes mais bougent tout le temps.";

/* The three ways of cg_validate_ex. */
static void
three_ways(void)
{
	static const char *const h3[] = { "Overview", "Key Concepts",
	    "Summary" };
	static const char *const h2[] = { "Overview", "Summary" };
	static const char *const h1[] = { "Overview" };
	cJSON *req = J("{\"words\":[400,800],\"headings\":[\"Overview\","
	    "\"Key Concepts\",\"Summary\"],\"sections\":[1,6]}");
	cg_buf hard = {0};
	char *t, *u;

	t = doc(h2, 2, 600);
	ok(!valex("lecture", t, req, &hard) && nre == 0 && nimp == 1,
	    "one of three headings missing: imperfect, not re-asked");
	free(t);
	t = doc(h1, 1, 600);
	ok(!valex("lecture", t, req, &hard) && nre == 1 && nimp == 0 &&
	    strstr(re.s, "Key Concepts"), "two of three missing: re-asked: %s",
	    re.s);
	free(t);
	t = doc(h3, 3, 330);
	ok(!valex("lecture", t, req, &hard) && nre == 0 && nimp == 1,
	    "a little short: imperfect only");
	free(t);

	/* a course in another language: headings by count */
	cJSON_AddStringToObject(req, "language", "French");
	t = doc(h1, 1, 600);
	ok(!valex("lecture", t, req, &hard) && nre == 1,
	    "French, one heading of three: re-asked");
	free(t);
	t = doc(h2, 2, 600);
	ok(!valex("lecture", t, req, &hard) && nre == 0 && nimp == 1,
	    "French, two headings of three: imperfect");
	free(t);
	cJSON_Delete(req);

	/* any known language is told from the prose, an English course's too */
	{
		static const char es[] = "Las estrellas nacen en nubes de gas "
		    "y polvo que se contraen por su propia gravedad. A medida "
		    "que la nube se encoge, su centro se vuelve m\u00e1s "
		    "caliente y m\u00e1s denso hasta que el hidr\u00f3geno "
		    "empieza a fusionarse en helio. La masa de la estrella "
		    "decide cu\u00e1nto dura esta etapa y c\u00f3mo terminar"
		    "\u00e1: las estrellas peque\u00f1as se apagan despacio, "
		    "mientras que las m\u00e1s masivas explotan como "
		    "supernovas y dejan agujeros negros. ";
		cJSON *r1 = J("{\"headings\":[\"Overview\"]}");
		cJSON *r2 = J("{\"headings\":[\"Visi\u00f3n general\"],"
		    "\"headings_en\":[\"Overview\"],\"language\":\"es\"}");
		t = xasprintf("## Overview\n\n%s%s%s\n", es, es, es);
		ok(!valex("lecture", t, r1, &hard) && nre == 1 && strstr(re.s,
		    "written in Spanish; write it in English"),
		    "Spanish prose in an English course: re-asked: %s", re.s);
		{
			char *en = xasprintf("## Visi\u00f3n general\n\n%s\n",
			    english_text);
			ok(!valex("lecture", en, r2, &hard) && nre == 1 &&
			    strstr(re.s, "written in English; write it in Spanish"),
			    "an English lecture in a Spanish course: re-asked: %s",
			    re.s);
			free(en);
		}
		ok(!valex("lecture", t, r2, &hard) && nre == 0 && nimp == 1 &&
		    strstr(hard.s, "\"## Visi\u00f3n general\""),
		    "... in a Spanish course, with the heading left in English: "
		    "imperfect, not re-asked: %s", hard.s);
		free(t);
		t = xasprintf("## Visi\u00f3n general\n\n%s%s%s\n", es, es, es);
		ok(!valex("lecture", t, r2, &hard) && nre == 0 && nimp == 0,
		    "... with cg's wording of the heading: nothing off");
		free(t);
		cJSON_Delete(r1);
		cJSON_Delete(r2);
	}

	/* the wrong language */
	req = J("{\"headings\":[\"Overview\"],\"language\":\"French\"}");
	t = xasprintf("## Overview\n\n%s\n", english_text);
	ok(!valex("lecture", t, req, &hard) && nre == 1 && strstr(re.s,
	    "written in English; write it in French"),
	    "English for a French course: re-asked: %s", re.s);
	free(t);
	t = xasprintf("## Vue d'ensemble\n\n%s\n", english_text);
	ok(!valex("lecture", t, req, &hard) && nre == 1 && strstr(re.s,
	    "written in English; write it in French"),
	    "English prose under translated headings: the prose decides: %s",
	    re.s);
	free(t);
	{
		cJSON *r3 = J("{\"headings\":[\"Overview\"],"
		    "\"language\":\"Swahili\"}");
		t = xasprintf("## Muhtasari\n\n%s\n", english_text);
		ok(!valex("lecture", t, r3, &hard) && nre == 0,
		    "a language cg does not know, its headings translated: "
		    "not judged");
		free(t);
		cJSON_Delete(r3);
	}
	{
		cJSON *r2 = J("{\"language\":\"French\"}");
		t = xasprintf("%s\n", english_text);
		ok(!valex("open_questions", t, r2, &hard) && nre == 1,
		    "no required headings: English prose in a French course "
		    "re-asked all the same");
		free(t);
		cJSON_Delete(r2);
	}
	t = xasprintf("## Overview\n\n%s\n", english_text);
	cJSON_ReplaceItemInObject(req, "language", cJSON_CreateString(
	    "English"));
	ok(!valex("lecture", t, req, &hard) && nre == 0 && nimp == 0,
	    "English for an English course: fine");
	cJSON_DeleteItemFromObject(req, "language");
	ok(!valex("lecture", t, req, &hard) && nre == 0 && nimp == 0,
	    "no language is English: fine");
	free(t);
	cJSON_AddStringToObject(req, "language", "Fran\xc3\xa7""ais");
	t = xasprintf("## Overview\n\n%s\n", french_text);
	ok(!valex("lecture", t, req, &hard) && nre == 0 && nimp == 0,
	    "French for a French course: fine: %s%s", re.s ? re.s : "",
	    hard.s ? hard.s : "");
	free(t);
	cJSON_Delete(req);

	/* subtopics, when req has them */
	req = J("{\"subtopics\":[\"Membrane transport\",\"Osmosis and "
	    "diffusion\",\"Active pumps\"]}");
	t = doc(h3, 3, 600);
	ok(!valex("lecture", t, req, &hard) && nre == 1 && strstr(re.s,
	    "\"Osmosis and diffusion\", \"Active pumps\"") && !strstr(re.s,
	    "Membrane transport"), "two of three subtopics left out: "
	    "re-asked: %s", re.s);
	cJSON_DeleteItemFromArray(cJSON_GetObjectItem(req, "subtopics"), 2);
	ok(!valex("lecture", t, req, &hard) && nre == 0 && nimp == 1 &&
	    strstr(hard.s, "Osmosis"), "one of two left out: imperfect: %s",
	    hard.s);
	u = xasprintf("%s\nOsmosis moves water; diffusion moves solutes.\n", t);
	ok(!valex("lecture", u, req, &hard) && nre == 0 && nimp == 0,
	    "all covered (by their words, plural or not)");
	free(u);
	free(t);
	cJSON_Delete(req);

	/* Japanese subtopics in text written without spaces, by their
	 * pairs of characters: 細胞膜の輸送 is in 細胞膜輸送 by 細胞, 胞膜
	 * and 輸送 (3 of 5), 浸透と拡散 by 浸透 and 拡散 (2 of 4) */
	req = J("{\"subtopics\":[\"細胞膜の輸送\",\"浸透と拡散\"]}");
	u = doc(h3, 3, 600);
	t = xasprintf("%s\n細胞膜輸送は重要である。浸透は水を動かし、拡散は溶質を動かす。\n", u);
	ok(!valex("lecture", t, req, &hard) && nre == 0 && nimp == 0,
	    "Japanese subtopics covered in text without spaces: %s%s",
	    re.s ? re.s : "", hard.s ? hard.s : "");
	free(t);
	t = xasprintf("%s\n光合成は葉緑体で起こる。\n", u);
	ok(!valex("lecture", t, req, &hard) && nre == 1 && strstr(re.s,
	    "\"細胞膜の輸送\", \"浸透と拡散\""),
	    "Japanese subtopics left out: re-asked, named: %s",
	    re.s ? re.s : "");
	free(t);
	free(u);
	cJSON_Delete(req);

	/* placeholders in brackets */
	t = doc(h3, 3, 600);
	u = xasprintf("%s\nTaught by [INSTRUCTOR] on [Insert date].\n", t);
	ok(!valex("lecture", u, NULL, &hard) && nre == 0 && nimp == 1 &&
	    strstr(hard.s, "placeholders \"[INSTRUCTOR]\", \"[Insert date]\" "
	    "left in the text"), "placeholders are imperfect, named: %s",
	    hard.s);
	free(u);
	u = xasprintf("%s\n## Topic 1: [Title]\n\nText.\n", t);
	valex("lecture", u, NULL, &hard);
	ok(nimp == 1 && strstr(hard.s, "placeholder \"[Title]\" left in the "
	    "text"), "a placeholder in a heading: %s", hard.s);
	free(u);
	u = xasprintf("%s\nSee [1] and [12], [sic], [ATP] and [NADPH], "
	    "[citation needed], [0, 1], [Ca2+], [the docs](http://x.org), "
	    "[ref][1], `[NAME]`, ![a cell](c.png), [READING LIST](list.html), "
	    "[Title][1].\n\n- [ ] Clean up\n"
	    "- [x] Done\n\n[1]: http://x.org\n\n```\n[INSTRUCTOR]\n```\n",
	    t);
	ok(!valex("lecture", u, NULL, &hard) && nimp == 0,
	    "citations, links, task boxes, code: no placeholders: %s",
	    hard.s ? hard.s : "");
	free(u);
	u = xasprintf("%s\n[COURSE CODE], [Your Name], [Date], [INSERT "
	    "DIAGRAM HERE], [TBD]\n", t);
	valex("lecture", u, NULL, &hard);
	ok(nimp == 1 && strstr(hard.s, "\"[COURSE CODE]\", \"[Your Name]\", "
	    "\"[Date]\", \"[INSERT DIAGRAM HERE]\", \"[TBD]\""),
	    "template placeholders: %s", hard.s);
	free(u);
	free(t);

	/* diagrams */
	ok(valex("diagram", "flowchart TD\n    A[\"One\"]\n    B[\"Two\"]\n",
	    NULL, &hard) == 1 && strstr(hard.s, "joined by arrows") &&
	    strstr(hard.s, "no edges"), "a diagram without edges is unusable, "
	    "and says so: %s", hard.s);
	ok(valex("diagram", "Only prose here.\n", NULL, &hard) == 1,
	    "prose is no diagram");

	/* cg_validate: the re-ask lines are imperfect ones */
	req = J("{\"headings\":[\"Overview\",\"Key Concepts\","
	    "\"Summary\"]}");
	t = doc(h1, 1, 600);
	isnum(val("lecture", t, req, &hard, NULL), 0, "cg_validate: usable");
	ok(nimp == 1 && strstr(hard.s, "Key Concepts"), "cg_validate: the "
	    "re-ask problem is among the imperfect ones");
	free(t);
	cJSON_Delete(req);
	cg_buf_free(&hard);
	cg_buf_free(&re);
}

/* cg_validate_section: a required heading's section by its wording in
 * any language, or by its place. */
static void
sections(void)
{
	static const char doc[] = "## Puntos clave\n\nUno.\n\n"
	    "## La c\u00e9lula\n\nDos.\n\n```\n## not a heading\n```\n\n"
	    "## Vocabulario\n\n- **ATP**: energ\u00eda.\n\n## Repaso\n\n"
	    "Tres.\n";
	cJSON *cg = J("{\"language\":\"Spanish\",\"headings\":"
	    "[\"Puntos clave\",\"T\u00e9rminos clave\",\"Repaso\"],"
	    "\"headings_en\":[\"Key Points\",\"Key Terms\",\"Review\"]}");
	cJSON *en = J("{\"headings\":[\"Key Points\",\"Key Terms\","
	    "\"Review\"]}");
	size_t a = 0, b = 0;
	char *s;

	ok(!cg_validate_section(doc, cg, 1, &a, &b), "Key Terms in a Spanish "
	    "document worded otherwise: found by its place");
	s = xstrndup(doc + a, b - a);
	is(s, "\n- **ATP**: energ\u00eda.\n\n", "... the second section from "
	    "the end, not the code block's line");
	free(s);
	ok(!cg_validate_section(doc, cg, 0, &a, &b) && !strncmp(doc + a,
	    "\nUno.", 5), "the first required heading: by its wording");
	ok(!cg_validate_section(doc, cg, 2, &a, &b) && !strcmp(doc + a,
	    "\nTres.\n"), "the last: to the end of the text");
	ok(cg_validate_section(doc, en, 1, &a, &b) == -1, "an English "
	    "course: found by wording only (none here)");
	ok(!cg_validate_section("## Intro\n\n## Key Terms (glossary)\n\nx\n",
	    en, 1, &a, &b) && !strcmp("## Intro\n\n## Key Terms (glossary)\n"
	    "\nx\n" + a, "\nx\n"), "... and found so");
	ok(cg_validate_section("## Uno\n", cg, 1, &a, &b) == -1,
	    "too few sections: not found");
	cJSON_Delete(cg);
	cJSON_Delete(en);
}

int
main(void)
{
	static const char *const h3[] = { "Overview", "Key Concepts",
	    "Summary" };
	static const char *const h2[] = { "Overview", "Summary" };
	static const char *const h1[] = { "Overview" };
	cJSON *req = J("{\"words\":[400,800],\"headings\":[\"Overview\","
	    "\"Key Concepts\",\"Summary\"],\"sections\":[3,6],\"modules\":4}");
	cJSON *warn = cJSON_CreateArray(), *h;
	cg_buf hard = {0};
	char *t, *u;

	sections();
	/* heading matching */
	ok(cg_validate_heading_match("Key Concepts and Terms", "Key Concepts"),
	    "extra words after a required heading match");
	ok(cg_validate_heading_match("key concepts", "Key Concepts"),
	    "case-insensitive");
	ok(cg_validate_heading_match("Methods", "Method"), "plural matches");
	ok(!cg_validate_heading_match("Concepts Key", "Key Concepts"),
	    "word order matters");
	ok(!cg_validate_heading_match("Overviews of keys", "Key Concepts"),
	    "unrelated heading does not match");
	h = cg_validate_headings("# T\n## 1. Overview\n### Sub\n## **Key "
	    "Concepts:**\n```\n## not a heading\n```\n##nospace\n");
	isnum(cJSON_GetArraySize(h), 2, "only ## headings outside fences");
	is(cJSON_GetArrayItem(h, 0)->valuestring, "Overview",
	    "numbering stripped");
	is(cJSON_GetArrayItem(h, 1)->valuestring, "Key Concepts",
	    "emphasis and colon stripped");
	cJSON_Delete(h);

	/* a good document */
	t = doc(h3, 3, 600);
	isnum(val("lecture", t, req, &hard, warn), 0, "good lecture passes");
	isnum(cJSON_GetArraySize(warn), 0, "and has no warnings");
	isnum(val("lecture", t, NULL, &hard, warn), 0, "no requirements: ok");
	free(t);

	/* empty */
	isnum(val("lecture", " \n\n", req, &hard, warn), 1, "empty is hard");
	ok(strstr(hard.s, "empty") != NULL, "says empty");

	/* words: soft range, hard when clearly broken */
	t = doc(h3, 3, 330);
	isnum(val("lecture", t, req, &hard, warn), 0, "a little short: usable");
	isnum(nimp, 1, "a little short: imperfect");
	free(t);
	t = doc(h3, 3, 120);
	isnum(val("lecture", t, req, &hard, warn), 1, "far too short: hard");
	ok(strstr(hard.s, "between 400 and 800 words") != NULL,
	    "the problem states the range: %s", hard.s);
	free(t);
	t = doc(h3, 3, 1800);
	isnum(val("lecture", t, req, &hard, warn), 0, "far too long: usable");
	isnum(nimp, 1, "far too long: imperfect");
	free(t);

	/* headings */
	t = doc(h2, 2, 600);
	/* 2 sections < 3 is a sections problem; test headings with a wider
	 * section range */
	cJSON_ReplaceItemInObject(req, "sections", J("[1,6]"));
	isnum(val("lecture", t, req, &hard, warn), 0,
	    "one of three headings missing: usable");
	ok(nimp == 1 && strstr(hard.s, "Key Concepts"),
	    "imperfect, naming the heading");
	free(t);
	t = doc(h1, 1, 600);
	isnum(val("lecture", t, req, &hard, warn), 0,
	    "two of three headings missing: imperfect, never unusable");
	ok(strstr(hard.s, "\"## Key Concepts\"") && strstr(hard.s,
	    "\"## Summary\""), "problem lists the missing headings");
	free(t);
	{
		static const char *const rev[] = { "Summary", "Key Concepts",
		    "Overview" };
		t = doc(rev, 3, 600);
		isnum(val("lecture", t, req, &hard, warn), 0,
		    "out of order: not hard");
		isnum(cJSON_GetArraySize(warn), 1, "out of order: a warning");
		free(t);
	}

	/* sections */
	cJSON_ReplaceItemInObject(req, "sections", J("[3,4]"));
	{
		static const char *const many[] = { "Overview", "A Start",
		    "Key Concepts", "B Middle", "C Late", "Summary" };
		t = doc(many, 6, 600);
		isnum(val("lecture", t, req, &hard, warn), 0,
		    "too many sections: usable");
		isnum(nimp, 1, "too many sections: imperfect");
		ok(strstr(hard.s, "6 sections") != NULL, "says how many");
		free(t);
	}
	cJSON_ReplaceItemInObject(req, "sections", J("[3,6]"));

	/* leftovers from cleaning */
	t = doc(h3, 3, 600);
	u = xasprintf("```markdown\n%s```\n", t);
	ok(!val("lecture", u, req, &hard, warn) && nimp >= 1 && strstr(hard.s,
	    "code fence"), "a fence is imperfect");
	free(u);
	u = xasprintf("Okay, here\xe2\x80\x99s the lecture you asked for:\n\n%s",
	    t);
	ok(!val("lecture", u, req, &hard, warn) && nimp >= 1 && strstr(hard.s,
	    "introductory"), "a curly preamble is imperfect: %s", hard.s);
	free(u);
	u = xasprintf("%s\nLet me know if you would like any changes!\n", t);
	ok(!val("lecture", u, req, &hard, warn) && nimp >= 1 && strstr(hard.s,
	    "closing"), "a closing remark is imperfect");
	free(u);

	/* repetition loop */
	u = xasprintf("%s\n%s", t, "This paragraph says the very same thing "
	    "again and again.\n\nThis paragraph says the very same thing "
	    "again and again.\n\nThis paragraph says the very same thing "
	    "again and again.\n");
	ok(!val("lecture", u, req, &hard, warn) && nimp == 1 && strstr(hard.s,
	    "repeated 3 times"), "a paragraph three times is imperfect");
	free(u);
	u = xasprintf("%s\n%s", t, "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\xe2\x95\x90\xe2\x95\x90\n\nA\n\n"
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\n\nB\n\n"
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90"
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\n"
	    "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
	    "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
	    "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
	ok(!val("lecture", u, req, &hard, warn) && nimp == 0,
	    "separator and table-rule lines are no repeated passage: %s",
	    hard.s ? hard.s : "");
	free(u);
	u = xasprintf("%s\n%s", t, "This paragraph says the very same thing "
	    "again and again.\n\nThis paragraph says the very same thing "
	    "again and again.\n");
	isnum(val("lecture", u, req, &hard, warn), 0, "twice is fine");
	free(u);

	/* placeholder headings */
	{
		static const char *const ph[] = { "Overview", "Main Topic 1",
		    "Key Concepts", "Summary" };
		static const char *const ph2[] = { "Overview", "[Your Title]",
		    "Key Concepts", "Summary" };
		static const char *const real[] = { "Overview",
		    "Topic Modelling 2", "Key Concepts", "Insertion Sort",
		    "Summary" };
		u = doc(ph, 4, 600);
		ok(!val("lecture", u, req, &hard, warn) && nimp == 1 &&
		    strstr(hard.s, "Main Topic 1"),
		    "placeholder heading is imperfect");
		free(u);
		u = doc(ph2, 4, 600);
		val("lecture", u, req, &hard, warn);
		isnum(nimp, 1, "bracketed heading is a placeholder");
		free(u);
		u = doc(real, 5, 600);
		isnum(val("lecture", u, req, &hard, warn), 0,
		    "real headings are not placeholders");
		free(u);
	}

	/* cross references */
	u = xasprintf("%s\nAs Module 7 will show, and Module 2 showed.\n", t);
	isnum(val("integration", u, req, &hard, warn), 0,
	    "a bad module reference is soft");
	ok(cJSON_GetArraySize(warn) == 1 && strstr(cJSON_GetArrayItem(warn,
	    0)->valuestring, "Module 7"), "warning names it");
	free(u);
	u = xasprintf("%s\nModule 4 and module 1 both matter.\n", t);
	val("integration", u, req, &hard, warn);
	isnum(cJSON_GetArraySize(warn), 0, "real modules: no warning");
	free(u);
	free(t);
	cJSON_Delete(req);

	/* mermaid */
	req = J("{\"nodes\":[3,5]}");
	isnum(val("diagram", "flowchart TD\n    A[\"One\"]\n    B[\"Two\"]\n"
	    "    C[\"Three\"]\n    A --> B\n    B --> C\n", req, &hard, warn),
	    0, "strict diagram in range passes");
	ok(val("diagram", "flowchart TD\n    A[One (x)] --> B\n    B --> C\n",
	    req, &hard, warn) >= 1, "non-strict diagram is hard");
	ok(!val("diagram", "flowchart TD\n    A[\"One\"]\n    B[\"Two\"]\n"
	    "    A --> B\n", req, &hard, warn) && nimp == 1 && strstr(hard.s,
	    "2 nodes"), "a node short of the range is imperfect: %s", hard.s);
	{
		cg_buf b = {0};
		int i;
		cg_buf_puts(&b, "flowchart TD\n");
		for (i = 1; i <= 11; i++)
			cg_buf_printf(&b, "    N%d[\"Node %d\"]\n", i, i);
		for (i = 1; i < 11; i++)
			cg_buf_printf(&b, "    N%d --> N%d\n", i, i + 1);
		ok(val("diagram", b.s, req, &hard, warn) == 0 && nimp == 0,
		    "past the maximum, under the cap of 60: kept as it is: %s",
		    hard.s);
		b.len = 0;
		cg_buf_puts(&b, "flowchart TD\n");
		for (i = 1; i <= 61; i++)
			cg_buf_printf(&b, "    N%d[\"Node %d\"]\n", i, i);
		for (i = 1; i < 61; i++)
			cg_buf_printf(&b, "    N%d --> N%d\n", i, i + 1);
		ok(val("diagram", b.s, req, &hard, warn) == 0 && nimp == 1 &&
		    strstr(hard.s, "61 nodes"), "past the cap: imperfect, "
		    "never unusable: %s", hard.s);
		cJSON_Delete(req);
		req = J("{\"nodes\":[3,40]}");
		ok(val("diagram", b.s, req, &hard, warn) == 0 && nimp == 0,
		    "the cap is twice the maximum when that is more than 60");
		cJSON_Delete(req);
		req = J("{\"nodes\":[3,5]}");
		cg_buf_free(&b);
	}
	ok(val("visualization", "Just some prose about cells.\n", req, &hard,
	    warn) >= 1, "prose instead of a diagram is hard");
	cJSON_Delete(req);

	/* questions */
	req = J("{\"questions\":{\"multiple_choice\":1,\"options\":4,"
	    "\"short_answer\":1,\"essay\":1}}");
	t = "{\"session\":1,\"title\":\"T\",\"multiple_choice\":[{\"question\":"
	    "\"Which?\",\"options\":[\"a\",\"b\",\"c\",\"d\"],\"answer\":\"B\","
	    "\"explanation\":\"because\"}],\"short_answer\":[{\"question\":"
	    "\"Why?\",\"answer\":\"so\"}],\"essay\":[{\"question\":\"Discuss.\","
	    "\"guidance\":\"points\"}]}";
	isnum(val("questions", t, req, &hard, warn), 0, "good questions pass");
	t = "{\"multiple_choice\":[],\"short_answer\":[{\"question\":"
	    "\"Why?\",\"answer\":\"so\"}],\"essay\":[{\"question\":\"Discuss.\","
	    "\"guidance\":\"points\"}]}";
	isnum(val("questions", t, req, &hard, warn), 0, "a quiz short of a "
	    "question is usable: worth a re-ask, then kept");
	t = "{\"multiple_choice\":[],\"short_answer\":[],\"essay\":[]}";
	ok(val("questions", t, req, &hard, warn) >= 1, "a quiz of no question "
	    "is unusable: %s", hard.s);
	ok(val("questions", "not json", req, &hard, warn) == 1,
	    "not JSON is hard");
	cJSON_Delete(req);

	/* kinds table */
	{
		size_t n;
		const struct cg_kind *k = cg_kind_list(&n);
		ok(k && !cg_kinds_error(), "the built-in kinds table loads: %s",
		    cg_kinds_error() ? cg_kinds_error() : "ok");
		isnum(n, 12, "twelve kinds, the outline first");
		ok(k && k[0].shape == CG_SHAPE_OUTLINE && k[1].nreads == 0 &&
		    cg_kind_reads(cg_kind_find("questions"), "lab") &&
		    !cg_kind_reads(cg_kind_find("questions"), "notes"),
		    "rows and what they read");
		t = cg_kind_alias(cg_kind_find("diagram"));
		is(t, "diagram-K", "a multi kind's alias");
		free(t);
	}
	ok(cg_kind_find("cg-open-questions") == cg_kind_find("open_questions")
	    && cg_kind_find("open-questions") && cg_kind_find(
	    "/usr/bin/cg-lab") == cg_kind_find("lab"), "kind lookup by any name");
	ok(!cg_kind_find("cg-gen") && !cg_kind_find("cg-sim"),
	    "not a kind");
	t = cg_kind_file(cg_kind_find("diagram"), 3);
	is(t, "diagram-3.mmd", "diagram file name");
	free(t);
	{
		cJSON *s = J("{\"modules\":[{},{},{}],\"questions\":{\"essay\":2},"
		    "\"content\":{\"lab\":{\"words\":[1,2]}}}");
		cJSON *r = cg_gen_req(s, cg_kind_find("lab"));
		isnum(cg_json_getn(r, "modules", 0), 3, "req gets the module "
		    "count");
		isnum(cg_json_getn(r, "words.1", 0), 2, "req copies content.lab");
		isnum(cg_json_getn(r, "questions.essay", 0), 2,
		    "req gets the question counts");
		cJSON_Delete(r);
		cJSON_Delete(s);
	}

	cg_buf_free(&hard);
	cJSON_Delete(warn);
	three_ways();
	return done_testing();
}
