/* tap.h — minimal TAP producer for the C unit tests (prove reads it). */
#ifndef CG_TAP_H
#define CG_TAP_H
#include <stdio.h>
#include <string.h>
#include <stdarg.h>

static int tap_n, tap_fail;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is(got, want, ...) tap_is((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define isnum(got, want, ...) tap_isnum((long)(got), (long)(want), __FILE__, __LINE__, __VA_ARGS__)

static void
tap_vok(int c, const char *file, int line, const char *fmt, va_list ap)
{
	printf("%sok %d - ", c ? "" : "not ", ++tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	if (!c) {
		tap_fail++;
		printf("#   failed at %s:%d\n", file, line);
	}
}

static int __attribute__((format(printf, 4, 5)))
tap_ok(int c, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_vok(c, file, line, fmt, ap);
	va_end(ap);
	return c;
}

static int __attribute__((format(printf, 5, 6)))
tap_is(const char *got, const char *want, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;
	int c = got && want ? strcmp(got, want) == 0 : got == want;
	va_start(ap, fmt);
	tap_vok(c, file, line, fmt, ap);
	va_end(ap);
	if (!c)
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
		    want ? want : "(null)");
	return c;
}

static int __attribute__((format(printf, 5, 6)))
tap_isnum(long got, long want, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_vok(got == want, file, line, fmt, ap);
	va_end(ap);
	if (got != want)
		printf("#   got:  %ld\n#   want: %ld\n", got, want);
	return got == want;
}

static int
done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_fail != 0;
}
#endif
