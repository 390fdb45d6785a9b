/* outline.h — the course outline: schema, validation, session layout.
 *
 * outline.json: {"course":{name,subject,level,description,language,
 * duration_weeks}, "modules":[{"number","title","description","sessions":
 * [{"number" (global 1..N),"title","subtopics":[],"objectives":[],
 * "key_concepts":[],"rationale"}]}]}
 */
#ifndef CG_OUTLINE_H
#define CG_OUTLINE_H
#include <cjson/cJSON.h>
#include "util.h"

/* Sessions module i (0-based) gets when nses are spread over nmod modules
 * as evenly as the count allows: the first nses % nmod get one more. */
int    cg_outline_spread(int nses, int nmod, int i);

/* JSON schema for the model's reply ({"modules": [...]}) for the course
 * settings in course (cfg.course): exact module count, per-module session
 * counts (prefixItems), item bounds. */
cJSON *cg_outline_schema(const cJSON *course);

/* Renumber modules 1..M and sessions 1..N globally (numbers are derived,
 * never trusted) and trim strings.  Never changes any text otherwise. */
void   cg_outline_normalise(cJSON *o);

/* Structural check (types, non-empty strings, at least one module and one
 * session each).  Problems are appended to probs, one per line, each
 * starting with its JSON path; returns their number. */
int    cg_outline_check(const cJSON *o, cg_buf *probs);

/* The whole check of a finished outline.json, the same in cg-plan and
 * cg-site, before anything is planned or requested: cg_outline_check, and
 * then the numbers, which name the sNN folders: every module and session
 * has an integer "number", modules run 1..M and sessions 1..N (across
 * modules) in order; no text is only white space; a number given twice, or a session or module whose
 * whole content is another's, is reported as a duplicate, naming both
 * places.  Same reporting as cg_outline_check. */
int    cg_outline_validate(const cJSON *o, cg_buf *probs);

/* Counts and bounds against the requested course (cfg.course): exactly
 * modules / sessions, even spread (problems in probs, counted in the
 * result); item lists outside items.min..max are imperfect (in imp, not
 * counted): usable, re-asked while attempts remain.  Same reporting as
 * cg_outline_check. */
int    cg_outline_check_counts(const cJSON *o, const cJSON *course,
	    cg_buf *probs, cg_buf *imp);

/* The outline in two steps, for a course of several modules: a skeleton
 * {"modules":[{number,title,description}]} of exactly course.modules
 * modules, then for each module k (1-based) {"sessions":[...]} with its
 * share of the sessions (cg_outline_spread).  Schemas for the requests,
 * and checks as above (the module check treats the part as a one-module
 * outline). */
cJSON *cg_outline_skeleton_schema(const cJSON *course);
cJSON *cg_outline_module_schema(const cJSON *course, int k);
int    cg_outline_check_skeleton(const cJSON *sk, const cJSON *course,
	    cg_buf *probs);
int    cg_outline_check_module(const cJSON *part, const cJSON *course,
	    int k, cg_buf *probs, cg_buf *imp);

/* Number of sessions in the outline. */
int    cg_outline_nsessions(const cJSON *o);

/* Directory name of session n: "s07", "s123". Writes into buf[8]. */
void   cg_outline_sid(int n, char buf[8]);

/* Render the outline as markdown (outline.md).  Caller frees. */
char  *cg_outline_markdown(const cJSON *o);

/* 1 when path (OUT/outline.md, the outline for reading) was edited by
 * hand since cg wrote it: its record of what was written (fsio.h) says
 * otherwise.  A file with no record counts as not edited. */
int    cg_outline_md_edited(const char *path);

#endif
