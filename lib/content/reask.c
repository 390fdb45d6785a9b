/* reask.c — the run's budget of re-asks; see reask.h. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>

#include "fsio.h"
#include "reask.h"

/* The run's counter file, locked, with its lines of this run counted:
 * -1 outside a course run. */
static int
open_run(char tag[40], int *taken, int *skipped)
{
	const char *p = getenv("CG_PROGRESS"), *run = getenv("CG_RUN");
	char *path, *t, *s;
	int fd;

	*taken = *skipped = 0;
	if (!p || !*p || !run || atol(run) <= 0 || !getenv("CG_TODO"))
		return -1;
	snprintf(tag, 40, "%ld ", atol(run));
	path = xasprintf("%s.reask", p);
	fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	free(path);
	if (fd < 0)
		return -1;
	flock(fd, LOCK_EX);
	if ((t = cg_read_fd(fd, "reask", NULL, NULL))) {
		for (s = strtok(t, "\n"); s; s = strtok(NULL, "\n"))
			if (cg_startswith(s, tag)) {
				*taken += !strcmp(s + strlen(tag), "take");
				*skipped += !strcmp(s + strlen(tag), "skip");
			}
		free(t);
	}
	return fd;
}

static int
budget_of(double share)
{
	const char *todo = getenv("CG_TODO");
	int n = todo ? atoi(todo) : 0;

	return share <= 0 || n <= 0 ? 0 : (int)(share * n + 0.999);
}

int
cg_reask_take(double share, int *budget)
{
	char tag[40];
	int taken, skipped, fd = open_run(tag, &taken, &skipped), ok;

	*budget = 0;
	if (fd < 0)
		return share > 0;
	*budget = budget_of(share);
	ok = taken < *budget;
	dprintf(fd, "%s%s\n", tag, ok ? "take" : "skip");
	flock(fd, LOCK_UN);
	close(fd);
	return ok;
}
