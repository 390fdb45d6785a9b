/* course.c — loading a course (or one questions.json) for export, the
 * quiz shape check, and the table of formats (see export.h).
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "export.h"
#include "site.h"
#include "fsio.h"
#include "json.h"

const struct cg_export_part cg_export_parts[CG_EXPORT_NPARTS] = {
	{ "lecture", "Lecture", "lecture.md" },
	{ "lab", "Lab", "lab.md" },
	{ "notes", "Study notes", "notes.md" },
	{ "applications", "Applications", "application.md" },
	{ "extensions", "Extensions", "extension.md" },
	{ "integration", "Integration", "integration.md" },
	{ "investigations", "Investigations", "investigation.md" },
	{ "open-questions", "Open questions", "open-questions.md" },
};

const struct cg_export_format cg_export_formats[] = {
	{ "gift", "questions.gift.txt", cg_export_gift, 1, 0 },
	{ "moodle-xml", "questions.moodle.xml", cg_export_moodle, 1, 0 },
	{ "qti", "questions.qti.zip", cg_export_qti, 1, 1 },
	{ "cc", "course.imscc", cg_export_cc, 0, 1 },
	{ "anki", "cards.anki.txt", cg_export_anki, 1, 0 },
	{ "epub", "course.epub", cg_export_epub, 0, 1 },
	{ "html", "course.html", cg_export_html, 0, 0 },
	{ NULL, NULL, NULL, 0, 0 },
};

const struct cg_export_format *
cg_export_find(const char *name)
{
	const struct cg_export_format *f;

	for (f = cg_export_formats; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

const char *
cg_export_str(const cJSON *o, const char *key, const char *def)
{
	const cJSON *j = cJSON_IsObject(o) ?
	    cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
	return cJSON_IsString(j) && j->valuestring ? j->valuestring : def;
}

const cJSON *
cg_export_group(const cJSON *q, int k)
{
	static const char *key[] = { "multiple_choice", "short_answer", "essay" };
	static cJSON empty = { .type = cJSON_Array };
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(q, key[k]);

	return cJSON_IsArray(a) ? a : &empty;
}

void
cg_export_qname(char *buf, size_t n, const cg_export_sess *x, int kind, int i)
{
	static const char *tag[] = { "mc", "sa", "es" };

	snprintf(buf, n, "%s-%s%d", x->id, tag[kind], i + 1);
}

int
cg_export_quizzes(const cg_export_course *c, cg_err *e)
{
	int i, n = 0;

	for (i = 0; i < c->nsess; i++)
		n += c->sess[i].quiz != NULL;
	if (n == 0)
		return cg_seterr(e, EX_NOINPUT, "no session has a "
		    "questions.json; generate the quizzes first (make course)");
	return n;
}

int
cg_export_check_quiz(const cJSON *q, const char *name, cg_err *e)
{
	static const char *need[3][3] = {
		{ "question", "explanation", NULL },
		{ "question", "answer", NULL },
		{ "question", "guidance", NULL },
	};
	static const char *key[] = { "multiple_choice", "short_answer", "essay" };
	const cJSON *a, *it, *o;
	int k, i, j, n;
	char path[96];

	if (!cJSON_IsObject(q))
		return cg_seterr(e, EX_DATAERR, "%s: not a questions object; "
		    "regenerate it (make sNN-questions)", name);
	for (k = 0; k < 3; k++) {
		a = cJSON_GetObjectItemCaseSensitive(q, key[k]);
		if (!a)
			continue;
		if (!cJSON_IsArray(a))
			return cg_seterr(e, EX_DATAERR, "%s: \"%s\" must be an array",
			    name, key[k]);
		i = 0;
		cJSON_ArrayForEach(it, a) {
			snprintf(path, sizeof path, "%s[%d]", key[k], i);
			for (j = 0; need[k][j]; j++)
				if (k == 0 && j == 1 && !cJSON_GetObjectItemCaseSensitive(it, "explanation"))
					continue;	/* an explanation is optional */
				else if (!cg_json_str(it, need[k][j], name, path, e))
					return -1;
			if (k == 0) {
				const char *ans;
				if (!(o = cg_json_arr(it, "options", name, path, e)) ||
				    !(ans = cg_json_str(it, "answer", name, path, e)))
					return -1;
				n = cJSON_GetArraySize(o);
				if (n < 2 || n > 26)
					return cg_seterr(e, EX_DATAERR, "%s: %s.options: %d options; "
					    "2 to 26 are needed", name, path, n);
				for (j = 0; j < n; j++)
					if (!cJSON_IsString(cJSON_GetArrayItem(o, j)))
						return cg_seterr(e, EX_DATAERR, "%s: %s.options[%d] "
						    "must be a string", name, path, j);
				if (strlen(ans) != 1 || ans[0] < 'A' || ans[0] >= 'A' + n)
					return cg_seterr(e, EX_DATAERR, "%s: %s.answer: \"%s\" is "
					    "not one of A-%c", name, path, ans, 'A' + n - 1);
			}
			i++;
		}
	}
	return 0;
}

static void
cwarn(const cg_export_course *c, const char *fmt, ...)
{
	va_list ap;
	cg_buf b = {0};

	if (!c->warnfn)
		return;
	va_start(ap, fmt);
	cg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	c->warnfn(b.s);
	cg_buf_free(&b);
}

static void
newest(cg_export_course *c, const char *path)
{
	struct stat sb;

	if (stat(path, &sb) == 0 && sb.st_mtime > c->mtime)
		c->mtime = sb.st_mtime;
}

/* A content file of session x, or NULL when missing (its name added to
 * miss) or unreadable (*err = 1, e set). */
static char *
content(cg_export_course *c, const char *out, cg_export_sess *x,
    const char *file, size_t *len, int *err, cg_buf *miss, cg_err *e)
{
	char *p = xasprintf("%s/%s/%s", out, x->id, file);
	char *t = cg_read_file(p, len, e);

	if (t)
		newest(c, p);
	else if (e->code == EX_NOINPUT)
		cg_buf_printf(miss, " %s", file);
	else
		*err = 1;
	free(p);
	return t;
}

static int
load_quizdoc(cg_export_sess *x, const char *text, size_t len,
    const char *name, cg_err *e)
{
	if (!(x->quiz = cg_json_parse(text, len, name, e)))
		return -1;
	if (cg_export_check_quiz(x->quiz, name, e) < 0) {
		cJSON_Delete(x->quiz);
		x->quiz = NULL;
		return -1;
	}
	return 0;
}

static int
load_session(cg_export_course *c, const char *out, cg_export_sess *x, cg_err *e)
{
	int i, k, err = 0, r = -1;
	size_t n;
	char *t, *dir;
	DIR *d;
	struct dirent *de;
	cg_buf miss = {0};

	for (i = 0; i < CG_EXPORT_NPARTS; i++)
		if (cg_export_parts[i].file &&
		    !(x->text[i] = content(c, out, x, cg_export_parts[i].file,
		    &x->len[i], &err, &miss, e)) && err)
			goto done;
	if ((t = content(c, out, x, "questions.json", &n, &err, &miss, e))) {
		char *p = xasprintf("%s/%s/questions.json", out, x->id);
		int q = load_quizdoc(x, t, n, p, e);
		free(p);
		free(t);
		if (q < 0)
			goto done;
	} else if (err)
		goto done;
	if (!(x->vis = content(c, out, x, "visualization.mmd", NULL, &err, &miss, e)) && err)
		goto done;
	/* diagrams: those session.json asks for, and any others there */
	dir = xasprintf("%s/%s", out, x->id);
	t = xasprintf("%s/session.json", dir);
	{
		cg_err e2;
		cJSON *sj = cg_json_load(t, &e2);
		x->ndgm = (int)cg_json_getn(sj, "diagrams", 0);
		cJSON_Delete(sj);
	}
	free(t);
	if ((d = opendir(dir))) {
		while ((de = readdir(d))) {
			char tail[8];
			if (sscanf(de->d_name, "diagram-%d.mm%1[d]", &k, tail) == 2 &&
			    k > x->ndgm && k < 1000)
				x->ndgm = k;
		}
		closedir(d);
	}
	free(dir);
	if (x->ndgm > 1000)
		x->ndgm = 0;
	x->dgm = xcalloc(x->ndgm + 1, sizeof *x->dgm);
	for (k = 0; k < x->ndgm; k++) {
		char f[32];
		snprintf(f, sizeof f, "diagram-%d.mmd", k + 1);
		if (!(x->dgm[k] = content(c, out, x, f, NULL, &err, &miss, e)) && err)
			goto done;
	}
	if (miss.len)
		cwarn(c, "%s/%s: not generated yet, left out:%s (make %s)", out,
		    x->id, miss.s, x->id);
	r = 0;
done:
	cg_buf_free(&miss);
	return r;
}

static void
names(cg_export_course *c)
{
	c->name = cg_json_gets(c->outline, "course.name",
	    cg_json_gets(c->course, "course.name", "Course"));
	c->desc = cg_json_gets(c->outline, "course.description",
	    cg_json_gets(c->course, "course.description", ""));
	c->model = cg_json_gets(c->course, "llm.model", NULL);
	c->slug = cg_json_gets(c->course, "course.slug", "course");
	c->lang = cg_site_langcode(cg_json_gets(c->outline, "course.language",
	    cg_json_gets(c->course, "course.language", "English")));
}

int
cg_export_load(cg_export_course *c, const char *out, cg_err *e)
{
	const cJSON *mods, *m, *ss, *q;
	char *p = xasprintf("%s/outline.json", out), *cj;
	char path[64];
	double num;
	int i, k;
	struct stat sb;

	if (stat(out, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		cg_seterr(e, EX_NOINPUT, "%s: no such course directory; "
		    "generate the course first (make course)", out);
		goto bad;
	}
	if (!(c->outline = cg_json_load(p, e))) {
		if (e->code == EX_NOINPUT)
			cg_seterr(e, EX_NOINPUT, "%s: not found; run cg-outline "
			    "(make outline) first", p);
		goto bad;
	}
	newest(c, p);
	cj = xasprintf("%s/course.json", out);
	if (access(cj, F_OK) == 0 && !(c->course = cg_json_load(cj, e))) {
		free(cj);
		goto bad;
	}
	free(cj);
	if (!(mods = cg_json_arr(c->outline, "modules", p, "", e)))
		goto bad;
	c->nmods = cJSON_GetArraySize(mods);
	c->mods = xcalloc(c->nmods + 1, sizeof *c->mods);
	i = 0;
	cJSON_ArrayForEach(m, mods) {
		cg_export_mod *md = &c->mods[i];
		snprintf(path, sizeof path, "modules[%d]", i);
		if (cg_json_num(m, "number", p, path, &num, e) < 0 ||
		    !(md->title = cg_json_str(m, "title", p, path, e)) ||
		    !(ss = cg_json_arr(m, "sessions", p, path, e)))
			goto bad;
		md->num = (int)num;
		md->desc = cg_export_str(m, "description", "");
		md->first = c->nsess;
		md->n = cJSON_GetArraySize(ss);
		c->sess = xrealloc(c->sess, (c->nsess + md->n + 1) * sizeof *c->sess);
		k = 0;
		cJSON_ArrayForEach(q, ss) {
			cg_export_sess *x = &c->sess[c->nsess];
			memset(x, 0, sizeof *x);
			snprintf(path, sizeof path, "modules[%d].sessions[%d]", i, k);
			if (cg_json_num(q, "number", p, path, &num, e) < 0 ||
			    !(x->title = cg_json_str(q, "title", p, path, e)))
				goto bad;
			if (num < 1 || num > 9999) {
				cg_seterr(e, EX_DATAERR, "%s: %s.number: %g is not a "
				    "session number (1..9999)", p, path, num);
				goto bad;
			}
			x->num = (int)num;
			x->mod = i;
			x->j = q;
			snprintf(x->id, sizeof x->id, "s%02d", x->num);
			c->nsess++;
			k++;
		}
		i++;
	}
	for (i = 0; i < c->nsess; i++)
		if (load_session(c, out, &c->sess[i], e) < 0)
			goto bad;
	names(c);
	free(p);
	return 0;
bad:
	free(p);
	return -1;
}

int
cg_export_load_quiz(cg_export_course *c, const char *path, cg_err *e)
{
	const char *name = path && strcmp(path, "-") ? path : "<stdin>";
	size_t n;
	char *t = cg_read_input(path, &n, e);
	cg_export_sess *x;
	double num;

	if (!t)
		return -1;
	if (path && strcmp(path, "-"))
		newest(c, path);
	c->quizonly = 1;
	c->nmods = 1;
	c->mods = xcalloc(2, sizeof *c->mods);
	c->nsess = 1;
	c->sess = x = xcalloc(2, sizeof *c->sess);
	c->mods[0].n = 1;
	if (load_quizdoc(x, t, n, name, e) < 0) {
		free(t);
		return -1;
	}
	free(t);
	num = cg_json_getn(x->quiz, "session", 0);
	x->num = num >= 1 && num <= 9999 ? (int)num : 0;
	if (x->num)
		snprintf(x->id, sizeof x->id, "s%02d", x->num);
	else
		snprintf(x->id, sizeof x->id, "quiz");
	x->title = cg_export_str(x->quiz, "title", "Quiz");
	c->mods[0].title = "Questions";
	c->mods[0].desc = "";
	names(c);
	c->name = x->title;
	return 0;
}

void
cg_export_free(cg_export_course *c)
{
	int i, k;

	for (i = 0; i < c->nsess; i++) {
		cg_export_sess *x = &c->sess[i];
		for (k = 0; k < CG_EXPORT_NPARTS; k++)
			free(x->text[k]);
		for (k = 0; k < x->ndgm; k++)
			free(x->dgm[k]);
		free(x->dgm);
		free(x->vis);
		cJSON_Delete(x->quiz);
	}
	free(c->sess);
	free(c->mods);
	cJSON_Delete(c->outline);
	cJSON_Delete(c->course);
	memset(c, 0, sizeof *c);
}
