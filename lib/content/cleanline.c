/* cleanline.c — what a line of a reply is: blank, heading, fence, bar,
 * checkbox, preamble, closing remark, word count, END marker, echoed
 * checklist title.  The rules of clean.c decide from these which lines
 * to drop; cg_clean_is_meta and cg_clean_is_separator expose two of them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "clean.h"
#include "cleanline.h"

/* Lower-cased, emphasis-stripped copy of a line with typographic
 * apostrophes and quotes folded to ASCII, in out[cap]. */
void
cg_clean_normline(const char *s, size_t len, char *out, size_t cap)
{
	size_t i = 0, o = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (i < len && (s[i] == '*' || s[i] == '_' || s[i] == '>'))
		i++;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '*' || s[len - 1] == '_'))
		len--;
	for (; i < len && o + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80) {
			unsigned char d = (unsigned char)s[i + 2];
			if (d == 0x98 || d == 0x99) {		/* ‘ ’ */
				out[o++] = '\'';
				i += 2;
				continue;
			}
			if (d == 0x9c || d == 0x9d) {		/* “ ” */
				out[o++] = '"';
				i += 2;
				continue;
			}
		}
		if (c == '*' || c == '_')	/* emphasis inside: "Here's **the**" */
			continue;
		out[o++] = (char)tolower(c);
	}
	out[o] = '\0';
}

static int
starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int
has(const char *s, const char *p)
{
	return strstr(s, p) != NULL;
}

/* The first of the NULL-terminated list that s starts with, or NULL. */
static const char *
startsany(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (starts(s, list[i]))
			return list[i];
	return NULL;
}

static int
hasany(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (has(s, list[i]))
			return 1;
	return 0;
}

int
cg_clean_isblankline(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

int
cg_clean_isheading(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && s[i] == ' ')
		i++;
	return i < len && s[i] == '#';
}

/* Length of a UTF-8 separator character at s: box drawing U+2500-U+257F
 * or the dashes U+2012-U+2015 (‒ – — ―); 0 for anything else. */
static size_t
ubar(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	if (len < 3 || u[0] != 0xe2)
		return 0;
	if ((u[1] == 0x94 || u[1] == 0x95) && u[2] >= 0x80 && u[2] <= 0xbf)
		return 3;
	if (u[1] == 0x80 && u[2] >= 0x92 && u[2] <= 0x95)
		return 3;
	return 0;
}

/* A separator bar: ---, ***, ___, ===, - - - (one ASCII character), or
 * three or more box-drawing / dash characters, mixed with - _ = * at will
 * (═══, ───, ———, ━━━). *uni gets whether a Unicode one was seen. */
static int
bar(const char *s, size_t len, int *uni)
{
	int n = 0;
	char c = 0;
	*uni = 0;
	for (size_t i = 0; i < len; i++) {
		size_t k;
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if ((k = ubar(s + i, len - i)) != 0) {
			*uni = 1;
			i += k - 1;
		} else if (!strchr("-*_=", s[i]) || !s[i])
			return 0;
		else if (c && s[i] != c)
			c = 1;	/* mixed: only with a Unicode one */
		else
			c = s[i];
		n++;
	}
	return n >= 3 && (*uni || c != 1);
}

int
cg_clean_isbar(const char *s, size_t len)
{
	int u;
	return bar(s, len, &u);
}

/* A bar with a box-drawing or dash character in it: never markdown. */
int
cg_clean_isubar(const char *s, size_t len)
{
	int u;
	return bar(s, len, &u) && u;
}

/* A fence line: ``` or ~~~ (three or more), optional info string.
 * *info gets the info word (lower-cased) in info[32]. */
int
cg_clean_isfence(const char *s, size_t len, char *info, char *fc)
{
	size_t i = 0, n = 0, o = 0;
	while (i < len && s[i] == ' ' && i < 3)
		i++;
	if (i >= len || (s[i] != '`' && s[i] != '~'))
		return 0;
	*fc = s[i];
	while (i < len && s[i] == *fc)
		i++, n++;
	if (n < 3)
		return 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (i < len && !isspace((unsigned char)s[i]) && o < 31)
		info[o++] = (char)tolower((unsigned char)s[i++]);
	info[o] = '\0';
	return 1;
}

/* A checkbox "[ ]", "[x]" opening the line, after an optional list
 * marker ("- ", "* ", "+ ", "1. "): 0 none, 1 empty, 2 ticked; *marker
 * says whether a list marker came first.  Without one, markdown has no
 * task list: the line is an echoed checklist. */
int
cg_clean_checkbox(const char *s, size_t len, int *marker)
{
	size_t i = 0;
	*marker = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i + 1 < len && strchr("-*+", s[i]) && s[i + 1] == ' ') {
		*marker = 1;
		i += 2;
	} else if (i < len && isdigit((unsigned char)s[i])) {
		size_t j = i;
		while (j < len && isdigit((unsigned char)s[j]))
			j++;
		if (j + 1 < len && (s[j] == '.' || s[j] == ')') && s[j + 1] == ' ') {
			*marker = 1;
			i = j + 2;
		}
	}
	while (i < len && s[i] == ' ')
		i++;
	if (i + 4 >= len || s[i] != '[' || !s[i + 1] ||
	    !strchr(" xX", s[i + 1]) || s[i + 2] != ']' ||
	    (s[i + 3] != ' ' && s[i + 3] != '\t'))
		return 0;
	return s[i + 1] == ' ' ? 1 : 2;
}

int
cg_clean_ischeckitem(const char *s, size_t len)
{
	int m;
	return cg_clean_checkbox(s, len, &m) != 0;
}

/* A checklist item about the prompt's requirements rather than the
 * subject: it mentions words (with a number, or "word count"),
 * sections, headings, requirements, format, preamble, constraints,
 * instructions, markdown or the prompt. */
int
cg_clean_isreqitem(const char *s, size_t len)
{
	static const char *w[] = { "word count", "word limit", "word range",
	    "section", "heading", "requirement", "required", "format",
	    "preamble", "constraint", "instruction", "markdown", "the prompt",
	    "closing remark", NULL };
	char n[512];
	int digit = 0;
	if (!cg_clean_ischeckitem(s, len))
		return 0;
	cg_clean_normline(s, len, n, sizeof n);
	for (const char *p = n; *p; p++)
		digit |= isdigit((unsigned char)*p);
	return hasany(n, w) || (digit && (has(n, " words") || has(n, "-word")));
}

/* A checkbox with no list marker that is ticked or about the
 * requirements: chat wherever it is (the "anywhere" rule).  Markdown
 * has no such list, and a lesson has no reason to tick one. */
int
cg_clean_isreqbare(const char *s, size_t len)
{
	int m, box = cg_clean_checkbox(s, len, &m);
	return box && !m && (box == 2 || cg_clean_isreqitem(s, len));
}

int
cg_clean_isbullet(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i + 1 < len && strchr("-*+", s[i]) && s[i + 1] == ' ')
		return 1;
	while (i < len && isdigit((unsigned char)s[i]))
		i++;
	return i > 0 && i + 1 < len && (s[i] == '.' || s[i] == ')') &&
	    s[i + 1] == ' ';
}

/* A chat preamble: only meaningful as the first paragraph. */
static int
ispreamble(const char *n)
{
	static const char *inter[] = { "okay", "ok,", "ok!", "ok.", "sure",
	    "certainly", "absolutely", "alright", "all right", "great",
	    "of course", "here you go", "no problem", NULL };
	static const char *lead[] = { "here is ", "here's ", "here are ",
	    "below is ", "below are ", "the following is ", "as requested",
	    "i've created", "i have created", "i've written", "i have written",
	    "i've prepared", "i have prepared", "i've generated",
	    "i have generated", "i've put together", "i have put together",
	    "i've drafted", "i have drafted", "i'll ", "let's dive", NULL };
	for (int i = 0; inter[i]; i++)
		if (starts(n, inter[i])) {
			size_t k = strlen(inter[i]);
			char c = n[k];
			if (c == '\0' || c == ' ' || c == ',' || c == '!' ||
			    c == '.' || c == ':' || c == '-')
				return 1;
		}
	return startsany(n, lead) != NULL;
}

/* "All requirements have been met.", "All the specified constraints
 * are satisfied", "Every instruction was followed": a verdict on the
 * prompt, never a sentence about the subject ("All requirements must be
 * traceable" has no verdict word). */
static int
isallmet(const char *n)
{
	static const char *what[] = { "requirement", "constraint",
	    "instruction", "criteri", "guideline", NULL };
	static const char *verdict[] = { " met", " satisfied", " followed",
	    " fulfilled", " addressed", " adhered", " complied", " included",
	    " covered", NULL };
	char head[48];
	if ((!starts(n, "all ") && !starts(n, "every ") &&
	    !starts(n, "requirements")) || strlen(n) > 160)
		return 0;
	{	/* the subject, not a later clause */
		size_t k = strlen(n) < sizeof head - 1 ? strlen(n) : sizeof head - 1;
		memcpy(head, n, k);
		head[k] = '\0';
	}
	return hasany(head, what) && hasany(n, verdict);
}

/* Closing remarks and self-assessment: only meaningful at the end. */
int
cg_clean_isclosing(const char *n)
{
	static const char *lead[] = { "let me know", "please let me know",
	    "i hope ", "hope this helps", "would you like",
	    "do you want me", "shall i ", "should i ", "if you'd like",
	    "if you would like", "if you want me", "if you need any",
	    "if you have any", "i can also", "i can help", "i can adjust",
	    "i can expand", "i'm happy to", "i am happy to", "happy to help",
	    "feel free to ask", "feel free to let", "feel free to reach",
	    "is there anything", "anything else", "this output",
	    "this response", "this revised", "the above output",
	    "i have ensured", "i've ensured", "i have adhered", "i've adhered",
	    "i have followed", "i've followed", "i have strictly",
	    "i've strictly", "i made sure", "okay, i've", "end of output",
	    "end of response", "end of document", NULL };
	static const char *self[] = { "this lecture", "this lab", "this document",
	    "this content", "this material", "this draft", "this version",
	    "this text", "this study guide", "these notes", "these study notes",
	    "this set of", "this summary", "this guide", "this piece",
	    "this answer", "the lecture above", "the notes above", "note:",
	    "(note:", "note that this", NULL };
	static const char *strong[] = { "adheres", "adhering", "strictly",
	    "requirement", "constraint", "instructions", "word count",
	    "word limit", "complies", "as requested", "you requested",
	    "the prompt", NULL };
	while ((unsigned char)*n >= 0x80 || *n == ' ')
		n++;	/* "✅ All requirements have been met." */
	return startsany(n, lead) || (startsany(n, self) && hasany(n, strong)) ||
	    isallmet(n);
}

/* "Word count: 742", "(150 words)", "~750 words", "Total words: 742". */
static int
iswordcount(const char *n)
{
	char w[8][24];
	int nw = 0, num = 0, words = 0;
	const char *p = n;

	if (has(n, "word count") && strlen(n) < 120)
		return 1;
	while (*p && nw < 8) {
		size_t k = 0;
		while (*p && !isalnum((unsigned char)*p))
			p++;
		while (isalnum((unsigned char)*p) || *p == ',') {
			if (k < 23 && *p != ',')
				w[nw][k++] = *p;
			p++;
		}
		if (k) {
			w[nw][k] = '\0';
			nw++;
		}
	}
	if (*p || nw == 0)
		return 0;
	for (int i = 0; i < nw; i++) {
		if (isdigit((unsigned char)w[i][0]))
			num++;
		else if (!strcmp(w[i], "words") || !strcmp(w[i], "word"))
			words++;
		else if (strcmp(w[i], "approx") && strcmp(w[i], "approximately") &&
		    strcmp(w[i], "about") && strcmp(w[i], "around") &&
		    strcmp(w[i], "total") && strcmp(w[i], "roughly") &&
		    strcmp(w[i], "estimated"))
			return 0;
	}
	return num == 1 && words == 1;
}

/* What follows "end of" in a closing "End of Lab Document", "End of
 * the Study Notes", "End of Session 3 Lecture": at most 6 words, one of
 * them naming the document (so "End of the day" is not one). */
static int
isenddoc(const char *w)
{
	static const char *doc[] = { "document", "lab", "lecture", "notes",
	    "note", "session", "guide", "material", "materials", "content",
	    "file", "text", "reply", "handout", "worksheet", "activity",
	    "investigation", "extension", "lesson", "assignment", "summary",
	    "report", "study", "questions", "quiz", NULL };
	char b[64], *t, *save = NULL;
	int n = 0, hit = 0;

	snprintf(b, sizeof b, "%s", w);
	for (t = strtok_r(b, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		n++;
		for (int i = 0; doc[i]; i++)
			hit |= !strcmp(t, doc[i]);
	}
	return n <= 6 && hit;
}

/* "END OF OUTPUT", "[END]", "--- END ---", "**End of Lab Document**". */
static int
isendmark(const char *n)
{
	char w[64];
	size_t o = 0;
	for (const char *p = n; *p && o < sizeof w - 1; p++)
		if (isalpha((unsigned char)*p) || (*p == ' ' && o && w[o - 1] != ' '))
			w[o++] = *p;
	while (o && w[o - 1] == ' ')
		o--;
	w[o] = '\0';
	if (!strcmp(w, "end") || starts(w, "end of output") ||
	    starts(w, "end of response") || starts(w, "end of document"))
		return 1;
	return starts(w, "end of ") && isenddoc(w + 7);
}

/* The title of an echoed checklist, left behind or with its items:
 * "**Verification Checklist:**", "Requirements Check", "Self-check" —
 * never "Safety Checklist", which a lab may have. */
int
cg_clean_isechotitle(const char *n)
{
	static const char *w[] = { "verification checklist",
	    "requirements checklist", "requirement checklist",
	    "compliance checklist", "final checklist", "quality checklist",
	    "output checklist", "constraint checklist", "constraints checklist",
	    "checklist verification", "requirements verification",
	    "requirements check", "requirement check", "compliance check",
	    "self-check", "self check", "self-assessment", "self assessment",
	    "verification of requirements", NULL };
	size_t k = strlen(n);
	return k <= 60 && hasany(n, w);
}

/* A bar with words in it: "═══ VERIFICATION CHECKLIST ═══", "─── END OF
 * OUTPUT ───": box-drawing or dash characters on both sides of an echo
 * title or an END marker. */
int
cg_clean_istitledbar(const char *s, size_t len)
{
	size_t i = 0, j = len, k, nl = 0, nr = 0;
	char n[256];

	while (i < len) {
		if (s[i] == ' ' || strchr("-=_*", s[i]))
			i++;
		else if ((k = ubar(s + i, len - i)) != 0)
			i += k, nl++;
		else
			break;
	}
	while (j > i) {
		if (s[j - 1] == ' ' || strchr("-=_*", s[j - 1]))
			j--;
		else if (j - i >= 3 && ubar(s + j - 3, 3))
			j -= 3, nr++;
		else
			break;
	}
	if (!nl || !nr || j <= i || j - i > 200)
		return 0;
	cg_clean_normline(s + i, j - i, n, sizeof n);
	return cg_clean_isechotitle(n) || isendmark(n) || has(n, "checklist");
}

/* The lower-case tail of a cut-off preamble opening the reply: "the
 * generated document, adhering to all specified requirements:". */
static int
isfragment(const char *s, size_t len, const char *n)
{
	static const char *w[] = { "adhering", "adheres", "as requested",
	    "requirements", "specified", "generated", "instructions",
	    "constraints", NULL };
	size_t i = strspn(s, " \t*_>");
	size_t k = strlen(n);
	return i < len && islower((unsigned char)s[i]) && k && k < 200 &&
	    n[k - 1] == ':' && hasany(n, w);
}

/* Chat meta: separator bar, END marker, closing remark, self-assessment,
 * word count; when anywhere is set also what can only open a document or
 * sit inside one (chat preamble, echoed checklist item). */
int
cg_clean_ismeta(const char *s, size_t len, int anywhere)
{
	char n[512];
	int box, marker;

	if (cg_clean_isblankline(s, len))
		return 0;
	if (cg_clean_isbar(s, len) || cg_clean_istitledbar(s, len))
		return 1;
	/* a checklist item is chat when it has no list marker, is ticked
	 * or is about the requirements; "- [ ] Clean your bench" is not */
	if (anywhere && (box = cg_clean_checkbox(s, len, &marker)) != 0 &&
	    (!marker || box == 2 || cg_clean_isreqitem(s, len)))
		return 1;
	cg_clean_normline(s, len, n, sizeof n);
	if (isendmark(n))
		return 1;
	if (cg_clean_isheading(s, len))
		return 0;
	return (anywhere && (ispreamble(n) || isfragment(s, len, n))) ||
	    cg_clean_isclosing(n) || iswordcount(n) || cg_clean_isechotitle(n);
}

int
cg_clean_is_meta(const char *s, size_t len)
{
	return cg_clean_ismeta(s, len, 1);
}

/* A table's rule row: only | - : + and blanks, at least one | or +, at
 * least three dashes ("|---|:---:|", "---|---", "+----+----+"). */
static int
istablerule(const char *s, size_t len)
{
	int dash = 0, pipe = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '-')
			dash++;
		else if (s[i] == '|' || s[i] == '+')
			pipe++;
		else if (s[i] != ':' && s[i] != ' ' && s[i] != '\t')
			return 0;
	}
	return dash >= 3 && pipe;
}

int
cg_clean_is_separator(const char *s, size_t len)
{
	if (!s)
		return 0;
	while (len && (s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	return cg_clean_isbar(s, len) || istablerule(s, len);
}

/* Meta that can only close a document. */
int
cg_clean_istrailing(const char *s, size_t len)
{
	return cg_clean_ismeta(s, len, 0);
}

/* Lead-in to an echoed checklist or rule list: "**Checklist:**",
 * "Constraints met:", "Self-check". */
int
cg_clean_ischecklead(const char *s, size_t len)
{
	char n[256];
	static const char *w[] = { "checklist", "requirement", "constraint",
	    "instruction", "self-check", "self check", "verification",
	    "compliance", "confidence score", NULL };
	if (len > 200)
		return 0;
	cg_clean_normline(s, len, n, sizeof n);
	while (*n == '#' || *n == ' ')
		memmove(n, n + 1, strlen(n));
	for (int i = 0; w[i]; i++)
		if (has(n, w[i]) && (strlen(n) < 60 || n[strlen(n) - 1] == ':'))
			return 1;
	return 0;
}
