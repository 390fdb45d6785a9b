/* live.c — the live line of a course run's running generations; see
 * progress.h.
 *
 * Every tool of make -jN is its own process writing to the same
 * terminal, so none draws from what it alone knows.  Each running
 * generation keeps a record, $CG_PROGRESS.live/PID, one line
 *
 *	RUN FIRST UPDATED TOKENS TARGET
 *
 * (its run, the monotonic times of its first chunk and of the record,
 * the tokens so far, the target below OUT).  Whoever draws takes the
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

#include "progress.h"
#include "fsio.h"

#define EVERY 0.2	/* seconds between redraws of one process */
#define STALE 600	/* seconds without news: not shown */
#define MAXREC 64	/* records read for one line */

struct cg_live {
	char   *dir, *rec;	/* $CG_PROGRESS.live, DIR/PID */
	char   *target;		/* as shown: the path below OUT */
	long    run;
	size_t  bytes;		/* reply text so far */
	double  first, last;	/* first chunk, last redraw (cg_now) */
};

struct rec {
	double first, updated;
	long   tokens;
	char   target[256];
};

int
cg_live_tty(void)
{
	const char *q = getenv("CG_QUIET"), *f = getenv("CG_PROGRESS");
	const char *r = getenv("CG_RUN"), *t = getenv("TERM");

	return !(q && *q && strcmp(q, "0")) && f && *f && r && atol(r) > 0 &&
	    t && *t && strcmp(t, "dumb") && isatty(2);
}

/* Tokens are counted as reply bytes / 4: a stream's pieces are network
 * reads (one or many tokens each), and about four bytes a token is what
 * English text costs the usual tokenizers.  The finished line gives the
 * server's own count. */
static long
tokens(size_t bytes)
{
	return (long)((bytes + 2) / 4);
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
	return strcmp(((const struct rec *)a)->target,
	    ((const struct rec *)b)->target);
}

/* Read the records of run in dir into r (at most MAXREC); removes those
 * of other runs and of gone processes.  self: this process's record,
 * fresher than its file.  The number read. */
static int
records(const char *dir, long run, const struct cg_live *self,
    struct rec *r)
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
		int fd, at = 0;

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
		buf[strcspn(buf, "\n")] = '\0';
		if (sscanf(buf, "%ld %lf %lf %ld %n", &rrun, &r[n].first,
		    &r[n].updated, &r[n].tokens, &at) < 4 || !at ||
		    rrun != run || (kill((pid_t)pid, 0) < 0 && errno == ESRCH)) {
			unlink(path);
			free(path);
			continue;
		}
		free(path);
		if (now - r[n].updated > STALE)
			continue;
		snprintf(r[n].target, sizeof r[n].target, "%s", buf + at);
		n++;
	}
	closedir(d);
	if (self && self->first > 0 && n < MAXREC) {
		r[n].first = self->first;
		r[n].updated = self->last;
		r[n].tokens = tokens(self->bytes);
		snprintf(r[n].target, sizeof r[n].target, "%s", self->target);
		n++;
	}
	qsort(r, (size_t)n, sizeof *r, bytarget);
	return n;
}

/* Draw the line of the running generations, truncated to the terminal's
 * width; clear: erase the line when nothing runs. */
static void
draw(const char *dir, long run, const struct cg_live *self, int clear)
{
	struct rec r[MAXREC];
	struct winsize ws;
	cg_buf b = {0};
	int n = records(dir, run, self, r), i, u = utf8(), cols;
	double rate = 0;
	size_t k, w;

	if (n == 0) {
		if (clear)
			put("\r\033[K", 4);
		return;
	}
	cg_buf_printf(&b, "\r\033[K  %s %d running: ", u ? "\u25b8" : ">", n);
	for (i = 0; i < n; i++) {
		if (i)
			cg_buf_puts(&b, u ? " \u00b7 " : ", ");
		cg_buf_printf(&b, "%s %ld tok", r[i].target, r[i].tokens);
		if (r[i].updated - r[i].first > 0.5)
			rate += r[i].tokens / (r[i].updated - r[i].first);
	}
	if (rate > 0)
		cg_buf_printf(&b, "  (%.0f tok/s)", rate);
	cols = ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
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
	for (p = l->target; *p; p++)	/* nothing that moves the cursor */
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = '?';
	return l;
}

void
cg_live_sink(void *arg, const char *text, size_t len)
{
	struct cg_live *l = arg;
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
	if ((lk = lock()) < 0)
		return;
	/* the record first, so a redraw of another process shows it too */
	n = snprintf(line, sizeof line, "%ld %.3f %.3f %ld %s\n", l->run,
	    l->first, l->last, tokens(l->bytes), l->target);
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
	free(l->dir);
	free(l->rec);
	free(l->target);
	free(l);
}
