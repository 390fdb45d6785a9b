/* lang.c — language codes, the required headings in each language and
 * the language of a text (lang.h), on the paragraphs of
 * tests/fixtures/lang/CODE.md, one per language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util.h"
#include "fsio.h"
#include "lang.h"

static const char *const codes[] = { "en", "es", "fr", "de", "pt", "it",
    "nl", "pl", "ja", "zh", "ar", "he" };

static char *
fixture(const char *code)
{
	const char *root = getenv("CG_ROOT");
	char *p = xasprintf("%s/tests/fixtures/lang/%s.md", root ? root : ".",
	    code), *t;
	cg_err e = {0};

	t = cg_read_file(p, NULL, &e);
	if (!t)
		fprintf(stderr, "%s: %s\n", p, e.msg);
	free(p);
	return t;
}

int
main(void)
{
	size_t i, j;
	const char *g, *found = NULL;
	char *t, *en;

	is(cg_lang_code("Spanish"), "es", "a name");
	is(cg_lang_code("español"), "es", "a native name, any case");
	is(cg_lang_code("es-MX"), "es", "a BCP 47 tag");
	is(cg_lang_code("pt_BR"), "pt", "a locale name");
	is(cg_lang_code("日本語"), "ja", "a name in its own script");
	ok(cg_lang_code("Swahili") == NULL, "an unknown language: NULL");
	ok(cg_lang_code("") == NULL && cg_lang_code(NULL) == NULL, "none");
	ok(cg_lang_code("esperanto") == NULL, "\"es\" begins no name");
	ok(cg_lang_rtl("ar") && cg_lang_rtl("he") && !cg_lang_rtl("es"),
	    "right to left: ar, he");
	is(cg_lang_heading("es", "Key Terms"), "Términos clave",
	    "a heading in Spanish");
	is(cg_lang_heading("ja", "key concepts"), "重要な概念",
	    "... in Japanese, the English in any case");
	ok(cg_lang_heading("es", "Glossary") == NULL, "an unknown heading: NULL");
	is(cg_lang_name("de"), "German", "a code's name");

	for (i = 0; i < sizeof codes / sizeof *codes; i++) {
		if (!(t = fixture(codes[i]))) {
			ok(0, "fixture %s", codes[i]);
			continue;
		}
		g = cg_lang_guess(t);
		is(g ? g : "(none)", codes[i], "a paragraph in %s reads as %s",
		    codes[i], codes[i]);
		ok(!cg_lang_mismatch(t, codes[i], NULL),
		    "... which is no mismatch for a course in it");
		free(t);
	}
	/* every pair: a text in one is a mismatch for a course in another */
	for (i = 0; i < sizeof codes / sizeof *codes; i++) {
		int bad = 0;
		t = fixture(codes[i]);
		for (j = 0; t && j < sizeof codes / sizeof *codes; j++)
			if (i != j && (!cg_lang_mismatch(t, codes[j], &found) ||
			    strcmp(found, codes[i])))
				bad++;
		ok(t && !bad, "%s text in a course in any other language: "
		    "a mismatch naming %s", codes[i], codes[i]);
		free(t);
	}
	en = fixture("en");
	ok(en && !cg_lang_mismatch(en, "sw", NULL),
	    "a course in a language cg does not know: never a mismatch");
	ok(cg_lang_guess("The cell and the membrane.") == NULL,
	    "a short text: too short to tell");
	t = xasprintf("```\n%s\n```\nLa célula.\n", en);
	ok(cg_lang_guess(t) == NULL, "code blocks are not prose");
	free(t);
	free(en);
	isnum(cg_lang_rtl("xx"), 0, "an unknown code is left to right");
	return done_testing();
}
