#define _GNU_SOURCE 1
/* fsio.c — input driver, atomic writes, write-if-changed, hand-edit guard.
 *
 * Atomic writes use an unnamed O_TMPFILE in the target's directory, linked
 * under a temp name (.cg-tmp.PID.N) and renamed over the target only once
 * complete and fsync'ed; the directory is fsync'ed after the rename, so
 * renames reach the disk in the order they were made.  A run killed at
 * any point (even SIGKILL) leaves either the old file or the new one, and
 * at most a temp file whose name says which process wrote it: the next
 * write into that directory removes the temp files of processes that are
 * gone.  Where O_TMPFILE is unsupported, mkstemp is the fallback
 * (.cg-tmp.PID.XXXXXX).
 *
 * The hand-edit guard's record (DIR/.NAME.sum) holds one SHA-256 per line,
 * every one a state cg wrote.  cg_guard_write first records the new sum
 * next to the old one, then replaces the file, then records the new sum
 * alone: killed anywhere in between, the file matches a recorded sum, so a
 * generated file is never taken for the user's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#include "fsio.h"
#include "sha256.h"

#ifndef O_TMPFILE
#define O_TMPFILE 0
#endif

char *
cg_read_fd_max(int fd, const char *name, size_t max, size_t *len, cg_err *e)
{
	cg_buf b = {0};
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cg_buf_free(&b);
			cg_seterr(e, EX_IOERR, "%s: read:", name);
			return NULL;
		}
		if (n == 0)
			break;
		if ((size_t)n > max - b.len) {
			cg_buf_free(&b);
			cg_seterr(e, EX_IOERR, "%s: over %zu bytes, more than a "
			    "file cg reads may hold; is it the right file?",
			    name, max);
			return NULL;
		}
		cg_buf_add(&b, chunk, (size_t)n);
	}
	if (len)
		*len = b.len;
	return cg_buf_take(&b);
}

char *
cg_read_fd(int fd, const char *name, size_t *len, cg_err *e)
{
	return cg_read_fd_max(fd, name, CG_READ_MAX, len, e);
}

/* What a file of mode m is, for a message. */
static const char *
ftype(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" :
	    S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device" :
	    S_ISSOCK(m) ? "a socket" : S_ISLNK(m) ? "a symbolic link" :
	    "not a regular file";
}

char *
cg_read_file_ex(const char *path, size_t max, int flags, size_t *len,
    cg_err *e)
{
	/* O_NONBLOCK: opening a FIFO never waits for a writer; it is
	 * refused below without a read */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
	    (flags & CG_READ_NOFOLLOW ? O_NOFOLLOW : 0));
	struct stat st;
	char *s = NULL;

	if (fd < 0) {
		if (errno == ELOOP && flags & CG_READ_NOFOLLOW)
			cg_seterr(e, EX_IOERR, "%s: a symbolic link, not a "
			    "file", path);
		else
			cg_seterr(e, errno == ENOENT ? EX_NOINPUT : EX_IOERR,
			    "%s:", path);
		return NULL;
	}
	if (fstat(fd, &st) < 0)
		cg_seterr(e, EX_IOERR, "%s: stat:", path);
	else if (!S_ISREG(st.st_mode))
		cg_seterr(e, S_ISDIR(st.st_mode) ? EX_NOINPUT : EX_IOERR,
		    "%s: %s, not a file; give a regular file", path,
		    ftype(st.st_mode));
	else if (flags & CG_READ_OWN && st.st_uid != geteuid())
		cg_seterr(e, EX_IOERR, "%s: owned by another user (uid %ld)",
		    path, (long)st.st_uid);
	else if ((unsigned long long)st.st_size > max)
		cg_seterr(e, EX_IOERR, "%s: %lld bytes, more than the %zu a "
		    "file cg reads may hold; is it the right file?", path,
		    (long long)st.st_size, max);
	else if (fcntl(fd, F_SETFL, 0) < 0)
		cg_seterr(e, EX_IOERR, "%s: fcntl:", path);
	else
		s = cg_read_fd_max(fd, path, max, len, e);
	close(fd);
	return s;
}

char *
cg_read_file(const char *path, size_t *len, cg_err *e)
{
	return cg_read_file_ex(path, CG_READ_MAX, 0, len, e);
}

char *
cg_read_input(const char *path, size_t *len, cg_err *e)
{
	if (path && strcmp(path, "-") != 0)
		return cg_read_file(path, len, e);
	if (isatty(0)) {
		cg_seterr(e, EX_USAGE, "no input: give a FILE argument or pipe "
		    "the document on standard input (-h for usage)");
		return NULL;
	}
	return cg_read_fd(0, "<stdin>", len, e);
}

int
cg_mkdirs(const char *dir, cg_err *e)
{
	char buf[PATH_MAX];
	size_t n = strlen(dir), i;

	if (n == 0 || n >= sizeof buf)
		return n ? cg_seterr(e, EX_CANTCREAT, "%s: path too long", dir) : 0;
	memcpy(buf, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0777) < 0 && errno != EEXIST)
			return cg_seterr(e, EX_CANTCREAT, "%s: mkdir:", buf);
		if (i < n)
			buf[i] = '/';
	}
	return 0;
}

/* Split path into its directory ("." when none); caller frees. */
static char *
dirof(const char *path)
{
	const char *s = strrchr(path, '/');

	if (!s)
		return xstrdup(".");
	if (s == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(s - path));
}

static int
writeall(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

#define TMPPFX ".cg-tmp."

/* The writer's pid in a temp file name .cg-tmp.PID.N, or 0 when name is
 * not one. */
static long
tmppid(const char *name)
{
	char *end;
	long pid;

	if (strncmp(name, TMPPFX, sizeof TMPPFX - 1) != 0)
		return 0;
	pid = strtol(name + sizeof TMPPFX - 1, &end, 10);
	return pid > 0 && *end == '.' ? pid : 0;
}

int
cg_tmp_stale(const char *name)
{
	long pid = tmppid(name);

	if (!pid || pid == (long)getpid())
		return 0;
	/* EPERM: alive under another user; only ESRCH means gone */
	return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

int
cg_tmp_sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (!cg_tmp_stale(de->d_name))
			continue;
		/* only the user's own: another user's writer is not ours
		 * to judge, even where the directory lets us remove it */
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0
		    || st.st_uid != geteuid())
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* fsync the directory dir (the rename in it is durable); errors that only
 * mean "not supported here" are ignored. */
static int
syncdir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return 0;
	if (fsync(fd) < 0 && errno != EINVAL && errno != EROFS)
		r = -1;
	close(fd);
	return r;
}

int
cg_write_atomic(const char *path, const void *buf, size_t len, cg_err *e)
{
	char *dir, *tmp = NULL;
	int fd = -1, named = 0;
	mode_t um;

	dir = dirof(path);
	um = umask(0);
	umask(um);
	if (cg_mkdirs(dir, e) < 0)
		goto fail;
	cg_tmp_sweep(dir);
	if (O_TMPFILE)
		fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666 & ~um);
	if (fd < 0) {
		tmp = xasprintf("%s/" TMPPFX "%ld.XXXXXX", dir, (long)getpid());
		fd = mkstemp(tmp);
		if (fd < 0) {
			cg_seterr(e, EX_CANTCREAT, "%s: cannot create a file in "
			    "%s:", path, dir);
			goto fail;
		}
		named = 1;
		fchmod(fd, 0666 & ~um);
	}
	if (writeall(fd, buf, len) < 0 || fsync(fd) < 0) {
		cg_seterr(e, EX_IOERR, "%s: write:", path);
		goto fail;
	}
	if (!named) {
		char proc[64];
		int i;
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
		for (i = 0; i < 100; i++) {
			free(tmp);
			tmp = xasprintf("%s/" TMPPFX "%ld.%d", dir, (long)getpid(),
			    i);
			if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp,
			    AT_SYMLINK_FOLLOW) == 0)
				break;
			if (errno != EEXIST) {
				cg_seterr(e, EX_CANTCREAT, "%s: link:", path);
				goto fail;
			}
		}
		named = 1;
	}
	if (close(fd) < 0) {
		fd = -1;
		cg_seterr(e, EX_IOERR, "%s: close:", path);
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		cg_seterr(e, EX_CANTCREAT, "%s: rename:", path);
		goto fail;
	}
	named = 0;
	if (syncdir(dir) < 0) {
		cg_seterr(e, EX_IOERR, "%s: fsync of %s:", path, dir);
		goto fail;
	}
	free(tmp);
	free(dir);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	if (named && tmp)
		unlink(tmp);
	free(tmp);
	free(dir);
	return -1;
}

int
cg_write_if_changed(const char *path, const void *buf, size_t len, cg_err *e)
{
	size_t olen;
	char *old = cg_read_file(path, &olen, NULL);
	int same = old && olen == len && memcmp(old, buf, len) == 0;

	free(old);
	if (same)
		return 0;
	return cg_write_atomic(path, buf, len, e) < 0 ? -1 : 1;
}

int
cg_write_output(const char *path, const void *buf, size_t len, cg_err *e)
{
	struct stat st;
	int fd;

	/* an output that is a pipe, a terminal or a device (/dev/null,
	 * /dev/stdout) is written to, never replaced by a file */
	if (path && strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			return cg_seterr(e, EX_CANTCREAT, "%s: is a directory",
			    path);
		if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
			return cg_seterr(e, EX_CANTCREAT, "%s:", path);
		if (writeall(fd, buf, len) < 0) {
			close(fd);
			return cg_seterr(e, EX_IOERR, "%s: write:", path);
		}
		return close(fd) < 0 ? cg_seterr(e, EX_IOERR, "%s:", path) : 0;
	}
	if (path && strcmp(path, "-") != 0)
		return cg_write_atomic(path, buf, len, e);
	if ((len && fwrite(buf, 1, len, stdout) != len) || fflush(stdout) != 0
	    || ferror(stdout))
		return cg_seterr(e, EX_IOERR, "standard output:");
	return 0;
}

/* DIR/.NAME.sum for path; caller frees. */
static char *
sumpath(const char *path)
{
	const char *s = strrchr(path, '/');

	if (!s)
		return xasprintf(".%s.sum", path);
	return xasprintf("%.*s/.%s.sum", (int)(s - path), path, s + 1);
}

/* 1 when one of the record's lines is the sum hex. */
static int
recorded(const char *rec, const char *hex)
{
	const char *p;

	for (p = rec; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p))
		if (strncmp(p, hex, 64) == 0 && (p[64] == '\n' || !p[64]))
			return 1;
	return 0;
}

int
cg_guard_check(const char *path)
{
	char *sp, *rec, *cur, hex[65];
	size_t clen;
	int keep;

	if (access(path, F_OK) < 0)
		return 0;
	sp = sumpath(path);
	rec = cg_read_file(sp, NULL, NULL);
	free(sp);
	if (!rec)
		return 1;	/* not written by cg (or record lost): keep */
	cur = cg_read_file(path, &clen, NULL);
	if (!cur) {
		free(rec);
		return 1;
	}
	cg_sha256_hex(cur, clen, hex);
	keep = !recorded(rec, hex);
	free(rec);
	free(cur);
	return keep;
}

int
cg_guard_write(const char *path, const void *buf, size_t len, cg_err *e)
{
	char hex[65], line[66], *sp, *prev;
	cg_buf rec = {0};
	int r;

	cg_sha256_hex(buf, len, hex);
	snprintf(line, sizeof line, "%s\n", hex);
	sp = sumpath(path);
	/* the intent: the new sum, and the old one (the file until the
	 * rename below); a hand-edited file matches neither, and stays so */
	cg_buf_puts(&rec, line);
	prev = cg_read_file(sp, NULL, NULL);
	if (prev && strlen(prev) >= 64 && strncmp(prev, hex, 64) != 0) {
		cg_buf_add(&rec, prev, 64);
		cg_buf_putc(&rec, '\n');
	}
	free(prev);
	r = cg_write_atomic(sp, rec.s, rec.len, e);
	if (r == 0)
		r = cg_write_atomic(path, buf, len, e);
	if (r == 0 && rec.len > 65)
		r = cg_write_atomic(sp, line, 65, e);
	cg_buf_free(&rec);
	free(sp);
	return r;
}

int
cg_touch(const char *path)
{
	return utimensat(AT_FDCWD, path, NULL, 0);
}

char *
cg_exedir(void)
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	char *sl;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	if (!(sl = strrchr(buf, '/')))
		return NULL;
	return xstrndup(buf, (size_t)(sl - buf));
}

char *
cg_datafile(const char *rel)
{
	const char *root = getenv("CG_ROOT");
	char *p;

	if (root && *root) {
		p = xasprintf("%s/%s", root, rel);
		if (access(p, F_OK) == 0)
			return p;
		free(p);
	}
	if (access(rel, F_OK) == 0)
		return xstrdup(rel);
	/* an installation moved as a whole: PREFIX/bin/cg-x finds
	 * PREFIX/share/cg */
	if ((p = cg_exedir())) {
		char *q = xasprintf("%s/../share/cg/%s", p, rel);
		free(p);
		if (access(q, F_OK) == 0)
			return q;
		free(q);
	}
#ifdef CG_DATADIR
	p = xasprintf("%s/%s", CG_DATADIR, rel);
	if (access(p, F_OK) == 0)
		return p;
	free(p);
#endif
	return NULL;
}

int
keep_edited(const char *path, int force)
{
	if (force || !path || !strcmp(path, "-") || !cg_guard_check(path))
		return 0;
	/* under make, -f names a makefile: say what works there */
	if (getenv("MAKELEVEL"))
		warn("%s: edited by hand since it was generated; kept (delete "
		    "it to have it made again)", path);
	else
		warn("%s: edited by hand since it was generated; kept (delete "
		    "it, or give this program -f, to have it made again)",
		    path);
	cg_touch(path);
	return 1;
}

double
cg_proc_start(long pid)
{
	char *p = xasprintf("/proc/%ld/stat", pid), *t = cg_read_file(p, NULL,
	    NULL), *s, *b;
	double btime = 0, ticks = 0;
	int i;

	free(p);
	/* field 22, counted after the command name in parentheses */
	if (t && (s = strrchr(t, ')')))
		for (i = 2, s++; *s && i < 22; s++)
			if (*s == ' ' && ++i == 22)
				ticks = strtod(s + 1, NULL);
	free(t);
	if ((t = cg_read_file("/proc/stat", NULL, NULL)) &&
	    (b = strstr(t, "\nbtime ")))
		btime = strtod(b + 7, NULL);
	free(t);
	return btime > 0 && ticks > 0 ? btime + ticks / sysconf(_SC_CLK_TCK) : 0;
}
