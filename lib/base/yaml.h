/* yaml.h — YAML documents as cJSON, with file:line:column kept.
 *
 * One document per file.  Scalars are typed like YAML's core schema:
 * plain null / ~ / empty -> null, true / false -> bool, decimal, 0x and 0o
 * integers and decimal floats -> number, everything else and every quoted
 * scalar (or one tagged !!str) -> string.  Anchors and aliases work (the
 * alias is a copy of the anchored node); duplicate keys, non-scalar keys
 * and a second document are errors, and so is what a configuration never
 * needs and cJSON would quietly change: a tag other than the core
 * schema's (!!binary, !!set, !local), a list or mapping of more than 1000
 * entries, a NUL character in a string or key, a number out of a double's
 * range (1e999) — each named with its line, column and key.  Messages read
 * "NAME:LINE:COL: what; what to do" with 1-based line and column, code
 * EX_DATAERR (callers that load configuration files switch it to EX_CONFIG).
 *
 * The side table (cg_yaml_pos) remembers where every key and value stood,
 * indexed by JSON path ("llm.timeouts.idle", "hosts[1].url"), so later
 * checks can say courses/x.yaml:7:12 about a value they reject.
 */
#ifndef CG_YAML_H
#define CG_YAML_H
#include <stddef.h>
#include <cjson/cJSON.h>
#include "util.h"

typedef struct cg_yaml_pos cg_yaml_pos;

/* Parse text (len bytes) named name in messages.  *pos (pos may be NULL)
 * receives the side table; free it with cg_yaml_pos_free.  An empty
 * document (nothing but comments or blanks) is an error.  Returns the
 * root (any type) or NULL with e set. */
cJSON *cg_yaml_parse(const char *text, size_t len, const char *name,
	    cg_yaml_pos **pos, cg_err *e);

/* Read path and parse.  A missing file is EX_NOINPUT, unreadable EX_IOERR. */
cJSON *cg_yaml_load(const char *path, cg_yaml_pos **pos, cg_err *e);

/* Where the value (key = 0) or the key (key = 1) at path stood, 1-based.
 * Returns 0 and fills line/col, or -1 when the path is not in the table.
 * The root is path "". */
int    cg_yaml_where(const cg_yaml_pos *pos, const char *path, int key,
	    int *line, int *col);
/* The document name given to cg_yaml_parse (the file path). */
const char *cg_yaml_name(const cg_yaml_pos *pos);
void   cg_yaml_pos_free(cg_yaml_pos *pos);

/* Type one plain scalar the way a document would (see above).  Never NULL. */
cJSON *cg_yaml_scalar(const char *s);

#endif
