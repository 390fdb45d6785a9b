/* serve.c — the live preview of the course website (see serve.h).
 *
 * Two sides share one mutex: the HTTP threads of libmicrohttpd (a page,
 * an asset, the reload script, the event stream of each open page) and
 * the main thread, which waits on inotify and rebuilds.  A rebuild that
 * rewrote something bumps gen and wakes the event streams, which each
 * send "reload" once.  Files are read while a rebuild may be writing
 * them: cg writes by rename, so a reader sees the old file or the new
 * one, never half of one.  SIGINT and SIGTERM are blocked in every
 * thread and taken only in the main thread's ppoll, so a rebuild always
 * finishes and the server stops cleanly.
 */
#define _GNU_SOURCE 1	/* ppoll, memmem */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include <microhttpd.h>

#include "util.h"
#include "fsio.h"
#include "site.h"
#include "serve.h"

#define EVENTS	"/__cg/events"
#define LIVEJS	"/__cg/live.js"
#define QUIET	0.2	/* a rebuild after this long without events */
#define LONGEST	1.0	/* ... or this long after the first */
#define PING	15	/* seconds between keep-alive comments */

struct srv {
	const struct cg_serve_opts *o;
	char *out, *root;	/* OUT and the site directory */
	struct MHD_Daemon *d;
	pthread_mutex_t mu;
	pthread_cond_t cv;	/* gen changed, or stopping */
	long gen;		/* builds that rewrote something */
	long boot;		/* the server's start, in the build IDs */
	int stopping;
	/* inotify */
	int ifd, outwd;
	/* warnings already printed */
	char **seen;
	int nseen;
};

/* cg_site_build's warnings are passed on once each: a rebuild warns of
 * what the last one did not */
static struct srv *the;

static void
warn_once(const char *msg)
{
	int i;

	for (i = 0; i < the->nseen; i++)
		if (strcmp(the->seen[i], msg) == 0)
			return;
	the->seen = xrealloc(the->seen, (the->nseen + 1) * sizeof *the->seen);
	the->seen[the->nseen++] = xstrdup(msg);
	if (the->o->site->warnfn)
		the->o->site->warnfn(msg);
}

static void
say(struct srv *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
say(struct srv *s, const char *fmt, ...)
{
	cg_buf b = { 0 };
	va_list ap;

	if (!s->o->logfn)
		return;
	va_start(ap, fmt);
	cg_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	s->o->logfn(b.s);
	cg_buf_free(&b);
}

/* ---- HTTP ------------------------------------------------------------- */

static const struct ctype {
	const char *ext, *type;
} ctypes[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "htm", "text/html; charset=utf-8" },
	{ "css", "text/css; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "mjs", "text/javascript; charset=utf-8" },
	{ "json", "application/json" },
	{ "svg", "image/svg+xml" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "webp", "image/webp" },
	{ "ico", "image/x-icon" },
	{ "woff2", "font/woff2" },
	{ "woff", "font/woff" },
	{ "ttf", "font/ttf" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "pdf", "application/pdf" },
};

static const char *
ctype_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	size_t i;

	if (dot && !strchr(dot, '/'))
		for (i = 0; i < sizeof ctypes / sizeof ctypes[0]; i++)
			if (strcasecmp(dot + 1, ctypes[i].ext) == 0)
				return ctypes[i].type;
	return "application/octet-stream";
}

static int
is_html(const char *path)
{
	return strncmp(ctype_of(path), "text/html", 9) == 0;
}

/* queue r with status, the headers every reply has, and drop it */
static enum MHD_Result
queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
    const char *type)
{
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-cache");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
text(struct MHD_Connection *c, unsigned status, const char *body)
{
	return queue(c, status, MHD_create_response_from_buffer(strlen(body),
	    (void *)body, MHD_RESPMEM_PERSISTENT), "text/plain; charset=utf-8");
}

/* The page's script: reload on "reload", or when the first event names
 * another build than the one this page came from (a rebuild while the
 * page loaded or the stream was down; a restarted server). */
static const char livejs[] =
	"/* cg-site -S: reload this page when the site is rebuilt */\n"
	"(function () {\n"
	"\tvar me = document.currentScript, gen = me && me.getAttribute(\"data-gen\");\n"
	"\tvar es = new EventSource(\"" EVENTS "\");\n"
	"\tfunction reload() { es.close(); location.reload(); }\n"
	"\tes.addEventListener(\"hello\", function (ev) { if (gen && ev.data !== gen) reload(); });\n"
	"\tes.addEventListener(\"reload\", reload);\n"
	"})();\n";

/* the ID of build gen: changes when the server restarts */
static void
gen_id(const struct srv *s, long gen, char buf[64])
{
	snprintf(buf, 64, "%lx-%ld", s->boot, gen);
}

static long
current_gen(struct srv *s)
{
	long g;

	pthread_mutex_lock(&s->mu);
	g = s->gen;
	pthread_mutex_unlock(&s->mu);
	return g;
}

/* html with the reload script before its last </body> (or at its end)
 * and its policy's connect-src 'none' made 'self' for the event stream */
static char *
inject(const struct srv *s, const char *html, size_t len, long gen,
    size_t *outlen)
{
	static const char none[] = "connect-src 'none'";
	cg_buf b = { 0 };
	const char *end = html + len, *p, *body = NULL, *csp;
	char id[64];

	for (p = html; (p = memmem(p, (size_t)(end - p), "</body>", 7)); p += 7)
		body = p;
	if (!body)
		body = end;
	csp = memmem(html, (size_t)(body - html), none, sizeof none - 1);
	if (csp) {
		cg_buf_add(&b, html, (size_t)(csp - html));
		cg_buf_puts(&b, "connect-src 'self'");
		p = csp + sizeof none - 1;
	} else {
		p = html;
	}
	cg_buf_add(&b, p, (size_t)(body - p));
	gen_id(s, gen, id);
	cg_buf_printf(&b, "<script src=\"%s\" data-gen=\"%s\"></script>", LIVEJS, id);
	cg_buf_add(&b, body, (size_t)(end - body));
	*outlen = b.len;
	return cg_buf_take(&b);
}

/* url with a ".." segment: 1; a hidden name (".built"): 2; else 0 */
static int
bad_path(const char *url)
{
	const char *p = url;

	while (*p) {
		size_t n;

		p += strspn(p, "/");
		n = strcspn(p, "/");
		if ((n == 2 && p[0] == '.' && p[1] == '.') || memchr(p, '\\', n))
			return 1;
		if (n && p[0] == '.')
			return 2;
		p += n;
	}
	return 0;
}

/* The real path of url under the site, a regular file (sb): the caller
 * frees it; NULL when there is none.  *redirect: url names a directory
 * without its final slash. */
static char *
resolve(const struct srv *s, const char *url, struct stat *sb, int *redirect)
{
	char *root, *want, *real = NULL;
	size_t rl;

	*redirect = 0;
	if (!(root = realpath(s->root, NULL)))
		return NULL;
	want = xasprintf("%s%s%s", root, url,
	    url[strlen(url) - 1] == '/' ? "index.html" : "");
	real = realpath(want, NULL);
	free(want);
	rl = strlen(root);
	if (real && (strncmp(real, root, rl) != 0 || real[rl] != '/')) {
		free(real);	/* a link out of the site */
		real = NULL;
	}
	free(root);
	if (real && stat(real, sb) == 0 && S_ISDIR(sb->st_mode)) {
		*redirect = 1;
		free(real);
		return NULL;
	}
	if (real && (stat(real, sb) < 0 || !S_ISREG(sb->st_mode))) {
		free(real);
		real = NULL;
	}
	return real;
}

static enum MHD_Result
serve_redirect(struct MHD_Connection *c, const char *url)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"",
	    MHD_RESPMEM_PERSISTENT);
	char *to = xasprintf("%s/", url);
	enum MHD_Result ret;

	if (!r) {
		free(to);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Location", to);
	free(to);
	ret = MHD_queue_response(c, MHD_HTTP_MOVED_PERMANENTLY, r);
	MHD_destroy_response(r);
	return ret;
}

/* an HTML page, with the reload script */
static enum MHD_Result
serve_page(struct srv *s, struct MHD_Connection *c, const char *path, long gen)
{
	struct MHD_Response *r;
	char *html, *page;
	size_t len, plen;

	if (!(html = cg_read_file(path, &len, NULL)))
		return text(c, MHD_HTTP_NOT_FOUND, "404 not found\n");
	page = inject(s, html, len, gen, &plen);
	free(html);
	if (!(r = MHD_create_response_from_buffer(plen, page, MHD_RESPMEM_MUST_FREE)))
		free(page);
	return queue(c, MHD_HTTP_OK, r, "text/html; charset=utf-8");
}

/* any other file, as it is */
static enum MHD_Result
serve_static(struct MHD_Connection *c, const char *path)
{
	struct MHD_Response *r;
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &sb) < 0) {
		if (fd >= 0)
			close(fd);
		return text(c, MHD_HTTP_NOT_FOUND, "404 not found\n");
	}
	if (!(r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd)))
		close(fd);
	return queue(c, MHD_HTTP_OK, r, ctype_of(path));
}

static enum MHD_Result
serve_file(struct srv *s, struct MHD_Connection *c, const char *url)
{
	enum MHD_Result r;
	struct stat sb;
	char *path;
	long gen;
	int redirect;

	switch (bad_path(url)) {
	case 1: return text(c, MHD_HTTP_FORBIDDEN, "403 forbidden\n");
	case 2: return text(c, MHD_HTTP_NOT_FOUND, "404 not found\n");
	}
	gen = current_gen(s);	/* before the file: never older than it */
	if (!(path = resolve(s, url, &sb, &redirect)))
		return redirect ? serve_redirect(c, url) :
		    text(c, MHD_HTTP_NOT_FOUND, "404 not found\n");
	r = is_html(path) ? serve_page(s, c, path, gen) : serve_static(c, path);
	free(path);
	return r;
}

/* ---- the event stream ------------------------------------------------- */

struct stream {
	struct srv *s;
	long seen;	/* the build it last told of; -1: nothing sent yet */
};

static ssize_t
stream_put(char *buf, size_t max, const char *fmt, const char *arg)
{
	int n = snprintf(buf, max, fmt, arg);

	return n < 0 || (size_t)n >= max ? MHD_CONTENT_READER_END_WITH_ERROR : n;
}

/* Blocks (its own thread) until the next build, the next ping or the
 * end: "hello" with the current build first, then "reload" per build. */
static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *st = cls;
	struct srv *s = st->s;
	struct timespec ts;
	char id[64];
	int r = 0;

	(void)pos;
	pthread_mutex_lock(&s->mu);
	if (st->seen < 0) {
		st->seen = s->gen;
		gen_id(s, s->gen, id);
		pthread_mutex_unlock(&s->mu);
		return stream_put(buf, max, "retry: 1000\nevent: hello\ndata: %s\n\n", id);
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += PING;
	while (!s->stopping && st->seen == s->gen && r != ETIMEDOUT)
		r = pthread_cond_timedwait(&s->cv, &s->mu, &ts);
	if (s->stopping) {
		pthread_mutex_unlock(&s->mu);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (st->seen == s->gen) {
		pthread_mutex_unlock(&s->mu);
		return stream_put(buf, max, "%s", ": ping\n\n");
	}
	st->seen = s->gen;
	gen_id(s, s->gen, id);
	pthread_mutex_unlock(&s->mu);
	return stream_put(buf, max, "event: reload\ndata: %s\n\n", id);
}

static enum MHD_Result
serve_events(struct srv *s, struct MHD_Connection *c)
{
	struct stream *st = xcalloc(1, sizeof *st);
	struct MHD_Response *r;

	st->s = s;
	st->seen = -1;
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024,
	    stream_read, st, free);
	if (!r) {
		free(st);
		return MHD_NO;
	}
	return queue(c, MHD_HTTP_OK, r, "text/event-stream; charset=utf-8");
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upsize, void **con_cls)
{
	struct srv *s = cls;
	struct MHD_Response *r;

	(void)version;
	(void)upload;
	if (*upsize) {		/* a body is never read */
		*upsize = 0;
		return MHD_YES;
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		r = MHD_create_response_from_buffer(16,
		    (void *)"405 not allowed\n", MHD_RESPMEM_PERSISTENT);
		if (r)
			MHD_add_response_header(r, "Allow", "GET, HEAD");
		return queue(c, MHD_HTTP_METHOD_NOT_ALLOWED, r,
		    "text/plain; charset=utf-8");
	}
	if (!*con_cls) {	/* the headers: answer once they are all in */
		*con_cls = s;
		return MHD_YES;
	}
	if (strcmp(url, EVENTS) == 0)
		return serve_events(s, c);
	if (strcmp(url, LIVEJS) == 0)
		return queue(c, MHD_HTTP_OK, MHD_create_response_from_buffer(
		    sizeof livejs - 1, (void *)livejs, MHD_RESPMEM_PERSISTENT),
		    "text/javascript; charset=utf-8");
	if (url[0] != '/')
		return text(c, MHD_HTTP_NOT_FOUND, "404 not found\n");
	return serve_file(s, c, url);
}

/* ---- listening -------------------------------------------------------- */

/* Bind listen:port (numeric addresses only); the URL in url. */
static int
start_http(struct srv *s, char *url, size_t urlsz, cg_err *e)
{
	const char *addr = s->o->listen ? s->o->listen : "127.0.0.1";
	struct addrinfo hints = { 0 }, *ai = NULL;
	const union MHD_DaemonInfo *di;
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
	char host[INET6_ADDRSTRLEN];
	unsigned port;

	hints.ai_flags = AI_NUMERICHOST;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(addr, NULL, &hints, &ai) != 0 || !ai)
		return cg_seterr(e, EX_USAGE, "--listen %s: not a numeric "
		    "IPv4 or IPv6 address (127.0.0.1, ::1, 0.0.0.0)", addr);
	if (ai->ai_family == AF_INET6) {
		flags |= MHD_USE_IPv6;
		((struct sockaddr_in6 *)ai->ai_addr)->sin6_port = htons((uint16_t)s->o->port);
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr,
		    host, sizeof host);
	} else {
		((struct sockaddr_in *)ai->ai_addr)->sin_port = htons((uint16_t)s->o->port);
		inet_ntop(AF_INET, &((struct sockaddr_in *)ai->ai_addr)->sin_addr,
		    host, sizeof host);
	}
	s->d = MHD_start_daemon(flags, (uint16_t)s->o->port, NULL, NULL,
	    handler, s,
	    MHD_OPTION_SOCK_ADDR, ai->ai_addr,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(4 * PING),
	    MHD_OPTION_CONNECTION_LIMIT, 256u,
	    MHD_OPTION_END);
	freeaddrinfo(ai);
	if (!s->d)
		return cg_seterr(e, EX_UNAVAILABLE, "cannot listen on %s%s%s:%u; "
		    "is the port in use?  Try another, or 0 for any free one",
		    strchr(host, ':') ? "[" : "", host, strchr(host, ':') ? "]" : "",
		    s->o->port);
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	port = di && di->port ? di->port : s->o->port;
	snprintf(url, urlsz, "http://%s%s%s:%u/", strchr(host, ':') ? "[" : "",
	    host, strchr(host, ':') ? "]" : "", port);
	return 0;
}

/* ---- watching and rebuilding ------------------------------------------ */

/* a session directory: s and digits */
static int
is_session(const char *name)
{
	return name[0] == 's' && name[1] && strspn(name + 1, "0123456789") == strlen(name + 1);
}

static void
watch_session(struct srv *s, const char *name)
{
	char *p = xasprintf("%s/%s", s->out, name);

	/* gone again already, or not a directory: nothing to watch */
	(void)inotify_add_watch(s->ifd, p, IN_CLOSE_WRITE | IN_MOVED_TO |
	    IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB | IN_ONLYDIR);
	free(p);
}

/* Watch OUT and its sessions: 0, or -1 when OUT is not there (now). */
static int
watch_out(struct srv *s)
{
	DIR *d;
	struct dirent *de;

	s->outwd = inotify_add_watch(s->ifd, s->out, IN_CLOSE_WRITE |
	    IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB |
	    IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR);
	if (s->outwd < 0)
		return -1;
	if ((d = opendir(s->out))) {
		while ((de = readdir(d)))
			if (is_session(de->d_name))
				watch_session(s, de->d_name);
		closedir(d);
	}
	return 0;
}

/* Read the pending events: 1 when one of them is a change the site
 * shows (course.json, outline.json, a session's files; not a temp file,
 * the site itself, the log or the lock). */
static int
take_events(struct srv *s)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n;
	char *p;
	int hit = 0;

	while ((n = read(s->ifd, buf, sizeof buf)) > 0) {
		for (p = buf; p < buf + n; p += sizeof *ev + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->wd == s->outwd && (ev->mask & (IN_IGNORED |
			    IN_DELETE_SELF | IN_MOVE_SELF))) {
				if (ev->mask & IN_IGNORED)
					s->outwd = -1;	/* OUT went */
				hit = 1;
				continue;
			}
			if (!ev->len || cg_startswith(ev->name, ".cg-tmp."))
				continue;
			if (ev->wd != s->outwd) {
				hit = 1;
				continue;
			}
			if (is_session(ev->name) && (ev->mask & IN_ISDIR)) {
				if (ev->mask & (IN_CREATE | IN_MOVED_TO))
					watch_session(s, ev->name);
				hit = 1;
			} else if (!strcmp(ev->name, "course.json") ||
			    !strcmp(ev->name, "outline.json")) {
				hit = 1;
			}
		}
	}
	return hit;
}

static void
rebuild(struct srv *s)
{
	struct cg_site_stats st;
	cg_err e = { 0 };
	double t0 = cg_now();
	int n;

	if (cg_site_build(s->o->site, &st, &e) < 0) {
		say(s, "the site was not rebuilt: %s", e.msg);
		return;
	}
	n = st.pages_written + st.assets_written;
	if (!n)
		return;
	pthread_mutex_lock(&s->mu);
	s->gen++;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	say(s, "rebuilt: %d of %d pages and %d of %d assets rewritten, "
	    "%.0f ms; open pages reload", st.pages_written, st.pages,
	    st.assets_written, st.assets, (cg_now() - t0) * 1e3);
}

static int stop_signal;

static void
on_signal(int sig)
{
	stop_signal = sig;
}

/* The main thread until a signal: gather events, rebuild after QUIET. */
static int
watch_loop(struct srv *s, const sigset_t *waitmask, cg_err *e)
{
	double first = 0, last = 0;
	int pending = 0;

	for (;;) {
		struct pollfd pf = { .fd = s->ifd, .events = POLLIN };
		struct timespec ts, *tp = NULL;
		double wait = -1, now;

		if (pending) {
			wait = last + QUIET - cg_now();
			if (first + LONGEST - cg_now() < wait)
				wait = first + LONGEST - cg_now();
			if (wait < 0)
				wait = 0;
		} else if (s->outwd < 0) {
			wait = 1;	/* OUT is gone: look again each second */
		}
		if (wait >= 0) {
			ts.tv_sec = (time_t)wait;
			ts.tv_nsec = (long)((wait - (double)ts.tv_sec) * 1e9);
			tp = &ts;
		}
		if (ppoll(&pf, 1, tp, waitmask) < 0 && errno != EINTR)
			return cg_seterr(e, EX_OSERR, "inotify:");
		if (stop_signal)
			return 0;
		now = cg_now();
		if ((pf.revents & POLLIN) && take_events(s)) {
			if (!pending)
				first = now;
			pending = 1;
			last = now;
		}
		if (s->outwd < 0 && watch_out(s) == 0) {
			if (!pending)
				first = now;
			pending = 1;
			last = now;
		}
		if (pending && (now - last >= QUIET || now - first >= LONGEST)) {
			pending = 0;
			rebuild(s);
		}
	}
}

/* ---- start and stop ----------------------------------------------------- */

static void
free_srv(struct srv *s)
{
	int i;

	if (s->ifd >= 0)
		close(s->ifd);
	for (i = 0; i < s->nseen; i++)
		free(s->seen[i]);
	free(s->seen);
	free(s->out);
	free(s->root);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
}

/* The first build: a course whose outline is missing or not valid yet
 * is served on (0); what a change in OUT cannot mend is an error. */
static int
first_build(struct srv *s, cg_err *e)
{
	cg_err be = { 0 };

	if (cg_site_build(s->o->site, NULL, &be) == 0)
		return 0;
	if (be.code != EX_NOINPUT && be.code != EX_DATAERR) {
		*e = be;
		return -1;
	}
	say(s, "%s; serving what is there until it changes", be.msg);
	return 0;
}

int
cg_site_serve(const struct cg_serve_opts *o, cg_err *e)
{
	struct cg_site_opts so = *o->site;
	struct cg_serve_opts oo = *o;
	struct srv s;
	struct sigaction sa;
	sigset_t block, old, waitmask;
	struct stat sb;
	pthread_condattr_t ca;
	char url[128];
	int r = -1;

	if (stat(so.out, &sb) < 0 || !S_ISDIR(sb.st_mode))
		return cg_seterr(e, EX_NOINPUT, "%s: no such course directory", so.out);
	memset(&s, 0, sizeof s);
	so.warnfn = warn_once;
	oo.site = &so;
	s.o = &oo;
	s.out = xstrdup(so.out);
	s.root = so.dest ? xstrdup(so.dest) : xasprintf("%s/site", so.out);
	s.boot = (long)time(NULL);
	s.outwd = -1;
	pthread_mutex_init(&s.mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s.cv, &ca);
	pthread_condattr_destroy(&ca);
	the = &s;
	s.ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (s.ifd < 0) {
		cg_seterr(e, EX_OSERR, "inotify:");
		goto done;
	}
	/* the signals wait for ppoll, in this thread only */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (watch_out(&s) < 0) {
		cg_seterr(e, EX_OSERR, "%s: cannot watch:", s.out);
		goto unblock;
	}
	if (first_build(&s, e) < 0 || start_http(&s, url, sizeof url, e) < 0)
		goto unblock;
	if (o->readyfn)
		o->readyfn(url);
	waitmask = old;
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	r = watch_loop(&s, &waitmask, e);
	pthread_mutex_lock(&s.mu);
	s.stopping = 1;
	pthread_cond_broadcast(&s.cv);
	pthread_mutex_unlock(&s.mu);
	MHD_stop_daemon(s.d);
unblock:
	pthread_sigmask(SIG_SETMASK, &old, NULL);
done:
	the = NULL;
	free_srv(&s);
	return r;
}
