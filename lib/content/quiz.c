/* quiz.c — quiz questions: schema, tolerant parsing, checks, rendering.
 *
 * Structured JSON is the source of truth (cg.7).  Replies are
 * normalised only where the form is unambiguous (an answer letter written
 * as "(B)" or as the option's text, option letters repeated in the option
 * text); question text is only ever trimmed, and a trailing ".?" made
 * "?".  Problems are collected, not stopped at, so one repair request can
 * name all of them.  Questions are compared (a re-ask's with those held,
 * a session's with earlier sessions') by their text less case, spaces,
 * punctuation and labels, or as near-identical.
 */
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

static const char *kinds[] = { "multiple_choice", "short_answer", "essay" };

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

/* ---- normalisation ---- */

static char *
trimmed(const char *s)
{
	const char *e;
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

static void
settrim(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (cJSON_IsString(v)) {
		char *t = trimmed(v->valuestring);
		if (strcmp(t, v->valuestring))
			cJSON_SetValuestring(v, t);
		free(t);
	}
}

/* A question ending in ".?" (a statement turned into a question by a
 * model: "Explain why the sky is blue.?") ends in "?": the one change
 * ever made to question text beyond trimming. */
static void
qmark(cJSON *it)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "question");
	size_t n;

	if (!cJSON_IsString(v) || (n = strlen(v->valuestring)) < 2 ||
	    strcmp(v->valuestring + n - 2, ".?"))
		return;
	v->valuestring[n - 2] = '?';
	v->valuestring[n - 1] = '\0';
}

/* Lower-case alphanumerics only: "Multiple-Choice Questions" ->
 * "multiplechoicequestions". */
static void
squash(const char *s, char *o, size_t cap)
{
	size_t n = 0;
	for (; *s && n + 1 < cap; s++)
		if (isalnum((unsigned char)*s))
			o[n++] = (char)tolower((unsigned char)*s);
	o[n] = '\0';
}

/* Rename the first member whose squashed name is in alts to key. */
static void
rename_key(cJSON *o, const char *key, const char **alts)
{
	cJSON *c;
	char sq[64];
	if (!cJSON_IsObject(o) || cJSON_GetObjectItemCaseSensitive(o, key))
		return;
	for (c = o->child; c; c = c->next) {
		if (!c->string)
			continue;
		squash(c->string, sq, sizeof sq);
		for (int i = 0; alts[i]; i++)
			if (!strcmp(sq, alts[i])) {
				cJSON *d = cJSON_DetachItemViaPointer(o, c);
				cJSON_AddItemToObject(o, key, d);
				return;
			}
	}
}

/* A list of strings where one string was wanted: join with newlines. */
static void
joinlist(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key), *c;
	cg_buf b = { 0 };
	char *s;
	if (!cJSON_IsArray(v))
		return;
	cJSON_ArrayForEach(c, v) {
		if (!cJSON_IsString(c))
			return;
	}
	cJSON_ArrayForEach(c, v) {
		if (b.len)
			cg_buf_putc(&b, '\n');
		cg_buf_printf(&b, "- %s", c->valuestring);
	}
	s = cg_buf_take(&b);
	cJSON_ReplaceItemInObjectCaseSensitive(o, key, cJSON_CreateString(s));
	free(s);
}

/* Length of an option-letter prefix for letter L at s: "A) ", "A. ",
 * "a) ", "(A) ", "A: ", "A - "; 0 if none. */
static size_t
letterprefix(const char *s, char L)
{
	size_t i = 0;
	int paren = 0;
	if (s[i] == '(') {
		paren = 1;
		i++;
	}
	if (toupper((unsigned char)s[i]) != L)
		return 0;
	i++;
	if (paren) {
		if (s[i] != ')')
			return 0;
		i++;
	} else if (s[i] == ')' || s[i] == '.' || s[i] == ':')
		i++;
	else if (s[i] == ' ' && s[i + 1] == '-' && s[i + 2] == ' ')
		i += 2;
	else
		return 0;
	if (s[i] && s[i] != ' ' && s[i] != '\t')
		return 0;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	return i;
}

static int
streqi(const char *a, const char *b)
{
	char *x = trimmed(a), *y = trimmed(b);
	int r = strlen(x) == strlen(y);
	for (size_t i = 0; r && x[i]; i++)
		r = tolower((unsigned char)x[i]) == tolower((unsigned char)y[i]);
	free(x);
	free(y);
	return r;
}

/* The letter an answer names, given the (prefix-stripped) options;
 * 0 when it names none. */
static char
answerletter(const char *ans, const cJSON *opts)
{
	char *a = trimmed(ans), *p = a;
	const cJSON *o;
	char L = 0;
	int i = 0;
	size_t n;

	/* the option text itself (checked first: "A cell wall" is text) */
	cJSON_ArrayForEach(o, opts) {
		if (cJSON_IsString(o) && streqi(o->valuestring, a)) {
			free(a);
			return (char)('A' + i);
		}
		i++;
	}
	for (;;) {	/* "Answer: ", "Correct answer - ", "Option ", "Choice " */
		static const char *pre[] = { "correct answer", "answer", "option",
		    "choice", NULL };
		int hit = 0;
		for (int k = 0; pre[k]; k++) {
			size_t l = strlen(pre[k]);
			if (!strncasecmp(p, pre[k], l) && !isalpha((unsigned char)p[l])) {
				p += l;
				while (*p == ' ' || *p == ':' || *p == '-' || *p == '*')
					p++;
				hit = 1;
			}
		}
		if (!hit)
			break;
	}
	while (*p == '*' || *p == '_')
		p++;
	n = strlen(p);
	while (n && (p[n - 1] == '*' || p[n - 1] == '_'))
		p[--n] = '\0';
	if (isalpha((unsigned char)p[0]) && (!p[1] || (p[1] == '*' && !p[2])))
		L = (char)toupper((unsigned char)p[0]);
	else if (p[0] == '(' && isalpha((unsigned char)p[1]) && p[2] == ')' && !p[3])
		L = (char)toupper((unsigned char)p[1]);
	else {
		for (char c = 'A'; c <= 'F' && !L; c++)
			if ((n = letterprefix(p, c)) != 0 || ((p[0] == c ||
			    p[0] == c + 32) && strchr(").:", p[1]) && p[1] && !p[2])) {
				const char *rest = p + n;
				const cJSON *oc = cJSON_GetArrayItem(opts, c - 'A');
				if (!n || !*rest)
					L = c;
				else if (oc && cJSON_IsString(oc) &&
				    (streqi(rest, oc->valuestring) ||
				    !strncasecmp(rest, oc->valuestring, strlen(rest))))
					L = c;
				else {
					/* "B) text" with text not quite the option:
					 * the letter is what the model committed to */
					L = c;
				}
			}
	}
	free(a);
	return L;
}

static void
norm_mc(cJSON *it, int nopt)
{
	static const char *qalt[] = { "stem", "prompt", "text", "q", NULL };
	static const char *oalt[] = { "choices", "answers", "alternatives", NULL };
	static const char *aalt[] = { "correctanswer", "correct", "correctoption",
	    "key", "answerkey", NULL };
	static const char *xalt[] = { "rationale", "reason", "why",
	    "justification", NULL };
	cJSON *opts, *ans, *o;
	int all = 1, i = 0;

	(void)nopt;
	rename_key(it, "question", qalt);
	rename_key(it, "options", oalt);
	rename_key(it, "answer", aalt);
	rename_key(it, "explanation", xalt);
	settrim(it, "question");
	qmark(it);
	settrim(it, "explanation");
	opts = cJSON_GetObjectItemCaseSensitive(it, "options");
	if (cJSON_IsObject(opts)) {	/* {"A": "...", "B": "..."} */
		cJSON *arr = cJSON_CreateArray();
		cJSON_ArrayForEach(o, opts)
			if (cJSON_IsString(o))
				cJSON_AddItemToArray(arr, cJSON_CreateString(o->valuestring));
		cJSON_ReplaceItemInObjectCaseSensitive(it, "options", arr);
		opts = arr;
	}
	if (cJSON_IsArray(opts)) {
		cJSON_ArrayForEach(o, opts) {
			if (!cJSON_IsString(o) || !letterprefix(o->valuestring,
			    (char)('A' + i)))
				all = 0;
			i++;
		}
		i = 0;
		cJSON_ArrayForEach(o, opts) {
			if (cJSON_IsString(o)) {
				char *t = trimmed(o->valuestring + (all ?
				    letterprefix(o->valuestring, (char)('A' + i)) : 0));
				cJSON_SetValuestring(o, t);
				free(t);
			}
			i++;
		}
	}
	ans = cJSON_GetObjectItemCaseSensitive(it, "answer");
	if (cJSON_IsString(ans)) {
		char L = answerletter(ans->valuestring, opts);
		if (L) {
			char s[2] = { L, 0 };
			cJSON_SetValuestring(ans, s);
		} else
			settrim(it, "answer");
	}
}

static const char *mcalt[] = { "multiplechoice", "multiplechoicequestions",
	"mcq", "mcqs", "multiplechoiceitems", NULL };
static const char *saalt[] = { "shortanswer", "shortanswers",
	"shortanswerquestions", NULL };
static const char *esalt[] = { "essays", "essayquestions",
	"longanswer", "longanswerquestions", NULL };

static void
topkeys(cJSON *q)
{
	rename_key(q, "multiple_choice", mcalt);
	rename_key(q, "short_answer", saalt);
	rename_key(q, "essay", esalt);
}

void
cg_quiz_normalise(cJSON *q, int nopt)
{
	static const char *qalt[] = { "stem", "prompt", "text", "q", NULL };
	static const char *malt[] = { "modelanswer", "sampleanswer",
	    "expectedanswer", "suggestedanswer", NULL };
	static const char *galt[] = { "agoodanswercovers", "keypoints", "rubric",
	    "guidelines", "answerguidance", "gradingguidance", "modelanswer",
	    "answer", "points", NULL };
	cJSON *a, *it;

	if (!cJSON_IsObject(q))
		return;
	topkeys(q);
	if ((a = cJSON_GetObjectItemCaseSensitive(q, kinds[0])) != NULL)
		cJSON_ArrayForEach(it, a)
			if (cJSON_IsObject(it))
				norm_mc(it, nopt);
	if ((a = cJSON_GetObjectItemCaseSensitive(q, kinds[1])) != NULL)
		cJSON_ArrayForEach(it, a)
			if (cJSON_IsObject(it)) {
				rename_key(it, "question", qalt);
				rename_key(it, "answer", malt);
				joinlist(it, "answer");
				settrim(it, "question");
				qmark(it);
				settrim(it, "answer");
			}
	if ((a = cJSON_GetObjectItemCaseSensitive(q, kinds[2])) != NULL)
		cJSON_ArrayForEach(it, a)
			if (cJSON_IsObject(it)) {
				rename_key(it, "question", qalt);
				rename_key(it, "guidance", galt);
				joinlist(it, "guidance");
				settrim(it, "question");
				qmark(it);
				settrim(it, "guidance");
			}
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
					    streqi(y->valuestring, x->valuestring)) {
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
static int
usable(const cJSON *it, int k, int nopt)
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

/* Unwrap {"quiz": {...}} / {"questions": {...}} around the document. */
static cJSON *
unwrap(cJSON *j)
{
	cJSON *c;
	if (!cJSON_IsObject(j))
		return j;
	topkeys(j);
	if (cJSON_GetObjectItemCaseSensitive(j, kinds[0]))
		return j;
	for (c = j->child; c; c = c->next)
		if (cJSON_IsObject(c) && (topkeys(c), 1) &&
		    (cJSON_GetObjectItemCaseSensitive(c, kinds[0]) ||
		    cJSON_GetObjectItemCaseSensitive(c, kinds[1]))) {
			cJSON *d = cJSON_DetachItemViaPointer(j, c), *k;
			/* keep the wrapper's other keys (session, title) */
			while ((k = j->child) != NULL) {
				cJSON_DetachItemViaPointer(j, k);
				if (!cJSON_GetObjectItemCaseSensitive(d, k->string))
					cJSON_AddItemToObject(d, k->string, k);
				else
					cJSON_Delete(k);
			}
			cJSON_Delete(j);
			return d;
		}
	return j;
}

cJSON *
cg_quiz_from_reply(const char *text, int mc, int nopt, int sa, int es,
    cg_err *e)
{
	char *s = cg_clean_json(text);
	cJSON *j;

	if (!s) {
		cg_seterr(e, EX_DATAERR, "the reply holds no JSON object; send "
		    "only the JSON document with multiple_choice, short_answer "
		    "and essay arrays");
		return NULL;
	}
	j = cg_json_parse(s, strlen(s), "reply", e);
	free(s);
	if (!j)
		return NULL;
	j = unwrap(j);
	cg_quiz_normalise(j, nopt);
	if (cg_quiz_check(j, mc, nopt, sa, es, e) < 0) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* ---- markdown fallback ---- */

/* T_BREAK: a heading or part title that names no type ("## Part 2",
 * "**Open-ended questions**"): numbering restarts, the type is unknown. */
enum { T_NONE = -1, T_MC, T_SA, T_ES, T_KEY, T_BREAK };
enum { F_NONE, F_Q, F_ANS, F_EXPL, F_GUIDE };

typedef struct {
	int    type, field, num, listnum;
	cg_buf q, ans, expl, guide;
	char  *opt[8];
	int    nopt;
} mdq;

typedef struct {
	cJSON *doc, *open;	/* open: unlabelled open questions, in order */
	mdq    cur;
	int    have, sect, lastnum[3], lastany, blank;
	int    want[3];	/* counts asked; -1 when not known */
} mdst;

static void
mdq_reset(mdq *q)
{
	cg_buf_free(&q->q);
	cg_buf_free(&q->ans);
	cg_buf_free(&q->expl);
	cg_buf_free(&q->guide);
	for (int i = 0; i < q->nopt; i++)
		free(q->opt[i]);
	memset(q, 0, sizeof *q);
}

static const char *
gs(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static const char *
bstr(cg_buf *b)
{
	return b->s ? b->s : "";
}

static const char *
skipemph(const char *s)
{
	while (*s == '*' || *s == '_' || *s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Strip markdown emphasis and spaces from both ends into a new string. */
static char *
unemph(const char *s)
{
	const char *e;
	s = skipemph(s);
	e = s + strlen(s);
	while (e > s && (e[-1] == '*' || e[-1] == '_' || isspace((unsigned char)e[-1])))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

/* After an answer's letter or option text: the text after a separator
 * (" — ", " – ", " - ", ":", ".", ",", ";") or at the end; NULL when
 * something else follows ("A cell wall": "A" is no letter here). */
static const char *
seprest(const char *p)
{
	static const char *seps[] = { "\xe2\x80\x94", "\xe2\x80\x93", "-", ":",
	    ".", ",", ";", NULL };
	while (*p == ' ' || *p == '\t' || *p == '*' || *p == '_')
		p++;
	if (!*p)
		return p;
	for (int k = 0; seps[k]; k++)
		if (!strncmp(p, seps[k], strlen(seps[k]))) {
			p += strlen(seps[k]);
			if (*p && *p != ' ' && *p != '\t' && *p != '*' && *p != '\n')
				return NULL;	/* "B-cells", "3.5" */
			return skipemph(p);
		}
	return NULL;
}

/* A multiple-choice answer as written — "B", "(b)", "B) text", "D — why",
 * the option text, "B" with the explanation on the following lines — into
 * the answer (a letter when one is named, else the first line as is) and
 * the explanation it carries (*ex, "" when none).  Both malloc'd. */
static char *
mc_answer(const char *ans, char *const *opts, int nopt, char **ex)
{
	const char *nl = strchr(ans, '\n'), *r = NULL;
	char *first = nl ? xstrndup(ans, (size_t)(nl - ans)) : xstrdup(ans);
	char *f = unemph(first), *out;
	char L = 0;
	cg_buf b = { 0 };
	int maxl = nopt > 0 ? nopt : 6;

	free(first);
	for (int i = 0; i < nopt && !L; i++) {	/* the option text first */
		size_t ol = strlen(opts[i]);
		if (ol && !strncasecmp(f, opts[i], ol) && (r = seprest(f + ol)))
			L = (char)('A' + i);
	}
	if (!L) {
		const char *s = f;
		int paren = *s == '(' || *s == '[';
		s += paren;
		if (isalpha((unsigned char)*s) && toupper((unsigned char)*s) - 'A' <
		    maxl && toupper((unsigned char)*s) >= 'A') {
			char c = (char)toupper((unsigned char)*s++);
			if (paren && (*s == ')' || *s == ']'))
				r = s + 1;
			else if (!paren && (*s == ')' || *s == '.' || *s == ':'))
				r = s + 1;
			else if (!paren)
				r = seprest(s);
			if (r) {
				const char *t = skipemph(r), *u;
				size_t ol = c - 'A' < nopt ? strlen(opts[c - 'A']) : 0;
				L = c;
				/* "B) Chloroplast — why": the option echoed */
				if (ol && !strncasecmp(t, opts[c - 'A'], ol) &&
				    (u = seprest(t + ol)) != NULL)
					r = u;
				else if ((u = seprest(r)) != NULL)
					r = u;
				else
					r = t;
			}
		}
	}
	if (L)
		cg_buf_puts(&b, skipemph(r));
	if (nl) {
		char *rest = trimmed(nl + 1);
		if (*rest && b.len)
			cg_buf_puts(&b, nl[1] == '\n' ? "\n\n" : "\n");
		cg_buf_puts(&b, rest);
		free(rest);
	}
	{
		char *x = cg_buf_take(&b);
		*ex = trimmed(x);
		free(x);
	}
	if (L) {
		free(f);
		out = xstrdup((char[]){ L, 0 });
	} else
		out = f;
	return out;
}

/* An open question as an item of type t: a short answer takes the answer
 * (and any explanation), else the guidance; an essay the guidance, else
 * the answer. */
static cJSON *
open_item(int t, const char *question, const char *ans, const char *expl,
    const char *guide)
{
	cJSON *it = cJSON_CreateObject();
	const char *a = t == T_SA ? ans : guide, *z = t == T_SA ? guide : ans;
	cg_buf b = { 0 };
	char *x;

	cJSON_AddStringToObject(it, "question", question);
	cg_buf_puts(&b, *a ? a : z);
	if (*expl && (t == T_SA || !*guide)) {
		if (b.len)
			cg_buf_putc(&b, '\n');
		cg_buf_puts(&b, expl);
	}
	x = trimmed(bstr(&b));
	cJSON_AddStringToObject(it, t == T_SA ? "answer" : "guidance", x);
	free(x);
	cg_buf_free(&b);
	return it;
}

static void
flush(mdst *st)
{
	mdq *q = &st->cur;
	cJSON *it;
	int t = q->type;
	char *qt, *an, *ex, *gu;

	if (!st->have)
		return;
	if (t == T_NONE && q->nopt)
		t = T_MC;
	if (t == T_MC && !q->nopt && !q->ans.len && q->guide.len)
		t = T_ES;
	if (t == T_NONE && st->want[T_SA] < 0)	/* counts unknown */
		t = q->guide.len ? T_ES : T_SA;
	qt = trimmed(bstr(&q->q));
	an = trimmed(bstr(&q->ans));
	ex = trimmed(bstr(&q->expl));
	gu = trimmed(bstr(&q->guide));
	if (t == T_MC) {
		cJSON *o;
		char *x, *a;
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "question", qt);
		o = cJSON_AddArrayToObject(it, "options");
		for (int i = 0; i < q->nopt; i++)
			cJSON_AddItemToArray(o, cJSON_CreateString(q->opt[i]));
		a = mc_answer(an, q->opt, q->nopt, &x);
		cJSON_AddStringToObject(it, "answer", a);
		if (*x && *ex) {
			char *y = xasprintf("%s\n%s", x, ex);
			free(x);
			x = y;
		}
		cJSON_AddStringToObject(it, "explanation", *x ? x : ex);
		free(a);
		free(x);
	} else if (t == T_NONE) {	/* typed later, by the counts asked */
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "question", qt);
		cJSON_AddStringToObject(it, "answer", an);
		cJSON_AddStringToObject(it, "explanation", ex);
		cJSON_AddStringToObject(it, "guidance", gu);
	} else
		it = open_item(t, qt, an, ex, gu);
	cJSON_AddItemToArray(t == T_NONE ? st->open :
	    cJSON_GetObjectItemCaseSensitive(st->doc, kinds[t]), it);
	free(qt);
	free(an);
	free(ex);
	free(gu);
	mdq_reset(q);
	st->have = 0;
}

/* Append a line to a field; after a blank line, as a new paragraph. */
static void
append(cg_buf *b, const char *s, int para)
{
	if (!*s)
		return;
	if (b->len)
		cg_buf_puts(b, para ? "\n\n" : "\n");
	cg_buf_puts(b, s);
}

static int
endscolon(const cg_buf *b)
{
	size_t n = b->len;
	while (n && (isspace((unsigned char)b->s[n - 1]) || b->s[n - 1] == '*'))
		n--;
	return n && b->s[n - 1] == ':';
}

static int qlabel(const char *, int *, int *, const char **);

/* The type a heading-ish line names: T_MC/T_SA/T_ES, T_KEY for an answer
 * key, T_BREAK for a heading or part title naming none, T_NONE when the
 * line is no heading. */
static int
sectiontype(const char *line)
{
	char sq[256];
	const char *s = line;
	size_t n;
	int heading = 0, whole;
	while (*s == '#') {
		s++;
		heading = 1;
	}
	s = skipemph(s);
	n = strlen(s);
	/* plain text counts only when bold or a short "Multiple choice:" */
	if (!heading && s == line && !(n > 0 && n < 40 && s[n - 1] == ':'))
		return T_NONE;
	if (n > 80)
		return T_NONE;
	/* a whole line in bold, a heading or a short "Part 2:" */
	whole = heading || (n > 0 && n < 40 && s[n - 1] == ':') ||
	    (line[0] == '*' && line[1] == '*' && n >= 2 &&
	    (line[strlen(line) - 1] == '*' || (line[strlen(line) - 1] == ':' &&
	    line[strlen(line) - 2] == '*')));
	squash(s, sq, sizeof sq);
	/* a question label carries a number: not a section; a whole line
	 * that is no label may ("Part 2: Essay (Questions 6-7)") */
	for (const char *p = s; *p; p++)
		if (isdigit((unsigned char)*p)) {
			int t, num;
			const char *rest;
			if (!whole || qlabel(line, &t, &num, &rest))
				return T_NONE;
			if (!strstr(sq, "multiplechoice") && !strstr(sq, "mcq") &&
			    !strstr(sq, "shortanswer") && !strstr(sq, "essay"))
				return !strstr(sq, "question") && (strstr(sq, "part") ||
				    strstr(sq, "section")) ? T_BREAK : T_NONE;
			break;
		}
	if (strstr(sq, "answerkey") || !strcmp(sq, "answers"))
		return T_KEY;
	if (strstr(sq, "multiplechoice") || strstr(sq, "mcq"))
		return T_MC;
	if (strstr(sq, "shortanswer"))
		return T_SA;
	if (strstr(sq, "essay") || strstr(sq, "longanswer") ||
	    strstr(sq, "extendedresponse") || strstr(sq, "discussion"))
		return T_ES;
	if (heading || (whole && (strstr(sq, "question") || strstr(sq, "part") ||
	    strstr(sq, "section") || strstr(sq, "quiz"))))
		return T_BREAK;
	return T_NONE;
}

/* "(Short answer)", "[Essay]" at s: the type named, and *end past it. */
static int
typetag(const char *s, const char **end)
{
	const char *c = s[0] == '(' ? strchr(s, ')') : s[0] == '[' ?
	    strchr(s, ']') : NULL;
	char sq[64], tmp[64];
	size_t n;
	int t = T_NONE;
	if (!c || (n = (size_t)(c - s - 1)) >= sizeof tmp)
		return T_NONE;
	memcpy(tmp, s + 1, n);
	tmp[n] = '\0';
	squash(tmp, sq, sizeof sq);
	if (!strcmp(sq, "multiplechoice") || !strcmp(sq, "mcq"))
		t = T_MC;
	else if (!strcmp(sq, "shortanswer"))
		t = T_SA;
	else if (!strcmp(sq, "essay") || !strcmp(sq, "essayquestion"))
		t = T_ES;
	if (t != T_NONE)
		*end = skipemph(c + 1);
	return t;
}

/* A question label: returns 1 (a word label) or 2 (a bare number) and
 * sets *type (T_NONE when the label does not say), *num and *rest (text
 * after the label). */
static int
qlabel(const char *line, int *type, int *num, const char **rest)
{
	static const struct { const char *w; int t; } words[] = {
		{ "multiple choice question", T_MC }, { "multiple choice", T_MC },
		{ "multiple-choice question", T_MC }, { "multiple-choice", T_MC },
		{ "mcq", T_MC }, { "short answer question", T_SA },
		{ "short-answer question", T_SA }, { "short answer", T_SA },
		{ "short-answer", T_SA }, { "essay question", T_ES },
		{ "essay", T_ES }, { "question", T_NONE }, { "problem", T_NONE },
		{ "q", T_NONE }, { NULL, 0 } };
	const char *s = line, *e;
	int k, n = 0, word = 0, tt;

	while (*s == '#')
		s++;
	s = skipemph(s);
	*type = T_NONE;
	for (k = 0; words[k].w; k++) {
		size_t l = strlen(words[k].w);
		if (!strncasecmp(s, words[k].w, l) && !isalpha((unsigned char)s[l])) {
			*type = words[k].t;
			s += l;
			word = 1;
			break;
		}
	}
	while (*s == ' ' || *s == '#')
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	while (isdigit((unsigned char)*s)) {	/* no question is numbered past
						 * a million */
		if (n < 1000000)
			n = n * 10 + (*s - '0');
		s++;
	}
	if (!word) {	/* "3." / "3)" */
		if ((*s != '.' && *s != ')') || (s[1] != ' ' && s[1] != '*' && s[1]))
			return 0;
	}
	/* "Question 3 (Short answer):" */
	if (word && *s == ' ' && (tt = typetag(s + 1, &e)) != T_NONE) {
		if (*type == T_NONE)
			*type = tt;
		s = e;
	}
	s = skipemph(s);
	if (*s == ':' || *s == '.' || *s == ')' || *s == '-')
		s++;
	else if (!strncmp(s, "\xe2\x80\x93", 3) || !strncmp(s, "\xe2\x80\x94", 3))
		s += 3;
	else if (word && *s && !isspace((unsigned char)*s) && *s != '*')
		return 0;
	s = skipemph(s);
	if (*s == ':')
		s = skipemph(s + 1);
	/* "6. (Short answer) Explain …" */
	if ((tt = typetag(s, &e)) != T_NONE) {
		if (*type == T_NONE)
			*type = tt;
		s = e;
		if (*s == ':')
			s = skipemph(s + 1);
	}
	*num = n;
	*rest = s;
	return word ? 1 : 2;
}

/* "Answer: B", "**Correct answer:** …", "Guidance:" … : returns the field
 * and sets *rest, or F_NONE. */
static int
fieldlabel(const char *line, int type, const char **rest)
{
	static const struct { const char *w; int f; } labels[] = {
		{ "correct answer", F_ANS }, { "correct option", F_ANS },
		{ "model answer", F_ANS }, { "sample answer", F_ANS },
		{ "suggested answer", F_ANS }, { "expected answer", F_ANS },
		{ "possible answer", F_ANS }, { "example answer", F_ANS },
		{ "model response", F_ANS }, { "sample response", F_ANS },
		{ "answer key", F_ANS }, { "answer", F_ANS }, { "ans", F_ANS },
		{ "explanation", F_EXPL }, { "rationale", F_EXPL },
		{ "why", F_EXPL }, { "a good answer covers", F_GUIDE },
		{ "a good answer should cover", F_GUIDE },
		{ "a good answer should", F_GUIDE }, { "a good answer", F_GUIDE },
		{ "a strong answer", F_GUIDE }, { "guidance", F_GUIDE },
		{ "grading guidance", F_GUIDE }, { "marking guidance", F_GUIDE },
		{ "key points", F_GUIDE }, { "points to cover", F_GUIDE },
		{ "rubric", F_GUIDE }, { "what to include", F_GUIDE },
		{ NULL, 0 } };
	const char *s = skipemph(line);
	while (*s == '-' && s[1] == ' ')
		s = skipemph(s + 1);
	for (int k = 0; labels[k].w; k++) {
		size_t l = strlen(labels[k].w);
		const char *p;
		if (strncasecmp(s, labels[k].w, l))
			continue;
		p = s + l;
		while (*p == '*' || *p == '_')
			p++;
		if (*p != ':' && !(*p == ' ' && p[1] == '-' && p[2] == ' ') &&
		    !(labels[k].f == F_GUIDE && (*p == '\0' || *p == ' ')))
			continue;
		if (labels[k].f == F_GUIDE && *p != ':' && *p != ' ' && *p)
			continue;
		p += *p == ':' ? 1 : *p == ' ' && p[1] == '-' ? 2 : 0;
		*rest = skipemph(p);
		{
			int f = labels[k].f;
			if (f == F_ANS && type == T_ES)
				f = F_GUIDE;
			return f;
		}
	}
	return F_NONE;
}

/* An option line for letter L: "A) x", "A. x", "a) x", "(A) x", "- A) x",
 * "- A: x", "**A)** x".  Returns the text start or NULL. */
static const char *
optline(const char *line, char L)
{
	const char *s = line;
	size_t n;
	if ((*s == '-' || *s == '*' || *s == '+') && s[1] == ' ')
		s += 2;
	s = skipemph(s);
	if (!(n = letterprefix(s, L))) {
		/* "**A)**text" */
		if (toupper((unsigned char)s[0]) == L && strchr(").:", s[1]) && s[1] &&
		    (s[2] == '*' || s[2] == '_'))
			return skipemph(s + 2);
		return NULL;
	}
	return skipemph(s + n);
}

/* An answer-key line "1. B", "Question 2: C) text — why" → sets the
 * answer (and an empty explanation) of the n-th multiple-choice question
 * when it has none. */
static void
keyline(cJSON *doc, const char *line)
{
	int t, n;
	const char *rest;
	cJSON *it, *a, *x;
	if (!qlabel(line, &t, &n, &rest) || n < 1)
		return;
	it = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, kinds[0]),
	    n - 1);
	a = cJSON_GetObjectItemCaseSensitive(it, "answer");
	x = cJSON_GetObjectItemCaseSensitive(it, "explanation");
	if (a && cJSON_IsString(a) && !*a->valuestring) {
		char *opts[8], *ex, *l;
		const cJSON *o;
		int no = 0;
		cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(it, "options"))
			if (cJSON_IsString(o) && no < 8)
				opts[no++] = o->valuestring;
		l = mc_answer(rest, opts, no, &ex);
		cJSON_SetValuestring(a, l);
		if (*ex && cJSON_IsString(x) && !*x->valuestring)
			cJSON_SetValuestring(x, ex);
		free(l);
		free(ex);
	}
}

/* "**1. Which …?**", "1. **Which …?**": the emphasis around a whole
 * question goes (rest, the text after the label, points into line). */
static char *
qtext(const char *line, const char *rest)
{
	const char *s = line, *b = rest;
	size_t n = strlen(rest);
	while (*s == '#' || *s == ' ')
		s++;
	while (b > line && b[-1] == ' ')
		b--;
	if (b - line >= 2 && (b[-1] == '*' || b[-1] == '_') && b[-2] == b[-1])
		s = b - 2;	/* the label, then the bold question */
	if (n >= 2 && (s[0] == '*' || s[0] == '_') && s[1] == s[0] &&
	    rest[n - 1] == s[0] && rest[n - 2] == s[0]) {
		char *x = xstrndup(rest, n - 2), *y;
		if (!strstr(x, s[0] == '*' ? "**" : "__")) {
			y = trimmed(x);
			free(x);
			return y;
		}
		free(x);
	}
	return xstrdup(rest);
}

/* Is a bare number n at this point a new question (1) or a numbered list
 * inside the current question's text or answer (0)? */
static int
newquestion(mdst *st, int t, int n)
{
	mdq *q = &st->cur;
	int s = t != T_NONE ? t : st->sect;
	int last = s >= 0 && s < 3 ? st->lastnum[s] : q->num;

	/* numbering may run on across sections; the first question may
	 * carry on the numbering of a quiz sent before ("5." in a reply
	 * with only the missing question) */
	if (!st->have)
		return n == 1 || n == last + 1 || n == st->lastany + 1 ||
		    !st->lastany;
	if (q->field == F_Q) {
		/* the next number after a question: the next question,
		 * unless a list runs in the question or it ends with ":" */
		if (n == q->num + 1 && (q->nopt || (!q->listnum && !endscolon(&q->q))))
			return 1;
		q->listnum = n;
		return 0;
	}
	/* numbering restarts after a complete multiple-choice question
	 * (a list after "covers:" stays a list) */
	if (n == 1 && q->nopt && q->ans.len && !endscolon(q->field == F_ANS ?
	    &q->ans : q->field == F_EXPL ? &q->expl : &q->guide))
		return 1;
	if (n == 1 || (q->listnum && n == q->listnum + 1)) {
		q->listnum = n;	/* a list inside an answer */
		return 0;
	}
	return n == last + 1 || (n == q->num + 1 && (q->nopt || q->ans.len));
}

/* Cues of an open question's type.  Verbs count where they open a clause
 * (the question's start, or after ". ", ", ", ": ", "; ": "Using an
 * example, discuss …"), so "How would you compare …" stays untyped;
 * phrases count anywhere. */
static const char *es_verbs[] = { "discuss", "compare", "contrast",
	"evaluate", "assess", "analyse", "analyze", "justify", "examine",
	"critique", "argue", "debate", "reflect on", "write an essay", NULL };
static const char *es_any[] = { "to what extent", "how far", "critically",
	"in detail", "in depth", "justify your answer", NULL };
static const char *sa_verbs[] = { "define", "name", "state", "calculate",
	"compute", "list", "identify", "give", "label", "convert", "what is",
	"what are", "what was", "what were", "who", "how many",
	"how much", NULL };
static const char *sa_any[] = { "briefly", "in one sentence",
	"in a sentence", "in one word", NULL };

/* Does the lower-cased text t hold one of words, each starting a word and
 * ending one, and (clause) opening a clause? */
static int
cue(const char *t, const char **words, int clause)
{
	for (int k = 0; words[k]; k++) {
		size_t l = strlen(words[k]);
		for (const char *p = strstr(t, words[k]); p;
		    p = strstr(p + 1, words[k])) {
			const char *b = p;
			if (isalpha((unsigned char)p[l]))
				continue;
			if (p > t && isalpha((unsigned char)p[-1]))
				continue;
			if (!clause)
				return 1;
			while (b > t && strchr(" \t*_\"(", b[-1]))
				b--;
			if (b == t || strchr(".,:;!?\n", b[-1]))
				return 1;
		}
	}
	return 0;
}

static int
nwords(const char *s)
{
	int n = 0, in = 0;
	for (; *s; s++) {
		if (isspace((unsigned char)*s))
			in = 0;
		else if (!in++)
			n++;
	}
	return n;
}

/* What an unlabelled open question asks, as a score: > 0 an essay (asks
 * to discuss, compare, evaluate, justify …, has guidance, or a long model
 * answer), < 0 a short answer (asks to define, name, state, calculate,
 * list, "what is" …, or has an answer of a few words), 0 undecided. */
static int
openscore(const cJSON *it)
{
	const char *a = gs(it, "answer"), *g = gs(it, "guidance");
	char *t = xstrdup(gs(it, "question"));
	int sc = 0, w;

	for (char *p = t; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (cue(t, es_verbs, 1) || cue(t, es_any, 0))
		sc += 2;
	if (cue(t, sa_verbs, 1) || cue(t, sa_any, 0))
		sc -= 2;
	free(t);
	w = nwords(*a ? a : g);
	if (*g || !strncasecmp(a, "a good answer", 13) ||
	    !strncasecmp(a, "a strong answer", 15) ||
	    !strncasecmp(a, "strong answers", 14))
		sc += 2;	/* written as an essay's guidance */
	if (w >= 60)
		sc++;
	else if (w > 0 && w <= 12)
		sc--;
	return sc;
}

/* Type the unlabelled open questions by what they ask (openscore); the
 * undecided ones by the counts asked, in order: short answers while
 * fewer than asked, then essays; past both counts, the type of the open
 * question before (models group them).  None is dropped. */
static void
assign_open(mdst *st)
{
	cJSON *arr[3] = { NULL,
	    cJSON_GetObjectItemCaseSensitive(st->doc, kinds[T_SA]),
	    cJSON_GetObjectItemCaseSensitive(st->doc, kinds[T_ES]) };
	int n = cJSON_GetArraySize(st->open), i = 0, prev = T_SA;
	int have[3] = { 0, cJSON_GetArraySize(arr[T_SA]),
	    cJSON_GetArraySize(arr[T_ES]) };
	int *t = xcalloc(n ? (size_t)n : 1, sizeof *t);
	const cJSON *it;

	cJSON_ArrayForEach(it, st->open) {
		int sc = openscore(it);
		t[i] = sc > 0 ? T_ES : sc < 0 ? T_SA : T_NONE;
		if (t[i] != T_NONE)
			have[t[i]]++;
		i++;
	}
	for (i = 0; i < n; i++) {
		if (t[i] == T_NONE) {
			t[i] = have[T_SA] < st->want[T_SA] ? T_SA :
			    have[T_ES] < st->want[T_ES] ? T_ES : prev;
			have[t[i]]++;
		}
		prev = t[i];
	}
	i = 0;
	cJSON_ArrayForEach(it, st->open) {
		cJSON_AddItemToArray(arr[t[i]], open_item(t[i],
		    gs(it, "question"), gs(it, "answer"), gs(it, "explanation"),
		    gs(it, "guidance")));
		i++;
	}
	free(t);
}

/* The markdown parser; want[3] the counts asked, or -1 each. */
static cJSON *
md_parse(const char *text, int nopt, const int want[3], cg_err *e)
{
	static const char titlep[] = "# Questions \xe2\x80\x94 ";
	mdst st;
	const char *p = text ? text : "";
	int total = 0;
	char *title = NULL;

	memset(&st, 0, sizeof st);
	st.doc = cJSON_CreateObject();
	st.open = cJSON_CreateArray();
	st.sect = T_NONE;
	memcpy(st.want, want, sizeof st.want);
	for (int k = 0; k < 3; k++)
		cJSON_AddArrayToObject(st.doc, kinds[k]);
	while (*p) {
		const char *nl = strchr(p, '\n'), *rest;
		char *raw = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		char *line = trimmed(raw);
		int t, n, f, lab, sec, para = st.blank;
		mdq *q = &st.cur;

		free(raw);
		p = nl ? nl + 1 : p + strlen(p);
		while (line[0] == '>') {	/* block quotes */
			char *x = trimmed(line + 1);
			free(line);
			line = x;
		}
		st.blank = 0;
		if (!*line || (strspn(line, "-*_= ") == strlen(line) &&
		    strlen(line) >= 3)) {
			st.blank = 1;
			free(line);
			continue;
		}
		/* cg's own questions.md: "# Questions — TITLE" */
		if (!total && !title && !strncmp(line, titlep, sizeof titlep - 1))
			title = xstrdup(line + sizeof titlep - 1);
		if ((sec = sectiontype(line)) != T_NONE &&
		    (sec != T_BREAK || fieldlabel(line, q->type, &rest) == F_NONE)) {
			flush(&st);
			st.sect = sec == T_BREAK ? T_NONE : sec;
			if (sec != T_KEY)
				memset(st.lastnum, 0, sizeof st.lastnum);
			free(line);
			continue;
		}
		if (st.sect == T_KEY) {
			keyline(st.doc, line);
			free(line);
			continue;
		}
		lab = qlabel(line, &t, &n, &rest);
		/* a bare "3." is a new question only when it continues the
		 * numbering, so numbered lists inside answers stay text */
		if (lab == 2 && !newquestion(&st, t, n))
			lab = 0;
		if (lab) {
			char *x = qtext(line, rest);
			flush(&st);
			st.have = 1;
			q->type = t != T_NONE ? t : st.sect >= 0 && st.sect < 3 ?
			    st.sect : T_NONE;
			if (t != T_NONE)
				st.sect = t;
			q->num = st.lastany = n;
			if (q->type >= 0 && q->type < 3)
				st.lastnum[q->type] = n;
			q->field = F_Q;
			append(&q->q, x, 0);
			free(x);
			total++;
			free(line);
			continue;
		}
		/* closing chatter ("I hope these help!") is not an answer */
		if (!st.have || cg_clean_is_meta(line, strlen(line))) {
			free(line);
			continue;
		}
		if ((f = fieldlabel(line, q->type, &rest)) != F_NONE) {
			q->field = f;
			q->listnum = 0;
			append(f == F_ANS ? &q->ans : f == F_EXPL ? &q->expl : &q->guide,
			    rest, 0);
			free(line);
			continue;
		}
		if (q->field == F_Q && q->nopt < 8 && q->nopt < (nopt > 0 ? nopt + 2 : 8) &&
		    (rest = optline(line, (char)('A' + q->nopt))) != NULL) {
			static const char *marks[] = { "(correct)", "(correct answer)",
			    "\xe2\x9c\x93", "\xe2\x9c\x94", "\xe2\x9c\x85", NULL };
			char *o = unemph(rest);
			for (int k = 0; marks[k]; k++) {
				size_t ol = strlen(o), ml = strlen(marks[k]);
				if (ol >= ml && !strcasecmp(o + ol - ml, marks[k])) {
					char *x;
					o[ol - ml] = '\0';
					x = unemph(o);
					free(o);
					o = x;
					if (!q->ans.len)
						cg_buf_putc(&q->ans, (char)('A' + q->nopt));
					break;
				}
			}
			q->opt[q->nopt++] = o;
			if (q->type == T_NONE)
				q->type = T_MC;
			free(line);
			continue;
		}
		switch (q->field) {
		case F_Q:
			if (!q->nopt)
				append(&q->q, line, para);
			break;
		case F_ANS:
			append(&q->ans, line, para);
			break;
		case F_EXPL:
			append(&q->expl, line, para);
			break;
		case F_GUIDE:
			append(&q->guide, line, para);
			break;
		}
		free(line);
	}
	flush(&st);
	mdq_reset(&st.cur);
	assign_open(&st);
	cJSON_Delete(st.open);
	if (!total) {
		cJSON_Delete(st.doc);
		free(title);
		cg_seterr(e, EX_DATAERR, "no questions found in the reply; label "
		    "each one \"Question N:\" under Multiple choice, Short answer "
		    "and Essay headings");
		return NULL;
	}
	if (title) {
		cJSON_AddStringToObject(st.doc, "title", title);
		free(title);
	}
	cg_quiz_normalise(st.doc, nopt);
	return st.doc;
}

cJSON *
cg_quiz_from_markdown(const char *text, int nopt, cg_err *e)
{
	static const int unknown[3] = { -1, -1, -1 };
	return md_parse(text, nopt, unknown, e);
}

/* ---- any reply, by the counts asked ---- */

/* Keep the first n items of each kind (n < 0: all); absent kinds become
 * empty arrays. */
static void
keep_first(cJSON *q, const int want[3])
{
	for (int k = 0; k < 3; k++) {
		cJSON *a = cJSON_GetObjectItemCaseSensitive(q, kinds[k]);
		if (!cJSON_IsArray(a)) {
			if (a)
				cJSON_DeleteItemFromObjectCaseSensitive(q, kinds[k]);
			a = cJSON_AddArrayToObject(q, kinds[k]);
		}
		while (want[k] >= 0 && cJSON_GetArraySize(a) > want[k])
			cJSON_DeleteItemFromArray(a, cJSON_GetArraySize(a) - 1);
	}
}

cJSON *
cg_quiz_parse_counts(const char *text, int mc, int nopt, int sa, int es,
    cg_err *e)
{
	int want[3] = { mc, sa, es };
	char *s = cg_clean_json(text);
	cg_err je = { 0 };
	cJSON *j = NULL;

	if (s) {
		j = cg_json_parse(s, strlen(s), "reply", &je);
		free(s);
		if (j)
			j = unwrap(j);
		if (j && (!cJSON_IsObject(j) ||
		    (!cJSON_GetObjectItemCaseSensitive(j, kinds[0]) &&
		    !cJSON_GetObjectItemCaseSensitive(j, kinds[1]) &&
		    !cJSON_GetObjectItemCaseSensitive(j, kinds[2])))) {
			cJSON_Delete(j);
			j = NULL;
		}
		if (j)
			cg_quiz_normalise(j, nopt);
	}
	if (!j && !(j = md_parse(text, nopt, want, e))) {
		if (je.code)	/* a JSON reply that is broken says more */
			*e = je;
		return NULL;
	}
	keep_first(j, (const int[3]){ -1, -1, -1 });
	return j;
}

int
cg_quiz_missing(const cJSON *q, int mc, int nopt, int sa, int es, int miss[3])
{
	int want[3] = { mc, sa, es }, total = 0;

	for (int k = 0; k < 3; k++) {
		const cJSON *it;
		int have = 0;
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(q, kinds[k]))
			have += usable(it, k, nopt);
		miss[k] = want[k] > have ? want[k] - have : 0;
		total += miss[k];
	}
	return total;
}

/* ---- comparing questions ---- */

/* A question's text as compared (caller frees): a leading label
 * ("Question 3:", "**Essay 2:**", "3.", "(Short answer)") dropped, ASCII
 * letters and digits lower-cased, other UTF-8 characters kept as they
 * are, but typographic punctuation (U+2000-U+206F) and no-break spaces,
 * which are dropped like ASCII punctuation and spaces. */
static char *
qkey(const char *s)
{
	const char *rest, *e;
	char *o, *p;
	int t, n;

	if (qlabel(s, &t, &n, &rest))
		s = rest;
	s = skipemph(s);
	if (typetag(s, &e) != T_NONE)
		s = e;
	o = p = xmalloc(strlen(s) + 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s, c1 = (unsigned char)s[1];
		if (c == 0xe2 && (c1 == 0x80 || c1 == 0x81) && s[2])
			s += 2;
		else if (c == 0xc2 && c1 == 0xa0)
			s++;
		else if (c >= 0x80)
			*p++ = (char)c;
		else if (isalnum(c))
			*p++ = (char)tolower(c);
	}
	*p = '\0';
	return o;
}

/* The edit distance of a and b when it is at most k, else k + 1. */
static int
editdist(const char *a, const char *b, int k)
{
	int la = (int)strlen(a), lb = (int)strlen(b), i, j, r;
	int *prev, *cur, *x;

	if (la - lb > k || lb - la > k)
		return k + 1;
	prev = xcalloc((size_t)lb + 1, sizeof *prev);
	cur = xcalloc((size_t)lb + 1, sizeof *cur);
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		int low = k + 1;
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			cur[j] = d > k + 1 ? k + 1 : d;
			if (cur[j] < low)
				low = cur[j];
		}
		x = prev;
		prev = cur;
		cur = x;
		if (low > k)
			break;
	}
	r = i <= la ? k + 1 : prev[lb];
	free(prev);
	free(cur);
	return r;
}

/* The digits of s in order, and the number of words that turn a question
 * round ("not", "never", "except", "least", "false", "incorrect", "…n't"),
 * as one string: "12 5|2" for two of them. Caller frees. */
static char *
gist(const char *s)
{
	static const char *neg[] = { "not", "never", "except", "least",
	    "false", "incorrect", "untrue", NULL };
	cg_buf b = { 0 };
	int nn = 0;

	for (const char *p = s; *p; ) {
		const char *w = p;
		if (isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)*p))
				cg_buf_putc(&b, *p++);
			cg_buf_putc(&b, ' ');
		} else if (isalpha((unsigned char)*p)) {
			while (isalpha((unsigned char)*p) || *p == '\'')
				p++;
			for (int k = 0; neg[k]; k++)
				nn += (size_t)(p - w) == strlen(neg[k]) &&
				    !strncasecmp(w, neg[k], strlen(neg[k]));
			nn += p - w > 3 && !strncasecmp(p - 3, "n't", 3);
		} else
			p++;
	}
	cg_buf_printf(&b, "|%d", nn);
	return cg_buf_take(&b);
}

/* Do the texts a and b ask the same question: the same qkey, or, both at
 * least 20 characters of key, at most one edit in 20 apart ("isotope" /
 * "isotopes", a typo) with the same numbers and negations ("not")? */
static int
samequestion(const char *a, const char *b)
{
	char *ka = qkey(a), *kb = qkey(b), *ga, *gb;
	size_t la = strlen(ka), lb = strlen(kb), lo = la < lb ? la : lb;
	int same = *ka && !strcmp(ka, kb);

	if (!same && lo >= 20 && la <= 2000 && lb <= 2000) {
		ga = gist(a);
		gb = gist(b);
		same = !strcmp(ga, gb) && editdist(ka, kb,
		    (int)((la > lb ? la : lb) / 20)) <= (int)((la > lb ? la :
		    lb) / 20);
		free(ga);
		free(gb);
	}
	free(ka);
	free(kb);
	return same;
}

/* Does q hold a usable question that asks what it asks? */
static int
holds(const cJSON *q, const cJSON *it, int nopt)
{
	const char *t = gs(it, "question");

	for (int k = 0; k < 3; k++) {
		const cJSON *x;
		cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(q, kinds[k]))
			if (x != it && usable(x, k, nopt) &&
			    samequestion(gs(x, "question"), t))
				return 1;
	}
	return 0;
}

/* The unusable question of a that the usable m should replace: the one
 * asking the same, else the first; NULL when all are usable. */
static cJSON *
slot(cJSON *a, const cJSON *m, int k, int nopt)
{
	cJSON *it, *first = NULL;

	cJSON_ArrayForEach(it, a)
		if (!usable(it, k, nopt)) {
			if (samequestion(gs(it, "question"), gs(m, "question")))
				return it;
			if (!first)
				first = it;
		}
	return first;
}

int
cg_quiz_merge(cJSON *q, const cJSON *more, int mc, int nopt, int sa, int es)
{
	int want[3] = { mc, sa, es }, added = 0;

	if (!cJSON_IsObject(q))
		return 0;
	keep_first(q, (const int[3]){ -1, -1, -1 });
	for (int k = 0; k < 3; k++) {
		cJSON *a = cJSON_GetObjectItemCaseSensitive(q, kinds[k]), *it, *s;
		const cJSON *m;
		int have = 0;

		cJSON_ArrayForEach(it, a)
			have += usable(it, k, nopt);
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(more,
		    kinds[k])) {
			if (!usable(m, k, nopt) || holds(q, m, nopt))
				continue;
			if ((s = slot(a, m, k, nopt)) != NULL)
				cJSON_ReplaceItemViaPointer(a, s,
				    cJSON_Duplicate(m, 1));
			else if (have < want[k])
				cJSON_AddItemToArray(a, cJSON_Duplicate(m, 1));
			else
				continue;
			have++;
			added++;
		}
	}
	return added;
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
				if (samequestion(gs(x, "question"), gs(it, "question")))
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
