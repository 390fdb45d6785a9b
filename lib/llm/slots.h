/* slots.h — cross-process server slots.
 *
 * Each host (settings.h: llm.hosts, or llm.url with llm.slots) has that
 * many lock files
 *   DIR/KEY.I.lock
 * where DIR is $CG_LOCKDIR, else $XDG_RUNTIME_DIR/cg-slots (when that is
 * a private directory of the user's), else /tmp/cg-slots-UID — never
 * below $TMPDIR, so every process of the user finds the same locks — and
 * KEY the first 16 hex digits of SHA-256 of the host's resolved address
 * and port: http://127.0.0.1:11434, http://localhost:11434 and
 * http://[::1]:11434 are one server with one set of slots.  A request
 * holds one with flock(LOCK_EX) for its whole attempt, so concurrent
 * tools (make -j) never put more requests on a server than it has slots.
 * The kernel drops a dead process's locks: nothing is ever stale.
 *
 * Taking a slot is where a host's URL is made canonical
 * (cg_config_url, libcurl's parser): the URLs of a tool's settings are
 * only screened before (a reply from the cache needs none).
 */
#ifndef CG_SLOTS_H
#define CG_SLOTS_H
#include <stddef.h>
#include "util.h"

struct cg_slot {
	int    fd;		/* the locked file, -1 when none */
	int    index;		/* slot number on that host */
	char   url[512];	/* canonical base URL of the host */
	double wait;		/* seconds spent waiting for it */
};

/* One server: its base URL and how many requests it runs at once. */
struct cg_host {
	char *url;
	int   slots;
	const char *slots_from;	/* "llm.hosts", "llm.slots", or NULL:
				 * as many as make runs jobs */
	const char *url_from;	/* where url was set, for messages; may
				 * be NULL */
};

/* The canonical form of h's URL (cg_config_url), known once per process.
 * A new string; NULL with EX_CONFIG naming h->url_from when it is not a
 * usable server URL, EX_UNAVAILABLE without libcurl. */
char  *cg_host_url(const struct cg_host *h, cg_err *e);

/* Take a free slot on one of the n hosts, trying them in turn, waiting
 * (short sleeps with jitter) while all are busy, at most maxwait seconds
 * (<= 0: no limit).  0 on success; -1 with EX_TEMPFAIL when maxwait ran
 * out, EX_CANTCREAT when the lock directory is unusable (or not private
 * to the user), EX_CONFIG when a host's URL is not usable
 * (cg_host_url). */
int    cg_slot_take(const struct cg_host *hosts, size_t n, double maxwait,
	    struct cg_slot *s, cg_err *e);
void   cg_slot_release(struct cg_slot *s);

/* A host that accepted a request and then produced no first token within
 * timeouts.first_token is marked "wedged" by a file next to its slot
 * locks (KEY.wedged), so every process sees it.  cg_slot_wedged: 1 when
 * url was marked less than window seconds ago.  cg_slot_mark: set (on)
 * or clear the mark; errors are ignored (the mark is an optimisation). */
int    cg_slot_wedged(const char *url, double window);
void   cg_slot_mark(const char *url, int on);

#endif
