/* digest.c — the digests readers depend on, and how a digest of a
 * document is built; see digest.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "digest.h"
#include "fsio.h"

/* The budget reader rd gives each file it reads. */
static int
budget(const struct cg_kind *rd)
{
	return rd->nreads ? rd->excerpt / rd->nreads : 0;
}

int
cg_digest_read(const struct cg_kind *kd)
{
	const struct cg_kind *k;
	size_t i, n;

	k = cg_kind_list(&n);
	for (i = 0; kd && i < n; i++)
		if (cg_kind_reads(&k[i], kd->name))
			return 1;
	return 0;
}

char *
cg_digest_of(const struct cg_kind *kd, const char *md)
{
	const struct cg_kind *k;
	int seen[64], nseen = 0, b, j, dup;
	cg_buf out = {0};
	size_t i, n;
	char *d;

	k = cg_kind_list(&n);
	for (i = 0; md && i < n; i++) {
		if (!cg_kind_reads(&k[i], kd->name))
			continue;
		b = budget(&k[i]);
		for (j = dup = 0; j < nseen; j++)
			dup |= seen[j] == b;
		if (dup || nseen == 64)
			continue;
		seen[nseen++] = b;
		d = cg_tmpl_digest(md, (size_t)b);
		cg_buf_printf(&out, "%s<!-- budget %d -->\n%s\n", nseen > 1 ?
		    "\n" : "", b, d);
		free(d);
	}
	return out.s ? cg_buf_take(&out) : xstrdup("");
}

char *
cg_digest_path(const char *file, const char *what)
{
	const char *sl = strrchr(file, '/');

	return sl ? xasprintf("%.*s/.%s.%s", (int)(sl - file), file, sl + 1,
	    what) : xasprintf(".%s.%s", file, what);
}

const struct cg_kind *
cg_digest_kind(const char *file)
{
	const char *b = strrchr(file, '/');
	const struct cg_kind *k;
	size_t i, n;
	char *f;
	int hit;

	b = b ? b + 1 : file;
	k = cg_kind_list(&n);
	for (i = 0; i < n; i++) {
		if (k[i].shape == CG_SHAPE_OUTLINE)
			continue;
		f = cg_kind_file(&k[i], 1);
		hit = !strcmp(f, b);
		free(f);
		if (!hit && k[i].multi) {
			/* diagram-K.mmd: the part before K and after it */
			const char *K = strchr(k[i].file, 'K');
			size_t pre = K ? (size_t)(K - k[i].file) : 0;
			hit = K && !strncmp(b, k[i].file, pre) &&
			    strspn(b + pre, "0123456789") > 0 &&
			    !strcmp(b + pre + strspn(b + pre, "0123456789"),
			    K + 1);
		}
		if (hit)
			return &k[i];
	}
	return NULL;
}

int
cg_digest_update(const char *file, cg_err *e)
{
	const struct cg_kind *kd = cg_digest_kind(file);
	char *dpath, *spath, *fpath, *md, *d;
	int r = 0, fd;

	if (!kd || !cg_digest_read(kd))
		return 0;
	md = cg_read_file(file, NULL, NULL);
	fpath = cg_digest_path(file, "failed");
	if (!md && access(fpath, F_OK) < 0) {
		free(fpath);
		return 0;
	}
	free(fpath);
	d = cg_digest_of(kd, md);
	dpath = cg_digest_path(file, "digest");
	spath = cg_digest_path(file, "dstamp");
	r = cg_write_if_changed(dpath, d, strlen(d), e);
	if (r >= 0) {
		if ((fd = open(spath, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) < 0 ||
		    cg_touch(spath) < 0)
			r = cg_seterr(e, EX_CANTCREAT, "%s:", spath);
		if (fd >= 0)
			close(fd);
	}
	free(d);
	free(md);
	free(dpath);
	free(spath);
	return r;
}

/* ---- the digest of a document ----------------------------------------- */

/*
 * A digest is read in three steps: the document is cut into sections
 * (a heading, the first paragraph under it, its tables) and units (a
 * paragraph, a list item, a line that starts with bold: the spans a key
 * term's sentence is looked for in); the key terms are taken from the
 * units; then the digest is written within the budget, whatever must be
 * there (headings, the names of the key terms) first.
 */

enum { D_MAXTERMS = 16 };	/* key terms listed, at most */

struct dsec {
	int     level;	/* heading level 1-3; 0: text before any heading */
	char   *head;	/* heading text, markers removed */
	cg_buf  para;	/* the first paragraph under it, lines joined */
	int     done;	/* first paragraph complete */
	cg_buf  tables;	/* its tables: "Table: header" and "- first cell" */
};

/* How a key term is explained, worst first: the sentence it stands in;
 * its sentence going on from it ("**yeast** is a fungus"); a definition
 * set off by ":", a dash, "(" or an apposition (", a ..."). */
enum { F_CONTEXT, F_COPULA, F_DEFINED };

struct dterm {
	char *term;	/* as first written */
	char *text;	/* F_CONTEXT: the sentence, the term in bold in it;
			 * F_COPULA: what follows the term ("is a ...");
			 * F_DEFINED: the definition */
	int   form;
};

struct digest {
	struct dsec  *s;
	size_t        ns;
	char        **u;	/* units, list and quote markers removed */
	size_t        nu;
	struct dterm *t;
	size_t        nt;
};

/* 1 when line l opens or closes a code fence ("```" or "~~~" after
 * spaces); the same test as the excerpt's in tmpl.c. */
static int
isfence(const char *l)
{
	while (*l == ' ')
		l++;
	return !strncmp(l, "```", 3) || !strncmp(l, "~~~", 3);
}

/* Remove every "**" of s in place; returns s. */
static char *
unbold(char *s)
{
	char *r = s, *w = s;

	while (*r)
		if (r[0] == '*' && r[1] == '*')
			r += 2;
		else
			*w++ = *r++;
	*w = '\0';
	return s;
}

/* Offsets [*s, *e) of the sentence of text around offset at: from the
 * previous ". ", "? ", "! " or the start to the next one or the end. */
static void
sentence_span(const char *text, size_t at, size_t *s, size_t *e)
{
	size_t n = strlen(text);

	*s = at;
	*e = at;
	while (*s > 0 && !(strchr(".?!", text[*s - 1]) && text[*s] == ' '))
		(*s)--;
	while (*e < n && !(strchr(".?!", text[*e]) && (*e + 1 == n ||
	    text[*e + 1] == ' ')))
		(*e)++;
	if (*e < n)
		(*e)++;
	while (*s < *e && text[*s] == ' ')
		(*s)++;
}

/* Append at most max bytes of s to b, ending at a word (never inside a
 * UTF-8 sequence nor inside a bold run); "…" marks a cut.  Returns the
 * bytes added. */
static size_t
put_cut(cg_buf *b, const char *s, size_t max)
{
	size_t n = strlen(s), cut, i;
	int bold = 0;

	if (n <= max) {
		cg_buf_add(b, s, n);
		return n;
	}
	if (max < 8)
		return 0;
	cut = max - 3;
	while (cut > max / 2 && s[cut] != ' ')
		cut--;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	for (i = 0; i + 1 < cut; i++)	/* a bold run cut open */
		if (s[i] == '*' && s[i + 1] == '*') {
			bold = !bold;
			i++;
		}
	if (bold && cut > 2)
		while (cut > 0 && !(s[cut - 1] == '*' && s[cut] == '*' &&
		    (cut < 2 || s[cut - 2] != '*')))
			cut--;
	if (bold && cut > 0)
		cut--;	/* before the "**" that opened it */
	while (cut > 0 && s[cut - 1] == ' ')
		cut--;
	cg_buf_add(b, s, cut);
	cg_buf_puts(b, "\xe2\x80\xa6");
	return cut + 3;
}

/* Cut a (joined) paragraph to its first n sentences: what a reader of
 * the digest needs, and no more, so that an edit further into a section
 * changes nothing built from the digest. */
static void
opening(cg_buf *para, int n)
{
	size_t i;

	for (i = 0; i + 1 < para->len; i++)
		if (strchr(".?!", para->s[i]) && para->s[i + 1] == ' ' &&
		    --n == 0) {
			para->len = i + 1;
			para->s[para->len] = '\0';
			return;
		}
}

static struct dterm *
findterm(struct digest *d, const char *k)
{
	size_t i;

	for (i = 0; i < d->nt; i++)
		if (!strcasecmp(d->t[i].term, k))
			return &d->t[i];
	return NULL;
}

/* Starts with word w followed by a space (case-insensitive)? */
static int
startsw(const char *s, const char *w)
{
	size_t n = strlen(w);

	return !strncasecmp(s, w, n) && s[n] == ' ';
}

/* How unit u explains the bold term u[a..z) (z just past its closing
 * "**"; a colon inside the bold, "**Yeast:**", sets off a definition as
 * one after it does): the form, and its text (malloc'ed, without bold
 * markers, never starting with the term again). */
static char *
explain(const char *u, size_t a, size_t z, const char *term, int *form)
{
	static const char *const cop[] = { "is", "are", "was", "were",
	    "means", "refers", "describes", "measures" };
	const char *p = u + z, *q;
	size_t s, e, i, tl = strlen(term);
	char *t, *r;

	sentence_span(u, a, &s, &e);
	if (e < z)	/* a sentence that ends inside the bold goes on */
		sentence_span(u, z, &i, &e);
	if (u[z - 3] == ':' || *p == ':' || !strncmp(p, " (", 2) ||
	    !strncmp(p, " -", 2) || !strncmp(p, " \xe2\x80\x94", 4) ||
	    !strncmp(p, " \xe2\x80\x93", 4) || !strncmp(p, "\xe2\x80\x94", 3) ||
	    (p[0] == ',' && p[1] == ' ' && (startsw(p + 2, "a") ||
	    startsw(p + 2, "an") || startsw(p + 2, "the")))) {
		for (q = p; *q;)	/* the separators and dashes */
			if (strchr(":,-( ", *q))
				q++;
			else if (!strncmp(q, "\xe2\x80\x94", 3) ||
			    !strncmp(q, "\xe2\x80\x93", 3))
				q += 3;
			else
				break;
		if (q < u + e) {
			t = unbold(xstrndup(q, (size_t)(u + e - q)));
			/* an apposition, a parenthesis, a part between dashes:
			 * up to where it closes */
			if (u[z] == ',' && (r = strchr(t, ',')))
				*r = '\0';
			else if (!strncmp(p, " (", 2) && (r = strchr(t, ')')))
				*r = '\0';
			else if (p[0] != ':' && u[z - 3] != ':' && ((r = strstr(t,
			    " \xe2\x80\x94")) || (r = strstr(t, " \xe2\x80\x93")) ||
			    (r = strstr(t, " - "))))
				*r = '\0';
			r = cg_trim(t);
			while (!strncasecmp(r, term, tl) && r[tl] &&
			    strchr(":-", r[tl]))	/* "Dollar: Dollar: ..." */
				r = cg_trim(r + tl + 1);
			if (!strncasecmp(r, term, tl) && r[tl] == ' ') {
				memmove(t, r + tl, strlen(r + tl) + 1);
				*form = F_COPULA;	/* "Yeast is ..." */
				return t;
			}
			memmove(t, r, strlen(r) + 1);
			if (*t) {
				*form = F_DEFINED;
				return t;
			}
			free(t);
		}
	}
	for (i = 0; i < sizeof cop / sizeof cop[0]; i++)
		if (*p == ' ' && startsw(p + 1, cop[i])) {
			*form = F_COPULA;
			return unbold(xstrndup(p, (size_t)(u + e - p)));
		}
	/* the sentence, with only this term in bold */
	*form = F_CONTEXT;
	t = unbold(xstrndup(u + s, a - s));
	r = unbold(xstrndup(u + z, e > z ? e - z : 0));
	{
		char *all = xasprintf("%s**%s**%s", t, term, r);
		free(t);
		free(r);
		return all;
	}
}

/* Record term (of unit u, bold at u[a..z)) or a better explanation of
 * it.  Only a term already known takes an explanation when known_only. */
static void
addterm(struct digest *d, const char *u, size_t a, size_t z, int known_only)
{
	char *k = xstrndup(u + a + 2, z - a - 4), *key = cg_trim(k), *text;
	struct dterm *t;
	int form;

	while (*key && strchr(":.", key[strlen(key) - 1]))
		key[strlen(key) - 1] = '\0';
	key = cg_trim(key);
	t = findterm(d, key);
	if (!*key || strlen(key) > 60 || (!t && (known_only ||
	    d->nt >= D_MAXTERMS))) {
		free(k);
		return;
	}
	text = explain(u, a, z, key, &form);
	if (!t) {
		d->t = xrealloc(d->t, (d->nt + 1) * sizeof *d->t);
		t = &d->t[d->nt++];
		t->term = xstrdup(key);
		t->text = text;
		t->form = form;
	} else if (form > t->form) {
		free(t->text);
		t->text = text;
		t->form = form;
	} else
		free(text);
	free(k);
}

/* Is the bold run u[a..z) a label rather than a term: at the start of
 * its unit (a paragraph, list item or line) and ending in ":" inside
 * the bold ("**Safety:**"), or the whole unit (a bold line standing for
 * a heading or a question)? */
static int
islabel(const char *u, size_t a, size_t z)
{
	const char *rest = u + z;

	while (*rest == ' ' || *rest == '.' || *rest == ':')
		rest++;
	if (a != 0)
		return 0;
	return u[z - 3] == ':' || *rest == '\0';
}

/* The key terms of the units: bold terms used as terms; then labels that
 * name a term found elsewhere explain it ("**Yeast:** a fungus"). */
static void
keyterms(struct digest *d)
{
	const char *u, *a, *z;
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < d->nu; i++) {
			u = d->u[i];
			for (a = u; (a = strstr(a, "**")) &&
			    (z = strstr(a + 2, "**")); a = z + 2) {
				size_t o = (size_t)(a - u), e = (size_t)(z + 2 - u);

				if (z == a + 2)
					continue;
				if (islabel(u, o, e) == pass)
					addterm(d, u, o, e, pass);
			}
		}
}

/* A table row's cells, trimmed: the first into *first (malloc'ed), all
 * joined by " | " onto b when b is not NULL. */
static void
cells(const char *l, size_t n, char **first, cg_buf *b)
{
	size_t i = 0, s, e;
	int k = 0;

	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	if (i < n && l[i] == '|')
		i++;
	while (i < n) {
		s = i;
		while (i < n && l[i] != '|')
			i++;
		e = i++;
		while (s < e && isspace((unsigned char)l[s]))
			s++;
		while (e > s && isspace((unsigned char)l[e - 1]))
			e--;
		if (e == s && i >= n)
			break;
		if (k == 0 && first)
			*first = unbold(xstrndup(l + s, e - s));
		if (b) {
			if (k)
				cg_buf_puts(b, " | ");
			cg_buf_add(b, l + s, e - s);
		}
		k++;
	}
}

/* A table's separator row ("|---|:--:|")? */
static int
tablesep(const char *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strchr("|-: \t", l[i]))
			return 0;
	return memchr(l, '-', n) != NULL;
}

static struct dsec *
newsec(struct digest *d, int level, const char *head, size_t n)
{
	struct dsec *s;
	char *t;

	d->s = xrealloc(d->s, (d->ns + 1) * sizeof *d->s);
	s = &d->s[d->ns++];
	memset(s, 0, sizeof *s);
	s->level = level;
	s->head = xstrndup(head, n);
	t = cg_trim(s->head);
	memmove(s->head, t, strlen(t) + 1);
	return s;
}

static void
endunit(struct digest *d, cg_buf *unit)
{
	if (unit->len) {
		d->u = xrealloc(d->u, (d->nu + 1) * sizeof *d->u);
		d->u[d->nu++] = xstrdup(unit->s);
	}
	unit->len = 0;
}

/* Cut md into sections and units (fenced code skipped). */
static void
dparse(struct digest *d, const char *md)
{
	const char *p = md ? md : "", *eol;
	cg_buf unit = {0};
	struct dsec *cur = NULL;
	int fence = 0, table = 0;

	while (*p) {
		size_t n, m, k;

		eol = strchr(p, '\n');
		n = eol ? (size_t)(eol - p) : strlen(p);
		if (n && p[n - 1] == '\r')
			n--;
		if (isfence(p)) {
			fence = !fence;
			goto next;
		}
		if (fence)
			goto next;
		for (k = 0; k < n && (p[k] == ' ' || p[k] == '\t'); k++)
			;
		if (k < n && p[k] == '|') {	/* a table row */
			endunit(d, &unit);
			if (!cur)
				cur = newsec(d, 0, "", 0);
			if (cur->para.len)
				cur->done = 1;
			if (!table) {
				cg_buf_puts(&cur->tables, "Table: ");
				cells(p, n, NULL, &cur->tables);
				cg_buf_putc(&cur->tables, '\n');
				table = 1;
			} else if (!tablesep(p, n)) {
				char *first = NULL;
				cells(p, n, &first, NULL);
				if (first && *first)
					cg_buf_printf(&cur->tables, "- %s\n", first);
				free(first);
			}
			goto next;
		}
		table = 0;
		for (m = 0; m < n && p[m] == '#'; m++)
			;
		if (m >= 1 && m <= 3 && m < n && p[m] == ' ') {
			endunit(d, &unit);
			if (cur && cur->para.len)
				cur->done = 1;
			cur = newsec(d, (int)m, p + m + 1, n - m - 1);
			goto next;
		}
		if (k == n) {	/* blank: a paragraph ends */
			endunit(d, &unit);
			if (cur && cur->para.len)
				cur->done = 1;
			goto next;
		}
		if (!cur)
			cur = newsec(d, 0, "", 0);
		/* one list or quote marker, or a number and "." or ")" */
		if (k + 1 < n && strchr("-*+>", p[k]) && p[k + 1] == ' ') {
			k += 2;
			endunit(d, &unit);
		} else {
			size_t j = k;
			while (j < n && isdigit((unsigned char)p[j]))
				j++;
			if (j > k && j < n && (p[j] == '.' || p[j] == ')') &&
			    j + 1 < n && p[j + 1] == ' ') {
				k = j + 1;
				endunit(d, &unit);
			}
		}
		while (k < n && p[k] == ' ')
			k++;
		if (!strncmp(p + k, "**", 2))
			endunit(d, &unit);	/* a line that starts in bold */
		if (!cur->done) {
			if (cur->para.len)
				cg_buf_putc(&cur->para, ' ');
			cg_buf_add(&cur->para, p + k, n - k);
		}
		if (unit.len)
			cg_buf_putc(&unit, ' ');
		cg_buf_add(&unit, p + k, n - k);
next:
		p += (eol ? (size_t)(eol - p) + 1 : strlen(p));
	}
	endunit(d, &unit);
	cg_buf_free(&unit);
}

/* Append a section's tables to b within max bytes: whole lines, the
 * header line cut to fit. */
static void
put_tables(cg_buf *b, const char *tables, size_t max)
{
	const char *p = tables, *eol;
	size_t used = 0, n;

	while (*p && (eol = strchr(p, '\n'))) {
		n = (size_t)(eol - p) + 1;
		if (used + n > max) {
			if (!strncmp(p, "Table: ", 7) && max - used > 24) {
				char *l = xstrndup(p, n - 1);
				used += put_cut(b, l, max - used - 1);
				cg_buf_putc(b, '\n');
				free(l);
			}
			if (!strncmp(p, "Table: ", 7))
				break;
			p = eol + 1;	/* skip the rows of this table */
			while (*p && strncmp(p, "Table: ", 7) &&
			    (eol = strchr(p, '\n')))
				p = eol + 1;
			continue;
		}
		cg_buf_add(b, p, n);
		used += n;
		p = eol + 1;
	}
}

/* One key term's line at most max bytes: its explanation when it fits
 * (a definition may be cut at a word), else its name alone. */
static void
put_term(cg_buf *b, const struct dterm *t, size_t max)
{
	size_t name = strlen(t->term) + 7;	/* "- **" "**" "\n" */

	if (t->form == F_CONTEXT && strlen(t->text) + 3 <= max) {
		cg_buf_printf(b, "- %s\n", t->text);
		return;
	}
	cg_buf_printf(b, "- **%s**", t->term);
	if (t->form == F_COPULA && name + strlen(t->text) <= max)
		cg_buf_puts(b, t->text);
	else if (t->form == F_DEFINED && max > name + 2 + 24) {
		cg_buf_puts(b, ": ");
		put_cut(b, t->text, max - name - 2);
	}
	cg_buf_putc(b, '\n');
}

static void
dfree(struct digest *d)
{
	size_t i;

	for (i = 0; i < d->ns; i++) {
		free(d->s[i].head);
		cg_buf_free(&d->s[i].para);
		cg_buf_free(&d->s[i].tables);
	}
	for (i = 0; i < d->nu; i++)
		free(d->u[i]);
	for (i = 0; i < d->nt; i++) {
		free(d->t[i].term);
		free(d->t[i].text);
	}
	free(d->s);
	free(d->u);
	free(d->t);
}

char *
cg_tmpl_digest(const char *md, size_t max)
{
	struct digest d = {0};
	size_t i, fixed = 0, left, tb, share, budget, names = 0;
	int minl = 9, shift;
	cg_buf b = {0};

	dparse(&d, md);
	keyterms(&d);
	for (i = 0; i < d.ns; i++)
		if (d.s[i].level && d.s[i].level < minl)
			minl = d.s[i].level;
	shift = 3 - (minl == 9 ? 3 : minl);	/* the top level shown as ### */
	/* what every reader gets: the headings and the names of the terms */
	for (i = 0; i < d.ns; i++)
		if (d.s[i].level)
			fixed += strlen(d.s[i].head) + (size_t)(d.s[i].level +
			    shift) + 3;
	for (i = 0; i < d.nt; i++)
		names += strlen(d.t[i].term) + 7;
	if (d.nt)
		fixed += names + 12;
	left = max > fixed ? max - fixed : 0;
	/* the terms' explanations get a third, the sections the rest in
	 * equal shares (what one leaves goes to the next, then to the
	 * terms); a share too small for a sentence goes to the terms */
	tb = d.nt ? left / 3 : 0;
	budget = left - tb;
	if (d.ns && budget / d.ns < 40)
		budget = 0;
	for (i = 0; i < d.ns; i++) {
		struct dsec *s = &d.s[i];
		size_t before = b.len, room, hlen, body;
		int k;

		share = budget / (d.ns - i);
		for (k = 0; s->level && k < s->level + shift; k++)
			cg_buf_putc(&b, '#');
		if (s->level) {
			cg_buf_putc(&b, ' ');
			put_cut(&b, s->head, 120);
			cg_buf_putc(&b, '\n');
		}
		hlen = b.len - before;
		room = share;
		if (s->para.len && room > 16) {
			size_t t0 = b.len;
			opening(&s->para, 2);
			put_cut(&b, s->para.s, (s->tables.len ? room / 2 :
			    room) - 2);
			cg_buf_putc(&b, '\n');
			room -= b.len - t0 < room ? b.len - t0 : room;
		}
		if (s->tables.len && room > 24)
			put_tables(&b, s->tables.s, room);
		body = b.len - before - hlen;
		budget = budget > body ? budget - body : 0;
		if (b.len - before)
			cg_buf_putc(&b, '\n');
	}
	if (d.nt) {
		size_t room = max > b.len + names + 12 ? max - b.len - names - 12
		    : 0;
		cg_buf_puts(&b, "Key terms:\n");
		for (i = 0; i < d.nt; i++) {
			size_t one = strlen(d.t[i].term) + 7, before = b.len;
			put_term(&b, &d.t[i], one + room / (d.nt - i));
			room -= b.len - before - one < room ?
			    b.len - before - one : room;
		}
	}
	dfree(&d);
	while (b.len && isspace((unsigned char)b.s[b.len - 1]))
		b.s[--b.len] = '\0';
	return b.s ? cg_buf_take(&b) : xstrdup("");
}
