/* util.c — errors, messages, allocation, buffers, small string helpers. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>

#include "util.h"

const char *argv0 = "cg";
int cg_verbose;
static int dying;		/* die() is exiting: its message and code stand */

int
cg_seterr(cg_err *e, int code, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;
	size_t n;

	if (!e)
		return -1;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	n = strlen(fmt);
	if (n && fmt[n - 1] == ':') {
		size_t l = strlen(e->msg);
		snprintf(e->msg + l, sizeof e->msg - l, " %s", strerror(saved));
	}
	errno = saved;
	return -1;
}

/* At exit: output that could not be written (a full disk, a closed pipe)
 * turns a successful run into EX_IOERR instead of a silently short file. */
static void
closeout(void)
{
	int bad, saved;

	if (dying)
		return;
	bad = fflush(stdout) == EOF;
	saved = errno;
	if (!bad && !ferror(stdout))
		return;
	fprintf(stderr, "%s: standard output: %s\n", argv0,
	    bad ? strerror(saved) : "write error");
	_exit(EX_IOERR);
}

void
cg_setprog(const char *a0)
{
	static int registered;
	const char *p;

	if (!registered++)
		atexit(closeout);
	if (!a0 || !*a0)
		return;
	p = strrchr(a0, '/');
	argv0 = p ? p + 1 : a0;
}

/* One message line on stderr, "PROG: TEXT\n", with TEXT made safe for
 * the terminal: messages quote servers, models and files. */
static void
putmsg(const char *text)
{
	cg_buf b = { 0 };

	cg_buf_printf(&b, "%s: ", argv0);
	cg_buf_term_safe(&b, text, strlen(text));
	cg_buf_putc(&b, '\n');
	fputs(b.s, stderr);
	cg_buf_free(&b);
}

static void
vmsg(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);
	cg_buf b = { 0 };

	cg_buf_vprintf(&b, fmt, ap);
	if (n && fmt[n - 1] == ':')
		cg_buf_printf(&b, " %s", strerror(saved));
	putmsg(b.s ? b.s : "");
	cg_buf_free(&b);
}

static volatile pid_t watch_ppid, watch_lock;

/* 1 when the run this process belongs to is gone. */
static int
run_gone(void)
{
	return getppid() != watch_ppid || (watch_lock > 1 &&
	    kill(watch_lock, 0) < 0 && errno == ESRCH);
}

static void
on_watch(int sig)
{
	struct sigaction sa;
	int saved = errno;

	(void)sig;
	if (run_gone()) {
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = SIG_DFL;
		sigaction(SIGTERM, &sa, NULL);
		raise(SIGTERM);
	}
	errno = saved;
}

void
cg_watch_run(void)
{
	const char *l = getenv("CG_LOCKED");
	struct itimerval it = { { 0, 500000 }, { 0, 500000 } };
	struct sigaction sa;
	char *end;
	long pid;

	watch_ppid = getppid();
	pid = l ? strtol(l, &end, 10) : 0;
	watch_lock = l && *end == '\0' && pid > 1 ? (pid_t)pid : 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_watch;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) == 0)
		setitimer(ITIMER_REAL, &it, NULL);
	on_watch(SIGALRM);	/* gone already: do not start */
}

void
die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	dying = 1;
	exit(code);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void
cg_info(const char *fmt, ...)
{
	va_list ap;

	if (!cg_verbose)
		return;
	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void
die_err(const cg_err *e)
{
	putmsg(e->msg[0] ? e->msg : "failed");
	dying = 1;
	exit(e->code ? e->code : EX_SOFTWARE);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		abort();
	return p;
}

void *
xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);

	if (!p)
		abort();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	cg_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	cg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return cg_buf_take(&b);
}

static void
grow(cg_buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	while (b->len + n + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 256;
	b->s = xrealloc(b->s, b->cap);
}

void
cg_buf_add(cg_buf *b, const char *p, size_t n)
{
	grow(b, n);
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
cg_buf_puts(cg_buf *b, const char *s)
{
	cg_buf_add(b, s, strlen(s));
}

void
cg_buf_putc(cg_buf *b, int c)
{
	char ch = (char)c;

	cg_buf_add(b, &ch, 1);
}

void
cg_buf_vprintf(cg_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
cg_buf_printf(cg_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cg_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
cg_buf_take(cg_buf *b)
{
	char *s;

	if (!b->s)
		grow(b, 0), b->s[0] = '\0';
	s = b->s;
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
cg_buf_free(cg_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

double
cg_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
cg_isotime(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
cg_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *
cg_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

char *
cg_slug(const char *s)
{
	char *out = xmalloc(61);
	size_t n = 0;
	int dash = 0;

	/* Latin-1 letters of U+00C0..U+00FF (UTF-8 C3 80..BF) by their base */
	static const char latin[] =
	    "AAAAAAACEEEEIIIIDNOOOOO-OUUUUYTsaaaaaaaceeeeiiiidnooooo-ouuuuyty";

	for (; *s && n < 60; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == 0xC3 && (unsigned char)s[1] >= 0x80 &&
		    (unsigned char)s[1] <= 0xBF) {
			c = (unsigned char)latin[(unsigned char)*++s - 0x80];
		}
		if (isalnum(c)) {
			if (dash && n)
				out[n++] = '-';
			if (n < 60)
				out[n++] = (char)tolower(c);
			dash = 0;
		} else
			dash = 1;
	}
	while (n && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	if (!n) {
		free(out);
		return xstrdup("course");
	}
	return out;
}

int
cg_editdist(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	int *row = xcalloc(lb + 1, sizeof *row), d;

	for (j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (j = 1; j <= lb; j++) {
			int up = row[j], best;
			best = diag + (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]));
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

/* The length of the UTF-8 sequence at s (n bytes left) and its code
 * point in *cp; 0 when s does not start a valid one (a stray or missing
 * continuation byte, an overlong form, a surrogate, beyond U+10FFFF). */
static size_t
utf8_seq(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len, i;
	unsigned long c, min;

	if (s[0] < 0x80)
		return *cp = s[0], 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f, min = 0x80;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f, min = 0x800;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int
cg_utf8_dec(const char *s, size_t n, long *cp)
{
	unsigned long c;
	size_t k = n ? utf8_seq((const unsigned char *)s, n, &c) : 0;

	*cp = k ? (long)c : -1;
	return k ? (int)k : 1;
}

int
cg_iscjk(long c)
{
	return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
	    (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F) ||
	    (c >= 0x20000 && c <= 0x3FFFF);
}

void
cg_buf_term_safe(cg_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t i = 0, k;

	while (i < n) {
		if (!(k = utf8_seq(p + i, n - i, &cp))) {
			cg_buf_printf(b, "\\x%02x", p[i++]);
			continue;
		}
		if (cp == '\n' || cp == '\t' || (cp >= 0x20 && cp < 0x7f) ||
		    (cp > 0x9f && !(cp >= 0x202a && cp <= 0x202e) &&
		    !(cp >= 0x2066 && cp <= 0x2069)))
			cg_buf_add(b, s + i, k);
		else if (cp == 0x1b)
			cg_buf_puts(b, "\\e");
		else if (cp == '\r')
			cg_buf_puts(b, "\\r");
		else if (cp < 0x80)
			cg_buf_printf(b, "\\x%02lx", cp);
		else
			cg_buf_printf(b, "\\u%04lx", cp);
		i += k;
	}
	if (!b->s)
		cg_buf_add(b, "", 0);
}

char *
cg_term_safe(const char *s)
{
	cg_buf b = { 0 };

	cg_buf_term_safe(&b, s ? s : "", s ? strlen(s) : 0);
	return cg_buf_take(&b);
}
