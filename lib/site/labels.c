/* labels.c — the site's words, one table per language (see labels.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "labels.h"
#include "site.h"
#include "md.h"
#include "fsio.h"
#include "yaml.h"

struct cg_labels {
	cJSON *t;		/* key -> text */
	char   lang[16];	/* the lang attribute */
	int    rtl;
};

/* Language names, in English and in their own language, and their codes. */
static const char *const names[][2] = {
	{ "english", "en" }, { "german", "de" }, { "deutsch", "de" },
	{ "french", "fr" }, { "français", "fr" }, { "francais", "fr" },
	{ "spanish", "es" }, { "español", "es" }, { "espanol", "es" },
	{ "castellano", "es" }, { "italian", "it" }, { "italiano", "it" },
	{ "portuguese", "pt" }, { "português", "pt" }, { "portugues", "pt" },
	{ "dutch", "nl" }, { "nederlands", "nl" }, { "polish", "pl" },
	{ "polski", "pl" }, { "russian", "ru" }, { "русский", "ru" },
	{ "chinese", "zh" }, { "中文", "zh" }, { "汉语", "zh" },
	{ "japanese", "ja" }, { "日本語", "ja" }, { "korean", "ko" },
	{ "한국어", "ko" }, { "swedish", "sv" }, { "svenska", "sv" },
	{ "danish", "da" }, { "dansk", "da" }, { "norwegian", "no" },
	{ "norsk", "no" }, { "finnish", "fi" }, { "suomi", "fi" },
	{ "turkish", "tr" }, { "türkçe", "tr" }, { "greek", "el" },
	{ "ελληνικά", "el" }, { "czech", "cs" }, { "čeština", "cs" },
	{ "hindi", "hi" }, { "हिन्दी", "hi" }, { "arabic", "ar" },
	{ "العربية", "ar" }, { "hebrew", "he" }, { "עברית", "he" },
	{ "persian", "fa" }, { "فارسی", "fa" }, { "urdu", "ur" },
	{ "اردو", "ur" },
};

/* A BCP 47 tag as courses write them: a primary subtag of 2 or 3 letters,
 * then subtags of 2 to 8 letters or digits ("es", "es-MX", "zh-Hans"). */
static int
is_tag(const char *l)
{
	size_t n = 0, sub;

	while (l[n] >= 'a' && l[n] <= 'z')
		n++;
	if (n < 2 || n > 3)
		return 0;
	while (l[n] == '-') {
		for (sub = 0, n++; isalnum((unsigned char)l[n]); n++)
			sub++;
		if (sub < 2 || sub > 8)
			return 0;
	}
	return l[n] == 0 && n < 16;
}

/* The code of l, or NULL when it is neither a known name nor a tag. */
static const char *
code_of(const char *l)
{
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(l, names[i][0]) == 0)
			return names[i][1];
	return is_tag(l) ? l : NULL;
}

const char *
cg_site_langcode(const char *l)
{
	const char *c = l ? code_of(l) : NULL;

	return c ? c : "en";
}

/* Where key stood in a YAML file, as "FILE:LINE: " (or "FILE: "). */
static void
where(cg_buf *b, const char *file, const cg_yaml_pos *pos, const char *key)
{
	int line, col;

	if (pos && cg_yaml_where(pos, key, 1, &line, &col) == 0)
		cg_buf_printf(b, "%s:%d: ", file, line);
	else
		cg_buf_printf(b, "%s: ", file);
}

static void
say(void (*warnfn)(const char *), cg_buf *b)
{
	if (warnfn)
		warnfn(b->s ? b->s : "");
	cg_buf_free(b);
}

/* Read a table (a map of texts) from path.  NULL with e. */
static cJSON *
read_table(const char *path, cg_yaml_pos **pos, cg_err *e)
{
	cJSON *j = cg_yaml_load(path, pos, e), *it;

	if (!j)
		return NULL;
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		cg_seterr(e, EX_DATAERR, "%s: not a map of key: text", path);
		return NULL;
	}
	cJSON_ArrayForEach(it, j)
		if (!cJSON_IsString(it)) {
			int line, col;
			if (*pos && cg_yaml_where(*pos, it->string, 0, &line, &col) == 0)
				cg_seterr(e, EX_DATAERR, "%s:%d:%d: %s: not a text; quote it",
				    path, line, col, it->string);
			else
				cg_seterr(e, EX_DATAERR, "%s: %s: not a text; quote it",
				    path, it->string);
			cJSON_Delete(j);
			return NULL;
		}
	return j;
}

/* Lay table over L->t; keys L->t lacks are warned about (or taken when
 * any is 1). */
static void
overlay(cg_labels *L, cJSON *table, const char *path,
    const cg_yaml_pos *pos, void (*warnfn)(const char *))
{
	cJSON *it;

	cJSON_ArrayForEach(it, table) {
		if (!cJSON_GetObjectItemCaseSensitive(L->t, it->string)) {
			cg_buf b = {0};
			where(&b, path, pos, it->string);
			cg_buf_printf(&b, "%s: not a label of the site (site/labels/en.yaml lists them); ignored",
			    it->string);
			say(warnfn, &b);
			continue;
		}
		cJSON_ReplaceItemInObjectCaseSensitive(L->t, it->string,
		    cJSON_CreateString(it->valuestring));
	}
}

/* Load site/labels/NAME.yaml onto L (the English first).  Returns 1 when
 * loaded, 0 when there is no such table, -1 with e. */
static int
load_table(cg_labels *L, const char *name, void (*warnfn)(const char *),
    cg_err *e)
{
	char *rel = xasprintf("site/labels/%s.yaml", name);
	char *path = cg_datafile(rel);
	cg_yaml_pos *pos = NULL;
	cJSON *t;

	free(rel);
	if (!path)
		return 0;
	t = read_table(path, &pos, e);
	if (t && !L->t)
		L->t = cJSON_Duplicate(t, 1);
	else if (t)
		overlay(L, t, path, pos, warnfn);
	cJSON_Delete(t);
	cg_yaml_pos_free(pos);
	free(path);
	return t ? 1 : -1;
}

cg_labels *
cg_labels_load(const char *lang, const char *overrides,
    void (*warnfn)(const char *), cg_err *e)
{
	cg_labels *L = xcalloc(1, sizeof *L);
	const char *code = lang ? code_of(lang) : "en";
	char primary[4] = "en";
	int r;

	if (code) {
		snprintf(L->lang, sizeof L->lang, "%s", code);
		snprintf(primary, sizeof primary, "%.*s", (int)strcspn(code, "-"), code);
	} else
		snprintf(L->lang, sizeof L->lang, "en");
	if ((r = load_table(L, "en", warnfn, e)) <= 0) {
		if (r == 0)
			cg_seterr(e, EX_UNAVAILABLE,
			    "site/labels/en.yaml: not found (looked in $CG_ROOT, . and %s); reinstall cg or set CG_ROOT to the source tree",
			    CG_DATADIR);
		goto fail;
	}
	if (strcmp(primary, "en") != 0 || !code) {
		r = code ? load_table(L, primary, warnfn, e) : 0;
		if (r < 0)
			goto fail;
		if (r == 0) {
			cg_buf b = {0};
			cg_buf_printf(&b, "course language \"%s\": no table of the site's words (site/labels/%s.yaml); the site's own words are in English",
			    lang, code ? primary : "LANG");
			say(warnfn, &b);
		}
	}
	if (overrides) {
		cg_yaml_pos *pos = NULL;
		cJSON *t = read_table(overrides, &pos, e);
		if (!t) {
			cg_yaml_pos_free(pos);
			if (e && e->code == EX_NOINPUT)
				cg_seterr(e, EX_NOINPUT, "%s: not found (the course's site.labels)",
				    overrides);
			goto fail;
		}
		overlay(L, t, overrides, pos, warnfn);
		cJSON_Delete(t);
		cg_yaml_pos_free(pos);
	}
	L->rtl = strcmp(cg_label(L, "dir"), "rtl") == 0;
	return L;
fail:
	cg_labels_free(L);
	return NULL;
}

void
cg_labels_free(cg_labels *L)
{
	if (!L)
		return;
	cJSON_Delete(L->t);
	free(L);
}

const char *
cg_label(const cg_labels *L, const char *key)
{
	const cJSON *j = L ? cJSON_GetObjectItemCaseSensitive(L->t, key) : NULL;

	return cJSON_IsString(j) ? j->valuestring : key;
}

/* The text of key into b, placeholders from kv; the text escaped for
 * HTML when html. */
static void
fill(cg_buf *b, const cg_labels *L, const char *key, const char *const *kv,
    int html)
{
	const char *p = cg_label(L, key), *q, *end;
	size_t i;

	while (*p) {
		q = strchr(p, '{');
		end = q ? strchr(q, '}') : NULL;
		if (!q || !end)
			q = end = p + strlen(p);
		if (html)
			cg_md_escape(b, p, (size_t)(q - p));
		else
			cg_buf_add(b, p, (size_t)(q - p));
		if (!*q)
			break;
		for (i = 0; kv && kv[i] && kv[i + 1]; i += 2)
			if (strlen(kv[i]) == (size_t)(end - q - 1) &&
			    strncmp(kv[i], q + 1, (size_t)(end - q - 1)) == 0)
				break;
		if (kv && kv[i] && kv[i + 1])
			cg_buf_puts(b, kv[i + 1]);
		else if (html)
			cg_md_escape(b, q, (size_t)(end - q + 1));
		else
			cg_buf_add(b, q, (size_t)(end - q + 1));
		p = end + 1;
	}
}

char *
cg_labelf(const cg_labels *L, const char *key, const char *const *kv)
{
	cg_buf b = {0};

	fill(&b, L, key, kv, 0);
	return cg_buf_take(&b);
}

void
cg_label_html(cg_buf *b, const cg_labels *L, const char *key,
    const char *const *kv)
{
	fill(b, L, key, kv, 1);
}

const char *
cg_labels_lang(const cg_labels *L)
{
	return L->lang;
}

const char *
cg_labels_dir(const cg_labels *L)
{
	return L->rtl ? "rtl" : "ltr";
}

const cJSON *
cg_labels_table(const cg_labels *L)
{
	return L->t;
}
