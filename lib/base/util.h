/* util.h — errors, allocation, growable buffers, messages.
 *
 * Library functions report failure by returning -1 or NULL and filling a
 * cg_err: a sysexits(3) code the tool should exit with and a message that
 * names the file/line/field/URL and says what to do.  The library never
 * prints and never exits; die()/warn() are for tools only.
 */
#ifndef CG_UTIL_H
#define CG_UTIL_H
#include <stddef.h>
#include <stdarg.h>
#include <sysexits.h>

typedef struct cg_err {
	int  code;		/* EX_* from sysexits.h; 0 = no error */
	char msg[1024];
} cg_err;

/* Set e (may be NULL) and return -1.  A fmt ending in ':' appends
 * ": strerror(errno)". */
int   cg_seterr(cg_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Tools only.  The program name comes from argv[0] (cg_setprog), which
 * also has standard output flushed and checked at exit: unless die() is
 * exiting, a write error there ends the program with EX_IOERR. */
extern const char *argv0;
void  cg_setprog(const char *a0);
void  die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
void  warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void  die_err(const cg_err *e) __attribute__((noreturn));
/* Tools that ask a server for long (the generators) call this at start:
 * once the make that holds OUT's lock (its pid in $CG_LOCKED, which
 * Course.mk's lock rule exports) or this process's parent is gone — a
 * run killed with SIGKILL — the process ends itself by SIGTERM within
 * a second, as an interrupted one does (its files are written whole or
 * not at all), instead of holding the lock until its timeouts.  Uses
 * SIGALRM and an interval timer (SA_RESTART). */
void  cg_watch_run(void);
extern int cg_verbose;		/* set by tools with -v; cg_info prints only then */
void  cg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation that cannot fail: aborts on out-of-memory. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated byte buffer.  Zero-initialise to start. */
typedef struct cg_buf {
	char  *s;
	size_t len, cap;
} cg_buf;
void  cg_buf_add(cg_buf *b, const char *p, size_t n);
void  cg_buf_puts(cg_buf *b, const char *s);
void  cg_buf_putc(cg_buf *b, int c);
void  cg_buf_printf(cg_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void  cg_buf_vprintf(cg_buf *b, const char *fmt, va_list ap);
char *cg_buf_take(cg_buf *b);	/* returns b->s (never NULL), resets b */
void  cg_buf_free(cg_buf *b);

/* The UTF-8 character at s (n bytes left; a NUL-ended string may give
 * n = 4: a NUL is never taken for a continuation byte): its code point
 * in *cp, -1 when s does not start a valid one (a stray byte, an overlong
 * form, a surrogate).  Returns the bytes it takes, at least 1. */
int   cg_utf8_dec(const char *s, size_t n, long *cp);

/* 1 when c is a character of Chinese or Japanese (Han, kana), which are
 * written without spaces between words. */
int   cg_iscjk(long c);

/* Text from outside (a server, a model, a file) made safe for a
 * terminal: newline and tab stay; every other control character (C0,
 * DEL, the C1 controls U+0080..U+009F) and the bidirectional overrides
 * (U+202A..U+202E, U+2066..U+2069) are shown as escapes ("\e", "\r",
 * "\x07", "\u009b", "\u202e"), and every byte that is not part of valid
 * UTF-8 as "\xNN"; the rest is kept as it is.  cg_buf_term_safe appends
 * the n bytes at s to b; cg_term_safe returns a new string (s NULL: ""),
 * which the caller frees.  die(), warn() and cg_info() pass their
 * message through it, so no message of a tool writes an outside escape
 * sequence to the terminal. */
void  cg_buf_term_safe(cg_buf *b, const char *s, size_t n);
char *cg_term_safe(const char *s);

/* Monotonic seconds, for timing. */
double cg_now(void);
/* Wall-clock time as ISO 8601 UTC "2026-11-27T18:00:00Z" into buf[32]. */
void  cg_isotime(char buf[32]);

/* Small string helpers. */
int   cg_startswith(const char *s, const char *prefix);
char *cg_trim(char *s);		/* in place; returns s moved past spaces */
/* Lower-case ASCII slug of s ("Intro to Biology!" -> "intro-to-biology"),
 * at most 60 bytes; "course" when nothing is left.  Caller frees. */
char *cg_slug(const char *s);
/* Levenshtein distance, for "did you mean" suggestions. */
int   cg_editdist(const char *a, const char *b);

#endif
