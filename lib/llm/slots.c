/* slots.c — cross-process server slots with flock(2) (see slots.h). */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "config.h"
#include "curlfn.h"
#include "fsio.h"
#include "sha256.h"
#include "slots.h"

/* 0 when dir is a directory of this user's (not a link) that no one
 * else may enter; -1 with errno set (EPERM when it is someone else's or
 * open to others). */
static int
private_dir(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return errno = ENOTDIR, -1;
	if (st.st_uid != getuid() || (st.st_mode & 077))
		return errno = EPERM, -1;
	return 0;
}

/* The directory of the locks: $CG_LOCKDIR, else $XDG_RUNTIME_DIR/cg-slots
 * when $XDG_RUNTIME_DIR is an absolute, private directory of this user's,
 * else /tmp/cg-slots-UID.  Never below $TMPDIR: every process of the
 * user must find the same locks whatever its environment. */
static char *
lockdir(void)
{
	const char *d = getenv("CG_LOCKDIR"), *x = getenv("XDG_RUNTIME_DIR");

	if (d && *d)
		return xstrdup(d);
	if (x && *x == '/' && private_dir(x) == 0)
		return xasprintf("%s/cg-slots", x);
	return xasprintf("/tmp/cg-slots-%ld", (long)getuid());
}

/* Make the lock directory, or find it, private to this user (0700; one
 * of the user's own made open by an older cg is closed). */
static int
mklockdir(const char *dir, cg_err *e)
{
	char *up;
	int r = 0;

	if (mkdir(dir, 0700) < 0 && errno == ENOENT) {
		up = xstrdup(dir);
		if (strrchr(up, '/') && strrchr(up, '/') != up)
			*strrchr(up, '/') = 0;
		r = cg_mkdirs(up, e);
		free(up);
		if (r < 0 || (mkdir(dir, 0700) < 0 && errno != EEXIST))
			return cg_seterr(e, EX_CANTCREAT, "slot locks: %s:", dir);
	}
	if (private_dir(dir) < 0 && errno == EPERM)
		chmod(dir, 0700);	/* a real directory: fails unless ours */
	if (private_dir(dir) < 0)
		return cg_seterr(e, EX_CANTCREAT, "slot locks: %s must be a "
		    "directory of yours that only you may use (mode 0700); "
		    "remove it or set CG_LOCKDIR:", dir);
	return 0;
}

/* The address a host name stands for, as text: the lowest of those
 * getaddrinfo gives (a name may have several), "loopback" for any
 * loopback address of either family (127.0.0.1 = localhost = ::1), the
 * name itself in lower case when it does not resolve. */
static void
resolve(const char *host, char *out, size_t sz)
{
	struct addrinfo hints = { 0 }, *res = NULL, *ai;
	char a[INET6_ADDRSTRLEN + 2], best[INET6_ADDRSTRLEN + 2] = "";
	const unsigned char *b;
	size_t i, n = strlen(host);

	if (n >= 2 && host[0] == '[' && host[n - 1] == ']')
		host++, n -= 2;		/* "[::1]" as the URL writes it */
	snprintf(out, sz, "%.*s", (int)n, host);
	for (i = 0; out[i]; i++)
		out[i] = (char)(out[i] >= 'A' && out[i] <= 'Z' ? out[i] + 32 :
		    out[i]);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(out, NULL, &hints, &res) != 0)
		return;
	for (ai = res; ai; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET) {
			struct in_addr *v4 = &((struct sockaddr_in *)
			    (void *)ai->ai_addr)->sin_addr;
			b = (const unsigned char *)v4;
			if (b[0] == 127)
				snprintf(a, sizeof a, "loopback");
			else
				inet_ntop(AF_INET, v4, a, sizeof a);
		} else if (ai->ai_family == AF_INET6) {
			struct in6_addr *v6 = &((struct sockaddr_in6 *)
			    (void *)ai->ai_addr)->sin6_addr;
			b = v6->s6_addr;
			if (IN6_IS_ADDR_LOOPBACK(v6) ||
			    (IN6_IS_ADDR_V4MAPPED(v6) && b[12] == 127))
				snprintf(a, sizeof a, "loopback");
			else
				inet_ntop(AF_INET6, v6, a, sizeof a);
		} else {
			continue;
		}
		if (!*best || strcmp(a, best) < 0)
			snprintf(best, sizeof best, "%s", a);
	}
	freeaddrinfo(res);
	if (*best)
		snprintf(out, sz, "%s", best);
}

/* What is known of a server URL: its canonical form and its key. */
struct known {
	char *url, *canon;
	char  sum[17];
};
static struct known known[32];
static size_t nknown;

/* The key of the server at canonical URL canon (libcurl loaded): the
 * first 16 hex digits of SHA-256 of "ADDRESS PORT", the host resolved. */
static void
hostkey(const char *canon, char sum[17])
{
	CURLU *u = curl_url();
	char *h = NULL, *p = NULL, addr[300], *k, hex[65];

	if (u && curl_url_set(u, CURLUPART_URL, canon, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK) {
		resolve(h, addr, sizeof addr);
		k = xasprintf("%s %s", addr, p);
	} else {
		k = xstrdup(canon);
	}
	cg_sha256_hex(k, strlen(k), hex);
	snprintf(sum, 17, "%.16s", hex);
	free(k);
	curl_free(h);
	curl_free(p);
	curl_url_cleanup(u);
}

/* The known entry of url (canonicalised and keyed the first time), or
 * NULL with e when it is not a usable server URL. */
static const struct known *
lookup(const char *url, const char *from, cg_err *e)
{
	struct known *k;
	cg_err ue;
	char *c;
	size_t i;

	for (i = 0; i < nknown; i++)
		if (strcmp(known[i].url, url) == 0 ||
		    strcmp(known[i].canon, url) == 0)
			return &known[i];
	if (!(c = cg_config_url(url, &ue))) {
		cg_seterr(e, ue.code, "%s: %s", from ? from : "llm.url", ue.msg);
		return NULL;
	}
	if (nknown == sizeof known / sizeof *known) {	/* forget the oldest */
		free(known[0].url);
		free(known[0].canon);
		memmove(known, known + 1, --nknown * sizeof *known);
	}
	k = &known[nknown++];
	k->url = xstrdup(url);
	k->canon = c;
	hostkey(c, k->sum);
	return k;
}

char *
cg_host_url(const struct cg_host *h, cg_err *e)
{
	const struct known *k = lookup(h->url, h->url_from, e);

	return k ? xstrdup(k->canon) : NULL;
}

/* The key of url for the wedged mark: its known one, else one made now. */
static void
urlsum(const char *url, char sum[17])
{
	const struct known *k = cg_curl_loaded() ? lookup(url, NULL, NULL) :
	    NULL;
	char hex[65];

	if (k) {
		memcpy(sum, k->sum, 17);
		return;
	}
	cg_sha256_hex(url, strlen(url), hex);
	snprintf(sum, 17, "%.16s", hex);
}

/* The path of url's mark of the given kind: DIR/KEY.kind. */
static char *
markpath(const char *url, const char *kind)
{
	char sum[17], *dir = lockdir(), *p;

	urlsum(url, sum);
	p = xasprintf("%s/%s.%s", dir, sum, kind);
	free(dir);
	return p;
}

static double
wallclock(void)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Seconds since the file at p was last written; -1 when there is none. */
static double
age(const char *p)
{
	struct stat st;

	if (stat(p, &st) < 0)
		return -1;
	return wallclock() - ((double)st.st_mtim.tv_sec +
	    (double)st.st_mtim.tv_nsec / 1e9);
}

int
cg_slot_wedged(const char *url, double window)
{
	char *p = markpath(url, "wedged");
	double t = age(p);

	free(p);
	return t >= 0 && t < window;
}

void
cg_slot_mark(const char *url, int on)
{
	char *p = markpath(url, "wedged");
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

/* Add "URL since HH:MM:SS" of a host marked down to b (the i-th). */
static void
downhost(cg_buf *b, const char *url, double marked, int i)
{
	char *m = cg_config_url_mask(url), when[16] = "?";
	time_t t = (time_t)marked;
	struct tm tm;

	if (localtime_r(&t, &tm))
		strftime(when, sizeof when, "%H:%M:%S", &tm);
	cg_buf_printf(b, "%s%s is down since %s", i ? ", " : "", m, when);
	free(m);
}

/* Try every slot of one host once; the locked fd or -1 (errno EAGAIN when
 * all are busy). */
static int
try_host(const char *dir, const char *sum, int slots, int *index)
{
	char path[4096];
	int i, fd;

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

/* The hosts a pass over them found. */
struct pass {
	int    hosts;		/* with a URL */
	int    down;		/* of them marked down */
	cg_buf list;		/* those, for the message */
};

/* One pass over the hosts: 0 with a slot in s, 1 when every host that
 * is not marked down is busy (p says how many there are), -1 with e. */
static int
one_pass(const struct cg_host *hosts, size_t n, const char *dir,
    struct cg_slot *s, struct pass *p, cg_err *e)
{
	const struct known *k;
	double marked;
	size_t i;
	int fd;

	p->hosts = p->down = 0;
	p->list.len = 0;
	for (i = 0; i < n; i++) {
		if (!hosts[i].url)
			continue;
		if (!(k = lookup(hosts[i].url, hosts[i].url_from, e)))
			return -1;
		p->hosts++;
		if (cg_slot_down(k->canon, &marked)) {
			downhost(&p->list, k->canon, marked, p->down++);
			continue;
		}
		if ((fd = try_host(dir, k->sum, hosts[i].slots, &s->index)) >= 0) {
			s->fd = fd;
			snprintf(s->url, sizeof s->url, "%s", k->canon);
			return 0;
		}
		if (errno != EAGAIN)
			return cg_seterr(e, EX_CANTCREAT, "slot lock in %s:", dir);
	}
	return 1;
}

/* After a pass found no free slot: -1 with e when waiting is no use
 * (no host, every host down, maxwait over), else 0 after a short sleep
 * (10..40 ms with jitter, so waiters do not move in lock step). */
static int
wait_more(const struct pass *p, double t0, double maxwait,
    unsigned long *rnd, cg_err *e)
{
	struct timespec ts;

	if (p->hosts == 0)
		return cg_seterr(e, EX_CONFIG, "llm.hosts: no host with a url");
	if (p->down == p->hosts)
		return cg_seterr(e, EX_UNAVAILABLE, "not asked: %s %s; start "
		    "%s, then run again", p->down == 1 ? "the LLM server at" :
		    "every LLM server is down:", p->list.s,
		    p->down == 1 ? "it" : "one");
	if (maxwait > 0 && cg_now() - t0 > maxwait)
		return cg_seterr(e, EX_TEMPFAIL, "every server slot stayed "
		    "busy for %.0f s; re-run later or add llm.hosts", maxwait);
	*rnd = *rnd * 6364136223846793005UL + 1442695040888963407UL;
	ts.tv_sec = 0;
	ts.tv_nsec = (10 + (long)((*rnd >> 33) % 31)) * 1000000L;
	nanosleep(&ts, NULL);
	return 0;
}

int
cg_slot_take(const struct cg_host *hosts, size_t n, double maxwait,
    struct cg_slot *s, cg_err *e)
{
	char *dir = lockdir();
	double t0 = cg_now();
	struct pass p = { 0 };
	unsigned long rnd;
	int r;

	memset(s, 0, sizeof *s);
	s->fd = -1;
	rnd = (unsigned long)getpid() * 2654435761UL ^ (unsigned long)(t0 * 1e6);
	if ((r = mklockdir(dir, e)) == 0)
		while ((r = one_pass(hosts, n, dir, s, &p, e)) == 1 &&
		    (r = wait_more(&p, t0, maxwait, &rnd, e)) == 0)
			;
	if (r == 0)
		s->wait = cg_now() - t0;
	free(dir);
	cg_buf_free(&p.list);
	return r;
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

/* ---- hosts that cannot be reached ---- */

/* The first line of the small file at p as a number, or def. */
static double
readnum(const char *p, double def)
{
	char buf[64], *end;
	ssize_t n;
	double v;
	int fd;

	if ((fd = open(p, O_RDONLY | O_CLOEXEC)) < 0)
		return def;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return def;
	buf[n] = 0;
	v = strtod(buf, &end);
	return end == buf ? def : v;
}

/* Write text to p whole: a temporary file renamed over it. */
static void
writemark(const char *p, const char *text)
{
	char *tmp = xasprintf("%s.%ld.tmp", p, (long)getpid());
	size_t n = strlen(text);
	int fd, ok;

	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) < 0) {
		free(tmp);
		return;
	}
	ok = write(fd, text, n) == (ssize_t)n;
	if (close(fd) < 0 || !ok || rename(tmp, p) < 0)
		unlink(tmp);
	free(tmp);
}

/* The run this process belongs to ($CG_RUN, a course run's), 0: none. */
static long
thisrun(void)
{
	const char *r = getenv("CG_RUN");

	return r && atol(r) > 0 ? atol(r) : 0;
}

/* The path of url's down mark for this process's run (0: none). */
static char *
downpath(const char *url)
{
	char kind[48];

	snprintf(kind, sizeof kind, "%ld.down", thisrun());
	return markpath(url, kind);
}

int
cg_slot_down(const char *url, double *marked)
{
	char *p = downpath(url);
	double t = age(p);
	int r = t >= 0 && (thisrun() || t < CG_SLOT_DOWN_GRACE);

	if (r && marked)
		*marked = wallclock() - t;
	free(p);
	return r;
}

int
cg_slot_mark_down(const char *url)
{
	char *p = downpath(url);
	int fd, tries;

	for (tries = 0; tries < 2; tries++) {
		if ((fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600)) >= 0) {
			close(fd);
			free(p);
			return 1;
		}
		if (errno != EEXIST || cg_slot_down(url, NULL))
			break;
		unlink(p);	/* too old: replaced */
	}
	free(p);
	return 0;
}

int
cg_slot_refused(const char *url, double *streak)
{
	char *p = markpath(url, "refused"), first[64];
	double now = wallclock(), t = age(p), since;
	int r = 0;

	/* the count goes on from a failure less than the gap ago */
	since = t >= 0 && t < CG_SLOT_DOWN_GAP ? readnum(p, -1) : -1;
	if (since < 0 || since > now) {
		since = now;
		snprintf(first, sizeof first, "%.3f\n", now);
		writemark(p, first);
	} else {
		utimensat(AT_FDCWD, p, NULL, 0);	/* the last one: now */
	}
	*streak = now - since;
	if (*streak >= CG_SLOT_DOWN_GRACE)
		r = cg_slot_mark_down(url) ? 1 : 2;
	free(p);
	return r;
}

void
cg_slot_answered(const char *url)
{
	char *p = markpath(url, "refused"), *d = markpath(url, "*.down");
	glob_t g;
	size_t i;

	unlink(p);
	if (glob(d, GLOB_NOSORT, NULL, &g) == 0)
		for (i = 0; i < g.gl_pathc; i++)
			unlink(g.gl_pathv[i]);
	globfree(&g);
	free(p);
	free(d);
}

size_t
cg_slot_live(const struct cg_host *hosts, size_t n)
{
	size_t i, live = 0;

	for (i = 0; i < n; i++)
		if (hosts[i].url && !cg_slot_down(hosts[i].url, NULL))
			live++;
	return live;
}
