/* config.c — configuration resolution (see config.h for the order).
 *
 * Every yaml file is checked against a key schema (unknown keys warned
 * about with the nearest known name, then dropped; pass-through sections
 * such as llm.options only warn about near misses), merged into the
 * defaults, and remembered as a "source" with its position table.  Checks
 * that run later (cg_config_check_course, the llm checks) ask the sources,
 * newest first, where a value came from, so a message can name
 * courses/x.yaml:7:12, the environment variable or the override.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "curlfn.h"

#include "config.h"
#include "fsio.h"
#include "json.h"
#include "kinds.h"
#include "yaml.h"

/* Built-in defaults: the bottom of the resolution order, and the only
 * place a default value is written (each kind's num_predict comes from
 * the kinds table, config/kinds.yaml).  config/llm.yaml sets none of
 * them: it shows the llm ones in comments ("#key: value") for users to
 * copy, and tests/0020-config.t checks that those comments agree with
 * these. */
static const char defaults_yaml[] =
	"course:\n"
	"  level: introductory\n"
	"  description: \"\"\n"
	"  language: English\n"
	"  duration_weeks: 0\n"
	"  modules: 4\n"
	"  constraints: []\n"
	"  diagrams_per_session: 4\n"
	"  questions: {multiple_choice: 5, options: 4, short_answer: 3, essay: 2}\n"
	"  items: {min: 3, max: 7}\n"
	"llm:\n"
	"  provider: ollama\n"
	"  url: http://127.0.0.1:11434\n"
	"  model: gemma3:4b\n"
	"  keep_alive: 30m\n"

	"  options: {temperature: 0.7, top_p: 0.9, top_k: 40, repeat_penalty: 1.1,"
	" num_ctx: 8192}\n"
	"  timeouts: {connect: 10, first_token: 600, idle: 60, total: 1800}\n"
	"  retries: {max: 4, backoff: 1, backoff_max: 30}\n"
	"  validate_retries: 2\n"
	"  reask_budget: 0.25\n"
	"  strict: true\n"
	"  cache: ~/.cache/cg\n"
	"  num_predict: 2048\n"
	"content: {}\n";

/* ---- the key schema ---- */

enum { C_LEAF, C_MAP, C_NEAR, C_ANY, C_LIST };

struct key {
	const char       *name;
	int               type;	/* how the value's children are checked */
	const struct key *sub;
};

/* Options Ollama knows; others pass through with a warning only when
 * they look like a typo of one of these. */
static const struct key optkeys[] = {
	{ "temperature", C_LEAF, NULL }, { "top_p", C_LEAF, NULL },
	{ "top_k", C_LEAF, NULL }, { "min_p", C_LEAF, NULL },
	{ "typical_p", C_LEAF, NULL }, { "repeat_penalty", C_LEAF, NULL },
	{ "repeat_last_n", C_LEAF, NULL }, { "presence_penalty", C_LEAF, NULL },
	{ "frequency_penalty", C_LEAF, NULL }, { "seed", C_LEAF, NULL },
	{ "num_ctx", C_LEAF, NULL }, { "num_predict", C_LEAF, NULL },
	{ "num_keep", C_LEAF, NULL }, { "stop", C_LEAF, NULL },
	{ "mirostat", C_LEAF, NULL }, { "mirostat_tau", C_LEAF, NULL },
	{ "mirostat_eta", C_LEAF, NULL }, { "num_batch", C_LEAF, NULL },
	{ "num_gpu", C_LEAF, NULL }, { "main_gpu", C_LEAF, NULL },
	{ "num_thread", C_LEAF, NULL }, { "use_mmap", C_LEAF, NULL },
	{ "penalize_newline", C_LEAF, NULL }, { NULL, 0, NULL }
};
static const struct key timeoutkeys[] = {
	{ "connect", C_LEAF, NULL }, { "first_token", C_LEAF, NULL },
	{ "idle", C_LEAF, NULL }, { "total", C_LEAF, NULL }, { NULL, 0, NULL }
};
static const struct key retrykeys[] = {
	{ "max", C_LEAF, NULL }, { "backoff", C_LEAF, NULL },
	{ "backoff_max", C_LEAF, NULL }, { NULL, 0, NULL }
};
static const struct key hostkeys[] = {
	{ "url", C_LEAF, NULL }, { "slots", C_LEAF, NULL }, { NULL, 0, NULL }
};
static const struct key kindkeys[] = {
	{ "num_predict", C_LEAF, NULL }, { "total", C_LEAF, NULL },
	{ "options", C_NEAR, optkeys }, { NULL, 0, NULL }
};
/* One entry per kind of the kinds table, filled by kindkeys_init. */
#define MAXKINDS 64
static struct key llmkinds[MAXKINDS + 1];
static struct key contentkinds[MAXKINDS + 1];
static const struct key llmkeys[] = {
	{ "provider", C_LEAF, NULL }, { "url", C_LEAF, NULL },
	{ "model", C_LEAF, NULL }, { "keep_alive", C_LEAF, NULL },
	{ "slots", C_LEAF, NULL }, { "hosts", C_LIST, hostkeys },
	{ "options", C_NEAR, optkeys }, { "timeouts", C_MAP, timeoutkeys },
	{ "retries", C_MAP, retrykeys }, { "validate_retries", C_LEAF, NULL },
	{ "reask_budget", C_LEAF, NULL },
	{ "kinds", C_MAP, llmkinds }, { "log", C_LEAF, NULL },
	{ "num_predict", C_LEAF, NULL }, { "strict", C_LEAF, NULL },
	{ "cache", C_LEAF, NULL }, { NULL, 0, NULL }
};
static const struct key questionkeys[] = {
	{ "multiple_choice", C_LEAF, NULL }, { "options", C_LEAF, NULL },
	{ "short_answer", C_LEAF, NULL }, { "essay", C_LEAF, NULL },
	{ NULL, 0, NULL }
};
static const struct key itemkeys[] = {
	{ "min", C_LEAF, NULL }, { "max", C_LEAF, NULL }, { NULL, 0, NULL }
};
/* The website (cg-site): a directory of page templates to use instead of
 * the installed site/templates, a file of its words (labels), who it is
 * for (audience), when students see the answers (answers) and the paper
 * of make pdf (paper). */
static const struct key sitekeys[] = {
	{ "templates", C_LEAF, NULL }, { "labels", C_LEAF, NULL },
	{ "paper", C_LEAF, NULL },
	{ "audience", C_LEAF, NULL }, { "answers", C_LEAF, NULL },
	{ NULL, 0, NULL }
};
/* The top level of a course yaml. */
static const struct key coursekeys[] = {
	{ "name", C_LEAF, NULL }, { "subject", C_LEAF, NULL },
	{ "level", C_LEAF, NULL }, { "description", C_LEAF, NULL },
	{ "language", C_LEAF, NULL }, { "duration_weeks", C_LEAF, NULL },
	{ "modules", C_LEAF, NULL }, { "sessions", C_LEAF, NULL },
	{ "constraints", C_LEAF, NULL },
	{ "diagrams_per_session", C_LEAF, NULL },
	{ "questions", C_MAP, questionkeys }, { "items", C_MAP, itemkeys },
	{ "outline", C_LEAF, NULL },
	{ "llm", C_MAP, llmkeys }, { "content", C_NEAR, contentkinds },
	{ "site", C_MAP, sitekeys }, { NULL, 0, NULL }
};
static const struct key llmfile[] = {
	{ "llm", C_MAP, llmkeys }, { NULL, 0, NULL }
};
static const struct key contentfile[] = {
	{ "content", C_NEAR, contentkinds }, { NULL, 0, NULL }
};
static const struct key cfgroot[] = {
	{ "course", C_MAP, coursekeys }, { "llm", C_MAP, llmkeys },
	{ "content", C_NEAR, contentkinds }, { "site", C_MAP, sitekeys },
	{ NULL, 0, NULL }
};

/* ---- where values came from ---- */

enum { S_FILE, S_COURSE, S_ENV, S_OVERRIDE, S_JSON };

struct src {
	int          type;
	char        *label;	/* file name, "CG_URL", "override k=v" */
	char        *cfgpath;	/* S_ENV / S_OVERRIDE: what it set */
	cg_yaml_pos *pos;	/* S_FILE / S_COURSE */
};

/* The provenance of one resolved document; cfg is the document the
 * checks below read (and check_llm normalises). */
struct cg_prov {
	cJSON       *cfg;
	struct src  *v;
	size_t       n;
	int          rawurl;	/* URLs only screened (cg_config_url_check),
				 * not canonicalised: a tool's run, where
				 * the client canonicalises them when it
				 * first asks (and a cache hit needs none) */
};
#define prov cg_prov

static void
prov_free(struct prov *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].label);
		free(p->v[i].cfgpath);
		cg_yaml_pos_free(p->v[i].pos);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}

static void
prov_add(struct prov *p, int type, const char *label, const char *cfgpath,
    cg_yaml_pos *pos)
{
	struct src *s;

	p->v = xrealloc(p->v, (p->n + 1) * sizeof *p->v);
	s = &p->v[p->n++];
	s->type = type;
	s->label = xstrdup(label);
	s->cfgpath = cfgpath ? xstrdup(cfgpath) : NULL;
	s->pos = pos;
}

/* The path a course file uses for cfgpath, or NULL when the course file
 * cannot hold it. */
static const char *
coursepath(const char *cfgpath)
{
	if (strncmp(cfgpath, "course.", 7) == 0)
		return cfgpath + 7;
	if (strcmp(cfgpath, "course") == 0)
		return "";
	if (cg_startswith(cfgpath, "llm") || cg_startswith(cfgpath, "content"))
		return cfgpath;
	return NULL;
}

static int
under(const char *path, const char *top)
{
	size_t n = strlen(top);

	return strncmp(path, top, n) == 0 &&
	    (path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

static int
where1(const struct prov *p, const char *cfgpath, char *buf, size_t sz)
{
	size_t i;
	int l, c;

	for (i = p->n; i-- > 0;) {
		const struct src *s = &p->v[i];
		const char *sp = cfgpath;
		switch (s->type) {
		case S_ENV:
		case S_OVERRIDE:
			if (under(cfgpath, s->cfgpath)) {
				snprintf(buf, sz, "%s", s->label);
				return 0;
			}
			break;
		case S_COURSE:
			/* the course file's root is no place for a value */
			if (!(sp = coursepath(cfgpath)) || !*sp)
				break;
			/* FALLTHROUGH */
		case S_FILE:
			if (cg_yaml_where(s->pos, sp, 0, &l, &c) == 0) {
				snprintf(buf, sz, "%s:%d:%d", s->label, l, c);
				return 0;
			}
			break;
		}
	}
	return -1;
}

/* "FILE:LINE:COL" (or the variable / override) that set cfgpath; 0, or
 * -1 when no source did. */
static int
where2(const struct prov *p, const char *cfgpath, char *buf, size_t sz)
{
	char path[256], *cut;

	snprintf(path, sizeof path, "%s", cfgpath);
	for (;;) {
		if (where1(p, path, buf, sz) == 0)
			return 0;
		cut = strrchr(path, '.');
		if (!cut)
			break;
		*cut = '\0';
	}
	/* A required key nobody set: name the course file. */
	if (cg_startswith(cfgpath, "course"))
		for (size_t i = p->n; i-- > 0;)
			if (p->v[i].type == S_COURSE) {
				snprintf(buf, sz, "%s", p->v[i].label);
				return 0;
			}
	/* course.json: the file itself */
	for (size_t i = p->n; i-- > 0;)
		if (p->v[i].type == S_JSON) {
			snprintf(buf, sz, "%s", p->v[i].label);
			return 0;
		}
	return -1;
}

/* where2's place, falling back to name. */
static const char *
where(const struct prov *p, const char *cfgpath, const char *name, char *buf,
    size_t sz)
{
	if (where2(p, cfgpath, buf, sz) == 0)
		return buf;
	snprintf(buf, sz, "%s", name ? name : "configuration");
	return buf;
}

void
cg_prov_free(cg_prov *p)
{
	if (!p)
		return;
	prov_free(p);
	free(p);
}

const char *
cg_prov_where(const cg_prov *p, const char *cfgpath, char *buf, size_t sz)
{
	if (!p)
		return NULL;
	if (where1(p, cfgpath, buf, sz) == 0)
		return buf;
	for (size_t i = p->n; i-- > 0;)
		if (p->v[i].type == S_JSON) {
			snprintf(buf, sz, "%s", p->v[i].label);
			return buf;
		}
	snprintf(buf, sz, "built-in defaults");
	return buf;
}

/* How a key is named in messages: as written in a course yaml. */
static const char *
keyname(const char *cfgpath)
{
	return strncmp(cfgpath, "course.", 7) == 0 ? cfgpath + 7 : cfgpath;
}

/* ---- unknown keys ---- */

static const struct key *
findkey(const struct key *ks, const char *name)
{
	for (; ks && ks->name; ks++)
		if (strcmp(ks->name, name) == 0)
			return ks;
	return NULL;
}

static const char *
nearest(const struct key *ks, const char *name, int *dist)
{
	const char *best = NULL;
	int d;

	*dist = 1 << 30;
	for (; ks && ks->name; ks++)
		if ((d = cg_editdist(ks->name, name)) < *dist) {
			*dist = d;
			best = ks->name;
		}
	return best;
}

static int
close_enough(const char *name, int d)
{
	return d <= 2 || d * 3 <= (int)strlen(name);
}

/* A key one level down ("temperature" under "options") that name is close
 * to, written "options.temperature" into buf; NULL when none. */
static const char *
nearest_below(const struct key *ks, const char *name, char *buf, size_t sz)
{
	const char *best;
	int d;

	for (; ks && ks->name; ks++)
		if (ks->sub && ks->type != C_ANY && ks->type != C_LIST &&
		    (best = nearest(ks->sub, name, &d)) && d <= 2) {
			snprintf(buf, sz, "%s.%s", ks->name, best);
			return buf;
		}
	return NULL;
}

struct chk {
	cg_yaml_pos *pos;
	const char  *file;
	cg_buf      *unknown;	/* one line per unknown key */
};

static void
chk_warn(struct chk *k, const char *path, const char *fmt, const char *a,
    const char *b)
{
	char msg[1024], what[600], p[256], *cut;
	int l = 0, c = 0;

	if (!k->unknown)
		return;
	snprintf(what, sizeof what, fmt, a, b ? b : "");
	/* a key copied in by an alias has no place of its own: use the
	 * nearest parent's (the alias) */
	snprintf(p, sizeof p, "%s", path);
	while (cg_yaml_where(k->pos, p, 1, &l, &c) < 0 && (cut =
	    strrchr(p, '.')) != NULL)
		*cut = '\0';
	if (l)
		snprintf(msg, sizeof msg, "%s:%d:%d: %s", k->file, l, c, what);
	else
		snprintf(msg, sizeof msg, "%s: %s", k->file, what);
	cg_buf_printf(k->unknown, "%s\n", msg);
}

static void
check_keys(struct chk *k, cJSON *obj, const struct key *ks, int type,
    const char *path)
{
	cJSON *c, *nx;
	const struct key *m;
	const char *best;
	char *cp, deeper[128];
	int d, i = 0;

	if (type == C_ANY || type == C_LEAF || !ks)
		return;
	if (type == C_LIST) {
		if (cJSON_IsArray(obj))
			for (c = obj->child; c; c = c->next, i++) {
				cp = xasprintf("%s[%d]", path, i);
				check_keys(k, c, ks, C_MAP, cp);
				free(cp);
			}
		return;
	}
	if (!cJSON_IsObject(obj))
		return;
	for (c = obj->child; c; c = nx) {
		nx = c->next;
		cp = *path ? xasprintf("%s.%s", path, c->string) :
		    xstrdup(c->string);
		if ((m = findkey(ks, c->string))) {
			check_keys(k, c, m->sub, m->type, cp);
		} else if (type == C_NEAR) {
			best = nearest(ks, c->string, &d);
			if (best && d <= 2)
				chk_warn(k, cp, "unknown key \"%s\" (passed on as "
				    "is); did you mean \"%s\"?", c->string, best);
		} else {
			best = nearest(ks, c->string, &d);
			if (best && close_enough(c->string, d))
				chk_warn(k, cp, "unknown key \"%s\"; did you mean "
				    "\"%s\"?", c->string, best);
			else if ((best = nearest_below(ks, c->string, deeper,
			    sizeof deeper)))
				chk_warn(k, cp, "unknown key \"%s\"; did you mean "
				    "\"%s\"?", c->string, deeper);
			else
				chk_warn(k, cp, "unknown key \"%s\" (ignored)",
				    c->string, NULL);
			cJSON_Delete(cJSON_DetachItemViaPointer(obj, c));
		}
		free(cp);
	}
}

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
merge_datafile(cJSON *cfg, struct prov *p, const char *rel,
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
	check_keys(&k, j, schema, C_MAP, "");
	cg_json_merge(cfg, j);
	cJSON_Delete(j);
	prov_add(p, S_FILE, path, NULL, pos);
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
merge_course(cJSON *cfg, struct prov *p, const char *path,
    cg_buf *unknown, cg_err *e)
{
	cg_yaml_pos *pos = NULL;
	cJSON *j, *c, *nx, *wrap, *course;
	const char *slash;
	struct chk k;

	if (!(j = load_yaml(path, 0, &pos, e)))
		return -1;
	k.pos = pos, k.file = path, k.unknown = unknown;
	check_keys(&k, j, coursekeys, C_MAP, "");
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
	prov_add(p, S_COURSE, path, NULL, pos);
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
env_apply(cJSON *cfg, struct prov *p)
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
			prov_add(p, S_ENV, var, "llm.url", NULL);
	}
	if ((v = envvar("CG_MODEL"))) {
		cg_json_set(cfg, "llm.model", cJSON_CreateString(v));
		if (p)
			prov_add(p, S_ENV, "CG_MODEL", "llm.model", NULL);
	}
	if ((v = envvar("CG_PROVIDER"))) {
		cg_json_set(cfg, "llm.provider", cJSON_CreateString(v));
		if (p)
			prov_add(p, S_ENV, "CG_PROVIDER", "llm.provider", NULL);
	}
}

void
cg_config_env(cJSON *cfg)
{
	env_apply(cfg, NULL);
}

/* Check an override's key against the schema: 0 ok, -1 with e set. */
static int
override_key(const char *key, const char *label, cg_err *e)
{
	const struct key *ks = cfgroot, *m;
	int type = C_MAP, d;
	char seg[128];
	const char *p = key, *dot, *best;
	size_t n;

	for (;;) {
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (n == 0 || n >= sizeof seg)
			return cg_seterr(e, EX_USAGE, "%s: bad key \"%s\"; "
			    "write KEY=VALUE with a dotted key such as "
			    "llm.model", label, key);
		memcpy(seg, p, n);
		seg[n] = '\0';
		if (type == C_ANY)
			return 0;
		if (!(m = findkey(ks, seg))) {
			if (type == C_NEAR)
				return 0;
			best = nearest(ks, seg, &d);
			if (best && close_enough(seg, d))
				return cg_seterr(e, EX_USAGE, "%s: unknown key "
				    "\"%s\"; did you mean \"%s\"?", label, seg,
				    best);
			return cg_seterr(e, EX_USAGE, "%s: unknown key \"%s\"",
			    label, seg);
		}
		if (!dot)
			return 0;
		if (m->type == C_LEAF || m->type == C_LIST)
			return cg_seterr(e, EX_USAGE, "%s: \"%s\" has no keys "
			    "below it; set it whole", label, seg);
		ks = m->sub;
		type = m->type;
		p = dot + 1;
	}
}

static int
apply_override(cJSON *cfg, struct prov *p, const char *ov, cg_err *e)
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
	if (override_key(key, label, e) < 0) {
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
	prov_add(p, S_OVERRIDE, label, key, NULL);
out:
	free(key);
	free(label);
	return r;
}

/* ---- normalising and checking the llm section ---- */

static int
bad(cg_err *e, int code, const struct prov *P, const char *cfgpath,
    const char *name, const char *fmt, const char *a)
{
	char w[512];

	where(P, cfgpath, name, w, sizeof w);
	return cg_seterr(e, code, "%s: \"%s\" %s%s", w, keyname(cfgpath), fmt,
	    a ? a : "");
}

static const char *
tname(const cJSON *j)
{
	if (cJSON_IsString(j))
		return "a string";
	if (cJSON_IsBool(j))
		return "a boolean";
	if (cJSON_IsNumber(j))
		return "a number";
	if (cJSON_IsArray(j))
		return "a list";
	if (cJSON_IsObject(j))
		return "a mapping";
	return "empty";
}

/* A number at cfgpath within [lo, hi] (whole when integral is set).
 * Absent is fine unless required. */
static int
num_item(const cJSON *j, const struct prov *P, const char *cfgpath,
    const char *name, double lo, double hi, int integral, int required,
    int code, cg_err *e)
{
	char got[64];
	double v;

	if (!j)
		return required ? bad(e, code, P, cfgpath, name,
		    "is required", NULL) : 0;
	if (!cJSON_IsNumber(j)) {
		snprintf(got, sizeof got, ", not %s", tname(j));
		return bad(e, code, P, cfgpath, name, integral ?
		    "must be a whole number" : "must be a number", got);
	}
	v = j->valuedouble;
	snprintf(got, sizeof got, " (got %g)", v);
	if (integral && (v != floor(v) || !isfinite(v)))
		return bad(e, code, P, cfgpath, name,
		    "must be a whole number", got);
	if (v < lo) {
		if (lo == 1 && integral)
			return bad(e, code, P, cfgpath, name,
			    "must be a positive integer", got);
		if (lo == 0)
			return bad(e, code, P, cfgpath, name,
			    "must not be negative", got);
		if (lo > 0 && lo < 1)
			return bad(e, code, P, cfgpath, name,
			    "must be a positive number", got);
		snprintf(got, sizeof got, "at least %g (got %g)", lo, v);
		return bad(e, code, P, cfgpath, name, "must be ", got);
	}
	if (v > hi) {
		snprintf(got, sizeof got, "at most %g (got %g)", hi, v);
		return bad(e, code, P, cfgpath, name, "must be ", got);
	}
	return 0;
}

static int
num_in(const struct prov *P, const char *cfgpath, const char *name, double lo,
    double hi, int integral, int required, int code, cg_err *e)
{
	return num_item(cg_json_at(P->cfg, cfgpath), P, cfgpath, name, lo, hi,
	    integral, required, code, e);
}

static int
str_at(const struct prov *P, const char *cfgpath, const char *name, int required,
    int code, cg_err *e)
{
	const cJSON *j = cg_json_at(P->cfg, cfgpath);
	char got[64];

	if (!j || (cJSON_IsString(j) && !*j->valuestring))
		return required ? bad(e, code, P, cfgpath, name,
		    "is required and must not be empty", NULL) : 0;
	if (!cJSON_IsString(j)) {
		snprintf(got, sizeof got, ", not %s (quote it)", tname(j));
		return bad(e, code, P, cfgpath, name, "must be a string", got);
	}
	return 0;
}

static int
check_options(const struct prov *P, const char *base, const char *name,
    cg_err *e)
{
	static const struct { const char *k; double lo, hi; int integral; }
	    lim[] = {
		{ "temperature", 0, 5, 0 }, { "top_p", 0, 1, 0 },
		{ "min_p", 0, 1, 0 }, { "top_k", 0, 1e6, 1 },
		{ "repeat_penalty", 0, 10, 0 }, { "seed", -1e15, 1e15, 1 },
		{ "num_ctx", 256, 4194304, 1 }, { "num_predict", 1, 1e7, 1 },
	};
	const cJSON *o = cg_json_at(P->cfg, base);
	char path[128];
	size_t i;

	if (!o)
		return 0;
	if (!cJSON_IsObject(o))
		return bad(e, EX_CONFIG, P, base, name, "must be a mapping, "
		    "not ", tname(o));
	for (i = 0; i < sizeof lim / sizeof *lim; i++) {
		snprintf(path, sizeof path, "%s.%s", base, lim[i].k);
		if (num_in(P, path, name, lim[i].lo, lim[i].hi,
		    lim[i].integral, 0, EX_CONFIG, e) < 0)
			return -1;
	}
	return 0;
}

static int
norm_url(const struct prov *P, cJSON *holder, const char *key, const char *cfgpath,
    const char *name, cg_err *e)
{
	cJSON *j = cJSON_GetObjectItemCaseSensitive(holder, key);
	cg_err ue;
	char *u = NULL, *m, w[512];

	if (!cJSON_IsString(j))
		return bad(e, EX_CONFIG, P, cfgpath, name, "must be a URL "
		    "string such as http://127.0.0.1:11434, not ", tname(j));
	if (P->rawurl ? cg_config_url_check(j->valuestring, &ue) < 0 :
	    !(u = cg_config_url(j->valuestring, &ue))) {
		/* where may be "override llm.url=URL": shown masked too */
		where(P, cfgpath, name, w, sizeof w);
		m = cg_config_url_mask(w);
		cg_seterr(e, EX_CONFIG, "%s: \"%s\": %s", m, keyname(cfgpath),
		    ue.msg);
		free(m);
		return -1;
	}
	if (P->rawurl)
		return 0;
	cJSON_ReplaceItemInObjectCaseSensitive(holder, key,
	    cJSON_CreateString(u));
	free(u);
	return 0;
}

/* llm.hosts: a list of {url, slots} (or plain URLs), normalised. */
static int
check_hosts(const struct prov *P, cJSON *h, const char *name, cg_err *e)
{
	char path[160];
	cJSON *k;
	int i = 0;

	if (h) {
		if (!cJSON_IsArray(h))
			return bad(e, EX_CONFIG, P, "llm.hosts", name, "must "
			    "be a list of {url, slots}, not ", tname(h));
		for (k = h->child; k; k = k->next, i++) {
			snprintf(path, sizeof path, "llm.hosts[%d]", i);
			if (cJSON_IsString(k)) {	/* "- http://h:11434" */
				cJSON *o = cJSON_CreateObject();
				cJSON_AddStringToObject(o, "url", k->valuestring);
				cJSON_ReplaceItemViaPointer(h, k, o);
				k = o;
			}
			if (!cJSON_IsObject(k))
				return bad(e, EX_CONFIG, P, path, name, "must "
				    "be a mapping {url, slots}, not ", tname(k));
			snprintf(path, sizeof path, "llm.hosts[%d].url", i);
			if (norm_url(P, k, "url", path, name, e) < 0)
				return -1;
			if (!cJSON_GetObjectItemCaseSensitive(k, "slots"))
				cJSON_AddNumberToObject(k, "slots", 1);
			snprintf(path, sizeof path, "llm.hosts[%d].slots", i);
			if (num_item(cJSON_GetObjectItemCaseSensitive(k,
			    "slots"), P, path, name, 1, 256, 1, 1, EX_CONFIG,
			    e) < 0)
				return -1;
		}
	}
	return 0;
}

/* llm.kinds: per kind num_predict, total, options. */
static int
check_kinds(const struct prov *P, const cJSON *k, const char *name,
    cg_err *e)
{
	char path[160];

	if (k && !cJSON_IsObject(k))
		return bad(e, EX_CONFIG, P, "llm.kinds", name,
		    "must be a mapping of kinds, not ", tname(k));
	for (k = k ? k->child : NULL; k; k = k->next) {
		snprintf(path, sizeof path, "llm.kinds.%.100s", k->string);
		if (!cJSON_IsObject(k))
			return bad(e, EX_CONFIG, P, path, name,
			    "must be a mapping, not ", tname(k));
		snprintf(path, sizeof path, "llm.kinds.%.100s.num_predict",
		    k->string);
		if (num_in(P, path, name, 1, 1e7, 1, 0, EX_CONFIG, e) < 0)
			return -1;
		snprintf(path, sizeof path, "llm.kinds.%.100s.total", k->string);
		if (num_in(P, path, name, 0.001, 604800, 0, 0, EX_CONFIG,
		    e) < 0)
			return -1;
		snprintf(path, sizeof path, "llm.kinds.%.100s.options",
		    k->string);
		if (check_options(P, path, name, e) < 0)
			return -1;
	}
	return 0;
}

static int
check_llm(const struct prov *P, const char *name, cg_err *e)
{
	cJSON *llm = cJSON_GetObjectItemCaseSensitive(P->cfg, "llm"), *k;
	const char *pv;
	int i;

	if (!cJSON_IsObject(llm))
		return bad(e, EX_CONFIG, P, "llm", name,
		    "must be a mapping, not ", tname(llm));
	if (str_at(P, "llm.provider", name, 1, EX_CONFIG, e) < 0)
		return -1;
	pv = cg_json_gets(P->cfg, "llm.provider", "");
	if (strcmp(pv, "ollama") != 0 && strcmp(pv, "openai") != 0)
		return bad(e, EX_CONFIG, P, "llm.provider", name,
		    "must be \"ollama\" or \"openai\", not ", pv);
	if (norm_url(P, llm, "url", "llm.url", name, e) < 0 ||
	    str_at(P, "llm.model", name, 1, EX_CONFIG, e) < 0 ||
	    num_in(P, "llm.slots", name, 1, 256, 1, 0, EX_CONFIG, e) < 0)
		return -1;
	k = cJSON_GetObjectItemCaseSensitive(llm, "model");
	for (i = 0; cJSON_IsString(k) && k->valuestring[i]; i++)
		if ((unsigned char)k->valuestring[i] < 0x20 ||
		    k->valuestring[i] == 0x7f)
			return bad(e, EX_CONFIG, P, "llm.model", name, "must not "
			    "contain control characters (a line break?)", NULL);
	k = cJSON_GetObjectItemCaseSensitive(llm, "keep_alive");
	if (k && !cJSON_IsString(k) && !cJSON_IsNumber(k))
		return bad(e, EX_CONFIG, P, "llm.keep_alive", name, "must be "
		    "a duration such as \"30m\" or seconds, not ", tname(k));
	if (check_hosts(P, cJSON_GetObjectItemCaseSensitive(llm, "hosts"),
	    name, e) < 0)
		return -1;
	if (check_options(P, "llm.options", name, e) < 0 ||
	    num_in(P, "llm.timeouts.connect", name, 0.001, 86400, 0, 1,
	    EX_CONFIG, e) < 0 ||
	    num_in(P, "llm.timeouts.first_token", name, 0.001, 86400, 0, 1,
	    EX_CONFIG, e) < 0 ||
	    num_in(P, "llm.timeouts.idle", name, 0.001, 86400, 0, 1,
	    EX_CONFIG, e) < 0 ||
	    num_in(P, "llm.timeouts.total", name, 0.001, 604800, 0, 1,
	    EX_CONFIG, e) < 0 ||
	    num_in(P, "llm.retries.max", name, 0, 100, 1, 1, EX_CONFIG,
	    e) < 0 ||
	    num_in(P, "llm.retries.backoff", name, 0, 3600, 0, 1, EX_CONFIG,
	    e) < 0 ||
	    num_in(P, "llm.retries.backoff_max", name, 0, 86400, 0, 1,
	    EX_CONFIG, e) < 0 ||
	    num_in(P, "llm.validate_retries", name, 0, 20, 1, 1, EX_CONFIG,
	    e) < 0 ||
	    num_in(P, "llm.reask_budget", name, 0, 10, 0, 0, EX_CONFIG,
	    e) < 0 ||
	    num_in(P, "llm.num_predict", name, 1, 1e7, 1, 0, EX_CONFIG,
	    e) < 0 ||
	    str_at(P, "llm.log", name, 0, EX_CONFIG, e) < 0)
		return -1;
	if (check_kinds(P, cJSON_GetObjectItemCaseSensitive(llm, "kinds"),
	    name, e) < 0)
		return -1;
	k = cJSON_GetObjectItemCaseSensitive(P->cfg, "content");
	if (k && !cJSON_IsObject(k))
		return bad(e, EX_CONFIG, P, "content", name,
		    "must be a mapping of kinds, not ", tname(k));
	return 0;
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

/* ---- public ---- */

/* The key schema's kinds and the defaults' per-kind num_predict, from the
 * kinds table.  NULL with EX_SOFTWARE when the built-in table is broken. */
static cJSON *
defaults(cg_err *e)
{
	const struct cg_kind *kd;
	cJSON *cfg, *kinds;
	size_t i, n;

	kd = cg_kind_list(&n);
	if (!kd || n > MAXKINDS) {
		cg_seterr(e, EX_SOFTWARE, "%s", kd ? "too many kinds" :
		    cg_kinds_error());
		return NULL;
	}
	cfg = cg_yaml_parse(defaults_yaml, sizeof defaults_yaml - 1,
	    "built-in defaults", NULL, e);
	if (!cfg) {
		if (e)
			e->code = EX_SOFTWARE;
		return NULL;
	}
	kinds = cJSON_AddObjectToObject(cJSON_GetObjectItem(cfg, "llm"),
	    "kinds");
	for (i = 0; i < n; i++) {
		llmkinds[i] = (struct key){ kd[i].name, C_MAP, kindkeys };
		contentkinds[i] = (struct key){ kd[i].name, C_ANY, NULL };
		cJSON_AddNumberToObject(cJSON_AddObjectToObject(kinds,
		    kd[i].name), "num_predict", kd[i].num_predict);
	}
	return cfg;
}

cJSON *
cg_config_defaults(cg_err *e)
{
	return defaults(e);
}

int
cg_config_course_int(const cJSON *course, const char *key)
{
	const cJSON *j = cg_json_at(course, key);
	cJSON *defs;
	char path[128];
	int n;

	if (cJSON_IsNumber(j))
		return (int)j->valuedouble;
	/* as finish_course fills it in */
	if (strcmp(key, "sessions") == 0)
		return 2 * cg_config_course_int(course, "modules");
	defs = cg_yaml_parse(defaults_yaml, sizeof defaults_yaml - 1,
	    "built-in defaults", NULL, NULL);
	snprintf(path, sizeof path, "course.%s", key);
	n = (int)cg_json_getn(defs, path, 0);
	cJSON_Delete(defs);
	return n;
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

/* Hand the provenance to the caller (or drop it). */
static void
prov_give(struct prov *p, cJSON *cfg, cg_prov **out)
{
	if (!out) {
		prov_free(p);
		return;
	}
	*out = xmalloc(sizeof **out);
	**out = *p;
	(*out)->cfg = cfg;
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
	struct prov p = { 0 };
	cg_buf unknown = { 0 };
	cJSON *cfg;
	int i;

	if (prov)
		*prov = NULL;
	if (!(cfg = defaults(e)))
		return NULL;
	p.cfg = cfg;
	p.rawurl = rawurl;
	if (merge_datafile(cfg, &p, "config/llm.yaml", llmfile, &unknown,
	    e) < 0 || merge_datafile(cfg, &p, "config/content.yaml",
	    contentfile, &unknown, e) < 0)
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
	if (check_llm(&p, "configuration", e) < 0)
		goto fail;
	prov_give(&p, cfg, prov);
	cg_buf_free(&unknown);
	return cfg;
fail:
	cg_buf_free(&unknown);
	prov_free(&p);
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

/* Course text goes into every prompt: a string at cfgpath longer than
 * max bytes is an error (the prompt would not fit the context window). */
static int
len_item(const cJSON *j, const struct prov *P, const char *cfgpath,
    size_t max, const char *name, cg_err *e)
{
	char got[128];

	if (!cJSON_IsString(j) || strlen(j->valuestring) <= max)
		return 0;
	snprintf(got, sizeof got, "at most %zu bytes long (got %zu); every "
	    "prompt carries it: shorten it", max, strlen(j->valuestring));
	return bad(e, EX_DATAERR, P, cfgpath, name, "must be ", got);
}

static int
len_at(const struct prov *P, const char *cfgpath, size_t max,
    const char *name, cg_err *e)
{
	return len_item(cg_json_at(P->cfg, cfgpath), P, cfgpath, max, name, e);
}

/* The course's texts: strings, subject present, none too long for a
 * prompt. */
static int
check_texts(const struct prov *P, const char *name, cg_err *e)
{
	static const char *strs[] = { "course.name", "course.level",
		"course.description", "course.language" };
	const cJSON *j;
	char got[64];
	size_t i;
	int n = 0;

	if (str_at(P, "course.subject", name, 1, EX_DATAERR, e) < 0 ||
	    len_at(P, "course.subject", CG_CONFIG_TITLE_MAX, name, e) < 0)
		return -1;
	for (i = 0; i < sizeof strs / sizeof *strs; i++)
		if (str_at(P, strs[i], name, 0, EX_DATAERR, e) < 0 ||
		    len_at(P, strs[i], strcmp(strs[i], "course.description") ?
		    CG_CONFIG_TITLE_MAX : CG_CONFIG_TEXT_MAX, name, e) < 0)
			return -1;
	j = cg_json_at(P->cfg, "course.constraints");
	if (j && !cJSON_IsArray(j) && !cJSON_IsString(j))
		return bad(e, EX_DATAERR, P, "course.constraints", name,
		    "must be a string or a list of strings, not ", tname(j));
	for (j = cJSON_IsArray(j) ? j->child : NULL; j; j = j->next, n++) {
		snprintf(got, sizeof got, "course.constraints[%d]", n);
		if (!cJSON_IsString(j))
			return bad(e, EX_DATAERR, P, got, name, "must be a "
			    "string, not ", tname(j));
		if (len_item(j, P, got, CG_CONFIG_CONSTRAINT_MAX, name, e) < 0)
			return -1;
	}
	return 0;
}

int
cg_config_check_course(const cJSON *cfg, const cg_prov *prov,
    const char *name, cg_err *e)
{
	static const struct { const char *k; double lo, hi; } lim[] = {
		{ "course.duration_weeks", 0, 520 },
		{ "course.modules", 1, 50 },
		{ "course.sessions", 1, 500 },
		{ "course.diagrams_per_session", 0, 10 },
		{ "course.questions.multiple_choice", 0, 30 },
		{ "course.questions.options", 2, 6 },
		{ "course.questions.short_answer", 0, 30 },
		{ "course.questions.essay", 0, 30 },
		{ "course.items.min", 1, 20 },
		{ "course.items.max", 1, 20 },
	};
	struct prov pv = { (cJSON *)cfg, prov ? prov->v : NULL,
	    prov ? prov->n : 0, 0 }, *P = &pv;
	const cJSON *c = cg_json_at(P->cfg, "course"), *j;
	char got[128], w[512];
	size_t i;

	if (!cJSON_IsObject(c))
		return bad(e, EX_DATAERR, P, "course", name,
		    "must be a mapping, not ", tname(c));
	if (!cg_json_at(P->cfg, "course.subject"))
		return bad(e, EX_DATAERR, P, "course.subject", name,
		    "is required: say what the course teaches, e.g. "
		    "subject: Cell biology", NULL);
	if (check_texts(P, name, e) < 0)
		return -1;
	if ((j = cg_json_at(P->cfg, "course.questions")) && !cJSON_IsObject(j))
		return bad(e, EX_DATAERR, P, "course.questions", name,
		    "must be a mapping, not ", tname(j));
	if ((j = cg_json_at(P->cfg, "course.items")) && !cJSON_IsObject(j))
		return bad(e, EX_DATAERR, P, "course.items", name,
		    "must be a mapping, not ", tname(j));
	for (i = 0; i < sizeof lim / sizeof *lim; i++)
		if (num_in(P, lim[i].k, name, lim[i].lo, lim[i].hi, 1, 1,
		    EX_DATAERR, e) < 0)
			return -1;
	if (cg_json_getn(P->cfg, "course.sessions", 0) <
	    cg_json_getn(P->cfg, "course.modules", 0)) {
		snprintf(got, sizeof got, " (%g) must be at least \"modules\" "
		    "(%g): every module needs a session",
		    cg_json_getn(P->cfg, "course.sessions", 0),
		    cg_json_getn(P->cfg, "course.modules", 0));
		where(P, "course.sessions", name, w, sizeof w);
		return cg_seterr(e, EX_DATAERR, "%s: \"sessions\"%s", w, got);
	}
	if (cg_json_getn(P->cfg, "course.items.max", 0) <
	    cg_json_getn(P->cfg, "course.items.min", 0)) {
		snprintf(got, sizeof got, " (%g) must not be less than "
		    "\"items.min\" (%g)", cg_json_getn(P->cfg, "course.items.max",
		    0), cg_json_getn(P->cfg, "course.items.min", 0));
		where(P, "course.items.max", name, w, sizeof w);
		return cg_seterr(e, EX_DATAERR, "%s: \"items.max\"%s", w, got);
	}
	j = cg_json_at(P->cfg, "course.outline");
	if (j && !cJSON_IsNull(j)) {
		if (!cJSON_IsString(j) || !*j->valuestring)
			return bad(e, EX_DATAERR, P, "course.outline", name,
			    "must be the path of an outline.json file, not ",
			    tname(j));
		if (access(j->valuestring, R_OK) != 0) {
			where(P, "course.outline", name, w, sizeof w);
			return cg_seterr(e, EX_NOINPUT, "%s: \"outline\": cannot "
			    "read %s:", w, j->valuestring);
		}
	}
	return 0;
}

cJSON *
cg_config_runtime(const char *course_json, cg_prov **prov, cg_err *e)
{
	struct prov p = { 0 };
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
	prov_add(&p, S_JSON, path, NULL, NULL);
	env_apply(cfg, &p);
	if (check_llm(&p, path, e) < 0) {
		prov_free(&p);
		cJSON_Delete(cfg);
		return NULL;
	}
	prov_give(&p, cfg, prov);
	return cfg;
}

/* Where the user name and password of u start and end (the authority's
 * text before its last "@"), and where its query or fragment starts;
 * positions into u, *at 0 when it has none, *q strlen(u) when none.  A
 * text that is not a URL at all is read the same way, scheme or not. */
static void
url_spans(const char *u, size_t *user, size_t *at, size_t *q)
{
	const char *p = strstr(u, "://"), *a = p ? p + 3 : u, *end;
	const char *last = NULL;

	end = a + strcspn(a, "/?#");
	for (p = a; p < end; p++)
		if (*p == '@')
			last = p;
	*user = (size_t)(a - u);
	*at = last ? (size_t)(last - u) : 0;
	*q = strcspn(u, "?#");
}

char *
cg_config_url_mask(const char *u)
{
	size_t user, at, q, i, n;
	const char *eq;
	cg_buf b = { 0 };

	if (!u)
		return xstrdup("");
	url_spans(u, &user, &at, &q);
	if (at)
		cg_buf_add(&b, u, user), cg_buf_puts(&b, "***");
	cg_buf_add(&b, u + at, q - at);
	/* the query: each part's name kept, its value hidden (a part
	 * without "=" is a value in itself); the fragment hidden */
	for (i = q; u[i] && u[i] != '#'; i += n) {
		cg_buf_putc(&b, u[i++]);	/* "?", "&" or ";" */
		n = strcspn(u + i, "&;#");
		if ((eq = memchr(u + i, '=', n)))
			cg_buf_add(&b, u + i, (size_t)(eq - (u + i)) + 1);
		if (n)
			cg_buf_puts(&b, "***");
	}
	if (u[i] == '#')
		cg_buf_puts(&b, "#***");
	return cg_buf_take(&b);
}

int
cg_config_url_check(const char *u, cg_err *e)
{
	size_t user, at, q, i;
	char *m;

	if (!u || !*u)
		return cg_seterr(e, EX_CONFIG, "empty server URL; give one such "
		    "as http://127.0.0.1:11434");
	for (i = 0; u[i]; i++)
		if ((unsigned char)u[i] < 0x20 || u[i] == 0x7f)
			return cg_seterr(e, EX_CONFIG, "server URL has a control "
			    "character (byte %d); use http://HOST:PORT",
			    (unsigned char)u[i]);
	url_spans(u, &user, &at, &q);
	if (!at && !u[q])
		return 0;
	m = cg_config_url_mask(u);
	if (at)
		cg_seterr(e, EX_CONFIG, "\"%.200s\": a server URL must not carry "
		    "a user name or password; give the key in CG_API_KEY and "
		    "the URL as http://HOST:PORT", m);
	else
		cg_seterr(e, EX_CONFIG, "\"%.200s\": a server URL must not have "
		    "a query (\"?\") or fragment (\"#\"); the client adds the "
		    "API's path to it; give it as http://HOST:PORT[/PATH] and "
		    "a key in CG_API_KEY", m);
	free(m);
	return -1;
}

/* A part of u, or NULL; caller curl_free()s. */
static char *
urlpart(CURLU *u, CURLUPart what)
{
	char *v = NULL;

	return curl_url_get(u, what, &v, 0) == CURLUE_OK ? v : NULL;
}

/* The parts of a server URL libcurl read, or NULL with e when it is not
 * one; the text given is named masked. */
static CURLU *
url_read(const char *full, const char *shown, char **host,
    char **port, cg_err *e)
{
	CURLU *u;
	char *x;
	long pn;

	*host = *port = NULL;
	if (!(u = curl_url())) {
		cg_seterr(e, EX_SOFTWARE, "out of memory");
		return NULL;
	}
	if (curl_url_set(u, CURLUPART_URL, full, 0) != CURLUE_OK ||
	    !(*host = urlpart(u, CURLUPART_HOST)) || !**host) {
		cg_seterr(e, EX_CONFIG, "\"%.200s\": not a usable server URL "
		    "(bad character, host or port); use http://HOST:PORT", shown);
		goto bad;
	}
	/* what the screen did not see, libcurl did (one grammar) */
	if ((x = urlpart(u, CURLUPART_USER)) || (x = urlpart(u,
	    CURLUPART_PASSWORD)) || (x = urlpart(u, CURLUPART_QUERY)) ||
	    (x = urlpart(u, CURLUPART_FRAGMENT))) {
		curl_free(x);
		cg_seterr(e, EX_CONFIG, "\"%.200s\": a server URL must not carry "
		    "a user name, password, query or fragment; use "
		    "http://HOST:PORT[/PATH]", shown);
		goto bad;
	}
	if ((*port = urlpart(u, CURLUPART_PORT))) {
		pn = strtol(*port, &x, 10);
		if (*x || pn < 1 || pn > 65535) {
			cg_seterr(e, EX_CONFIG, "\"%.200s\": port must be a "
			    "number from 1 to 65535", shown);
			goto bad;
		}
	}
	return u;
bad:
	curl_free(*host);
	curl_free(*port);
	*host = *port = NULL;
	curl_url_cleanup(u);
	return NULL;
}

char *
cg_config_url(const char *host, cg_err *e)
{
	char *in = xstrdup(host ? host : ""), *t = cg_trim(in), *full = NULL;
	char *h = NULL, *port = NULL, *out = NULL, *x, *shown;
	const char *sep;
	CURLU *u = NULL;
	size_t n;

	if (cg_config_url_check(t, e) < 0) {
		free(in);
		return NULL;
	}
	shown = cg_config_url_mask(t);
	if ((sep = strstr(t, "://"))) {
		n = (size_t)(sep - t);
		if (!((n == 4 && strncasecmp(t, "http", 4) == 0) ||
		    (n == 5 && strncasecmp(t, "https", 5) == 0))) {
			cg_seterr(e, EX_CONFIG, "\"%.200s\" is not an http(s) URL; "
			    "use http://HOST:PORT", shown);
			goto out;
		}
		full = xstrdup(t);
	} else {
		/* Ollama's form: "host", "host:port", ":port" */
		full = xasprintf("http://%s%s", *t == ':' && t[1] != ':' ?
		    "127.0.0.1" : "", t);
	}
	if (cg_curl_load(e) < 0 || !(u = url_read(full, shown, &h, &port, e)))
		goto out;
	if (!port && !sep)		/* bare host: Ollama's own port */
		curl_url_set(u, CURLUPART_PORT, "11434", 0);
	/* the server's "listen everywhere" addresses mean this machine */
	if (strcmp(h, "0.0.0.0") == 0)
		curl_url_set(u, CURLUPART_HOST, "127.0.0.1", 0);
	else if (strcmp(h, "[::]") == 0)
		curl_url_set(u, CURLUPART_HOST, "[::1]", 0);
	if (!(x = urlpart(u, CURLUPART_URL))) {
		cg_seterr(e, EX_CONFIG, "\"%.200s\": not a usable server URL; "
		    "use http://HOST:PORT", shown);
		goto out;
	}
	n = strlen(x);
	while (n > 0 && x[n - 1] == '/')
		n--;
	out = xstrndup(x, n);
	curl_free(x);
out:
	if (u) {
		curl_free(h);
		curl_free(port);
		curl_url_cleanup(u);
	}
	free(shown);
	free(full);
	free(in);
	return out;
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
