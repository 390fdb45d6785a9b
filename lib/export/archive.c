/* archive.c — zip archives in memory with libzip (see archive.h).
 *
 * The archive is written into a libzip buffer source that we keep a
 * reference to, so after zip_close its bytes can be read back: the caller
 * then writes them atomically (or to standard output) like any output.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <zip.h>
#include "archive.h"

struct cg_zip {
	zip_source_t *src;
	zip_t        *za;
	time_t        mtime;
};

static int
zfail(cg_err *e, const char *what, zip_error_t *ze)
{
	cg_seterr(e, EX_SOFTWARE, "zip: %s: %s", what, zip_error_strerror(ze));
	return -1;
}

cg_zip *
cg_zip_new(time_t mtime, cg_err *e)
{
	cg_zip *z = xcalloc(1, sizeof *z);
	zip_error_t ze;

	zip_error_init(&ze);
	z->mtime = mtime ? mtime : 315532800;	/* 1980-01-01, zip's epoch */
	if (!(z->src = zip_source_buffer_create(NULL, 0, 0, &ze))) {
		zfail(e, "cannot create a buffer", &ze);
		free(z);
		return NULL;
	}
	zip_source_keep(z->src);
	if (!(z->za = zip_open_from_source(z->src, ZIP_TRUNCATE, &ze))) {
		zfail(e, "cannot open an archive", &ze);
		zip_source_free(z->src);
		zip_source_free(z->src);
		free(z);
		return NULL;
	}
	zip_error_fini(&ze);
	return z;
}

int
cg_zip_add(cg_zip *z, const char *name, const void *buf, size_t len,
    int store, cg_err *e)
{
	void *copy = xmalloc(len ? len : 1);
	zip_source_t *s;
	zip_int64_t i;

	memcpy(copy, buf, len);
	if (!(s = zip_source_buffer(z->za, copy, len, 1))) {
		free(copy);
		return zfail(e, name, zip_get_error(z->za));
	}
	if ((i = zip_file_add(z->za, name, s, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(s);
		return zfail(e, name, zip_get_error(z->za));
	}
	if (zip_set_file_compression(z->za, (zip_uint64_t)i,
	    store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 9) < 0 ||
	    zip_file_set_mtime(z->za, (zip_uint64_t)i, z->mtime, 0) < 0)
		return zfail(e, name, zip_get_error(z->za));
	return 0;
}

int
cg_zip_addbuf(cg_zip *z, const char *name, cg_buf *b, cg_err *e)
{
	int r = cg_zip_add(z, name, b->s ? b->s : "", b->len, 0, e);

	cg_buf_free(b);
	return r;
}

char *
cg_zip_finish(cg_zip *z, size_t *len, cg_err *e)
{
	zip_stat_t st;
	char *buf = NULL;
	zip_int64_t n;

	if (zip_close(z->za) < 0) {
		zfail(e, "cannot write the archive", zip_get_error(z->za));
		zip_discard(z->za);
		goto out;
	}
	zip_stat_init(&st);
	if (zip_source_stat(z->src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    zip_source_open(z->src) < 0) {
		zfail(e, "cannot read the archive back", zip_source_error(z->src));
		goto out;
	}
	buf = xmalloc(st.size + 1);
	n = zip_source_read(z->src, buf, st.size);
	zip_source_close(z->src);
	if (n < 0 || (zip_uint64_t)n != st.size) {
		zfail(e, "short read of the archive", zip_source_error(z->src));
		free(buf);
		buf = NULL;
		goto out;
	}
	*len = (size_t)n;
out:
	zip_source_free(z->src);
	free(z);
	return buf;
}
