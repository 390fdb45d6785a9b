/* digest.c — the digests readers depend on; see digest.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"
#include "fsio.h"
#include "tmpl.h"

/* The budget reader rd gives each file it reads. */
static int
budget(const struct cg_kind *rd)
{
	return rd->nreads ? rd->excerpt / rd->nreads : 0;
}

int
cg_digest_read(const struct cg_kind *kd)
{
	const struct cg_kind *k;
	size_t i, n;

	k = cg_kind_list(&n);
	for (i = 0; kd && i < n; i++)
		if (cg_kind_reads(&k[i], kd->name))
			return 1;
	return 0;
}

char *
cg_digest_of(const struct cg_kind *kd, const char *md)
{
	const struct cg_kind *k;
	int seen[64], nseen = 0, b, j, dup;
	cg_buf out = {0};
	size_t i, n;
	char *d;

	k = cg_kind_list(&n);
	for (i = 0; md && i < n; i++) {
		if (!cg_kind_reads(&k[i], kd->name))
			continue;
		b = budget(&k[i]);
		for (j = dup = 0; j < nseen; j++)
			dup |= seen[j] == b;
		if (dup || nseen == 64)
			continue;
		seen[nseen++] = b;
		d = cg_tmpl_digest(md, (size_t)b);
		cg_buf_printf(&out, "%s<!-- budget %d -->\n%s\n", nseen > 1 ?
		    "\n" : "", b, d);
		free(d);
	}
	return out.s ? cg_buf_take(&out) : xstrdup("");
}

char *
cg_digest_path(const char *file, const char *what)
{
	const char *sl = strrchr(file, '/');

	return sl ? xasprintf("%.*s/.%s.%s", (int)(sl - file), file, sl + 1,
	    what) : xasprintf(".%s.%s", file, what);
}

const struct cg_kind *
cg_digest_kind(const char *file)
{
	const char *b = strrchr(file, '/');
	const struct cg_kind *k;
	size_t i, n;
	char *f;
	int hit;

	b = b ? b + 1 : file;
	k = cg_kind_list(&n);
	for (i = 0; i < n; i++) {
		if (k[i].shape == CG_SHAPE_OUTLINE)
			continue;
		f = cg_kind_file(&k[i], 1);
		hit = !strcmp(f, b);
		free(f);
		if (!hit && k[i].multi) {
			/* diagram-K.mmd: the part before K and after it */
			const char *K = strchr(k[i].file, 'K');
			size_t pre = K ? (size_t)(K - k[i].file) : 0;
			hit = K && !strncmp(b, k[i].file, pre) &&
			    strspn(b + pre, "0123456789") > 0 &&
			    !strcmp(b + pre + strspn(b + pre, "0123456789"),
			    K + 1);
		}
		if (hit)
			return &k[i];
	}
	return NULL;
}

int
cg_digest_update(const char *file, cg_err *e)
{
	const struct cg_kind *kd = cg_digest_kind(file);
	char *dpath, *spath, *fpath, *md, *d;
	int r = 0, fd;

	if (!kd || !cg_digest_read(kd))
		return 0;
	md = cg_read_file(file, NULL, NULL);
	fpath = cg_digest_path(file, "failed");
	if (!md && access(fpath, F_OK) < 0) {
		free(fpath);
		return 0;
	}
	free(fpath);
	d = cg_digest_of(kd, md);
	dpath = cg_digest_path(file, "digest");
	spath = cg_digest_path(file, "dstamp");
	r = cg_write_if_changed(dpath, d, strlen(d), e);
	if (r >= 0) {
		if ((fd = open(spath, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) < 0 ||
		    cg_touch(spath) < 0)
			r = cg_seterr(e, EX_CANTCREAT, "%s:", spath);
		if (fd >= 0)
			close(fd);
	}
	free(d);
	free(md);
	free(dpath);
	free(spath);
	return r;
}
