/* outline.c — outline schema, normalisation, validation and rendering. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "fsio.h"
#include "json.h"
#include "outline.h"

static const char *lists[] = { "subtopics", "objectives", "key_concepts" };

int
cg_outline_spread(int nses, int nmod, int i)
{
	if (nmod <= 0)
		return 0;
	return nses / nmod + (i < nses % nmod);
}

static cJSON *
strarray(int min, int max)
{
	cJSON *a = cJSON_CreateObject();

	cJSON_AddStringToObject(a, "type", "array");
	cJSON_AddItemToObject(a, "items",
	    cJSON_Parse("{\"type\":\"string\",\"minLength\":1}"));
	if (min >= 0)
		cJSON_AddNumberToObject(a, "minItems", min);
	if (max >= 0)
		cJSON_AddNumberToObject(a, "maxItems", max);
	return a;
}

static cJSON *
reqlist(const char **names, int n)
{
	cJSON *r = cJSON_CreateArray();
	int i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(r, cJSON_CreateString(names[i]));
	return r;
}

/* {"type":"object","properties":props,"required":[req…],
 * "additionalProperties":false}: every member required, no others. */
static cJSON *
closed(cJSON *props, const char **req, int nreq)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "type", "object");
	cJSON_AddItemToObject(o, "properties", props);
	cJSON_AddItemToObject(o, "required", reqlist(req, nreq));
	cJSON_AddBoolToObject(o, "additionalProperties", 0);
	return o;
}

/* {"type":"array","items":items,"minItems":min,"maxItems":max} */
static cJSON *
arrayof(cJSON *items, int min, int max)
{
	cJSON *a = cJSON_CreateObject();

	cJSON_AddStringToObject(a, "type", "array");
	cJSON_AddItemToObject(a, "items", items);
	cJSON_AddNumberToObject(a, "minItems", min);
	cJSON_AddNumberToObject(a, "maxItems", max);
	return a;
}

/* A module's or session's number and title (and description). */
static cJSON *
heading_props(int desc)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddItemToObject(p, "number",
	    cJSON_Parse("{\"type\":\"integer\",\"minimum\":1}"));
	cJSON_AddItemToObject(p, "title",
	    cJSON_Parse("{\"type\":\"string\",\"minLength\":1}"));
	if (desc)
		cJSON_AddItemToObject(p, "description",
		    cJSON_Parse("{\"type\":\"string\",\"minLength\":1}"));
	return p;
}

static cJSON *
session_schema(int imin, int imax)
{
	static const char *sreq[] = { "number", "title", "subtopics",
	    "objectives", "key_concepts", "rationale" };
	cJSON *sp = heading_props(0);
	size_t i;

	for (i = 0; i < sizeof lists / sizeof *lists; i++)
		cJSON_AddItemToObject(sp, lists[i], strarray(imin, imax));
	cJSON_AddItemToObject(sp, "rationale",
	    cJSON_Parse("{\"type\":\"string\",\"minLength\":1}"));
	return closed(sp, sreq, 6);
}

static cJSON *
module_schema(int smin, int smax, int imin, int imax)
{
	static const char *mreq[] = { "number", "title", "description",
	    "sessions" };
	cJSON *mp = heading_props(1);

	cJSON_AddItemToObject(mp, "sessions", arrayof(session_schema(imin,
	    imax), smin, smax));
	return closed(mp, mreq, 4);
}

cJSON *
cg_outline_schema(const cJSON *course)
{
	int nmod = cg_config_course_int(course, "modules");
	int nses = cg_config_course_int(course, "sessions");
	int imin = cg_config_course_int(course, "items.min");
	int imax = cg_config_course_int(course, "items.max");
	cJSON *root = cJSON_CreateObject(), *props = cJSON_CreateObject();
	cJSON *mods = cJSON_CreateObject(), *prefix = cJSON_CreateArray();
	int i, even = nses % nmod == 0;
	static const char *rreq[] = { "modules" };

	cJSON_AddStringToObject(root, "type", "object");
	cJSON_AddStringToObject(mods, "type", "array");
	/* Per-position session counts where the spread is uneven; a single
	 * item schema where every module has the same count. */
	if (!even) {
		for (i = 0; i < nmod; i++) {
			int k = cg_outline_spread(nses, nmod, i);
			cJSON_AddItemToArray(prefix,
			    module_schema(k, k, imin, imax));
		}
		cJSON_AddItemToObject(mods, "prefixItems", prefix);
	} else
		cJSON_Delete(prefix);
	/* for servers that know no prefixItems: either count */
	cJSON_AddItemToObject(mods, "items", module_schema(nses / nmod,
	    nses / nmod + !even, imin, imax));
	cJSON_AddNumberToObject(mods, "minItems", nmod);
	cJSON_AddNumberToObject(mods, "maxItems", nmod);
	cJSON_AddItemToObject(props, "modules", mods);
	cJSON_AddItemToObject(root, "properties", props);
	cJSON_AddItemToObject(root, "required", reqlist(rreq, 1));
	cJSON_AddBoolToObject(root, "additionalProperties", 0);
	return root;
}

static void
trimstr(cJSON *j)
{
	char *t;

	if (!cJSON_IsString(j) || !j->valuestring)
		return;
	t = cg_trim(j->valuestring);
	if (t != j->valuestring)
		memmove(j->valuestring, t, strlen(t) + 1);
}

static void
setnum(cJSON *obj, const char *key, int n)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key,
		    cJSON_CreateNumber(n));
	else
		cJSON_AddNumberToObject(obj, key, n);
}

void
cg_outline_normalise(cJSON *o)
{
	cJSON *mods = cJSON_GetObjectItemCaseSensitive(o, "modules"), *m, *s, *j;
	int mn = 0, sn = 0;

	cJSON_ArrayForEach(m, mods) {
		if (!cJSON_IsObject(m))
			continue;
		setnum(m, "number", ++mn);
		trimstr(cJSON_GetObjectItemCaseSensitive(m, "title"));
		trimstr(cJSON_GetObjectItemCaseSensitive(m, "description"));
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(m,
		    "sessions")) {
			size_t i;
			if (!cJSON_IsObject(s))
				continue;
			setnum(s, "number", ++sn);
			trimstr(cJSON_GetObjectItemCaseSensitive(s, "title"));
			trimstr(cJSON_GetObjectItemCaseSensitive(s, "rationale"));
			for (i = 0; i < sizeof lists / sizeof *lists; i++)
				cJSON_ArrayForEach(j,
				    cJSON_GetObjectItemCaseSensitive(s, lists[i]))
					trimstr(j);
		}
	}
}

static int
needstr(const cJSON *obj, const char *key, const char *path, cg_buf *p)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!cJSON_IsString(j)) {
		cg_buf_printf(p, "%s: \"%s\" %s\n", path, key,
		    j ? "must be a string" : "is missing");
		return 1;
	}
	if (!*j->valuestring) {
		cg_buf_printf(p, "%s: \"%s\" must not be empty\n", path, key);
		return 1;
	}
	return 0;
}

int
cg_outline_check(const cJSON *o, cg_buf *p)
{
	const cJSON *mods, *m, *s, *list, *it;
	char path[128];
	int n = 0, mi = 0, si;
	size_t k;

	if (!cJSON_IsObject(o)) {
		cg_buf_puts(p, "the document must be a JSON object\n");
		return 1;
	}
	mods = cJSON_GetObjectItemCaseSensitive(o, "modules");
	if (!cJSON_IsArray(mods) || cJSON_GetArraySize(mods) == 0) {
		cg_buf_puts(p, "\"modules\" must be a non-empty array\n");
		return 1;
	}
	cJSON_ArrayForEach(m, mods) {
		snprintf(path, sizeof path, "modules[%d]", mi);
		if (!cJSON_IsObject(m)) {
			cg_buf_printf(p, "%s: must be an object\n", path);
			n++, mi++;
			continue;
		}
		n += needstr(m, "title", path, p);
		n += needstr(m, "description", path, p);
		list = cJSON_GetObjectItemCaseSensitive(m, "sessions");
		if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0) {
			cg_buf_printf(p, "%s: \"sessions\" must be a non-empty "
			    "array\n", path);
			n++, mi++;
			continue;
		}
		si = 0;
		cJSON_ArrayForEach(s, list) {
			snprintf(path, sizeof path, "modules[%d].sessions[%d]",
			    mi, si++);
			if (!cJSON_IsObject(s)) {
				cg_buf_printf(p, "%s: must be an object\n", path);
				n++;
				continue;
			}
			n += needstr(s, "title", path, p);
			for (k = 0; k < sizeof lists / sizeof *lists; k++) {
				int ii = 0;
				const cJSON *a = cJSON_GetObjectItemCaseSensitive(s,
				    lists[k]);
				if (!cJSON_IsArray(a) || !cJSON_GetArraySize(a)) {
					cg_buf_printf(p, "%s: \"%s\" must be a "
					    "non-empty array of strings\n", path,
					    lists[k]);
					n++;
					continue;
				}
				cJSON_ArrayForEach(it, a) {
					if (!cJSON_IsString(it) ||
					    !*it->valuestring) {
						cg_buf_printf(p, "%s.%s[%d]: must "
						    "be a non-empty string\n",
						    path, lists[k], ii);
						n++;
					}
					ii++;
				}
			}
			it = cJSON_GetObjectItemCaseSensitive(s, "rationale");
			if (it && !cJSON_IsString(it)) {
				cg_buf_printf(p, "%s: \"rationale\" must be a "
				    "string\n", path);
				n++;
			}
		}
		mi++;
	}
	return n;
}

/* The "number" of obj as an int, or 0 when missing or not a positive
 * integer. */
static int
number(const cJSON *obj)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, "number");

	if (!cJSON_IsNumber(n) || n->valuedouble < 1 || n->valuedouble > 99999 ||
	    n->valuedouble != (double)(int)n->valuedouble)
		return 0;
	return (int)n->valuedouble;
}

/* The content of a module or session without its number (and, for a
 * module, without its sessions), for noticing a copy.  Caller frees. */
static char *
content(const cJSON *obj)
{
	cJSON *c = cJSON_Duplicate(obj, 1);
	char *s;

	cJSON_DeleteItemFromObjectCaseSensitive(c, "number");
	cJSON_DeleteItemFromObjectCaseSensitive(c, "sessions");
	s = cJSON_PrintUnformatted(c);
	cJSON_Delete(c);
	return s;
}

struct seen {
	int   num;
	char *path, *text;
};

/* Check one module or session (what: "module"/"session") against those
 * before it; want is its place in order (1-based).  After the first
 * numbering problem (*quiet set), only copies are reported: one wrong
 * number would otherwise make every later one look wrong. */
static int
checknum(const cJSON *obj, const char *what, const char *path, int want,
    struct seen *v, int nv, int *quiet, cg_buf *p)
{
	const cJSON *nj = cJSON_GetObjectItemCaseSensitive(obj, "number");
	int num = number(obj), i;
	char *text = content(obj);

	v[nv].num = num;
	v[nv].path = xstrdup(path);
	v[nv].text = text;
	for (i = 0; i < nv; i++)
		if (text && v[i].text && !strcmp(text, v[i].text)) {
			cg_buf_printf(p, "%s: the same %s as %s (a copy); "
			    "remove one of them\n", path, what, v[i].path);
			*quiet = 1;
			return 1;
		}
	if (*quiet)
		return 0;
	*quiet = 1;
	if (!nj) {
		cg_buf_printf(p, "%s: \"number\" is missing; number the %ss "
		    "1, 2, 3... in order\n", path, what);
		return 1;
	}
	if (!num) {
		cg_buf_printf(p, "%s: \"number\" must be a whole number from "
		    "1\n", path);
		return 1;
	}
	for (i = 0; i < nv; i++)
		if (v[i].num == num) {
			cg_buf_printf(p, "%s: %s number %d appears twice (also "
			    "%s); remove the duplicated %s, or number the "
			    "%ss 1, 2, 3... in order\n", path, what, num,
			    v[i].path, what, what);
			return 1;
		}
	if (num != want) {
		cg_buf_printf(p, "%s: %s number %d where %d comes next; number "
		    "the %ss 1, 2, 3... in order (the numbers name the sNN "
		    "folders)\n", path, what, num, want, what);
		return 1;
	}
	*quiet = 0;
	return 0;
}

/* Strings of obj that are only white space (cg_outline_normalise would
 * trim them to nothing): the members named and the items of the lists. */
static int
blanks(const cJSON *obj, const char *path, cg_buf *p)
{
	static const char *const keys[] = { "title", "description",
	    "rationale" };
	const cJSON *j, *it;
	const char *c;
	size_t k;
	int n = 0, i;

	for (k = 0; k < 3 + sizeof lists / sizeof *lists; k++) {
		j = cJSON_GetObjectItemCaseSensitive(obj, k < 3 ? keys[k] :
		    lists[k - 3]);
		i = 0;
		for (it = cJSON_IsArray(j) ? j->child : j; it; it = it->next, i++) {
			if (!cJSON_IsString(it) || !*it->valuestring)
				continue;
			for (c = it->valuestring; isspace((unsigned char)*c); c++)
				;
			if (*c)
				continue;
			if (k < 3)
				cg_buf_printf(p, "%s: \"%s\" is only white space\n",
				    path, keys[k]);
			else
				cg_buf_printf(p, "%s.%s[%d]: is only white space\n",
				    path, lists[k - 3], i);
			n++;
			if (!cJSON_IsArray(j))
				break;
		}
	}
	return n;
}

int
cg_outline_validate(const cJSON *o, cg_buf *p)
{
	const cJSON *mods, *m, *s;
	struct seen *vm, *vs;
	int n, nm = 0, ns = 0, i, qm = 0, qs = 0;
	char path[128];

	if ((n = cg_outline_check(o, p)))
		return n;
	mods = cJSON_GetObjectItemCaseSensitive(o, "modules");
	vm = xcalloc((size_t)cJSON_GetArraySize(mods) + 1, sizeof *vm);
	vs = xcalloc((size_t)cg_outline_nsessions(o) + 1, sizeof *vs);
	cJSON_ArrayForEach(m, mods) {
		int si = 0;
		snprintf(path, sizeof path, "modules[%d]", nm);
		n += checknum(m, "module", path, nm + 1, vm, nm, &qm, p);
		n += blanks(m, path, p);
		nm++;
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(m,
		    "sessions")) {
			snprintf(path, sizeof path, "modules[%d].sessions[%d]",
			    nm - 1, si++);
			n += checknum(s, "session", path, ns + 1, vs, ns, &qs,
			    p);
			n += blanks(s, path, p);
			ns++;
		}
	}
	for (i = 0; i < nm; i++) {
		free(vm[i].path);
		free(vm[i].text);
	}
	for (i = 0; i < ns; i++) {
		free(vs[i].path);
		free(vs[i].text);
	}
	free(vm);
	free(vs);
	return n;
}

int
cg_outline_check_counts(const cJSON *o, const cJSON *course, cg_buf *p,
    cg_buf *imp)
{
	int nmod = cg_config_course_int(course, "modules");
	int nses = cg_config_course_int(course, "sessions");
	int imin = cg_config_course_int(course, "items.min");
	int imax = cg_config_course_int(course, "items.max");
	const cJSON *mods = cJSON_GetObjectItemCaseSensitive(o, "modules"), *m,
	    *s;
	int n = 0, mi = 0, total = cg_outline_nsessions(o);
	size_t k;

	if (cJSON_GetArraySize(mods) != nmod) {
		cg_buf_printf(p, "there are %d modules; exactly %d are "
		    "required\n", cJSON_GetArraySize(mods), nmod);
		n++;
	}
	if (total != nses) {
		cg_buf_printf(p, "there are %d sessions in all; exactly %d are "
		    "required\n", total, nses);
		n++;
	}
	cJSON_ArrayForEach(m, mods) {
		int want = cg_outline_spread(nses, nmod, mi), si = 0;
		int have = cJSON_GetArraySize(
		    cJSON_GetObjectItemCaseSensitive(m, "sessions"));
		if (mi < nmod && have != want) {
			cg_buf_printf(p, "modules[%d] has %d sessions; it must "
			    "have exactly %d\n", mi, have, want);
			n++;
		}
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(m,
		    "sessions")) {
			for (k = 0; k < sizeof lists / sizeof *lists; k++) {
				int c = cJSON_GetArraySize(
				    cJSON_GetObjectItemCaseSensitive(s, lists[k]));
				if (c < imin || c > imax)
					cg_buf_printf(imp, "modules[%d].sessions"
					    "[%d]: \"%s\" has %d items; give "
					    "between %d and %d\n", mi, si,
					    lists[k], c, imin, imax);
			}
			si++;
		}
		mi++;
	}
	return n;
}

int
cg_outline_nsessions(const cJSON *o)
{
	const cJSON *m;
	int n = 0;

	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "modules"))
		n += cJSON_GetArraySize(
		    cJSON_GetObjectItemCaseSensitive(m, "sessions"));
	return n;
}

void
cg_outline_sid(int n, char buf[8])
{
	snprintf(buf, 8, "s%02d", n < 0 ? 0 : n > 99999 ? 99999 : n);
}

static void
mdlist(cg_buf *b, const char *head, const cJSON *a)
{
	const cJSON *it;

	if (!cJSON_GetArraySize(a))
		return;
	cg_buf_printf(b, "\n%s:\n\n", head);
	cJSON_ArrayForEach(it, a)
		if (cJSON_IsString(it))
			cg_buf_printf(b, "- %s\n", it->valuestring);
}

char *
cg_outline_markdown(const cJSON *o)
{
	cg_buf b = {0};
	const cJSON *m, *s;
	const char *d;

	cg_buf_printf(&b, "# %s\n", cg_json_gets(o, "course.name", "Course"));
	if ((d = cg_json_gets(o, "course.description", NULL)) && *d)
		cg_buf_printf(&b, "\n%s\n", d);
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "modules")) {
		cg_buf_printf(&b, "\n## Module %d: %s\n",
		    (int)cg_json_getn(m, "number", 0),
		    cg_json_gets(m, "title", ""));
		if ((d = cg_json_gets(m, "description", NULL)) && *d)
			cg_buf_printf(&b, "\n%s\n", d);
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(m,
		    "sessions")) {
			cg_buf_printf(&b, "\n### Session %d: %s\n",
			    (int)cg_json_getn(s, "number", 0),
			    cg_json_gets(s, "title", ""));
			mdlist(&b, "Subtopics", cg_json_at(s, "subtopics"));
			mdlist(&b, "Objectives", cg_json_at(s, "objectives"));
			mdlist(&b, "Key concepts", cg_json_at(s, "key_concepts"));
			if ((d = cg_json_gets(s, "rationale", NULL)) && *d)
				cg_buf_printf(&b, "\nRationale: %s\n", d);
		}
	}
	return cg_buf_take(&b);
}

/* ---- the outline in two steps: a skeleton, then each module ---- */

cJSON *
cg_outline_skeleton_schema(const cJSON *course)
{
	static const char *mreq[] = { "number", "title", "description" };
	static const char *rreq[] = { "modules" };
	int nmod = cg_config_course_int(course, "modules");
	cJSON *props = cJSON_CreateObject();

	cJSON_AddItemToObject(props, "modules", arrayof(closed(heading_props(1),
	    mreq, 3), nmod, nmod));
	return closed(props, rreq, 1);
}

cJSON *
cg_outline_module_schema(const cJSON *course, int k)
{
	static const char *rreq[] = { "sessions" };
	int nmod = cg_config_course_int(course, "modules");
	int nses = cg_config_course_int(course, "sessions");
	int n = cg_outline_spread(nses, nmod, k - 1);
	cJSON *props = cJSON_CreateObject();

	cJSON_AddItemToObject(props, "sessions", arrayof(session_schema(
	    cg_config_course_int(course, "items.min"),
	    cg_config_course_int(course, "items.max")), n, n));
	return closed(props, rreq, 1);
}

int
cg_outline_check_skeleton(const cJSON *sk, const cJSON *course, cg_buf *p)
{
	int nmod = cg_config_course_int(course, "modules"), n = 0, mi = 0;
	const cJSON *mods = cJSON_GetObjectItemCaseSensitive(sk, "modules"), *m;
	char path[64];

	if (!cJSON_IsArray(mods) || !cJSON_GetArraySize(mods)) {
		cg_buf_puts(p, "\"modules\" must be a non-empty array\n");
		return 1;
	}
	if (cJSON_GetArraySize(mods) != nmod) {
		cg_buf_printf(p, "there are %d modules; exactly %d are "
		    "required\n", cJSON_GetArraySize(mods), nmod);
		n++;
	}
	cJSON_ArrayForEach(m, mods) {
		snprintf(path, sizeof path, "modules[%d]", mi++);
		if (!cJSON_IsObject(m)) {
			cg_buf_printf(p, "%s: must be an object\n", path);
			n++;
			continue;
		}
		n += needstr(m, "title", path, p);
		n += needstr(m, "description", path, p);
	}
	return n;
}

int
cg_outline_check_module(const cJSON *part, const cJSON *course, int k,
    cg_buf *p, cg_buf *imp)
{
	int nmod = cg_config_course_int(course, "modules");
	int want = cg_outline_spread(cg_config_course_int(course,
	    "sessions"), nmod, k - 1), n;
	cJSON *o = cJSON_CreateObject(), *mods, *m, *c;

	/* checked as a one-module outline */
	mods = cJSON_AddArrayToObject(o, "modules");
	cJSON_AddItemToArray(mods, m = cJSON_CreateObject());
	cJSON_AddStringToObject(m, "title", "-");
	cJSON_AddStringToObject(m, "description", "-");
	cJSON_AddItemReferenceToObject(m, "sessions",
	    cJSON_GetObjectItemCaseSensitive((cJSON *)part, "sessions"));
	if (!(n = cg_outline_check(o, p))) {
		c = cJSON_CreateObject();
		cJSON_AddNumberToObject(c, "modules", 1);
		cJSON_AddNumberToObject(c, "sessions", want);
		cJSON_AddItemReferenceToObject(c, "items",
		    cJSON_GetObjectItemCaseSensitive((cJSON *)course, "items"));
		n = cg_outline_check_counts(o, c, p, imp);
		cJSON_Delete(c);
	}
	cJSON_Delete(o);
	return n;
}

int
cg_outline_md_edited(const char *path)
{
	const char *sl = strrchr(path, '/');
	char *sum = sl ? xasprintf("%.*s/.%s.sum", (int)(sl - path), path,
	    sl + 1) : xasprintf(".%s.sum", path);
	int r = access(sum, F_OK) == 0 && cg_guard_check(path);

	free(sum);
	return r;
}
