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
 * (<= 0: no limit), passing over hosts marked down (below).  0 on
 * success; -1 with EX_UNAVAILABLE when every host is marked down,
 * EX_TEMPFAIL when maxwait ran out, EX_CANTCREAT when the lock
 * directory is unusable (or not private to the user), EX_CONFIG when a
 * host's URL is not usable (cg_host_url). */
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

/* A host that cannot be reached: every failed connection to it is
 * counted in KEY.refused (its first line: when the streak began; its
 * time: the last failure; failures further apart than
 * CG_SLOT_DOWN_GAP seconds begin a new streak).  Once the failures
 * have gone on for CG_SLOT_DOWN_GRACE seconds the host is marked down
 * for the run ($CG_RUN, a course run's; 0 for none) by KEY.RUN.down:
 * the mark holds for every process of that run, and for
 * CG_SLOT_DOWN_GRACE seconds for processes of no run; the next run
 * tries the host again (and, while the refusals go on, marks it after
 * one).  cg_slot_take passes over hosts marked down and fails
 * (EX_UNAVAILABLE) when every host is; any answer from the host
 * (cg_slot_answered) removes both files.
 *
 * cg_slot_refused: count a failed connection; *streak the seconds the
 * failures have gone on.  1 when this call marked the host down, 2 when
 * it was down already (another process marked it), 0 when not yet.
 * cg_slot_down: 1 when url is marked down (for this process), with
 * *marked (may be NULL) when, in seconds since the epoch.
 * cg_slot_mark_down: mark url down now (a process that gave up on it);
 * 1 when this call made the mark, 0 when one that holds was there.
 * cg_slot_live: how many of the n hosts are not marked down.  Errors
 * are ignored: no mark is made, the host is tried. */
#define CG_SLOT_DOWN_GRACE 3
#define CG_SLOT_DOWN_GAP   60
int    cg_slot_refused(const char *url, double *streak);
int    cg_slot_down(const char *url, double *marked);
int    cg_slot_mark_down(const char *url);
void   cg_slot_answered(const char *url);
size_t cg_slot_live(const struct cg_host *hosts, size_t n);

#endif
