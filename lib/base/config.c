/* config.c — configuration resolution (see config.h for the order).
 *
 * Every yaml file is checked against a key schema (unknown keys warned
 * about with the nearest known name, then dropped; pass-through sections
 * such as llm.options only warn about near misses), merged into the
 * defaults, and remembered as a "source" with its position table.  Checks
 * that run later (cg_config_check_course, the llm checks) ask the sources,
 * newest first, where a value came from, so a message can name
 * courses/x.yaml:7:12, the environment variable or the override.
 * The schema and the defaults are in configkeys.c, the sources in
 * configprov.c, the checks in configcheck.c, the URL in configurl.c
 * (configint.h joins them).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "configint.h"
#include "fsio.h"
#include "json.h"
#include "sha256.h"
#include "yaml.h"

/* In a yaml file an empty value ("key:") means "not set". */
static void
strip_nulls(cJSON *j)
{
	cJSON *c, *nx;

	for (c = j->child; c; c = nx) {
		nx = c->next;
		if (cJSON_IsNull(c) && cJSON_IsObject(j))
			cJSON_Delete(cJSON_DetachItemViaPointer(j, c));
		else
			strip_nulls(c);
	}
}

/* ---- loading the files ---- */

static cJSON *
load_yaml(const char *path, int config, cg_yaml_pos **pos, cg_err *e)
{
	cJSON *j;
	int l = 1, c = 1;

	if (!(j = cg_yaml_load(path, pos, e))) {
		if (config && e)
			e->code = EX_CONFIG;
		return NULL;
	}
	if (!cJSON_IsObject(j)) {
		cg_yaml_where(*pos, "", 0, &l, &c);
		cg_seterr(e, config ? EX_CONFIG : EX_DATAERR, "%s:%d:%d: "
		    "expected \"key: value\" settings, not a %s", path, l, c,
		    cJSON_IsArray(j) ? "list" : "single value");
		cJSON_Delete(j);
		cg_yaml_pos_free(*pos);
		*pos = NULL;
		return NULL;
	}
	strip_nulls(j);
	return j;
}

/* Merge a config file (config/llm.yaml, config/content.yaml) if present. */
static int
merge_datafile(cJSON *cfg, struct cg_prov *p, const char *rel,
    const struct key *schema, cg_buf *unknown, cg_err *e)
{
	char *path = cg_datafile(rel);
	cg_yaml_pos *pos = NULL;
	struct chk k;
	cJSON *j;

	if (!path)
		return 0;
	if (!(j = load_yaml(path, 1, &pos, e))) {
		free(path);
		return -1;
	}
	k.pos = pos, k.file = path, k.unknown = unknown;
	cg_cfg_check_keys(&k, j, schema, C_MAP, "");
	cg_json_merge(cfg, j);
	cJSON_Delete(j);
	cg_cfg_prov_add(p, S_FILE, path, NULL, pos);
	free(path);
	return 0;
}

/* obj.key, a relative path in the file path, made relative to where the
 * command runs. */
static void
relative_to(cJSON *obj, const char *key, const char *path, const char *slash)
{
	cJSON *c = cJSON_GetObjectItemCaseSensitive(obj, key);
	char *np;

	if (!cJSON_IsString(c) || c->valuestring[0] == '/' || !slash ||
	    !c->valuestring[0])
		return;
	np = xasprintf("%.*s/%s", (int)(slash - path), path, c->valuestring);
	cJSON_ReplaceItemInObjectCaseSensitive(obj, key, cJSON_CreateString(np));
	free(np);
}

static int
merge_course(cJSON *cfg, struct cg_prov *p, const char *path,
    cg_buf *unknown, cg_err *e)
{
	cg_yaml_pos *pos = NULL;
	cJSON *j, *c, *nx, *wrap, *course;
	const char *slash;
	struct chk k;

	if (!(j = load_yaml(path, 0, &pos, e)))
		return -1;
	k.pos = pos, k.file = path, k.unknown = unknown;
	cg_cfg_check_keys(&k, j, cg_cfg_coursekeys, C_MAP, "");
	/* outline, site.templates and site.labels: relative to the course yaml's
	 * directory */
	slash = strrchr(path, '/');
	relative_to(j, "outline", path, slash);
	relative_to(cJSON_GetObjectItemCaseSensitive(j, "site"), "templates",
	    path, slash);
	relative_to(cJSON_GetObjectItemCaseSensitive(j, "site"), "labels",
	    path, slash);
	wrap = cJSON_CreateObject();
	course = cJSON_AddObjectToObject(wrap, "course");
	for (c = j->child; c; c = nx) {
		nx = c->next;
		cJSON_DetachItemViaPointer(j, c);
		if (strcmp(c->string, "llm") == 0 ||
		    strcmp(c->string, "content") == 0 ||
		    strcmp(c->string, "site") == 0)
			cJSON_AddItemToObject(wrap, c->string, c);
		else
			cJSON_AddItemToObject(course, c->string, c);
	}
	cJSON_Delete(j);
	cg_json_merge(cfg, wrap);
	cJSON_Delete(wrap);
	cg_cfg_prov_add(p, S_COURSE, path, NULL, pos);
	return 0;
}

/* ---- environment and overrides ---- */

static const char *
envvar(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static void
env_apply(cJSON *cfg, struct cg_prov *p)
{
	const char *v, *var = "CG_URL";
	char *url;
	if (!(v = envvar("CG_URL")))
		v = envvar("OLLAMA_HOST"), var = "OLLAMA_HOST";
	if (v) {
		/* An unusable value is kept raw: the llm check names it.
		 * A tool's run keeps it raw too (see struct cg_prov). */
		url = p && !p->rawurl ? cg_config_url(v, NULL) : NULL;
		cg_json_set(cfg, "llm.url", cJSON_CreateString(url ? url : v));
		free(url);
		/* CG_URL means "this server": it replaces llm.hosts.
		 * OLLAMA_HOST is often set for the server's own sake, so a
		 * configured host list still wins over it. */
		if (strcmp(var, "CG_URL") == 0)
			cJSON_DeleteItemFromObjectCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(cfg, "llm"), "hosts");
		if (p)
			cg_cfg_prov_add(p, S_ENV, var, "llm.url", NULL);
	}
	if ((v = envvar("CG_MODEL"))) {
		cg_json_set(cfg, "llm.model", cJSON_CreateString(v));
		if (p)
			cg_cfg_prov_add(p, S_ENV, "CG_MODEL", "llm.model", NULL);
	}
	if ((v = envvar("CG_PROVIDER"))) {
		cg_json_set(cfg, "llm.provider", cJSON_CreateString(v));
		if (p)
			cg_cfg_prov_add(p, S_ENV, "CG_PROVIDER", "llm.provider", NULL);
	}
}

void
cg_config_env(cJSON *cfg)
{
	env_apply(cfg, NULL);
}

static int
apply_override(cJSON *cfg, struct cg_prov *p, const char *ov, cg_err *e)
{
	const char *eq = strchr(ov, '=');
	char *key, *label;
	cJSON *val;
	int r = 0;

	if (!eq || eq == ov)
		return cg_seterr(e, EX_USAGE, "override \"%s\": expected "
		    "KEY=VALUE, e.g. llm.model=gemma3:12b", ov);
	key = xstrndup(ov, (size_t)(eq - ov));
	label = xasprintf("override %s", ov);
	if (cg_cfg_override_key(key, label, e) < 0) {
		r = -1;
		goto out;
	}
	eq++;
	if (!*eq) {
		val = cJSON_CreateString("");
	} else if (strchr("[{\"'", *eq)) {
		cg_err ye;
		if (!(val = cg_yaml_parse(eq, strlen(eq), label, NULL, &ye))) {
			r = cg_seterr(e, EX_USAGE, "%s", ye.msg);
			goto out;
		}
	} else {
		val = cg_yaml_scalar(eq);
	}
	cg_json_set(cfg, key, val);
	cg_cfg_prov_add(p, S_OVERRIDE, label, key, NULL);
out:
	free(key);
	free(label);
	return r;
}

/* ---- the course section: defaults that depend on other keys ---- */

static void
detach_add(cJSON *from, cJSON *to, const char *key)
{
	cJSON *j = cJSON_DetachItemFromObjectCaseSensitive(from, key);

	if (j)
		cJSON_AddItemToObject(to, key, j);
}

static void
finish_course(cJSON *cfg)
{
	static const char *order[] = { "name", "slug", "subject", "level",
		"description", "language", "duration_weeks", "modules",
		"sessions", "constraints", "diagrams_per_session", "questions",
		"items", "outline" };
	cJSON *c = cJSON_GetObjectItemCaseSensitive(cfg, "course"), *j, *n;
	size_t i;
	char *slug;

	if (!cJSON_IsObject(c))
		return;
	j = cJSON_GetObjectItemCaseSensitive(c, "name");
	if (!j && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c,
	    "subject")))
		cJSON_AddStringToObject(c, "name", cJSON_GetObjectItemCaseSensitive(
		    c, "subject")->valuestring);
	j = cJSON_GetObjectItemCaseSensitive(c, "name");
	cJSON_DeleteItemFromObjectCaseSensitive(c, "slug");
	if (cJSON_IsString(j)) {
		slug = cg_slug(j->valuestring);
		cJSON_AddStringToObject(c, "slug", slug);
		free(slug);
	}
	j = cJSON_GetObjectItemCaseSensitive(c, "modules");
	if (!cJSON_GetObjectItemCaseSensitive(c, "sessions") &&
	    cJSON_IsNumber(j))
		cJSON_AddNumberToObject(c, "sessions", 2 * j->valuedouble);
	j = cJSON_GetObjectItemCaseSensitive(c, "constraints");
	if (cJSON_IsString(j)) {
		cJSON *a = cJSON_CreateArray();
		if (*cg_trim(j->valuestring))
			cJSON_AddItemToArray(a, cJSON_CreateString(
			    j->valuestring));
		cJSON_ReplaceItemInObjectCaseSensitive(c, "constraints", a);
	}
	if (!cJSON_GetObjectItemCaseSensitive(c, "outline"))
		cJSON_AddNullToObject(c, "outline");
	/* canonical key order, for a readable course.json */
	n = cJSON_CreateObject();
	for (i = 0; i < sizeof order / sizeof *order; i++)
		detach_add(c, n, order[i]);
	while (c->child) {
		j = cJSON_DetachItemViaPointer(c, c->child);
		cJSON_AddItemToObject(n, j->string, j);
	}
	cJSON_ReplaceItemInObjectCaseSensitive(cfg, "course", n);
}

static void
order_top(cJSON *cfg)
{
	cJSON *n = cJSON_CreateObject(), *j;

	detach_add(cfg, n, "course");
	detach_add(cfg, n, "llm");
	detach_add(cfg, n, "content");
	detach_add(cfg, n, "site");
	while (cfg->child) {
		j = cJSON_DetachItemViaPointer(cfg, cfg->child);
		cJSON_AddItemToObject(n, j->string, j);
	}
	/* move n's children back into cfg (the caller holds cfg) */
	while (n->child) {
		j = cJSON_DetachItemViaPointer(n, n->child);
		cJSON_AddItemToObject(cfg, j->string, j);
	}
	cJSON_Delete(n);
}

/* The count at path: cfg's, else defs', else NULL; *fromdefs says which. */
static const cJSON *
np_at(const cJSON *cfg, const cJSON *defs, const char *path, int *fromdefs)
{
	const cJSON *src[2] = { cfg, defs }, *j;
	int i;

	for (i = 0; i < 2; i++) {
		j = cg_json_at(src[i], path);
		if (cJSON_IsNumber(j) && isfinite(j->valuedouble) &&
		    j->valuedouble >= 1 && j->valuedouble <= 1e7) {
			*fromdefs = i;
			return j;
		}
	}
	return NULL;
}

double
cg_config_num_predict(const cJSON *cfg, const cJSON *defs, const char *kind,
    char *key, size_t ksz, int *fromdefs)
{
	char path[4][160];
	const cJSON *j;
	double n = 0;
	int i, d;

	snprintf(path[0], sizeof path[0], "llm.num_predict");
	snprintf(path[1], sizeof path[1], "llm.options.num_predict");
	snprintf(path[2], sizeof path[2], "llm.kinds.%.100s.num_predict",
	    kind ? kind : "");
	snprintf(path[3], sizeof path[3], "llm.kinds.%.100s.options."
	    "num_predict", kind ? kind : "");
	for (i = 0; i < (kind ? 4 : 2); i++) {
		if (!(j = np_at(cfg, defs, path[i], &d)))
			continue;
		n = floor(j->valuedouble);
		if (key)
			snprintf(key, ksz, "%s", path[i]);
		if (fromdefs)
			*fromdefs = d;
	}
	return n;
}

/* Unknown keys (one message a line in unknown): a misspelt key must never
 * cost a long run, so they are an error unless llm.strict is false; then
 * each is a warning through warnfn (may be NULL). */
static int
unknown_keys(const cJSON *cfg, cg_buf *unknown, void (*warnfn)(const char *),
    cg_err *e)
{
	char *l, *save = NULL;

	if (!unknown->len)
		return 0;
	if (!cJSON_IsFalse(cg_json_at(cfg, "llm.strict")))
		return cg_seterr(e, EX_CONFIG, "%.*s (fix the key, or set "
		    "llm.strict: false to let unknown keys pass with a warning)",
		    (int)unknown->len - 1, unknown->s);
	for (l = strtok_r(unknown->s, "\n", &save); l; l = strtok_r(NULL,
	    "\n", &save))
		if (warnfn)
			warnfn(l);
	return 0;
}

/* cg_config_resolve; rawurl as in struct cg_prov. */
static cJSON *
resolve(const char *course_yaml, char *const *overrides, int noverrides,
    void (*warnfn)(const char *msg), cg_prov **prov, int rawurl, cg_err *e)
{
	struct cg_prov p = { 0 };
	cg_buf unknown = { 0 };
	cJSON *cfg;
	int i;

	if (prov)
		*prov = NULL;
	if (!(cfg = cg_config_defaults(e)))
		return NULL;
	p.cfg = cfg;
	p.rawurl = rawurl;
	if (merge_datafile(cfg, &p, "config/llm.yaml", cg_cfg_llmfile, &unknown,
	    e) < 0 || merge_datafile(cfg, &p, "config/content.yaml",
	    cg_cfg_contentfile, &unknown, e) < 0)
		goto fail;
	if (course_yaml && merge_course(cfg, &p, course_yaml, &unknown, e) < 0)
		goto fail;
	env_apply(cfg, &p);
	for (i = 0; i < noverrides; i++)
		if (apply_override(cfg, &p, overrides[i], e) < 0)
			goto fail;
	if (unknown_keys(cfg, &unknown, warnfn, e) < 0)
		goto fail;
	finish_course(cfg);
	order_top(cfg);
	if (cg_cfg_check_llm(&p, "configuration", e) < 0)
		goto fail;
	cg_cfg_prov_give(&p, cfg, prov);
	cg_buf_free(&unknown);
	return cfg;
fail:
	cg_buf_free(&unknown);
	cg_cfg_prov_free(&p);
	cJSON_Delete(cfg);
	return NULL;
}

cJSON *
cg_config_resolve(const char *course_yaml, char *const *overrides,
    int noverrides, void (*warnfn)(const char *msg), cg_prov **prov,
    cg_err *e)
{
	return resolve(course_yaml, overrides, noverrides, warnfn, prov, 0, e);
}

cJSON *
cg_config_runtime(const char *course_json, cg_prov **prov, cg_err *e)
{
	struct cg_prov p = { 0 };
	cJSON *cfg;
	const char *path = course_json && *course_json ? course_json :
	    envvar("CG_COURSE_JSON");

	if (!path)
		return resolve(NULL, NULL, 0, NULL, prov, 1, e);
	if (prov)
		*prov = NULL;
	if (!(cfg = cg_json_load(path, e)))
		return NULL;
	if (!cJSON_IsObject(cfg)) {
		cJSON_Delete(cfg);
		cg_seterr(e, EX_DATAERR, "%s: expected the object cg-config "
		    "writes; regenerate it with cg-config", path);
		return NULL;
	}
	p.cfg = cfg;
	p.rawurl = 1;	/* cg-config made its URLs canonical */
	cg_cfg_prov_add(&p, S_JSON, path, NULL, NULL);
	env_apply(cfg, &p);
	if (cg_cfg_check_llm(&p, path, e) < 0) {
		cg_cfg_prov_free(&p);
		cJSON_Delete(cfg);
		return NULL;
	}
	cg_cfg_prov_give(&p, cfg, prov);
	return cfg;
}

cJSON *
cg_config_outline_key(const cJSON *cfg)
{
	cJSON *k = cJSON_CreateObject(), *llm, *opts;
	const cJSON *j;
	double np;

	/* what shapes the outline's structure; not the name, the duration,
	 * the slug or the site's settings, which the site shows as they
	 * are now */
	static const char *const shape[] = { "subject", "level", "language",
	    "modules", "sessions", "description", "constraints", "items",
	    "outline" };

	cJSON_AddItemToObject(k, "course", cg_json_pick(cg_json_at(cfg,
	    "course"), shape, sizeof shape / sizeof *shape));
	llm = cJSON_AddObjectToObject(k, "llm");
	cJSON_AddStringToObject(llm, "provider",
	    cg_json_gets(cfg, "llm.provider", ""));
	cJSON_AddStringToObject(llm, "model", cg_json_gets(cfg, "llm.model",
	    ""));
	j = cg_json_at(cfg, "llm.options");
	opts = j ? cJSON_Duplicate(j, 1) : cJSON_CreateObject();
	if ((j = cg_json_at(cfg, "llm.kinds.outline.options")))
		cg_json_merge(opts, j);
	/* the cap the outline's request carries, by the client's precedence */
	cJSON_DeleteItemFromObjectCaseSensitive(opts, "num_predict");
	if ((np = cg_config_num_predict(cfg, NULL, "outline", NULL, 0, NULL)))
		cJSON_AddNumberToObject(opts, "num_predict", np);
	cJSON_AddItemToObject(llm, "options", opts);
	j = cg_json_at(cfg, "content.outline");
	cJSON_AddItemToObject(cJSON_AddObjectToObject(k, "content"), "outline",
	    j ? cJSON_Duplicate(j, 1) : cJSON_CreateObject());
	/* A user-written outline: its bytes, so that editing it remakes
	 * outline.json (make only sees this key file change). */
	j = cg_json_at(cfg, "course.outline");
	if (cJSON_IsString(j) && *j->valuestring) {
		size_t len;
		char *text = cg_read_file(j->valuestring, &len, NULL), hex[65];
		if (text) {
			cg_sha256_hex(text, len, hex);
			cJSON_AddStringToObject(k, "outline_sha256", hex);
			free(text);
		}
	}
	return k;
}

