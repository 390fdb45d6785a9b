/* words.c — the words a reader sees around the content of an export, in
 * the course's language: the labels of site/labels/LANG.yaml that the
 * site shows (labels.h), so a Spanish course's book, package titles and
 * quiz categories say "Sesión 3", never "Session 3" (see export.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "export.h"

const char *
cg_export_label(const cg_export_course *c, const char *key)
{
	return cg_label(c->L, key);
}

char *
cg_export_labelf(const cg_export_course *c, const char *key, ...)
{
	const char *kv[16];
	va_list ap;
	int n = 0;

	va_start(ap, key);
	while (n < 15 && (kv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	kv[n] = NULL;
	return cg_labelf(c->L, key, kv);
}

const char *
cg_export_kind_title(const cg_export_course *c, const struct cg_kind *kd)
{
	char key[80];
	const char *t;

	snprintf(key, sizeof key, "kind_%s", kd->name);
	t = cg_label(c->L, key);
	return strcmp(t, key) == 0 ? kd->title : t;
}

char *
cg_export_sess_title(const cg_export_course *c, const cg_export_sess *x)
{
	char n[16];

	snprintf(n, sizeof n, "%d", x->num);
	return cg_export_labelf(c, "session_title", "n", n, "title", x->title, NULL);
}

char *
cg_export_mod_title(const cg_export_course *c, const cg_export_mod *m)
{
	char n[16];

	snprintf(n, sizeof n, "%d", m->num);
	return cg_export_labelf(c, "module_title", "n", n, "title", m->title, NULL);
}

char *
cg_export_footer(const cg_export_course *c)
{
	char date[32];

	cg_export_date(c, date);
	date[10] = '\0';
	if (c->model)
		return cg_export_labelf(c, "footer_model", "model", c->model,
		    "date", date, "version", CG_VERSION, NULL);
	return cg_export_labelf(c, "footer", "date", date, "version", CG_VERSION,
	    NULL);
}

void
cg_export_caption(char *buf, size_t n, const cg_export_course *c,
    const struct cg_course_file *f)
{
	char k[16], *t;

	if (f->kind->multi) {
		snprintf(k, sizeof k, "%d", f->k);
		t = cg_export_labelf(c, "diagram_n", "n", k, NULL);
		snprintf(buf, n, "%s", t);
		free(t);
	} else
		snprintf(buf, n, "%s.", cg_export_kind_title(c, f->kind));
}
