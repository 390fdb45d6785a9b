/* live.c — the live line of a course run's running generations; see
 * live.h.
 *
 * Every tool of make -jN is its own process writing to the same
 * terminal, so none draws from what it alone knows.  Each running
 * generation keeps a record, $CG_PROGRESS.live/PID, one line
 *
 *	RUN FIRST UPDATED BYTES REFT REFB TARGET<TAB>HOST
 *
 * (its run, the monotonic times of its first chunk and of the record,
 * the reply bytes so far, the time and bytes where its rate starts, the
 * target below OUT, the host:port it runs on — a target has no control
 * character, and a line without the tab, of a generation whose host is
 * not known yet, is read with none), and the run's tokens per byte are learnt from
 * lines "RUN learnt TOKENS BYTES" of the progress file (the server's
 * count and the reply bytes of each generation it finished).  Whoever
 * draws takes the
 * lock of the progress file (the one cg_progress takes for a finished
 * line), rewrites its own record, reads all of them and draws one line;
 * records are written and read only under that lock, so none is read
 * half written, and a finished line never lands inside a redraw.
 * Records of another run or of a process that is gone are removed by
 * whoever finds them; one not updated for STALE seconds is not shown.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "live.h"
#include "fsio.h"

#define EVERY 0.2	/* seconds between redraws of one process */
#define STALE 600	/* seconds without news: not shown */
#define MAXREC 64	/* records read for one line */

struct cg_live {
	char   *dir, *rec;	/* $CG_PROGRESS.live, DIR/PID */
	char   *target;		/* as shown: the path below OUT */
	char   *full;		/* as given (cg_live_tokens names it so) */
	char    host[80];	/* host:port, "" until an attempt has one */
	long    run;
	size_t  bytes;		/* reply text so far */
	double  first, last;	/* first chunk, last redraw (cg_now) */
	struct cg_live_win win;	/* the samples of the rate */
};

/* The generation this process ended last, for cg_live_tokens. */
static char   *ended;
static size_t  ended_bytes;

int
cg_live_tty(void)
{
	const char *q = getenv("CG_QUIET"), *f = getenv("CG_PROGRESS");
	const char *r = getenv("CG_RUN"), *t = getenv("TERM");

	return !(q && *q && strcmp(q, "0")) && f && *f && r && atol(r) > 0 &&
	    t && *t && strcmp(t, "dumb") && isatty(2);
}

void
cg_live_win_add(struct cg_live_win *w, double now, double bytes)
{
	int i = 0;

	if (w->n && now - w->t[w->n - 1] > CG_LIVE_GAP)
		w->n = 0;	/* a pause: a new stretch */
	/* what is older than the window goes, and the oldest when full */
	while (i < w->n && (now - w->t[i] > CG_LIVE_WINDOW ||
	    w->n - i >= CG_LIVE_SAMPLES))
		i++;
	if (i) {
		memmove(w->t, w->t + i, (size_t)(w->n - i) * sizeof *w->t);
		memmove(w->b, w->b + i, (size_t)(w->n - i) * sizeof *w->b);
		w->n -= i;
	}
	w->t[w->n] = now;
	w->b[w->n++] = bytes;
}

double
cg_live_rate(const struct cg_live_rec *r, int n, double now, double tpb)
{
	double rate = 0, span;
	int i;

	for (i = 0; i < n; i++) {
		span = r[i].updated - r[i].reft;
		if (now - r[i].updated <= CG_LIVE_GAP && span >= CG_LIVE_SPAN &&
		    r[i].bytes > r[i].refb)
			rate += (r[i].bytes - r[i].refb) * tpb / span;
	}
	return rate;
}

static int
byname(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
cg_live_rates(char *buf, size_t sz, const struct cg_live_rec *r, int n,
    double now, double tpb, int u)
{
	const char *h[MAXREC];
	double total = cg_live_rate(r, n, now, tpb), hr;
	cg_buf b = {0};
	int nh = 0, i, j, len;

	if (total > 0) {
		/* the hosts the streams name, each once */
		for (i = 0; i < n && nh < MAXREC; i++) {
			for (j = 0; j < nh && strcmp(h[j], r[i].host); j++)
				;
			if (r[i].host[0] && j == nh)
				h[nh++] = r[i].host;
		}
		qsort(h, (size_t)nh, sizeof *h, byname);
		cg_buf_printf(&b, "  (%.0f tok/s", total);
		for (j = 0; nh > 1 && j < nh; j++) {
			for (i = 0, hr = 0; i < n; i++)
				if (!strcmp(r[i].host, h[j]))
					hr += cg_live_rate(&r[i], 1, now, tpb);
			cg_buf_printf(&b, "%s%s %.0f tok/s", j ? ", " :
			    u ? " \u00b7 " : "; ", h[j], hr);
		}
		cg_buf_putc(&b, ')');
	}
	len = snprintf(buf, sz, "%s", b.len ? b.s : "");
	cg_buf_free(&b);
	return len;
}

void
cg_live_hostport(char *out, size_t sz, const char *url)
{
	const char *a = strstr(url, "://"), *at;
	size_t n, i;

	a = a ? a + 3 : url;
	n = strcspn(a, "/?#");
	/* no user or password on a terminal */
	for (at = a; at < a + n; at++)
		if (*at == '@')
			n -= (size_t)(at + 1 - a), a = at + 1;
	snprintf(out, sz, "%.*s", (int)n, a);
	for (i = 0; out[i]; i++)	/* nothing that moves the cursor */
		if ((unsigned char)out[i] <= ' ' || out[i] == 0x7f)
			out[i] = '?';
}

/* Tokens are counted from bytes: a stream's pieces are network reads (one
 * or many tokens each).  How many bytes a token is depends on the model
 * and the text (English costs the usual tokenizers about four, a
 * simulated server's whole words more), so the run learns it from the
 * server's counts of what it finished. */
double
cg_live_tpb(double tokens, double bytes)
{
	return tokens > 0 && bytes > 0 ? tokens / bytes : 0.25;
}

static int
utf8(void)
{
	const char *v = getenv("LC_ALL"), *p;

	if (!v || !*v)
		v = getenv("LC_CTYPE");
	if (!v || !*v)
		v = getenv("LANG");
	for (p = v; p && *p; p++)
		if ((*p == 'u' || *p == 'U') && (p[1] == 't' || p[1] == 'T') &&
		    (p[2] == 'f' || p[2] == 'F'))
			return p[3] == '8' || (p[3] == '-' && p[4] == '8');
	return 0;
}

static void
put(const char *s, size_t n)
{
	ssize_t w;

	/* a line on a terminal: a failed write loses only the line */
	while (n > 0 && ((w = write(2, s, n)) > 0 || (w < 0 && errno == EINTR)))
		if (w > 0)
			s += w, n -= (size_t)w;
}

/* By target: the line keeps its order between redraws of different
 * processes, and a session's files stand together. */
static int
bytarget(const void *a, const void *b)
{
	return strcmp(((const struct cg_live_rec *)a)->target,
	    ((const struct cg_live_rec *)b)->target);
}

/* This process's record. */
static void
selfrec(const struct cg_live *l, struct cg_live_rec *r)
{
	r->first = l->first;
	r->updated = l->last;
	r->bytes = (double)l->bytes;
	r->reft = l->win.n ? l->win.t[0] : l->last;
	r->refb = l->win.n ? l->win.b[0] : (double)l->bytes;
	snprintf(r->target, sizeof r->target, "%s", l->target);
	snprintf(r->host, sizeof r->host, "%s", l->host);
}

int
cg_live_rec_put(char *buf, size_t sz, long run, const struct cg_live_rec *r)
{
	return snprintf(buf, sz, "%ld %.3f %.3f %.0f %.3f %.0f %s%s%s\n", run,
	    r->first, r->updated, r->bytes, r->reft, r->refb, r->target,
	    r->host[0] ? "\t" : "", r->host);
}

int
cg_live_rec_get(const char *line, long *run, struct cg_live_rec *r)
{
	int at = 0;
	size_t t;

	if (sscanf(line, "%ld %lf %lf %lf %lf %lf %n", run, &r->first,
	    &r->updated, &r->bytes, &r->reft, &r->refb, &at) < 6 || !at)
		return -1;
	line += at;
	t = strcspn(line, "\t\n");
	snprintf(r->target, sizeof r->target, "%.*s", (int)t, line);
	line += t;
	r->host[0] = '\0';
	if (*line == '\t')
		snprintf(r->host, sizeof r->host, "%.*s",
		    (int)strcspn(line + 1, "\t\n"), line + 1);
	return 0;
}

/* Read the records of run in dir into r (at most MAXREC); removes those
 * of other runs and of gone processes.  self: this process's record,
 * fresher than its file.  The number read. */
static int
records(const char *dir, long run, const struct cg_live *self,
    struct cg_live_rec *r)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	double now = cg_now();
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) && n < MAXREC) {
		char *end, *path, buf[512];
		long pid = strtol(de->d_name, &end, 10), rrun;
		ssize_t len;
		int fd;

		if (pid <= 0 || *end)
			continue;
		if (self && pid == (long)getpid())
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
			free(path);
			continue;
		}
		len = read(fd, buf, sizeof buf - 1);
		close(fd);
		buf[len > 0 ? len : 0] = '\0';
		if (cg_live_rec_get(buf, &rrun, &r[n]) < 0 || rrun != run ||
		    (kill((pid_t)pid, 0) < 0 && errno == ESRCH)) {
			unlink(path);
			free(path);
			continue;
		}
		free(path);
		if (now - r[n].updated > STALE)
			continue;
		n++;
	}
	closedir(d);
	if (self && self->first > 0 && n < MAXREC)
		selfrec(self, &r[n++]);
	qsort(r, (size_t)n, sizeof *r, bytarget);
	return n;
}

/* The run's tokens per byte, from its "RUN learnt TOKENS BYTES" lines in
 * the progress file (cg_live_tokens). */
static double
learnt(long run)
{
	char tag[40], *text = cg_read_file(getenv("CG_PROGRESS"), NULL, NULL);
	double t = 0, b = 0, tk, by;
	const char *p;

	snprintf(tag, sizeof tag, "\n%ld learnt ", run);
	for (p = text; p && (p = strstr(p, tag)); p++)
		if (sscanf(p + strlen(tag), "%lf %lf", &tk, &by) == 2 &&
		    tk > 0 && by > 0)
			t += tk, b += by;
	free(text);
	return cg_live_tpb(t, b);
}

/* The columns of the n bytes of UTF-8 at s. */
static size_t
width(const char *s, size_t n)
{
	size_t w = 0;

	while (n-- > 0)
		w += ((unsigned char)*s++ & 0xc0) != 0x80;
	return w;
}

/* Draw the line of the running generations within the terminal's width:
 * generations are left out ("…") before the rate, then the line is cut;
 * clear: erase the line when nothing runs. */
static void
draw(const char *dir, long run, const struct cg_live *self, int clear)
{
	struct cg_live_rec r[MAXREC];
	struct winsize ws;
	cg_buf b = {0};
	int n = records(dir, run, self, r), i, u = utf8(), cols, pn;
	const char *sep, *dots;
	char tail[MAXREC * 100], piece[400];
	size_t k, w, used, room;
	double tpb;

	if (n == 0) {
		if (clear)
			put("\r\033[K", 4);
		return;
	}
	tpb = learnt(run);
	cg_live_rates(tail, sizeof tail, r, n, cg_now(), tpb, u);
	cols = ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
	cg_buf_printf(&b, "\r\033[K  %s %d running: ", u ? "\u25b8" : ">", n);
	used = width(b.s + 4, b.len - 4) + width(tail, strlen(tail));
	sep = u ? " \u00b7 " : ", ";
	dots = u ? "\u2026" : "...";
	room = width(sep, strlen(sep)) + width(dots, strlen(dots));
	for (i = 0; i < n; i++) {
		pn = snprintf(piece, sizeof piece, "%s%s %.0f tok", i ? sep :
		    "", r[i].target, r[i].bytes * tpb);
		k = pn < 0 ? 0 : (size_t)pn < sizeof piece ? (size_t)pn :
		    sizeof piece - 1;
		/* the rest left out, so that the rate fits; the last column
		 * stays free */
		if (*tail && used + width(piece, k) + (i + 1 < n ? room : 0) >=
		    (size_t)cols) {
			cg_buf_printf(&b, "%s%s", i ? sep : "", dots);
			break;
		}
		cg_buf_add(&b, piece, k);
		used += width(piece, k);
	}
	cg_buf_puts(&b, tail);
	/* the last column is left free: some terminals wrap on it */
	for (k = 4, w = 0; k < b.len; k++)
		if (((unsigned char)b.s[k] & 0xc0) != 0x80 && ++w >= (size_t)cols)
			break;
	put(b.s, k);
	cg_buf_free(&b);
}

/* Take the lock of the progress file: its descriptor, or -1. */
static int
lock(void)
{
	const char *f = getenv("CG_PROGRESS");
	int fd = open(f, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

	if (fd >= 0)
		flock(fd, LOCK_EX);
	return fd;
}

static void
unlock(int fd)
{
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
}

void
cg_live_draw(void)
{
	char *dir;

	if (!cg_live_tty())
		return;
	dir = xasprintf("%s.live", getenv("CG_PROGRESS"));
	draw(dir, atol(getenv("CG_RUN")), NULL, 0);
	free(dir);
}

struct cg_live *
cg_live_begin(const char *target)
{
	struct cg_live *l;
	const char *cj = getenv("CG_COURSE_JSON"), *s;
	char *p;
	size_t n;

	if (!target || !strcmp(target, "-") || !cg_live_tty())
		return NULL;
	l = xcalloc(1, sizeof *l);
	l->dir = xasprintf("%s.live", getenv("CG_PROGRESS"));
	l->rec = xasprintf("%s/%ld", l->dir, (long)getpid());
	l->run = atol(getenv("CG_RUN"));
	/* shown below OUT, the folder of course.json */
	n = cj && (s = strrchr(cj, '/')) ? (size_t)(s - cj) : 0;
	l->target = xstrdup(n && !strncmp(target, cj, n) && target[n] == '/' ?
	    target + n + 1 : target);
	l->full = xstrdup(target);
	for (p = l->target; *p; p++)	/* nothing that moves the cursor */
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = '?';
	return l;
}

void
cg_live_sink(void *arg, const char *text, size_t len)
{
	struct cg_live *l = arg;
	struct cg_live_rec r;
	double now;
	char line[400];
	int fd, lk, n;

	(void)text;
	if (!l)
		return;
	now = cg_now();
	if (l->first <= 0)
		l->first = now;
	l->bytes += len;
	if (now - l->last < EVERY)
		return;
	l->last = now;
	cg_live_win_add(&l->win, now, (double)l->bytes);
	if ((lk = lock()) < 0)
		return;
	/* the record first, so a redraw of another process shows it too */
	selfrec(l, &r);
	n = cg_live_rec_put(line, sizeof line, l->run, &r);
	if (mkdir(l->dir, 0755) == 0 || errno == EEXIST) {
		if ((fd = open(l->rec, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0644)) >= 0) {
			if (write(fd, line, (size_t)n < sizeof line ? (size_t)n :
			    sizeof line - 1) < 0)
				unlink(l->rec);
			close(fd);
		}
	}
	draw(l->dir, l->run, l, 1);
	unlock(lk);
}

void
cg_live_host(void *arg, const char *url)
{
	struct cg_live *l = arg;

	if (l && url)
		cg_live_hostport(l->host, sizeof l->host, url);
}

void
cg_live_end(struct cg_live *l)
{
	int lk;

	if (!l)
		return;
	if (l->last > 0 && (lk = lock()) >= 0) {
		unlink(l->rec);
		/* the line is cleared, not redrawn: a finished line or a
		 * message of this process comes next, and another process
		 * draws again soon */
		put("\r\033[K", 4);
		unlock(lk);
	}
	free(ended);
	ended = l->bytes ? l->full : NULL;
	ended_bytes = l->bytes;
	if (!ended)
		free(l->full);
	free(l->dir);
	free(l->rec);
	free(l->target);
	free(l);
}

void
cg_live_tokens(const char *target, long tokens)
{
	int fd;

	if (!ended || !target || strcmp(target, ended) || tokens <= 0 ||
	    !cg_live_tty())
		return;
	/* a count no reply of those bytes can have (the client caps a
	 * reply at 16 bytes a token) is not learnt from */
	if ((double)tokens <= 2.0 * (double)ended_bytes &&
	    (double)tokens * 16 >= (double)ended_bytes && (fd =
	    open(getenv("CG_PROGRESS"), O_WRONLY | O_APPEND | O_CLOEXEC)) >= 0) {
		dprintf(fd, "\n%ld learnt %ld %zu", atol(getenv("CG_RUN")),
		    tokens, ended_bytes);
		close(fd);
	}
	free(ended);
	ended = NULL;
}
