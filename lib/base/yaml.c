/* yaml.c — libyaml events -> cJSON, with a side table of positions.
 *
 * A recursive descent over libyaml's event stream: one function builds a
 * node from its first event.  Positions are libyaml's 0-based marks plus
 * one, kept in a table hashed by JSON path.  Alias expansion copies the
 * anchored subtree; the total node count is capped so a "billion laughs"
 * document fails instead of eating memory.  What a configuration file
 * never needs is refused rather than quietly changed: tags other than the
 * core schema's (!!binary, !!set, !custom), lists or mappings of more
 * than MAXITEMS entries, a NUL character in a string or key (cJSON would
 * cut it there) and numbers out of a double's range (1e999).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>		/* libyaml; ours is "yaml.h" (-iquote lib) */

#include "fsio.h"
#include "yaml.h"

#define MAXDEPTH 64
#define MAXNODES 200000
#define MAXITEMS 1000		/* entries of one list or mapping */
#define CORE "tag:yaml.org,2002:"
#include <stdarg.h>

struct pos_ent {
	char *path;
	int   kl, kc, vl, vc;	/* key and value, 1-based; 0 = none */
};

struct cg_yaml_pos {
	char           *name;
	struct pos_ent *v;
	size_t          n, cap;
	size_t         *idx;	/* open addressing: entry + 1, 0 = empty */
	size_t          icap;	/* a power of two, > 2 n */
};

struct anchor {
	char  *name;
	cJSON *node;		/* owned by the tree being built */
};

struct ctx {
	yaml_parser_t  p;
	const char    *name;
	const char    *text;
	size_t         len;
	cg_yaml_pos   *pos;
	struct anchor *anch;
	size_t         nanch;
	long           nodes;
	cg_err        *e;
};

static cJSON *node(struct ctx *c, yaml_event_t *ev, const char *path,
	    int depth);

/* ---- the side table ---- */

static size_t
hash(const char *s)
{
	size_t h = 14695981039346656037u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

/* The slot of path in t->idx: its entry's, or the empty one to use. */
static size_t *
pos_slot(const cg_yaml_pos *t, const char *path)
{
	size_t i = hash(path) & (t->icap - 1);

	while (t->idx[i] && strcmp(t->v[t->idx[i] - 1].path, path) != 0)
		i = (i + 1) & (t->icap - 1);
	return &t->idx[i];
}

static struct pos_ent *
pos_find(const cg_yaml_pos *t, const char *path)
{
	size_t *sl;

	if (!t || !t->icap)
		return NULL;
	sl = pos_slot(t, path);
	return *sl ? &t->v[*sl - 1] : NULL;
}

static struct pos_ent *
pos_get(cg_yaml_pos *t, const char *path)
{
	struct pos_ent *p = pos_find(t, path);
	size_t i;

	if (p)
		return p;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	if (2 * (t->n + 1) >= t->icap) {	/* grow and rehash */
		free(t->idx);
		t->icap = t->icap ? 2 * t->icap : 64;
		t->idx = xcalloc(t->icap, sizeof *t->idx);
		for (i = 0; i < t->n; i++)
			*pos_slot(t, t->v[i].path) = i + 1;
	}
	p = &t->v[t->n++];
	memset(p, 0, sizeof *p);
	p->path = xstrdup(path);
	*pos_slot(t, path) = t->n;
	return p;
}

int
cg_yaml_where(const cg_yaml_pos *pos, const char *path, int key, int *line,
    int *col)
{
	const struct pos_ent *p = pos_find(pos, path ? path : "");
	int l, c;

	if (!p)
		return -1;
	l = key ? p->kl : p->vl;
	c = key ? p->kc : p->vc;
	if (!l) {		/* fall back to whichever we have */
		l = key ? p->vl : p->kl;
		c = key ? p->vc : p->kc;
	}
	if (!l)
		return -1;
	if (line)
		*line = l;
	if (col)
		*col = c;
	return 0;
}

const char *
cg_yaml_name(const cg_yaml_pos *pos)
{
	return pos ? pos->name : NULL;
}

void
cg_yaml_pos_free(cg_yaml_pos *pos)
{
	size_t i;

	if (!pos)
		return;
	for (i = 0; i < pos->n; i++)
		free(pos->v[i].path);
	free(pos->v);
	free(pos->idx);
	free(pos->name);
	free(pos);
}

/* ---- scalars ---- */

static int
isint(const char *s, int *base)
{
	const char *p = s;

	*base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o') && p[2]) {
		*base = p[1] == 'x' ? 16 : 8;
		for (p += 2; *p; p++)
			if (*base == 16 ? !isxdigit((unsigned char)*p) :
			    (*p < '0' || *p > '7'))
				return 0;
		return 1;
	}
	if (*p == '+' || *p == '-')
		p++;
	if (!*p)
		return 0;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return 1;
}

static int
isfloat(const char *s)
{
	const char *p = s;
	int digits = 0;

	if (*p == '+' || *p == '-')
		p++;
	for (; isdigit((unsigned char)*p); p++)
		digits++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits++;
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return *p == '\0';
}

cJSON *
cg_yaml_scalar(const char *s)
{
	static const char *nulls[] = { "", "~", "null", "Null", "NULL" };
	static const char *trues[] = { "true", "True", "TRUE" };
	static const char *falses[] = { "false", "False", "FALSE" };
	size_t i;
	int base;
	double d;
	char *end;

	for (i = 0; i < sizeof nulls / sizeof *nulls; i++)
		if (strcmp(s, nulls[i]) == 0)
			return cJSON_CreateNull();
	for (i = 0; i < 3; i++) {
		if (strcmp(s, trues[i]) == 0)
			return cJSON_CreateTrue();
		if (strcmp(s, falses[i]) == 0)
			return cJSON_CreateFalse();
	}
	errno = 0;
	if (isint(s, &base)) {
		long long v = strtoll(base == 10 ? s : s + 2, &end, base);
		if (errno == 0 && *end == '\0')
			return cJSON_CreateNumber((double)v);
	}
	errno = 0;
	if (isfloat(s)) {
		d = strtod(s, &end);
		if (errno == 0 && *end == '\0')
			return cJSON_CreateNumber(d);
	}
	return cJSON_CreateString(s);
}

/* ---- the parser ---- */

static int
perr(struct ctx *c, const yaml_mark_t *m, const char *fmt, const char *arg)
{
	char what[512];

	snprintf(what, sizeof what, fmt, arg ? arg : "");
	cg_seterr(c->e, EX_DATAERR, "%s:%lu:%lu: %s", c->name,
	    (unsigned long)m->line + 1, (unsigned long)m->column + 1, what);
	return -1;
}

/* "NAME:LINE:COL: PATH: what" (no "PATH: " at the root). */
static int
perrk(struct ctx *c, const yaml_mark_t *m, const char *path,
    const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	cg_seterr(c->e, EX_DATAERR, "%s:%lu:%lu: %s%s%s", c->name,
	    (unsigned long)m->line + 1, (unsigned long)m->column + 1,
	    path && *path ? path : "", path && *path ? ": " : "", what);
	return -1;
}

/* Refuse a tag other than the core schema's ("!" and "!!str", and for
 * collections "!!seq" / "!!map", "!!int" and the like for scalars). */
static int
badtag(struct ctx *c, const yaml_mark_t *m, const char *path,
    const yaml_char_t *t, yaml_event_type_t type)
{
	static const char *const scal[] = { "str", "int", "float", "bool",
	    "null" };
	const char *tag = (const char *)t;
	size_t i;

	if (!tag || !strcmp(tag, "!"))
		return 0;
	if (!strncmp(tag, CORE, sizeof CORE - 1)) {
		const char *k = tag + sizeof CORE - 1;
		if (type == YAML_SEQUENCE_START_EVENT && !strcmp(k, "seq"))
			return 0;
		if (type == YAML_MAPPING_START_EVENT && !strcmp(k, "map"))
			return 0;
		for (i = 0; type == YAML_SCALAR_EVENT && i < 5; i++)
			if (!strcmp(k, scal[i]))
				return 0;
		return perrk(c, m, path, "tag !!%.100s is not supported; "
		    "remove it (settings are plain YAML values)", k);
	}
	return perrk(c, m, path, "tag %.100s is not supported; remove it "
	    "(settings are plain YAML values)", tag);
}

/* Refuse a scalar with a NUL character in it. */
static int
hasnul(struct ctx *c, const yaml_event_t *ev, const char *path,
    const char *what)
{
	if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length) == NULL)
		return 0;
	return perrk(c, &ev->start_mark, path, "%s contains a NUL character "
	    "(\\0 or \\u0000); remove it", what);
}

/* libyaml's own complaint, reworded where it is cryptic. */
static void
syntax_err(struct ctx *c)
{
	yaml_parser_t *p = &c->p;
	const yaml_mark_t *m = &p->problem_mark;
	const char *prob = p->problem ? p->problem : "syntax error";
	size_t i = m->index;
	int tab = 0;

	/* A tab in the indentation, or right where libyaml stopped. */
	if (i < c->len && c->text[i] == '\t')
		tab = 1;
	else if (strstr(prob, "tab"))
		tab = 1;
	if (tab) {
		cg_seterr(c->e, EX_DATAERR, "%s:%lu:%lu: tab character in "
		    "indentation; YAML indents with spaces only", c->name,
		    (unsigned long)m->line + 1, (unsigned long)m->column + 1);
		return;
	}
	if (p->context)
		cg_seterr(c->e, EX_DATAERR, "%s:%lu:%lu: %s (%s at line %lu); "
		    "check the indentation and quoting", c->name,
		    (unsigned long)m->line + 1, (unsigned long)m->column + 1,
		    prob, p->context, (unsigned long)p->context_mark.line + 1);
	else
		cg_seterr(c->e, EX_DATAERR, "%s:%lu:%lu: %s; check the "
		    "indentation and quoting", c->name,
		    (unsigned long)m->line + 1, (unsigned long)m->column + 1,
		    prob);
}

static int
next(struct ctx *c, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&c->p, ev)) {
		syntax_err(c);
		return -1;
	}
	return 0;
}

static long
count(const cJSON *j)
{
	long n = 1;

	for (j = j->child; j; j = j->next)
		n += count(j);
	return n;
}

static void
set_anchor(struct ctx *c, const yaml_char_t *name, cJSON *n)
{
	if (!name)
		return;
	c->anch = xrealloc(c->anch, (c->nanch + 1) * sizeof *c->anch);
	c->anch[c->nanch].name = xstrdup((const char *)name);
	c->anch[c->nanch].node = n;
	c->nanch++;
}

static cJSON *
alias(struct ctx *c, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	size_t i;
	cJSON *copy;

	for (i = c->nanch; i-- > 0;)
		if (strcmp(c->anch[i].name, name) == 0)
			break;
	if (i == (size_t)-1) {
		perr(c, &ev->start_mark, "unknown alias *%s; define the "
		    "anchor (&NAME) before using it", name);
		return NULL;
	}
	copy = cJSON_Duplicate(c->anch[i].node, 1);
	c->nodes += count(copy);
	if (c->nodes > MAXNODES) {
		cJSON_Delete(copy);
		perr(c, &ev->start_mark, "alias *%s expands to too many "
		    "nodes", name);
		return NULL;
	}
	return copy;
}

static cJSON *
scalar(struct ctx *c, yaml_event_t *ev, const char *path)
{
	const char *v = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	cJSON *n;

	c->nodes++;
	if (badtag(c, &ev->start_mark, path, ev->data.scalar.tag,
	    YAML_SCALAR_EVENT) < 0 || hasnul(c, ev, path, "the value") < 0)
		return NULL;
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	    (tag && (strcmp(tag, YAML_STR_TAG) == 0 || strcmp(tag, "!") == 0)))
		return cJSON_CreateString(v);
	if (isfloat(v)) {	/* 1e999, 1e-999: no double holds them */
		char *end;
		double d;
		errno = 0;
		d = strtod(v, &end);
		if (errno == ERANGE || !isfinite(d)) {
			perrk(c, &ev->start_mark, path, "the number %.60s is "
			    "out of range; give a number between -1e308 and "
			    "1e308 (or quote it to make it text)", v);
			return NULL;
		}
	}
	n = cg_yaml_scalar(v);
	return n;
}

static char *
childpath(const char *path, const char *key, long idx)
{
	if (key)
		return *path ? xasprintf("%s.%s", path, key) : xstrdup(key);
	return xasprintf("%s[%ld]", path, idx);
}

static cJSON *
mapping(struct ctx *c, const char *path, int depth)
{
	cJSON *obj = cJSON_CreateObject(), *val;
	yaml_event_t kev, vev;
	struct pos_ent *pe;
	char *key, *cp;
	int nkeys = 0;

	for (;;) {
		if (next(c, &kev) < 0)
			goto fail;
		if (kev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&kev);
			return obj;
		}
		if (kev.type != YAML_SCALAR_EVENT) {
			perr(c, &kev.start_mark, "a key must be a plain "
			    "scalar, not a %s", kev.type == YAML_ALIAS_EVENT ?
			    "alias" : "list or mapping");
			yaml_event_delete(&kev);
			goto fail;
		}
		key = (char *)kev.data.scalar.value;
		cp = childpath(path, key, 0);
		if (hasnul(c, &kev, path, "a key") < 0 ||
		    badtag(c, &kev.start_mark, cp, kev.data.scalar.tag,
		    YAML_SCALAR_EVENT) < 0) {
			free(cp);
			yaml_event_delete(&kev);
			goto fail;
		}
		if (++nkeys > MAXITEMS) {
			perrk(c, &kev.start_mark, path, "a mapping of more than "
			    "%d keys; split it up or shorten it", MAXITEMS);
			free(cp);
			yaml_event_delete(&kev);
			goto fail;
		}
		if (cJSON_GetObjectItemCaseSensitive(obj, key)) {
			pe = pos_find(c->pos, cp);
			cg_seterr(c->e, EX_DATAERR, "%s:%lu:%lu: duplicate key "
			    "\"%.200s\" (first at line %d); remove one of them",
			    c->name, (unsigned long)kev.start_mark.line + 1,
			    (unsigned long)kev.start_mark.column + 1, key,
			    pe ? pe->kl : 0);
			free(cp);
			yaml_event_delete(&kev);
			goto fail;
		}
		pe = pos_get(c->pos, cp);
		pe->kl = (int)kev.start_mark.line + 1;
		pe->kc = (int)kev.start_mark.column + 1;
		if (next(c, &vev) < 0) {
			free(cp);
			yaml_event_delete(&kev);
			goto fail;
		}
		val = node(c, &vev, cp, depth + 1);
		free(cp);
		if (!val) {
			yaml_event_delete(&kev);
			goto fail;
		}
		cJSON_AddItemToObject(obj, key, val);
		yaml_event_delete(&kev);
	}
fail:
	cJSON_Delete(obj);
	return NULL;
}

static cJSON *
sequence(struct ctx *c, const char *path, int depth)
{
	cJSON *arr = cJSON_CreateArray(), *val;
	yaml_event_t ev;
	long i;
	char *cp;

	for (i = 0;; i++) {
		if (next(c, &ev) < 0)
			goto fail;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return arr;
		}
		if (i >= MAXITEMS) {
			perrk(c, &ev.start_mark, path, "a list of more than %d "
			    "items; shorten it", MAXITEMS);
			yaml_event_delete(&ev);
			goto fail;
		}
		cp = childpath(path, NULL, i);
		val = node(c, &ev, cp, depth + 1);
		free(cp);
		if (!val)
			goto fail;
		cJSON_AddItemToArray(arr, val);
	}
fail:
	cJSON_Delete(arr);
	return NULL;
}

/* Build the node whose first event is ev (consumed).  NULL on error. */
static cJSON *
node(struct ctx *c, yaml_event_t *ev, const char *path, int depth)
{
	struct pos_ent *pe = pos_get(c->pos, path);
	const yaml_char_t *anchor = NULL;
	cJSON *n = NULL;

	pe->vl = (int)ev->start_mark.line + 1;
	pe->vc = (int)ev->start_mark.column + 1;
	if (depth > MAXDEPTH) {
		perr(c, &ev->start_mark, "nested more than %s levels deep",
		    "64");
		yaml_event_delete(ev);
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = scalar(c, ev, path);
		anchor = ev->data.scalar.anchor;
		break;
	case YAML_ALIAS_EVENT:
		n = alias(c, ev);
		break;
	case YAML_MAPPING_START_EVENT:
		c->nodes++;
		if (badtag(c, &ev->start_mark, path,
		    ev->data.mapping_start.tag, ev->type) < 0)
			break;
		n = mapping(c, path, depth);
		anchor = ev->data.mapping_start.anchor;
		break;
	case YAML_SEQUENCE_START_EVENT:
		c->nodes++;
		if (badtag(c, &ev->start_mark, path,
		    ev->data.sequence_start.tag, ev->type) < 0)
			break;
		n = sequence(c, path, depth);
		anchor = ev->data.sequence_start.anchor;
		break;
	default:
		perr(c, &ev->start_mark, "unexpected %s", "event");
		break;
	}
	if (n && c->nodes > MAXNODES) {
		perr(c, &ev->start_mark, "document has more than %s nodes",
		    "200000");
		cJSON_Delete(n);
		n = NULL;
	}
	if (n)
		set_anchor(c, anchor, n);
	yaml_event_delete(ev);
	return n;
}

static cJSON *
document(struct ctx *c)
{
	yaml_event_t ev;
	cJSON *root;

	if (next(c, &ev) < 0)
		return NULL;
	if (ev.type != YAML_STREAM_START_EVENT) {
		yaml_event_delete(&ev);
		cg_seterr(c->e, EX_DATAERR, "%s: not a YAML stream", c->name);
		return NULL;
	}
	yaml_event_delete(&ev);
	if (next(c, &ev) < 0)
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		cg_seterr(c->e, EX_DATAERR, "%s: file is empty; expected "
		    "settings as \"key: value\" lines", c->name);
		return NULL;
	}
	yaml_event_delete(&ev);		/* DOCUMENT_START */
	if (next(c, &ev) < 0)
		return NULL;
	if (!(root = node(c, &ev, "", 0)))
		return NULL;
	if (next(c, &ev) < 0)		/* DOCUMENT_END */
		goto fail;
	yaml_event_delete(&ev);
	if (next(c, &ev) < 0)
		goto fail;
	if (ev.type != YAML_STREAM_END_EVENT) {
		perr(c, &ev.start_mark, "a second document%s; put everything "
		    "in one document (remove the \"---\" line)", "");
		yaml_event_delete(&ev);
		goto fail;
	}
	yaml_event_delete(&ev);
	if (cJSON_IsNull(root)) {
		cg_seterr(c->e, EX_DATAERR, "%s: document is empty; expected "
		    "settings as \"key: value\" lines", c->name);
		goto fail;
	}
	return root;
fail:
	cJSON_Delete(root);
	return NULL;
}

cJSON *
cg_yaml_parse(const char *text, size_t len, const char *name,
    cg_yaml_pos **pos, cg_err *e)
{
	struct ctx c;
	cJSON *root;
	size_t i;

	memset(&c, 0, sizeof c);
	c.name = name ? name : "<yaml>";
	c.text = text;
	c.len = len;
	c.e = e;
	c.pos = xcalloc(1, sizeof *c.pos);
	c.pos->name = xstrdup(c.name);
	if (!yaml_parser_initialize(&c.p)) {
		cg_seterr(e, EX_SOFTWARE, "%s: cannot initialise the YAML "
		    "parser", c.name);
		cg_yaml_pos_free(c.pos);
		return NULL;
	}
	yaml_parser_set_input_string(&c.p, (const unsigned char *)text, len);
	root = document(&c);
	yaml_parser_delete(&c.p);
	for (i = 0; i < c.nanch; i++)
		free(c.anch[i].name);
	free(c.anch);
	if (root && pos)
		*pos = c.pos;
	else
		cg_yaml_pos_free(c.pos);
	return root;
}

cJSON *
cg_yaml_load(const char *path, cg_yaml_pos **pos, cg_err *e)
{
	size_t len;
	char *text;
	cJSON *root;

	if (!(text = cg_read_file(path, &len, e)))
		return NULL;
	root = cg_yaml_parse(text, len, path, pos, e);
	free(text);
	return root;
}
