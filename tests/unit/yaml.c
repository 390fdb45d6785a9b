/* Unit tests for lib/yaml.c: typing, positions, errors with line:col. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "json.h"
#include "yaml.h"

static cJSON *
parse(const char *text, cg_yaml_pos **pos, cg_err *e)
{
	memset(e, 0, sizeof *e);
	return cg_yaml_parse(text, strlen(text), "t.yaml", pos, e);
}

/* The error message for text (which must fail). */
static const char *
fails(const char *text, int *code)
{
	static cg_err e;
	cJSON *j = parse(text, NULL, &e);

	if (j) {
		cJSON_Delete(j);
		*code = 0;
		return "(parsed)";
	}
	*code = e.code;
	return e.msg;
}

static void
scalars(void)
{
	static const struct { const char *in; int type; double num;
	    const char *str; } t[] = {
		{ "42", cJSON_Number, 42, NULL },
		{ "-7", cJSON_Number, -7, NULL },
		{ "+3", cJSON_Number, 3, NULL },
		{ "0x1F", cJSON_Number, 31, NULL },
		{ "0o17", cJSON_Number, 15, NULL },
		{ "3.25", cJSON_Number, 3.25, NULL },
		{ ".5", cJSON_Number, 0.5, NULL },
		{ "1e3", cJSON_Number, 1000, NULL },
		{ "true", cJSON_True, 0, NULL },
		{ "False", cJSON_False, 0, NULL },
		{ "~", cJSON_NULL, 0, NULL },
		{ "null", cJSON_NULL, 0, NULL },
		{ "", cJSON_NULL, 0, NULL },
		{ "yes", cJSON_String, 0, "yes" },
		{ "gemma3:4b", cJSON_String, 0, "gemma3:4b" },
		{ "1.2.3", cJSON_String, 0, "1.2.3" },
		{ "1e", cJSON_String, 0, "1e" },
		{ ".inf", cJSON_String, 0, ".inf" },
		{ "0x", cJSON_String, 0, "0x" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof *t; i++) {
		cJSON *j = cg_yaml_scalar(t[i].in);
		ok((j->type & 0xff) == t[i].type, "scalar '%s' has the right type",
		    t[i].in);
		if (t[i].type == cJSON_Number)
			ok(j->valuedouble == t[i].num, "scalar '%s' = %g",
			    t[i].in, t[i].num);
		if (t[i].str)
			is(j->valuestring, t[i].str, "scalar '%s' stays a string",
			    t[i].in);
		cJSON_Delete(j);
	}
}

static void
documents(void)
{
	cg_yaml_pos *pos = NULL;
	cg_err e;
	cJSON *j;
	int l = 0, c = 0;
	char *s;

	j = parse("# comment\n"
	    "name: Intro\n"
	    "quoted: \"42\"\n"
	    "single: 'true'\n"
	    "tagged: !!str 7\n"
	    "n: 7\n"
	    "list:\n"
	    "  - a\n"
	    "  - {x: 1, y: [2, 3]}\n"
	    "nested:\n"
	    "  deeper:\n"
	    "    value:   12\n"
	    "block: |\n"
	    "  two\n"
	    "  lines\n", &pos, &e);
	ok(j != NULL, "a document parses (%s)", e.msg);
	if (!j)
		return;
	is(cJSON_GetObjectItem(j, "quoted")->valuestring, "42",
	    "double-quoted number stays a string");
	is(cJSON_GetObjectItem(j, "single")->valuestring, "true",
	    "single-quoted bool stays a string");
	is(cJSON_GetObjectItem(j, "tagged")->valuestring, "7", "!!str tag");
	isnum(cg_json_getn(j, "n", 0), 7, "plain int is a number");
	isnum(cg_json_getn(j, "nested.deeper.value", 0), 12, "nested mapping");
	is(cJSON_GetObjectItem(j, "block")->valuestring, "two\nlines\n",
	    "literal block");
	s = cg_json_compact(cJSON_GetObjectItem(j, "list"));
	is(s, "[\"a\",{\"x\":1,\"y\":[2,3]}]", "flow and block collections");
	free(s);

	ok(cg_yaml_where(pos, "nested.deeper.value", 0, &l, &c) == 0 &&
	    l == 12 && c == 14, "value position 12:14 (got %d:%d)", l, c);
	ok(cg_yaml_where(pos, "nested.deeper.value", 1, &l, &c) == 0 &&
	    l == 12 && c == 5, "key position 12:5 (got %d:%d)", l, c);
	ok(cg_yaml_where(pos, "list[1].y[1]", 0, &l, &c) == 0 &&
	    l == 9 && c == 19, "position inside a flow list 9:19 (got %d:%d)",
	    l, c);
	ok(cg_yaml_where(pos, "nope", 0, &l, &c) < 0, "unknown path: -1");
	is(cg_yaml_name(pos), "t.yaml", "table keeps the name");
	cg_yaml_pos_free(pos);
	cJSON_Delete(j);

	j = parse("base: &b {min: 2, max: 4}\ncopy: *b\n", NULL, &e);
	ok(j && cg_json_getn(j, "copy.max", 0) == 4, "alias copies its anchor");
	cJSON_Delete(j);
}

static void
errors(void)
{
	const char *m;
	int code;

	m = fails("a: 1\nb:\n\tc: 2\n", &code);
	ok(strstr(m, "t.yaml:3:1: tab character") != NULL,
	    "tab indentation named with line:col: %s", m);
	isnum(code, EX_DATAERR, "tab: EX_DATAERR");
	m = fails("a: 1\nb: 2\na: 3\n", &code);
	ok(strstr(m, "t.yaml:3:1: duplicate key \"a\" (first at line 1)") !=
	    NULL, "duplicate key: %s", m);
	m = fails("x:\n  a: 1\n  a: 2\n", &code);
	ok(strstr(m, "t.yaml:3:3: duplicate key \"a\"") != NULL,
	    "nested duplicate key: %s", m);
	m = fails("", &code);
	ok(strstr(m, "t.yaml: file is empty") != NULL, "empty file: %s", m);
	isnum(code, EX_DATAERR, "empty: EX_DATAERR");
	m = fails("# nothing here\n\n", &code);
	ok(strstr(m, "empty") != NULL, "comments only is empty: %s", m);
	m = fails("---\n", &code);
	ok(strstr(m, "empty") != NULL, "bare --- is empty: %s", m);
	m = fails("a: [1, 2\nb: 3\n", &code);
	ok(strncmp(m, "t.yaml:2:", 9) == 0, "unclosed flow list: %s", m);
	m = fails("a: \"open\n", &code);
	ok(strncmp(m, "t.yaml:2:1:", 11) == 0, "unclosed quote: %s", m);
	m = fails("a: 1\n b: 2\n", &code);
	ok(strncmp(m, "t.yaml:2:", 9) == 0, "bad indentation: %s", m);
	m = fails("a: 1\n---\nb: 2\n", &code);
	ok(strstr(m, "t.yaml:2:1: a second document") != NULL,
	    "second document: %s", m);
	m = fails("? [a, b]\n: 1\n", &code);
	ok(strstr(m, "t.yaml:1:3: a key must be a plain scalar") != NULL,
	    "non-scalar key: %s", m);
	m = fails("a: *nope\n", &code);
	ok(strstr(m, "t.yaml:1:4: unknown alias *nope") != NULL,
	    "unknown alias: %s", m);
	m = fails("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n", &code);
	ok(strstr(m, "too many") != NULL, "alias bomb refused: %s", m);
}

/* What a configuration never needs is refused, not quietly changed:
 * each message names file:line:col and the key. */
static void
refusals(void)
{
	cg_err e;
	cg_buf b = {0};
	const char *m;
	cJSON *j;
	int code, i;

	m = fails("name: !!binary aGVsbG8=\n", &code);
	ok(strstr(m, "t.yaml:1:7: name: tag !!binary is not supported") !=
	    NULL, "!!binary refused with line:col and key: %s", m);
	isnum(code, EX_DATAERR, "!!binary: EX_DATAERR");
	m = fails("a:\n  b: !!set {x, y}\n", &code);
	ok(strstr(m, "t.yaml:2:6: a.b: tag !!set") != NULL,
	    "!!set on a mapping refused: %s", m);
	m = fails("a: !custom 3\n", &code);
	ok(strstr(m, "a: tag !custom is not supported") != NULL,
	    "a local tag refused: %s", m);
	j = parse("a: !!str 3\nb: !!int 4\nc: !!seq [1]\nd: !!map {x: 1}\n"
	    "e: ! 5\n", NULL, &e);
	ok(j != NULL, "the core schema's tags are fine (%s)", e.msg);
	cJSON_Delete(j);

	m = fails("d: \"A\\u0000B\"\n", &code);
	ok(strstr(m, "t.yaml:1:4: d: the value contains a NUL") != NULL,
	    "NUL inside a string refused: %s", m);
	m = fails("d: \"A\\0B\"\n", &code);
	ok(strstr(m, "d: the value contains a NUL") != NULL,
	    "\\0 inside a string refused: %s", m);
	m = fails("x:\n  \"k\\0ey\": 1\n", &code);
	ok(strstr(m, "t.yaml:2:3: x: a key contains a NUL") != NULL,
	    "NUL inside a key refused: %s", m);

	m = fails("llm:\n  t: 1e999\n", &code);
	ok(strstr(m, "t.yaml:2:6: llm.t: the number 1e999 is out of range") !=
	    NULL, "1e999 refused: %s", m);
	m = fails("t: -1e999\n", &code);
	ok(strstr(m, "out of range") != NULL, "-1e999 refused: %s", m);
	m = fails("t: 1e-999\n", &code);
	ok(strstr(m, "out of range") != NULL, "1e-999 refused: %s", m);
	j = parse("t: \"1e999\"\nu: 1e308\n", NULL, &e);
	ok(j && cJSON_IsString(cJSON_GetObjectItem(j, "t")) &&
	    cJSON_IsNumber(cJSON_GetObjectItem(j, "u")),
	    "a quoted 1e999 is text, 1e308 a number");
	cJSON_Delete(j);

	cg_buf_puts(&b, "items:\n");
	for (i = 0; i < 10000; i++)
		cg_buf_printf(&b, "  - x%d\n", i);
	m = fails(b.s, &code);
	ok(strstr(m, "t.yaml:1002:5: items: a list of more than 1000 items")
	    != NULL, "a 10,000-item list refused: %s", m);
	b.len = 0;
	cg_buf_puts(&b, "items:\n");
	for (i = 0; i < 1000; i++)
		cg_buf_printf(&b, "  - x%d\n", i);
	j = parse(b.s, NULL, &e);
	ok(j && cJSON_GetArraySize(cJSON_GetObjectItem(j, "items")) == 1000,
	    "a 1,000-item list is fine");
	cJSON_Delete(j);
	b.len = 0;
	cg_buf_puts(&b, "m:\n");
	for (i = 0; i < 1001; i++)
		cg_buf_printf(&b, "  k%d: 1\n", i);
	m = fails(b.s, &code);
	ok(strstr(m, "m: a mapping of more than 1000 keys") != NULL,
	    "a 1,001-key mapping refused: %s", m);
	cg_buf_free(&b);
}

static void
load(void)
{
	cg_err e = { 0 };
	cJSON *j = cg_yaml_load("/nonexistent/x.yaml", NULL, &e);

	ok(!j && e.code == EX_NOINPUT, "missing file: EX_NOINPUT (%s)", e.msg);
}

int
main(void)
{
	scalars();
	documents();
	errors();
	refusals();
	load();
	return done_testing();
}
