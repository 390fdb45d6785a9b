/* quizmd.c — quiz questions: the markdown fallback, for servers that
 * ignore the schema; see quiz.h. */
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
		char *rest = cg_quiz_trimmed(nl + 1);
		if (*rest && b.len)
			cg_buf_puts(&b, nl[1] == '\n' ? "\n\n" : "\n");
		cg_buf_puts(&b, rest);
		free(rest);
	}
	{
		char *x = cg_buf_take(&b);
		*ex = cg_quiz_trimmed(x);
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
	x = cg_quiz_trimmed(bstr(&b));
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
	qt = cg_quiz_trimmed(bstr(&q->q));
	an = cg_quiz_trimmed(bstr(&q->ans));
	ex = cg_quiz_trimmed(bstr(&q->expl));
	gu = cg_quiz_trimmed(bstr(&q->guide));
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
	cg_quiz_squash(s, sq, sizeof sq);
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
	cg_quiz_squash(tmp, sq, sizeof sq);
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
		{ "q", T_NONE },
		/* "Question" in the other languages cg knows (lang.h) */
		{ "pregunta", T_NONE }, { "frage", T_NONE }, { "pergunta", T_NONE },
		{ "domanda", T_NONE }, { "vraag", T_NONE }, { "pytanie", T_NONE },
		{ "問題", T_NONE }, { "質問", T_NONE }, { "问题", T_NONE },
		{ "سؤال", T_NONE }, { "שאלה", T_NONE }, { NULL, 0 } };
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
	else if (!strncmp(s, "\xe2\x80\x93", 3) || !strncmp(s, "\xe2\x80\x94", 3) ||
	    !strncmp(s, "\xef\xbc\x9a", 3))	/* dashes, a full-width colon */
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
		/* the same labels in the other languages cg knows (lang.h) */
		{ "respuesta correcta", F_ANS }, { "respuesta modelo", F_ANS },
		{ "respuesta", F_ANS }, { "explicación", F_EXPL },
		{ "justificación", F_EXPL }, { "bonne réponse", F_ANS },
		{ "réponse", F_ANS }, { "explication", F_EXPL },
		{ "richtige antwort", F_ANS }, { "musterlösung", F_ANS },
		{ "antwort", F_ANS }, { "lösung", F_ANS },
		{ "erklärung", F_EXPL }, { "begründung", F_EXPL },
		{ "resposta correta", F_ANS }, { "resposta", F_ANS },
		{ "explicação", F_EXPL }, { "justificativa", F_EXPL },
		{ "risposta corretta", F_ANS }, { "risposta", F_ANS },
		{ "spiegazione", F_EXPL }, { "juiste antwoord", F_ANS },
		{ "antwoord", F_ANS }, { "uitleg", F_EXPL },
		{ "toelichting", F_EXPL }, { "poprawna odpowiedź", F_ANS },
		{ "odpowiedź", F_ANS }, { "wyjaśnienie", F_EXPL },
		{ "uzasadnienie", F_EXPL }, { "正解", F_ANS }, { "解答", F_ANS },
		{ "答え", F_ANS }, { "解説", F_EXPL }, { "説明", F_EXPL },
		{ "正确答案", F_ANS }, { "答案", F_ANS }, { "解析", F_EXPL },
		{ "解释", F_EXPL }, { "الإجابة الصحيحة", F_ANS },
		{ "الإجابة", F_ANS }, { "الشرح", F_EXPL }, { "التفسير", F_EXPL },
		{ "התשובה הנכונה", F_ANS }, { "תשובה", F_ANS },
		{ "הסבר", F_EXPL },
		{ NULL, 0 } };
	const char *s = skipemph(line);
	while (*s == '-' && s[1] == ' ')
		s = skipemph(s + 1);
	for (int k = 0; labels[k].w; k++) {
		size_t l = strlen(labels[k].w);
		const char *p;
		int wide = 0;
		if (strncasecmp(s, labels[k].w, l))
			continue;
		p = s + l;
		while (*p == '*' || *p == '_')
			p++;
		wide = !strncmp(p, "\xef\xbc\x9a", 3);	/* a full-width colon */
		if (!wide && *p != ':' && !(*p == ' ' && p[1] == '-' && p[2] == ' ') &&
		    !(labels[k].f == F_GUIDE && (*p == '\0' || *p == ' ')))
			continue;
		if (!wide && labels[k].f == F_GUIDE && *p != ':' && *p != ' ' && *p)
			continue;
		p += wide ? 3 : *p == ':' ? 1 : *p == ' ' && p[1] == '-' ? 2 : 0;
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
	if (!(n = cg_quiz_letterprefix(s, L))) {
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
			y = cg_quiz_trimmed(x);
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

/* s past a leading question label ("Question 3:", "**Essay 2:**", "3.")
 * and type tag ("(Short answer)"), and the emphasis between them. */
const char *
cg_quiz_skiplabel(const char *s)
{
	const char *rest, *e;
	int t, n;

	if (qlabel(s, &t, &n, &rest))
		s = rest;
	s = skipemph(s);
	if (typetag(s, &e) != T_NONE)
		s = e;
	return s;
}

/* The markdown parser; want[3] the counts asked, or -1 each. */
cJSON *
cg_quiz_md_parse(const char *text, int nopt, const int want[3], cg_err *e)
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
		char *line = cg_quiz_trimmed(raw);
		int t, n, f, lab, sec, para = st.blank;
		mdq *q = &st.cur;

		free(raw);
		p = nl ? nl + 1 : p + strlen(p);
		while (line[0] == '>') {	/* block quotes */
			char *x = cg_quiz_trimmed(line + 1);
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
	return cg_quiz_md_parse(text, nopt, unknown, e);
}
