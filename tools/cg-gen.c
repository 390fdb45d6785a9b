/* cg-gen — generate one content file of a session with the LLM.
 *
 * Installed as cg-lecture, cg-lab, cg-notes, cg-diagram, cg-questions,
 * cg-application, cg-extension, cg-visualization, cg-integration,
 * cg-investigation and cg-open-questions; the kind is the program's name
 * (or the first argument of cg-gen).  Reads sNN/session.json (file or
 * stdin) and the session's earlier files the kind quotes; renders
 * prompts/KIND.md, asks the LLM, cleans and validates the reply, re-asks
 * with the problems stated (bounded), and writes the file atomically with
 * a hand-edit guard: a file the user edited since it was generated is kept.
 * cg-questions writes questions.json and questions.md next to it; with -m
 * it renders questions.md from an existing questions.json, asking nothing
 * (make's rule for a questions.md lost when a run was killed in between).
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "fsio.h"
#include "gen.h"
#include "json.h"
#include "clean.h"
#include "mermaid.h"
#include "live.h"
#include "progress.h"
#include "quiz.h"
#include "util.h"

static int fflag, mflag;
static const struct cg_kind *kind;

static const struct cg_opt opts[] = {
	{ 'c', "course", "COURSE.json", "the resolved configuration (default: $CG_COURSE_JSON)" },
	{ 'd', "dir", "DIR", "where the session's earlier files are" },
	{ 'f', "fresh", NULL, "ask the server anew and overwrite a hand edit" },
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'i', "diagram", "K", "the diagram to make (cg-diagram; default 1)" },
	{ 'm', "markdown", NULL, "cg-questions: write questions.md from a questions.json" },
	{ 'o', "output", "FILE", "write to FILE, not standard output" },
	{ 'v', "verbose", NULL, "report each validation round on standard error" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 0 },
};
#define SYNOPSIS "[-fhmvV] [-c COURSE.json] [-d DIR] [-i K] [-o FILE] [SESSION.json]\n"
/* as cg-gen, the kind comes first */
static struct cg_cli cli = { "usage: %1$s KIND " SYNOPSIS, opts, NULL };

static void
usage(FILE *f, int code)
{
	cg_usage(&cli, f, code);
}

/* A kind of session content (the outline has its own tool). */
static const struct cg_kind *
session_kind(const char *name)
{
	const struct cg_kind *k = cg_kind_find(name);

	return k && k->shape != CG_SHAPE_OUTLINE ? k : NULL;
}

static const char *
kindnames(void)
{
	static cg_buf b;
	const struct cg_kind *k;
	size_t i, n;

	k = cg_kind_list(&n);
	for (i = 0; i < n; i++)
		if (k[i].shape != CG_SHAPE_OUTLINE)
			cg_buf_printf(&b, " %s", k[i].name);
	return b.s ? b.s : "";
}

static void
onround(void *arg, int round, enum cg_gen_round status,
    const char *problems, const cJSON *warnings)
{
	const cJSON *w;

	cg_info("round %d: %s", round, cg_gen_round_name(status));
	if (status == CG_ROUND_RETRY)
		cg_info("asking again because:\n%s", problems);
	cJSON_ArrayForEach(w, warnings)
		cg_info("%s: warning: %s", (const char *)arg, w->valuestring);
}

static void
put(const char *path, const char *text)
{
	cg_err e = {0};
	int r = path && strcmp(path, "-") ?
	    cg_guard_write(path, text, strlen(text), &e) :
	    cg_write_output(NULL, text, strlen(text), &e);

	if (r < 0)
		die_err(&e);
}

/* questions.md next to the questions.json at path. */
static char *
mdpath(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? xasprintf("%.*s/%s", (int)(s - path), path, kind->also) :
	    xstrdup(kind->also);
}

/* The progress line of make course: what was written and how fast. */
static void
progress(const char *out, const struct cg_gen *g)
{
	char what[48];

	if (!out || !strcmp(out, "-"))
		return;
	if (kind->shape == CG_SHAPE_QUIZ)
		snprintf(what, sizeof what, "%d questions",
		    cJSON_GetArraySize(cJSON_GetObjectItem(g->quiz,
		    "multiple_choice")) + cJSON_GetArraySize(cJSON_GetObjectItem(
		    g->quiz, "short_answer")) + cJSON_GetArraySize(
		    cJSON_GetObjectItem(g->quiz, "essay")));
	else if (kind->shape == CG_SHAPE_DIAGRAM) {
		cg_mmd *m = cg_mmd_parse(g->text, NULL);
		snprintf(what, sizeof what, "%d nodes", m ? cg_mmd_nnodes(m) : 0);
		cg_mmd_free(m);
	} else
		snprintf(what, sizeof what, "%d words", cg_clean_words(g->text));
	if (g->cached)
		snprintf(what + strlen(what), sizeof what - strlen(what),
		    "  from the cache");
	cg_progress(out, what, g->seconds, g->tokens);
}

/* 1 in a course run that goes on past a failed file (make course sets
 * CG_KEEP_GOING for its files). */
static int
keepgoing(void)
{
	const char *k = getenv("CG_KEEP_GOING");

	return k && *k && strcmp(k, "0");
}

/* The files this one builds on that failed, so it was made without
 * them: said among its problems. */
static void
without(struct cg_gen *g, const char *dir)
{
	int i;

	for (i = 0; i < kind->nreads; i++) {
		char *f = cg_kind_file(kind->reads[i], 1);
		char *p = xasprintf("%s/%s", dir, f), *t;
		if (access(p, F_OK) < 0 && (t = cg_gen_note_get(p, "failed"))) {
			cg_buf_printf(&g->imperfect, "Made without %s, which "
			    "failed; make course makes this file again once "
			    "%s exists.\n", f, f);
			free(t);
		}
		free(p);
		free(f);
	}
}

/* -m: the companion file (questions.md) rendered from the kind's own
 * file (questions.json, at path or on stdin), no request. */
static int
companion(const char *path, const char *out)
{
	cg_err e = {0};
	cJSON *q;
	char *text;

	if (!kind->also || kind->shape != CG_SHAPE_QUIZ)
		die(EX_USAGE, "-m is for the kinds with a second file "
		    "(cg-questions)");
	if (!(q = cg_json_load(path, &e))) {
		char *t = path && e.code == EX_NOINPUT ?
		    cg_gen_note_get(path, "failed") : NULL;
		if (t && keepgoing()) {	/* the quiz failed: said already */
			free(t);
			return 0;
		}
		die_err(&e);
	}
	if (!cJSON_IsObject(q) || !cJSON_IsArray(cJSON_GetObjectItem(q,
	    "multiple_choice")) || !cJSON_IsArray(cJSON_GetObjectItem(q,
	    "short_answer")) || !cJSON_IsArray(cJSON_GetObjectItem(q, "essay")))
		die(EX_DATAERR, "%s: not a questions.json (no multiple_choice, "
		    "short_answer and essay lists); give the file cg-questions "
		    "wrote, or delete it and run make to generate it again",
		    path && strcmp(path, "-") ? path : "<stdin>");
	if (!keep_edited(out, fflag)) {
		text = cg_quiz_markdown(q);
		put(out, text);
		free(text);
	}
	cJSON_Delete(q);
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *cpath = NULL, *dir = NULL, *out = NULL, *spath, *b;
	struct cg_gen g = {0};
	struct cg_live *live;
	cg_err e = {0};
	cJSON *s, *cfg;
	char *ddir = NULL, *sname, *end;
	int c, k = 1, iflag = 0, rc;

	cg_setprog(argv[0]);
	cg_watch_run();	/* a killed run leaves no generator behind */
	b = strrchr(argv[0], '/');
	kind = session_kind(b ? b + 1 : argv[0]);
	if (!kind && argc > 1 && argv[1][0] != '-') {
		if (!(kind = session_kind(argv[1])))
			die(EX_USAGE, "%s: unknown kind; one of%s", argv[1],
			    kindnames());
		argv0 = kind->tool;
		argv++;
		argc--;
	}
	if (kind)
		cli.usage = "usage: %1$s " SYNOPSIS;
	while ((c = cg_getopt(argc, argv, &cli)) != -1)
		switch (c) {
		case 'c': cpath = optarg; break;
		case 'd': dir = optarg; break;
		case 'f': fflag = 1; break;
		case 'i':
			k = (int)strtol(optarg, &end, 10);
			if (end == optarg || *end || k < 1)
				die(EX_USAGE, "-i %s: expected a diagram number from 1",
				    optarg);
			iflag = 1;
			break;
		case 'm': mflag = 1; break;
		case 'o': out = optarg; break;
		case 'v': cg_verbose = 1; break;
		default: usage(stderr, EX_USAGE);
		}
	if (!kind || argc - optind > 1)
		usage(stderr, EX_USAGE);
	if (iflag && !kind->multi)
		die(EX_USAGE, "-i is for cg-diagram only");
	spath = optind < argc ? argv[optind] : NULL;
	if (mflag)
		return companion(spath, out);
	sname = xstrdup(spath && strcmp(spath, "-") ? spath : "<stdin>");

	if (!(s = cg_json_load(spath, &e)) ||
	    cg_gen_check_session(s, kind, sname, &e) < 0)
		die_err(&e);
	if (kind->multi && (k < 1 || k > cg_gen_ndiagrams(s)))
		die(EX_USAGE, "-i %d: %s has diagrams 1 to %d", k, sname,
		    cg_gen_ndiagrams(s));
	/* the hand-edit guard comes first: no request for a kept file */
	if (keep_edited(out, fflag)) {
		cJSON_Delete(s);
		free(sname);
		return 0;
	}
	if (!(cfg = cg_config_runtime(cpath, NULL, &e)))
		die_err(&e);
	if (cJSON_IsObject(cJSON_GetObjectItem(s, "llm"))) {
		if (!cJSON_IsObject(cJSON_GetObjectItem(cfg, "llm")))
			cJSON_AddObjectToObject(cfg, "llm");
		cg_json_merge(cJSON_GetObjectItem(cfg, "llm"),
		    cJSON_GetObjectItem(s, "llm"));
	}
	if (!dir && spath && strcmp(spath, "-")) {
		char *t = xstrdup(spath);
		dir = ddir = xstrdup(dirname(t));
		free(t);
	}

	g.cfg = cfg;
	g.session = s;
	g.kind = kind;
	g.dir = dir ? dir : ".";
	g.k = k;
	g.tool = argv0;
	g.target = out ? out : "-";
	g.onround = onround;
	g.arg = (void *)g.target;
	g.fresh = fflag;
	if ((live = cg_live_begin(out))) {
		g.sink = cg_live_sink;
		g.sinkarg = live;
		g.onhost = cg_live_host;
	}
	rc = cg_gen_run(&g, &e);
	cg_live_end(live);
	if (rc < 0) {
		char *why = xasprintf("%s\n%s", e.msg, g.problems.len ?
		    g.problems.s : "");
		if (g.problems.len) {
			char *safe = cg_term_safe(g.problems.s);
			fprintf(stderr, "%s: %s: problems:\n%s", argv0, g.target,
			    safe);
			free(safe);
		}
		cg_gen_note(out, "failed", why, NULL);
		free(why);
		/* in a course run the files built from this one go on
		 * without it (their prompts leave it out): make must not
		 * stop them, and the summary reports the failure */
		if (keepgoing() && e.code == EX_DATAERR && out &&
		    strcmp(out, "-")) {
			warn("%s", e.msg);
			exit(0);
		}
		die_err(&e);
	}
	without(&g, dir ? dir : ".");
	put(out, g.text);
	if (g.imperfect.len)
		warn("%s: kept the best reply; still imperfect:\n%.*s", g.target,
		    (int)g.imperfect.len - 1, g.imperfect.s);
	if (cg_gen_note(out, "imperfect", g.imperfect.s, &e) < 0 ||
	    cg_gen_note(out, "mended", g.mended.s, &e) < 0 ||
	    cg_gen_note(out, "failed", NULL, &e) < 0)
		die_err(&e);
	progress(out, &g);
	if (kind->also && out && strcmp(out, "-")) {
		char *md = mdpath(out), *text = cg_quiz_markdown(g.quiz);
		if (!keep_edited(md, fflag))
			put(md, text);
		free(text);
		free(md);
	}
	cg_gen_free(&g);
	cJSON_Delete(cfg);
	cJSON_Delete(s);
	free(ddir);
	free(sname);
	return 0;
}
