/* Unit tests for lib/config.c: URL normalisation, precedence, checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "config.h"
#include "json.h"
#include "settings.h"

static char root[64], warned[4096];

static void
warnfn(const char *msg)
{
	size_t n = strlen(warned);
	snprintf(warned + n, sizeof warned - n, "%s\n", msg);
}

static void
put(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", root, rel);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

/* One grammar: what cg_config_url writes is its own fixed point (a
 * URL from course.json is used as it is), whatever it was given. */
static void
canonical(void)
{
	static const char *same[] = { "http://127.0.0.1:11434",
		"http://gpu-box:8080", "https://h", "http://h:1",
		"https://api.example.org/v1", "http://10.0.0.2:8000/v1",
		"http://a-b.c:65535/x/y_z~1", "http://h/V1" };
	static const char *parse[] = { "HTTP://h", "http://H", "http://h:80",
		"https://h:443", "http://h/", "http://h//v1", "http://h/./v1",
		"http://h/../v1", "http://0.0.0.0:1", "http://h:011",
		"http://[::1]:9", "h:9", "http://h.:1", "http://h/a%20b",
		"[::]:11434", "0.0.0.0", "LOCALHOST:11434/" };
	cg_err e = { 0 };
	size_t i;
	char *u, *v;

	for (i = 0; i < sizeof same / sizeof *same; i++) {
		u = cg_config_url(same[i], &e);
		is(u, same[i], "canonical already: %s", same[i]);
		free(u);
	}
	for (i = 0; i < sizeof parse / sizeof *parse; i++) {
		u = cg_config_url(parse[i], &e);
		v = u ? cg_config_url(u, &e) : NULL;
		ok(u && v && strcmp(u, v) == 0, "'%s' -> %s, a fixed point",
		    parse[i], u ? u : "(refused)");
		free(u);
		free(v);
	}
}

/* URLs with secrets: refused, and never shown. */
static void
secrets(void)
{
	static const char *t[][2] = {
		{ "http://user:s3cret@h:1", "http://***@h:1" },
		{ "user:s3cret@h:1", "***@h:1" },
		{ "http://h:1/?token=s3cret&x=s3cret", "http://h:1/?token=***&x=***" },
		{ "http://h:1?s3cret", "http://h:1?***" },
		{ "http://h:1/v1#s3cret", "http://h:1/v1#***" },
		{ "http://u:p@w@h/p?a=s3cret#s3cret", "http://***@h/p?a=***#***" },
		{ "http://h:1/a@b", "http://h:1/a@b" },
		{ "http://h:1", "http://h:1" },
	};
	cg_err e;
	size_t i;
	char *m, *u;

	for (i = 0; i < sizeof t / sizeof *t; i++) {
		m = cg_config_url_mask(t[i][0]);
		is(m, t[i][1], "mask '%s'", t[i][0]);
		free(m);
		if (!strstr(t[i][1], "***"))
			continue;
		memset(&e, 0, sizeof e);
		u = cg_config_url(t[i][0], &e);
		ok(!u && e.code == EX_CONFIG && !strstr(e.msg, "s3cret") &&
		    strstr(e.msg, "***"), "refused, masked: %s", e.msg);
		free(u);
		memset(&e, 0, sizeof e);
		ok(cg_config_url_check(t[i][0], &e) < 0 && e.code == EX_CONFIG &&
		    !strstr(e.msg, "s3cret"), "... and by the screen");
	}
	ok(cg_config_url_check("localhost:11434", NULL) == 0,
	    "the screen passes a URL it cannot judge to the parser");
	m = cg_config_url_mask(NULL);
	is(m, "", "mask NULL: empty");
	free(m);
}

static void
urls(void)
{
	static const char *t[][2] = {
		{ "0.0.0.0:11434", "http://127.0.0.1:11434" },
		{ "0.0.0.0", "http://127.0.0.1:11434" },
		{ "gpu-box", "http://gpu-box:11434" },
		{ "gpu-box:8080", "http://gpu-box:8080" },
		{ "  localhost:11434/ ", "http://localhost:11434" },
		{ "http://h:1/", "http://h:1" },
		{ "HTTPS://h/v1//", "https://h/v1" },
		{ "http://h", "http://h" },
		{ "[::]:11434", "http://[::1]:11434" },
		{ "[fe80::1]:9", "http://[fe80::1]:9" },
		{ ":11434", "http://127.0.0.1:11434" },
	};
	static const char *badurl[] = { "", "ftp://h", "h:0", "h:70000",
		"http://h:x", "file:///etc/passwd", "a b" };
	size_t i;
	cg_err e;
	char *u;

	for (i = 0; i < sizeof t / sizeof *t; i++) {
		u = cg_config_url(t[i][0], &e);
		is(u, t[i][1], "url '%s'", t[i][0]);
		free(u);
	}
	for (i = 0; i < sizeof badurl / sizeof *badurl; i++) {
		memset(&e, 0, sizeof e);
		u = cg_config_url(badurl[i], &e);
		ok(!u && e.code == EX_CONFIG, "bad url '%s': EX_CONFIG (%s)",
		    badurl[i], e.msg);
		free(u);
	}
	canonical();
	secrets();
}

static void
precedence(void)
{
	char path[256], *ov[] = { "llm.options.seed=7", "course.level=\"12\"",
		"llm.options.top_k=5" };
	cg_err e = { 0 };
	cg_prov *prov = NULL;
	cJSON *cfg;
	char *s;

	put("config/llm.yaml", "llm:\n  model: from-file\n  keep_alive: 5m\n"
	    "  options: {temperature: 0.2, top_k: 20}\n"
	    "  timeouts: {idle: 9}\n");
	snprintf(path, sizeof path, "%s/c.yaml", root);
	put("c.yaml", "subject: Botany\nmodules: 3\n"
	    "constraints: Use metric units.\n"
	    "outline: my-outline.json\n"
	    "llm:\n  keep_alive: 1h\n  options: {top_k: 30}\n");
	setenv("CG_API_KEY", "sk-secret-value", 1);
	setenv("CG_MODEL", "from-env", 1);
	setenv("OLLAMA_HOST", "0.0.0.0:9999", 1);
	unsetenv("CG_URL");
	unsetenv("CG_PROVIDER");
	cfg = cg_config_resolve(path, ov, 3, warnfn, &prov, &e);
	ok(cfg != NULL, "resolves (%s)", e.msg);
	if (!cfg)
		return;
	is(cg_json_gets(cfg, "llm.provider", ""), "ollama", "default provider");
	is(cg_json_gets(cfg, "llm.model", ""), "from-env", "env beats file");
	is(cg_json_gets(cfg, "llm.keep_alive", ""), "1h", "course beats llm.yaml");
	isnum(cg_json_getn(cfg, "llm.options.temperature", 0) * 10, 2,
	    "llm.yaml beats defaults");
	isnum(cg_json_getn(cfg, "llm.options.top_k", 0), 5,
	    "override beats course");
	isnum(cg_json_getn(cfg, "llm.options.num_ctx", 0), 8192,
	    "untouched default kept in a merged section");
	isnum(cg_json_getn(cfg, "llm.options.seed", 0), 7, "override adds");
	isnum(cg_json_getn(cfg, "llm.timeouts.idle", 0), 9, "timeouts merge");
	isnum(cg_json_getn(cfg, "llm.timeouts.total", 0), 1800,
	    "timeouts keep defaults");
	is(cg_json_gets(cfg, "llm.url", ""), "http://127.0.0.1:9999",
	    "OLLAMA_HOST normalised");
	is(cg_json_gets(cfg, "course.level", ""), "12",
	    "quoted override stays a string");
	isnum(cg_json_getn(cfg, "course.sessions", 0), 6,
	    "sessions default to twice the modules");
	is(cg_json_gets(cfg, "course.name", ""), "Botany",
	    "name defaults to the subject");
	is(cg_json_gets(cfg, "course.slug", ""), "botany", "slug");
	is(cg_json_gets(cfg, "course.language", ""), "English",
	    "language default");
	s = cg_json_compact(cg_json_at(cfg, "course.constraints"));
	is(s, "[\"Use metric units.\"]", "constraint string becomes a list");
	free(s);
	snprintf(path, sizeof path, "%s/my-outline.json", root);
	is(cg_json_gets(cfg, "course.outline", ""), path,
	    "outline relative to the course yaml");
	s = cg_json_compact(cfg);
	ok(!strstr(s, "sk-secret-value") && !strstr(s, "CG_API_KEY"),
	    "the API key is never in the configuration");
	free(s);
	is(warned, "", "no warnings");
	{
		/* the settings carry where each value came from */
		struct cg_settings st;
		char want[300];
		ok(cg_settings_init(&st, cfg, prov, &e) == 0, "settings (%s)",
		    e.msg);
		is(st.model_from, "CG_MODEL", "settings: model from CG_MODEL");
		is(st.url_from, "OLLAMA_HOST", "settings: url from OLLAMA_HOST");
		is(cg_settings_kind(&st, NULL)->num_ctx_from, "built-in defaults",
		    "settings: num_ctx from the defaults");
		is(cg_settings_kind(&st, "lecture")->num_predict_from,
		    "built-in defaults", "settings: a kind's cap from the defaults");
		snprintf(want, sizeof want, "%s/config/llm.yaml:5:13", root);
		is(st.timeouts_from, want,
		    "settings: timeouts (a mapping) from llm.yaml:line:col");
		isnum(st.idle, 9, "settings: timeouts.idle from llm.yaml");
		isnum(cg_settings_kind(&st, "lecture")->num_predict, 3000,
		    "settings: lecture cap");
		cg_settings_free(&st);
	}
	ok(cg_config_check_course(cfg, prov, "c.yaml", &e) < 0 && e.code ==
	    EX_NOINPUT && strstr(e.msg, "c.yaml:4:10: \"outline\""),
	    "missing outline file named with line:col (%s)", e.msg);
	put("my-outline.json", "{}\n");
	ok(cg_config_check_course(cfg, prov, "c.yaml", &e) == 0,
	    "course checks out once the outline exists (%s)", e.msg);

	{
		cJSON *k = cg_config_outline_key(cfg);
		ok(cg_json_at(k, "llm.options.num_predict") &&
		    !cg_json_at(k, "llm.timeouts") && !cg_json_at(k, "llm.url"),
		    "outline key: options with num_predict, no timeouts/url");
		ok(cJSON_IsObject(cg_json_at(k, "content.outline")),
		    "outline key: content.outline is an object");
		cJSON_Delete(k);
	}
	cJSON_Delete(cfg);
	cg_prov_free(prov);
	unsetenv("CG_MODEL");
	unsetenv("OLLAMA_HOST");
	unsetenv("CG_API_KEY");
}

/* One precedence for the reply cap: what the client sends for a kind is
 * what the outline key holds, whichever layer sets it. */
static void
num_predict(void)
{
	static const struct {
		const char *cfg, *key;
		double want;
		int fromdefs;
	} c[] = {
		{ "{}", "llm.kinds.outline.num_predict", 4096, 1 },
		{ "{\"llm\":{\"num_predict\":10}}", "llm.kinds.outline."
		  "num_predict", 4096, 1 },
		{ "{\"llm\":{\"kinds\":{\"outline\":{\"num_predict\":"
		  "5000}}}}", "llm.kinds.outline.num_predict", 5000, 0 },
		{ "{\"llm\":{\"kinds\":{\"outline\":{\"num_predict\":"
		  "5000,\"options\":{\"num_predict\":6000}}}}}",
		  "llm.kinds.outline.options.num_predict", 6000, 0 },
		{ "{\"llm\":{\"kinds\":{\"outline\":{\"options\":"
		  "{\"num_predict\":-1}}}}}", "llm.kinds.outline.num_predict",
		  4096, 1 },
		{ "{\"llm\":{\"kinds\":{\"outline\":{\"options\":"
		  "{\"num_predict\":700.9}}}}}",
		  "llm.kinds.outline.options.num_predict", 700, 0 },
	};
	cJSON *defs = cg_config_defaults(NULL), *cfg, *full, *k;
	struct cg_settings st;
	char key[160];
	cg_err e = { 0 };
	size_t i;
	int d;

	for (i = 0; i < sizeof c / sizeof *c; i++) {
		cfg = cJSON_Parse(c[i].cfg);
		*key = 0;
		d = -1;
		isnum(cg_config_num_predict(cfg, defs, "outline", key,
		    sizeof key, &d), c[i].want, "num_predict %s", c[i].cfg);
		is(key, c[i].key, "... from %s", c[i].key);
		isnum(d, c[i].fromdefs, "... %s", c[i].fromdefs ?
		    "the defaults'" : "the configuration's");
		ok(cg_settings_init(&st, cfg, NULL, &e) == 0, "settings (%s)",
		    e.msg);
		isnum(cg_settings_kind(&st, "outline")->num_predict, c[i].want,
		    "... the client's cap");
		is(cg_settings_kind(&st, "outline")->num_predict_from,
		    c[i].fromdefs ? "built-in defaults" : "configuration",
		    "... named");
		cg_settings_free(&st);
		/* the outline key reads a resolved configuration */
		full = cJSON_Duplicate(defs, 1);
		cg_json_merge(full, cfg);
		k = cg_config_outline_key(full);
		isnum(cg_json_getn(k, "llm.options.num_predict", 0), c[i].want,
		    "... the outline key's");
		cJSON_Delete(k);
		cJSON_Delete(full);
		cJSON_Delete(cfg);
	}
	cfg = cJSON_Parse("{\"llm\":{\"options\":{\"num_predict\":90}}}");
	isnum(cg_config_num_predict(cfg, defs, NULL, key, sizeof key, &d), 90,
	    "no kind: llm.options.num_predict over llm.num_predict");
	isnum(cg_config_num_predict(NULL, defs, NULL, key, sizeof key, &d),
	    2048, "no kind, nothing set: llm.num_predict's default");
	isnum(cg_config_num_predict(NULL, NULL, "lecture", NULL, 0, NULL), 0,
	    "nothing at all: 0");
	cJSON_Delete(cfg);
	cJSON_Delete(defs);
}

/* A course object short of a count reads the built-in default. */
static void
course_int(void)
{
	cJSON *c = cJSON_Parse("{\"modules\":3,\"items\":{\"max\":9}}");

	isnum(cg_config_course_int(c, "modules"), 3, "course: modules given");
	isnum(cg_config_course_int(c, "sessions"), 6,
	    "course: sessions twice the modules");
	isnum(cg_config_course_int(c, "items.max"), 9, "course: items.max given");
	isnum(cg_config_course_int(c, "items.min"), 3,
	    "course: items.min the default");
	isnum(cg_config_course_int(NULL, "modules"), 4,
	    "no course: modules the default");
	isnum(cg_config_course_int(NULL, "sessions"), 8,
	    "no course: sessions twice the default modules");
	isnum(cg_config_course_int(NULL, "diagrams_per_session"), 4,
	    "no course: diagrams_per_session the default");
	cJSON_Delete(c);
}

/* Resolve a course text; return the check's error message ("" if ok). */
static const char *
course_err(const char *text, int *code)
{
	static cg_err e;
	cg_prov *prov;
	char path[256];
	cJSON *cfg;

	memset(&e, 0, sizeof e);
	snprintf(path, sizeof path, "%s/bad.yaml", root);
	put("bad.yaml", text);
	if (!(cfg = cg_config_resolve(path, NULL, 0, warnfn, &prov, &e))) {
		*code = e.code;
		return e.msg;
	}
	if (cg_config_check_course(cfg, prov, "bad.yaml", &e) < 0) {
		*code = e.code;
		cJSON_Delete(cfg);
		cg_prov_free(prov);
		return strstr(e.msg, "bad.yaml") ? strstr(e.msg, "bad.yaml") :
		    e.msg;
	}
	cJSON_Delete(cfg);
	cg_prov_free(prov);
	*code = 0;
	return "";
}

static void
checks(void)
{
	static const struct { const char *text, *want; int code; } t[] = {
		{ "subject: x\nmodules: 0\n",
		  "bad.yaml:2:10: \"modules\" must be a positive integer", 65 },
		{ "subject: x\nmodules: 3\nsessions: 2\n",
		  "bad.yaml:3:11: \"sessions\" (2) must be at least \"modules\"",
		  65 },
		{ "subject: x\nduration_weeks: -1\n",
		  "bad.yaml:2:17: \"duration_weeks\" must not be negative", 65 },
		{ "subject: x\nmodules: 51\nsessions: 60\n",
		  "bad.yaml:2:10: \"modules\" must be at most 50", 65 },
		{ "subject: x\nsessions: 501\n",
		  "bad.yaml:2:11: \"sessions\" must be at most 500", 65 },
		{ "subject: x\nmodules: 2.5\n",
		  "bad.yaml:2:10: \"modules\" must be a whole number", 65 },
		{ "subject: x\nmodules: three\n",
		  "bad.yaml:2:10: \"modules\" must be a whole number, not a string",
		  65 },
		{ "name: x\n", "bad.yaml: \"subject\" is required", 65 },
		{ "subject: 42\n", "bad.yaml:1:10: \"subject\" must be a string",
		  65 },
		{ "subject: x\ndiagrams_per_session: 11\n",
		  "bad.yaml:2:23: \"diagrams_per_session\" must be at most 10", 65 },
		{ "subject: x\nquestions:\n  options: 1\n",
		  "bad.yaml:3:12: \"questions.options\" must be at least 2", 65 },
		{ "subject: x\nquestions:\n  essay: 31\n",
		  "bad.yaml:3:10: \"questions.essay\" must be at most 30", 65 },
		{ "subject: x\nitems: {min: 5, max: 4}\n",
		  "bad.yaml:2:22: \"items.max\" (4) must not be less than", 65 },
		{ "subject: x\nitems: {min: 0}\n",
		  "bad.yaml:2:14: \"items.min\" must be a positive integer", 65 },
		{ "subject: x\nitems: 3\n",
		  "bad.yaml:2:8: \"items\" must be a mapping", 65 },
		{ "subject: x\nconstraints: [ok, {a: 1}]\n",
		  "bad.yaml:2:19: \"constraints[1]\" must be a string", 65 },
		{ "subject: x\nllm:\n  provider: mistral\n",
		  "bad.yaml:3:13: \"llm.provider\" must be \"ollama\" or \"openai\"",
		  78 },
		{ "subject: x\nllm:\n  timeouts: {idle: 0}\n",
		  "bad.yaml:3:20: \"llm.timeouts.idle\" must be a positive number",
		  78 },
		{ "subject: x\nllm:\n  kinds: {lecture: {num_predict: -1}}\n",
		  "bad.yaml:3:34: \"llm.kinds.lecture.num_predict\" must be a "
		  "positive integer", 78 },
		{ "subject: x\nllm:\n  hosts: [{url: \"gopher://h\"}]\n",
		  "bad.yaml:3:17: \"llm.hosts[0].url\": \"gopher://h\" is not", 78 },
		{ "subject: x\nllm:\n  options: {temperature: hot}\n",
		  "bad.yaml:3:26: \"llm.options.temperature\" must be a number",
		  78 },
		{ "subject: x\nllm:\n  model: \"m\\nX-Evil: 1\"\n",
		  "bad.yaml:3:10: \"llm.model\" must not contain control "
		  "characters", 78 },
		{ "subject: x\n\tmodules: 3\n", "bad.yaml:2:1: tab character", 65 },
		{ "", "bad.yaml: file is empty", 65 },
		{ "subject: x\nsubject: y\n", "bad.yaml:2:1: duplicate key", 65 },
	};
	size_t i;
	const char *m;
	int code;

	for (i = 0; i < sizeof t / sizeof *t; i++) {
		m = course_err(t[i].text, &code);
		ok(strstr(m, t[i].want) != NULL && code == t[i].code,
		    "check %zu: %s (exit %d)", i, m, code);
		if (!strstr(m, t[i].want))
			printf("#   want: %s (exit %d)\n", t[i].want, t[i].code);
	}
	m = course_err("subject: x\nmodules: 3\nsessions: 9\n", &code);
	is(m, "", "a sane course passes");
}

static void
unknown_keys(void)
{
	char path[256];
	cg_err e = { 0 };
	cJSON *cfg;

	warned[0] = '\0';
	put("config/llm.yaml", "llm:\n  modle: x\n  options:\n"
	    "    temprature: 0.1\n    mirostat: 1\n");
	put("k.yaml", "subject: x\nmodles: 3\nqestions: {essay: 1}\n"
	    "zzzzqqq: 1\n");
	snprintf(path, sizeof path, "%s/k.yaml", root);
	cfg = cg_config_resolve(path, NULL, 0, warnfn, NULL, &e);
	ok(cfg == NULL && e.code == EX_CONFIG && strstr(e.msg, "k.yaml:2:1: "
	    "unknown key \"modles\"") && strstr(e.msg, "llm.strict: false"),
	    "unknown keys are an error by default: %s", e.msg);
	ok(!warned[0], "... and not warnings");
	put("k.yaml", "subject: x\nmodles: 3\nqestions: {essay: 1}\n"
	    "zzzzqqq: 1\nllm: {strict: false}\n");
	cfg = cg_config_resolve(path, NULL, 0, warnfn, NULL, &e);
	ok(cfg != NULL, "llm.strict false: unknown keys are not fatal (%s)",
	    e.msg);
	ok(strstr(warned, "k.yaml:2:1: unknown key \"modles\"; did you mean "
	    "\"modules\"?") != NULL, "suggestion for modles");
	ok(strstr(warned, "k.yaml:3:1: unknown key \"qestions\"; did you mean "
	    "\"questions\"?") != NULL, "suggestion for qestions");
	ok(strstr(warned, "k.yaml:4:1: unknown key \"zzzzqqq\" (ignored)") !=
	    NULL, "no suggestion for a far-off key");
	ok(strstr(warned, "llm.yaml:2:3: unknown key \"modle\"; did you mean "
	    "\"model\"?") != NULL, "unknown key in config/llm.yaml");
	ok(strstr(warned, "llm.yaml:4:5: unknown key \"temprature\" (passed on "
	    "as is); did you mean \"temperature\"?") != NULL,
	    "near-miss option warned");
	ok(!strstr(warned, "mirostat"), "known pass-through option is quiet");
	ok(cfg && !cg_json_at(cfg, "course.modles") &&
	    cg_json_at(cfg, "llm.options.temprature"),
	    "unknown keys dropped, options passed on");
	if (!cfg || cg_json_at(cfg, "course.modles"))
		printf("# warnings:\n%s", warned);
	cJSON_Delete(cfg);
	put("config/llm.yaml", "llm:\n  model: m\n");
}

static void
overrides(void)
{
	char *bad1[] = { "llm.modle=x" }, *bad2[] = { "novalue" },
	    *bad3[] = { "llm.model.x=1" }, *good[] = { "llm.options.stop=[a, b]",
	    "course.description=", "llm.options.mirostat=2" };
	cg_err e = { 0 };
	cJSON *cfg;
	char *s;

	cfg = cg_config_resolve(NULL, bad1, 1, NULL, NULL, &e);
	ok(!cfg && e.code == EX_USAGE && strstr(e.msg, "did you mean \"model\""),
	    "override typo: %s", e.msg);
	cfg = cg_config_resolve(NULL, bad2, 1, NULL, NULL, &e);
	ok(!cfg && e.code == EX_USAGE, "override without '=': %s", e.msg);
	cfg = cg_config_resolve(NULL, bad3, 1, NULL, NULL, &e);
	ok(!cfg && e.code == EX_USAGE, "override below a leaf: %s", e.msg);
	cfg = cg_config_resolve(NULL, good, 3, NULL, NULL, &e);
	ok(cfg != NULL, "overrides apply (%s)", e.msg);
	s = cfg ? cg_json_compact(cg_json_at(cfg, "llm.options.stop")) : NULL;
	is(s, "[\"a\",\"b\"]", "flow list override");
	free(s);
	is(cg_json_gets(cfg, "course.description", "?"), "",
	    "empty override is an empty string");
	cJSON_Delete(cfg);
}

static void
runtime(void)
{
	char path[256];
	cg_err e = { 0 };
	cJSON *cfg;

	put("course.json", "{\"course\":{\"subject\":\"x\"},\"llm\":{\"provider\":"
	    "\"ollama\",\"url\":\"http://a:1\",\"model\":\"m\","
	    "\"timeouts\":{\"connect\":1,\"first_token\":1,\"idle\":1,"
	    "\"total\":1},\"retries\":{\"max\":0,\"backoff\":0,"
	    "\"backoff_max\":0},\"validate_retries\":0}}\n");
	snprintf(path, sizeof path, "%s/course.json", root);
	setenv("CG_COURSE_JSON", path, 1);
	setenv("CG_URL", "b:2/", 1);
	setenv("CG_PROVIDER", "openai", 1);
	cfg = cg_config_runtime(NULL, NULL, &e);
	ok(cfg != NULL, "runtime from $CG_COURSE_JSON (%s)", e.msg);
	is(cg_json_gets(cfg, "llm.model", ""), "m", "course.json read");
	/* a tool's run screens it, the client makes it canonical when it
	 * asks (a cache hit loads no libcurl) */
	is(cg_json_gets(cfg, "llm.url", ""), "b:2/", "CG_URL applied as given");
	{
		struct cg_host h = { "b:2/", 1, NULL, "CG_URL" };
		char *u = cg_host_url(&h, &e);
		is(u, "http://b:2", "... made canonical when a slot is taken");
		free(u);
		h.url = "http://u:s3cret@b:2";
		u = cg_host_url(&h, &e);
		ok(!u && e.code == EX_CONFIG && strstr(e.msg, "CG_URL") &&
		    !strstr(e.msg, "s3cret"), "... refused, naming the "
		    "setting, not the password: %s", e.msg);
	}
	is(cg_json_gets(cfg, "llm.provider", ""), "openai", "CG_PROVIDER");
	cJSON_Delete(cfg);
	setenv("CG_PROVIDER", "nope", 1);
	cfg = cg_config_runtime(path, NULL, &e);
	ok(!cfg && e.code == EX_CONFIG && strstr(e.msg, "CG_PROVIDER"),
	    "bad CG_PROVIDER named: %s", e.msg);
	unsetenv("CG_PROVIDER");
	unsetenv("CG_URL");
	unsetenv("CG_COURSE_JSON");
	cfg = cg_config_runtime(NULL, NULL, &e);
	ok(cfg && strcmp(cg_json_gets(cfg, "llm.model", ""), "m") == 0,
	    "runtime without course.json resolves the files (%s)", e.msg);
	cJSON_Delete(cfg);
}

int
main(void)
{
	char cmd[128];

	snprintf(root, sizeof root, "%s/cgcfg.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(cmd, sizeof cmd, "%s/config", root);
	/* in the temp dir, so cg_datafile's ./config fallback finds
	 * nothing of the source tree */
	if (mkdir(cmd, 0755) != 0 || chdir(root) != 0) {
		printf("Bail out! mkdir\n");
		return 1;
	}
	setenv("CG_ROOT", root, 1);
	unsetenv("CG_URL");
	unsetenv("CG_MODEL");
	unsetenv("CG_PROVIDER");
	unsetenv("OLLAMA_HOST");
	unsetenv("CG_COURSE_JSON");
	urls();
	precedence();
	num_predict();
	course_int();
	checks();
	unknown_keys();
	overrides();
	runtime();
	if (chdir("/") != 0)
		return 1;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", root);
	return done_testing();
}
