/* clean.c — strip chat wrapping from prose and JSON replies.
 *
 * The document is handled as an array of lines.  Cleaning only ever
 * removes whole lines from the two ends (a wrapping fence, a preamble,
 * trailing meta), so the result is always a contiguous run of the input's
 * lines: real content in the middle cannot be touched.  QUIRKS.md lists
 * the oddities handled here.
 */
#include <ctype.h>
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

/* ---, ***, ___, ===, - - -: a thematic break or separator bar. */
static int
isbar(const char *s, size_t len)
{
	int n = 0;
	char c = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if (!strchr("-*_=", s[i]) || (c && s[i] != c))
			return 0;
		c = s[i];
		n++;
	}
	return n >= 3;
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

static int
ischeckitem(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i + 4 >= len || !strchr("-*+", s[i]) || s[i + 1] != ' ')
		return 0;
	i += 2;
	while (i < len && s[i] == ' ')
		i++;
	return i + 2 < len && s[i] == '[' && strchr(" xX", s[i + 1]) &&
	    s[i + 2] == ']';
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
	return startsany(n, lead) || (startsany(n, self) && hasany(n, strong));
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

/* "END OF OUTPUT", "[END]", "--- END ---". */
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
	return !strcmp(w, "end") || starts(w, "end of output") ||
	    starts(w, "end of response") || starts(w, "end of document") ||
	    !strcmp(w, "end of lecture") || !strcmp(w, "end of lab") ||
	    !strcmp(w, "end of notes");
}

/* Chat meta: separator bar, END marker, closing remark, self-assessment,
 * word count; when anywhere is set also what can only open a document or
 * sit inside one (chat preamble, echoed checklist item). */
static int
ismeta(const char *s, size_t len, int anywhere)
{
	char n[512];

	if (isblankline(s, len))
		return 0;
	if (isbar(s, len) || (anywhere && ischeckitem(s, len)))
		return 1;
	normline(s, len, n, sizeof n);
	if (isendmark(n))
		return 1;
	if (isheading(s, len))
		return 0;
	return (anywhere && ispreamble(n)) || isclosing(n) || iswordcount(n);
}

int
cg_clean_is_meta(const char *s, size_t len)
{
	return ismeta(s, len, 1);
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

char *
cg_clean_prose(const char *text, int *removed)
{
	cg_buf b = { 0 };
	line *l = NULL;
	int n = 0, cap = 0, a, z, gone = 0, changed, skip = -1;
	const char *p = text ? text : "";

	for (;;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (!e && len == 0)
			break;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			l = xrealloc(l, (size_t)cap * sizeof *l);
		}
		while (len && p[len - 1] == '\r')
			len--;
		l[n].s = p;
		l[n].len = len;
		n++;
		if (!e)
			break;
		p = e + 1;
	}

	a = 0;
	z = n;
	do {
		int ia, ib, k;
		char info[32], fc;
		changed = 0;
		a = nonblank_first(l, a, z);
		z = nonblank_last(l, a, z);
		if (a >= z)
			break;
		/* leading preamble paragraph (at most 3 lines) */
		if (!isheading(l[a].s, l[a].len) && !isbar(l[a].s, l[a].len) &&
		    !ischeckitem(l[a].s, l[a].len) &&
		    cg_clean_is_meta(l[a].s, l[a].len)) {
			for (k = a; k < z && k < a + 4 &&
			    !isblankline(l[k].s, l[k].len) &&
			    !isheading(l[k].s, l[k].len) &&
			    !isfence(l[k].s, l[k].len, info, &fc); k++)
				;
			if (k - a <= 3) {
				gone += countlines(l, a, k);
				a = k;
				a = nonblank_first(l, a, z);
				/* a separator right after a preamble goes too */
				if (a < z && isbar(l[a].s, l[a].len)) {
					gone++;
					a++;
				}
				changed = 1;
				continue;
			}
		}
		/* trailing meta line */
		if (istrailing(l[z - 1].s, l[z - 1].len)) {
			/* a multi-line closing paragraph goes as a whole */
			for (k = z - 1; k > a && !isblankline(l[k - 1].s,
			    l[k - 1].len) && !isheading(l[k - 1].s, l[k - 1].len) &&
			    !isbullet(l[k - 1].s, l[k - 1].len) &&
			    !isbar(l[k - 1].s, l[k - 1].len); k--)
				;
			if (k < z - 1 && !istrailing(l[k].s, l[k].len))
				k = z - 1;
			gone += countlines(l, k, z);
			z = k;
			changed = 1;
			continue;
		}
		/* trailing paragraph that starts with a closing remark */
		for (k = z - 1; k > a && !isblankline(l[k - 1].s, l[k - 1].len);
		    k--)
			;
		if (k < z - 1 && k > a && !isheading(l[k].s, l[k].len) &&
		    !isbullet(l[k].s, l[k].len) && istrailing(l[k].s,
		    l[k].len) && z - k <= 4) {
			int lst = 1;
			for (int i = k + 1; i < z; i++)
				if (isbullet(l[i].s, l[i].len))
					lst = 0;
			if (lst) {
				gone += countlines(l, k, z);
				z = k;
				changed = 1;
				continue;
			}
		}
		/* a closing question followed by a list of offers:
		 * "Would you like me to:" + bullets */
		if (isbullet(l[z - 1].s, l[z - 1].len) ||
		    ischeckitem(l[z - 1].s, l[z - 1].len)) {
			int chk = 0, checked = 0, lead;
			for (k = z; k > a && (isbullet(l[k - 1].s, l[k - 1].len) ||
			    isblankline(l[k - 1].s, l[k - 1].len)); k--) {
				if (ischeckitem(l[k - 1].s, l[k - 1].len)) {
					chk++;
					if (strstr(l[k - 1].s, "[x]") &&
					    strstr(l[k - 1].s, "[x]") <
					    l[k - 1].s + l[k - 1].len)
						checked++;
					if (strstr(l[k - 1].s, "[X]") &&
					    strstr(l[k - 1].s, "[X]") <
					    l[k - 1].s + l[k - 1].len)
						checked++;
				}
			}
			k = nonblank_first(l, k, z);
			lead = nonblank_last(l, a, k);
			if (lead > a) {
				line *ld = &l[lead - 1];
				char nn[512];
				normline(ld->s, ld->len, nn, sizeof nn);
				if ((isclosing(nn) && !isheading(ld->s, ld->len)) ||
				    (chk && (ischecklead(ld->s, ld->len) ||
				    isbar(ld->s, ld->len)))) {
					gone += countlines(l, lead - 1, z);
					z = lead - 1;
					changed = 1;
					continue;
				}
			}
			/* every item ticked: the model grading itself */
			if (chk && checked == chk && chk == countlines(l, k, z)) {
				gone += countlines(l, k, z);
				z = k;
				changed = 1;
				continue;
			}
		}
		/* one fence around everything */
		if (wrapped(l, a, z, &ia, &ib)) {
			gone += 2;
			a = ia;
			z = ib;
			changed = 1;
			continue;
		}
		/* an explicit ```markdown opener whose fence closes before the
		 * end (commentary follows) or never (the reply was cut off):
		 * the fence lines go, every other line stays */
		if (skip < 0 && (k = mdfence(l, a, z)) != 0) {
			gone++;
			if (k > 0) {
				skip = k;
				gone++;
			}
			a++;
			changed = 1;
		}
	} while (changed);

	for (int i = a; i < z; i++) {
		if (i == skip)
			continue;
		cg_buf_add(&b, l[i].s, l[i].len);
		cg_buf_putc(&b, '\n');
	}
	free(l);
	if (removed)
		*removed = gone;
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
