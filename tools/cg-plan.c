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

#include "config.h"
#include "digest.h"
#include "fsio.h"
#include "json.h"
#include "kinds.h"
#include "outline.h"
#include "util.h"

static const char *dir, *cfgpath, *mkpath;
static int changed;

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: %s [-hvV] [-c COURSE.json] [-d DIR] [-o FILE] "
	    "[OUTLINE.json]\n", argv0);
	exit(code);
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

/* How many files of kind kd a session with nd diagrams has (the outline
 * is not a session's). */
static int
nfiles(const struct cg_kind *kd, int nd)
{
	if (kd->shape == CG_SHAPE_OUTLINE)
		return 0;
	return kd->multi ? nd : 1;
}

/* The pattern rules of the session kinds (config/kinds.yaml): each file
 * depends on session.json, the digests of the files of the kinds it reads
 * (digest.h: what its prompt quotes of them) and its prompt; a multi kind
 * has one rule per index up to the course's largest.  A digest is brought
 * up to date by its stamp's rule, which rewrites it only when it changed:
 * its empty rule makes make look at its time again, so a reader is made
 * again only when what it reads changed.  Under make -n, where make would
 * take every such digest as changed, a digest is what it is (order-only
 * on its file), as cg-status -D left it. */
static void
rules(cg_buf *mk, int maxnd)
{
	const struct cg_kind *kinds, *kd;
	size_t i, nk;
	int j, k;
	char *f, *r;

	kinds = cg_kind_list(&nk);
	cg_buf_puts(mk, "# the kinds (config/kinds.yaml)\n");
	for (i = 0; i < nk; i++) {
		kd = &kinds[i];
		for (k = 1; k <= nfiles(kd, maxnd); k++) {
			f = cg_kind_file(kd, k);
			cg_buf_printf(mk, "$(OUT)/%%/%s: $(OUT)/%%/session.json", f);
			for (j = 0; j < kd->nreads; j++) {
				r = cg_kind_file(kd->reads[j], 1);
				cg_buf_printf(mk, " $(OUT)/%%/.%s.digest", r);
				free(r);
			}
			cg_buf_printf(mk, " $(PROMPTS)/%s.md\n\t$(BIN)/%s%s%.0d "
			    "-o $@ $<\n", kd->prompt, kd->tool, kd->multi ?
			    " -i " : "", kd->multi ? k : 0);
			/* written with f; remade from f (no request) when a
			 * run was killed between the two */
			if (kd->also)
				cg_buf_printf(mk, "$(OUT)/%%/%s: $(OUT)/%%/%s\n"
				    "\t$(BIN)/%s -m -o $@ $<\n", kd->also, f,
				    kd->tool);
			free(f);
		}
	}
	cg_buf_puts(mk, "\n# what the kinds read of each other (digest.h)\n"
	    "ifeq ($(DRYRUN),)\n");
	for (i = 0; i < nk; i++)
		if (!kinds[i].multi && cg_digest_read(&kinds[i])) {
			f = cg_kind_file(&kinds[i], 1);
			cg_buf_printf(mk, "$(OUT)/%%/.%s.dstamp: $(OUT)/%%/%s\n"
			    "\t$(BIN)/cg-status -d $(OUT)/$*/%s\n"
			    "$(OUT)/%%/.%s.digest: $(OUT)/%%/.%s.dstamp ;\n", f, f,
			    f, f, f);
			free(f);
		}
	cg_buf_puts(mk, "else\n");
	for (i = 0; i < nk; i++)
		if (!kinds[i].multi && cg_digest_read(&kinds[i])) {
			f = cg_kind_file(&kinds[i], 1);
			cg_buf_printf(mk, "$(OUT)/%%/.%s.digest: | $(OUT)/%%/%s ;\n",
			    f, f);
			free(f);
		}
	cg_buf_puts(mk, "endif\n\n");
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
	int n = (int)cg_json_getn(s, "number", 0), k, nd = ndiagrams(cfg, s);
	char sid[8], *path, *txt, *f;
	const struct cg_kind *kinds;
	cg_buf phony = {0};
	size_t i, nk;

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

	kinds = cg_kind_list(&nk);
	cg_buf_printf(mk, "CG_FILES_%s :=", sid);
	for (i = 0; i < nk; i++)
		for (k = 1; k <= nfiles(&kinds[i], nd); k++) {
			f = cg_kind_file(&kinds[i], k);
			cg_buf_printf(mk, " \\\n\t$(OUT)/%s/%s", sid, f);
			if (kinds[i].also)
				cg_buf_printf(mk, " \\\n\t$(OUT)/%s/%s", sid,
				    kinds[i].also);
			free(f);
		}
	cg_buf_puts(mk, "\nCG_DIGESTS +=");
	for (i = 0; i < nk; i++)
		if (!kinds[i].multi && cg_digest_read(&kinds[i])) {
			f = cg_kind_file(&kinds[i], 1);
			cg_buf_printf(mk, " $(OUT)/%s/.%s.digest", sid, f);
			free(f);
		}
	cg_buf_printf(mk, "\n%s: $(CG_FILES_%s)\n", sid, sid);
	for (i = 0; i < nk; i++)
		for (k = 1; k <= nfiles(&kinds[i], nd); k++) {
			f = cg_kind_file(&kinds[i], k);
			cg_buf_printf(mk, "%s-%.*s: $(OUT)/%s/%s", sid,
			    (int)(strrchr(f, '.') - f), f, sid, f);
			if (kinds[i].also)
				cg_buf_printf(mk, " $(OUT)/%s/%s", sid,
				    kinds[i].also);
			cg_buf_putc(mk, '\n');
			cg_buf_printf(&phony, " %s-%.*s", sid,
			    (int)(strrchr(f, '.') - f), f);
			free(f);
		}
	for (i = 0; i < nk; i++) {
		char *a;
		if (!kinds[i].multi)
			continue;
		a = cg_kind_alias(&kinds[i]);
		cg_buf_printf(mk, "%s-%.*ss:", sid, (int)strcspn(a, "-K"), a);
		for (k = 1; k <= nd; k++) {
			f = cg_kind_file(&kinds[i], k);
			cg_buf_printf(mk, " $(OUT)/%s/%s", sid, f);
			free(f);
		}
		cg_buf_printf(&phony, " %s-%.*ss", sid, (int)strcspn(a, "-K"), a);
		cg_buf_putc(mk, '\n');
		free(a);
	}
	cg_buf_printf(mk, "CG_PHONY += %s%s", sid, phony.s ? phony.s : "");
	cg_buf_free(&phony);
	cg_buf_puts(mk, "\n\n");
}

int
main(int argc, char *argv[])
{
	cg_err e = {0};
	cg_buf probs = {0}, mk = {0};
	const char *opath;
	cJSON *o, *cfg;
	const cJSON *m, *s;
	char *txt, *path, *d = NULL, sid[8];
	int c, n, maxnd;

	cg_setprog(argv[0]);
	while ((c = getopt(argc, argv, "c:d:ho:vV")) != -1) {
		switch (c) {
		case 'c': cfgpath = optarg; break;
		case 'd': dir = optarg; break;
		case 'h': usage(0); break;
		case 'o': mkpath = optarg; break;
		case 'v': cg_verbose = 1; break;
		case 'V': puts(CG_VERSION); return 0;
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

	cg_buf_puts(&mk, "# course.mk — written by cg-plan from outline.json; "
	    "edit the outline, not this.\n\n");
	n = cg_outline_nsessions(o);
	cg_buf_puts(&mk, "CG_SESSIONS :=");
	for (c = 1; c <= n; c++) {
		cg_outline_sid(c, sid);
		cg_buf_printf(&mk, " %s", sid);
	}
	cg_buf_puts(&mk, "\n\n");
	maxnd = 0;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "modules"))
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(m,
		    "sessions"))
			if (ndiagrams(cfg, s) > maxnd)
				maxnd = ndiagrams(cfg, s);
	rules(&mk, maxnd);
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "modules"))
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(m,
		    "sessions"))
			session(cfg, o, m, s, &mk);
	cg_buf_puts(&mk, "CG_FILES := $(foreach s,$(CG_SESSIONS),"
	    "$(CG_FILES_$(s)))\n.PHONY: $(CG_PHONY)\n");

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
	cg_info("%d sessions, %d files changed", n, changed);
	cg_buf_free(&mk);
	cg_buf_free(&probs);
	cJSON_Delete(o);
	cJSON_Delete(cfg);
	free(d);
	return 0;
}
