/* serve.h — a live preview of the course website (cg-site -S).
 *
 * cg_site_serve builds the site once (cg_site_build), then serves its
 * directory over HTTP (libmicrohttpd, one thread per connection) until
 * SIGINT or SIGTERM, and rebuilds it when the course changes: inotify on
 * OUT (course.json, outline.json, new session directories) and on every
 * OUT/sNN/; the events are gathered until none came for 200 ms (at most
 * a second), then the site is built again by cg_site_build itself, so
 * nothing asks the model or runs make.  A rebuild that rewrote a file
 * sends the event "reload" on /__cg/events (server-sent events) to every
 * open page.
 *
 * Only regular files under the site directory are served: a path with a
 * ".." segment is refused (403), a hidden name, a missing file, a file
 * whose real path leaves the site (a symbolic link) and anything else is
 * 404; GET and HEAD only.  A directory serves its index.html.  HTML pages
 * are served with <script src="/__cg/live.js" data-gen="ID"> before
 * </body> and their Content-Security-Policy's connect-src 'none' made
 * 'self' (the files on disk are left as they are); the script reloads
 * the page on "reload", and when the first event ("hello", the current
 * build's ID) names another build than the one the page was served from.
 * Nothing is cached (Cache-Control: no-cache).
 */
#ifndef CG_SERVE_H
#define CG_SERVE_H
#include "util.h"

struct cg_site_opts;

struct cg_serve_opts {
	const struct cg_site_opts *site;	/* what to build; its dest
						 * (NULL: OUT/site) is served */
	const char *listen;	/* a numeric address; NULL = 127.0.0.1 */
	unsigned port;		/* 0 = any free port */
	/* once listening: the site's URL ("http://127.0.0.1:3000/") */
	void (*readyfn)(const char *url);
	/* a line on each rebuild that changed a file, or that failed */
	void (*logfn)(const char *msg);
};

/* Serve until SIGINT or SIGTERM (then 0).  -1 with e: EX_USAGE (listen
 * is not an address), EX_NOINPUT (OUT is not a directory),
 * EX_UNAVAILABLE (the address or port cannot be bound; the assets or a
 * template are missing), EX_OSERR (inotify).  The first build failing
 * because the outline is not there yet or not valid is reported through
 * logfn and served on: the site appears once it can be built. */
int   cg_site_serve(const struct cg_serve_opts *o, cg_err *e);

#endif
