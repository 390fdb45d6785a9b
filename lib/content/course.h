/* course.h — a generated course as its readers see it: the one model of
 * OUT that cg-site, cg-export and cg-check load.
 *
 * cg_course_load reads OUT/course.json (optional: the settings), OUT/
 * outline.json (required, and always held to cg_outline_validate, so an
 * outline every reader would misread — a session number given twice —
 * is refused by every reader alike), and for each session of the outline
 * its directory OUT/sNN (named by cg_outline_sid): session.json and every
 * file the kinds table (kinds.h) lists, in the table's order — one file
 * per kind, a multi kind's files 1..K where K is the session's diagram
 * count (session.json's "diagrams"; without a session.json, the files
 * there), and a kind's "also" file after its own.  Each file carries its
 * text and its state, read from the notes the generators leave beside it
 * (cg_gen_note_all) and from the record of what cg wrote (cg_guard_check).
 * A reader adds nothing to this list: a new row in the kinds table is a
 * new file of every session, in the site, every export and cg-check.
 * Like the rest of the library, nothing here prints or exits.
 */
#ifndef CG_COURSE_H
#define CG_COURSE_H
#include <stddef.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "kinds.h"
#include "util.h"

/* A file's state, from what is beside it. */
enum cg_course_state {
	CG_COURSE_UNMADE,	/* not there and no note: not made yet */
	CG_COURSE_FAILED,	/* not there; .NAME.failed says why */
	CG_COURSE_WRITTEN,	/* there, as cg wrote it, nothing noted */
	CG_COURSE_MENDED,	/* there; .NAME.mended lists cg's repairs */
	CG_COURSE_IMPERFECT,	/* there; .NAME.imperfect lists its problems */
	CG_COURSE_EDITED,	/* there, changed by hand since cg wrote it
				 * (or not written by cg), nothing noted */
};

struct cg_course_file {
	const struct cg_kind *kind;	/* its row of the kinds table */
	int          k;		/* a multi kind's index (1..K), else 0 */
	int          also;	/* 1: the kind's second file (kind->also) */
	char        *name;	/* "diagram-2.mmd" */
	char        *path;	/* "OUT/s03/diagram-2.mmd" */
	enum cg_course_state state;
	int          edited;	/* cg_guard_check: edited by hand (or not
				 * cg's); set for any state of a file there */
	char        *text;	/* its bytes, NUL-ended; NULL when not there
				 * or unreadable */
	size_t       len;
	time_t       mtime;	/* 0 when not there */
	char        *failed, *imperfect, *mended;	/* whole notes, or NULL */
	char        *error;	/* there but unreadable: why; else NULL */
	int          errcode;	/* its exit code (EX_IOERR, ...) */
};

struct cg_course_sess {
	int          num;	/* global session number, 1..N */
	int          mod;	/* index into the course's mods */
	char         id[8];	/* "s03" (cg_outline_sid) */
	const char  *title;
	const cJSON *j;		/* its object in the outline */
	cJSON       *sj;	/* session.json; NULL when missing or broken */
	char        *sjerr;	/* why session.json could not be read
				 * (NULL: it was, or it is simply missing) */
	int          ndiagrams;	/* K of the multi kinds */
	struct cg_course_file *files;
	int          nfiles;
	time_t       mtime;	/* newest of its files that are there */
};

struct cg_course_mod {
	int          num;
	const char  *title, *desc;
	int          first, n;	/* its sessions: sess[first .. first+n) */
};

struct cg_course {
	char        *out;	/* the course directory */
	cJSON       *outline;
	cJSON       *course;	/* course.json; NULL when missing */
	struct cg_course_mod  *mods;
	int          nmods;
	struct cg_course_sess *sess;
	int          nsess;
	time_t       mtime;	/* outline.json's */
};

/* Load the course in directory out into c (zeroed by the call).  0, or -1
 * with e: EX_NOINPUT (out or its outline.json missing: says to generate
 * it), EX_DATAERR (outline.json not JSON, or not a usable outline: every
 * problem cg_outline_validate finds, a duplicated session number among
 * them; course.json not JSON), EX_SOFTWARE (the kinds table broken).  A
 * content file that is missing or unreadable is no error: its state and
 * error say so.  Free with cg_course_free (also after a failure). */
int   cg_course_load(struct cg_course *c, const char *out, cg_err *e);
void  cg_course_free(struct cg_course *c);

/* The file of kind kd (index k for a multi kind, else ignored) in session
 * x, or NULL when the session has no such file (k out of range). */
const struct cg_course_file *cg_course_file(const struct cg_course_sess *x,
	    const struct cg_kind *kd, int k);

/* The files make plans for session sid of out, in the kinds table's
 * order, without reading them: fn(arg, sid, file, also) for each kind's
 * file ("diagram-2.mmd": as many as its session.json's "diagrams", or nd
 * when it has no session.json yet) and for each second file written with
 * one (also 1).  The progress count and cg-status read the plan so. */
void  cg_course_plan(const char *out, const char *sid, int nd,
	    void (*fn)(void *arg, const char *sid, const char *file, int also),
	    void *arg);

/* The state's name for a reader: "written", "mended", "imperfect",
 * "failed", "edited", "not made yet". */
const char *cg_course_state_name(enum cg_course_state s);

#endif
