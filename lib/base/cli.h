/* cli.h — a tool's options from one table: getopt_long's short and long
 * options, the -h/--help text, -V/--version and the usage errors.
 *
 *	static const struct cg_opt opts[] = {
 *		{ 'c', "course", "COURSE.json", "the resolved configuration" },
 *		{ 'h', "help", NULL, "print this help and exit" },
 *		{ 'i', "input", "FILE", "read the prompt from FILE" },
 *		{ 'V', "version", NULL, "print the name and version and exit" },
 *		{ 0 },
 *	};
 *	static const struct cg_cli cli = {
 *		"usage: %1$s [-hV] [-c COURSE.json] [-i FILE]\n", opts, "fi"
 *	};
 *	while ((c = cg_getopt(argc, argv, &cli)) != -1) ...
 *
 * cg_getopt answers -h and -V itself (exit 0) and a bad option or a
 * missing argument with the usage on standard error (exit 64).  The old
 * letters ("fi": -f is now -i) are kept for one release: not shown, they
 * warn when used and are returned as the new one.
 * Options with no letter have a ch from CG_LONGOPT up.  See cg(7),
 * Common options.
 */
#ifndef CG_CLI_H
#define CG_CLI_H
#include <stdio.h>

#define CG_LONGOPT 256

struct cg_opt {
	int ch;			/* the letter, or CG_LONGOPT + n: long only */
	const char *name;	/* the long name (NULL: letter only) */
	const char *arg;	/* the argument's name (NULL: a flag) */
	const char *help;	/* one line */
};

struct cg_cli {
	/* the synopsis lines, a printf format whose %1$s is the name */
	const char *usage;
	const struct cg_opt *opts;	/* ends with { 0 } */
	const char *old;	/* pairs of letters, old then new; or NULL */
};

/* getopt_long over the table: the option's ch, or -1 at the end. */
int  cg_getopt(int argc, char *argv[], const struct cg_cli *cli);
/* The synopsis on f, with the option list when f is stdout; exits code. */
void cg_usage(const struct cg_cli *cli, FILE *f, int code)
	__attribute__((noreturn));

#endif
