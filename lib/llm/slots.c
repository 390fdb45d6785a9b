/* slots.c — cross-process server slots with flock(2) (see slots.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include "fsio.h"
#include "slots.h"

static char *
lockdir(void)
{
	const char *d = getenv("CG_LOCKDIR"), *t = getenv("TMPDIR");

	if (d && *d)
		return xstrdup(d);
	return xasprintf("%s/cg-slots-%ld", t && *t ? t : "/tmp",
	    (long)getuid());
}

/* The first 16 hex digits of SHA-256 of url without trailing slashes. */
static void
urlsum(const char *url, char sum[65])
{
	size_t ul = strlen(url);

	while (ul > 0 && url[ul - 1] == '/')
		ul--;
	cg_sha256_hex(url, ul, sum);
	sum[16] = 0;
}

static char *
markpath(const char *url)
{
	char sum[65], *dir = lockdir(), *p;

	urlsum(url, sum);
	p = xasprintf("%s/%s.wedged", dir, sum);
	free(dir);
	return p;
}

int
cg_slot_wedged(const char *url, double window)
{
	char *p = markpath(url);
	struct timespec now;
	struct stat st;
	int r;

	clock_gettime(CLOCK_REALTIME, &now);
	r = stat(p, &st) == 0 && (double)(now.tv_sec - st.st_mtim.tv_sec) +
	    (double)(now.tv_nsec - st.st_mtim.tv_nsec) / 1e9 < window;
	free(p);
	return r;
}

void
cg_slot_mark(const char *url, int on)
{
	char *p = markpath(url);
	int fd;

	if (!on)
		unlink(p);
	else if ((fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) >= 0)
	{
		futimens(fd, NULL);	/* the mark's time: now */
		close(fd);
	}
	free(p);
}

/* Try every slot of one host once; the locked fd or -1 (errno EAGAIN when
 * all are busy). */
static int
try_host(const char *dir, const char *url, int slots, int *index)
{
	char sum[65], path[4096];
	int i, fd;

	urlsum(url, sum);
	for (i = 0; i < slots; i++) {
		snprintf(path, sizeof path, "%s/%s.%d.lock", dir, sum, i);
		if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
			return -1;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			*index = i;
			return fd;
		}
		close(fd);
		if (errno != EWOULDBLOCK)
			return -1;
	}
	errno = EAGAIN;
	return -1;
}

int
cg_slot_take(const struct cg_host *hosts, size_t n, double maxwait,
    struct cg_slot *s, cg_err *e)
{
	char *dir = lockdir();
	double t0 = cg_now();
	const char *url;
	int fd, nh = 0;
	size_t i;
	struct timespec ts;
	unsigned long rnd;

	memset(s, 0, sizeof *s);
	s->fd = -1;
	if (cg_mkdirs(dir, e) < 0) {
		free(dir);
		return -1;
	}
	rnd = (unsigned long)getpid() * 2654435761UL ^ (unsigned long)(t0 * 1e6);
	for (;;) {
		for (i = 0; i < n; i++) {
			url = hosts[i].url;
			if (!url)
				continue;
			nh++;
			fd = try_host(dir, url, hosts[i].slots, &s->index);
			if (fd >= 0) {
				s->fd = fd;
				snprintf(s->url, sizeof s->url, "%s", url);
				s->wait = cg_now() - t0;
				free(dir);
				return 0;
			}
			if (errno != EAGAIN) {
				cg_seterr(e, EX_CANTCREAT, "slot lock in %s:", dir);
				free(dir);
				return -1;
			}
		}
		if (nh == 0) {
			free(dir);
			return cg_seterr(e, EX_CONFIG, "llm.hosts: no host with a url");
		}
		if (maxwait > 0 && cg_now() - t0 > maxwait) {
			free(dir);
			return cg_seterr(e, EX_TEMPFAIL, "every server slot stayed "
			    "busy for %.0f s; re-run later or add llm.hosts", maxwait);
		}
		/* 10..40 ms with jitter, so waiters do not move in lock step */
		rnd = rnd * 6364136223846793005UL + 1442695040888963407UL;
		ts.tv_sec = 0;
		ts.tv_nsec = (10 + (long)((rnd >> 33) % 31)) * 1000000L;
		nanosleep(&ts, NULL);
	}
}

void
cg_slot_release(struct cg_slot *s)
{
	if (s->fd >= 0) {
		flock(s->fd, LOCK_UN);
		close(s->fd);
	}
	s->fd = -1;
}
