/* Unit tests for lib/tmpl.c: every template feature, every syntax error
 * with its line:col, front matter loading, prompt squeezing, digests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <regex.h>

#include "tap.h"
#include "util.h"
#include "tmpl.h"
#include "fixture.h"

static cJSON *ctx;

/* like(got, ERE, name): got matches the extended regular expression. */
#define like(got, re, ...) tap_like((got), (re), __FILE__, __LINE__, __VA_ARGS__)
static int __attribute__((format(printf, 5, 6)))
tap_like(const char *got, const char *re, const char *file, int line,
    const char *fmt, ...)
{
	regex_t rx;
	va_list ap;
	int c = 0;

	if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) == 0) {
		c = got && regexec(&rx, got, 0, NULL, 0) == 0;
		regfree(&rx);
	}
	va_start(ap, fmt);
	tap_vok(c, file, line, fmt, ap);
	va_end(ap);
	if (!c)
		printf("#   got:  '%s'\n#   want: /%s/\n", got ? got : "(null)", re);
	return c;
}

/* Render t against ctx; "ERR <code> <msg>" on error.  Static buffer. */
static const char *
R(const char *t)
{
	static char out[4096];
	cg_err e = { 0 };
	char *s = cg_tmpl_render(t, ctx, "t.md", &e);

	if (!s)
		snprintf(out, sizeof out, "ERR %d %s", e.code, e.msg);
	else {
		snprintf(out, sizeof out, "%s", s);
		free(s);
	}
	return out;
}

static void
values(void)
{
	is(R("a {{s}} b"), "a str b", "string");
	is(R("{{obj.name}}/{{obj.deep.x}}"), "N/deep", "nested path");
	is(R("{{ obj.name }}"), "N", "spaces inside the braces");
	is(R("{{n}} {{f}} {{neg}} {{big}}"), "42 0.25 -3 1500", "numbers");
	is(R("{{req.words.0}}-{{req.words.1}}"), "750-1600",
	    "array index into numbers");
	is(R("{{list}}"), "a, b, c", "array of strings joined");
	is(R("{{list.1}}"), "b", "array index");
	is(R("{{list.9}}|{{nope}}|{{obj.nope.deeper}}"), "||",
	    "missing values are empty");
	is(R("{{t}} {{fa}}"), "true false", "booleans");
	is(R("[{{obj}}][{{nul}}]"), "[][]", "object and null insert nothing");
	is(R("{{mixed}}"), "x, 1, true", "array joins scalars, skips objects");
	is(R("{{obj.key-with-dash}}"), "d", "dash in a key");
	is(R("no tags at all\n"), "no tags at all\n", "plain text unchanged");
	is(R(""), "", "empty template");
	is(R("one { brace } and }} alone"), "one { brace } and }} alone",
	    "single braces and a stray }} are text");
	is(R("{{s}}{{s}}"), "strstr", "adjacent tags");
	is(R("{{uni}}"), "\xc3\xa9t\xc3\xa9", "UTF-8 value as is");
}

static void
blocks(void)
{
	is(R("{{#each list}}<{{.}}:{{@n}}>{{/each}}"), "<a:1><b:2><c:3>",
	    "each with . and @n");
	is(R("{{#each mods}}{{.number}}={{.title}};{{/each}}"), "1=Cells;2=Energy;",
	    "each over objects with .member");
	is(R("{{#each mods}}{{.number}}:{{#each .tags}}{{.}}{{@n}}{{/each}};"
	    "{{/each}}"), "1:x1y2;2:;", "nested each, inner @n and .");
	is(R("{{#each mods}}{{s}}{{/each}}"), "strstr",
	    "root paths inside each");
	is(R("{{#each nope}}x{{/each}}|{{#each empty}}x{{/each}}"), "|",
	    "each over missing or empty");
	is(R("{{#each s}}[{{.}}]{{/each}}"), "[str]",
	    "each over a scalar runs once");
	is(R("{{#if s}}y{{/if}}{{#if es}}n{{/if}}"), "y", "if string");
	is(R("{{#if n}}y{{/if}}{{#if zero}}n{{/if}}"), "y", "if number");
	is(R("{{#if list}}y{{/if}}{{#if empty}}n{{/if}}"), "y", "if array");
	is(R("{{#if obj}}y{{/if}}{{#if eobj}}n{{/if}}"), "y", "if object");
	is(R("{{#if t}}y{{/if}}{{#if fa}}n{{/if}}{{#if nul}}n{{/if}}"
	    "{{#if nope}}n{{/if}}"), "y", "if true/false/null/missing");
	is(R("{{#if es}}a{{else}}b{{/if}}"), "b", "else branch");
	is(R("{{#if s}}a{{else}}b{{/if}}"), "a", "then branch");
	is(R("{{#each mods}}{{#if .tags}}T{{else}}-{{/if}}{{/each}}"), "T-",
	    "if on a member of the item");
	is(R("{{#if obj.name}}{{#if obj.deep}}{{#each list}}{{.}}{{/each}}"
	    "{{/if}}{{/if}}"), "abc", "nested if/if/each");
	is(R("{{n}} {{#one n}}week{{else}}weeks{{/one}}|{{#one one}}1 week"
	    "{{else}}x{{/one}}"), "42 weeks|1 week", "one: a number, 1 or not");
	is(R("{{#one list}}a{{else}}b{{/one}}{{#one single}}c{{else}}d{{/one}}"
	    "{{#one empty}}e{{else}}f{{/one}}{{#one nope}}g{{/one}}"), "bcf",
	    "one: arrays of three, one and none; missing is not one");
	is(R("{{#one s}}a{{else}}b{{/one}}{{#one t}}c{{else}}d{{/one}}"), "bd",
	    "one: a string or true is not one");
	is(R("{{#each list}}{{#one @n}}[{{.}}]{{else}}{{.}}{{/one}}{{/each}}"),
	    "[a]bc", "one: @n is the first element");
	is(R("{{#one mods}}one{{else}}{{#each mods}}{{.number}}{{/each}}"
	    "{{/one}}"), "12", "one: nests with each");
	is(R("x\n{{#one one}}\nsingle\n{{else}}\nplural\n{{/one}}\ny\n"),
	    "x\nsingle\ny\n", "one: standalone lines vanish");
	is(R("{{#one one}}x"), "ERR 65 t.md:1:1: {{#one one}} is never closed "
	    "by {{/one}}", "one: unclosed");
	is(R("{{#one one}}x{{/if}}"), "ERR 65 t.md:1:14: {{/if}} inside "
	    "{{#one one}} opened at 1:1", "one: mismatched close");
	is(R("{{#one one}}a{{else}}b{{else}}c{{/one}}"), "ERR 65 t.md:1:23: "
	    "second {{else}} in {{#one one}} opened at 1:1", "one: second else");
	is(R("{{/one}}"), "ERR 65 t.md:1:1: {{/one}} without its opening tag",
	    "one: stray close");
	is(R("a{{! a comment }}b"), "ab", "comment");
	is(R("a{{! spans\n two lines }}b"), "ab", "multi-line comment");
}

static void
standalone(void)
{
	is(R("x\n{{#each list}}\n- {{.}}\n{{/each}}\ny\n"),
	    "x\n- a\n- b\n- c\ny\n", "standalone each lines vanish");
	is(R("x\n  {{#if s}}  \nin\n\t{{/if}}\ny\n"), "x\nin\ny\n",
	    "indented standalone if lines vanish");
	is(R("x\n{{#if es}}\nno\n{{else}}\nyes\n{{/if}}\ny"), "x\nyes\ny",
	    "standalone else");
	is(R("x\n{{! note }}\ny\n"), "x\ny\n", "standalone comment");
	is(R("x\n{{/if}}"), "ERR 65 t.md:2:1: {{/if}} without its opening tag",
	    "stray close reported");
	is(R("{{#if s}}\nA\n{{/if}}"), "A\n", "standalone at start and end");
	is(R("- {{#if s}}A{{/if}}\n"), "- A\n", "inline block keeps its line");
	is(R("{{s}}\n"), "str\n", "a value tag alone is not standalone");
	is(R("x\r\n{{#if s}}\r\ny\r\n{{/if}}\r\n"), "x\r\ny\r\n",
	    "CRLF standalone lines");
	is(R("{{#if s}} {{/if}}\n"), " \n", "two tags on a line: not standalone");
}

static void
errors(void)
{
	is(R("ab {{s"), "ERR 65 t.md:1:4: \"{{\" is never closed by \"}}\"",
	    "unclosed tag");
	is(R("x\n  {{foo bar}}"), "ERR 65 t.md:2:3: unknown tag \"{{foo bar}}\"; "
	    "values are written {{a.b.c}}, {{.}}, {{.name}} or {{@n}}",
	    "unknown tag, line:col");
	like(R("{{#unless s}}x{{/unless}}"), "^ERR 65 t.md:1:1: unknown tag "
	    "\"\\{\\{#unless s\\}\\}\"", "unknown block");
	like(R("{{#each}}{{/each}}"), "^ERR 65 t.md:1:1: .* needs a path",
	    "each without a path");
	like(R("{{#if a..b}}{{/if}}"), "^ERR 65 t.md:1:1: bad path \"a..b\"",
	    "bad path");
	is(R("{{}}"), "ERR 65 t.md:1:1: empty tag \"{{}}\"", "empty tag");
	is(R("a\nb {{else}}"), "ERR 65 t.md:2:3: {{else}} outside {{#if}}",
	    "else outside if");
	is(R("1\n2\n {{#each list}}\nx"), "ERR 65 t.md:3:2: {{#each list}} is "
	    "never closed by {{/each}}", "unclosed each at its opening");
	is(R("{{#if s}}x"), "ERR 65 t.md:1:1: {{#if s}} is never closed by "
	    "{{/if}}", "unclosed if");
	is(R("{{#each list}}\n{{#if s}}x{{/each}}"), "ERR 65 t.md:2:11: "
	    "{{/each}} inside {{#if s}} opened at 2:1", "mismatched close");
	is(R("{{#if s}}a{{else}}b{{else}}c{{/if}}"), "ERR 65 t.md:1:20: second "
	    "{{else}} in {{#if s}} opened at 1:1", "second else");
	is(R("{{#each list}}{{else}}{{/each}}"), "ERR 65 t.md:1:15: {{else}} "
	    "inside {{#each list}} opened at 1:1", "else in each");
	is(R("x {{.}}"), "ERR 65 t.md:1:3: \".\" outside {{#each}}",
	    ". outside each");
	is(R("{{@n}}"), "ERR 65 t.md:1:1: \"@n\" outside {{#each}}",
	    "@n outside each");
	is(R("{{#if .x}}{{/if}}"), "ERR 65 t.md:1:1: \".x\" outside {{#each}}",
	    ".x outside each");
	is(R("\xc3\xa9\xc3\xa9 {{?}}"), "ERR 65 t.md:1:4: unknown tag \"{{?}}\"; "
	    "values are written {{a.b.c}}, {{.}}, {{.name}} or {{@n}}",
	    "columns count UTF-8 characters");
	is(R("{{ s\n}} {{t}}"), "ERR 65 t.md:1:1: tag \"{{\" not closed on its "
	    "line", "a tag may not span lines");
	is(R("{{{s}}}"), "ERR 65 t.md:1:1: unknown tag \"{{{s}}\"; values are "
	    "written {{a.b.c}}, {{.}}, {{.name}} or {{@n}}", "triple braces");
}

static char dir[] = "/tmp/tmpltest.XXXXXX";

static void
put(const char *name, const char *text)
{
	char *p = xasprintf("%s/%s.md", dir, name);
	FILE *f = fopen(p, "w");

	fputs(text, f);
	fclose(f);
	free(p);
}

/* Load kind; "OK" or "ERR code msg" with the dir replaced by "D". */
static const char *
L(const char *kind, struct cg_tmpl *t)
{
	static char out[2048];
	cg_err e = { 0 };
	const char *m;
	size_t n = strlen(dir);

	if (cg_tmpl_load(kind, t, &e) == 0)
		return "OK";
	m = e.msg;
	if (!strncmp(m, dir, n)) {
		snprintf(out, sizeof out, "ERR %d D%s", e.code, m + n);
		return out;
	}
	snprintf(out, sizeof out, "ERR %d %s", e.code, m);
	return out;
}

static void
loading(void)
{
	struct cg_tmpl t;
	char *sys, *user;
	cg_err e = { 0 };

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	setenv("CG_PROMPTS", dir, 1);
	put("good", "---\ndescription: A test kind\nsystem: |\n  You teach "
	    "{{obj.name}}.\n\n\n  No preamble.\n---\n\n\nBody {{s}}\n"
	    "{{#if es}}\ngone\n{{/if}}\n\n\n\nend {{n}}\n\n");
	is(L("good", &t), "OK", "load a template");
	is(cJSON_GetStringValue(cJSON_GetObjectItem(t.meta, "description")),
	    "A test kind", "meta description");
	isnum(t.body_line, 9, "body line");
	ok(t.path && strstr(t.path, "/good.md"), "path kept");
	ok(cg_tmpl_prompt(&t, ctx, &sys, &user, &e) == 0, "prompt renders");
	is(sys, "You teach N.\n\nNo preamble.", "system rendered, squeezed");
	is(user, "Body str\n\nend 42", "user trimmed, blank runs squeezed");
	free(sys);
	free(user);
	cg_tmpl_free(&t);

	put("bodyerr", "---\nsystem: x\n---\nline four\n\nsix {{#each}}\n");
	is(L("bodyerr", &t), "ERR 65 D/bodyerr.md:6:5: \"{{#each}}\" needs a "
	    "path, as in {{#each a.b}}", "body error at file line:col");
	put("syserr", "---\ndescription: d\nsystem: |\n  first\n  x {{nope "
	    "here}}\n---\nbody\n");
	like(L("syserr", &t), "^ERR 65 D/syserr.md:5:5: unknown tag",
	    "literal system error at file line:col");
	put("sysplain", "---\nsystem: \"a {{/if}}\"\n---\nbody\n");
	is(L("sysplain", &t), "ERR 65 D/sysplain.md (system):1:3: {{/if}} "
	    "without its opening tag", "quoted system error names system");
	put("nosys", "---\ndescription: d\n---\nbody\n");
	like(L("nosys", &t), "^ERR 65 D/nosys.md:1:1: front matter has no "
	    "\"system:\"", "system is required");
	put("nofm", "body only\n");
	like(L("nofm", &t), "^ERR 65 D/nofm.md:1:1: expected front matter",
	    "front matter is required");
	put("open", "---\nsystem: x\nbody\n");
	like(L("open", &t), "^ERR 65 D/open.md:1:1: front matter is never "
	    "closed", "unclosed front matter");
	put("badyaml", "---\nsystem: x\n  bad: [\n---\nbody\n");
	like(L("badyaml", &t), "^ERR 65 D/badyaml.md:[0-9]+:[0-9]+: front "
	    "matter: ", "YAML syntax error with line:col");
	put("seq", "---\nsystem: x\ndescription:\n  - a\n---\nb\n");
	is(L("seq", &t), "ERR 65 D/seq.md:4:3: front matter: the value of "
	    "\"description\" must be a string", "non-string value");
	put("dup", "---\nsystem: x\nsystem: y\n---\nb\n");
	like(L("dup", &t), "^ERR 65 D/dup.md:3:1: front matter: duplicate "
	    "key \"system\"", "duplicate key");
	put("empty", "---\nsystem: ''\n---\n");
	is(L("empty", &t), "OK", "empty system and body load");
	ok(cg_tmpl_prompt(&t, NULL, &sys, &user, &e) == 0 && !*sys && !*user,
	    "and render empty against no context");
	free(sys);
	free(user);
	cg_tmpl_free(&t);
	like(L("missing", &t), "^ERR 66 D/missing.md:", "missing file: 66");
	like(L("../etc/x", &t), "^ERR 64 bad prompt kind", "kind with a slash");
	like(L("", &t), "^ERR 64 bad prompt kind", "empty kind");

	unsetenv("CG_PROMPTS");
	setenv("CG_ROOT", dir, 1);
	like(L("nothere", &t), "^ERR 66 prompts/nothere.md: no such prompt",
	    "missing datafile: 66");
	unsetenv("CG_ROOT");
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);
		ok(system(cmd) == 0, "cleanup");
		free(cmd);
	}
}

static void
digests(void)
{
	cg_buf b = {0};
	char *s;
	int i;

	s = cg_tmpl_digest("## Overview\n\nCells are the **basic unit** of "
	    "life. Everything else follows.\n\nA second paragraph that is "
	    "left out.\n\n```\n## not a heading\n```\n\n## Summary\n\n"
	    "- **Osmosis**: water crossing a membrane.\n", 2000);
	is(s, "### Overview\nCells are the **basic unit** of life. Everything "
	    "else follows.\n\n### Summary\n**Osmosis**: water crossing a "
	    "membrane.\n\nKey terms:\n- Cells are the **basic unit** of "
	    "life.\n- **Osmosis**: water crossing a membrane.",
	    "headings with first paragraphs, fences skipped, terms listed");
	free(s);
	for (i = 1; i <= 12; i++) {
		int j;
		cg_buf_printf(&b, "## Section %d\n\n", i);
		for (j = 0; j < 40; j++)
			cg_buf_puts(&b, "Words fill this section up. ");
		cg_buf_puts(&b, "\n\n");
	}
	cg_buf_puts(&b, "## Last\n\nThe final point.\n");
	s = cg_tmpl_digest(b.s, 1500);
	ok(strlen(s) <= 1500, "bounded (%zu bytes)", strlen(s));
	ok(strstr(s, "### Section 7") && strstr(s, "### Last\nThe final point."),
	    "every section, the last one included");
	free(s);
	cg_buf_free(&b);
	s = cg_tmpl_digest(NULL, 10);
	is(s, "", "NULL gives empty");
	free(s);
}

/* The names of the key terms of digest d, one per line ("" when none):
 * the first bold run of each line after "Key terms:".  Static buffer. */
static const char *
termnames(const char *d)
{
	static char out[2048];
	const char *p = d ? strstr(d, "\nKey terms:\n") : NULL, *a, *z, *eol;
	size_t n = 0;

	out[0] = '\0';
	for (p = p ? p + 12 : ""; *p; p = *eol ? eol + 1 : eol) {
		if (!(eol = strchr(p, '\n')))
			eol = p + strlen(p);
		if ((a = strstr(p, "**")) && a < eol && (z = strstr(a + 2, "**"))
		    && z < eol && n + (size_t)(z - a) + 1 < sizeof out)
			n += (size_t)snprintf(out + n, sizeof out - n, "%.*s\n",
			    (int)(z - a - 2), a + 2);
	}
	return out;
}

/* The line of d that starts with prefix, without its newline; "" when
 * there is none.  Static buffer. */
static const char *
line_of(const char *d, const char *prefix)
{
	static char out[1024];
	const char *p = d;
	size_t n = strlen(prefix);

	out[0] = '\0';
	while (p && *p) {
		if (!strncmp(p, prefix, n)) {
			snprintf(out, sizeof out, "%.*s", (int)strcspn(p, "\n"), p);
			break;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return out;
}

/* How many times w occurs in s, case-insensitively. */
static int
count_ci(const char *s, const char *w)
{
	size_t n = strlen(w);
	int c = 0;

	for (; *s; s++)
		if (!strncasecmp(s, w, n))
			c++;
	return c;
}

/* Digests of tests/fixtures/digest/bread-lecture.md, a lecture as the
 * prompt asks for it, with what real replies hold besides: bold labels,
 * a bold line for a heading, terms bolded in list items, a glossary, a
 * table, a level-three heading. */
static void
digest_fixture(const char *root)
{
	static const size_t budgets[] = { 500, 600, 800, 1250, 2500, 3000 };
	char *path = xasprintf("%s/tests/fixtures/digest/bread-lecture.md",
	    root), *md = slurp(path), *d, *first = NULL, *e;
	const char *l;
	size_t i;
	int same = 1, bounded = 1, once = 1;

	ok(md != NULL, "fixture %s", path);
	free(path);
	if (!md)
		return;
	d = cg_tmpl_digest(md, 3000);

	/* levels: "##" and "###" stay apart, shifted so none is "## " */
	ok(strstr(d, "\n### Yeast and Fermentation\n") &&
	    strstr(d, "\n#### What Yeast Needs\n") && !strstr(d, "\n## "),
	    "heading levels kept (## as ###, ### as ####)");
	e = cg_tmpl_digest("# Bread\n\nA title.\n\n## Yeast\n\nIt "
	    "feeds.\n\n### Needs\n\nFood.\n", 1000);
	ok(!strncmp(e, "### Bread\n", 10) && strstr(e, "\n#### Yeast\n") &&
	    strstr(e, "\n##### Needs\n"), "a title line: three levels kept");
	free(e);

	/* labels are not terms; terms in prose and list items are */
	is(termnames(d), "Yeast\nfermentation\nSugars\ncarbon dioxide\n"
	    "gluten\nproofing\n", "key terms: the bold terms, in order of "
	    "first use, list items included");
	ok(!strstr(termnames(d), "Safety") && !strstr(termnames(d), "Note") &&
	    !strstr(termnames(d), "misconception"),
	    "no bold label (\"**Safety:**\", a bold line) taken as a term");
	is(line_of(d, "- **Sugars**"), "- **Sugars**: the simple carbohydrates "
	    "of flour", "a term in a list item, with its apposition");
	is(line_of(d, "- **Yeast**"), "- **Yeast**: a single-celled fungus "
	    "that ferments sugar.", "a glossary label explains a term used in "
	    "the prose");

	/* a term never repeated in its own explanation */
	for (l = strstr(d, "Key terms:\n"); l && *l; ) {
		const char *a = strstr(l, "**"), *z = a ? strstr(a + 2, "**") :
		    NULL, *eol = strchr(l, '\n');
		char *t = a && z && (!eol || z < eol) ? xstrndup(a + 2,
		    (size_t)(z - a - 2)) : NULL,
		    *line = xstrndup(l, eol ? (size_t)(eol - l) : strlen(l));
		if (t && count_ci(line, t) != 1) {
			once = 0;
			printf("#   repeated: %s\n", line);
		}
		free(t);
		free(line);
		l = eol ? eol + 1 : NULL;
	}
	ok(once, "no key term repeated in its own line");
	e = cg_tmpl_digest("## Terms\n\n- **Dollar**: **Dollar**: the "
	    "currency of the United States.\n\nPrices are in **dollars**.\n"
	    "\n**Osmosis** is the movement of water across a membrane.\n",
	    1000);
	is(line_of(e, "- **Dollar**"), "- **Dollar**: the currency of the "
	    "United States.", "a doubled term is not repeated");
	is(line_of(e, "- **Osmosis**"), "- **Osmosis** is the movement of "
	    "water across a membrane.", "a term that starts its sentence is "
	    "named once");
	free(e);

	e = cg_tmpl_digest("Bakers say **proof. rise** is the second step."
	    "\n", 200);
	is(line_of(e, "- **proof"), "- **proof. rise** is the second step.",
	    "a term with a full stop inside its bold");
	free(e);
	e = cg_tmpl_digest("**Crumb**: \xe2\x80\x9csoft\xe2\x80\x9d inside.\n\n"
	    "The **crust** \xe2\x80\x94 the outside of a loaf \xe2\x80\x94 is "
	    "hard. A **starter** (a culture of wild yeast) is older.\n", 300);
	is(line_of(e, "- **Crumb**"), "- **Crumb**: \xe2\x80\x9csoft\xe2\x80\x9d "
	    "inside.", "a definition's opening quote kept whole");
	is(line_of(e, "- **crust**"), "- **crust**: the outside of a loaf",
	    "a definition between dashes");
	is(line_of(e, "- **starter**"), "- **starter**: a culture of wild "
	    "yeast", "a definition in parentheses");
	free(e);

	/* tables: the header and the first column, one line each */
	ok(strstr(d, "\nTable: Stage | Temperature | What happens\n- Mixing\n"
	    "- Proofing\n- Baking\n") && !strstr(d, "|---") &&
	    !strstr(d, "Yeast starts to feed"),
	    "a table as its header and first column");

	/* one list of terms for every reader, each within its budget */
	first = xstrdup(termnames(d));
	for (i = 0; i < sizeof budgets / sizeof *budgets; i++) {
		e = cg_tmpl_digest(md, budgets[i]);
		if (strcmp(termnames(e), first)) {
			same = 0;
			printf("#   at %zu: %s\n", budgets[i], termnames(e));
		}
		if (strlen(e) > budgets[i]) {
			bounded = 0;
			printf("#   at %zu: %zu bytes\n", budgets[i], strlen(e));
		}
		free(e);
	}
	ok(same, "the same key terms at every budget from 500 to 3000");
	ok(bounded, "every budget kept");

	/* an edit past a section's two opening sentences changes nothing */
	{
		char *ed = xstrdup(md), *at = strstr(ed, "This happens fastest");
		if (at)
			memcpy(at, "This happens slowest", 20);
		e = cg_tmpl_digest(ed, 3000);
		ok(at && !strcmp(e, d), "an edit past the opening sentences "
		    "changes no digest");
		free(e);
		free(ed);
	}
	free(first);
	free(d);
	free(md);
}

int
main(void)
{
	ctx = cJSON_Parse("{\"s\":\"str\",\"es\":\"\",\"n\":42,\"f\":0.25,"
	    "\"neg\":-3,\"big\":1500,\"zero\":0,\"t\":true,\"fa\":false,"
	    "\"nul\":null,\"uni\":\"\xc3\xa9t\xc3\xa9\","
	    "\"list\":[\"a\",\"b\",\"c\"],\"empty\":[],\"eobj\":{},"
	    "\"one\":1,\"single\":[\"s\"],"
	    "\"mixed\":[\"x\",1,{\"o\":1},true],"
	    "\"req\":{\"words\":[750,1600]},"
	    "\"obj\":{\"name\":\"N\",\"deep\":{\"x\":\"deep\"},"
	    "\"key-with-dash\":\"d\"},"
	    "\"mods\":[{\"number\":1,\"title\":\"Cells\",\"tags\":[\"x\",\"y\"]},"
	    "{\"number\":2,\"title\":\"Energy\"}]}");
	values();
	blocks();
	standalone();
	errors();
	loading();
	digests();
	digest_fixture(fixture_init());
	cJSON_Delete(ctx);
	return done_testing();
}
