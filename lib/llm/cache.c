/* cache.c — the response cache (see cache.h).
 *
 * An entry is DIR/hh/h62.json, where hh h62 is the SHA-256 of the
 * request: the provider and the body cg sends (model, messages, options,
 * the format schema) without keep_alive, which changes nothing in the
 * reply.  Never the URL, never a key.  Entries are written atomically;
 * a hit touches the file, so its modification time is when it was last
 * used and pruning by age keeps what is still read.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cache.h"
#include "fsio.h"
#include "json.h"

#define CACHE_VERSION 1

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

int
cg_cache_get(const char *dir, const char *key, struct cg_llm_res *rs)
{
	char *path = entry_path(dir, key), *t;
	const char *text;
	cJSON *j;
	int r = -1;

	t = cg_read_file(path, NULL, NULL);
	j = t ? cJSON_Parse(t) : NULL;
	text = cg_json_gets(j, "text", NULL);
	if (text && cg_json_getn(j, "cg_cache", 0) == CACHE_VERSION) {
		memset(rs, 0, sizeof *rs);
		rs->len = strlen(text);
		rs->text = xstrdup(text);
		rs->prompt_tokens = (long)cg_json_getn(j, "prompt_tokens", -1);
		rs->eval_tokens = (long)cg_json_getn(j, "eval_tokens", -1);
		snprintf(rs->done_reason, sizeof rs->done_reason, "%s",
		    cg_json_gets(j, "done_reason", "stop"));
		snprintf(rs->host, sizeof rs->host, "cache");
		rs->cached = 1;
		utimensat(AT_FDCWD, path, NULL, 0);	/* last used: now */
		r = 0;
	}
	cJSON_Delete(j);
	free(t);
	free(path);
	return r;
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
	if (s && cg_mkdirs(sub, NULL) == 0)
		r = cg_write_atomic(path, s, strlen(s), NULL);
	free(sub);
	free(s);
	free(path);
	cJSON_Delete(j);
	return r;
}

/* ---- the cache as a whole: cg-cache ---- */

/* 1 when name is h62.json (62 lowercase hex digits) */
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

struct entry {
	char     *path;
	long long size;
	double    age;
};

static int
byage(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return (x->age < y->age) - (x->age > y->age);	/* oldest first */
}

/* Every entry of dir, with its size and the seconds since it was used. */
static struct entry *
entries(DIR *d, const char *dir, size_t *n)
{
	struct entry *v = NULL;
	struct dirent *de, *se;
	struct stat sb;
	double now = (double)time(NULL);
	char *sub, *p;
	DIR *sd;

	*n = 0;
	while ((de = readdir(d))) {
		if (!entry_name(de->d_name, 2))
			continue;
		sub = xasprintf("%s/%s", dir, de->d_name);
		if ((sd = opendir(sub))) {
			while ((se = readdir(sd))) {
				p = xasprintf("%s/%s", sub, se->d_name);
				if (entry_name(se->d_name, 62) && stat(p, &sb) == 0) {
					v = xrealloc(v, (*n + 1) * sizeof *v);
					v[*n].path = p;
					v[*n].size = sb.st_size;
					v[(*n)++].age = now - (double)sb.st_mtime;
				} else
					free(p);
			}
			closedir(sd);
		}
		free(sub);
	}
	return v;
}

/* Remove what the limits say (oldest first), count the rest. */
static void
prune(struct entry *v, size_t n, double older, long long max,
    struct cg_cache_stat *st)
{
	long long total = 0;
	size_t i;

	for (i = 0; i < n; i++)
		total += v[i].size;
	if (n > 1)
		qsort(v, n, sizeof *v, byage);
	for (i = 0; i < n; i++) {
		if (((older >= 0 && v[i].age >= older) ||
		    (max >= 0 && total > max)) && unlink(v[i].path) == 0) {
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
	struct entry *v;
	struct dirent *de;
	size_t n, i;
	char *sub;
	DIR *d;

	memset(st, 0, sizeof *st);
	if (!(d = opendir(dir))) {
		if (errno == ENOENT)
			return 0;
		return cg_seterr(e, EX_IOERR, "%s: %s", dir, strerror(errno));
	}
	v = entries(d, dir, &n);
	prune(v, n, older, max, st);
	for (i = 0; i < n; i++)
		free(v[i].path);
	free(v);
	rewinddir(d);
	while ((de = readdir(d)))	/* the subdirectories left empty */
		if (entry_name(de->d_name, 2)) {
			sub = xasprintf("%s/%s", dir, de->d_name);
			rmdir(sub);
			free(sub);
		}
	closedir(d);
	return 0;
}
