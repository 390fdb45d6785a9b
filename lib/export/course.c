/* course.c — a course (the model of course.h, or one questions.json)
 * ready for export, the quiz shape check, and the table of formats (see
 * export.h).
 */
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
#include "outline.h"

const struct cg_export_format cg_export_formats[] = {
	{ "gift", "questions.gift.txt", cg_export_gift, 1, 0, 0, 0 },
	{ "moodle-xml", "questions.moodle.xml", cg_export_moodle, 1, 0, 0, 0 },
	{ "qti", "questions.qti.zip", cg_export_qti, 1, 1, 0, 0 },
	{ "cc", "course.imscc", cg_export_cc, 0, 1, 1, 0 },
	{ "anki", "cards.anki.txt", cg_export_anki, 1, 0, 0, 0 },
	{ "epub", "course.epub", cg_export_epub, 0, 1, 1, 1 },
	{ "html", "course.html", cg_export_html, 0, 0, 1, 1 },
	{ NULL, NULL, NULL, 0, 0, 0, 0 },
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

void
cg_export_warn(const cg_export_course *c, const char *fmt, ...)
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

const struct cg_course_file *
cg_export_next(const cg_export_sess *x, enum cg_shape sh,
    const struct cg_course_file *f)
{
	const struct cg_course_file *end;

	if (!x->files || !x->files->nfiles)
		return NULL;
	end = x->files->files + x->files->nfiles;
	for (f = f ? f + 1 : x->files->files; f < end; f++)
		if (f->kind->shape == sh && !f->also && f->text)
			return f;
	return NULL;
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

/* Session x of the model: an unreadable file fails (e), the quiz is
 * parsed and checked, the files not made yet are named in one warning;
 * the newest file read dates the course. */
static int
load_session(cg_export_course *c, cg_export_sess *x, cg_err *e)
{
	const struct cg_course_sess *cs = x->files;
	cg_buf miss = {0};
	int i;

	for (i = 0; i < cs->nfiles; i++) {
		const struct cg_course_file *f = &cs->files[i];
		if (f->also)
			continue;
		if (f->error) {
			cg_buf_free(&miss);
			return cg_seterr(e, f->errcode, "%s", f->error);
		}
		if (!f->text) {
			cg_buf_printf(&miss, " %s", f->name);
			continue;
		}
		if (f->mtime > c->mtime)
			c->mtime = f->mtime;
		if (f->kind->shape == CG_SHAPE_QUIZ && !x->quiz &&
		    load_quizdoc(x, f->text, f->len, f->path, e) < 0) {
			cg_buf_free(&miss);
			return -1;
		}
	}
	if (miss.len)
		cg_export_warn(c, "%s/%s: not generated yet, left out:%s (make %s)",
		    c->data.out, x->id, miss.s, x->id);
	cg_buf_free(&miss);
	return 0;
}

/* The words of the course's language and its own (site.labels). */
static int
words(cg_export_course *c, cg_err *e)
{
	const char *lang = cg_json_gets(c->outline, "course.language",
	    cg_json_gets(c->course, "course.language", "English"));

	if (!(c->L = cg_labels_load(lang, cg_json_gets(c->course, "site.labels",
	    NULL), c->warnfn, e)))
		return -1;
	c->dir = cg_labels_dir(c->L);
	return 0;
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
	struct cg_course *m = &c->data;
	int i;

	if (cg_course_load(m, out, e) < 0)
		return -1;
	c->outline = m->outline;
	c->course = m->course;
	c->mtime = m->mtime;
	c->nmods = m->nmods;
	c->mods = xcalloc(m->nmods + 1, sizeof *c->mods);
	for (i = 0; i < m->nmods; i++) {
		c->mods[i].num = m->mods[i].num;
		c->mods[i].title = m->mods[i].title;
		c->mods[i].desc = m->mods[i].desc;
		c->mods[i].first = m->mods[i].first;
		c->mods[i].n = m->mods[i].n;
	}
	c->nsess = m->nsess;
	c->sess = xcalloc(m->nsess + 1, sizeof *c->sess);
	for (i = 0; i < m->nsess; i++) {
		cg_export_sess *x = &c->sess[i];
		x->num = m->sess[i].num;
		x->mod = m->sess[i].mod;
		memcpy(x->id, m->sess[i].id, sizeof m->sess[i].id);
		x->title = m->sess[i].title;
		x->j = m->sess[i].j;
		x->files = &m->sess[i];
		if (load_session(c, x, e) < 0)
			return -1;
	}
	names(c);
	return words(c, e);
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
		cg_outline_sid(x->num, x->id);
	else
		snprintf(x->id, sizeof x->id, "quiz");
	x->title = cg_export_str(x->quiz, "title", "Quiz");
	c->mods[0].title = "Questions";
	c->mods[0].desc = "";
	names(c);
	c->name = x->title;
	return words(c, e);
}

void
cg_export_free(cg_export_course *c)
{
	int i;

	for (i = 0; i < c->nsess; i++)
		cJSON_Delete(c->sess[i].quiz);
	free(c->sess);
	free(c->mods);
	cg_export_pics_free(&c->pics);
	cg_labels_free(c->L);
	cg_course_free(&c->data);
	memset(c, 0, sizeof *c);
}
