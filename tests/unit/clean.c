/* clean.c — prose and JSON cleaning, against the fixtures in
 * tests/fixtures/quirks/prose (NAME.in reply, NAME.out expected text),
 * plus properties: only whole lines at the two ends go, never a heading,
 * never a region without meta in it, and cleaning is idempotent.
 * With CG_REGEN=1 the .out files are rewritten instead (regen.sh). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util.h"
#include "fsio.h"
#include "fixture.h"
#include "clean.h"

/* Split into lines (CR stripped); *n gets the count; caller frees both. */
static char **
lines(const char *s, int *n)
{
	char *c = xstrdup(s), **v = NULL, *p = c;
	*n = 0;
	while (*p) {
		char *e = strchr(p, '\n');
		size_t l;
		if (e)
			*e = '\0';
		l = strlen(p);
		while (l && p[l - 1] == '\r')
			p[--l] = '\0';
		v = xrealloc(v, (size_t)(*n + 2) * sizeof *v);
		v[(*n)++] = p;
		if (!e)
			break;
		p = e + 1;
	}
	if (!v)
		v = xmalloc(sizeof *v);
	v[*n] = c;		/* owner of the text, for freeing */
	return v;
}

static int
blank(const char *s)
{
	return strspn(s, " \t") == strlen(s);
}

static int
fenceline(const char *s)
{
	return !strncmp(s, "```", 3) || !strncmp(s, "~~~", 3);
}

/* Are lo[0..no) the lines li[0..ni) in order, with only fence, blank or
 * meta lines left out between them?  start and end get the span used
 * in li (start is -1 when not). */
static int
runof(char **li, int ni, char **lo, int no, int *start, int *end)
{
	int k = 0, gaps = 1, prev = -1;
	*start = -1;
	for (int i = 0; i < ni && k < no; i++)
		if (!strcmp(li[i], lo[k])) {
			if (k == 0)
				*start = i;
			for (int j = prev + 1; prev >= 0 && j < i; j++)
				if (!fenceline(li[j]) && !blank(li[j]) &&
				    !cg_clean_is_meta(li[j], strlen(li[j])))
					gaps = 0;
			prev = i;
			k++;
		}
	if (k < no)
		*start = -1;
	*end = prev + 1;
	return *start >= 0 && gaps;
}

/* The properties every cleaning must have. */
static void
properties(const char *name, const char *in, const char *out)
{
	int ni, no, start = -1, end = 0, first = -1, last = -1, ok1 = 1, ok2 = 1;
	char **li = lines(in, &ni), **lo = lines(out, &no);

	/* the output is the input's lines in order, with at most fence
	 * lines and meta lines ("[x] 800 words") dropped between them */
	ok(runof(li, ni, lo, no, &start, &end) || no == 0, "%s: output is the "
	    "input's lines, only fences and meta dropped inside", name);
	/* everything from the first heading to the last one stays */
	for (int i = 0; i < ni; i++)
		if (li[i][0] == '#') {
			if (first < 0)
				first = i;
			last = i;
		}
	if (first >= 0 && start >= 0)
		ok(start <= first && end > last, "%s: lines %d-%d "
		    "(first to last heading) are kept", name, first + 1, last + 1);
	/* each removed end holds meta, and no heading */
	if (start >= 0) {
		int meta = 0, other = 0;
		for (int i = 0; i < start; i++) {
			if (li[i][0] == '#')
				ok1 = 0;
			if (cg_clean_is_meta(li[i], strlen(li[i])))
				meta = 1;
			else if (!blank(li[i]) && !fenceline(li[i]))
				other = 1;
		}
		if (other && !meta)
			ok1 = 0;
		meta = other = 0;
		for (int i = end; i < ni; i++) {
			if (li[i][0] == '#' && !cg_clean_is_meta(li[i], strlen(li[i])))
				ok2 = 0;
			if (cg_clean_is_meta(li[i], strlen(li[i])))
				meta = 1;
			else if (!blank(li[i]) && !fenceline(li[i]))
				other = 1;
		}
		if (other && !meta)
			ok2 = 0;
		ok(ok1, "%s: removed head is meta/fence only, no heading", name);
		ok(ok2, "%s: removed tail is meta/fence only, no heading", name);
	}
	free(li[ni]);
	free(li);
	free(lo[no]);
	free(lo);
}

/* One fixture: NAME.out is the cleaned text. */
static void
fixture(const char *dir, const char *name, const char *in, void *arg)
{
	char *pout = fixture_path(dir, name, "out");
	char *want = slurp(pout), *o, *o2;
	int rm = -1, rm2 = -1;

	(void)arg;
	o = cg_clean_prose(in, &rm);
	if (regen)
		spit(pout, o);
	else {
		is(o, want, "%s: cleaned text", name);
		if (!strncmp(name, "clean-", 6) ||
		    !strncmp(name, "real-", 5) ||
		    !strncmp(name, "heading-", 8) ||
		    !strncmp(name, "rule-", 5) ||
		    !strncmp(name, "code-", 5))
			isnum(rm, 0, "%s: nothing removed", name);
		else
			ok(rm > 0, "%s: %d lines removed", name, rm);
		properties(name, in, o);
		o2 = cg_clean_prose(o, &rm2);
		is(o2, o, "%s: cleaning is idempotent", name);
		isnum(rm2, 0, "%s: second pass removes nothing", name);
		free(o2);
	}
	free(o);
	free(want);
	free(pout);
}

static void
fixtures(const char *root)
{
	char *dir = fixture_dir(root, "prose");
	int n = fixture_each(dir, fixture, NULL);

	ok(n >= 15, "at least 15 prose fixtures (%d)", n);
	free(dir);
}

/* Every clean document wrapped in every kind of chatter comes back. */
static void
wrappers(const char *root)
{
	static const char *heads[] = { "",
	    "Okay, here\xe2\x80\x99s the lecture, adhering to all constraints.\n\n",
	    "Sure! Here is the lab:\n\n", "**Here's a set of study notes:**\n\n",
	    "Certainly.\n\n---\n\n", "Here are the notes you requested:\n", NULL };
	static const char *fences[][2] = { { "", "" }, { "```markdown\n", "```\n" },
	    { "```\n", "\n```\n" }, { "~~~md\n", "~~~\n" }, { NULL, NULL } };
	static const char *tails[] = { "",
	    "\nLet me know if you\xe2\x80\x99" "d like any adjustments!\n",
	    "\n---\n\n*Word Count: 812*\n", "\nEND OF OUTPUT\n",
	    "\nThis response adheres to all the requirements.\nIt avoids "
	    "preambles.\n\n(approx. 800 words)\n",
	    "\n***\n\n- [x] Required headings\n- [x] Word range\n",
	    "\nWould you like me to:\n* add a quiz?\n* shorten it?\n",
	    "\nI hope this helps!\n\n\n\n",
	    "\n\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\nEND OF OUTPUT\n"
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\n",
	    "\n[x] Uses the required headings\n[x] 600-800 words\n",
	    "\n\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\n[ ] Friendly tone\n"
	    "[x] Examples given\n\n**All requirements have been met.**\n", NULL };
	const char *bodies[] = { "clean-untouched", "heading-starts-here",
	    "rule-mid-document", "real-checklist-in-lab", NULL };
	int bad = 0, total = 0;

	for (int b = 0; bodies[b]; b++) {
		char *p = xasprintf("%s/tests/fixtures/quirks/prose/%s.out", root,
		    bodies[b]);
		char *body = slurp(p);
		free(p);
		if (!body) {
			ok(0, "body %s readable", bodies[b]);
			continue;
		}
		for (int h = 0; heads[h]; h++)
			for (int f = 0; fences[f][0]; f++)
				for (int t = 0; tails[t]; t++) {
					/* a fence goes inside or outside the chatter */
					char *in = xasprintf("%s%s%s%s%s", heads[h],
					    fences[f][0], body, fences[f][1], tails[t]);
					char *o = cg_clean_prose(in, NULL);
					total++;
					if (strcmp(o, body)) {
						if (bad++ < 5)
							printf("# %s h%d f%d t%d:\n# got: %s\n",
							    bodies[b], h, f, t, o);
					}
					free(o);
					free(in);
				}
		free(body);
	}
	isnum(bad, 0, "%d wrapped documents all cleaned back to the body", total);
}

/* Cut anywhere, a reply still cleans to a contiguous run of its lines,
 * and cleaning the result changes nothing. */
static char *
cutcheck(const char *name, const char *cut)
{
	char *o = cg_clean_prose(cut, NULL), *o2 = cg_clean_prose(o, NULL);
	char *why = NULL;
	int ni, no, s, e;
	char **li = lines(cut, &ni), **lo = lines(o, &no);

	(void)name;
	/* o's lines are the input's, with only fence, blank or meta lines
	 * left out inside */
	if (strcmp(o, o2))
		why = xstrdup("cleaning again changes it");
	else if (no && !runof(li, ni, lo, no, &s, &e))
		why = xstrdup("not a run of the input's lines");
	free(li[ni]);
	free(li);
	free(lo[no]);
	free(lo);
	free(o);
	free(o2);
	return why;
}

static void
prefixes(const char *root)
{
	int tried, bad = fixture_prefixes(root, "prose", 5, cutcheck, &tried);

	isnum(bad, 0, "%d truncated replies clean to a run of their lines, "
	    "idempotently", tried);
}

/* ---- words kept -------------------------------------------------------
 *
 * The teaching text of a fixture reply, by the fixtures' convention and
 * independent of clean.c: every line but fences, separator bars
 * (ASCII or UTF-8 box drawing and dashes), "END OF OUTPUT", checkbox
 * lines without a list marker or ticked, and every line of a paragraph
 * that opens with chat (below) — and of the list right after such a
 * paragraph when it ends with ":" ("Would you like me to:"). */
static const char *openers[] = { "okay", "ok,", "sure", "certainly",
	"here's", "here is", "here are", "i've created", "i have created",
	"let me know", "i hope", "would you like", "this output",
	"this response", "note: this", "all requirements", "checklist",
	"word count", "(word count", "end of output", "end of the ",
	"end of lab", "end of lecture", "end of notes", "end of document",
	"verification checklist", "requirements check",
	"the generated document", NULL };

static void
lowered(const char *s, char *o, size_t cap)
{
	size_t n = 0;
	while (*s == ' ' || *s == '*' || *s == '_' || *s == '>' ||
	    (unsigned char)*s >= 0x80)
		s += (unsigned char)*s >= 0x80 && !strncmp(s, "\xe2\x80\x99", 3) ? 0 : 1;
	for (; *s && n + 1 < cap; s++) {
		if (!strncmp(s, "\xe2\x80\x99", 3)) {
			o[n++] = '\'';
			s += 2;
		} else if (*s != '*' && *s != '_')
			o[n++] = (char)tolower((unsigned char)*s);
	}
	o[n] = '\0';
}

static int
chatline(const char *ln)
{
	char lo[512];
	const char *p = ln;
	size_t n;
	int bar = 0;

	if (fenceline(ln))
		return 1;
	for (; *p; p++) {	/* a bar: - * _ = and UTF-8 E2 8x/94/95 */
		if (*p == ' ')
			continue;
		if (strchr("-*_=~", *p)) {
			bar++;
			continue;
		}
		if ((unsigned char)*p == 0xe2 && p[1] && p[2]) {
			p += 2;
			bar++;
			continue;
		}
		break;
	}
	if (!*p && bar >= 3)
		return 1;
	while (*ln == ' ')
		ln++;
	if (!strncmp(ln, "[ ] ", 4) || !strncmp(ln, "[x] ", 4) ||
	    strstr(ln, "- [x] ") == ln)
		return 1;
	lowered(ln, lo, sizeof lo);
	n = strlen(lo);
	if (strstr(lo, "end of output"))
		return 1;
	return lo[0] == '(' && n > 7 && !strcmp(lo + n - 7, "words)");
}

static int
chatopener(const char *ln, const char *next)
{
	char lo[512];
	/* a box-drawing bar with words in it, or over a line of words that
	 * is no heading, opens a block of echoed instructions */
	if ((unsigned char)ln[0] == 0xe2 && ((unsigned char)ln[1] == 0x94 ||
	    (unsigned char)ln[1] == 0x95) && (strpbrk(ln, "ABCDEFGHIJKLMNOPQRS"
	    "TUVWXYZabcdefghijklmnopqrstuvwxyz") || (next && *next != '#' &&
	    *next != (char)0xe2 && !blank(next))))
		return 1;
	lowered(ln, lo, sizeof lo);
	for (int i = 0; openers[i]; i++)
		if (!strncmp(lo, openers[i], strlen(openers[i])))
			return 1;
	return 0;
}

/* Words of the teaching text of a reply (see above). */
static int
teaching_words(const char *in)
{
	int n, para = 0, lead = 0, words;
	char **li = lines(in, &n);
	cg_buf b = { 0 };
	char *t;

	for (int i = 0; i < n; i++) {
		if (blank(li[i])) {
			lead = para && lead;
			para = 0;
			continue;
		}
		if (!para && (i == 0 || blank(li[i - 1]))) {
			const char *q = li[i] + strspn(li[i], " ");
			int item = (strchr("-*+", *q) && q[1] == ' ') ||
			    (isdigit((unsigned char)*q) && q[1] == '.');
			para = (lead && item) || chatopener(li[i], i + 1 < n ?
			    li[i + 1] : NULL) ? 1 : -1;
			lead = para > 0 && li[i][strlen(li[i]) - 1] == ':';
		}
		if (para > 0 || chatline(li[i]))
			continue;
		cg_buf_puts(&b, li[i]);
		cg_buf_putc(&b, '\n');
	}
	t = cg_buf_take(&b);
	words = cg_clean_words(t);
	free(t);
	free(li[n]);
	free(li);
	return words;
}

static void
kept(const char *dir, const char *name, const char *in, void *arg)
{
	double *min = arg, pct;
	char *o = cg_clean_prose(in, NULL);
	int tw = teaching_words(in), ow = cg_clean_words(o);

	(void)dir;
	pct = tw ? 100.0 * ow / tw : 100.0;
	ok(pct >= 97.0 && pct <= 100.0, "%s: %.1f%% of %d teaching words kept "
	    "(%d)", name, pct, tw, ow);
	if (pct < *min)
		*min = pct;
	free(o);
}

static void
words_kept(const char *root)
{
	char *dir = fixture_dir(root, "prose");
	double min = 1000;

	fixture_each(dir, kept, &min);
	printf("# words kept, lowest over the prose fixtures: %.1f%%\n", min);
	free(dir);
}

static void
json(void)
{
	char *s;

	s = cg_clean_json("Here is the JSON:\n```json\n{\"a\": \"}{\", \"b\": [1, {\"c\": 2}]}\n"
	    "```\nHope it helps {really}.");
	is(s, "{\"a\": \"}{\", \"b\": [1, {\"c\": 2}]}", "fenced JSON with braces in "
	    "strings");
	free(s);
	s = cg_clean_json("Note {this} first: {\"ok\": true}   \n\n\n    \n");
	is(s, "{\"ok\": true}", "skips a braced phrase that is not JSON");
	free(s);
	s = cg_clean_json("{\"x\": \"esc \\\" }\"}");
	is(s, "{\"x\": \"esc \\\" }\"}", "escaped quote inside a string");
	free(s);
	ok(cg_clean_json("{\"cut\": [1, 2") == NULL, "truncated JSON: NULL");
	ok(cg_clean_json("no json here") == NULL, "prose: NULL");
	ok(cg_clean_json(NULL) == NULL, "NULL: NULL");
	s = cg_clean_json("{bad json} and {\"also\": bad}");
	is(s, "{bad json}", "nothing parses: the first candidate, for the "
	    "caller's error");
	free(s);
}

static void
words(void)
{
	isnum(cg_clean_words("# Title Here\n\n**Bold** text, _and_ more.\n"), 6,
	    "markup is not words");
	isnum(cg_clean_words("1. First item\n2) second\n- third\n"), 4,
	    "list markers are not words");
	isnum(cg_clean_words("```python\nx = 1\n```\n"), 2, "fence lines not "
	    "counted, code is");
	isnum(cg_clean_words("caf\xc3\xa9 na\xc3\xafve -- | > ***"), 2,
	    "UTF-8 words; bare punctuation is not");
	/* 日本語の文章です。 : eight characters, the full stop is none */
	isnum(cg_clean_words("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae"
	    "\xe6\x96\x87\xe7\xab\xa0\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82"), 4,
	    "Japanese without spaces: a word per two characters, not one "
	    "per line");
	/* CPUの速度、コンピューター : CPU, then の速度 and 5 kana (the long
	 * vowel marks are none): 8 characters */
	isnum(cg_clean_words("CPU\xe3\x81\xae\xe9\x80\x9f\xe5\xba\xa6\xe3\x80\x81"
	    "\xe3\x82\xb3\xe3\x83\xb3\xe3\x83\x94\xe3\x83\xa5\xe3\x83\xbc"
	    "\xe3\x82\xbf\xe3\x83\xbc"), 5,
	    "Latin letters inside CJK text are a word of their own");
	/* 细胞 生物学 : two and three Chinese characters */
	isnum(cg_clean_words("\xe7\xbb\x86\xe8\x83\x9e \xe7\x94\x9f\xe7\x89\xa9"
	    "\xe5\xad\xa6"), 3, "Chinese: a word per two characters, "
	    "rounded up");
	/* 「細胞」、 : the brackets and comma are no words */
	isnum(cg_clean_words("\xe3\x80\x8c\xe7\xb4\xb0\xe8\x83\x9e\xe3\x80\x8d"
	    "\xe3\x80\x81 \xe3\x80\x82"), 1, "CJK punctuation is no word");
	isnum(cg_clean_words("\xd8\xa7\xd9\x84\xd8\xae\xd9\x84\xd9\x8a\xd8\xa9 "
	    "\xd8\xa7\xd9\x84\xd8\xad\xd9\x8a\xd8\xa9"), 2,
	    "Arabic words between spaces stay whole");
	isnum(cg_clean_words(""), 0, "empty");
	isnum(cg_clean_words(NULL), 0, "NULL");
}

static void
meta(void)
{
	static const char *yes[] = {
		"Okay, here\xe2\x80\x99s the lecture:", "Sure! Here is the lab.",
		"**Here's a summary:**", "Here are the study notes you requested:",
		"Let me know if you want changes.", "I hope this helps!",
		"Word count: 742", "(150 words)", "*Approximately 800 words*",
		"END OF OUTPUT", "--- END ---", "---", "* * *", "- [ ] No preamble",
		"This output strictly adheres to the constraints.",
		"Would you like me to add examples?",
		"[x] Uses the required headings", "[ ] 600\xe2\x80\x93""800 words",
		"- [x] Four sections", "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90",
		"\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94",
		"\xe2\x94\x80\xe2\x94\x80 END OF OUTPUT \xe2\x94\x80\xe2\x94\x80",
		"**All requirements have been met.**",
		"All the specified constraints are satisfied.",
		"\xe2\x9c\x85 All requirements met", NULL };
	static const char *no[] = {
		"# Here Is Where Life Begins", "## Summary",
		"Photosynthesis converts light into sugar.",
		"Here, the enzyme binds its substrate",
		"This lecture covers three topics.",
		"The 150 words of the abstract", "",
		"Endosymbiosis explains mitochondria.",
		"- [ ] Clean your bench", "- [ ] Return the scales",
		"All requirements must be traceable to a stakeholder need.",
		"A \xe2\x80\x94 B", "-- x", NULL };
	for (int i = 0; yes[i]; i++)
		ok(cg_clean_is_meta(yes[i], strlen(yes[i])), "meta: %s", yes[i]);
	for (int i = 0; no[i]; i++)
		ok(!cg_clean_is_meta(no[i], strlen(no[i])),
		    "content: %s", no[i]);
}

static void
separators(void)
{
	static const char *yes[] = { "---", "***", "___", "===", "- - -",
	    "\xe2\x95\x90\xe2\x95\x90\xe2\x95\x90",		/* ═══ */
	    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80",	/* ──── */
	    "\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94",		/* ——— */
	    "\xe2\x80\x93\xe2\x80\x93\xe2\x80\x93",		/* ––– */
	    "\xe2\x94\x81\xe2\x94\x81\xe2\x94\x81",		/* ━━━ */
	    "\xe2\x80\x92\xe2\x80\x95\xe2\x80\x92",		/* ‒―‒ */
	    "=-=\xe2\x95\x90=-=", "|---|:---:|", "| --- | --- |", "---|---",
	    "+-----+-----+", "------------------------------------------\r\n",
	    NULL };
	static const char *no[] = { "", "--", "-=-=-", "A \xe2\x80\x94 B",
	    "\xe2\x80\x94 see above", "| a | b |", "Text", "# ---",
	    "- item", "\xe2\x80\x9c\xe2\x80\x9d\xe2\x80\x9c", NULL };
	for (int i = 0; yes[i]; i++)
		ok(cg_clean_is_separator(yes[i], strlen(yes[i])), "separator: %s",
		    yes[i]);
	for (int i = 0; no[i]; i++)
		ok(!cg_clean_is_separator(no[i], strlen(no[i])), "not a "
		    "separator: %s", no[i]);
	ok(!cg_clean_is_separator(NULL, 0), "NULL is no separator");
}

static void
edges(void)
{
	char *s;
	int rm;

	s = cg_clean_prose("", &rm);
	is(s, "", "empty stays empty");
	isnum(rm, 0, "nothing removed from empty");
	free(s);
	s = cg_clean_prose(NULL, NULL);
	is(s, "", "NULL is empty");
	free(s);
	s = cg_clean_prose("Body line\n\n\n\n", NULL);
	is(s, "Body line\n", "trailing blank lines trimmed, one newline");
	free(s);
	s = cg_clean_prose("a\r\nb\r\n", NULL);
	is(s, "a\nb\n", "CRLF becomes LF");
	free(s);
	s = cg_clean_prose("Okay, here's the lecture:\n\n## One\n\nText.\n", &rm);
	is(s, "## One\n\nText.\n", "preamble removed");
	isnum(rm, 1, "one line removed");
	free(s);
	/* a preamble paragraph longer than three lines is real text */
	s = cg_clean_prose("Here is a long paragraph\nthat goes on\nand on\n"
	    "and on.\n\n## Next\n", NULL);
	is(s, "Here is a long paragraph\nthat goes on\nand on\nand on.\n\n"
	    "## Next\n", "long first paragraph starting with Here stays");
	free(s);
}

int
main(void)
{
	const char *root = fixture_init();

	fixtures(root);
	if (regen)
		return 0;
	wrappers(root);
	words_kept(root);
	prefixes(root);
	json();
	words();
	meta();
	separators();
	edges();
	return done_testing();
}
