/* cache.c — the response cache (see cache.h).
 *
 * An entry is DIR/hh/h62.json, where hh h62 is the SHA-256 of the
 * request: the provider and the body cg sends (model, messages, options,
 * the format schema) without keep_alive, which changes nothing in the
 * reply.  Never the URL, never a key.  Entries are written atomically;
 * a hit touches the file, so its modification time is when it was last
 * used and pruning by age keeps what is still read.
 *
 * Nothing in the cache is trusted: an entry is served only when it is a
 * regular file of the user's (not a link, not a FIFO) in a directory of
 * the user's, within the size of a reply of the request's cap, whole,
 * and with text; anything else is a miss, and the next reply replaces it.
 * cg-cache removes only entries it proves are cg's (the name, the
 * {"cg_cache":N header, the owner) and temp files of writers that are
 * gone, and refuses a directory that is / or $HOME or holds anything
 * else: the setting may name the wrong folder.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cache.h"
#include "fsio.h"
#include "json.h"
#include "sha256.h"

#define CACHE_VERSION 1
#define CACHE_HEAD    "{\"cg_cache\":"	/* how an entry begins */
/* An entry's bytes per byte of text: JSON escapes (\u00XX), and room for
 * the other members. */
#define ENTRY_ESCAPE  6
#define ENTRY_SLACK   4096

/* keys asked for by this process: a second identical request in one
 * run (a re-ask that came out the same) goes to the server, or the run
 * would be handed the same reply again */
static char (*seen)[65];
static size_t nseen;

char *
cg_cache_key(const char *provider, const cJSON *body)
{
	cJSON *b = cJSON_Duplicate(body, 1);
	char *s, *t, hex[65];

	cJSON_DeleteItemFromObjectCaseSensitive(b, "keep_alive");
	s = cJSON_PrintUnformatted(b);
	t = xasprintf("cg-cache %d\n%s\n%s", CACHE_VERSION, provider,
	    s ? s : "");
	cg_sha256_hex(t, strlen(t), hex);
	free(s);
	free(t);
	cJSON_Delete(b);
	return xstrdup(hex);
}

static char *
entry_path(const char *dir, const char *key)
{
	return xasprintf("%s/%.2s/%s.json", dir, key, key + 2);
}

int
cg_cache_seen(const char *key)
{
	size_t i;

	for (i = 0; i < nseen; i++)
		if (strcmp(seen[i], key) == 0)
			return 1;
	seen = xrealloc(seen, (nseen + 1) * sizeof *seen);
	snprintf(seen[nseen++], sizeof seen[0], "%s", key);
	return 0;
}

/* The real path of p, or "" (when it cannot be resolved). */
static void
real(const char *p, char out[PATH_MAX])
{
	if (!p || !*p || !realpath(p, out))
		out[0] = '\0';
}

int
cg_cache_dir_check(const char *dir, cg_err *e)
{
	char d[PATH_MAX], h[PATH_MAX];
	const struct passwd *pw;

	real(dir, d);
	if (!d[0])
		return 0;		/* not there yet: made when written */
	if (strcmp(d, "/") == 0)
		return cg_seterr(e, EX_CONFIG, "%s: the cache directory is /; "
		    "give the cache a directory of its own (llm.cache, "
		    "CG_CACHE; the default is ~/.cache/cg)", dir);
	real(getenv("HOME"), h);
	if (!h[0] || strcmp(d, h) != 0) {
		pw = getpwuid(geteuid());
		real(pw ? pw->pw_dir : NULL, h);
	}
	if (h[0] && strcmp(d, h) == 0)
		return cg_seterr(e, EX_CONFIG, "%s: the cache directory is your "
		    "home directory; give the cache a directory of its own "
		    "(llm.cache, CG_CACHE; the default is ~/.cache/cg)", dir);
	return 0;
}

/* 1 when DIR/hh (of key) may hold entries: missing (made when
 * written), or a directory of the user's, not a link. */
static int
sub_ok(const char *dir, const char *key)
{
	char *sub = xasprintf("%s/%.2s", dir, key);
	struct stat sb;
	int r = lstat(sub, &sb) < 0 ? errno == ENOENT :
	    S_ISDIR(sb.st_mode) && sb.st_uid == geteuid();

	free(sub);
	return r;
}

int
cg_cache_read(const char *dir, const char *key, size_t cap,
    struct cg_llm_res *rs)
{
	size_t max = cap && cap < (CG_READ_MAX - ENTRY_SLACK) / ENTRY_ESCAPE ?
	    cap * ENTRY_ESCAPE + ENTRY_SLACK : CG_READ_MAX;
	char *path, *t = NULL;
	const char *text;
	cJSON *j;
	int r = -1;

	if (cg_cache_dir_check(dir, NULL) < 0 || !sub_ok(dir, key))
		return -1;
	path = entry_path(dir, key);
	t = cg_read_file_ex(path, max, CG_READ_NOFOLLOW | CG_READ_OWN, NULL,
	    NULL);
	j = t ? cJSON_Parse(t) : NULL;
	text = cg_json_gets(j, "text", NULL);
	if (text && *text && (!cap || strlen(text) <= cap) &&
	    cg_json_getn(j, "cg_cache", 0) == CACHE_VERSION) {
		memset(rs, 0, sizeof *rs);
		rs->len = strlen(text);
		rs->text = xstrdup(text);
		rs->prompt_tokens = (long)cg_json_getn(j, "prompt_tokens", -1);
		rs->eval_tokens = (long)cg_json_getn(j, "eval_tokens", -1);
		snprintf(rs->done_reason, sizeof rs->done_reason, "%s",
		    cg_json_gets(j, "done_reason", "stop"));
		snprintf(rs->host, sizeof rs->host, "cache");
		rs->cached = 1;
		utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW);
		r = 0;
	}
	cJSON_Delete(j);
	free(t);
	free(path);
	return r;
}

int
cg_cache_get(const char *dir, const char *key, struct cg_llm_res *rs)
{
	return cg_cache_read(dir, key, 0, rs);
}

int
cg_cache_drop(const char *dir, const char *key)
{
	char *path;
	int r;

	if (!dir || !key || strlen(key) != 64)
		return 0;
	path = entry_path(dir, key);
	r = unlink(path) < 0 && errno != ENOENT ? -1 : 0;
	free(path);
	return r;
}

/* Write an entry, with SIGXFSZ ignored meanwhile: over the file-size
 * limit (ulimit -f) the write then fails with EFBIG, costing a miss,
 * instead of killing the program that has the reply. */
static int
write_entry(const char *path, const char *s)
{
	struct sigaction ign = { 0 }, old;
	int r;

	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGXFSZ, &ign, &old);
	r = cg_write_atomic(path, s, strlen(s), NULL);
	sigaction(SIGXFSZ, &old, NULL);
	return r;
}

int
cg_cache_put(const char *dir, const char *key, const char *provider,
    const char *model, const char *kind, const struct cg_llm_res *rs)
{
	char *path = entry_path(dir, key), *sub, *s;
	cJSON *j = cJSON_CreateObject();
	int r;

	cJSON_AddNumberToObject(j, "cg_cache", CACHE_VERSION);
	cJSON_AddStringToObject(j, "provider", provider);
	cJSON_AddStringToObject(j, "model", model);
	cJSON_AddStringToObject(j, "kind", kind ? kind : "");
	cJSON_AddNumberToObject(j, "time", (double)time(NULL));
	cJSON_AddStringToObject(j, "done_reason", rs->done_reason);
	cJSON_AddNumberToObject(j, "prompt_tokens", (double)rs->prompt_tokens);
	cJSON_AddNumberToObject(j, "eval_tokens", (double)rs->eval_tokens);
	cJSON_AddNumberToObject(j, "duration", rs->duration);
	cJSON_AddStringToObject(j, "text", rs->text ? rs->text : "");
	s = cJSON_PrintUnformatted(j);
	sub = xasprintf("%s/%.2s", dir, key);
	r = -1;
	/* an empty reply is never served: not worth a file */
	if (s && rs->text && *rs->text && cg_cache_dir_check(dir, NULL) == 0 &&
	    sub_ok(dir, key) && cg_mkdirs(sub, NULL) == 0)
		r = write_entry(path, s);
	free(sub);
	free(s);
	free(path);
	cJSON_Delete(j);
	return r;
}

/* ---- the cache as a whole: cg-cache ---- */

/* 1 when name is h62.json (62 lowercase hex digits), or hh when want
 * is 2 */
static int
entry_name(const char *name, size_t want)
{
	size_t i;

	for (i = 0; i < want; i++)
		if (!((name[i] >= '0' && name[i] <= '9') ||
		    (name[i] >= 'a' && name[i] <= 'f')))
			return 0;
	return want == 2 ? name[2] == 0 : strcmp(name + want, ".json") == 0;
}

/* 1 when name in dfd is an entry proven cg's: a regular file of the
 * user's (sb filled) that begins as cg writes one. */
static int
own_entry(int dfd, const char *name, struct stat *sb)
{
	char head[sizeof CACHE_HEAD];
	ssize_t n;
	int fd;

	if (fstatat(dfd, name, sb, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISREG(sb->st_mode) || sb->st_uid != geteuid())
		return 0;
	if ((fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, head, sizeof head);
	close(fd);
	return n == (ssize_t)sizeof head &&
	    memcmp(head, CACHE_HEAD, sizeof CACHE_HEAD - 1) == 0 &&
	    isdigit((unsigned char)head[sizeof head - 1]);
}

struct entry {
	char     *path;
	long long size;
	double    age;
	int       temp;		/* a stale temp file: removed whatever
				 * the limits */
};

static int
byage(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return (x->age < y->age) - (x->age > y->age);	/* oldest first */
}

struct scan {
	struct entry *v;
	size_t        n;
	long          alien;	/* named like entries, not proven cg's */
};

static void
add(struct scan *sc, char *path, const struct stat *sb, double now, int temp)
{
	sc->v = xrealloc(sc->v, (sc->n + 1) * sizeof *sc->v);
	sc->v[sc->n].path = path;
	sc->v[sc->n].size = sb->st_size;
	sc->v[sc->n].age = now - (double)sb->st_mtime;
	sc->v[sc->n++].temp = temp;
}

static int
foreign(const char *dir, const char *name, cg_err *e)
{
	return cg_seterr(e, EX_CONFIG, "%s: holds %s, which is not a cache "
	    "entry; is this the cache? give the cache a directory of its own "
	    "(llm.cache, CG_CACHE), or move that file away", dir, name);
}

/* The files of one subdirectory hh: entries proven cg's and stale temp
 * files into sc; -1 with e at anything else that is not cg's. */
static int
scan_sub(const char *dir, const char *hh, struct scan *sc, double now,
    cg_err *e)
{
	char *sub = xasprintf("%s/%s", dir, hh), *rel;
	struct dirent *de;
	struct stat sb;
	DIR *d;
	int r = 0;

	if (!(d = opendir(sub))) {
		free(sub);
		return 0;
	}
	while (r == 0 && (de = readdir(d))) {
		const char *n = de->d_name;
		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		if (entry_name(n, 62) && own_entry(dirfd(d), n, &sb))
			add(sc, xasprintf("%s/%s", sub, n), &sb, now, 0);
		else if (entry_name(n, 62))
			sc->alien++;
		else if (cg_tmp_stale(n) && fstatat(dirfd(d), n, &sb,
		    AT_SYMLINK_NOFOLLOW) == 0 && sb.st_uid == geteuid())
			add(sc, xasprintf("%s/%s", sub, n), &sb, now, 1);
		else if (strncmp(n, ".cg-tmp.", 8) != 0) {
			rel = xasprintf("%s/%s", hh, n);
			r = foreign(dir, rel, e);
			free(rel);
		}
	}
	closedir(d);
	free(sub);
	return r;
}

/* Every entry of dir proven cg's, and the stale temp files; -1 with e
 * (nothing removed yet) when dir holds anything that is not the cache's. */
static int
scan(const char *dir, struct scan *sc, cg_err *e)
{
	double now = (double)time(NULL);
	struct dirent *de;
	struct stat sb;
	DIR *d;
	int r = 0;

	memset(sc, 0, sizeof *sc);
	if (!(d = opendir(dir))) {
		if (errno == ENOENT)
			return 0;
		return cg_seterr(e, EX_IOERR, "%s: %s", dir, strerror(errno));
	}
	while (r == 0 && (de = readdir(d))) {
		const char *n = de->d_name;
		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		if (!entry_name(n, 2) || fstatat(dirfd(d), n, &sb,
		    AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(sb.st_mode))
			r = foreign(dir, n, e);
		else
			r = scan_sub(dir, n, sc, now, e);
	}
	closedir(d);
	return r;
}

/* Remove path; then its directory, when that left it empty. */
static int
remove_one(const char *path)
{
	char *sub;

	if (unlink(path) < 0)
		return -1;
	sub = xstrndup(path, (size_t)(strrchr(path, '/') - path));
	rmdir(sub);		/* fails unless empty: then it stays */
	free(sub);
	return 0;
}

/* Remove the stale temp files and what the limits say (oldest first),
 * count the rest. */
static void
prune(struct entry *v, size_t n, double older, long long max,
    struct cg_cache_stat *st)
{
	long long total = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (!v[i].temp)
			total += v[i].size;
	if (n > 1)
		qsort(v, n, sizeof *v, byage);
	for (i = 0; i < n; i++) {
		if (v[i].temp) {
			st->temps += remove_one(v[i].path) == 0;
			continue;
		}
		if (((older >= 0 && v[i].age >= older) ||
		    (max >= 0 && total > max)) && remove_one(v[i].path) == 0) {
			st->removed++;
			st->removed_bytes += v[i].size;
			total -= v[i].size;
			continue;
		}
		if (st->entries++ == 0)
			st->oldest = v[i].age;
		st->newest = v[i].age;
		st->bytes += v[i].size;
	}
}

int
cg_cache_walk(const char *dir, double older, long long max,
    struct cg_cache_stat *st, cg_err *e)
{
	struct scan sc;
	size_t i;
	int r;

	memset(st, 0, sizeof *st);
	if (cg_cache_dir_check(dir, e) < 0)
		return -1;
	if ((r = scan(dir, &sc, e)) == 0) {
		prune(sc.v, sc.n, older, max, st);
		st->alien = sc.alien;
	}
	for (i = 0; i < sc.n; i++)
		free(sc.v[i].path);
	free(sc.v);
	return r;
}
