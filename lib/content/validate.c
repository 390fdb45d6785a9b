/* validate.c — per-kind content validators; see validate.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "lang.h"
#include "validate.h"
#include "clean.h"
#include "json.h"
#include "kinds.h"
#include "mermaid.h"
#include "quiz.h"
#include "valint.h"

/* A [min,max] pair of numbers in req.key; 0 when absent or malformed. */
static int
range(const cJSON *req, const char *key, int *lo, int *hi)
{
	const cJSON *a = req ? cJSON_GetObjectItemCaseSensitive(req, key) : NULL;
	const cJSON *x, *y;

	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != 2)
		return 0;
	x = cJSON_GetArrayItem(a, 0);
	y = cJSON_GetArrayItem(a, 1);
	if (!cJSON_IsNumber(x) || !cJSON_IsNumber(y))
		return 0;
	*lo = (int)x->valuedouble;
	*hi = (int)y->valuedouble;
	return 1;
}

static void
problem(cg_buf *hard, int *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void
problem(cg_buf *hard, int *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (hard) {
		cg_buf_vprintf(hard, fmt, ap);
		cg_buf_putc(hard, '\n');
	}
	va_end(ap);
	(*n)++;
}

static void
warning(cJSON *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
warning(cJSON *w, const char *fmt, ...)
{
	cg_buf b = {0};
	va_list ap;

	if (!w)
		return;
	va_start(ap, fmt);
	cg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cJSON_AddItemToArray(w, cJSON_CreateString(b.s ? b.s : ""));
	cg_buf_free(&b);
}

int
cg_validate_heading_match(const char *heading, const char *want)
{
	char *h = cg_val_words(heading), *w = cg_val_words(want);
	char *hv[64], *wv[16], *p;
	int nh = 0, nw = 0, i, j, ok = 0;

	for (p = strtok(h, " "); p && nh < 64; p = strtok(NULL, " "))
		hv[nh++] = p;
	for (p = strtok(w, " "); p && nw < 16; p = strtok(NULL, " "))
		wv[nw++] = p;
	/* want's words, contiguous, each a prefix of the heading's word
	 * ("Method" matches "Methods") */
	for (i = 0; nw && i + nw <= nh && !ok; i++) {
		for (j = 0; j < nw; j++)
			if (!cg_startswith(hv[i + j], wv[j]))
				break;
		ok = j == nw;
	}
	free(h);
	free(w);
	return ok;
}

/* Heading text without "#"s, bold/italic marks, numbering ("1.", "2)",
 * "IV.") and a trailing colon.  Caller frees. */
static char *
heading_text(const char *line, size_t len)
{
	char *s = xstrndup(line, len), *t, *q;
	size_t n;

	t = s;
	while (*t == '#')
		t++;
	/* drop emphasis markers anywhere */
	for (q = t; *q; q++)
		if (*q == '*' || *q == '_' || *q == '`')
			*q = ' ';
	t = cg_trim(t);
	n = strlen(t);
	while (n && (t[n - 1] == '#' || t[n - 1] == ':' || t[n - 1] == ' '))
		t[--n] = '\0';
	q = t;
	while (isdigit((unsigned char)*q) || *q == '.')
		q++;
	if (q > t && (*q == ' ' || *q == ')' || q[-1] == '.')) {
		if (*q == ')')
			q++;
		t = q;
	}
	t = xstrdup(cg_trim(t));
	free(s);
	return t;
}

/* Call fn for every line outside fenced code blocks; level = number of
 * leading '#' followed by a space (0 when not a heading). */
typedef void (*line_fn)(void *arg, const char *line, size_t len, int level);
static void
each_line(const char *text, line_fn fn, void *arg)
{
	const char *p = text, *e;
	int fence = 0;

	while (*p) {
		size_t len;
		int lv = 0;
		const char *q;

		e = strchr(p, '\n');
		len = e ? (size_t)(e - p) : strlen(p);
		q = p;
		while (q < p + len && *q == ' ')
			q++;
		if (cg_startswith(q, "```") || cg_startswith(q, "~~~"))
			fence = !fence;
		else if (!fence) {
			while (p + lv < p + len && p[lv] == '#')
				lv++;
			if (lv == 0 || lv > 6 || (p + lv < p + len && p[lv] != ' '
			    && p[lv] != '\t'))
				lv = 0;
			fn(arg, p, len, lv);
		}
		p = e ? e + 1 : p + len;
	}
}

struct hctx {
	cJSON *all;	/* every heading: {"level","text"} */
};

static void
collect(void *arg, const char *line, size_t len, int level)
{
	struct hctx *h = arg;
	cJSON *o;
	char *t;

	if (!level)
		return;
	t = heading_text(line, len);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "level", level);
	cJSON_AddStringToObject(o, "text", t);
	cJSON_AddItemToArray(h->all, o);
	free(t);
}

static cJSON *
all_headings(const char *text)
{
	struct hctx h = { cJSON_CreateArray() };

	each_line(text, collect, &h);
	return h.all;
}

cJSON *
cg_validate_headings(const char *text)
{
	cJSON *all = all_headings(text), *out = cJSON_CreateArray(), *it;

	cJSON_ArrayForEach(it, all)
		if (cg_json_getn(it, "level", 0) == 2)
			cJSON_AddItemToArray(out, cJSON_CreateString(
			    cg_json_gets(it, "text", "")));
	cJSON_Delete(all);
	return out;
}

/* The "## " headings of text outside code fences: the offset of each
 * line in at[] (at most max); returns how many. */
static int
h2_lines(const char *text, size_t *at, int max)
{
	const char *l = text, *e;
	int n = 0, fence = 0;

	for (; *l; l = *e ? e + 1 : e) {
		e = l + strcspn(l, "\n");
		if (!strncmp(l, "```", 3) || !strncmp(l, "~~~", 3))
			fence = !fence;
		else if (!fence && !strncmp(l, "## ", 3) && n < max)
			at[n++] = (size_t)(l - text);
	}
	return n;
}

int
cg_validate_section(const char *text, const cJSON *req, int k,
    size_t *start, size_t *end)
{
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(req, "headings");
	const cJSON *en = cJSON_GetObjectItemCaseSensitive(req, "headings_en");
	const cJSON *w = cJSON_GetArrayItem(want, k), *w2 = cJSON_GetArrayItem(en, k);
	size_t at[128];
	int n = h2_lines(text, at, 128), nreq = cJSON_GetArraySize(want), i;
	int found = -1;

	if (!cJSON_IsString(w))
		return -1;
	for (i = 0; i < n && found < 0; i++) {
		size_t l = strcspn(text + at[i], "\n");
		char *h = xstrndup(text + at[i] + 3, l - 3);
		if (cg_validate_heading_match(h, w->valuestring) ||
		    (cJSON_IsString(w2) && cg_validate_heading_match(h,
		    w2->valuestring)))
			found = i;
		free(h);
	}
	if (found < 0 && !cg_validate_english(cg_json_gets(req, "language",
	    "English")) && n >= nreq)
		found = k == 0 ? 0 : n - (nreq - k);
	if (found < 0)
		return -1;
	*start = at[found] + strcspn(text + at[found], "\n");
	if (text[*start] == '\n')
		(*start)++;
	*end = found + 1 < n ? at[found + 1] : strlen(text);
	return 0;
}

/* A heading copied from a prompt's placeholder rather than written. */
static int
placeholder(const char *heading)
{
	static const char *const has[] = {
		"{{", "}}", "[insert", "your title", "title here",
		"heading here", "placeholder", "lorem ipsum", "xxx", "tbd",
	};
	static const char *const whole[] = {
		"heading", "title", "section title", "section heading",
		"subheading", "topic", "subtopic", "main topic",
	};
	char *w = cg_val_words(heading), *lc = xstrdup(heading), *p;
	size_t i, n;
	int bad = 0;

	for (p = lc; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (i = 0; i < sizeof has / sizeof *has && !bad; i++)
		if (strstr(lc, has[i]))
			bad = 1;
	/* "Main Topic 1", "Subtopic 2", "Section 3", "Heading 1", "Topic A" */
	n = strlen(w);
	while (n && (isdigit((unsigned char)w[n - 1]) || w[n - 1] == ' '))
		n--;
	if (!bad && n < strlen(w)) {
		w[n] = '\0';
		for (i = 0; i < sizeof whole / sizeof *whole && !bad; i++)
			if (!strcmp(w, whole[i]) || !strcmp(w, "section"))
				bad = 1;
	}
	if (!bad)
		for (i = 0; i < sizeof whole / sizeof *whole && !bad; i++)
			if (!strcmp(w, whole[i]))
				bad = 1;
	n = strlen(heading);
	if (n >= 2 && ((heading[0] == '[' && heading[n - 1] == ']') ||
	    (heading[0] == '<' && heading[n - 1] == '>')))
		bad = 1;
	free(w);
	free(lc);
	return bad;
}

/* The first and last non-blank lines. */
static void
ends(const char *text, const char **first, size_t *flen, const char **last,
    size_t *llen)
{
	const char *p = text, *e;

	*first = *last = NULL;
	*flen = *llen = 0;
	while (*p) {
		const char *q;
		e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		for (q = p; q < p + len && isspace((unsigned char)*q); q++)
			;
		if (q < p + len) {
			if (!*first) {
				*first = p;
				*flen = len;
			}
			*last = p;
			*llen = len;
		}
		p = e ? e + 1 : p + len;
	}
}

static void
shorten(char out[64], const char *s, size_t len)
{
	size_t n = len < 60 ? len : 60;

	memcpy(out, s, n);
	/* do not cut a UTF-8 sequence */
	while (n && n < len && ((unsigned char)out[n] & 0xC0) == 0x80)
		n--;
	out[n] = '\0';
	if (n < len)
		strcat(out, "…");
}

/* 1 when line has a letter or digit: separator lines (of "=", "-", box
 * drawing or dash characters) and table rules have none. */
static int
wordy(const char *line)
{
	const unsigned char *p;

	for (p = (const unsigned char *)line; *p; p++)
		if (isalnum(*p))
			return 1;
		else if (*p >= 0xC3 && *p < 0xE0)	/* Latin-1 Supplement.. */
			return 1;
		else if (*p >= 0xE3)	/* CJK and beyond */
			return 1;
	return 0;
}

int
cg_validate_english(const char *l)
{
	return !l || !*l || !strncasecmp(l, "english", 7) ||
	    !strcasecmp(l, "en") || !strncasecmp(l, "en-", 3) ||
	    !strncasecmp(l, "en_", 3);
}

/* Whether req asks for English (req.language, default English). */
static int
english(const cJSON *req)
{
	return cg_validate_english(cg_json_gets(req, "language", "English"));
}

/* Any non-trivial line (>= 40 bytes after trimming) or paragraph appearing
 * 3+ times: a repetition loop.  Reports the first such. */
static int
repetition(const char *text, char sample[64])
{
	char *copy = xstrdup(text), *p, *save = NULL;
	char **v = NULL;
	size_t n = 0, cap = 0, i, j;
	int worst = 0;

	/* lines */
	for (p = strtok_r(copy, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		p = cg_trim(p);
		if (strlen(p) < 40 || cg_startswith(p, "|") || !wordy(p) ||
		    cg_clean_is_separator(p, strlen(p)))
			continue;
		if (n == cap)
			v = xrealloc(v, (cap = cap ? 2 * cap : 64) * sizeof *v);
		v[n++] = p;
	}
	for (i = 0; i < n && worst < 3; i++) {
		int c = 1;
		for (j = i + 1; j < n; j++)
			if (!strcmp(v[i], v[j]))
				c++;
		if (c >= 3) {
			worst = c;
			shorten(sample, v[i], strlen(v[i]));
		}
	}
	free(v);
	free(copy);
	return worst;
}

struct modctx {
	int modules, bad;
	char first[32];
};

/* "Module 7" (case-insensitive) beyond the course's modules. */
static void
module_refs(const char *text, struct modctx *m)
{
	const char *p;

	for (p = text; *p; p++) {
		long n;
		char *end;
		if (strncasecmp(p, "module", 6) != 0 ||
		    (p > text && isalnum((unsigned char)p[-1])))
			continue;
		p += 6;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!isdigit((unsigned char)*p))
			continue;
		n = strtol(p, &end, 10);
		if (isalnum((unsigned char)*end))
			continue;
		if (n < 1 || n > m->modules) {
			if (!m->bad)
				snprintf(m->first, sizeof m->first, "Module %ld", n);
			m->bad++;
		}
		p = end - 1;
	}
}


/* ---- placeholders ------------------------------------------------------ */

/* Is the bracket text b[0..n) (without the brackets) a placeholder copied
 * from a template — "[INSTRUCTOR]", "[Insert date]", "[Your Name]",
 * "[Title]" — rather than a real use of brackets: a citation "[1]", an
 * editorial "[sic]", a concentration "[ATP]", an interval, a task box? */
static int
bracketholder(const char *b, size_t n)
{
	static const char *const lead[] = { "insert ", "your ", "enter ",
	    "add ", "fill in", "placeholder", "tbd", "to be ", "name of ",
	    "describe ", NULL };
	static const char *const whole[] = { "title", "name", "date", "time",
	    "topic", "subtopic", "heading", "instructor", "teacher", "course",
	    "course name", "course code", "school", "location", "room",
	    "number", "email", "link", "url", "image", "author",
	    "student name", "your name", "date here", "text", "content",
	    "example", NULL };
	char lc[64];
	size_t i, letters = 0, upper = 0, spaces = 0;

	if (n == 0 || n >= sizeof lc)
		return 0;
	for (i = 0; i < n; i++)
		lc[i] = (char)tolower((unsigned char)b[i]);
	lc[n] = '\0';
	for (i = 0; lead[i]; i++)
		if (cg_startswith(lc, lead[i]))
			return 1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)b[i];
		if (isalpha(c))
			letters++, upper += isupper(c) != 0;
		else if (c == ' ')
			spaces++;
		else if (c != '-' && c != '\'' && c != '/' && c != '&')
			return 0;	/* digits, signs, commas: real text */
	}
	for (i = 0; whole[i]; i++)
		if (!strcmp(lc, whole[i]))
			return 1;
	/* "[INSTRUCTOR]", "[COURSE CODE]"; not "[ATP]" or "[NADPH]" */
	return letters && upper == letters && (letters >= 6 || spaces);
}

/* The placeholders in brackets left in text (outside code), as
 * "\"[A]\", \"[B]\"" in out; their number. */
static int
placeholders(const char *text, cg_buf *out)
{
	const char *p = text;
	int n = 0, fence = 0, bol = 1;

	while (*p) {
		if (bol && (cg_startswith(p + strspn(p, " "), "```") ||
		    cg_startswith(p + strspn(p, " "), "~~~")))
			fence = !fence;
		if (bol && !fence && *p == '#') {
			/* "## [Your Title]": the placeholder heading check's */
			size_t len = strcspn(p, "\n");
			char *h = heading_text(p, len);
			size_t hl = strlen(h);
			int whole = hl >= 2 && h[0] == '[' && h[hl - 1] == ']';
			free(h);
			if (whole) {
				p += len;
				continue;
			}
		}
		bol = *p == '\n';
		if (fence || *p != '[') {
			if (*p == '`' && !fence) {	/* inline code */
				const char *e = strchr(p + 1, '`');
				const char *nl = strchr(p + 1, '\n');
				if (e && (!nl || e < nl))
					p = e;
			}
			p++;
			continue;
		}
		{
			const char *e = p + 1 + strcspn(p + 1, "[]\n");
			if (*e == ']' && !strchr("([:", e[1] ? e[1] : ' ') &&
			    bracketholder(p + 1, (size_t)(e - p - 1))) {
				if (n < 5)
					cg_buf_printf(out, "%s\"%.*s\"", n ? ", " :
					    "", (int)(e - p + 1), p);
				n++;
			}
			p = *e == ']' ? e + 1 : e;
		}
	}
	return n;
}

/* ---- language (the subtopics: cover.c) ---------------------------------- */

/* 1 when text is clearly in a language cg knows (lang.h) other than
 * req's (English when req names none); *found gets it.  A course in a
 * language cg does not know is judged by looks_english only. */
static int
lang_mismatch(const char *text, const cJSON *req, const char **found)
{
	const char *code = cg_lang_code(cg_json_gets(req, "language",
	    "English"));

	return code && cg_lang_mismatch(text, code, found);
}

/* 1 when text reads as English: at least 80 words, 8% or more of them
 * words that only English uses often ("the", "and", "which" — not "to",
 * "of", "is", "in", "an", "on", "for", "was", which other languages
 * share).  For a course in another language. */
static int
looks_english(const char *text)
{
	static const char *const sw[] = { "the", "and", "that", "with",
	    "this", "which", "from", "they", "their", "these", "it", "be",
	    "have", "are", "were", "been", "has", "its", "not", "but",
	    NULL };
	char *w = cg_val_words(text), *t, *save = NULL;
	int n = 0, hit = 0;

	for (t = strtok_r(w, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		n++;
		for (int i = 0; sw[i]; i++)
			if (!strcmp(t, sw[i])) {
				hit++;
				break;
			}
	}
	free(w);
	return n >= 80 && 100 * hit >= 8 * n;
}

static int
check_prose(const char *kind, const char *text, const cJSON *req,
    cg_buf *hard, cg_buf *reask, cg_buf *imp, cJSON *warn)
{
	int n = 0, ni = 0, lo, hi, words, nsec, i, nmiss = 0, nreq = 0, last = -1;
	int order = 1, nenglish = 0;
	const char *first, *lastl, *found = NULL;
	size_t flen, llen;
	char sample[64];
	cJSON *heads, *all, *it;
	const cJSON *want;

	ends(text, &first, &flen, &lastl, &llen);
	if (first && (cg_startswith(first, "```") || cg_startswith(first, "~~~")))
		problem(imp, &ni, "Do not wrap the document in a code fence; "
		    "write plain markdown.");
	else if (first && cg_clean_is_meta(first, flen)) {
		shorten(sample, first, flen);
		problem(imp, &ni, "Start directly with the document itself; "
		    "no introductory remark such as \"%s\".", sample);
	}
	if (lastl && lastl != first && cg_clean_is_meta(lastl, llen)) {
		shorten(sample, lastl, llen);
		problem(imp, &ni, "End with the document's own content; no "
		    "closing remark such as \"%s\".", sample);
	}

	words = cg_clean_words(text);
	if (range(req, "words", &lo, &hi)) {
		if (words < lo / 2)
			problem(hard, &n, "The %s has only %d words; write "
			    "between %d and %d words.", kind, words, lo, hi);
		else if (words < lo || words > hi)
			problem(imp, &ni, "The %s has %d words; write between "
			    "%d and %d words.", kind, words, lo, hi);
	}

	heads = cg_validate_headings(text);
	nsec = cJSON_GetArraySize(heads);
	if (range(req, "sections", &lo, &hi) && (nsec < lo || nsec > hi))
		problem(imp, &ni, "The document has %d sections (\"## \" "
		    "headings); use between %d and %d.", nsec, lo, hi);

	want = req ? cJSON_GetObjectItemCaseSensitive(req, "headings") : NULL;
	if (cJSON_IsArray(want) && !english(req) &&
	    cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(req, "headings_en"))) {
		/* worded in the course's language by cg (lang.h): a heading
		 * worded otherwise is imperfect, never worth a re-ask, as long
		 * as there are enough of them */
		cg_buf miss = {0};
		const cJSON *en = cJSON_GetObjectItemCaseSensitive(req,
		    "headings_en");
		int k = 0;
		cJSON_ArrayForEach(it, want) {
			const cJSON *e1 = cJSON_GetArrayItem(en, k++);
			int found = 0;
			if (!cJSON_IsString(it))
				continue;
			nreq++;
			for (i = 0; i < nsec && !found; i++) {
				const char *h = cJSON_GetArrayItem(heads,
				    i)->valuestring;
				if (cg_validate_heading_match(h, it->valuestring))
					found = 1;
				else if (cJSON_IsString(e1) &&
				    cg_validate_heading_match(h, e1->valuestring))
					found = 2;
			}
			if (found == 2)
				nenglish++;
			if (found != 1)
				cg_buf_printf(&miss, "%s\"## %s\"", nmiss++ ? ", " :
				    "", it->valuestring);
		}
		if (nsec < nreq)
			problem(2 * (nreq - nsec) > nreq ? reask : imp, &ni,
			    "The document has %d \"## \" section headings; it "
			    "needs at least %d: the required ones, in order.",
			    nsec, nreq);
		else if (nmiss)
			problem(imp, &ni, "Use the required section headings, "
			    "worded as given, in this order: %s.", miss.s);
		cg_buf_free(&miss);
	} else if (cJSON_IsArray(want) && !english(req)) {
		/* translated headings: matched by count, not by words */
		cJSON_ArrayForEach(it, want) {
			if (!cJSON_IsString(it))
				continue;
			nreq++;
			for (i = 0; i < nsec; i++)
				if (cg_validate_heading_match(cJSON_GetArrayItem(
				    heads, i)->valuestring, it->valuestring)) {
					nenglish++;
					break;
				}
		}
		/* more than half of them missing is worth asking again */
		if (nsec < nreq)
			problem(2 * (nreq - nsec) > nreq ? reask : imp, &ni,
			    "The document has %d \"## \" section headings; it "
			    "needs at least %d: the required ones, translated, in "
			    "order.", nsec, nreq);
	} else if (cJSON_IsArray(want)) {
		cg_buf miss = {0};
		cJSON_ArrayForEach(it, want) {
			int found = -1;
			if (!cJSON_IsString(it))
				continue;
			nreq++;
			for (i = 0; i < nsec && found < 0; i++)
				if (cg_validate_heading_match(cJSON_GetArrayItem(
				    heads, i)->valuestring, it->valuestring))
					found = i;
			if (found < 0) {
				cg_buf_printf(&miss, "%s\"## %s\"", nmiss ?
				    ", " : "", it->valuestring);
				nmiss++;
			} else {
				if (found < last)
					order = 0;
				last = found;
			}
		}
		if (nmiss)
			problem(2 * nmiss > nreq ? reask : imp, &ni, "Use the "
			    "required section headings, worded as given, in this "
			    "order; missing: %s.", miss.s);
		if (!order)
			warning(warn, "required headings out of order");
		cg_buf_free(&miss);
	}
	cJSON_Delete(heads);

	all = all_headings(text);
	cJSON_ArrayForEach(it, all) {
		const char *h = cg_json_gets(it, "text", "");
		if (placeholder(h)) {
			problem(imp, &ni, "Replace the placeholder heading "
			    "\"%s\" with a real, specific title.", h);
			break;
		}
	}
	cJSON_Delete(all);

	{
		cg_buf ph = {0}, miss = {0};
		int nph = placeholders(text, &ph), tot, unc;
		if (nph)
			problem(imp, &ni, "placeholder%s %s left in the text",
			    nph == 1 ? "" : "s", ph.s);
		unc = cg_val_uncovered(text, req, &miss, &tot);
		if (unc && 2 * unc > tot)
			problem(reask, &ni, "The %s leaves out most of the "
			    "session's subtopics; cover each of them: %s.", kind,
			    miss.s);
		else if (unc)
			problem(imp, &ni, "The %s does not cover the subtopic%s "
			    "%s.", kind, unc == 1 ? "" : "s", miss.s);
		cg_buf_free(&ph);
		cg_buf_free(&miss);
	}
	/* clearly not translated: English words, and the required headings
	 * in English too (a model may keep a heading or two in English, and
	 * write the rest in the course's language); a kind without required
	 * headings has no second sign and is not judged */
	if (lang_mismatch(text, req, &found))
		problem(reask, &ni, "The %s is written in %s; write it in %s.",
		    kind, cg_lang_name(found), cg_lang_name(cg_lang_code(
		    cg_json_gets(req, "language", "English"))));
	else if (!english(req) && !cg_lang_code(cg_json_gets(req, "language",
	    NULL)) && nreq && 2 * nenglish >= nreq && looks_english(text))
		problem(reask, &ni, "The %s is written in English; write it in "
		    "%s.", kind, cg_json_gets(req, "language", ""));

	if ((i = repetition(text, sample)) >= 3)
		problem(imp, &ni, "A passage is repeated %d times (\"%s\"); "
		    "say each thing once.", i, sample);

	if (req && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(req,
	    "modules"))) {
		struct modctx m = { (int)cg_json_getn(req, "modules", 0), 0, "" };
		module_refs(text, &m);
		if (m.bad)
			warning(warn, "mentions %s, but the course has %d "
			    "module%s", m.first, m.modules, m.modules == 1 ?
			    "" : "s");
	}
	return n;
}

/* Nodes a valid diagram may have before it is too big to read: 60, or
 * twice the asked maximum when that is more. */
static int
node_cap(int hi)
{
	return 2 * hi > 60 ? 2 * hi : 60;
}

/* A diagram that cannot be parsed (prose, one node, no edges) or is not
 * in strict syntax is unusable; one that parses is never unusable for
 * its size: under the asked minimum, or over the cap, it is imperfect,
 * and between the maximum and the cap (real concept diagrams run to
 * 15-30 nodes) it is kept without a word. */
static int
check_mermaid(const char *text, const cJSON *req, cg_buf *hard, cg_buf *imp)
{
	cg_err e = {0};
	cg_mmd *m;
	int n = 0, n2 = 0, lo, hi, nodes;

	if (!(m = cg_mmd_parse(text, &e))) {
		problem(hard, &n, "Reply with a mermaid flowchart whose nodes "
		    "are joined by arrows (%s).", e.msg);
		return n;
	}
	if (cg_mmd_check(text, &e) < 0)
		problem(hard, &n, "Write a valid mermaid flowchart (%s).", e.msg);
	nodes = cg_mmd_nnodes(m);
	if (range(req, "nodes", &lo, &hi) && nodes < lo)
		problem(imp, &n2, "The flowchart has %d nodes; use between %d "
		    "and %d nodes.", nodes, lo, hi);
	else if (range(req, "nodes", &lo, &hi) && nodes > node_cap(hi))
		problem(imp, &n2, "The flowchart has %d nodes, too many to "
		    "read; use between %d and %d nodes.", nodes, lo, hi);
	cg_mmd_free(m);
	return n;
}

/* A quiz short of questions (or with a broken one) is unusable; what
 * cg_quiz_check says beyond that — an answer without its explanation —
 * is imperfect. */
static int
check_quiz(const char *text, const cJSON *req, cg_buf *hard, cg_buf *reask,
    cg_buf *imp)
{
	cg_err e = {0};
	cJSON *q = cg_json_parse(text, strlen(text), "questions.json", &e);
	const cJSON *c = req ? cJSON_GetObjectItemCaseSensitive(req,
	    "questions") : NULL;
	int n = 0, ni = 0, mc, nopt, sa, es, miss[3];

	if (!q) {
		problem(hard, &n, "Reply with one JSON document (%s).", e.msg);
		return n;
	}
	if (!cJSON_IsObject(q))
		problem(hard, &n, "Reply with a JSON object holding "
		    "multiple_choice, short_answer and essay.");
	else if (cJSON_IsObject(c)) {
		mc = (int)cg_json_getn(c, "multiple_choice", 0);
		nopt = (int)cg_json_getn(c, "options", 4);
		sa = (int)cg_json_getn(c, "short_answer", 0);
		es = (int)cg_json_getn(c, "essay", 0);
		if (cg_quiz_check(q, mc, nopt, sa, es, &e) < 0) {
			/* short of questions: unusable when it holds none,
			 * else worth a re-ask and then kept */
			int lack = cg_quiz_missing(q, mc, nopt, sa, es, miss);
			cg_buf *to = lack >= mc + sa + es ? hard : lack > 0 ?
			    reask : imp;
			char *s = e.msg, *l, *save = NULL;
			for (l = strtok_r(s, "\n", &save); l; l = strtok_r(NULL,
			    "\n", &save))
				problem(to, to == hard ? &n : &ni, "%s", l);
		}
	}
	cJSON_Delete(q);
	return n;
}

int
cg_validate_ex(const char *kind, const char *text, const cJSON *req,
    cg_buf *unusable, cg_buf *reask, cg_buf *imperfect, cJSON *warnings)
{
	const struct cg_kind *kd = cg_kind_find(kind);
	const char *p;
	int n = 0;

	for (p = text ? text : ""; *p && isspace((unsigned char)*p); p++)
		;
	if (!*p) {
		problem(unusable, &n, "The reply was empty; write the whole %s.",
		    kind);
		return n;
	}
	switch (kd ? kd->shape : CG_SHAPE_PROSE) {
	case CG_SHAPE_DIAGRAM:
		return check_mermaid(text, req, unusable, imperfect);
	case CG_SHAPE_QUIZ:
		return check_quiz(text, req, unusable, reask, imperfect);
	case CG_SHAPE_OUTLINE:
		return 0;	/* cg_outline_check */
	default:
		return check_prose(kind, text, req, unusable, reask, imperfect,
		    warnings);
	}
}

int
cg_validate(const char *kind, const char *text, const cJSON *req,
    cg_buf *hard, cg_buf *imperfect, cJSON *warnings)
{
	return cg_validate_ex(kind, text, req, hard, imperfect, imperfect,
	    warnings);
}
