/* cg-prompt — show exactly what would be sent to the model for one kind.
 *
 * Reads prompts/KIND.md and SESSION.json (a session.json written by
 * cg-plan; for KIND outline a course.json written by cg-config) from the
 * file argument, "-" or stdin.  Builds the prompt context the generator
 * builds (cg_gen_context: session members, req = content.KIND, k and
 * subtopic for diagrams, excerpts of the session's earlier files found
 * beside SESSION.json), merges the -C document over it, renders the
 * template and prints the system and user prompts to stdout.  Writes no
 * file.  It exists so that prompts can be read, edited and checked
 * without a model.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"
#include "fsio.h"
#include "json.h"
#include "gen.h"
#include "tmpl.h"

static int         sysonly;
static const char *ctxpath;

static const struct cg_opt opts[] = {
	{ 'C', "context", "CTX.json", "merge this JSON object over the context" },
	{ 'h', "help", NULL, "print this help and exit" },
	{ 's', "system", NULL, "print only the rendered system prompt" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 0 },
};
static const struct cg_cli cli = {
	"usage: %1$s [-hV] [-s] [-C CTX.json] KIND [SESSION.json]\n",
	opts, "cC"
};

static void
usage(int code)
{
	cg_usage(&cli, code ? stderr : stdout, code);
}

/* The directory of path ("." for a bare name); caller frees. */
static char *
dirof(const char *path)
{
	const char *s = strrchr(path, '/');

	if (!s)
		return xstrdup(".");
	return s == path ? xstrdup("/") : xstrndup(path, (size_t)(s - path));
}

/* The generator's context for a session kind.  Only the earlier files
 * that exist in dir (NULL: none) are quoted. */
static cJSON *
sessionctx(const cJSON *doc, const struct cg_kind *kd, const char *dir,
    int k, cg_err *e)
{
	struct cg_kind kind = *kd;
	struct cg_gen g = { 0 };
	int i;

	kind.nreads = 0;
	for (i = 0; i < kd->nreads; i++) {
		char *f = cg_kind_file(kd->reads[i], 1);
		char *p = xasprintf("%s/%s", dir ? dir : ".", f);
		if (dir && access(p, R_OK) == 0)
			kind.reads[kind.nreads++] = kd->reads[i];
		free(p);
		free(f);
	}
	g.session = doc;
	g.kind = &kind;
	g.dir = dir;
	g.k = k;
	return cg_gen_context(&g, NULL, e);
}

int
main(int argc, char *argv[])
{
	const struct cg_kind *kd = NULL;
	struct cg_tmpl t;
	cg_err e = { 0 };
	cJSON *doc = NULL, *extra = NULL, *ctx;
	const cJSON *c;
	const char *kind, *spath = NULL;
	char *sys, *user, *dir = NULL, *out;
	int ch, k = 1;

	cg_setprog(argv[0]);
	while ((ch = cg_getopt(argc, argv, &cli)) != -1) {
		switch (ch) {
		case 'C': ctxpath = optarg; break;
		case 's': sysonly = 1; break;
		default: usage(EX_USAGE);
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		usage(EX_USAGE);
	kind = argv[optind];
	if (argc - optind == 2)
		spath = argv[optind + 1];
	if ((kd = cg_kind_find(kind))) {
		kind = kd->prompt;
		if (kd->shape == CG_SHAPE_OUTLINE)
			kd = NULL;
	}
	if (cg_tmpl_load(kind, &t, &e) < 0)
		die_err(&e);

	/* SESSION.json: the argument, or stdin unless -C alone is given. */
	if (spath || !ctxpath) {
		if (!(doc = cg_json_load(spath, &e)))
			die_err(&e);
		if (!cJSON_IsObject(doc))
			die(EX_DATAERR, "%s: expected a JSON object (a "
			    "session.json or course.json)", spath ? spath :
			    "<stdin>");
		if (spath && strcmp(spath, "-") != 0)
			dir = dirof(spath);
	} else
		doc = cJSON_CreateObject();
	if (ctxpath) {
		if (!(extra = cg_json_load(ctxpath, &e)))
			die_err(&e);
		if (!cJSON_IsObject(extra))
			die(EX_DATAERR, "%s: expected a JSON object to merge "
			    "into the context", ctxpath);
		c = cJSON_GetObjectItemCaseSensitive(extra, "k");
		if (cJSON_IsNumber(c) && c->valuedouble >= 1)
			k = (int)c->valuedouble;
	}

	if (kd) {
		if (!(ctx = sessionctx(doc, kd, dir, k, &e)))
			die_err(&e);
	} else if (!strcmp(kind, "outline")) {
		/* what cg-outline sends: the course settings */
		ctx = cJSON_CreateObject();
		c = cJSON_GetObjectItemCaseSensitive(doc, "course");
		if (c)
			cJSON_AddItemToObject(ctx, "course",
			    cJSON_Duplicate(c, 1));
	} else {
		/* a kind of one's own ($CG_PROMPTS): the document itself */
		ctx = cJSON_Duplicate(doc, 1);
		c = cg_json_at(doc, "content");
		if (cJSON_IsObject(c) && (c = cJSON_GetObjectItemCaseSensitive(c,
		    kind)) && !cJSON_HasObjectItem(ctx, "req"))
			cJSON_AddItemToObject(ctx, "req", cJSON_Duplicate(c, 1));
	}
	if (extra)
		cg_json_merge(ctx, extra);

	if (cg_tmpl_prompt(&t, ctx, &sys, &user, &e) < 0)
		die_err(&e);
	/* with "problems" in the context: the re-ask, a conversation whose
	 * next user turn is the prompt's retry template */
	c = cJSON_GetObjectItemCaseSensitive(ctx, "problems");
	if (!sysonly && cJSON_IsString(c) && *c->valuestring) {
		const char *rt = cg_json_gets(t.meta, "retry", "");
		char *fix = cg_tmpl_render(rt, ctx, t.path, &e);
		if (!fix)
			die_err(&e);
		out = xasprintf("=== system ===\n%s\n=== user ===\n%s\n"
		    "=== assistant ===\n(the previous reply)\n=== user ===\n"
		    "%s\n", sys, user, cg_trim(fix));
		free(fix);
	} else
		out = sysonly ? xasprintf("%s\n", sys) :
		    xasprintf("=== system ===\n%s\n=== user ===\n%s\n", sys,
		    user);
	if (cg_write_output(NULL, out, strlen(out), &e) < 0)
		die_err(&e);
	free(out);
	free(sys);
	free(user);
	free(dir);
	cJSON_Delete(ctx);
	cJSON_Delete(extra);
	cJSON_Delete(doc);
	cg_tmpl_free(&t);
	return 0;
}
