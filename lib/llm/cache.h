/* cache.h — the response cache: a reply kept under the hash of the
 * request that asked for it, so the same request never costs a
 * generation twice.
 *
 * The key covers everything that shapes the reply — provider, model,
 * options, messages, the format schema — and nothing that does not:
 * not the URL (any host gives the same), not keep_alive, never a key.
 * cg_llm_call reads the cache before it asks (unless the settings say
 * fresh) and writes every reply it is given, so asking fresh replaces
 * the entry.  The directory is llm.cache (default ~/.cache/cg), CG_CACHE
 * overrides it, "off" bypasses it (settings.c).
 */
#ifndef CG_CACHE_H
#define CG_CACHE_H
#include <cjson/cJSON.h>
#include "llm.h"

/* The key of a request body sent to provider: 64 hex digits (free). */
char *cg_cache_key(const char *provider, const cJSON *body);

/* 1 when this process asked for key before (then it should ask the
 * server: the cached reply was already given to it); else records it
 * and returns 0. */
int  cg_cache_seen(const char *key);

/* 0 and rs filled (rs->cached 1, host "cache") when dir holds key;
 * -1 otherwise (no entry, or one that cannot be read: a miss). */
int  cg_cache_get(const char *dir, const char *key, struct cg_llm_res *rs);

/* Store rs under key (atomically; creating dir).  0, or -1 (the reply
 * is still good: a cache that cannot be written costs only a miss). */
int  cg_cache_put(const char *dir, const char *key, const char *provider,
	    const char *model, const char *kind, const struct cg_llm_res *rs);

/* Remove the entry of key from dir (a reply that proved unusable, so
 * that the next run asks the server again instead of replaying it).  0
 * when it is gone (or was never there), -1 when it cannot be removed. */
int  cg_cache_drop(const char *dir, const char *key);

struct cg_cache_stat {
	long   entries, removed;
	long long bytes, removed_bytes;
	double oldest, newest;	/* seconds since last used */
};

/* Count the entries of dir, after removing those not used for older
 * seconds (older >= 0; 0: all) and then, least recently used first,
 * as many as it takes to bring the rest to max bytes (max >= 0).  Only
 * files named like entries are touched, and the subdirectories they
 * leave empty.  A missing dir is an empty cache.  0, or -1 with e. */
int  cg_cache_walk(const char *dir, double older, long long max,
	    struct cg_cache_stat *st, cg_err *e);

#endif
