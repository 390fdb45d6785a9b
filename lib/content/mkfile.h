/* mkfile.h — the one writer of make syntax.
 *
 * The makefiles a course's OUT holds are written here and nowhere else:
 * OUT/outline.mk (cg-outline -M: how the outline is made) and
 * OUT/course.mk (cg-plan: the kinds' pattern rules, each session's
 * files, digests and aliases).  Course.mk includes both.  What they hold
 * is described in cg.7 (Make goals).
 *
 * Every alias a user may name on the command line (sNN, sNN-KIND,
 * sNN-diagrams) has a variable CG_GOAL_alias listing its files, so
 * Course.mk finds the files of FRESH=1 and KEEP=1 goals by name.
 * No text from the outline reaches these files: paths are sNN/FILE.
 */
#ifndef CG_MKFILE_H
#define CG_MKFILE_H

#include "util.h"

/* OUT/course.mk's head: the banner and CG_SESSIONS (s01 .. sN). */
void cg_mk_course_head(cg_buf *mk, int nsessions);
/* The pattern rules of the session kinds (config/kinds.yaml), multi
 * kinds up to maxnd files, and the digests' rules. */
void cg_mk_kinds(cg_buf *mk, int maxnd);
/* Session sid's files (nd diagrams), digests and aliases. */
void cg_mk_session(cg_buf *mk, const char *sid, int nd);
/* OUT/site.mk: CG_SITE_OWN, the course's own site files, its templates (the .html
 * files of the directory templates) and its labels file, so that the site
 * and the exports are made again when one changes.  Either may be NULL.
 * A path make cannot name (a space, or one of $#%:;\'" and the like) is
 * left out: 1 then, else 0. */
int  cg_mk_site_own(cg_buf *mk, const char *templates, const char *labels);
/* OUT/course.mk's tail: CG_FILES and the aliases' .PHONY. */
void cg_mk_course_tail(cg_buf *mk);
/* OUT/outline.mk: one request for the outline (nmod < 2, or a user's
 * outline file), or a skeleton and then each of nmod modules. */
void cg_mk_outline(cg_buf *mk, int nmod, int user);

#endif
