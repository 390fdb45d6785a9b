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
		ok(val("diagram", b.s, req, &hard, warn) == 1 && strstr(hard.s,
		    "11 nodes"), "past twice the maximum is unusable: %s",
		    hard.s);
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
	ok(val("questions", t, req, &hard, warn) >= 1, "a missing question "
	    "is hard: %s", hard.s);
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
	return done_testing();
}
