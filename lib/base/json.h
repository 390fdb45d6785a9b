/* json.h — cJSON with errors that say where.
 *
 * Paths in messages are JSON paths: modules[2].sessions[0].title.
 * Getters with a cg_err report "NAME: PATH: \"key\" must be a string" etc.
 * with EX_DATAERR.
 */
#ifndef CG_JSON_H
#define CG_JSON_H
#include <cjson/cJSON.h>
#include "util.h"

/* Parse text; on error "name:LINE:COL: invalid JSON (...)" EX_DATAERR. */
cJSON *cg_json_parse(const char *text, size_t len, const char *name, cg_err *e);
/* Read path (NULL/"-" = stdin via cg_read_input) and parse. */
cJSON *cg_json_load(const char *path, cg_err *e);

/* Required members.  name = document name for messages, path = JSON path
 * of obj ("" for the root).  Return NULL / -1 with e set. */
const char *cg_json_str(const cJSON *obj, const char *key, const char *name,
	    const char *path, cg_err *e);
int    cg_json_num(const cJSON *obj, const char *key, const char *name,
	    const char *path, double *out, cg_err *e);
const cJSON *cg_json_arr(const cJSON *obj, const char *key, const char *name,
	    const char *path, cg_err *e);
const cJSON *cg_json_obj(const cJSON *obj, const char *key, const char *name,
	    const char *path, cg_err *e);

/* Optional lookups by dotted path ("llm.timeouts.idle"); def when absent
 * or of another type. */
const cJSON *cg_json_at(const cJSON *root, const char *dotted);
const char *cg_json_gets(const cJSON *root, const char *dotted, const char *def);
double cg_json_getn(const cJSON *root, const char *dotted, double def);
int    cg_json_getb(const cJSON *root, const char *dotted, int def);

/* Set root.dotted = item (creating objects on the way; replaces). */
void   cg_json_set(cJSON *root, const char *dotted, cJSON *item);
/* A new object holding copies of the members of from named in keys (those
 * present); from may be NULL.  Caller deletes. */
cJSON *cg_json_pick(const cJSON *from, const char *const *keys, size_t n);

/* Deep-merge src into dst: objects merge key by key, everything else
 * replaces.  src is not modified. */
void   cg_json_merge(cJSON *dst, const cJSON *src);

/* Pretty print with a trailing newline; caller frees. */
char  *cg_json_print(const cJSON *j);
/* Compact print; caller frees. */
char  *cg_json_compact(const cJSON *j);

#endif
