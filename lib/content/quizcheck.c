/* quizcheck.c — quiz questions: the schema, checks, repeats across
 * sessions and rendering; see quiz.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cjson/cJSON.h>

#include "util.h"
#include "json.h"
#include "clean.h"
#include "kinds.h"
#include "outline.h"
#include "quiz.h"
#include "quizint.h"

static const char *kinds[] = { "multiple_choice", "short_answer", "essay" };

static const char *
gs(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static const char *
skipemph(const char *s)
{
	while (*s == '*' || *s == '_' || *s == ' ' || *s == '\t')
		s++;
	return s;
}

/* ---- schema ---- */

static cJSON *
strprop(void)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "type", "string");
	return o;
}

static cJSON *
arrayof(cJSON *items, int n)
{
	cJSON *a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "type", "array");
	cJSON_AddNumberToObject(a, "minItems", n);
	cJSON_AddNumberToObject(a, "maxItems", n);
	cJSON_AddItemToObject(a, "items", items);
	return a;
}

static cJSON *
objof(const char **keys, cJSON **vals, int n)
{
	cJSON *o = cJSON_CreateObject(), *p = cJSON_CreateObject(),
	    *r = cJSON_CreateArray();
	cJSON_AddStringToObject(o, "type", "object");
	for (int i = 0; i < n; i++) {
		cJSON_AddItemToObject(p, keys[i], vals[i]);
		cJSON_AddItemToArray(r, cJSON_CreateString(keys[i]));
	}
	cJSON_AddItemToObject(o, "properties", p);
	cJSON_AddItemToObject(o, "required", r);
	cJSON_AddBoolToObject(o, "additionalProperties", 0);
	return o;
}

cJSON *
cg_quiz_schema(int mc, int nopt, int sa, int es)
{
	const char *mk[] = { "question", "options", "answer", "explanation" };
	const char *sk[] = { "question", "answer" };
	const char *ek[] = { "question", "guidance" };
	cJSON *mv[4], *sv[2], *ev[2], *top[3], *ans, *en;

	if (nopt < 2)
		nopt = 2;
	if (nopt > 6)
		nopt = 6;
	ans = strprop();
	en = cJSON_CreateArray();
	for (int i = 0; i < nopt; i++) {
		char l[2] = { (char)('A' + i), 0 };
		cJSON_AddItemToArray(en, cJSON_CreateString(l));
	}
	cJSON_AddItemToObject(ans, "enum", en);
	mv[0] = strprop();
	mv[1] = arrayof(strprop(), nopt);
	mv[2] = ans;
	mv[3] = strprop();
	sv[0] = strprop();
	sv[1] = strprop();
	ev[0] = strprop();
	ev[1] = strprop();
	top[0] = arrayof(objof(mk, mv, 4), mc);
	top[1] = arrayof(objof(sk, sv, 2), sa);
	top[2] = arrayof(objof(ek, ev, 2), es);
	return objof(kinds, top, 3);
}

/* ---- checking ---- */

static void
need_str(cg_buf *b, const cJSON *it, const char *kind, int i, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, key);
	if (!v)
		cg_buf_printf(b, "%s[%d].%s is missing\n", kind, i, key);
	else if (!cJSON_IsString(v))
		cg_buf_printf(b, "%s[%d].%s must be a string\n", kind, i, key);
	else if (!*v->valuestring)
		cg_buf_printf(b, "%s[%d].%s is empty\n", kind, i, key);
}

/* Problems of item i of kind k (0 MC, 1 SA, 2 essay), one per line. */
static void
check_item(cg_buf *b, const cJSON *it, int k, int i, int nopt)
{
	static const char *fields[3][4] = {
		{ "question", "explanation", NULL },
		{ "question", "answer", NULL },
		{ "question", "guidance", NULL } };
	const cJSON *o, *an, *x;
	int no = 0, j = 0;

	if (!cJSON_IsObject(it)) {
		cg_buf_printf(b, "%s[%d] must be an object\n", kinds[k], i);
		return;
	}
	for (int f = 0; fields[k][f]; f++)
		need_str(b, it, kinds[k], i, fields[k][f]);
	if (k != 0)
		return;
	o = cJSON_GetObjectItemCaseSensitive(it, "options");
	if (!cJSON_IsArray(o))
		cg_buf_printf(b, "multiple_choice[%d].options must "
		    "be an array of %d strings\n", i, nopt);
	else {
		no = cJSON_GetArraySize(o);
		if (no != nopt)
			cg_buf_printf(b, "multiple_choice[%d].options has "
			    "%d option%s; %d are required\n", i, no,
			    no == 1 ? "" : "s", nopt);
		cJSON_ArrayForEach(x, o) {
			const cJSON *y;
			int k2 = 0;
			if (!cJSON_IsString(x) || !*x->valuestring)
				cg_buf_printf(b, "multiple_choice[%d].options[%d] "
				    "must be a non-empty string\n", i, j);
			else
				cJSON_ArrayForEach(y, o) {
					if (k2++ < j && cJSON_IsString(y) &&
					    cg_quiz_streqi(y->valuestring, x->valuestring)) {
						cg_buf_printf(b, "multiple_choice[%d]."
						    "options[%d] repeats an earlier "
						    "option; options must differ\n", i, j);
						break;
					}
				}
			j++;
		}
	}
	an = cJSON_GetObjectItemCaseSensitive(it, "answer");
	if (!an)
		cg_buf_printf(b, "multiple_choice[%d].answer is missing\n", i);
	else if (!cJSON_IsString(an) || strlen(an->valuestring) != 1 ||
	    an->valuestring[0] < 'A' || an->valuestring[0] >= 'A' + nopt)
		cg_buf_printf(b, "multiple_choice[%d].answer \"%s\" is "
		    "not one of A-%c; give the letter of the correct "
		    "option\n", i, cJSON_IsString(an) ?
		    an->valuestring : "(not a string)",
		    (char)('A' + nopt - 1));
}

/* Is the item usable: would cg_quiz_check find nothing wrong with it
 * but, at most, an empty or missing explanation (real replies often
 * give "Answer: C" alone; the question still works)? */
int
cg_quiz_usable(const cJSON *it, int k, int nopt)
{
	cg_buf b = { 0 };
	int ok = 1;
	char *s, *line, *save = NULL;
	check_item(&b, it, k, 0, nopt);
	s = cg_buf_take(&b);
	for (line = strtok_r(s, "\n", &save); line && ok;
	    line = strtok_r(NULL, "\n", &save))
		ok = !strcmp(line, "multiple_choice[0].explanation is empty") ||
		    !strcmp(line, "multiple_choice[0].explanation is missing");
	free(s);
	return ok;
}

int
cg_quiz_check(const cJSON *q, int mc, int nopt, int sa, int es, cg_err *e)
{
	static const char *what[] = { "multiple-choice", "short-answer", "essay" };
	int want[3] = { mc, sa, es };
	cg_buf b = { 0 };

	if (!cJSON_IsObject(q))
		return cg_seterr(e, EX_DATAERR, "the questions document must be a "
		    "JSON object with multiple_choice, short_answer and essay arrays");
	for (int k = 0; k < 3; k++) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(q, kinds[k]), *it;
		int n, i = 0;
		if (!a) {
			if (want[k])
				cg_buf_printf(&b, "%s is missing; an array of %d %s "
				    "question%s is required\n", kinds[k], want[k],
				    what[k], want[k] == 1 ? "" : "s");
			continue;
		}
		if (!cJSON_IsArray(a)) {
			cg_buf_printf(&b, "%s must be an array of %d question%s\n",
			    kinds[k], want[k], want[k] == 1 ? "" : "s");
			continue;
		}
		/* a surplus is kept: a question is never dropped */
		if ((n = cJSON_GetArraySize(a)) < want[k])
			cg_buf_printf(&b, "%s has %d question%s; %d %s required\n",
			    kinds[k], n, n == 1 ? "" : "s", want[k],
			    want[k] == 1 ? "is" : "are");
		cJSON_ArrayForEach(it, a)
			check_item(&b, it, k, i++, nopt);
	}
	if (b.len) {
		char *s = cg_buf_take(&b);
		s[strlen(s) - 1] = '\0';
		if (strlen(s) >= sizeof e->msg - 1 && e) {
			/* keep whole lines that fit */
			char *cut = s + sizeof e->msg - 16;
			while (cut > s && *cut != '\n')
				cut--;
			strcpy(cut, "\n(and more)");
		}
		cg_seterr(e, EX_DATAERR, "%s", s);
		free(s);
		return -1;
	}
	return 0;
}

/* ---- questions of earlier sessions ---- */

/* The file name of a session's questions (the quiz kind's). */
static const char *
quizfile(void)
{
	const struct cg_kind *kd;
	size_t n;

	if ((kd = cg_kind_list(&n)) != NULL)
		for (size_t i = 0; i < n; i++)
			if (kd[i].shape == CG_SHAPE_QUIZ)
				return kd[i].file;
	return "questions.json";
}

cJSON *
cg_quiz_earlier(const char *sessdir, int session)
{
	cJSON *out = cJSON_CreateArray(), *j;
	char sid[8], *real, *base, *p;
	cg_err e = { 0 };

	if (!sessdir || session < 2 || !(real = realpath(sessdir, NULL)))
		return out;
	base = strrchr(real, '/');
	base = base ? base + 1 : real;
	cg_outline_sid(session, sid);
	if (!strcmp(base, sid))
		for (int n = 1; n < session; n++) {
			cg_outline_sid(n, sid);
			p = xasprintf("%.*s%s/%s", (int)(base - real), real, sid,
			    quizfile());
			if ((j = cg_json_load(p, &e)) != NULL && cJSON_IsObject(j))
				cJSON_AddItemToArray(out, j);
			else
				cJSON_Delete(j);
			free(p);
		}
	free(real);
	return out;
}

/* Does a question of one of the documents of earlier ask what it asks? */
static int
repeated(const cJSON *it, const cJSON *earlier)
{
	const cJSON *d, *x;

	cJSON_ArrayForEach(d, earlier)
		for (int k = 0; k < 3; k++)
			cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(d,
			    kinds[k]))
				if (cg_quiz_samequestion(gs(x, "question"), gs(it, "question")))
					return 1;
	return 0;
}

/* The question as quoted in a problem: on one line, cut at about 80
 * bytes (on a character boundary) with "…". */
static void
quote(cg_buf *b, const char *s)
{
	size_t n = 0;
	int sp = 0;

	for (s = skipemph(s); *s; s++) {
		if (isspace((unsigned char)*s)) {
			sp = 1;
			continue;
		}
		if (n >= 80 && ((unsigned char)*s & 0xc0) != 0x80) {
			cg_buf_puts(b, "\xe2\x80\xa6");
			return;
		}
		if (sp && n)
			cg_buf_putc(b, ' ');
		sp = 0;
		cg_buf_putc(b, *s);
		n++;
	}
}

int
cg_quiz_repeats(const cJSON *quiz, const cJSON *earlier, cg_buf *problems)
{
	int i = 0, n = 0;

	for (int k = 0; k < 3; k++) {
		const cJSON *it;
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(quiz,
		    kinds[k])) {
			i++;
			if (!cJSON_IsObject(it) || !repeated(it, earlier))
				continue;
			n++;
			if (!problems)
				continue;
			cg_buf_printf(problems, "Question %d (\"", i);
			quote(problems, gs(it, "question"));
			cg_buf_puts(problems, "\") repeats a question of an earlier "
			    "session; replace it with one about this session.\n");
		}
	}
	return n;
}

int
cg_quiz_drop_repeats(cJSON *q, const cJSON *earlier)
{
	int n = 0;

	for (int k = 0; k < 3; k++) {
		cJSON *a = cJSON_GetObjectItemCaseSensitive(q, kinds[k]), *it, *nx;
		for (it = cJSON_IsArray(a) ? a->child : NULL; it; it = nx) {
			nx = it->next;
			if (cJSON_IsObject(it) && repeated(it, earlier)) {
				cJSON_Delete(cJSON_DetachItemViaPointer(a, it));
				n++;
			}
		}
	}
	return n;
}

/* ---- rendering ---- */

/* Text as a list item's continuation: every line after the first
 * indented by ind spaces. */
static void
putind(cg_buf *b, const char *s, int ind)
{
	for (; *s; s++) {
		cg_buf_putc(b, *s);
		if (*s == '\n' && s[1])
			for (int i = 0; i < ind; i++)
				cg_buf_putc(b, ' ');
	}
}

/* Does s start with a markdown list item? */
static int
islist(const char *s)
{
	const char *t = s;

	if ((*s == '-' || *s == '*' || *s == '+') && s[1] == ' ')
		return 1;
	while (isdigit((unsigned char)*s))
		s++;
	return s > t && (*s == '.' || *s == ')') && s[1] == ' ';
}

char *
cg_quiz_markdown(const cJSON *q)
{
	static const char *heads[] = { "Multiple choice", "Short answer", "Essay" };
	cg_buf b = { 0 };
	const char *title = gs(q, "title");

	if (*title)
		cg_buf_printf(&b, "# Questions \xe2\x80\x94 %s\n", title);
	else
		cg_buf_puts(&b, "# Questions\n");
	for (int k = 0; k < 3; k++) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(q, kinds[k]), *it;
		int i = 1;
		if (!cJSON_IsArray(a) || !cJSON_GetArraySize(a))
			continue;
		cg_buf_printf(&b, "\n## %s\n", heads[k]);
		cJSON_ArrayForEach(it, a) {
			int ind = i < 10 ? 3 : 4;
			cg_buf_printf(&b, "\n%d. ", i);
			putind(&b, gs(it, "question"), ind);
			cg_buf_puts(&b, "\n\n");
			if (k == 0) {
				const cJSON *o;
				int j = 0;
				const char *ex = gs(it, "explanation");
				cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(it,
				    "options")) {
					cg_buf_printf(&b, "%*s- %c) ", ind, "", 'A' + j++);
					putind(&b, cJSON_IsString(o) ? o->valuestring : "",
					    ind + 2);
					cg_buf_putc(&b, '\n');
				}
				cg_buf_printf(&b, "\n%*s**Answer:** %s", ind, "",
				    gs(it, "answer"));
				if (*ex) {
					cg_buf_puts(&b, " \xe2\x80\x94 ");
					putind(&b, ex, ind);
				}
				cg_buf_putc(&b, '\n');
			} else {
				const char *g = gs(it, k == 1 ? "answer" : "guidance");
				cg_buf_printf(&b, "%*s%s", ind, "", k == 1 ?
				    "**Model answer:**" : "**A good answer covers:**");
				/* a list needs its own block */
				if (islist(g)) {
					cg_buf_printf(&b, "\n\n%*s", ind, "");
					putind(&b, g, ind);
				} else {
					cg_buf_putc(&b, ' ');
					putind(&b, g, ind);
				}
				cg_buf_putc(&b, '\n');
			}
			i++;
		}
	}
	return cg_buf_take(&b);
}
