/* cg-cache — the response cache: how big it is, and pruning it.
 *
 * The cache keeps every reply under the hash of the request that asked
 * for it (cache.h), in llm.cache (default ~/.cache/cg) or $CG_CACHE.
 * Without options, prints its directory, how many replies it holds, their
 * size and when they were last used.  -p AGE removes the replies not
 * used for AGE, -s SIZE the least recently used until the rest fit in
 * SIZE; -x removes them all.  Only entries proven cg's (their name,
 * the header cg writes, the owner) are ever removed, with the temp files
 * of writes that were killed, and a subdirectory only when that emptied
 * it.  A cache directory that is / or $HOME, or holds files that are not
 * the cache's, is refused (exit 78): the setting names the wrong folder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cache.h"
#include "cli.h"
#include "config.h"
#include "settings.h"

static const struct cg_opt opts[] = {
	{ 'c', "course", "COURSE.json", "the resolved configuration naming the cache" },
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'p', "prune", "AGE", "first remove the replies not used for AGE (30d, 12h)" },
	{ 's', "size", "SIZE", "first remove the least recently used beyond SIZE (2G)" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 'x', "clear", NULL, "first remove every reply" },
	{ 0 },
};
static const struct cg_cli cli = {
	"usage: %1$s [-hVx] [-c COURSE.json] [-p AGE] [-s SIZE]\n", opts, NULL
};

/* AGE: a number with s, m, h, d or w (no unit: days), in seconds; -1
 * when it is not one. */
static double
age(const char *s)
{
	char *end;
	double n = strtod(s, &end);

	if (end == s || n < 0 || n > 1e6)
		return -1;
	switch (*end ? *end++ : 'd') {
	case 's': break;
	case 'm': n *= 60; break;
	case 'h': n *= 3600; break;
	case 'd': n *= 86400; break;
	case 'w': n *= 7 * 86400; break;
	default: return -1;
	}
	return *end ? -1 : n;
}

/* SIZE: a number of bytes with k, M or G (powers of 1000, as cg-cache
 * prints sizes); -1 when it is not one. */
static long long
size(const char *s)
{
	char *end;
	double n = strtod(s, &end);

	if (end == s || n < 0 || n > 1e15)
		return -1;
	switch (*end) {
	case 0: break;
	case 'k': case 'K': n *= 1e3; end++; break;
	case 'M': n *= 1e6; end++; break;
	case 'G': n *= 1e9; end++; break;
	default: return -1;
	}
	if (*end == 'B')
		end++;
	return *end ? -1 : (long long)n;
}

static void
human(double v, char *buf, size_t n, int bytes)
{
	static const char *const su[] = { "s", "min", "h", "days" };
	static const double sd[] = { 1, 60, 3600, 86400 };
	static const char *const bu[] = { "bytes", "kB", "MB", "GB" };
	int i;

	if (bytes) {
		for (i = 0; i < 3 && v >= 1000; i++)
			v /= 1000;
		snprintf(buf, n, i ? "%.1f %s" : "%.0f %s", v, bu[i]);
		return;
	}
	for (i = 3; i > 0 && v < sd[i]; i--)
		;
	snprintf(buf, n, "%.0f %s", v / sd[i], su[i]);
}

/* What the cache in dir holds, after removing the replies not used for
 * older seconds (-1: none, 0: all) and those beyond max bytes (-1: no
 * limit). */
static void
report(const char *dir, const char *from, double older, long long max)
{
	struct cg_cache_stat st;
	cg_err e = { 0 };
	char a[32], b[32], c[32];

	if (cg_cache_walk(dir, older, max, &st, &e) < 0)
		die(e.code, "%s (%s)", e.msg, from);
	if (st.temps)
		printf("%s: removed %ld temp file%s of interrupted writes\n",
		    dir, st.temps, st.temps == 1 ? "" : "s");
	if (st.alien)
		warn("%s: %ld file%s named like replies but not written by cg "
		    "for you (another user's, or not a reply): left alone",
		    dir, st.alien, st.alien == 1 ? "" : "s");
	if (older >= 0 || max >= 0) {
		human((double)st.removed_bytes, a, sizeof a, 1);
		printf("%s: removed %ld repl%s (%s)", dir, st.removed,
		    st.removed == 1 ? "y" : "ies", a);
		human(older, b, sizeof b, 0);
		if (older > 0)
			printf(" not used for %s", b);
		human((double)max, b, sizeof b, 1);
		if (max >= 0)
			printf("%s to keep it within %s", older > 0 ? "," : "", b);
		printf("\n");
	}
	human((double)st.bytes, a, sizeof a, 1);
	printf("%s: %ld repl%s, %s", dir, st.entries,
	    st.entries == 1 ? "y" : "ies", a);
	if (st.entries) {
		human(st.newest, b, sizeof b, 0);
		human(st.oldest, c, sizeof c, 0);
		printf("; last used %s to %s ago", b, c);
	}
	printf(" (%s)\n", from);
}

int
main(int argc, char *argv[])
{
	struct cg_settings set;
	const char *cflag = NULL;
	cg_prov *prov = NULL;
	cg_err e = { 0 };
	cJSON *cfg;
	double older = -1;
	long long max = -1;
	int c;

	cg_setprog(argv[0]);
	while ((c = cg_getopt(argc, argv, &cli)) != -1)
		switch (c) {
		case 'c': cflag = optarg; break;
		case 'p':
			if ((older = age(optarg)) < 0)
				die(EX_USAGE, "-p %s: not an age; give a number "
				    "and a unit: 45s, 30m, 12h, 30d, 2w", optarg);
			break;
		case 's':
			if ((max = size(optarg)) < 0)
				die(EX_USAGE, "-s %s: not a size; give a number "
				    "and a unit: 500M, 2G, 800k", optarg);
			break;
		case 'x': older = 0; break;
		}
	if (optind != argc)
		cg_usage(&cli, stderr, EX_USAGE);
	if (!(cfg = cg_config_runtime(cflag, &prov, &e)) ||
	    cg_settings_init(&set, cfg, prov, &e) < 0)
		die_err(&e);
	if (!set.cache)
		printf("the response cache is off (%s)\n", set.cache_from);
	else
		report(set.cache, set.cache_from, older, max);
	cJSON_Delete(cfg);
	cg_settings_free(&set);
	cg_prov_free(prov);
	return 0;
}
