/* progress.c — progress lines of a course run; see progress.h. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "course.h"
#include "progress.h"
#include "live.h"
#include "config.h"
#include "fsio.h"
#include "json.h"
#include "kinds.h"
#include "outline.h"

struct tally {
	const char *out;
	int all, have;
};

/* A file of the plan (the second files written with one not counted). */
static void
counted(void *arg, const char *sid, const char *file, int also)
{
	struct tally *c = arg;
	char *p;

	if (also)
		return;
	p = xasprintf("%s/%s/%s", c->out, sid, file);
	c->all++;
	c->have += access(p, F_OK) == 0;
	free(p);
}

/* Count the plan's files: *all in all, *have that exist. */
static void
count(const char *out, int *all, int *have)
{
	char *p = xasprintf("%s/course.json", out), sid[8];
	cJSON *cfg = cg_json_load(p, NULL);
	struct tally c = { out, 0, 0 };
	int nm, ns, nd, n, j;

	free(p);
	*all = *have = 0;
	nm = cg_config_course_int(cg_json_at(cfg, "course"), "modules");
	ns = cg_config_course_int(cg_json_at(cfg, "course"), "sessions");
	/* the outline: one request, or a skeleton and one per module */
	if (nm > 1 && !*cg_json_gets(cfg, "course.outline", "")) {
		*all += 1 + nm;
		p = xasprintf("%s/outline/skeleton.json", out);
		*have += access(p, F_OK) == 0;
		free(p);
		for (j = 1; j <= nm; j++) {
			p = xasprintf("%s/outline/m%d.json", out, j);
			*have += access(p, F_OK) == 0;
			free(p);
		}
	} else {
		p = xasprintf("%s/outline.json", out);
		*all += 1;
		*have += access(p, F_OK) == 0;
		free(p);
	}
	nd = cg_config_course_int(cg_json_at(cfg, "course"),
	    "diagrams_per_session");
	for (n = 1; n <= ns; n++) {
		cg_outline_sid(n, sid);
		cg_course_plan(out, sid, nd, counted, &c);
	}
	*all += c.all;
	*have += c.have;
	cJSON_Delete(cfg);
}

/* 1 when target is the outline or one of its parts (OUT/outline/...). */
static int
isoutline(const char *target, const char *out)
{
	size_t n = strlen(out);

	if (strncmp(target, out, n) || target[n] != '/')
		return 0;
	target += n + 1;
	return !strcmp(target, "outline.json") ||
	    cg_startswith(target, "outline/");
}

void
cg_progress_span(char *buf, size_t sz, double s)
{
	if (s < 60)
		snprintf(buf, sz, "%.0fs", s);
	else if (s < 3600)
		snprintf(buf, sz, "%.0fm", s / 60);
	else
		snprintf(buf, sz, "%.0fh%02.0fm", s / 3600,
		    (double)((long)s % 3600) / 60);
}

void
cg_progress(const char *target, const char *what, double seconds,
    long tokens)
{
	const char *file = getenv("CG_PROGRESS"), *cj, *q = getenv("CG_QUIET");
	const char *run = getenv("CG_RUN"), *todo;
	char tag[40];
	char *out, *text, *rel, *mk, t[32] = "", rate[32] = "", e[40] = "";
	double start, now;
	int fd, all = -1, have, done = 0, base = -1, n, live, fdone = 0;
	int odone = 0;
	long plan = -1, planned;
	struct timespec ts;
	struct stat st;
	const char *p;

	clock_gettime(CLOCK_REALTIME, &ts);
	now = (double)ts.tv_sec + ts.tv_nsec / 1e9;

	if (!file || !*file || (q && *q && strcmp(q, "0")) || !target ||
	    !(cj = getenv("CG_COURSE_JSON")) || !run || atol(run) <= 0)
		return;
	/* lines of this run: "RUN base N", "RUN done TARGET" (and "RUN
	 * learnt TOKENS BYTES", live.c's) */
	snprintf(tag, sizeof tag, "\n%ld ", atol(run));
	start = cg_proc_start(atol(run));
	out = xstrdup(cj);
	if (strrchr(out, '/'))
		*strrchr(out, '/') = '\0';
	else
		strcpy(out, ".");
	if ((fd = open(file, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0) {
		free(out);
		return;
	}
	flock(fd, LOCK_EX);
	if ((text = cg_read_fd(fd, file, NULL, NULL))) {
		for (p = text; (p = strstr(p, tag)); p++) {
			const char *w = p + strlen(tag);
			if (cg_startswith(w, "base "))
				base = atoi(w + 5);
			else if (cg_startswith(w, "done "))
				done++;
			else if (cg_startswith(w, "fdone "))
				fdone++;
			else if (cg_startswith(w, "odone "))
				odone++;
			else if (cg_startswith(w, "all "))
				sscanf(w + 4, "%d %ld", &all, &plan);
		}
		free(text);
	}
	/* the plan's count holds while its course.mk does: it is taken
	 * again only when that changed (or before there is one) */
	mk = xasprintf("%s/course.mk", out);
	planned = stat(mk, &st) == 0 ? (long)st.st_mtime : -1;
	free(mk);
	if (base < 0 || all < 0 || planned < 0 || planned != plan) {
		count(out, &all, &have);
		if (base >= 0 && planned >= 0)
			dprintf(fd, "%sall %d %ld", tag, all, planned);
	}
	/* the files there before this run's first line: counting on from
	 * them, parallel tools never share or skip a number */
	if (base < 0) {	/* the run's first line: earlier runs' go */
		if (ftruncate(fd, 0) < 0)
			base = -1;
		dprintf(fd, "%sbase %d", tag, base = have > 0 ? have - 1 : 0);
		if (planned >= 0)
			dprintf(fd, "%sall %d %ld", tag, all, planned);
	}
	dprintf(fd, "%sdone %s", tag, target);
	done++;
	have = n = base + done < all ? base + done : all;
	/* make course numbers what this run makes: the outline's requests
	 * first (of them and the files the plan will have), then the files
	 * make -n counted (CG_TODO), each number once */
	if (isoutline(target, out)) {
		dprintf(fd, "%sodone %s", tag, target);
		n = ++odone;
		all = all > n ? all : n;
		have = n;
	} else if ((todo = getenv("CG_TODO")) && *todo && atoi(todo) >= 0) {
		dprintf(fd, "%sfdone %s", tag, target);
		n = odone + ++fdone;
		all = odone + atoi(todo) > n ? odone + atoi(todo) : n;
		have = n;
	}
	rel = xstrdup(strncmp(target, out, strlen(out)) == 0 &&
	    target[strlen(out)] == '/' ? target + strlen(out) + 1 : target);
	if (tokens > 0 && seconds > 0)
		snprintf(rate, sizeof rate, "  %.0f tok/s", tokens / seconds);
	if (seconds > 0)
		snprintf(t, sizeof t, "  %.1f s", seconds);
	if (start > 0 && n < all) {
		cg_progress_span(e + 6, sizeof e - 6, (now - start) / done * (all - have));
		memcpy(e, "  eta ", 6);
	}
	/* the server's count of what the live line counted in bytes */
	cg_live_tokens(target, tokens);
	/* on a terminal the live line is erased first and drawn again
	 * below */
	live = cg_live_tty();
	fprintf(stderr, "%s[%d/%d] %s%s%s%s%s%s\n", live ? "\r\033[K" : "", n,
	    all, rel, what ? "  " : "", what ? what : "", t, rate, e);
	fflush(stderr);
	if (live)
		cg_live_draw();
	flock(fd, LOCK_UN);
	close(fd);
	free(rel);
	free(out);
}
