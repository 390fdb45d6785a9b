/* slots.h — cross-process server slots (DESIGN.md §5, last bullet).
 *
 * Each host of cfg.llm.hosts [{url, slots}] (default: one host, llm.url,
 * llm.slots or 1) has that many lock files
 *   ${CG_LOCKDIR:-${TMPDIR:-/tmp}/cg-slots-UID}/SHA.I.lock
 * (SHA = first 16 hex digits of SHA-256 of the URL).  A request holds one
 * with flock(LOCK_EX) for its whole attempt, so concurrent tools (make -j)
 * never put more requests on a server than it has slots.  The kernel drops
 * a dead process's locks: nothing is ever stale.
 */
#ifndef CG_SLOTS_H
#define CG_SLOTS_H
#include <cjson/cJSON.h>
#include "util.h"

struct cg_slot {
	int    fd;		/* the locked file, -1 when none */
	int    index;		/* slot number on that host */
	char   url[512];	/* base URL of the host */
	double wait;		/* seconds spent waiting for it */
};

/* The hosts of cfg as a JSON array [{url, slots}] (a new object; the
 * caller deletes it).  url_override, when not NULL, replaces the list by
 * one host with that URL. */
cJSON *cg_slots_hosts(const cJSON *cfg, const char *url_override);

/* Take a free slot on one of hosts, trying them in turn, waiting (short
 * sleeps with jitter) while all are busy, at most maxwait seconds
 * (<= 0: no limit).  0 on success; -1 with EX_TEMPFAIL when maxwait ran
 * out, EX_CANTCREAT when the lock directory is unusable. */
int    cg_slot_take(const cJSON *hosts, double maxwait, struct cg_slot *s,
	    cg_err *e);
void   cg_slot_release(struct cg_slot *s);

#endif
