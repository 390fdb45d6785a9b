/* quiz.c — quiz questions: tolerant reading of replies.
 *
 * Structured JSON is the source of truth (cg.7).  Replies are
 * normalised only where the form is unambiguous (an answer letter written
 * as "(B)" or as the option's text, option letters repeated in the option
 * text); question text is only ever trimmed, and a trailing ".?" made
 * "?".  Problems are collected, not stopped at, so one repair request can
 * name all of them.  Questions are compared (a re-ask's with those held,
 * a session's with earlier sessions') by their text less case, spaces,
 * punctuation and labels, or as near-identical.  The markdown fallback is
 * in quizmd.c; checks, repeats across sessions and rendering in
 * quizcheck.c.
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
#include "quizint.h"

static const char *kinds[] = { "multiple_choice", "short_answer", "essay" };

static const char *
gs(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* ---- normalisation ---- */

/* s without leading and trailing white space (caller frees). */
char *
cg_quiz_trimmed(const char *s)
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
		char *t = cg_quiz_trimmed(v->valuestring);
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
void
cg_quiz_squash(const char *s, char *o, size_t cap)
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
		cg_quiz_squash(c->string, sq, sizeof sq);
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
size_t
cg_quiz_letterprefix(const char *s, char L)
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

/* Are a and b equal but for case (ASCII) and surrounding white space? */
int
cg_quiz_streqi(const char *a, const char *b)
{
	char *x = cg_quiz_trimmed(a), *y = cg_quiz_trimmed(b);
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
	char *a = cg_quiz_trimmed(ans), *p = a;
	const cJSON *o;
	char L = 0;
	int i = 0;
	size_t n;

	/* the option text itself (checked first: "A cell wall" is text) */
	cJSON_ArrayForEach(o, opts) {
		if (cJSON_IsString(o) && cg_quiz_streqi(o->valuestring, a)) {
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
			if ((n = cg_quiz_letterprefix(p, c)) != 0 || ((p[0] == c ||
			    p[0] == c + 32) && strchr(").:", p[1]) && p[1] && !p[2])) {
				const char *rest = p + n;
				const cJSON *oc = cJSON_GetArrayItem(opts, c - 'A');
				if (!n || !*rest)
					L = c;
				else if (oc && cJSON_IsString(oc) &&
				    (cg_quiz_streqi(rest, oc->valuestring) ||
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
			if (!cJSON_IsString(o) || !cg_quiz_letterprefix(o->valuestring,
			    (char)('A' + i)))
				all = 0;
			i++;
		}
		i = 0;
		cJSON_ArrayForEach(o, opts) {
			if (cJSON_IsString(o)) {
				char *t = cg_quiz_trimmed(o->valuestring + (all ?
				    cg_quiz_letterprefix(o->valuestring, (char)('A' + i)) : 0));
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
	if (!j && !(j = cg_quiz_md_parse(text, nopt, want, e))) {
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
			have += cg_quiz_usable(it, k, nopt);
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
	char *o, *p;

	s = cg_quiz_skiplabel(s);
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
int
cg_quiz_samequestion(const char *a, const char *b)
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
			if (x != it && cg_quiz_usable(x, k, nopt) &&
			    cg_quiz_samequestion(gs(x, "question"), t))
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
		if (!cg_quiz_usable(it, k, nopt)) {
			if (cg_quiz_samequestion(gs(it, "question"), gs(m, "question")))
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
			have += cg_quiz_usable(it, k, nopt);
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(more,
		    kinds[k])) {
			if (!cg_quiz_usable(m, k, nopt) || holds(q, m, nopt))
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
