/* mkfile.c — the makefiles of a course's OUT (mkfile.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "kinds.h"
#include "mkfile.h"
#include "outline.h"

/* How many files of kind kd a session with nd diagrams has (the outline
 * is not a session's). */
static int
nfiles(const struct cg_kind *kd, int nd)
{
	if (kd->shape == CG_SHAPE_OUTLINE)
		return 0;
	return kd->multi ? nd : 1;
}

void
cg_mk_course_head(cg_buf *mk, int nsessions)
{
	char sid[8];
	int k;

	cg_buf_puts(mk, "# course.mk — written by cg-plan from outline.json; "
	    "edit the outline, not this.\n\nCG_SESSIONS :=");
	for (k = 1; k <= nsessions; k++) {
		cg_outline_sid(k, sid);
		cg_buf_printf(mk, " %s", sid);
	}
	cg_buf_puts(mk, "\n\n");
}

/* One pattern rule per file of the kinds: each file depends on
 * session.json, the digests of the files of the kinds it reads (digest.h:
 * what its prompt quotes of them) and its prompt; a multi kind has one
 * rule per index up to the course's largest.  A digest is brought up to
 * date by its stamp's rule, which rewrites it only when it changed: its
 * empty rule makes make look at its time again, so a reader is made again
 * only when what it reads changed.  Under make -n, where make would take
 * every such digest as changed, a digest is what it is (order-only on
 * its file), as cg-status -D left it. */
void
cg_mk_kinds(cg_buf *mk, int maxnd)
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

/* An alias: its variable of files (CG_GOAL_alias), its rule and its name
 * in the list of phony goals. */
static void
alias(cg_buf *mk, cg_buf *phony, const char *name, const char *files)
{
	cg_buf_printf(mk, "CG_GOAL_%s :=%s\n%s: $(CG_GOAL_%s)\n", name, files,
	    name, name);
	cg_buf_printf(phony, " %s", name);
}

void
cg_mk_session(cg_buf *mk, const char *sid, int nd)
{
	const struct cg_kind *kinds;
	cg_buf phony = {0}, fl = {0};
	size_t i, nk;
	int k;
	char *f, *a, *name;

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
	cg_buf_putc(mk, '\n');
	name = xasprintf(" $(CG_FILES_%s)", sid);
	alias(mk, &phony, sid, name);
	free(name);
	/* sNN-KIND (sNN-diagram-K for a multi kind's K-th file) */
	for (i = 0; i < nk; i++)
		for (k = 1; k <= nfiles(&kinds[i], nd); k++) {
			f = cg_kind_file(&kinds[i], k);
			name = xasprintf("%s-%.*s", sid,
			    (int)(strrchr(f, '.') - f), f);
			cg_buf_printf(&fl, " $(OUT)/%s/%s", sid, f);
			if (kinds[i].also)
				cg_buf_printf(&fl, " $(OUT)/%s/%s", sid,
				    kinds[i].also);
			alias(mk, &phony, name, fl.s);
			cg_buf_free(&fl);
			free(name);
			free(f);
		}
	/* sNN-diagrams: every file of a multi kind */
	for (i = 0; i < nk; i++) {
		if (!kinds[i].multi)
			continue;
		a = cg_kind_alias(&kinds[i]);
		name = xasprintf("%s-%.*ss", sid, (int)strcspn(a, "-K"), a);
		for (k = 1; k <= nd; k++) {
			f = cg_kind_file(&kinds[i], k);
			cg_buf_printf(&fl, " $(OUT)/%s/%s", sid, f);
			free(f);
		}
		alias(mk, &phony, name, fl.s ? fl.s : "");
		cg_buf_free(&fl);
		free(name);
		free(a);
	}
	cg_buf_printf(mk, "CG_PHONY +=%s\n\n", phony.s ? phony.s : "");
	cg_buf_free(&phony);
}

/* 1 when make can name path p as it is. */
static int
mkname(const char *p)
{
	for (; *p; p++)
		if (isspace((unsigned char)*p) || strchr("$#%:;=\\'\"*?[]()|&<>`", *p))
			return 0;
	return 1;
}

int
cg_mk_site_own(cg_buf *mk, const char *templates, const char *labels)
{
	int left = 0;

	cg_buf_puts(mk, "# site.mk — written by cg-plan from course.json: "
	    "the course's own site files\n# (site.templates, site.labels), "
	    "which the site and the exports are made from.\n\n"
	    "CG_SITE_OWN := $(wildcard");
	if (templates && *templates) {
		if (mkname(templates))
			cg_buf_printf(mk, " %s/*.html", templates);
		else
			left = 1;
	}
	if (labels && *labels) {
		if (mkname(labels))
			cg_buf_printf(mk, " %s", labels);
		else
			left = 1;
	}
	cg_buf_puts(mk, ")\n\n");
	return left;
}

void
cg_mk_course_tail(cg_buf *mk)
{
	cg_buf_puts(mk, "CG_FILES := $(foreach s,$(CG_SESSIONS),"
	    "$(CG_FILES_$(s)))\n.PHONY: $(CG_PHONY)\n");
}

void
cg_mk_outline(cg_buf *b, int nmod, int user)
{
	int k;

	cg_buf_puts(b, "# outline.mk — written by cg-outline -M from "
	    "course.json; how the outline is made.\n\n");
	if (nmod < 2 || user) {
		cg_buf_puts(b, "$(OUT)/outline.json: $(OUT)/outline-key.json "
		    "$(PROMPTS)/outline.md\n\t$(BIN)/cg-outline -o $@ "
		    "$(OUT)/course.json\n");
		return;
	}
	cg_buf_puts(b, "CG_OUTLINE_PARTS :=");
	for (k = 1; k <= nmod; k++)
		cg_buf_printf(b, " $(OUT)/outline/m%d.json", k);
	cg_buf_puts(b, "\n"
	    "$(OUT)/outline/skeleton.json: $(OUT)/outline-key.json "
	    "$(PROMPTS)/outline-skeleton.md\n"
	    "\t$(BIN)/cg-outline -s -o $@ $(OUT)/course.json\n"
	    "$(OUT)/outline/m%.json: $(OUT)/outline/skeleton.json "
	    "$(PROMPTS)/outline-module.md\n"
	    "\t$(BIN)/cg-outline -m $* -S $< -o $@ $(OUT)/course.json\n"
	    "$(OUT)/outline.json: $(CG_OUTLINE_PARTS)\n"
	    "\t$(BIN)/cg-outline -j $(OUT)/outline -o $@ "
	    "$(OUT)/course.json\n");
}
