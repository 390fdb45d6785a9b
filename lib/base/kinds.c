/* kinds.c — the content kinds table; see kinds.h.
 *
 * config/kinds.yaml is assembled into the program (.incbin, so the file
 * stays the one copy) and parsed with the project's YAML loader on first
 * use.  A row that breaks a rule below makes the whole table unusable:
 * the unit tests load it, so a bad edit never gets past make test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kinds.h"
#include "json.h"
#include "yaml.h"

/* The file's bytes, NUL-terminated; the path is relative to the directory
 * make runs the compiler in (the top of the source tree). */
__asm__(".section .rodata\n"
    ".global cg_kinds_yaml\n"
    ".type cg_kinds_yaml, @object\n"
    ".balign 16\n"
    "cg_kinds_yaml:\n"
    ".incbin \"config/kinds.yaml\"\n"
    ".byte 0\n"
    ".previous\n");
extern const char cg_kinds_yaml[];

static struct cg_kind *rows;
static size_t nrows;
static cJSON *doc;
static char err[1024];
static int loaded;

static const char *
str(const cJSON *row, const char *key, int required, int i)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, key);

	if (!v && !required)
		return NULL;
	if (!cJSON_IsString(v) || !*v->valuestring) {
		if (!err[0])
			snprintf(err, sizeof err, "config/kinds.yaml: kinds[%d]."
			    "%s must be a non-empty string", i, key);
		return NULL;
	}
	return v->valuestring;
}

static int
num(const cJSON *row, const char *key, int i)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, key);

	if (!v)
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > 1e6) {
		if (!err[0])
			snprintf(err, sizeof err, "config/kinds.yaml: kinds[%d]."
			    "%s must be a number from 1 to 1000000", i, key);
		return 0;
	}
	return (int)v->valuedouble;
}

static enum cg_shape
shape(const char *s, int i)
{
	static const char *const names[] = { "prose", "diagram", "quiz",
	    "outline" };
	int j;

	for (j = 0; s && j < 4; j++)
		if (!strcmp(s, names[j]))
			return (enum cg_shape)j;
	if (!err[0])
		snprintf(err, sizeof err, "config/kinds.yaml: kinds[%d].shape "
		    "must be prose, diagram, quiz or outline", i);
	return CG_SHAPE_PROSE;
}

static void
load(void)
{
	cg_err e = {0};
	const cJSON *list, *row, *r;
	size_t i, j;

	loaded = 1;
	doc = cg_yaml_parse(cg_kinds_yaml, strlen(cg_kinds_yaml),
	    "config/kinds.yaml", NULL, &e);
	list = cJSON_GetObjectItemCaseSensitive(doc, "kinds");
	if (!doc || !cJSON_IsArray(list) || !cJSON_GetArraySize(list)) {
		snprintf(err, sizeof err, "%s", doc ? "config/kinds.yaml: "
		    "kinds must be a non-empty list" : e.msg);
		return;
	}
	nrows = (size_t)cJSON_GetArraySize(list);
	rows = xcalloc(nrows, sizeof *rows);
	i = 0;
	cJSON_ArrayForEach(row, list) {
		struct cg_kind *k = &rows[i];
		int n = (int)i;

		k->index = n;
		k->name = str(row, "name", 1, n);
		k->tool = str(row, "tool", 1, n);
		k->file = str(row, "file", 1, n);
		k->also = str(row, "also", 0, n);
		k->title = str(row, "title", 1, n);
		k->section = str(row, "section", 1, n);
		k->prompt = str(row, "prompt", 0, n);
		if (!k->prompt)
			k->prompt = k->name;
		k->shape = shape(str(row, "shape", 1, n), n);
		k->multi = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(row,
		    "multi"));
		k->excerpt = num(row, "excerpt", n);
		k->num_predict = num(row, "num_predict", n);
		if (!k->num_predict && !err[0])
			snprintf(err, sizeof err, "config/kinds.yaml: kinds[%d]: "
			    "num_predict is required", n);
		if (k->multi && k->file && !strchr(k->file, 'K') && !err[0])
			snprintf(err, sizeof err, "config/kinds.yaml: kinds[%d]: "
			    "a multi kind's file must contain K", n);
		for (j = 0; j < i && k->name; j++)
			if (rows[j].name && !strcmp(rows[j].name, k->name) &&
			    !err[0])
				snprintf(err, sizeof err, "config/kinds.yaml: "
				    "kinds[%d]: name %s appears twice", n, k->name);
		/* reads name earlier rows only: the table is in build order */
		cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(row,
		    "reads")) {
			const struct cg_kind *to = NULL;

			for (j = 0; j < i && cJSON_IsString(r); j++)
				if (rows[j].name && !strcmp(rows[j].name,
				    r->valuestring))
					to = &rows[j];
			if ((!to || k->nreads == CG_KIND_MAXREADS) && !err[0])
				snprintf(err, sizeof err, "config/kinds.yaml: "
				    "kinds[%d].reads: %s is not an earlier kind",
				    n, cJSON_IsString(r) ? r->valuestring : "?");
			else if (to)
				k->reads[k->nreads++] = to;
		}
		i++;
	}
	if (err[0]) {
		free(rows);
		rows = NULL;
		nrows = 0;
	}
}

const struct cg_kind *
cg_kind_list(size_t *n)
{
	if (!loaded)
		load();
	*n = nrows;
	return rows;
}

const char *
cg_kinds_error(void)
{
	if (!loaded)
		load();
	return err[0] ? err : NULL;
}

const struct cg_kind *
cg_kind_find(const char *name)
{
	const char *b = strrchr(name, '/');
	const struct cg_kind *k = NULL;
	size_t i, n;
	char *a;

	cg_kind_list(&n);
	b = b ? b + 1 : name;
	for (i = 0; i < n && !k; i++) {
		a = cg_kind_alias(&rows[i]);
		if (!strcmp(b, rows[i].name) || !strcmp(b, rows[i].tool) ||
		    !strcmp(b, a) || (cg_startswith(b, "cg-") &&
		    !strcmp(b + 3, a)))
			k = &rows[i];
		free(a);
	}
	return k;
}

int
cg_kind_reads(const struct cg_kind *kd, const char *name)
{
	int i;

	for (i = 0; i < kd->nreads; i++)
		if (!strcmp(kd->reads[i]->name, name))
			return 1;
	return 0;
}

char *
cg_kind_file(const struct cg_kind *kd, int k)
{
	const char *p = kd->multi ? strchr(kd->file, 'K') : NULL;

	if (!p)
		return xstrdup(kd->file);
	return xasprintf("%.*s%d%s", (int)(p - kd->file), kd->file, k, p + 1);
}

char *
cg_kind_alias(const struct cg_kind *kd)
{
	const char *dot = strrchr(kd->file, '.');

	return dot ? xstrndup(kd->file, (size_t)(dot - kd->file)) :
	    xstrdup(kd->file);
}

cJSON *
cg_kinds_json(void)
{
	static const char *const shapes[] = { "prose", "diagram", "quiz",
	    "outline" };
	cJSON *a = cJSON_CreateArray(), *o, *r;
	size_t i, n;
	int j;

	cg_kind_list(&n);
	for (i = 0; i < n; i++) {
		const struct cg_kind *k = &rows[i];

		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", k->name);
		cJSON_AddStringToObject(o, "tool", k->tool);
		cJSON_AddStringToObject(o, "file", k->file);
		if (k->also)
			cJSON_AddStringToObject(o, "also", k->also);
		cJSON_AddBoolToObject(o, "multi", k->multi);
		cJSON_AddStringToObject(o, "title", k->title);
		cJSON_AddStringToObject(o, "section", k->section);
		cJSON_AddStringToObject(o, "prompt", k->prompt);
		cJSON_AddStringToObject(o, "shape", shapes[k->shape]);
		r = cJSON_AddArrayToObject(o, "reads");
		for (j = 0; j < k->nreads; j++)
			cJSON_AddItemToArray(r,
			    cJSON_CreateString(k->reads[j]->name));
		cJSON_AddNumberToObject(o, "excerpt", k->excerpt);
		cJSON_AddNumberToObject(o, "num_predict", k->num_predict);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}
