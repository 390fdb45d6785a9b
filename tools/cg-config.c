/* cg-config — resolve the configuration of a course.
 *
 * Reads the built-in defaults, config/llm.yaml, config/content.yaml, the
 * course yaml given as argument, the environment (CG_URL, OLLAMA_HOST,
 * CG_MODEL, CG_PROVIDER) and -s overrides, in that order, and writes the
 * resolved document as pretty JSON: this is OUT/course.json, the one input
 * every later tool reads.  With -k it writes only what determines the
 * outline, so make remakes the outline exactly when that changes; -g
 * prints one value (the course slug for the output directory).  -o
 * writes with write-if-changed: an unchanged file keeps its mtime.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "fsio.h"
#include "json.h"
#include "kinds.h"
#include "util.h"

static int kflag, Kflag;
static const char *gflag, *oflag;

static const struct cg_opt opts[] = {
	{ 'g', "get", "KEY", "print only the value at the dotted KEY" },
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'K', "kinds", NULL, "print the content kinds table instead" },
	{ 'k', "outline-key", NULL, "print the outline key instead" },
	{ 'o', "output", "FILE", "write to FILE (only when its bytes change)" },
	{ 's', "set", "KEY=VALUE", "set the dotted KEY to VALUE (may be repeated)" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 0 },
};
static const struct cg_cli cli = {
	"usage: %1$s [-hKkV] [-g KEY] [-o FILE] [-s KEY=VALUE]... [COURSE.yaml]\n",
	opts, NULL
};

static void
usage(FILE *f, int code)
{
	cg_usage(&cli, f, code);
}

static void
warnmsg(const char *msg)
{
	warn("%s", msg);
}

/* The first key whose value differs between a and b (a JSON path such
 * as "course.level" into buf), or 0 when they are equal. */
static int
firstdiff(const cJSON *a, const cJSON *b, const char *at, char *buf,
    size_t sz)
{
	const cJSON *x, *y;
	char p[256];

	if (cJSON_Compare(a, b, 1))
		return 0;
	if (cJSON_IsObject(a) && cJSON_IsObject(b)) {
		cJSON_ArrayForEach(x, a) {
			snprintf(p, sizeof p, "%s%s%s", at, *at ? "." : "",
			    x->string);
			y = cJSON_GetObjectItemCaseSensitive(b, x->string);
			if (!y || firstdiff(x, y, p, buf, sz)) {
				if (!y || !*buf)
					snprintf(buf, sz, "%s", p);
				return 1;
			}
		}
		cJSON_ArrayForEach(y, b)
			if (!cJSON_GetObjectItemCaseSensitive(a, y->string)) {
				snprintf(buf, sz, "%s%s%s", at, *at ? "." : "",
				    y->string);
				return 1;
			}
	}
	snprintf(buf, sz, "%s", *at ? at : "the settings");
	return 1;
}

/* -k -o FILE: when the outline key changes under an outline already
 * made, say which setting makes the outline be made again. */
static void
rekey(const char *path, const char *text)
{
	cJSON *old = cg_json_load(path, NULL), *new = cJSON_Parse(text);
	char *dir = xstrdup(path), *o, what[256] = "";

	if (strrchr(dir, '/'))
		*strrchr(dir, '/') = '\0';
	else
		strcpy(dir, ".");
	o = xasprintf("%s/outline.json", dir);
	if (old && new && access(o, F_OK) == 0 &&
	    firstdiff(new, old, "", what, sizeof what))
		fprintf(stderr, "%s: %s changed: the outline is made again "
		    "(its sessions may change)\n", argv0, what);
	free(o);
	free(dir);
	cJSON_Delete(old);
	cJSON_Delete(new);
}

int
main(int argc, char *argv[])
{
	char **ovr = NULL, *text;
	const char *course = NULL;
	int novr = 0, c, r;
	cJSON *cfg, *key = NULL;
	cg_prov *prov = NULL;
	const cJSON *doc;
	cg_err e = { 0 };

	cg_setprog(argv[0]);
	while ((c = cg_getopt(argc, argv, &cli)) != -1)
		switch (c) {
		case 'g':
			gflag = optarg;
			break;
		case 'K':
			Kflag = 1;
			break;
		case 'k':
			kflag = 1;
			break;
		case 'o':
			oflag = optarg;
			break;
		case 's':
			ovr = xrealloc(ovr, (size_t)(novr + 1) * sizeof *ovr);
			ovr[novr++] = optarg;
			break;
		default:
			usage(stderr, EX_USAGE);
		}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage(stderr, EX_USAGE);
	if (argc == 1)
		course = argv[0];

	if (!(cfg = cg_config_resolve(course, ovr, novr, warnmsg, &prov, &e)))
		die_err(&e);
	free(ovr);
	if (course && cg_config_check_course(cfg, prov, course, &e) < 0)
		die_err(&e);
	if (Kflag)
		doc = key = cg_kinds_json();
	else
		doc = kflag ? (key = cg_config_outline_key(cfg)) : cfg;
	if (gflag) {
		if (!(doc = cg_json_at(doc, gflag)))
			die(EX_USAGE, "-g %s: no such key in the %s", gflag,
			    Kflag ? "kinds table" : kflag ? "outline key" :
			    "configuration");
		if (cJSON_IsString(doc)) {
			text = xasprintf("%s\n", doc->valuestring);
		} else {
			char *js = cg_json_compact(doc);
			text = xasprintf("%s\n", js);
			free(js);
		}
	} else {
		text = cg_json_print(doc);
	}
	cJSON_Delete(key);
	cJSON_Delete(cfg);
	cg_prov_free(prov);
	if (kflag && oflag && strcmp(oflag, "-") != 0)
		rekey(oflag, text);
	if (oflag && strcmp(oflag, "-") != 0)
		r = cg_write_if_changed(oflag, text, strlen(text), &e);
	else
		r = cg_write_output(NULL, text, strlen(text), &e);
	free(text);
	if (r < 0)
		die_err(&e);
	return 0;
}
