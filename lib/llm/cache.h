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

/* -1 with EX_CONFIG when dir is / or the user's home directory (a
 * setting that names the wrong folder: the cache would mix its files
 * with the user's); else 0.  Such a dir is never read or written. */
int  cg_cache_dir_check(const char *dir, cg_err *e);

/* 0 and rs filled (rs->cached 1, host "cache") when dir holds a good
 * entry for key: a regular file (not a link) of the user's in a
 * directory of the user's, whole, with non-empty text of at most cap
 * bytes (0: no cap; the file at most the size such text can take).  -1
 * otherwise: a miss (no entry, or one that is not good). */
int  cg_cache_read(const char *dir, const char *key, size_t cap,
	    struct cg_llm_res *rs);
/* cg_cache_read with no cap but CG_READ_MAX. */
int  cg_cache_get(const char *dir, const char *key, struct cg_llm_res *rs);

/* Store rs under key (atomically; creating dir), unless its text is
 * empty.  0, or -1 (the reply is still good: a cache that cannot be
 * written costs only a miss; over the file-size limit too, SIGXFSZ
 * ignored for the write). */
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
	long   temps;		/* temp files of writers that are gone,
				 * removed */
	long   alien;		/* files named like entries that are not
				 * proven cg's: left alone, not counted */
};

/* Count the entries of dir, after removing those not used for older
 * seconds (older >= 0; 0: all) and then, least recently used first,
 * as many as it takes to bring the rest to max bytes (max >= 0), and the
 * temp files (.cg-tmp.PID.*) of writers that are gone.  Only entries
 * proven cg's are touched (named hh/h62.json, a regular file of the
 * user's that begins {"cg_cache":N), and a subdirectory only when
 * removing one of them left it empty.  A missing dir is an empty cache.
 * 0, or -1 with e, nothing removed: EX_CONFIG when dir is / or $HOME
 * (cg_cache_dir_check) or holds a file that is none of these (the
 * message names it), EX_IOERR when it cannot be read. */
int  cg_cache_walk(const char *dir, double older, long long max,
	    struct cg_cache_stat *st, cg_err *e);

#endif
