/* configint.h — what the parts of the configuration share (config.h is
 * the public side).
 *
 *   config.c       resolution: the files, the environment, the overrides,
 *                  the course's derived keys, course.json at run time
 *   configkeys.c   the key schema, the built-in defaults, unknown keys
 *   configprov.c   provenance: where each value came from
 *   configcheck.c  the checks of the llm and course sections
 *   configurl.c    the server URL: screen, mask, canonical form (libcurl)
 */
#ifndef CG_CONFIGINT_H
#define CG_CONFIGINT_H
#include <stddef.h>
#include <cjson/cJSON.h>
#include "config.h"
#include "util.h"
#include "yaml.h"

/* ---- the key schema (configkeys.c) ---- */

/* How a key's children are checked: a leaf, a mapping of known keys, a
 * mapping passed through with a warning for near misses only, anything,
 * a list of mappings. */
enum { C_LEAF, C_MAP, C_NEAR, C_ANY, C_LIST };

struct key {
	const char       *name;
	int               type;	/* how the value's children are checked */
	const struct key *sub;
};

/* The top of a course yaml, of config/llm.yaml, of config/content.yaml.
 * The kinds' entries are filled by cg_config_defaults. */
extern const struct key cg_cfg_coursekeys[], cg_cfg_llmfile[],
	cg_cfg_contentfile[];

/* Checking a loaded file's keys: each unknown one is a line in unknown
 * ("FILE:LINE:COL: unknown key ..."), and dropped unless the section
 * passes keys through. */
struct chk {
	cg_yaml_pos *pos;
	const char  *file;
	cg_buf      *unknown;	/* one line per unknown key */
};
void cg_cfg_check_keys(struct chk *k, cJSON *obj, const struct key *ks,
	    int type, const char *path);
/* An override's dotted key against the schema: 0 ok, -1 with e set
 * (EX_USAGE) naming label. */
int  cg_cfg_override_key(const char *key, const char *label, cg_err *e);

/* ---- where values came from (configprov.c) ---- */

enum { S_FILE, S_COURSE, S_ENV, S_OVERRIDE, S_JSON };

struct src {
	int          type;
	char        *label;	/* file name, "CG_URL", "override k=v" */
	char        *cfgpath;	/* S_ENV / S_OVERRIDE: what it set */
	cg_yaml_pos *pos;	/* S_FILE / S_COURSE */
};

/* The provenance of one resolved document; cfg is the document the
 * checks read (and cg_cfg_check_llm normalises). */
struct cg_prov {
	cJSON       *cfg;
	struct src  *v;
	size_t       n;
	int          rawurl;	/* URLs only screened (cg_config_url_check),
				 * not canonicalised: a tool's run, where
				 * the client canonicalises them when it
				 * first asks (and a cache hit needs none) */
};

/* Free p's sources (not p, not p->cfg). */
void cg_cfg_prov_free(struct cg_prov *p);
/* Remember a source; pos is kept (freed with p). */
void cg_cfg_prov_add(struct cg_prov *p, int type, const char *label,
	    const char *cfgpath, cg_yaml_pos *pos);
/* Hand p (on the stack) to the caller as *out, with cfg; or drop it when
 * out is NULL. */
void cg_cfg_prov_give(struct cg_prov *p, cJSON *cfg, cg_prov **out);
/* "FILE:LINE:COL" (or the variable / override) that set cfgpath, else
 * the course file or course.json, else name ("configuration" when
 * NULL); written into buf, which is returned. */
const char *cg_cfg_where(const struct cg_prov *p, const char *cfgpath,
	    const char *name, char *buf, size_t sz);
/* How a key is named in messages: as written in a course yaml. */
const char *cg_cfg_keyname(const char *cfgpath);

/* ---- the checks (configcheck.c) ---- */

/* The llm section of P->cfg: types and bounds, the URLs normalised
 * (P->rawurl: only screened).  Messages name where a value came from,
 * else name.  0, or -1 with EX_CONFIG. */
int  cg_cfg_check_llm(const struct cg_prov *P, const char *name, cg_err *e);

#endif
