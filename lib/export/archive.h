/* archive.h — zip archives in memory (libzip), for the packaged formats.
 *
 * Entries keep the order they are added in, so an EPUB's "mimetype" can
 * come first; every entry gets the same modification time (the course's),
 * so the same course always gives the same archive bytes.
 */
#ifndef CG_ZIP_H
#define CG_ZIP_H
#include <stddef.h>
#include <time.h>
#include "util.h"

typedef struct cg_zip cg_zip;

/* A new, empty archive; NULL with e (EX_SOFTWARE) when libzip fails. */
cg_zip *cg_zip_new(time_t mtime, cg_err *e);
/* Add a copy of buf as name; store = 1 keeps it uncompressed.  0 or -1
 * with e.  After a failure only cg_zip_finish (to free) may follow. */
int   cg_zip_add(cg_zip *z, const char *name, const void *buf, size_t len,
	    int store, cg_err *e);
/* As cg_zip_add, taking buf's bytes (b is reset). */
int   cg_zip_addbuf(cg_zip *z, const char *name, cg_buf *b, cg_err *e);
/* Close the archive and return its bytes (caller frees; *len the size),
 * or NULL with e.  Frees z either way. */
char *cg_zip_finish(cg_zip *z, size_t *len, cg_err *e);

#endif
