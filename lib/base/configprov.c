/* configprov.c — where each value of a resolved configuration came from
 * (configint.h): the sources of a resolution, newest last, each a file
 * with its position table, an environment variable, an override or
 * course.json; asked newest first, so a message can name
 * courses/x.yaml:7:12, the variable or the override, and cg-config -w
 * can say where a value was set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "configint.h"
#include "yaml.h"

void
cg_cfg_prov_free(struct cg_prov *p)
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

void
cg_cfg_prov_add(struct cg_prov *p, int type, const char *label,
    const char *cfgpath, cg_yaml_pos *pos)
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
where1(const struct cg_prov *p, const char *cfgpath, char *buf, size_t sz)
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
where2(const struct cg_prov *p, const char *cfgpath, char *buf, size_t sz)
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
const char *
cg_cfg_where(const struct cg_prov *p, const char *cfgpath, const char *name,
    char *buf, size_t sz)
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
	cg_cfg_prov_free(p);
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
const char *
cg_cfg_keyname(const char *cfgpath)
{
	return strncmp(cfgpath, "course.", 7) == 0 ? cfgpath + 7 : cfgpath;
}

/* Hand the provenance to the caller (or drop it). */
void
cg_cfg_prov_give(struct cg_prov *p, cJSON *cfg, cg_prov **out)
{
	if (!out) {
		cg_cfg_prov_free(p);
		return;
	}
	*out = xmalloc(sizeof **out);
	**out = *p;
	(*out)->cfg = cfg;
}

