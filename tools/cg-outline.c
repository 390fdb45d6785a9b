/* cg-outline — write the course outline.
 *
 * Reads the resolved configuration (course.json, from cg-config) and writes
 * outline.json: the modules and sessions of the course.  The model is asked
 * with the outline's JSON schema; the reply is validated here anyway
 * (servers ignore schemas silently): exact module and session counts, an
 * even spread, item bounds, no empty strings.  A reply that falls short is
 * sent back with its problems listed, a bounded number of times, then the
 * tool fails (65): never a silently wrong outline.  When the course names
 * its own outline file (course.outline), that file is validated and used
 * as is, and no model is asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clean.h"
#include "config.h"
#include "fsio.h"
#include "json.h"
#include "llm.h"
#include "outline.h"
#include "tmpl.h"
#include "util.h"

static const char *outpath;
static int force;

static void
usage(int code)
{
	fprintf(code ? stderr : stdout,
	    "usage: %s [-fhvV] [-o FILE] [COURSE.json]\n", argv0);
	exit(code);
}

/* The course facts outline.json carries: configuration is their source. */
static cJSON *
coursefacts(const cJSON *course)
{
	static const char *const keys[] = { "name", "subject", "level",
	    "description", "language", "duration_weeks" };

	return cg_json_pick(course, keys, sizeof keys / sizeof *keys);
}

/* Write {"course": facts, "modules": o.modules}, guarded. */
static void
emit(cJSON *o, const cJSON *facts)
{
	cg_err e = {0};
	cJSON *doc = cJSON_CreateObject();
	char *s;

	cJSON_AddItemToObject(doc, "course", cJSON_Duplicate(facts, 1));
	cJSON_AddItemToObject(doc, "modules",
	    cJSON_DetachItemFromObjectCaseSensitive(o, "modules"));
	s = cg_json_print(doc);
	if (outpath ? cg_guard_write(outpath, s, strlen(s), &e) :
	    cg_write_output(NULL, s, strlen(s), &e))
		die_err(&e);
	free(s);
	cJSON_Delete(doc);
}

/* Use the user's own outline file. */
static void
useroutline(const char *path, const cJSON *facts)
{
	cg_err e = {0};
	cg_buf p = {0};
	cJSON *o = cg_json_load(path, &e);

	if (!o)
		die_err(&e);
	cg_outline_normalise(o);
	if (cg_outline_check(o, &p))
		die(EX_DATAERR, "%s: not a usable outline:\n%s", path, p.s);
	/* the user's own course facts, where given, win */
	{
		cJSON *c = cJSON_Duplicate(facts, 1);
		cg_json_merge(c, cJSON_GetObjectItemCaseSensitive(o, "course"));
		emit(o, c);
		cJSON_Delete(c);
	}
	cJSON_Delete(o);
}

int
main(int argc, char *argv[])
{
	cg_err e = {0};
	cJSON *cfg, *course, *facts, *schema, *spread, *ctx, *o = NULL;
	struct cg_tmpl t = {0};
	cg_buf probs = {0};
	const char *user;
	int c, round, rounds;

	cg_setprog(argv[0]);
	while ((c = getopt(argc, argv, "fho:vV")) != -1) {
		switch (c) {
		case 'f': force = 1; break;
		case 'h': usage(0); break;
		case 'o': outpath = optarg; break;
		case 'v': cg_verbose = 1; break;
		case 'V': puts(CG_VERSION); return 0;
		default: usage(EX_USAGE);
		}
	}
	if (argc - optind > 1)
		usage(EX_USAGE);
	if (!(cfg = cg_json_load(argc > optind ? argv[optind] : NULL, &e)))
		die_err(&e);
	cg_config_env(cfg);
	if (cg_config_check_course(cfg, NULL, argc > optind ? argv[optind] :
	    "<stdin>", &e) < 0)
		die_err(&e);
	course = cJSON_GetObjectItemCaseSensitive(cfg, "course");
	facts = coursefacts(course);
	if (keep_edited(outpath, force))
		goto done;
	if ((user = cg_json_gets(course, "outline", NULL)) && *user) {
		useroutline(user, facts);
		goto done;
	}

	if (cg_tmpl_load("outline", &t, &e) < 0)
		die_err(&e);
	schema = cg_outline_schema(course);
	spread = cJSON_CreateArray();
	{
		int nm = (int)cg_json_getn(course, "modules", 1), i;
		int ns = (int)cg_json_getn(course, "sessions", nm);
		for (i = 0; i < nm; i++)
			cJSON_AddItemToArray(spread, cJSON_CreateNumber(
			    cg_outline_spread(ns, nm, i)));
	}
	rounds = 1 + (int)cg_json_getn(cfg, "llm.validate_retries", 2);
	for (round = 0; round < rounds; round++) {
		struct cg_llm_req rq = {0};
		struct cg_llm_res rs = {0};
		char *sys = NULL, *usr = NULL, *js;
		cg_err pe = {0};

		ctx = cJSON_CreateObject();
		cJSON_AddItemReferenceToObject(ctx, "course", course);
		cJSON_AddItemReferenceToObject(ctx, "sessions_per_module", spread);
		if (probs.len)
			cJSON_AddStringToObject(ctx, "problems", probs.s);
		if (cg_tmpl_prompt(&t, ctx, &sys, &usr, &e) < 0)
			die_err(&e);
		cJSON_Delete(ctx);
		rq.kind = "outline";
		rq.tool = argv0;
		rq.target = outpath ? outpath : "-";
		rq.system = sys;
		rq.user = usr;
		rq.schema = schema;
		rq.round = round;
		if (cg_llm_chat(cfg, &rq, &rs, &e) < 0)
			die_err(&e);
		free(sys);
		free(usr);
		cg_buf_free(&probs);
		cJSON_Delete(o);
		o = NULL;
		if (!(js = cg_clean_json(rs.text)))
			cg_buf_puts(&probs, "the reply contained no JSON object; "
			    "reply with the JSON document only\n");
		else if (!(o = cg_json_parse(js, strlen(js), "reply", &pe)))
			cg_buf_printf(&probs, "the reply was not valid JSON (%s); "
			    "reply with the complete JSON document only\n",
			    pe.msg);
		else {
			cg_outline_normalise(o);
			if (!cg_outline_check(o, &probs))
				cg_outline_check_counts(o, course, &probs);
		}
		if (!probs.len && strcmp(rs.done_reason, "length") == 0)
			cg_buf_puts(&probs, "the reply was cut off; be more "
			    "concise\n");
		free(js);
		cg_llm_res_free(&rs);

		cg_calllog_validate(cfg, argv0, "outline", rq.target, round,
		    !probs.len ? "ok" : round + 1 < rounds ? "retry" : "fail",
		    probs.s, NULL);
		if (!probs.len)
			break;
		cg_info("round %d: %s", round + 1, probs.s);
	}
	if (probs.len)
		die(EX_DATAERR, "the model's outline is still wrong after %d "
		    "attempts; nothing written:\n%s", rounds, probs.s);
	emit(o, facts);
	cJSON_Delete(o);
	cJSON_Delete(schema);
	cJSON_Delete(spread);
	cg_tmpl_free(&t);
done:
	cJSON_Delete(facts);
	cJSON_Delete(cfg);
	return 0;
}
