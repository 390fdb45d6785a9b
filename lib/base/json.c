/* json.c — cJSON helpers: parse errors with line:column, typed getters
 * whose errors name the document and the JSON path, dotted lookups. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "fsio.h"
#include "json.h"

cJSON *
cg_json_parse(const char *text, size_t len, const char *name, cg_err *e)
{
	const char *end = NULL, *p;
	cJSON *j;
	int line = 1, col = 1;

	for (p = text; p < text + len && isspace((unsigned char)*p); p++)
		;
	if (p == text + len) {
		cg_seterr(e, EX_DATAERR, "%s: empty document; expected JSON",
		    name);
		return NULL;
	}
	j = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (j) {
		for (p = end; p < text + len && isspace((unsigned char)*p); p++)
			;
		if (p == text + len || *p == '\0')
			return j;
		cJSON_Delete(j);
		end = p;
	}
	if (!end || end < text || end > text + len)
		end = cJSON_GetErrorPtr();
	if (!end || end < text || end > text + len)
		end = text + len;
	for (p = text; p < end; p++) {
		if (*p == '\n')
			line++, col = 1;
		else
			col++;
	}
	cg_seterr(e, EX_DATAERR, "%s:%d:%d: invalid JSON%s; fix the file or "
	    "regenerate it", name, line, col,
	    j ? " (text after the document)" : end >= text + len ?
	    " (document ends too early)" : "");
	return NULL;
}

cJSON *
cg_json_load(const char *path, cg_err *e)
{
	size_t len;
	char *s = cg_read_input(path, &len, e);
	cJSON *j;

	if (!s)
		return NULL;
	j = cg_json_parse(s, len, path && strcmp(path, "-") ? path : "<stdin>",
	    e);
	free(s);
	return j;
}

static const char *
typename(const cJSON *j)
{
	if (!j)
		return "missing";
	if (cJSON_IsString(j))
		return "a string";
	if (cJSON_IsNumber(j))
		return "a number";
	if (cJSON_IsBool(j))
		return "a boolean";
	if (cJSON_IsNull(j))
		return "null";
	if (cJSON_IsArray(j))
		return "an array";
	return "an object";
}

static const cJSON *
member(const cJSON *obj, const char *key, const char *want, int ok,
    const char *name, const char *path, cg_err *e)
{
	const cJSON *j = cJSON_IsObject(obj) ?
	    cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;

	if (j && ok)
		return j;
	if (!cJSON_IsObject(obj))
		cg_seterr(e, EX_DATAERR, "%s: %s%sexpected an object, found %s",
		    name, path, *path ? ": " : "", typename(obj));
	else if (!j)
		cg_seterr(e, EX_DATAERR, "%s: %s%s\"%s\" is missing; it must be "
		    "%s", name, path, *path ? ": " : "", key, want);
	else
		cg_seterr(e, EX_DATAERR, "%s: %s%s\"%s\" must be %s, not %s",
		    name, path, *path ? ": " : "", key, want, typename(j));
	return NULL;
}

const char *
cg_json_str(const cJSON *obj, const char *key, const char *name,
    const char *path, cg_err *e)
{
	const cJSON *j = cJSON_IsObject(obj) ?
	    cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;

	j = member(obj, key, "a string", cJSON_IsString(j), name, path, e);
	return j ? j->valuestring : NULL;
}

int
cg_json_num(const cJSON *obj, const char *key, const char *name,
    const char *path, double *out, cg_err *e)
{
	const cJSON *j = cJSON_IsObject(obj) ?
	    cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;

	j = member(obj, key, "a number", cJSON_IsNumber(j), name, path, e);
	if (!j)
		return -1;
	*out = j->valuedouble;
	return 0;
}

const cJSON *
cg_json_arr(const cJSON *obj, const char *key, const char *name,
    const char *path, cg_err *e)
{
	const cJSON *j = cJSON_IsObject(obj) ?
	    cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;

	return member(obj, key, "an array", cJSON_IsArray(j), name, path, e);
}

const cJSON *
cg_json_obj(const cJSON *obj, const char *key, const char *name,
    const char *path, cg_err *e)
{
	const cJSON *j = cJSON_IsObject(obj) ?
	    cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;

	return member(obj, key, "an object", cJSON_IsObject(j), name, path, e);
}

const cJSON *
cg_json_at(const cJSON *root, const char *dotted)
{
	const cJSON *j = root;
	const char *p = dotted, *dot;
	char key[256];

	while (j && *p) {
		size_t n;
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof key)
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		if (cJSON_IsArray(j) && n && strspn(key, "0123456789") == n)
			j = cJSON_GetArrayItem(j, atoi(key));
		else if (cJSON_IsObject(j))
			j = cJSON_GetObjectItemCaseSensitive(j, key);
		else
			return NULL;
		p = dot ? dot + 1 : p + n;
	}
	return j;
}

const char *
cg_json_gets(const cJSON *root, const char *dotted, const char *def)
{
	const cJSON *j = cg_json_at(root, dotted);

	return cJSON_IsString(j) ? j->valuestring : def;
}

double
cg_json_getn(const cJSON *root, const char *dotted, double def)
{
	const cJSON *j = cg_json_at(root, dotted);

	return cJSON_IsNumber(j) ? j->valuedouble : def;
}

int
cg_json_getb(const cJSON *root, const char *dotted, int def)
{
	const cJSON *j = cg_json_at(root, dotted);

	if (cJSON_IsBool(j))
		return cJSON_IsTrue(j);
	if (cJSON_IsNumber(j))
		return j->valuedouble != 0;
	return def;
}

void
cg_json_set(cJSON *root, const char *dotted, cJSON *item)
{
	cJSON *j = root, *next;
	const char *p = dotted, *dot;
	char key[256];

	for (;;) {
		size_t n;
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof key)
			n = sizeof key - 1;
		memcpy(key, p, n);
		key[n] = '\0';
		if (!dot) {
			if (cJSON_GetObjectItemCaseSensitive(j, key))
				cJSON_ReplaceItemInObjectCaseSensitive(j, key, item);
			else
				cJSON_AddItemToObject(j, key, item);
			return;
		}
		next = cJSON_GetObjectItemCaseSensitive(j, key);
		if (!cJSON_IsObject(next)) {
			next = cJSON_CreateObject();
			if (cJSON_GetObjectItemCaseSensitive(j, key))
				cJSON_ReplaceItemInObjectCaseSensitive(j, key, next);
			else
				cJSON_AddItemToObject(j, key, next);
		}
		j = next;
		p = dot + 1;
	}
}

cJSON *
cg_json_pick(const cJSON *from, const char *const *keys, size_t n)
{
	cJSON *o = cJSON_CreateObject();
	size_t i;

	for (i = 0; i < n; i++) {
		const cJSON *v = cJSON_IsObject(from) ?
		    cJSON_GetObjectItemCaseSensitive(from, keys[i]) : NULL;
		if (v)
			cJSON_AddItemToObject(o, keys[i], cJSON_Duplicate(v, 1));
	}
	return o;
}

void
cg_json_merge(cJSON *dst, const cJSON *src)
{
	const cJSON *s;

	if (!cJSON_IsObject(dst) || !cJSON_IsObject(src))
		return;
	cJSON_ArrayForEach(s, src) {
		cJSON *d = cJSON_GetObjectItemCaseSensitive(dst, s->string);
		if (cJSON_IsObject(d) && cJSON_IsObject(s))
			cg_json_merge(d, s);
		else if (d)
			cJSON_ReplaceItemInObjectCaseSensitive(dst, s->string,
			    cJSON_Duplicate(s, 1));
		else
			cJSON_AddItemToObject(dst, s->string,
			    cJSON_Duplicate(s, 1));
	}
}

char *
cg_json_print(const cJSON *j)
{
	char *s = cJSON_Print(j), *out;

	if (!s)
		abort();
	out = xasprintf("%s\n", s);
	cJSON_free(s);
	return out;
}

char *
cg_json_compact(const cJSON *j)
{
	char *s = cJSON_PrintUnformatted(j), *out;

	if (!s)
		abort();
	out = xstrdup(s);
	cJSON_free(s);
	return out;
}
