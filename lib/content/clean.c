/* clean.c — strip chat wrapping from prose and JSON replies.
 *
 * The document is handled as an array of lines, cleaned by the table of
 * rules in cg_clean_prose: each rule drops whole lines at the head or
 * the tail of what is left (a wrapping fence, a preamble, trailing meta,
 * an echoed checklist), or — one rule only — a line anywhere that can
 * never be content (a checkbox with no list marker about the prompt's
 * requirements).  So the result is the input's lines in order, missing
 * only chat: real content in the middle cannot be touched.  QUIRKS.md
 * lists the oddities handled here.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "util.h"
#include "clean.h"

typedef struct {
	const char *s;
	size_t len;
} line;

/* Lower-cased, emphasis-stripped copy of a line with typographic
 * apostrophes and quotes folded to ASCII, in out[cap]. */
static void
normline(const char *s, size_t len, char *out, size_t cap)
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

static int
isblankline(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
isheading(const char *s, size_t len)
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

static int
isbar(const char *s, size_t len)
{
	int u;
	return bar(s, len, &u);
}

/* A bar with a box-drawing or dash character in it: never markdown. */
static int
isubar(const char *s, size_t len)
{
	int u;
	return bar(s, len, &u) && u;
}

/* A fence line: ``` or ~~~ (three or more), optional info string.
 * *info gets the info word (lower-cased) in info[32]. */
static int
isfence(const char *s, size_t len, char *info, char *fc)
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
static int
checkbox(const char *s, size_t len, int *marker)
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

static int
ischeckitem(const char *s, size_t len)
{
	int m;
	return checkbox(s, len, &m) != 0;
}

/* A checklist item about the prompt's requirements rather than the
 * subject: it mentions words (with a number, or "word count"),
 * sections, headings, requirements, format, preamble, constraints,
 * instructions, markdown or the prompt. */
static int
isreqitem(const char *s, size_t len)
{
	static const char *w[] = { "word count", "word limit", "word range",
	    "section", "heading", "requirement", "required", "format",
	    "preamble", "constraint", "instruction", "markdown", "the prompt",
	    "closing remark", NULL };
	char n[512];
	int digit = 0;
	if (!ischeckitem(s, len))
		return 0;
	normline(s, len, n, sizeof n);
	for (const char *p = n; *p; p++)
		digit |= isdigit((unsigned char)*p);
	return hasany(n, w) || (digit && (has(n, " words") || has(n, "-word")));
}

/* A checkbox with no list marker that is ticked or about the
 * requirements: chat wherever it is (the "anywhere" rule).  Markdown
 * has no such list, and a lesson has no reason to tick one. */
static int
isreqbare(const char *s, size_t len)
{
	int m, box = checkbox(s, len, &m);
	return box && !m && (box == 2 || isreqitem(s, len));
}

static int
isbullet(const char *s, size_t len)
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
static int
isclosing(const char *n)
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
static int
isechotitle(const char *n)
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
static int
istitledbar(const char *s, size_t len)
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
	normline(s + i, j - i, n, sizeof n);
	return isechotitle(n) || isendmark(n) || has(n, "checklist");
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
static int
ismeta(const char *s, size_t len, int anywhere)
{
	char n[512];
	int box, marker;

	if (isblankline(s, len))
		return 0;
	if (isbar(s, len) || istitledbar(s, len))
		return 1;
	/* a checklist item is chat when it has no list marker, is ticked
	 * or is about the requirements; "- [ ] Clean your bench" is not */
	if (anywhere && (box = checkbox(s, len, &marker)) != 0 &&
	    (!marker || box == 2 || isreqitem(s, len)))
		return 1;
	normline(s, len, n, sizeof n);
	if (isendmark(n))
		return 1;
	if (isheading(s, len))
		return 0;
	return (anywhere && (ispreamble(n) || isfragment(s, len, n))) ||
	    isclosing(n) || iswordcount(n) || isechotitle(n);
}

int
cg_clean_is_meta(const char *s, size_t len)
{
	return ismeta(s, len, 1);
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
	return isbar(s, len) || istablerule(s, len);
}

/* Meta that can only close a document. */
static int
istrailing(const char *s, size_t len)
{
	return ismeta(s, len, 0);
}

/* Lead-in to an echoed checklist or rule list: "**Checklist:**",
 * "Constraints met:", "Self-check". */
static int
ischecklead(const char *s, size_t len)
{
	char n[256];
	static const char *w[] = { "checklist", "requirement", "constraint",
	    "instruction", "self-check", "self check", "verification",
	    "compliance", "confidence score", NULL };
	if (len > 200)
		return 0;
	normline(s, len, n, sizeof n);
	while (*n == '#' || *n == ' ')
		memmove(n, n + 1, strlen(n));
	for (int i = 0; w[i]; i++)
		if (has(n, w[i]) && (strlen(n) < 60 || n[strlen(n) - 1] == ':'))
			return 1;
	return 0;
}

static int
nonblank_first(line *l, int a, int b)
{
	while (a < b && isblankline(l[a].s, l[a].len))
		a++;
	return a;
}

static int
nonblank_last(line *l, int a, int b)
{
	while (b > a && isblankline(l[b - 1].s, l[b - 1].len))
		b--;
	return b;
}

/* Count non-blank lines in [a,b). */
static int
countlines(line *l, int a, int b)
{
	int n = 0;
	for (int i = a; i < b; i++)
		n += !isblankline(l[i].s, l[i].len);
	return n;
}

/* Is [a,b) wrapped in one fence around the whole document?  Returns 1 and
 * leaves the inner range in *ia,*ib. */
static int
wrapped(line *l, int a, int b, int *ia, int *ib)
{
	char info[32], info2[32], fc, fc2;
	int open = 0, heading = 0, fences = 0;

	if (b - a < 2 || !isfence(l[a].s, l[a].len, info, &fc) ||
	    !isfence(l[b - 1].s, l[b - 1].len, info2, &fc2) || fc != fc2 ||
	    info2[0])
		return 0;
	if (info[0] && strcmp(info, "markdown") && strcmp(info, "md") &&
	    strcmp(info, "text") && strcmp(info, "txt"))
		return 0;
	for (int i = a + 1; i < b - 1; i++) {
		if (isfence(l[i].s, l[i].len, info2, &fc2)) {
			fences++;
			open = info2[0] ? 1 : !open;
		} else if (!open && isheading(l[i].s, l[i].len))
			heading = 1;
	}
	if (open)
		return 0;
	/* a bare ``` opener could be a code block followed by more text
	 * and another code block; only unwrap when it reads as markdown */
	if (!info[0] && fences && !heading)
		return 0;
	*ia = a + 1;
	*ib = b - 1;
	return 1;
}

/* l[a] opens a ```markdown / ```md fence that does not wrap the whole
 * document: the index of its closing fence, -1 when it never closes,
 * 0 when l[a] is no such opener. */
static int
mdfence(line *l, int a, int b)
{
	char info[32], info2[32], fc, fc2;
	int open = 0;

	if (!isfence(l[a].s, l[a].len, info, &fc) || (strcmp(info, "markdown") &&
	    strcmp(info, "md")))
		return 0;
	for (int i = a + 1; i < b; i++)
		if (isfence(l[i].s, l[i].len, info2, &fc2) && fc2 == fc) {
			if (info2[0])
				open = 1;
			else if (open)
				open = 0;
			else
				return i;
		}
	return -1;
}

/* ---- the rules ---------------------------------------------------------
 *
 * The reply is an array of lines; [a, z) is what is left of it.  A rule
 * looks at the head or the tail of that range (or, for an "anywhere"
 * rule, at every line in it) and drops whole lines.  Rules are tried in
 * table order; after any change the table starts again from the top,
 * until no rule applies.
 */
typedef struct {
	line *l;
	int   n, a, z, gone, skip;	/* skip: a line dropped inside */
} doc;

/* Drop [i, j) from the head (i == a) or the tail (j == z). */
static void
cut(doc *d, int i, int j)
{
	d->gone += countlines(d->l, i, j);
	if (i == d->a)
		d->a = j;
	else
		d->z = i;
}

/* A chat preamble paragraph (at most 3 lines) and a bar right after it. */
static int
r_preamble(doc *d)
{
	line *l = d->l;
	int a = d->a, z = d->z, k;
	char info[32], fc;

	if (isheading(l[a].s, l[a].len) || isbar(l[a].s, l[a].len) ||
	    ischeckitem(l[a].s, l[a].len) || !ismeta(l[a].s, l[a].len, 1))
		return 0;
	for (k = a; k < z && k < a + 4 && !isblankline(l[k].s, l[k].len) &&
	    !isheading(l[k].s, l[k].len) && !isfence(l[k].s, l[k].len, info,
	    &fc); k++)
		;
	if (k == a || k - a > 3)
		return 0;
	cut(d, a, k);
	d->a = nonblank_first(l, d->a, z);
	if (d->a < z && isbar(l[d->a].s, l[d->a].len))
		cut(d, d->a, d->a + 1);
	return 1;
}

/* A trailing meta line; the whole paragraph when it starts with one. */
static int
r_trailing_meta(doc *d)
{
	line *l = d->l;
	int a = d->a, z = d->z, k;

	if (!istrailing(l[z - 1].s, l[z - 1].len))
		return 0;
	for (k = z - 1; k > a && !isblankline(l[k - 1].s, l[k - 1].len) &&
	    !isheading(l[k - 1].s, l[k - 1].len) && !isbullet(l[k - 1].s,
	    l[k - 1].len) && !isbar(l[k - 1].s, l[k - 1].len); k--)
		;
	if (k < z - 1 && !istrailing(l[k].s, l[k].len))
		k = z - 1;
	cut(d, k, z);
	return 1;
}

/* A last paragraph of 2-4 lines, no list, that opens with a closing. */
static int
r_closing_paragraph(doc *d)
{
	line *l = d->l;
	int a = d->a, z = d->z, k;

	for (k = z - 1; k > a && !isblankline(l[k - 1].s, l[k - 1].len); k--)
		;
	if (!(k < z - 1 && k > a && !isheading(l[k].s, l[k].len) &&
	    !isbullet(l[k].s, l[k].len) && istrailing(l[k].s, l[k].len) &&
	    z - k <= 4))
		return 0;
	for (int i = k + 1; i < z; i++)
		if (isbullet(l[i].s, l[i].len))
			return 0;
	cut(d, k, z);
	return 1;
}

/* A trailing list: offers after "Would you like me to:", a checklist
 * after a bar or a "Checklist:" lead-in, or a checklist that is every
 * item ticked, every item without a list marker, or every item about
 * the prompt's requirements (never a content task list). */
static int
r_trailing_list(doc *d)
{
	line *l = d->l;
	int a = d->a, z = d->z, k, lead, chk = 0, ticked = 0, bare = 0, req = 0;

	if (!isbullet(l[z - 1].s, l[z - 1].len) &&
	    !ischeckitem(l[z - 1].s, l[z - 1].len))
		return 0;
	/* the last run of checkbox lines */
	for (k = z; k > a && ischeckitem(l[k - 1].s, l[k - 1].len); k--) {
		int m, box = checkbox(l[k - 1].s, l[k - 1].len, &m);
		chk++;
		ticked += box == 2;
		bare += !m;
		req += isreqitem(l[k - 1].s, l[k - 1].len);
	}
	if (chk && (ticked == chk || bare == chk || req == chk)) {
		cut(d, k, z);
		return 1;
	}
	chk = 0;
	for (k = z; k > a && (isbullet(l[k - 1].s, l[k - 1].len) ||
	    ischeckitem(l[k - 1].s, l[k - 1].len) ||
	    isblankline(l[k - 1].s, l[k - 1].len)); k--)
		chk += ischeckitem(l[k - 1].s, l[k - 1].len);
	k = nonblank_first(l, k, z);
	lead = nonblank_last(l, a, k);
	if (lead > a) {
		line *ld = &l[lead - 1];
		char nn[512];
		normline(ld->s, ld->len, nn, sizeof nn);
		if ((isclosing(nn) && !isheading(ld->s, ld->len)) ||
		    (chk && (ischecklead(ld->s, ld->len) || isbar(ld->s, ld->len)))) {
			cut(d, lead - 1, z);
			return 1;
		}
	}
	return 0;
}

/* One fence around everything. */
static int
r_wrapping_fence(doc *d)
{
	int ia, ib;

	if (!wrapped(d->l, d->a, d->z, &ia, &ib))
		return 0;
	d->gone += 2;
	d->a = ia;
	d->z = ib;
	return 1;
}

/* An explicit ```markdown opener whose fence closes before the end
 * (commentary follows) or never (the reply was cut off): the fence lines
 * go, every other line stays. */
static int
r_markdown_opener(doc *d)
{
	int k;

	if (d->skip >= 0 || (k = mdfence(d->l, d->a, d->z)) == 0)
		return 0;
	d->gone++;
	if (k > 0) {
		d->skip = k;
		d->gone++;
	}
	d->a++;
	return 1;
}

/* Drop [i, k) from inside the document; one blank line goes too when
 * blank lines are left on both sides. */
static void
dropin(doc *d, int i, int k)
{
	line *l = d->l;

	if (i > d->a && k < d->z && isblankline(l[i - 1].s, l[i - 1].len) &&
	    isblankline(l[k].s, l[k].len))
		k++;
	d->gone += countlines(l, i, k);
	memmove(l + i, l + k, (size_t)(d->n - k) * sizeof *l);
	d->n -= k - i;
	d->z -= k - i;
	if (d->skip >= k)
		d->skip -= k - i;
}

/* Does an echoed checklist's title open at l[i]: an echo title or a
 * titled bar, or a box-drawing bar right before one? */
static int
echoopens(doc *d, int i)
{
	line *l = d->l;
	char n[512];

	if (isheading(l[i].s, l[i].len))
		return 0;
	if (istitledbar(l[i].s, l[i].len))
		return 1;
	normline(l[i].s, l[i].len, n, sizeof n);
	if (isechotitle(n))
		return 1;
	if (!isubar(l[i].s, l[i].len))
		return 0;
	/* "═══" then "VERIFICATION CHECKLIST" on the line below */
	return i + 1 < d->z && !isubar(l[i + 1].s, l[i + 1].len) &&
	    echoopens(d, i + 1);
}

/* An echoed checklist anywhere: its title (bold, or between box-drawing
 * bars) and what follows it while that is chat — checkbox lines, bars,
 * meta — up to the next line of content. */
static int
r_echo_block(doc *d)
{
	line *l = d->l;

	for (int i = d->a; i < d->z; i++) {
		int k = i + 1, last = i + 1;
		if (i == d->skip || !echoopens(d, i))
			continue;
		for (; k < d->z && k != d->skip; k++) {
			if (isblankline(l[k].s, l[k].len))
				continue;
			if (!ischeckitem(l[k].s, l[k].len) && !isbar(l[k].s,
			    l[k].len) && !ismeta(l[k].s, l[k].len, 1))
				break;
			last = k + 1;
		}
		dropin(d, i, last);
		return 1;
	}
	return 0;
}

enum { HEAD = 1, TAIL = 2, ANYWHERE = 4 };

static const struct rule {
	const char *name;
	int where;
	int (*line)(const char *s, size_t len);	/* drop the line, or */
	int (*block)(doc *d);		/* drop what it finds, 1 if any */
} rules[] = {
	{ "chat preamble",           HEAD,     NULL,     r_preamble },
	{ "box-drawing separator",   HEAD,     isubar,   NULL },
	{ "trailing meta line",      TAIL,     NULL,     r_trailing_meta },
	{ "closing paragraph",       TAIL,     NULL,     r_closing_paragraph },
	{ "offers or checklist",     TAIL,     NULL,     r_trailing_list },
	{ "fence around it all",     HEAD|TAIL, NULL,    r_wrapping_fence },
	{ "```markdown opener",      HEAD,     NULL,     r_markdown_opener },
	{ "echoed checklist",        ANYWHERE, NULL,     r_echo_block },
	{ "requirement checkbox",    ANYWHERE, isreqbare, NULL },
};

static int
apply(doc *d, const struct rule *r)
{
	line *l = d->l;

	if (r->block)
		return r->block(d);
	if (r->where & ANYWHERE) {	/* close the gaps: rules see lines */
		int o = d->a, z = d->z;
		for (int i = d->a; i < z; i++) {
			if (r->line(l[i].s, l[i].len)) {
				d->gone++;
				/* no double blank line where it was */
				if (o > d->a && isblankline(l[o - 1].s, l[o - 1].len) &&
				    i + 1 < z && isblankline(l[i + 1].s, l[i + 1].len))
					i++;
				continue;
			}
			if (d->skip == i)
				d->skip = o;
			l[o++] = l[i];
		}
		memmove(l + o, l + z, (size_t)(d->n - z) * sizeof *l);
		if (d->skip >= z)
			d->skip -= z - o;
		d->n -= z - o;
		d->z = o;
		return z != o;
	}
	if ((r->where & HEAD) && r->line(l[d->a].s, l[d->a].len)) {
		cut(d, d->a, d->a + 1);
		return 1;
	}
	if ((r->where & TAIL) && r->line(l[d->z - 1].s, l[d->z - 1].len)) {
		cut(d, d->z - 1, d->z);
		return 1;
	}
	return 0;
}

char *
cg_clean_prose(const char *text, int *removed)
{
	cg_buf b = { 0 };
	doc d = { NULL, 0, 0, 0, 0, -1 };
	int cap = 0, changed;
	const char *p = text ? text : "";

	for (;;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (!e && len == 0)
			break;
		if (d.n == cap) {
			cap = cap ? cap * 2 : 64;
			d.l = xrealloc(d.l, (size_t)cap * sizeof *d.l);
		}
		while (len && p[len - 1] == '\r')
			len--;
		d.l[d.n].s = p;
		d.l[d.n].len = len;
		d.n++;
		if (!e)
			break;
		p = e + 1;
	}
	d.z = d.n;
	do {
		changed = 0;
		d.a = nonblank_first(d.l, d.a, d.z);
		d.z = nonblank_last(d.l, d.a, d.z);
		if (d.a >= d.z)
			break;
		for (size_t r = 0; r < sizeof rules / sizeof *rules && !changed; r++) {
			int a = d.a, z = d.z, n = d.n;
			/* a rule that says it changed something must have:
			 * the loop ends however the rules are written */
			changed = apply(&d, &rules[r]) && (d.a != a || d.z != z ||
			    d.n != n);
		}
	} while (changed);

	for (int i = d.a; i < d.z; i++) {
		if (i == d.skip)
			continue;
		cg_buf_add(&b, d.l[i].s, d.l[i].len);
		cg_buf_putc(&b, '\n');
	}
	free(d.l);
	if (removed)
		*removed = d.gone;
	return cg_buf_take(&b);
}

/* Length of the balanced {...} starting at s (s[0] == '{'), string-aware;
 * 0 when it never closes. */
static size_t
balanced(const char *s)
{
	int depth = 0, str = 0;
	for (size_t i = 0; s[i]; i++) {
		char c = s[i];
		if (str) {
			if (c == '\\' && s[i + 1])
				i++;
			else if (c == '"')
				str = 0;
			continue;
		}
		if (c == '"')
			str = 1;
		else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']') {
			if (--depth == 0)
				return c == '}' ? i + 1 : 0;
			if (depth < 0)
				return 0;
		}
	}
	return 0;
}

char *
cg_clean_json(const char *text)
{
	const char *first = NULL;
	size_t firstlen = 0;

	if (!text)
		return NULL;
	for (const char *p = strchr(text, '{'); p; p = strchr(p + 1, '{')) {
		size_t n = balanced(p);
		char *s;
		cJSON *j;
		if (!n)
			continue;
		s = xstrndup(p, n);
		if ((j = cJSON_Parse(s)) != NULL) {
			cJSON_Delete(j);
			return s;
		}
		free(s);
		if (!first) {
			first = p;
			firstlen = n;
		}
	}
	/* nothing parses: hand back the first candidate so the caller's
	 * parser can say where it is broken */
	return first ? xstrndup(first, firstlen) : NULL;
}

int
cg_clean_words(const char *text)
{
	int n = 0, bol = 1;
	const char *p = text ? text : "";

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char info[32], fc;
		if (isfence(p, len, info, &fc)) {
			p += len + (e != NULL);
			continue;
		}
		bol = 1;
		for (size_t i = 0; i < len;) {
			size_t j = i, alnum = 0;
			while (i < len && isspace((unsigned char)p[i]))
				i++;
			j = i;
			while (i < len && !isspace((unsigned char)p[i])) {
				unsigned char c = (unsigned char)p[i];
				if (isalnum(c) || c >= 0x80)
					alnum = 1;
				i++;
			}
			if (i == j)
				break;
			/* "1." "2)" list numbers are markup, not words */
			if (bol && alnum) {
				size_t k = j;
				while (k < i && isdigit((unsigned char)p[k]))
					k++;
				if (k > j && k + 1 == i && (p[k] == '.' || p[k] == ')'))
					alnum = 0;
			}
			bol = 0;
			n += alnum != 0;
		}
		p += len + (e != NULL);
	}
	return n;
}
