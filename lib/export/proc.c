/* proc.c — the helper programs cg-export runs (see export.h): headless
 * Chromium to draw the diagrams, node to turn TeX into MathML.  A program
 * is found by an environment variable or on PATH, run with its output in
 * a file of a temporary directory, in a process group of its own so a
 * program that outlives its time is ended with everything it started.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "export.h"
#include "fsio.h"

static int
runnable(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode) && access(p, X_OK) == 0;
}

char *
cg_export_which(const char *env, const char *const names[])
{
	const char *v = env ? getenv(env) : NULL, *path = getenv("PATH");
	char *dirs, *d, *save = NULL, *p;
	int i;

	if (v)	/* set: that program, or none when it is not one */
		return *v && runnable(v) ? xstrdup(v) : NULL;
	for (i = 0; names[i]; i++) {
		dirs = xstrdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
		for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
			p = xasprintf("%s/%s", *d ? d : ".", names[i]);
			if (runnable(p)) {
				free(dirs);
				return p;
			}
			free(p);
		}
		free(dirs);
	}
	return NULL;
}

char *
cg_export_tmpdir(cg_err *e)
{
	const char *t = getenv("TMPDIR");
	char *d = xasprintf("%s/cg-export.XXXXXX", t && *t ? t : "/tmp");

	if (!mkdtemp(d)) {
		cg_seterr(e, EX_CANTCREAT, "%s: cannot make a temporary directory: %s",
		    d, strerror(errno));
		free(d);
		return NULL;
	}
	return d;
}

static int
rm1(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)f;
	return (flag == FTW_DP ? rmdir(p) : unlink(p)) < 0 && errno != ENOENT;
}

void
cg_export_rmtree(const char *dir)
{
	if (dir)
		nftw(dir, rm1, 16, FTW_DEPTH | FTW_PHYS);
}

static void
child(char *const argv[], const char *out, const char *err)
{
	int in = open("/dev/null", O_RDONLY), o, x;

	o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	x = open(err ? err : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (in < 0 || o < 0 || x < 0 || dup2(in, 0) < 0 || dup2(o, 1) < 0 ||
	    dup2(x, 2) < 0)
		_exit(127);
	setpgid(0, 0);
	execv(argv[0], argv);
	_exit(127);
}

int
cg_export_run(char *const argv[], const char *out, const char *err, int secs,
    cg_err *e)
{
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	double end = cg_now() + secs;
	pid_t pid, r;
	int st;

	fflush(NULL);
	if ((pid = fork()) < 0)
		return cg_seterr(e, EX_OSERR, "%s: cannot start: %s", argv[0],
		    strerror(errno));
	if (pid == 0)
		child(argv, out, err);
	setpgid(pid, pid);
	for (;;) {
		r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return cg_seterr(e, EX_OSERR, "%s: %s", argv[0], strerror(errno));
		if (cg_now() > end) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			return cg_seterr(e, EX_TEMPFAIL, "%s: still running after %d s; "
			    "stopped", argv[0], secs);
		}
		nanosleep(&nap, NULL);
	}
	kill(-pid, SIGKILL);	/* what it left behind */
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		return cg_seterr(e, EX_UNAVAILABLE, "%s: cannot be run", argv[0]);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ---- base64 ------------------------------------------------------------ */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
cg_export_base64(cg_buf *b, const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		cg_buf_putc(b, b64[s[i] >> 2]);
		cg_buf_putc(b, b64[(s[i] & 3) << 4 | s[i + 1] >> 4]);
		cg_buf_putc(b, b64[(s[i + 1] & 15) << 2 | s[i + 2] >> 6]);
		cg_buf_putc(b, b64[s[i + 2] & 63]);
	}
	if (n - i == 1) {
		cg_buf_putc(b, b64[s[i] >> 2]);
		cg_buf_putc(b, b64[(s[i] & 3) << 4]);
		cg_buf_puts(b, "==");
	} else if (n - i == 2) {
		cg_buf_putc(b, b64[s[i] >> 2]);
		cg_buf_putc(b, b64[(s[i] & 3) << 4 | s[i + 1] >> 4]);
		cg_buf_putc(b, b64[(s[i + 1] & 15) << 2]);
		cg_buf_putc(b, '=');
	}
}

int
cg_export_unbase64(cg_buf *b, const char *s, size_t n)
{
	unsigned v = 0;
	int bits = 0;
	const char *p;
	size_t i;

	for (i = 0; i < n && s[i] != '='; i++) {
		if (!(p = strchr(b64, s[i])) || !s[i])
			return -1;
		v = v << 6 | (unsigned)(p - b64);
		if ((bits += 6) >= 8) {
			bits -= 8;
			cg_buf_putc(b, (int)(v >> bits & 0xFF));
		}
	}
	return 0;
}
