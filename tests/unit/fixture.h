/* fixture.h — golden fixture directories for the unit tests.
 *
 * A fixture directory tests/fixtures/quirks/KIND holds NAME.in (an input,
 * usually a recorded model reply) and the expected results next to it
 * (NAME.out, NAME.err, ...).  fixture_init() finds the source tree and
 * reads CG_REGEN: with CG_REGEN=1 a test rewrites its expected files
 * (spit) instead of comparing against them (regen.sh). */
#ifndef CG_FIXTURE_H
#define CG_FIXTURE_H
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsio.h"
#include "util.h"

static int regen;		/* CG_REGEN=1: rewrite expected files */

/* The source tree ($CG_ROOT, else "."); sets regen. */
static inline const char *
fixture_init(void)
{
	const char *root = getenv("CG_ROOT"), *r = getenv("CG_REGEN");

	regen = r && *r == '1';
	return root && *root ? root : ".";
}

/* root/tests/fixtures/quirks/kind; caller frees. */
static inline char *
fixture_dir(const char *root, const char *kind)
{
	return xasprintf("%s/tests/fixtures/quirks/%s", root, kind);
}

/* dir/name.ext; caller frees. */
static inline char *
fixture_path(const char *dir, const char *name, const char *ext)
{
	return xasprintf("%s/%s.%s", dir, name, ext);
}

/* The file's text, or NULL when it cannot be read; caller frees. */
static inline char *
slurp(const char *path)
{
	cg_err e = { 0 };
	return cg_read_file(path, NULL, &e);
}

/* Write s to path or end the test run: a fixture not rewritten must not
 * pass unnoticed. */
static inline void
spit(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(s, f) == EOF || fclose(f) == EOF) {
		perror(path);
		exit(1);
	}
}

static inline int
fixture_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted base names of dir/ *.in into *out; returns their count (0 and
 * *out NULL when dir cannot be read).  Caller frees each and *out. */
static inline int
inputs(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	int n = 0;

	*out = NULL;
	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		if (l > 3 && !strcmp(de->d_name + l - 3, ".in")) {
			v = xrealloc(v, (size_t)(n + 1) * sizeof *v);
			v[n++] = xstrndup(de->d_name, l - 3);
		}
	}
	closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof *v, fixture_cmp);
	*out = v;
	return n;
}

/* fn(dir, name, text, arg) for every dir/NAME.in in name order, text
 * its contents (NULL when unreadable).  Returns how many there were. */
typedef void fixture_fn(const char *dir, const char *name, const char *in,
    void *arg);

static inline int
fixture_each(const char *dir, fixture_fn *fn, void *arg)
{
	char **names;
	int n = inputs(dir, &names);

	for (int i = 0; i < n; i++) {
		char *pin = fixture_path(dir, names[i], "in"), *in = slurp(pin);
		fn(dir, names[i], in, arg);
		free(in);
		free(pin);
		free(names[i]);
	}
	free(names);
	return n;
}

/* Replies cut off anywhere: every prefix of every NAME.in of the fixture
 * directory kind, of lengths 0, step, 2 step ... up to the whole text,
 * goes to check, which returns NULL when the prefix was handled well, else
 * what went wrong (freed here).  The first three failures are TAP
 * comments.  Returns the number of failures; *tried gets the number of
 * prefixes. */
typedef char *fixture_check(const char *name, const char *cut);

struct fixture_cuts {
	fixture_check *check;
	size_t step;
	int tried, bad;
};

static inline void
fixture_cut(const char *dir, const char *name, const char *in, void *arg)
{
	struct fixture_cuts *c = arg;
	size_t len = in ? strlen(in) : 0;

	(void)dir;
	for (size_t k = 0; k <= len; k += c->step) {
		char *cut = xstrndup(in ? in : "", k), *why = c->check(name, cut);
		c->tried++;
		if (why && c->bad++ < 3)
			printf("# %s cut at %zu: %s\n", name, k, why);
		free(why);
		free(cut);
	}
}

static inline int
fixture_prefixes(const char *root, const char *kind, size_t step,
    fixture_check *check, int *tried)
{
	struct fixture_cuts c = { check, step ? step : 1, 0, 0 };
	char *dir = fixture_dir(root, kind);

	fixture_each(dir, fixture_cut, &c);
	free(dir);
	*tried = c.tried;
	return c.bad;
}

#endif
