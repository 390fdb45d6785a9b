/* Unit tests for lib/term/live.c: the live line's rate, on a made-up
 * clock (no test waits or measures wall time). */
#define _XOPEN_SOURCE 700	/* posix_openpt */
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <regex.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "fsio.h"
#include "live.h"
#include "util.h"

#define EVERY 0.2	/* a process redraws (and samples) at most this often */

/* One stream as its process sees it: chunks of bpt bytes (one token
 * each), rate tokens a second, sampled at each redraw. */
struct stream {
	struct cg_live_win win;
	double first, last, bytes, next;
	double rate, bpt;
};

static void
start(struct stream *s, double at, double rate, double bpt)
{
	memset(s, 0, sizeof *s);
	s->first = -1;
	s->next = at;
	s->rate = rate;
	s->bpt = bpt;
}

/* The chunks of s up to now, as cg_live_sink takes them. */
static void
run(struct stream *s, double now)
{
	for (; s->rate > 0 && s->next <= now; s->next += 1 / s->rate) {
		if (s->first < 0)
			s->first = s->next;
		s->bytes += s->bpt;
		if (s->next - s->last >= EVERY) {
			s->last = s->next;
			cg_live_win_add(&s->win, s->next, s->bytes);
		}
	}
}

/* s's record, as the sink writes it at its last redraw. */
static struct cg_live_rec
rec(const struct stream *s)
{
	struct cg_live_rec r = { 0 };
	const struct cg_live_win *w = &s->win;

	r.first = s->first;
	r.updated = s->last;
	r.bytes = w->n ? w->b[w->n - 1] : 0;
	r.reft = w->n ? w->t[0] : s->last;
	r.refb = w->n ? w->b[0] : 0;
	return r;
}

static double
rate2(struct stream *a, struct stream *b, double now, double tpb)
{
	struct cg_live_rec r[2];

	run(a, now);
	run(b, now);
	r[0] = rec(a);
	r[1] = rec(b);
	return cg_live_rate(r, 2, now, tpb);
}

static void
records(void)
{
	struct cg_live_rec r = { 1.5, 12.25, 4321, 7.25, 1000, "s01/lecture.md",
	    "" };
	struct cg_live_rec g;
	char line[400];
	long run = 0;

	cg_live_rec_put(line, sizeof line, 77, &r);
	is(line, "77 1.500 12.250 4321 7.250 1000 s01/lecture.md\n",
	    "a record's line");
	memset(&g, 0, sizeof g);
	ok(cg_live_rec_get(line, &run, &g) == 0 && run == 77 &&
	    g.first == 1.5 && g.updated == 12.25 && g.bytes == 4321 &&
	    g.reft == 7.25 && g.refb == 1000 &&
	    !strcmp(g.target, "s01/lecture.md"), "read back");
	ok(cg_live_rec_get("77 1.5 12.25 4321 s01/x.md\n", &run, &g) < 0,
	    "a record of the old form is refused (and removed)");
	ok(cg_live_rec_get("", &run, &g) < 0, "an empty one too");

	snprintf(r.host, sizeof r.host, "127.0.0.1:11434");
	cg_live_rec_put(line, sizeof line, 77, &r);
	is(line, "77 1.500 12.250 4321 7.250 1000 s01/lecture.md\t"
	    "127.0.0.1:11434\n", "with its host, after a tab");
	memset(&g, 0, sizeof g);
	ok(cg_live_rec_get(line, &run, &g) == 0 &&
	    !strcmp(g.target, "s01/lecture.md") &&
	    !strcmp(g.host, "127.0.0.1:11434"), "read back: target %s, host %s",
	    g.target, g.host);
	snprintf(g.host, sizeof g.host, "stale");
	ok(cg_live_rec_get("77 1.5 12.25 4321 7.25 1000 s01/lab.md\n", &run,
	    &g) == 0 && !strcmp(g.target, "s01/lab.md") && !g.host[0],
	    "a line without the host is still read, with none");
}

/* A stream on host, as its record says it at now. */
static struct cg_live_rec
onhost(struct stream *s, double now, const char *host)
{
	struct cg_live_rec r;

	run(s, now);
	r = rec(s);
	snprintf(r.host, sizeof r.host, "%s", host);
	return r;
}

/* The rate per host, when the streams run on two hosts or more. */
static void
hosts(void)
{
	struct stream s[4];
	struct cg_live_rec r[4];
	char buf[400], ha[80] = "", hb[80] = "";
	double tot = 0, a = 0, b = 0, tpb = 1.0 / 6, now = 30;
	int k;

	start(&s[0], 0, 150, 6);
	start(&s[1], 0.5, 160, 6);
	start(&s[2], 0.2, 140, 6);
	start(&s[3], 0.7, 150, 6);
	r[0] = onhost(&s[0], now, "10.0.0.6:11434");
	r[1] = onhost(&s[1], now, "10.0.0.6:11434");
	r[2] = onhost(&s[2], now, "10.0.0.5:11434");
	r[3] = onhost(&s[3], now, "10.0.0.5:11434");
	cg_live_rates(buf, sizeof buf, r, 4, now, tpb, 0);
	k = sscanf(buf, "  (%lf tok/s; %79s %lf tok/s, %79s %lf tok/s)", &tot,
	    ha, &a, hb, &b);
	ok(k == 5, "two hosts, two streams each: the total and each host's "
	    "(%s)", buf);
	ok(!strcmp(ha, "10.0.0.5:11434") && !strcmp(hb, "10.0.0.6:11434"),
	    "... the hosts by name (%s, %s)", ha, hb);
	ok(tot > 570 && tot < 630, "... about 600 in all (%.0f)", tot);
	ok(a > 270 && a < 310 && b > 290 && b < 330, "... about 290 on one, "
	    "310 on the other (%.0f, %.0f)", a, b);
	ok(fabs(a + b - tot) <= 1, "... which make the total");
	cg_live_rates(buf, sizeof buf, r, 4, now, tpb, 1);
	ok(strstr(buf, " tok/s \u00b7 10.0.0.5:11434 ") != NULL,
	    "... after a dot on a UTF-8 terminal (%s)", buf);

	/* all on one host, or one host and a reply from nowhere known */
	for (k = 0; k < 4; k++)
		snprintf(r[k].host, sizeof r[k].host, "10.0.0.5:11434");
	r[3].host[0] = '\0';
	cg_live_rates(buf, sizeof buf, r, 4, now, tpb, 0);
	ok(sscanf(buf, "  (%lf tok/s)", &tot) == 1 && !strchr(buf, ';') &&
	    !strstr(buf, "10.0"), "one host: the total alone (%s)", buf);
	ok(tot > 570 && tot < 630, "... about 600 (%.0f)", tot);
	r[0].updated = r[1].updated = r[2].updated = r[3].updated = 0;
	isnum(cg_live_rates(buf, sizeof buf, r, 4, now, tpb, 0), 0,
	    "no rate: nothing");

	cg_live_hostport(buf, sizeof buf, "http://u:p@w@127.0.0.1:11434/v1");
	is(buf, "127.0.0.1:11434", "a host's name: host:port, no user, "
	    "password or path");
	cg_live_hostport(buf, sizeof buf, "http://[::1]:8080");
	is(buf, "[::1]:8080", "... an IPv6 one");
	cg_live_hostport(buf, sizeof buf, "gpu\033[2J:11434");
	is(buf, "gpu?[2J:11434", "... nothing that moves the cursor");
}

/* What the pty's other end has to read (what the tool drew), at most a
 * short while. */
static void
drawn(int m, char *buf, size_t sz)
{
	struct pollfd p = { m, POLLIN, 0 };
	size_t n = 0;
	ssize_t r;

	while (n + 1 < sz && poll(&p, 1, 200) > 0 &&
	    (r = read(m, buf + n, sz - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
}

/* ok when got matches the extended regex re. */
static void
like(const char *got, const char *re, const char *name)
{
	regex_t r;
	int m = regcomp(&r, re, REG_EXTENDED | REG_NOSUB) == 0 &&
	    regexec(&r, got, 0, NULL, 0) == 0;

	regfree(&r);
	ok(m, "%s", name);
	if (!m)
		printf("# got: %s\n", got);
}

/* Write a record of another process of run 4242 as file pid. */
static void
other(const char *prog, long pid, const char *target, double bytes,
    const char *host)
{
	struct cg_live_rec r = { 0 };
	char *path = xasprintf("%s.live/%ld", prog, pid), line[400];
	FILE *f;

	r.first = r.reft = cg_now() - 2;
	r.updated = cg_now();
	r.bytes = bytes;
	snprintf(r.target, sizeof r.target, "%s", target);
	snprintf(r.host, sizeof r.host, "%s", host);
	cg_live_rec_put(line, sizeof line, 4242, &r);
	if ((f = fopen(path, "w"))) {
		fputs(line, f);
		fclose(f);
	}
	free(path);
}

/* The line drawn on a terminal of cols columns, from its last CR, after
 * a piece of len bytes. */
static void
drawnat(int m, int s, int cols, struct cg_live *l, size_t len, char *buf,
    size_t sz)
{
	struct winsize ws = { 24, (unsigned short)cols, 0, 0 };
	static char text[100];
	char *p;

	ioctl(s, TIOCSWINSZ, &ws);
	usleep(250000);		/* the sink redraws at most every 0.2 s */
	cg_live_sink(l, text, len);
	drawn(m, buf, sz);
	if ((p = strrchr(buf, '\r')))
		memmove(buf, p, strlen(p) + 1);
}

/* Streams on two hosts: this process's on the host its attempt took
 * (its one piece: no rate of its own), two others' records (the run learnt 6 bytes a token: 3000 bytes in
 * 2 s are 250 tok/s). */
static void
onpty(int m, int s, const char *prog, const char *lec)
{
	char buf[4096], *rec, *t;
	struct cg_live *l = cg_live_begin(lec);

	cg_live_host(l, "http://u:secret@127.0.0.1:11434/");
	drawnat(m, s, 200, l, 100, buf, sizeof buf);
	rec = xasprintf("%s.live/%ld", prog, (long)getpid());
	t = cg_read_file(rec, NULL, NULL);
	like(t ? t : "", "^4242 [0-9. ]+ s01/lecture\\.md\t127\\.0\\.0\\.1:"
	    "11434\n$", "the record names the host: host:port after a tab");
	free(t);
	other(prog, (long)getppid(), "s01/a.md", 3000, "127.0.0.1:11434");
	other(prog, 1, "s01/b.md", 6000, "127.0.0.1:11435");
	drawnat(m, s, 200, l, 0, buf, sizeof buf);
	like(buf, "^\r\033\\[K  > 3 running: s01/a\\.md 500 tok, s01/b\\.md "
	    "1000 tok, s01/lecture\\.md [0-9]+ tok  \\(750 tok/s; 127\\.0\\.0"
	    "\\.1:11434 250 tok/s, 127\\.0\\.0\\.1:11435 500 tok/s\\)$",
	    "two hosts: each one's rate after the total");
	drawnat(m, s, 110, l, 0, buf, sizeof buf);
	like(buf, "^\r\033\\[K  > 3 running: s01/a\\.md 500 tok, \\.\\.\\.  "
	    "\\(750 tok/s; 127\\.0\\.0\\.1:11434 250 tok/s, 127\\.0\\.0\\.1:"
	    "11435 500 tok/s\\)$", "110 columns: generations left out "
	    "before the rate");
	ok(strlen(buf) - 4 < 110, "... within the width (%zu)", strlen(buf) - 4);
	drawnat(m, s, 60, l, 0, buf, sizeof buf);
	isnum((long)strlen(buf) - 4, 59, "60 columns: the rate cut, the last "
	    "column free");
	cg_live_end(l);
	free(rec);
}

/* The run learns its tokens a byte from the server's count of a
 * generation it ended, and the live line counts with it: on a pty as
 * standard error, as make course runs a tool on a terminal. */
static void
learns(void)
{
	char dir[] = "/tmp/cg-live-XXXXXX", *prog, *cj, *lec, *lab, *t;
	char buf[4096];
	char text[600];
	struct cg_live *l;
	int m, s, err;

	if (!mkdtemp(dir) || (m = posix_openpt(O_RDWR | O_NOCTTY)) < 0 ||
	    grantpt(m) < 0 || unlockpt(m) < 0 ||
	    (s = open(ptsname(m), O_RDWR | O_NOCTTY)) < 0) {
		ok(1, "# SKIP no pty");
		return;
	}
	prog = xasprintf("%s/progress", dir);
	cj = xasprintf("%s/course.json", dir);
	lec = xasprintf("%s/s01/lecture.md", dir);
	lab = xasprintf("%s/s01/lab.md", dir);
	setenv("CG_PROGRESS", prog, 1);
	setenv("CG_RUN", "4242", 1);
	setenv("CG_COURSE_JSON", cj, 1);
	setenv("TERM", "xterm", 1);
	setenv("LC_ALL", "C", 1);
	unsetenv("CG_QUIET");
	err = dup(2);
	dup2(s, 2);
	memset(text, 'w', sizeof text);

	ok(cg_live_tty(), "a pty as standard error draws the line");
	l = cg_live_begin(lec);
	cg_live_sink(l, text, sizeof text);
	drawn(m, buf, sizeof buf);
	ok(strstr(buf, "s01/lecture.md 150 tok") != NULL,
	    "before any count: 4 bytes a token (%s)", strstr(buf, "running") ?
	    strstr(buf, "running") : "nothing drawn");
	cg_live_end(l);
	cg_live_tokens("elsewhere.md", 100);
	t = cg_read_file(prog, NULL, NULL);
	is(t ? t : "", "", "another target's count is not learnt");
	free(t);
	cg_live_tokens(lec, 100);
	t = cg_read_file(prog, NULL, NULL);
	is(t ? t : "", "\n4242 learnt 100 600", "the run's count: 100 tokens in "
	    "600 bytes, in the progress file");
	free(t);
	l = cg_live_begin(lab);
	cg_live_sink(l, text, 300);
	drawn(m, buf, sizeof buf);
	ok(strstr(buf, "s01/lab.md 50 tok") != NULL,
	    "then 6 bytes a token (%s)", strstr(buf, "running") ?
	    strstr(buf, "running") : "nothing drawn");
	cg_live_end(l);
	cg_live_tokens(lab, 100000);
	onpty(m, s, prog, lec);
	t = cg_read_file(prog, NULL, NULL);
	is(t ? t : "", "\n4242 learnt 100 600", "a count no 300 bytes can "
	    "hold is not learnt");
	free(t);
	dup2(err, 2);
	close(err);
	close(s);
	close(m);
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);
		ok(system(cmd) == 0, "cleanup");
		free(cmd);
	}
	free(prog);
	free(cj);
	free(lec);
	free(lab);
}

int
main(void)
{
	struct stream a, b;
	struct cg_live_rec one;
	double tpb, r, lo = 1e9, hi = 0, t;

	/* the run's tokens a byte: the server's counts over the bytes */
	ok(fabs(cg_live_tpb(0, 0) - 0.25) < 1e-9, "no count yet: 4 bytes a token");
	ok(fabs(cg_live_tpb(1800, 10800) - 1.0 / 6) < 1e-9,
	    "learnt: 1800 tokens in 10800 bytes are 6 bytes a token");

	/* two streams at 300 tok/s of 6-byte tokens (whole words, as the
	 * simulated server sends them), a second apart */
	start(&a, 0, 300, 6);
	start(&b, 1, 300, 6);
	tpb = cg_live_tpb(1800, 10800);
	for (t = 10; t <= 60; t += 0.37) {
		r = rate2(&a, &b, t, tpb);
		lo = r < lo ? r : lo;
		hi = r > hi ? r : hi;
	}
	ok(lo > 570 && hi < 630, "two streams at 300 tok/s: about 600 "
	    "(%.0f to %.0f)", lo, hi);
	r = rate2(&a, &b, 61, 0.25);
	ok(r > 850, "counted at 4 bytes a token the same is %.0f: the "
	    "learnt count is what keeps it true", r);

	/* a stream younger than the window: its own rate, not diluted */
	start(&a, 0, 300, 6);
	start(&b, 29, 300, 6);
	r = rate2(&a, &b, 30.5, tpb);
	ok(r > 540 && r < 630, "a stream 1.5 s old counts its 300 tok/s "
	    "(%.0f in all)", r);

	/* b pauses (a re-ask judged, a slot awaited): a's rate alone */
	b.rate = 0;
	r = rate2(&a, &b, 30.5 + CG_LIVE_GAP + 0.5, tpb);
	ok(r > 285 && r < 315, "a paused stream adds nothing (%.0f)", r);
	/* and starts again: its new stretch only, not the pause */
	b.rate = 300;
	b.next = 40;
	r = rate2(&a, &b, 42, tpb);
	ok(r > 540 && r < 630, "after a pause, its rate again (%.0f)", r);

	/* a reply from the cache arrives at once: no rate from it */
	memset(&one, 0, sizeof one);
	one.first = one.updated = one.reft = 10;
	one.bytes = 12000;
	ok(cg_live_rate(&one, 1, 10.1, tpb) == 0, "one piece at once: no rate");
	/* a record that has had no news for longer than a pause */
	one.reft = 5;
	one.refb = 0;
	ok(cg_live_rate(&one, 1, 10 + CG_LIVE_GAP + 0.1, tpb) == 0,
	    "no news for %g s: no rate", CG_LIVE_GAP);
	ok(cg_live_rate(&one, 1, 10.1, 0.25) > 0, "with news: a rate");

	/* the window is bounded: samples older than it go */
	start(&a, 0, 50, 4);
	run(&a, 100);
	ok(a.win.n > 0 && a.win.t[a.win.n - 1] - a.win.t[0] <= CG_LIVE_WINDOW,
	    "the samples span at most the window (%.2f s)",
	    a.win.t[a.win.n - 1] - a.win.t[0]);
	ok(a.win.n <= CG_LIVE_SAMPLES, "at most %d samples", CG_LIVE_SAMPLES);
	/* a pause starts the samples again */
	cg_live_win_add(&a.win, 100 + CG_LIVE_GAP + 1, a.bytes + 40);
	isnum(a.win.n, 1, "after a pause, one sample");

	/* the record a process writes, as another reads it */
	records();
	hosts();
	learns();
	return done_testing();
}
