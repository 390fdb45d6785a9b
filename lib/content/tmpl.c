/* tmpl.c — prompt templates: front matter (libyaml) + a tiny mustache.
 *
 * A template is tokenized into text slices and tags, parsed into a tree
 * (so every syntax error is found before anything is rendered, with its
 * line and column), then rendered against a cJSON context.  Rendering
 * cannot fail once parsing succeeded.  See tmpl.h for the syntax.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util.h"
#include "fsio.h"
#include "tmpl.h"

enum { T_TEXT, T_VAR, T_EACH, T_ENDEACH, T_IF, T_ELSE, T_ENDIF, T_COMMENT,
	T_ONE, T_ENDONE, T_EOF };

struct tok {
	int         kind;
	const char *s;		/* text slice, or the path of a tag */
	size_t      len;
	const char *at;		/* where the tag starts ("{{"), for messages */
};

struct node {
	int          kind;	/* T_TEXT, T_VAR, T_EACH, T_IF, T_ONE */
	const char  *s;		/* T_TEXT slice (into the template text) */
	size_t       len;
	char        *path;	/* T_VAR, T_EACH, T_IF, T_ONE */
	struct node *kids, *alt, *next;
};

struct parser {
	const char *text, *name;
	int         line0, col0;	/* position of text[0] in the file */
	struct tok *toks;
	size_t      ntoks, cap, i;
	int         depth;		/* #each nesting, for "." and "@n" */
	cg_err     *e;
	int         failed;
};

/* line:col (1-based; columns count UTF-8 characters) of at. */
static void
where(const struct parser *ps, const char *at, int *line, int *col)
{
	const char *p;
	int l = ps->line0, c = 1;

	for (p = ps->text; p < at && *p; p++) {
		if (*p == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)*p & 0xC0) != 0x80)
			c++;
	}
	*line = l;
	*col = c + ps->col0;
}

static int __attribute__((format(printf, 3, 4)))
perr(struct parser *ps, const char *at, const char *fmt, ...)
{
	char msg[800];
	va_list ap;
	int l, c;

	if (ps->failed)
		return -1;
	ps->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	where(ps, at, &l, &c);
	return cg_seterr(ps->e, EX_DATAERR, "%s:%d:%d: %s", ps->name, l, c, msg);
}

static void
push(struct parser *ps, int kind, const char *s, size_t len, const char *at)
{
	if (ps->ntoks == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 32;
		ps->toks = xrealloc(ps->toks, ps->cap * sizeof *ps->toks);
	}
	ps->toks[ps->ntoks++] = (struct tok){ kind, s, len, at };
}

/* A path: ".", "@n", or an optional leading "." then name segments
 * ([A-Za-z0-9_-]+) joined by single dots. */
static int
validpath(const char *s, size_t n)
{
	size_t i = 0, seg = 0;

	if (n == 1 && s[0] == '.')
		return 1;
	if (n == 2 && s[0] == '@' && s[1] == 'n')
		return 1;
	if (n > 0 && s[0] == '.')
		i = 1;
	if (i == n)
		return 0;
	for (; i < n; i++) {
		if (s[i] == '.') {
			if (seg == 0)
				return 0;
			seg = 0;
		} else if (isalnum((unsigned char)s[i]) || s[i] == '_' ||
		    s[i] == '-')
			seg++;
		else
			return 0;
	}
	return seg > 0;
}

/* Classify the inside of a tag (already trimmed).  Sets *path, *pn to the
 * path for path-bearing tags.  Returns the token kind or -1 (error set). */
static int
classify(struct parser *ps, const char *at, const char *s, size_t n,
    const char **path, size_t *pn)
{
	static const struct { const char *kw; int kind; } blk[] = {
		{ "#each", T_EACH }, { "#if", T_IF }, { "#one", T_ONE } };
	size_t i, k;

	*path = NULL;
	*pn = 0;
	if (n == 0)
		return perr(ps, at, "empty tag \"{{}}\"");
	if (s[0] == '!')
		return T_COMMENT;
	if (n == 5 && !memcmp(s, "/each", 5))
		return T_ENDEACH;
	if (n == 3 && !memcmp(s, "/if", 3))
		return T_ENDIF;
	if (n == 4 && !memcmp(s, "/one", 4))
		return T_ENDONE;
	if (n == 4 && !memcmp(s, "else", 4))
		return T_ELSE;
	for (i = 0; i < sizeof blk / sizeof blk[0]; i++) {
		k = strlen(blk[i].kw);
		if (n >= k && !memcmp(s, blk[i].kw, k) &&
		    (n == k || isspace((unsigned char)s[k]))) {
			const char *p = s + k;
			size_t m = n - k;
			while (m > 0 && isspace((unsigned char)*p))
				p++, m--;
			if (m == 0)
				return perr(ps, at, "\"{{%s}}\" needs a path, "
				    "as in {{%s a.b}}", blk[i].kw, blk[i].kw);
			if (!validpath(p, m))
				return perr(ps, at, "bad path \"%.*s\" in "
				    "\"{{%.*s}}\"", (int)m, p, (int)n, s);
			*path = p;
			*pn = m;
			return blk[i].kind;
		}
	}
	if (s[0] == '#' || s[0] == '/')
		return perr(ps, at, "unknown tag \"{{%.*s}}\"; blocks are "
		    "{{#each PATH}}...{{/each}}, {{#if PATH}}...{{else}}..."
		    "{{/if}} and {{#one PATH}}...{{else}}...{{/one}}", (int)n, s);
	if (!validpath(s, n))
		return perr(ps, at, "unknown tag \"{{%.*s}}\"; values are "
		    "written {{a.b.c}}, {{.}}, {{.name}} or {{@n}}", (int)n, s);
	*path = s;
	*pn = n;
	return T_VAR;
}

static int
tokenize(struct parser *ps)
{
	const char *p = ps->text, *q, *end, *s, *path, *ls, *r, *textend, *next;
	size_t n, pn;
	int kind;

	while (*p) {
		if (!(q = strstr(p, "{{"))) {
			push(ps, T_TEXT, p, strlen(p), p);
			break;
		}
		if (!(end = strstr(q + 2, "}}")))
			return perr(ps, q, "\"{{\" is never closed by \"}}\"");
		s = q + 2;
		n = (size_t)(end - s);
		while (n > 0 && isspace((unsigned char)*s))
			s++, n--;
		while (n > 0 && isspace((unsigned char)s[n - 1]))
			n--;
		if (n > 0 && s[0] != '!' && memchr(q, '\n', (size_t)(end - q)))
			return perr(ps, q, "tag \"{{\" not closed on its line");
		if ((kind = classify(ps, q, s, n, &path, &pn)) < 0)
			return -1;
		textend = q;
		next = end + 2;
		if (kind != T_VAR) {	/* a standalone line vanishes whole */
			for (ls = q; ls > p && (ls[-1] == ' ' || ls[-1] == '\t');)
				ls--;
			for (r = next; *r == ' ' || *r == '\t' || *r == '\r';)
				r++;
			if ((ls == ps->text || ls[-1] == '\n') &&
			    (*r == '\n' || *r == '\0')) {
				textend = ls;
				next = *r ? r + 1 : r;
			}
		}
		if (textend > p)
			push(ps, T_TEXT, p, (size_t)(textend - p), p);
		if (kind != T_COMMENT)
			push(ps, kind, path, pn, q);
		p = next;
	}
	push(ps, T_EOF, p, 0, p);
	return 0;
}

static void
freenodes(struct node *n)
{
	struct node *next;

	for (; n; n = next) {
		next = n->next;
		freenodes(n->kids);
		freenodes(n->alt);
		free(n->path);
		free(n);
	}
}

static const char *
tagname(int kind)
{
	switch (kind) {
	case T_EACH:    return "{{#each}}";
	case T_IF:      return "{{#if}}";
	case T_ENDEACH: return "{{/each}}";
	case T_ENDIF:   return "{{/if}}";
	case T_ONE:     return "{{#one}}";
	case T_ENDONE:  return "{{/one}}";
	case T_ELSE:    return "{{else}}";
	default:        return "end of template";
	}
}

/* The tag that closes a block opened by kind, and the block's name. */
static int
closer(int kind)
{
	return kind == T_EACH ? T_ENDEACH : kind == T_IF ? T_ENDIF : T_ENDONE;
}

static const char *
blockname(int kind)
{
	return kind == T_EACH ? "each" : kind == T_IF ? "if" : "one";
}

/* Parse tokens into a node list until a closing tag or EOF, which is left
 * as the current token; NULL list is fine (check ps->failed). */
static struct node *
parselist(struct parser *ps)
{
	struct node *head = NULL, **tail = &head, *n;
	struct tok *t, *open;
	int l, c, term;

	while (!ps->failed) {
		t = &ps->toks[ps->i];
		if (t->kind == T_EOF || t->kind == T_ENDEACH ||
		    t->kind == T_ENDIF || t->kind == T_ENDONE ||
		    t->kind == T_ELSE)
			break;
		ps->i++;
		n = xcalloc(1, sizeof *n);
		n->kind = t->kind;
		*tail = n;
		tail = &n->next;
		if (t->kind == T_TEXT) {
			n->s = t->s;
			n->len = t->len;
			continue;
		}
		n->path = xstrndup(t->s, t->len);
		if ((n->path[0] == '.' || n->path[0] == '@') && ps->depth == 0) {
			perr(ps, t->at, "\"%s\" outside {{#each}}", n->path);
			break;
		}
		if (t->kind == T_VAR)
			continue;
		open = t;
		where(ps, open->at, &l, &c);
		if (t->kind == T_EACH)
			ps->depth++;
		n->kids = parselist(ps);
		if (t->kind == T_EACH)
			ps->depth--;
		if (ps->failed)
			break;
		term = ps->toks[ps->i].kind;
		if (open->kind != T_EACH && term == T_ELSE) {
			ps->i++;
			n->alt = parselist(ps);
			if (ps->failed)
				break;
			term = ps->toks[ps->i].kind;
			if (term == T_ELSE) {
				perr(ps, ps->toks[ps->i].at, "second {{else}} in "
				    "{{#%s %s}} opened at %d:%d",
				    blockname(open->kind), n->path, l, c);
				break;
			}
		}
		if (term == closer(open->kind)) {
			ps->i++;
			continue;
		}
		if (term == T_EOF)
			perr(ps, open->at, "{{#%s %s}} is never closed by {{/%s}}",
			    blockname(open->kind), n->path,
			    blockname(open->kind));
		else
			perr(ps, ps->toks[ps->i].at, "%s inside {{#%s %s}} "
			    "opened at %d:%d", tagname(term),
			    blockname(open->kind), n->path, l, c);
	}
	return head;
}

/* Parse text into a tree; NULL + e on error (an empty template gives an
 * empty list: *ok distinguishes). */
static struct node *
parse(const char *text, const char *name, int line0, int col0, int *ok,
    cg_err *e)
{
	struct parser ps = { .text = text, .name = name, .line0 = line0,
	    .col0 = col0, .e = e };
	struct node *root = NULL;

	*ok = 0;
	if (tokenize(&ps) == 0) {
		root = parselist(&ps);
		if (!ps.failed && ps.toks[ps.i].kind == T_ELSE)
			perr(&ps, ps.toks[ps.i].at, "{{else}} outside {{#if}}");
		else if (!ps.failed && ps.toks[ps.i].kind != T_EOF)
			perr(&ps, ps.toks[ps.i].at, "%s without its opening tag",
			    tagname(ps.toks[ps.i].kind));
	}
	free(ps.toks);
	if (ps.failed) {
		freenodes(root);
		return NULL;
	}
	*ok = 1;
	return root;
}

/* Rendering. */

struct frame {
	const cJSON  *item;
	int           n;
	struct frame *up;
};

static const cJSON *
lookup(const cJSON *root, const struct frame *f, const char *path)
{
	const cJSON *v = root;
	const char *p = path, *dot;
	char seg[256];
	size_t n;

	if (*p == '.') {
		v = f ? f->item : NULL;
		p++;
	}
	while (*p && v) {
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof seg)
			return NULL;
		memcpy(seg, p, n);
		seg[n] = '\0';
		if (cJSON_IsArray(v) && strspn(seg, "0123456789") == n)
			v = cJSON_GetArrayItem(v, atoi(seg));
		else if (cJSON_IsObject(v))
			v = cJSON_GetObjectItemCaseSensitive(v, seg);
		else
			v = NULL;
		p += n + (dot != NULL);
	}
	return v;
}

static int
truthy(const cJSON *v)
{
	if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v))
		return 0;
	if (cJSON_IsTrue(v))
		return 1;
	if (cJSON_IsNumber(v))
		return v->valuedouble != 0;
	if (cJSON_IsString(v))
		return v->valuestring && *v->valuestring;
	return v->child != NULL;	/* array or object */
}

/* 1 when v is the number 1 or an array of exactly one element: what
 * {{#one}} tests, so that a count or a list reads in the singular. */
static int
isone(const cJSON *v)
{
	if (cJSON_IsNumber(v))
		return v->valuedouble == 1;
	if (cJSON_IsArray(v))
		return cJSON_GetArraySize(v) == 1;
	return 0;
}

static int
putscalar(cg_buf *b, const cJSON *v)
{
	double d;

	if (cJSON_IsString(v) && v->valuestring)
		cg_buf_puts(b, v->valuestring);
	else if (cJSON_IsNumber(v)) {
		d = v->valuedouble;
		if (d == floor(d) && fabs(d) < 1e15)
			cg_buf_printf(b, "%.0f", d);
		else
			cg_buf_printf(b, "%g", d);
	} else if (cJSON_IsBool(v))
		cg_buf_puts(b, cJSON_IsTrue(v) ? "true" : "false");
	else
		return 0;
	return 1;
}

static void
putvalue(cg_buf *b, const cJSON *v)
{
	const cJSON *x;
	const char *sep = "";

	if (!v)
		return;
	if (!cJSON_IsArray(v)) {
		putscalar(b, v);
		return;
	}
	cJSON_ArrayForEach(x, v) {
		if (!cJSON_IsString(x) && !cJSON_IsNumber(x) && !cJSON_IsBool(x))
			continue;
		cg_buf_puts(b, sep);
		putscalar(b, x);
		sep = ", ";
	}
}

static void
render(cg_buf *b, const struct node *n, const cJSON *root,
    const struct frame *f)
{
	const cJSON *v, *x;
	struct frame fr;
	int c;

	for (; n; n = n->next) {
		switch (n->kind) {
		case T_TEXT:
			cg_buf_add(b, n->s, n->len);
			break;
		case T_VAR:
			if (!strcmp(n->path, "@n"))
				cg_buf_printf(b, "%d", f ? f->n : 0);
			else
				putvalue(b, lookup(root, f, n->path));
			break;
		case T_IF:
			if (!strcmp(n->path, "@n"))
				c = f && f->n;
			else
				c = truthy(lookup(root, f, n->path));
			render(b, c ? n->kids : n->alt, root, f);
			break;
		case T_ONE:
			if (!strcmp(n->path, "@n"))
				c = f && f->n == 1;
			else
				c = isone(lookup(root, f, n->path));
			render(b, c ? n->kids : n->alt, root, f);
			break;
		case T_EACH:
			v = !strcmp(n->path, "@n") ? NULL : lookup(root, f, n->path);
			fr.up = (struct frame *)f;
			fr.n = 0;
			if (cJSON_IsArray(v)) {
				cJSON_ArrayForEach(x, v) {
					fr.item = x;
					fr.n++;
					render(b, n->kids, root, &fr);
				}
			} else if (truthy(v)) {
				fr.item = v;
				fr.n = 1;
				render(b, n->kids, root, &fr);
			}
			break;
		}
	}
}

static char *
render_at(const char *text, const cJSON *ctx, const char *name, int line0,
    int col0, cg_err *e)
{
	struct node *tree;
	cg_buf b = { 0 };
	int ok;

	tree = parse(text ? text : "", name ? name : "template", line0, col0,
	    &ok, e);
	if (!ok)
		return NULL;
	render(&b, tree, ctx, NULL);
	freenodes(tree);
	return cg_buf_take(&b);
}

char *
cg_tmpl_render(const char *text, const cJSON *ctx, const char *name,
    cg_err *e)
{
	return render_at(text, ctx, name, 1, 0, e);
}

/* Trim, make blank lines empty, squeeze runs of them to one.  In place. */
static char *
squeeze(char *s)
{
	char *r = s, *w = s, *eol;
	int blanks = 0, any = 0;
	size_t n, k;

	while (*r) {
		eol = strchr(r, '\n');
		n = eol ? (size_t)(eol - r) : strlen(r);
		for (k = 0; k < n && (r[k] == ' ' || r[k] == '\t' || r[k] == '\r');)
			k++;
		if (k == n) {
			blanks++;
		} else {
			if (any)
				*w++ = '\n';
			if (any && blanks)
				*w++ = '\n';
			memmove(w, r, n);
			w += n;
			any = 1;
			blanks = 0;
		}
		r += n + (eol != NULL);
	}
	*w = '\0';
	return s;
}

int
cg_tmpl_prompt(const struct cg_tmpl *t, const cJSON *ctx, char **sys,
    char **user, cg_err *e)
{
	char *sname;

	*sys = *user = NULL;
	sname = xasprintf("%s (system)", t->path ? t->path : "template");
	*sys = render_at(t->system, ctx, sname, 1, 0, e);
	free(sname);
	if (!*sys)
		return -1;
	*user = render_at(t->body, ctx, t->path, t->body_line > 0 ?
	    t->body_line : 1, 0, e);
	if (!*user) {
		free(*sys);
		*sys = NULL;
		return -1;
	}
	squeeze(*sys);
	squeeze(*user);
	return 0;
}

/* Loading. */

void
cg_tmpl_free(struct cg_tmpl *t)
{
	if (!t)
		return;
	free(t->path);
	free(t->system);
	free(t->body);
	cJSON_Delete(t->meta);
	memset(t, 0, sizeof *t);
}

static int
yerr(cg_err *e, const char *path, const yaml_mark_t *m, const char *what)
{
	return cg_seterr(e, EX_DATAERR, "%s:%zu:%zu: front matter: %s", path,
	    m->line + 1, m->column + 1, what);
}

/* Parse the front matter (a flat mapping of strings) into t->meta.  The
 * system value's position goes to *sline, *scol (0 when unknown). */
static int
frontmatter(struct cg_tmpl *t, const char *yml, size_t len, int *sline,
    int *scol, cg_err *e)
{
	yaml_parser_t yp;
	yaml_event_t ev;
	char *key = NULL, msg[300];
	int state = 0, rc = -1, done = 0;

	*sline = *scol = 0;
	t->meta = cJSON_CreateObject();
	yaml_parser_initialize(&yp);
	yaml_parser_set_input_string(&yp, (const unsigned char *)yml, len);
	while (!done) {
		if (!yaml_parser_parse(&yp, &ev)) {
			snprintf(msg, sizeof msg, "%s%s%s", yp.problem ?
			    yp.problem : "invalid YAML", yp.context ? " " : "",
			    yp.context ? yp.context : "");
			yerr(e, t->path, &yp.problem_mark, msg);
			goto out;
		}
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_MAPPING_START_EVENT:
			if (state != 0) {
				yerr(e, t->path, &ev.start_mark, "values must "
				    "be strings, not mappings");
				goto bad;
			}
			state = 1;
			break;
		case YAML_MAPPING_END_EVENT:
			state = 2;
			break;
		case YAML_SCALAR_EVENT:
			if (state == 0 && ev.data.scalar.length == 0)
				break;	/* an empty document */
			if (state != 1) {
				yerr(e, t->path, &ev.start_mark, "expected "
				    "\"key: value\" lines");
				goto bad;
			}
			if (!key) {
				key = xstrdup((char *)ev.data.scalar.value);
				if (cJSON_GetObjectItemCaseSensitive(t->meta, key)) {
					snprintf(msg, sizeof msg, "duplicate "
					    "key \"%.200s\"", key);
					yerr(e, t->path, &ev.start_mark, msg);
					goto bad;
				}
				break;
			}
			cJSON_AddStringToObject(t->meta, key,
			    (char *)ev.data.scalar.value);
			if (!strcmp(key, "system")) {
				int lit = ev.data.scalar.style ==
				    YAML_LITERAL_SCALAR_STYLE;
				*sline = lit ? (int)ev.start_mark.line + 2 : 0;
				*scol = lit ? -1 : 0;
			}
			free(key);
			key = NULL;
			break;
		default:
			snprintf(msg, sizeof msg, "the value of \"%.200s\" must "
			    "be a string", key ? key : "?");
			yerr(e, t->path, &ev.start_mark, msg);
			goto bad;
		}
		yaml_event_delete(&ev);
	}
	rc = 0;
	goto out;
bad:
	yaml_event_delete(&ev);
out:
	free(key);
	yaml_parser_delete(&yp);
	return rc;
}

static int
validkind(const char *k)
{
	if (!*k)
		return 0;
	for (; *k; k++)
		if (!isalnum((unsigned char)*k) && *k != '_' && *k != '-')
			return 0;
	return 1;
}

/* Column offset of a literal block: indentation of line n (1-based). */
static int
indentof(const char *text, int n)
{
	const char *p = text;
	int l = 1, c = 0;

	while (*p && l < n)
		if (*p++ == '\n')
			l++;
	while (p[c] == ' ')
		c++;
	return c;
}

int
cg_tmpl_load(const char *kind, struct cg_tmpl *t, cg_err *e)
{
	const char *dir = getenv("CG_PROMPTS"), *p, *fmend = NULL, *body = NULL;
	const cJSON *sys;
	struct node *tree;
	char *text, *rel, *sname;
	int line = 1, sline, scol, ok;

	memset(t, 0, sizeof *t);
	if (!kind || !validkind(kind))
		return cg_seterr(e, EX_USAGE, "bad prompt kind \"%s\"; use a "
		    "name such as lecture or open_questions", kind ? kind : "");
	if (dir && *dir)
		t->path = xasprintf("%s/%s.md", dir, kind);
	else {
		rel = xasprintf("prompts/%s.md", kind);
		t->path = cg_datafile(rel);
		free(rel);
		if (!t->path) {
			cg_seterr(e, EX_NOINPUT, "prompts/%s.md: no such prompt "
			    "template (looked in $CG_ROOT, ., and %s); set "
			    "CG_ROOT or CG_PROMPTS", kind, CG_DATADIR);
			cg_tmpl_free(t);
			return -1;
		}
	}
	if (!(text = cg_read_file(t->path, NULL, e))) {
		cg_tmpl_free(t);
		return -1;
	}
	/* "---" line, yaml, "---" line, body. */
	if (strncmp(text, "---", 3) || (text[3] != '\n' && text[3] != '\r' &&
	    text[3] != ' ')) {
		cg_seterr(e, EX_DATAERR, "%s:1:1: expected front matter: a "
		    "\"---\" line, \"system: ...\", and a closing \"---\" line",
		    t->path);
		goto fail;
	}
	for (p = strchr(text, '\n'); p; p = strchr(p, '\n')) {
		p++;
		line++;
		if (!strncmp(p, "---", 3)) {
			const char *r = p + 3;
			while (*r == ' ' || *r == '\t' || *r == '\r')
				r++;
			if (*r == '\n' || *r == '\0') {
				fmend = p;
				body = *r ? r + 1 : r;
				break;
			}
		}
	}
	if (!fmend) {
		cg_seterr(e, EX_DATAERR, "%s:1:1: front matter is never closed "
		    "by a \"---\" line", t->path);
		goto fail;
	}
	if (frontmatter(t, text, (size_t)(fmend - text), &sline, &scol, e) < 0)
		goto fail;
	sys = cJSON_GetObjectItemCaseSensitive(t->meta, "system");
	if (!cJSON_IsString(sys)) {
		cg_seterr(e, EX_DATAERR, "%s:1:1: front matter has no \"system:\""
		    " key (the system prompt)", t->path);
		goto fail;
	}
	t->system = xstrdup(sys->valuestring);
	t->body = xstrdup(body);
	t->body_line = line + 1;
	/* Check both parts now, with positions in the file. */
	if (sline > 0) {
		scol = indentof(text, sline);
		tree = parse(t->system, t->path, sline, scol, &ok, e);
	} else {
		sname = xasprintf("%s (system)", t->path);
		tree = parse(t->system, sname, 1, 0, &ok, e);
		free(sname);
	}
	freenodes(tree);
	if (!ok)
		goto fail;
	tree = parse(t->body, t->path, t->body_line, 0, &ok, e);
	freenodes(tree);
	if (!ok)
		goto fail;
	free(text);
	return 0;
fail:
	free(text);
	cg_tmpl_free(t);
	return -1;
}
