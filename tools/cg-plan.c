/* cg-plan — lay out the course build from the outline.
 *
 * Reads outline.json and the resolved configuration (course.json) and
 * writes, each only when its bytes change (so make rebuilds exactly what
 * an edit affects):
 *   DIR/sNN/session.json  what determines session NN's content: course
 *                         facts, the session, its module, the module list,
 *                         the sessions before and after it (number,
 *                         module, title, key concepts: what a lecture
 *                         says it follows and leads to), content
 *                         requirements, model and sampling options
 *   DIR/outline.md        the outline for reading
 *   DIR/course.mk         the sessions, their files and make aliases
 * Paths never contain titles; no text from the outline reaches course.mk.
 * The outline is checked completely before anything is written, by the
 * same function as cg-site's (cg_outline_validate): its structure, and
 * numbers 1..N in order, with duplicated sessions or modules named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "fsio.h"
#include "json.h"
#include "mkfile.h"
#include "outline.h"
#include "util.h"

static const char *dir, *cfgpath, *mkpath;
static int changed;

static const struct cg_opt opts[] = {
	{ 'c', "course", "COURSE.json", "the resolved configuration (default: $CG_COURSE_JSON)" },
	{ 'd', "dir", "DIR", "the course directory (default: that of OUTLINE.json)" },
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'o', "output", "FILE", "write the make fragment to FILE, not DIR/course.mk" },
	{ 'v', "verbose", NULL, "name each file written on standard error" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 0 },
};
static const struct cg_cli cli = {
	"usage: %1$s [-hvV] [-c COURSE.json] [-d DIR] [-o FILE] [OUTLINE.json]\n",
	opts, NULL
};

static void
usage(int code)
{
	cg_usage(&cli, code ? stderr : stdout, code);
}

static void
put(const char *path, const char *s)
{
	cg_err e = {0};
	int r = cg_write_if_changed(path, s, strlen(s), &e);

	if (r < 0)
		die_err(&e);
	if (r > 0) {
		changed++;
		cg_info("%s: written", path);
	}
}

/* put, with the record of what was written (fsio.h), for a file a user
 * might edit. */
static void
guardput(const char *path, const char *s)
{
	cg_err e = {0};
	char *old = cg_read_file(path, NULL, NULL);

	if (!old || strcmp(old, s)) {
		if (cg_guard_write(path, s, strlen(s), &e) < 0)
			die_err(&e);
		changed++;
		cg_info("%s: written", path);
	}
	free(old);
}

/* The model settings that shape the text (not where or how long to wait). */
static cJSON *
llmpart(const cJSON *cfg)
{
	static const char *const keys[] = { "provider", "model", "options" };
	const cJSON *llm = cJSON_GetObjectItemCaseSensitive(cfg, "llm"), *k;
	cJSON *o = cg_json_pick(llm, keys, 3), *kinds = cJSON_CreateObject();

	cJSON_ArrayForEach(k, cg_json_at(llm, "kinds")) {
		static const char *const kk[] = { "num_predict", "options" };
		cJSON_AddItemToObject(kinds, k->string, cg_json_pick(k, kk, 2));
	}
	cJSON_AddItemToObject(o, "kinds", kinds);
	return o;
}

static int
ndiagrams(const cJSON *cfg, const cJSON *s)
{
	int k = (int)cg_json_getn(cfg, "course.diagrams_per_session", 4);
	int n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(s,
	    "subtopics"));

	return k < n ? k : n;
}

/* The session numbered n of outline o as a neighbour of another: its
 * number, its module's number, title and key concepts, and nothing else,
 * so that an edit elsewhere in that session (its subtopics, objectives)
 * changes only its own session.json.  NULL when there is none. */
static cJSON *
neighbour(const cJSON *o, int n)
{
	static const char *const nk[] = { "number", "title", "key_concepts" };
	const cJSON *m, *s;
	cJSON *j;

	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "modules"))
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(m,
		    "sessions")) {
			if ((int)cg_json_getn(s, "number", 0) != n)
				continue;
			j = cg_json_pick(s, nk, 3);
			cJSON_AddNumberToObject(j, "module",
			    cg_json_getn(m, "number", 0));
			return j;
		}
	return NULL;
}

static void
session(const cJSON *cfg, const cJSON *o, const cJSON *m, const cJSON *s,
    cg_buf *mk)
{
	static const char *const ck[] = { "name", "subject", "level",
	    "description", "language", "constraints" };
	static const char *const mk_[] = { "number", "title", "description" };
	static const char *const sk[] = { "number", "title", "subtopics",
	    "objectives", "key_concepts", "rationale" };
	static const char *const qk[] = { "multiple_choice", "options",
	    "short_answer", "essay" };
	cJSON *j = cJSON_CreateObject(), *mods = cJSON_CreateArray(), *course;
	cJSON *nb;
	const cJSON *mm;
	int n = (int)cg_json_getn(s, "number", 0), nd = ndiagrams(cfg, s);
	char sid[8], *path, *txt;

	cg_outline_sid(n, sid);
	cJSON_AddStringToObject(j, "id", sid);
	cJSON_AddNumberToObject(j, "number", n);
	course = cg_json_pick(cJSON_GetObjectItemCaseSensitive(cfg, "course"),
	    ck, sizeof ck / sizeof *ck);
	/* outline.json's course facts (a user outline may set them) win */
	cg_json_merge(course, cJSON_GetObjectItemCaseSensitive(o, "course"));
	/* the duration is shown on the site; it shapes no session's text */
	cJSON_DeleteItemFromObjectCaseSensitive(course, "duration_weeks");
	cJSON_AddItemToObject(j, "course", course);
	cJSON_AddItemToObject(j, "module", cg_json_pick(m, mk_, 3));
	cJSON_AddItemToObject(j, "session", cg_json_pick(s, sk, 6));
	if ((nb = neighbour(o, n - 1)))
		cJSON_AddItemToObject(j, "previous", nb);
	if ((nb = neighbour(o, n + 1)))
		cJSON_AddItemToObject(j, "next", nb);
	cJSON_ArrayForEach(mm, cJSON_GetObjectItemCaseSensitive(o, "modules"))
		cJSON_AddItemToArray(mods, cg_json_pick(mm, mk_, 3));
	cJSON_AddItemToObject(j, "modules", mods);
	cJSON_AddNumberToObject(j, "diagrams", nd);
	cJSON_AddItemToObject(j, "questions",
	    cg_json_pick(cg_json_at(cfg, "course.questions"), qk, 4));
	cJSON_AddItemToObject(j, "content",
	    cJSON_Duplicate(cg_json_at(cfg, "content"), 1));
	if (!cJSON_GetObjectItem(j, "content") ||
	    cJSON_IsNull(cJSON_GetObjectItem(j, "content")))
		cJSON_ReplaceItemInObject(j, "content", cJSON_CreateObject());
	cJSON_AddItemToObject(j, "llm", llmpart(cfg));

	path = xasprintf("%s/%s/session.json", dir, sid);
	txt = cg_json_print(j);
	put(path, txt);
	free(txt);
	free(path);
	cJSON_Delete(j);

	cg_mk_session(mk, sid, nd);
}

int
main(int argc, char *argv[])
{
	cg_err e = {0};
	cg_buf probs = {0}, mk = {0};
	const char *opath;
	cJSON *o, *cfg;
	const cJSON *m, *s;
	char *txt, *path, *d = NULL;
	int c, n, maxnd;

	cg_setprog(argv[0]);
	while ((c = cg_getopt(argc, argv, &cli)) != -1) {
		switch (c) {
		case 'c': cfgpath = optarg; break;
		case 'd': dir = optarg; break;
		case 'o': mkpath = optarg; break;
		case 'v': cg_verbose = 1; break;
		default: usage(EX_USAGE);
		}
	}
	if (argc - optind > 1)
		usage(EX_USAGE);
	opath = argc > optind ? argv[optind] : NULL;
	if (!cfgpath && !(cfgpath = getenv("CG_COURSE_JSON")))
		die(EX_USAGE, "no configuration: give -c OUT/course.json "
		    "(written by cg-config)");
	if (!(cfg = cg_json_load(cfgpath, &e)))
		die_err(&e);
	if (!(o = cg_json_load(opath, &e)))
		die_err(&e);
	if (cg_outline_validate(o, &probs))
		die(EX_DATAERR, "%s: not a usable outline; fix these in it, "
		    "or delete it and run make course to have a new one made "
		    "— nothing was written:\n%s", opath ? opath : "<stdin>",
		    probs.s);
	cg_outline_normalise(o);
	if (!dir) {
		const char *sl = opath ? strrchr(opath, '/') : NULL;
		dir = d = sl ? xstrndup(opath, (size_t)(sl - opath)) :
		    xstrdup(".");
	}

	n = cg_outline_nsessions(o);
	cg_mk_course_head(&mk, n);
	maxnd = 0;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "modules"))
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(m,
		    "sessions"))
			if (ndiagrams(cfg, s) > maxnd)
				maxnd = ndiagrams(cfg, s);
	cg_mk_kinds(&mk, maxnd);
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "modules"))
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(m,
		    "sessions"))
			session(cfg, o, m, s, &mk);
	cg_mk_course_tail(&mk);

	txt = cg_outline_markdown(o);
	path = xasprintf("%s/outline.md", dir);
	if (cg_outline_md_edited(path))
		warn("%s: edited by hand, but it is only a view of "
		    "outline.json, which is what make reads: the edit is not "
		    "used.  Make the change in %s/outline.json, then delete "
		    "outline.md to have it written again", path, dir);
	else
		guardput(path, txt);
	free(path);
	free(txt);
	path = mkpath ? xstrdup(mkpath) : xasprintf("%s/course.mk", dir);
	put(path, mk.s);
	free(path);
	/* site.mk, read by the rendering goals too */
	mk.len = 0;
	if (cg_mk_site_own(&mk, cg_json_gets(cfg, "site.templates", NULL),
	    cg_json_gets(cfg, "site.labels", NULL)))
		warn("%s: site.templates or site.labels has a path make cannot "
		    "name (a space or a character such as $ # : ;), so an "
		    "edit to it alone does not remake the site; give it a "
		    "path without them", cfgpath);
	path = xasprintf("%s/site.mk", dir);
	put(path, mk.s);
	free(path);
	cg_info("%d sessions, %d files changed", n, changed);
	cg_buf_free(&mk);
	cg_buf_free(&probs);
	cJSON_Delete(o);
	cJSON_Delete(cfg);
	free(d);
	return 0;
}
