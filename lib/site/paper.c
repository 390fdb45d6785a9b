/* paper.c — the paper of the course's PDFs (see site.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "site.h"
#include "json.h"

/* The region subtag of a BCP 47 code (two letters after the language,
 * "en-GB", "zh-Hans-CN"), or NULL. */
static const char *
region(const char *lang)
{
	const char *r;

	for (r = strchr(lang, '-'); r; r = strchr(r + 1, '-'))
		if (isalpha((unsigned char)r[1]) && isalpha((unsigned char)r[2]) &&
		    (!r[3] || r[3] == '-'))
			return r + 1;
	return NULL;
}

const char *
cg_site_paper_for(const char *lang)
{
	const char *r;

	if (!lang || !*lang)
		lang = "en";
	r = region(lang);
	if (r)
		return strncasecmp(r, "US", 2) == 0 || strncasecmp(r, "CA", 2) == 0 ?
		    "letter" : "a4";
	return strncasecmp(lang, "en", 2) == 0 && (!lang[2] || lang[2] == '-') ?
	    "letter" : "a4";
}

const char *
cg_site_paper(const cJSON *course, const char *name, cg_err *e)
{
	const cJSON *p = cg_json_at(course, "site.paper");

	if (!p || cJSON_IsNull(p))
		return cg_site_paper_for(cg_site_langcode(
		    cg_json_gets(course, "course.language", NULL)));
	if (cJSON_IsString(p) && strcasecmp(p->valuestring, "a4") == 0)
		return "a4";
	if (cJSON_IsString(p) && strcasecmp(p->valuestring, "letter") == 0)
		return "letter";
	cg_seterr(e, EX_DATAERR, "%s: site.paper: must be \"a4\" or \"letter\", not %s%s%s",
	    name, cJSON_IsString(p) ? "\"" : "",
	    cJSON_IsString(p) ? p->valuestring : "a non-string", cJSON_IsString(p) ? "\"" : "");
	return NULL;
}

const char *
cg_site_paper_of(const char *out, cg_err *e)
{
	char *path = xasprintf("%s/course.json", out);
	cJSON *c = cg_json_load(path, e);
	const char *r = c ? cg_site_paper(c, path, e) : NULL;

	cJSON_Delete(c);
	free(path);
	return r;
}
