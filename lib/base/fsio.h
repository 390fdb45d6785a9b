/* fsio.h — reading inputs and writing outputs safely.
 *
 * Every output is written to a temp file in the same directory, fsync'ed
 * and renamed, so a killed run never leaves a half-written file.  Generated
 * files carry a sidecar record (DIR/.NAME.sum, the SHA-256 of what cg wrote)
 * so a file the user has edited since is noticed and kept.
 */
#ifndef CG_FSIO_H
#define CG_FSIO_H
#include <stddef.h>
#include "util.h"

/* The most a file read by cg may hold unless a caller says otherwise:
 * course files are kilobytes, a call log megabytes; a FIFO, /dev/zero or
 * a runaway file must not take the memory (or block) instead. */
#define CG_READ_MAX ((size_t)64 << 20)

/* cg_read_file_ex flags */
#define CG_READ_NOFOLLOW 1	/* a symbolic link is refused */
#define CG_READ_OWN      2	/* a file of another user is refused */

/* Read a whole regular file of at most max bytes; *len gets its size
 * (may be NULL).  NUL-terminated; caller frees.  The type is checked
 * before any read, so a FIFO, a device or a link to one never blocks
 * and is never read.  Errors: EX_NOINPUT when missing or a directory;
 * EX_IOERR when another kind of file (the message says which), refused
 * by flags, over max or unreadable. */
char *cg_read_file_ex(const char *path, size_t max, int flags, size_t *len,
	    cg_err *e);
/* cg_read_file_ex(path, CG_READ_MAX, 0, len, e). */
char *cg_read_file(const char *path, size_t *len, cg_err *e);
/* Read fd to its end, at most max bytes (cg_read_fd: CG_READ_MAX); over
 * that NULL with EX_IOERR.  Any kind of file (a pipe on stdin). */
char *cg_read_fd_max(int fd, const char *name, size_t max, size_t *len,
	    cg_err *e);
char *cg_read_fd(int fd, const char *name, size_t *len, cg_err *e);

/* The one input driver: path (cg_read_file), or stdin when path is NULL
 * or "-" (at most CG_READ_MAX bytes).  Refuses (EX_USAGE) to block on a
 * terminal stdin. */
char *cg_read_input(const char *path, size_t *len, cg_err *e);

/* mkdir -p. */
int   cg_mkdirs(const char *dir, cg_err *e);

/* Temp file in path's directory + write + fsync + rename + fsync of the
 * directory.  Creates missing parent directories, and first removes the
 * temp files (.cg-tmp.PID.*) there whose writer is gone (cg_tmp_sweep).
 * EX_CANTCREAT / EX_IOERR on failure; no temp left. */
int   cg_write_atomic(const char *path, const void *buf, size_t len, cg_err *e);

/* Remove dir's temp files .cg-tmp.PID.* whose process PID no longer
 * exists (a killed writer's) and that belong to the user.  Returns how
 * many were removed. */
int   cg_tmp_sweep(const char *dir);

/* 1 when the file name is a temp file .cg-tmp.PID.* of a writer that is
 * gone (not this process, no process PID): garbage of a killed write,
 * never anyone's output. */
int   cg_tmp_stale(const char *name);

/* As cg_write_atomic, but leaves the file (and its mtime) alone when its
 * bytes already equal buf.  Returns 1 written, 0 unchanged, -1 error. */
int   cg_write_if_changed(const char *path, const void *buf, size_t len,
	    cg_err *e);

/* Write to path (atomically) or, when path is NULL or "-", to stdout,
 * flushed and checked; a path that is a pipe, a terminal or a device
 * (/dev/null) is written to, not replaced, and a directory is refused
 * (EX_CANTCREAT).  Returns 0 or -1. */
int   cg_write_output(const char *path, const void *buf, size_t len, cg_err *e);

/* Generated-file guard.
 * cg_guard_check: 0 when path may be (re)generated — it does not exist, or
 * it still holds exactly what cg last wrote; 1 when it was edited by hand
 * (or exists with no record of cg writing it): keep it.
 * cg_guard_write: cg_write_atomic + record the sidecar sum, in an order
 * that survives a kill at any point: the record first holds the new sum
 * and the old one, then the file is replaced, then the record is reduced
 * to the new sum. */
int   cg_guard_check(const char *path);
int   cg_guard_write(const char *path, const void *buf, size_t len, cg_err *e);
/* Touch path (mtime = now), so make sees a kept file as up to date. */
int   cg_touch(const char *path);

/* Locate a data file (config/llm.yaml, prompts/lecture.md, site/...):
 * $CG_ROOT/rel, then ./rel, then DIR/../share/cg/rel for the directory DIR
 * of the running program, then CG_DATADIR/rel.  Returns a malloc'ed path
 * of the first that exists, or NULL. */
char *cg_datafile(const char *rel);

/* The directory of the running program (/proc/self/exe), or NULL.  Caller
 * frees. */
char *cg_exedir(void);

/* When process pid started, in seconds since the epoch (from /proc), or
 * 0 when that cannot be told. */
double cg_proc_start(long pid);

/* Tools only: 1 when path (an output about to be generated) was edited by
 * hand since cg wrote it and force is 0: says so on stderr and touches it,
 * so make sees it as up to date; the caller then keeps it.  0 otherwise
 * (also for no path or "-"). */
int keep_edited(const char *path, int force);

#endif
