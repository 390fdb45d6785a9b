/* cg-outline — write the course outline.
 *
 * Reads the resolved configuration (course.json, from cg-config) and writes
 * outline.json: the modules and sessions of the course.  It is the outline
 * row of the kinds table and runs the same generation loop as every kind
 * (lib/content/gen.h) with its own prompt, schema and check: the reply is
 * validated here (servers ignore schemas silently) — exact module and
 * session counts, an even spread, no empty strings or lists (unusable:
 * re-asked, then the tool fails, 65); item lists shorter or longer than
 * course.items (imperfect: re-asked, then the best reply is kept and its
 * problems noted beside it).
 *
 * A course of several modules is outlined in two steps that make runs as
 * separate targets (-M writes their rules): a skeleton (-s: the modules'
 * titles and descriptions), then each module's sessions (-m K, in
 * parallel), joined into the same outline.json (-j).  When the course
 * names its own outline file (course.outline), that file is validated and
 * used as is, and no model is asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "clean.h"
#include "config.h"
#include "fsio.h"
#include "gen.h"
#include "json.h"
#include "mkfile.h"
#include "outline.h"
#include "live.h"
#include "progress.h"
#include "util.h"

enum { WHOLE, SKELETON, MODULE };

static const char *outpath, *skelpath, *joindir;
static int force, mflag, Mflag, sflag;

/* What the hooks of the generation loop need. */
struct job {
	int          step;	/* WHOLE, SKELETON or MODULE */
	int          k;		/* MODULE: its number, 1-based */
	const cJSON *course;	/* cfg.course */
	cJSON       *spread;	/* sessions per module */
	cJSON       *skeleton;	/* MODULE: the skeleton document */
};

static const struct cg_opt opts[] = {
	{ 'f', "fresh", NULL, "ask the server anew and overwrite a hand edit" },
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'j', "join", "DIR", "join DIR/skeleton.json and DIR/mN.json into the outline" },
	{ 'M', "makefile", NULL, "write the outline's make rules instead" },
	{ 'm', "module", "K", "ask for the sessions of module K of the -S skeleton" },
	{ 'o', "output", "FILE", "write the outline to FILE, atomically" },
	{ 'S', "skeleton", "SKELETON.json", "the skeleton that -m plans a module of" },
	{ 's', "skeleton-only", NULL, "ask for the skeleton only" },
	{ 'v', "verbose", NULL, "report each validation round on standard error" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 0 },
};
static const struct cg_cli cli = {
	"usage: %1$s [-fhMsvV] [-j DIR] [-m K] [-o FILE] [-S SKELETON.json] [COURSE.json]\n",
	opts, NULL
};

static void
usage(int code)
{
	cg_usage(&cli, code ? stderr : stdout, code);
}

/* The course facts outline.json carries: configuration is their source. */
static cJSON *
coursefacts(const cJSON *course)
{
	static const char *const keys[] = { "name", "subject", "level",
	    "description", "language", "duration_weeks" };

	return cg_json_pick(course, keys, sizeof keys / sizeof *keys);
}

static void
put(const char *s)
{
	cg_err e = {0};

	if (outpath ? cg_guard_write(outpath, s, strlen(s), &e) :
	    cg_write_output(NULL, s, strlen(s), &e))
		die_err(&e);
}

/* Write {"course": facts, "modules": o.modules}, guarded. */
static void
emit(cJSON *o, const cJSON *facts)
{
	cJSON *doc = cJSON_CreateObject();
	char *s;

	cJSON_AddItemToObject(doc, "course", cJSON_Duplicate(facts, 1));
	cJSON_AddItemToObject(doc, "modules",
	    cJSON_DetachItemFromObjectCaseSensitive(o, "modules"));
	s = cg_json_print(doc);
	put(s);
	free(s);
	cJSON_Delete(doc);
}

/* Check a whole outline; unusable problems are fatal here. */
static void
checkwhole(const char *name, cJSON *o, const cJSON *course)
{
	cg_buf p = {0}, imp = {0};

	cg_outline_normalise(o);
	if (cg_outline_check(o, &p) || (course &&
	    cg_outline_check_counts(o, course, &p, &imp)))
		die(EX_DATAERR, "%s: not a usable outline; fix these or "
		    "regenerate it (make outline) — nothing was written:\n%s",
		    name, p.s);
	if (imp.len)
		warn("%s: imperfect:\n%s", name, imp.s);
	cg_buf_free(&imp);
	cg_buf_free(&p);
}

/* Use the user's own outline file. */
static void
useroutline(const char *path, const cJSON *facts)
{
	cg_err e = {0};
	cJSON *o = cg_json_load(path, &e), *c;

	if (!o)
		die_err(&e);
	checkwhole(path, o, NULL);
	/* the user's own course facts, where given, win */
	c = cJSON_Duplicate(facts, 1);
	cg_json_merge(c, cJSON_GetObjectItemCaseSensitive(o, "course"));
	emit(o, c);
	cJSON_Delete(c);
	cJSON_Delete(o);
}

/* ---- hooks of the generation loop ---- */

static cJSON *
context(void *arg, cg_err *e)
{
	struct job *j = arg;
	cJSON *ctx = cJSON_CreateObject(), *m;
	int first = 1, i;

	(void)e;
	cJSON_AddItemReferenceToObject(ctx, "course", (cJSON *)j->course);
	cJSON_AddItemReferenceToObject(ctx, "sessions_per_module", j->spread);
	if (j->step == MODULE) {
		cJSON_AddItemReferenceToObject(ctx, "modules",
		    cJSON_GetObjectItemCaseSensitive(j->skeleton, "modules"));
		m = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
		    j->skeleton, "modules"), j->k - 1);
		cJSON_AddItemReferenceToObject(ctx, "module", m);
		for (i = 0; i < j->k - 1; i++)
			first += cJSON_GetArrayItem(j->spread, i)->valueint;
		cJSON_AddNumberToObject(ctx, "first_session", first);
		cJSON_AddNumberToObject(ctx, "last_session", first - 1 +
		    cJSON_GetArrayItem(j->spread, j->k - 1)->valueint);
		cJSON_AddNumberToObject(ctx, "module_sessions",
		    cJSON_GetArrayItem(j->spread, j->k - 1)->valueint);
	}
	return ctx;
}

/* The JSON object in a reply, or NULL with the problem in p. */
static cJSON *
parse(const char *reply, cg_buf *p)
{
	cg_err pe = {0};
	char *js = cg_clean_json(reply);
	cJSON *o = NULL;

	if (!js)
		cg_buf_puts(p, "the reply contained no JSON object; reply with "
		    "the JSON document only\n");
	else if (!(o = cg_json_parse(js, strlen(js), "reply", &pe)))
		cg_buf_printf(p, "the reply was not valid JSON (%s); reply with "
		    "the complete JSON document only\n", pe.msg);
	else if (!cJSON_IsObject(o)) {
		cg_buf_puts(p, "the reply must be one JSON object\n");
		cJSON_Delete(o);
		o = NULL;
	}
	free(js);
	return o;
}

static int
check(void *arg, const char *reply, char **text, cg_buf *p, cg_buf *imp,
    cJSON *warn)
{
	struct job *j = arg;
	cJSON *o = parse(reply, p);
	int n = 0;

	(void)warn;
	if (!o)
		return 1;
	switch (j->step) {
	case WHOLE:
		cg_outline_normalise(o);
		if (!(n = cg_outline_check(o, p)))
			n = cg_outline_check_counts(o, j->course, p, imp);
		break;
	case SKELETON:
		n = cg_outline_check_skeleton(o, j->course, p);
		break;
	default:
		n = cg_outline_check_module(o, j->course, j->k, p, imp);
	}
	if (!n)
		*text = cg_json_print(o);
	cJSON_Delete(o);
	return n;
}

/* ---- the steps ---- */

/* Ask the model for one step; its JSON text.  Caller frees. */
static char *
generate(cJSON *cfg, struct job *j)
{
	static const char *const prompts[] = { "outline", "outline-skeleton",
	    "outline-module" };
	struct cg_gen g = {0};
	struct cg_live *live = cg_live_begin(outpath);
	cg_err e = {0};
	cJSON *schema = j->step == WHOLE ? cg_outline_schema(j->course) :
	    j->step == SKELETON ? cg_outline_skeleton_schema(j->course) :
	    cg_outline_module_schema(j->course, j->k);
	char *text;
	int rc;

	g.cfg = cfg;
	g.kind = cg_kind_find("outline");
	g.tool = argv0;
	g.target = outpath ? outpath : "-";
	g.prompt = prompts[j->step];
	g.context = context;
	g.schema = schema;
	g.check = check;
	g.hookarg = j;
	g.fresh = force;
	if (live) {
		g.sink = cg_live_sink;
		g.sinkarg = live;
		g.onhost = cg_live_host;
	}
	if (!g.kind)
		die(EX_SOFTWARE, "the kinds table has no outline row");
	rc = cg_gen_run(&g, &e);
	cg_live_end(live);
	if (rc < 0) {
		char *why;
		if (!g.problems.len)	/* no reply judged: the client's error */
			die_err(&e);
		why = xasprintf("%s\n%s", e.msg, g.problems.s ?
		    g.problems.s : "");
		cg_gen_note(outpath, "failed", why, NULL);
		free(why);
		die(EX_DATAERR, "the model's outline is still wrong after %d "
		    "attempts; nothing written:\n%s", g.rounds, g.problems.s);
	}
	if (g.imperfect.len)
		warn("%s: kept the best reply; still imperfect:\n%.*s", g.target,
		    (int)g.imperfect.len - 1, g.imperfect.s);
	if (cg_gen_note(outpath, "imperfect", g.imperfect.s, &e) < 0 ||
	    cg_gen_note(outpath, "failed", NULL, &e) < 0)
		die_err(&e);
	text = g.text;
	g.text = NULL;
	if (outpath && strcmp(outpath, "-")) {
		cJSON *d = cJSON_Parse(text);
		char what[48];
		int n = j->step == SKELETON ? cJSON_GetArraySize(
		    cJSON_GetObjectItem(d, "modules")) : j->step == MODULE ?
		    cJSON_GetArraySize(cJSON_GetObjectItem(d, "sessions")) :
		    cg_outline_nsessions(d);
		snprintf(what, sizeof what, "%d %s%s", n, j->step == SKELETON ?
		    "modules" : "sessions", g.cached ? "  from the cache" : "");
		cJSON_Delete(d);
		cg_progress(outpath, what, g.seconds, g.tokens);
	}
	cg_gen_free(&g);
	cJSON_Delete(schema);
	return text;
}

/* Join DIR/skeleton.json and DIR/mK.json into the whole outline. */
static cJSON *
join(const char *dir, const cJSON *course)
{
	cg_err e = {0};
	char *p = xasprintf("%s/skeleton.json", dir);
	cJSON *o = cg_json_load(p, &e), *m, *part;
	int k = 1;

	if (!o)
		die_err(&e);
	free(p);
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "modules")) {
		p = xasprintf("%s/m%d.json", dir, k++);
		if (!(part = cg_json_load(p, &e)))
			die_err(&e);
		cJSON_DeleteItemFromObjectCaseSensitive(m, "sessions");
		cJSON_AddItemToObject(m, "sessions",
		    cJSON_DetachItemFromObjectCaseSensitive(part, "sessions"));
		cJSON_Delete(part);
		free(p);
	}
	checkwhole(dir, o, course);
	return o;
}

/* The outline's make rules (OUT/outline.mk): one request, or the two
 * steps for a course of several modules. */
static void
rules(const cJSON *course)
{
	int nmod = (int)cg_json_getn(course, "modules", 1);
	const char *user = cg_json_gets(course, "outline", NULL);
	cg_buf b = {0};
	cg_err e = {0};
	int r;

	cg_mk_outline(&b, nmod, user && *user);
	r = outpath && strcmp(outpath, "-") ?
	    cg_write_if_changed(outpath, b.s, b.len, &e) :
	    cg_write_output(NULL, b.s, b.len, &e);
	if (r < 0)
		die_err(&e);
	cg_buf_free(&b);
}

int
main(int argc, char *argv[])
{
	cg_err e = {0};
	cJSON *cfg, *facts, *o;
	const cJSON *course;
	struct job j = {0};
	const char *user, *cpath;
	char *text, *end, *d;
	int c, i, nm, ns;

	cg_setprog(argv[0]);
	cg_watch_run();	/* a killed run leaves no generator behind */
	while ((c = cg_getopt(argc, argv, &cli)) != -1) {
		switch (c) {
		case 'f': force = 1; break;
		case 'j': joindir = optarg; break;
		case 'm':
			mflag = (int)strtol(optarg, &end, 10);
			if (*end || mflag < 1)
				die(EX_USAGE, "-m %s: a module number, 1 or "
				    "more", optarg);
			break;
		case 'M': Mflag = 1; break;
		case 'o': outpath = optarg; break;
		case 's': sflag = 1; break;
		case 'S': skelpath = optarg; break;
		case 'v': cg_verbose = 1; break;
		default: usage(EX_USAGE);
		}
	}
	if (argc - optind > 1 || (!!joindir + !!mflag + sflag + Mflag) > 1 ||
	    (mflag && !skelpath))
		usage(EX_USAGE);
	cpath = argc > optind ? argv[optind] : NULL;
	if (!(cfg = cg_json_load(cpath, &e)))
		die_err(&e);
	cg_config_env(cfg);
	if (cg_config_check_course(cfg, NULL, cpath ? cpath : "<stdin>",
	    &e) < 0)
		die_err(&e);
	course = cJSON_GetObjectItemCaseSensitive(cfg, "course");
	if (Mflag) {
		rules(course);
		cJSON_Delete(cfg);
		return 0;
	}
	facts = coursefacts(course);
	if (keep_edited(outpath, force))
		goto done;
	if (!joindir && !sflag && !mflag && (user = cg_json_gets(course,
	    "outline", NULL)) && *user) {
		useroutline(user, facts);
		goto done;
	}
	if (joindir) {
		o = join(joindir, course);
		emit(o, facts);
		cJSON_Delete(o);
		goto done;
	}

	nm = (int)cg_json_getn(course, "modules", 1);
	ns = (int)cg_json_getn(course, "sessions", nm);
	if (mflag > nm)
		die(EX_USAGE, "-m %d: the course has %d modules", mflag, nm);
	j.step = sflag ? SKELETON : mflag ? MODULE : WHOLE;
	j.k = mflag;
	j.course = course;
	j.spread = cJSON_CreateArray();
	for (i = 0; i < nm; i++)
		cJSON_AddItemToArray(j.spread, cJSON_CreateNumber(
		    cg_outline_spread(ns, nm, i)));
	if (mflag) {
		cg_buf p = {0};
		if (!(j.skeleton = cg_json_load(skelpath, &e)))
			die_err(&e);
		if (cg_outline_check_skeleton(j.skeleton, course, &p))
			die(EX_DATAERR, "%s: not a usable skeleton; remake it "
			    "(make outline):\n%s", skelpath, p.s);
		cg_buf_free(&p);
	}
	if (outpath && strrchr(outpath, '/')) {
		d = xstrndup(outpath, (size_t)(strrchr(outpath, '/') - outpath));
		if (cg_mkdirs(d, &e) < 0)
			die_err(&e);
		free(d);
	}
	text = generate(cfg, &j);
	if (j.step == WHOLE) {
		o = cJSON_Parse(text);
		emit(o, facts);
		cJSON_Delete(o);
	} else
		put(text);
	free(text);
	cJSON_Delete(j.skeleton);
	cJSON_Delete(j.spread);
done:
	cJSON_Delete(facts);
	cJSON_Delete(cfg);
	return 0;
}
