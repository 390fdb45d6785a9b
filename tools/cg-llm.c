/* cg-llm — the generic LLM client.
 *
 * Takes a prompt from its arguments (joined with spaces), else from stdin
 * (or -i FILE), and sends it to the configured
 * server (Ollama /api/chat or an OpenAI-compatible /v1/chat/completions)
 * with the resolved configuration's model, options and timeouts, and
 * streams the completion to stdout as it arrives, or writes it atomically
 * to -o FILE.  Retries, timeouts and the call log are the library's
 * (llm.h): this is the shell's door to exactly what every content tool uses.
 * With -P it reads no prompt: it probes every configured host (make
 * doctor) and prints what it found.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "config.h"
#include "fsio.h"
#include "json.h"
#include "llm.h"

static const char *cflag, *iflag, *Fflag, *mflag, *oflag, *sflag, *Tflag,
    *uflag;
static int Pflag;

static const struct cg_opt opts[] = {
	{ 'c', "course", "COURSE.json", "use this resolved configuration" },
	{ 'F', "format", "SCHEMA.json", "ask for JSON matching this JSON schema" },
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'i', "input", "FILE", "read the prompt from FILE, not standard input" },
	{ 'm', "model", "MODEL", "use this model" },
	{ 'o', "output", "FILE", "write the completion to FILE atomically" },
	{ 'P', "probe", NULL, "probe the hosts instead of sending a prompt" },
	{ 's', "system", "SYSTEM", "send SYSTEM as the system message" },
	{ 'T', "kind", "KIND", "apply the settings of llm.kinds.KIND, log under it" },
	{ 'u', "url", "URL", "use the server at URL, replacing llm.hosts" },
	{ 'v', "verbose", NULL, "report attempts, timings and tokens on standard error" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 0 },
};
static const struct cg_cli cli = {
	"usage: %1$s [-hPvV] [-c COURSE.json] [-F SCHEMA.json] [-i FILE] "
	"[-m MODEL] [-o FILE] [-s SYSTEM] [-T KIND] [-u URL] [PROMPT ...]\n",
	opts, "fi"
};

static void
usage(FILE *f)
{
	cg_usage(&cli, f, f == stdout ? 0 : EX_USAGE);
}


/* The prompt: the arguments joined with spaces, else stdin or -i FILE.
 * Dies (64) when there is none, or it is only white space: nothing is
 * sent. */
static char *
getprompt(int argc, char *argv[])
{
	cg_buf b = { 0 };
	cg_err e = { 0 };
	char *p;
	int i;

	if (argc > 0) {
		for (i = 0; i < argc; i++)
			cg_buf_printf(&b, "%s%s", i ? " " : "", argv[i]);
		p = cg_buf_take(&b);
	} else if (!(p = cg_read_input(iflag, NULL, &e))) {
		if (e.code == EX_USAGE) {
			usage(stderr);
			exit(EX_USAGE);
		}
		die_err(&e);
	}
	if (!p || !p[strspn(p, " \t\r\n\f\v")])
		die(EX_USAGE, "the prompt is empty; give it as arguments, on "
		    "standard input, or with -i FILE");
	return p;
}

/* What went to stdout so far, to check it against the final reply, and
 * the errno of the first failed write (0: none). */
static cg_buf out;
static int outerr;

static void
writeout(const char *p, size_t n)
{
	if (!outerr && ((n && fwrite(p, 1, n, stdout) != n) ||
	    fflush(stdout) == EOF))
		outerr = errno ? errno : EIO;
}

static void
to_stdout(void *arg, const char *p, size_t n)
{
	(void)arg;
	cg_buf_add(&out, p, n);
	writeout(p, n);
}

static void
finish_stdout(const struct cg_llm_res *rs)
{
	if (out.len > rs->len || memcmp(out.s ? out.s : "", rs->text, out.len))
		die(EX_TEMPFAIL, "a retry produced a different reply after part "
		    "of the first was written; re-run, or use -o FILE");
	writeout(rs->text + out.len, rs->len - out.len);
	if (!outerr && rs->len && rs->text[rs->len - 1] != '\n' && isatty(1))
		writeout("\n", 1);
	if (!outerr && ferror(stdout))
		outerr = EIO;
	if (outerr) {
		errno = outerr;
		die(EX_IOERR, "write error on stdout:");
	}
}

/* -P: the report on stdout; dies with the first host's problem. */
static void
probe(const struct cg_settings *set)
{
	cg_buf out = { 0 };
	cg_err e = { 0 };
	int r = cg_llm_probe(set, &out, &e);

	if (out.len && fwrite(out.s, 1, out.len, stdout) != out.len)
		die(EX_IOERR, "write error on stdout:");
	if (fflush(stdout) == EOF)
		die(EX_IOERR, "write error on stdout:");
	cg_buf_free(&out);
	if (r < 0)
		die_err(&e);
}

int
main(int argc, char *argv[])
{
	struct cg_llm_req rq = { 0 };
	struct cg_llm_res rs;
	struct cg_settings set;
	cg_prov *prov = NULL;
	cJSON *cfg, *schema = NULL, *j;
	cg_err e = { 0 };
	char *prompt;
	int c;

	cg_setprog(argv[0]);
	/* over the file-size limit a write fails (EFBIG) and is reported,
	 * instead of the signal killing the program that has the reply */
	signal(SIGXFSZ, SIG_IGN);
	while ((c = cg_getopt(argc, argv, &cli)) != -1) {
		switch (c) {
		case 'c': cflag = optarg; break;
		case 'F': Fflag = optarg; break;
		case 'i': iflag = optarg; break;
		case 'm': mflag = optarg; break;
		case 'o': oflag = optarg; break;
		case 'P': Pflag = 1; break;
		case 's': sflag = optarg; break;
		case 'T': Tflag = optarg; break;
		case 'u': uflag = optarg; break;
		case 'v': cg_verbose = 1; break;
		default: usage(stderr); return EX_USAGE;
		}
	}
	if ((Pflag && (optind != argc || iflag || Fflag || oflag || sflag ||
	    Tflag)) || (iflag && optind != argc)) {
		usage(stderr);
		return EX_USAGE;
	}
	if (oflag && strcmp(oflag, "-") == 0)
		oflag = NULL;		/* "-o -" is standard output */
	prompt = Pflag ? NULL : getprompt(argc - optind, argv + optind);
	if (!(cfg = cg_config_runtime(cflag, &prov, &e)))
		die_err(&e);
	/* screened only: the client makes it canonical when it first asks
	 * (slots.h), so a reply from the cache loads no libcurl */
	if (uflag) {
		if (cg_config_url_check(uflag, &e) < 0)
			die(e.code, "-u: %s", e.msg);
		cg_json_set(cfg, "llm.url", cJSON_CreateString(uflag));
		if ((j = cJSON_GetObjectItemCaseSensitive(cfg, "llm")))
			cJSON_DeleteItemFromObjectCaseSensitive(j, "hosts");
	}
	if (mflag && cg_settings_ctrl(mflag) >= 0)
		die(EX_CONFIG, "-m: the model name has a control character "
		    "(byte %d); give the name alone", mflag[cg_settings_ctrl(mflag)]);
	if (mflag)
		cg_json_set(cfg, "llm.model", cJSON_CreateString(mflag));
	if (Fflag && !(schema = cg_json_load(Fflag, &e)))
		die_err(&e);
	if (cg_settings_init(&set, cfg, prov, &e) < 0)
		die_err(&e);
	set.oneshot = 1;	/* a refused connection is said at once */
	if (Pflag) {
		probe(&set);
		goto done;
	}

	rq.kind = Tflag;
	rq.tool = argv0;
	rq.target = oflag ? oflag : "-";
	rq.system = sflag;
	rq.user = prompt;
	rq.schema = schema;
	if (!oflag)
		rq.sink = to_stdout;
	if (cg_llm_call(&set, &rq, &rs, &e) < 0)
		die_err(&e);
	cg_info("%s: %d attempt(s), first token %.3f s, %.3f s, %ld+%ld tokens, "
	    "%s", rs.host, rs.attempts, rs.ttft, rs.duration, rs.prompt_tokens,
	    rs.eval_tokens, rs.done_reason);
	if (strcmp(rs.done_reason, "length") == 0)
		warn("the reply was cut at the output cap (done_reason "
		    "\"length\"); raise llm.kinds.%s.num_predict",
		    Tflag ? Tflag : "KIND");
	if (schema && !(j = cJSON_ParseWithLength(rs.text, rs.len)))
		warn("the reply is not JSON although -F asked for a schema");
	else if (schema)
		cJSON_Delete(j);
	if (oflag) {
		if (cg_write_atomic(oflag, rs.text, rs.len, &e) < 0)
			die_err(&e);
	} else {
		finish_stdout(&rs);
	}
	cg_llm_res_free(&rs);
	cg_buf_free(&out);
done:
	cJSON_Delete(schema);
	cJSON_Delete(cfg);
	cg_settings_free(&set);
	cg_prov_free(prov);
	free(prompt);
	return 0;
}
