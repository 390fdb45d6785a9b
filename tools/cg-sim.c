/* cg-sim — a simulated LLM server for tests, demos and benchmarks.
 *
 * Reads nothing; listens on 127.0.0.1 and speaks the Ollama API and the
 * OpenAI-compatible chat API with deterministic generated replies
 * (markdown, mermaid, JSON from a schema — or, with -S, what a model writes
 * when the server ignores the schema; with -Q, as a small model writes
 * them, and with -Q -Q in the shapes real 4B replies take), paced token streams, FIFO slots,
 * a queue limit and injected faults; llama.cpp's /props and vLLM's
 * max_model_len report its slots and context length (-C).  Writes the bound port alone on the
 * first line of stdout, so scripts can start it with -p 0 and read the port.
 * Runs until SIGTERM, SIGINT or SIGHUP, then closes every connection and
 * exits 0.
 */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util.h"
#include "simsrv.h"

static struct cg_simsrv_opts opt = {
	.slots = 1, .queue = 512, .models = "gemma3:4b", .words = 600,
	.retry_after = 1, .fault_tokens = 5,
};

enum { O_ERR500 = 256, O_ERR503, O_ERR429, O_RETRY, O_STALL, O_DROP,
	O_ERRLINE, O_GARBAGE, O_SLOW, O_BADSCHEMA, O_FTOK, O_NOPROPS };

static const struct cg_opt opts[] = {
	{ 'C', "context", "CONTEXT", "the context length reported (default 131072)" },
	{ 'h', "help", NULL, "print this help and exit" },
	{ 'm', "models", "MODELS", "comma-separated model names (default gemma3:4b)" },
	{ 'p', "port", "PORT", "listen on PORT; 0, the default, picks a free one" },
	{ 'Q', "quirks", NULL, "answer like a small real model (twice: more so)" },
	{ 'q', "queue", "QUEUE", "at most QUEUE requests wait for a slot (512)" },
	{ 'r', "rate", "RATE", "tokens per second per stream (0: no limit)" },
	{ 'S', "ignore-schema", NULL, "ignore JSON schemas, as some servers do" },
	{ 's', "slots", "SLOTS", "parallel generations (default 1)" },
	{ 'V', "version", NULL, "print the name and version and exit" },
	{ 'w', "words", "WORDS", "length of markdown replies in words (600)" },
	{ O_NOPROPS, "no-props", NULL, "answer /props with 404" },
	{ O_ERR500, "err500", "N", "fault: HTTP 500 to requests 1, N+1, 2N+1, ..." },
	{ O_ERR503, "err503", "N", "fault: HTTP 503 (server busy)" },
	{ O_ERR429, "err429", "N", "fault: HTTP 429 with Retry-After" },
	{ O_RETRY, "retry-after", "SECS", "the Retry-After of --err429 (default 1)" },
	{ O_GARBAGE, "garbage", "N", "fault: HTTP 200 with a body that is not JSON" },
	{ O_STALL, "stall", "N", "fault: stall after --fault-tokens tokens" },
	{ O_DROP, "drop", "N", "fault: close the connection after --fault-tokens" },
	{ O_ERRLINE, "errline", "N", "fault: an error line after --fault-tokens" },
	{ O_FTOK, "fault-tokens", "N", "tokens sent before a fault (default 5)" },
	{ O_BADSCHEMA, "badschema", "N", "fault: JSON that violates the request's schema" },
	{ O_SLOW, "slow-first", "SECS", "wait SECS before the first token of a reply" },
	{ 0 },
};
static const struct cg_cli cli = {
	"usage: %1$s [-hQSV] [-C context] [-p port] [-r rate] [-s slots] [-q queue]\n"
	"\t[-m models] [-w words] [--no-props]\n"
	"\t[--err500 n] [--err503 n] [--err429 n] [--retry-after secs] [--stall n]\n"
	"\t[--drop n] [--errline n] [--garbage n] [--badschema n]\n"
	"\t[--fault-tokens n] [--slow-first secs]\n",
	opts, NULL
};

static void
usage(FILE *f)
{
	cg_usage(&cli, f, f == stdout ? 0 : EX_USAGE);
}

static long
num(const char *s, const char *what, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi) {
		warn("%s must be a whole number from %ld to %ld, not \"%s\"",
		    what, lo, hi, s);
		usage(stderr);
		exit(EX_USAGE);
	}
	return v;
}

static double
real(const char *s, const char *what)
{
	char *end;
	double v = strtod(s, &end);

	if (*s == '\0' || *end != '\0' || !(v >= 0 && v <= 1e6)) {
		warn("%s must be a number from 0 to 1000000, not \"%s\"",
		    what, s);
		usage(stderr);
		exit(EX_USAGE);
	}
	return v;
}

int
main(int argc, char *argv[])
{
	cg_simsrv *s;
	sigset_t set;
	cg_err e = { 0 };
	int c, sig;

	cg_setprog(argv[0]);
	while ((c = cg_getopt(argc, argv, &cli)) != -1) {
		switch (c) {
		case 'Q': opt.quirks += opt.quirks < 2; break;
		case 'S': opt.noschema = 1; break;
		case 'p': opt.port = (unsigned)num(optarg, "-p port", 0, 65535); break;
		case 'r': opt.rate = real(optarg, "-r rate"); break;
		case 's': opt.slots = (int)num(optarg, "-s slots", 1, 1024); break;
		case 'q': opt.queue = (int)num(optarg, "-q queue", 0, 100000); break;
		case 'm':
			if (!*optarg) {
				warn("-m needs at least one model name");
				usage(stderr);
				return EX_USAGE;
			}
			opt.models = optarg;
			break;
		case 'w': opt.words = (int)num(optarg, "-w words", 1, 1000000); break;
		case 'C': opt.context = num(optarg, "-C context", 1, 100000000); break;
		case O_NOPROPS: opt.noprops = 1; break;
		case O_ERR500: opt.err500 = (int)num(optarg, "--err500", 0, INT_MAX); break;
		case O_ERR503: opt.err503 = (int)num(optarg, "--err503", 0, INT_MAX); break;
		case O_ERR429: opt.err429 = (int)num(optarg, "--err429", 0, INT_MAX); break;
		case O_RETRY:
			opt.retry_after = (int)num(optarg, "--retry-after", 0, 86400);
			break;
		case O_STALL: opt.stall = (int)num(optarg, "--stall", 0, INT_MAX); break;
		case O_DROP: opt.drop = (int)num(optarg, "--drop", 0, INT_MAX); break;
		case O_ERRLINE: opt.errline = (int)num(optarg, "--errline", 0, INT_MAX); break;
		case O_GARBAGE: opt.garbage = (int)num(optarg, "--garbage", 0, INT_MAX); break;
		case O_SLOW: opt.slow_first = real(optarg, "--slow-first"); break;
		case O_BADSCHEMA:
			opt.badschema = (int)num(optarg, "--badschema", 0, INT_MAX);
			break;
		case O_FTOK:
			opt.fault_tokens = (int)num(optarg, "--fault-tokens", 0, INT_MAX);
			break;
		default: usage(stderr); return EX_USAGE;
		}
	}
	if (optind != argc) {
		warn("unexpected argument \"%s\"", argv[optind]);
		usage(stderr);
		return EX_USAGE;
	}

	/* Every thread inherits this mask; only sigwait() below sees them. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	if (!(s = cg_simsrv_start(&opt, &e)))
		die_err(&e);
	printf("%u\n", cg_simsrv_port(s));
	if (fflush(stdout) == EOF || ferror(stdout))
		die(EX_IOERR, "stdout:");
	if (cg_verbose)
		cg_info("listening on http://127.0.0.1:%u", cg_simsrv_port(s));
	sigwait(&set, &sig);
	cg_simsrv_stop(s);
	return 0;
}
