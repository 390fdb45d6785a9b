/* calllog.c — the call log: one JSON line per attempt and per
 * validation round, appended with one write (see llm.h). */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "client.h"
#include "fsio.h"
#include "json.h"

/* The one table of status names: what the call log says. */
static const char *const status_names[CG_LLM_NSTATUS] = {
	[CG_LLM_NONE] = "none",
	[CG_LLM_OK] = "ok",
	[CG_LLM_LENGTH] = "length",
	[CG_LLM_CONNECT] = "connect",
	[CG_LLM_HOST_DOWN] = "host_down",
	[CG_LLM_TRUNCATED] = "truncated",
	[CG_LLM_STREAM_ERROR] = "stream_error",
	[CG_LLM_PROTOCOL] = "protocol",
	[CG_LLM_RUNAWAY] = "runaway",
	[CG_LLM_CONFIG] = "config",
	[CG_LLM_HTTP] = "http",
	[CG_LLM_FIRST_TOKEN_TIMEOUT] = "first_token_timeout",
	[CG_LLM_STALL] = "stall",
	[CG_LLM_TOTAL_TIMEOUT] = "total_timeout",
	[CG_LLM_WEDGED] = "wedged",
};

const char *
cg_llm_status_name(enum cg_llm_status st)
{
	return (unsigned)st < CG_LLM_NSTATUS && status_names[st] ?
	    status_names[st] : "?";
}

const char *
cg_att_status(const struct cg_att *a, char buf[16])
{
	if (a->status != CG_LLM_HTTP)
		return cg_llm_status_name(a->status);
	snprintf(buf, 16, "http_%03ld", a->http % 1000);
	return buf;
}

void
cg_llm_scrub(char *s)
{
	const char *key = getenv("CG_API_KEY");
	size_t kl;
	char *p;

	if (!key || (kl = strlen(key)) < 4)
		return;
	while ((p = strstr(s, key)))
		memset(p, '*', kl);
}

int
cg_calllog_validate(const cJSON *cfg, const char *tool, const char *kind,
    const char *target, int round, const char *status, const char *problems,
    const cJSON *warnings)
{
	cJSON *l = cJSON_CreateObject(), *pr = cJSON_CreateArray();
	const char *p = problems, *e;
	int r;

	cJSON_AddStringToObject(l, "event", "validate");
	cJSON_AddStringToObject(l, "tool", tool);
	cJSON_AddStringToObject(l, "kind", kind);
	cJSON_AddStringToObject(l, "target", target ? target : "-");
	cJSON_AddNumberToObject(l, "round", round);
	cJSON_AddStringToObject(l, "status", status);
	while (p && *p) {
		size_t n;
		e = strchr(p, '\n');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n) {
			char *one = xstrndup(p, n);
			cJSON_AddItemToArray(pr, cJSON_CreateString(one));
			free(one);
		}
		p = e ? e + 1 : p + n;
	}
	cJSON_AddItemToObject(l, "problems", pr);
	cJSON_AddItemToObject(l, "warnings", warnings ?
	    cJSON_Duplicate(warnings, 1) : cJSON_CreateArray());
	r = cg_calllog(cfg, l);
	cJSON_Delete(l);
	return r;
}

int
cg_calllog(const cJSON *cfg, cJSON *line)
{
	const char *path = getenv("CG_LOG");

	if (!path || !*path)
		path = cg_json_gets(cfg, "llm.log", NULL);
	return cg_calllog_write(path, line);
}

int
cg_calllog_write(const char *path, cJSON *line)
{
	char tbuf[32], *s, *dir, *sl;
	struct stat st;
	off_t before;
	size_t n;
	ssize_t w;
	int fd, r = 0;

	if (!path || !*path)
		return 0;
	if (!cJSON_GetObjectItemCaseSensitive(line, "time")) {
		cg_isotime(tbuf);
		cJSON_AddStringToObject(line, "time", tbuf);
	}
	/* a course run's lines carry the run (make course's pid, CG_RUN):
	 * cg-stats -r counts exactly them */
	if (!cJSON_GetObjectItemCaseSensitive(line, "run") &&
	    getenv("CG_RUN") && atol(getenv("CG_RUN")) > 0)
		cJSON_AddNumberToObject(line, "run", atol(getenv("CG_RUN")));
	/* every line carries when it was written, so cg-stats -r can tell
	 * a run's lines from an earlier run's */
	if (!cJSON_GetObjectItemCaseSensitive(line, "ts")) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		cJSON_AddNumberToObject(line, "ts", round((ts.tv_sec +
		    ts.tv_nsec / 1e9) * 1000) / 1000);
	}
	if ((sl = strrchr(path, '/')) && sl != path) {
		dir = xstrndup(path, (size_t)(sl - path));
		r = cg_mkdirs(dir, NULL);
		free(dir);
		if (r < 0)
			return -1;
	}
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) < 0)
		return -1;
	s = cJSON_PrintUnformatted(line);
	cg_llm_scrub(s);
	n = strlen(s);
	s[n] = '\n';		/* replaces the NUL: one write, one line */
	before = fstat(fd, &st) == 0 ? st.st_size : -1;
	w = write(fd, s, n + 1);
	/* A full disk (or a file size limit) took part of the line: cut
	 * the torn part, so the log still ends with a whole line.  Lines
	 * are appended whole by one write each, so the file ended with a
	 * newline at "before". */
	if (w >= 0 && w < (ssize_t)(n + 1) && before >= 0)
		r = ftruncate(fd, before);
	s[n] = 0;
	free(s);
	if (close(fd) < 0 || w != (ssize_t)(n + 1) || r < 0)
		return -1;
	return 0;
}

static void
addnum(cJSON *o, const char *k, double v, int known)
{
	if (known)
		cJSON_AddNumberToObject(o, k, round(v * 1000) / 1000);
	else
		cJSON_AddNullToObject(o, k);
}


/* What every line of a request says: when (ts, seconds since the epoch),
 * who asked for what, and of which model. */
static void
who(cJSON *l, const struct cg_settings *st, const struct cg_llm_req *rq,
    double wall)
{
	cJSON_AddNumberToObject(l, "ts", round(wall * 1000) / 1000);
	cJSON_AddStringToObject(l, "tool", rq->tool ? rq->tool : "cg");
	cJSON_AddStringToObject(l, "target", rq->target ? rq->target : "-");
	cJSON_AddStringToObject(l, "kind", rq->kind ? rq->kind : "default");
	cJSON_AddStringToObject(l, "provider", st->provider);
	cJSON_AddStringToObject(l, "model", st->model);
}

void
cg_calllog_attempt(const struct cg_settings *st, const struct cg_att *a,
    double np, double backoff)
{
	const struct cg_llm_req *rq = a->rq;
	const char *error = a->msg;
	char sb[16];
	cJSON *l = cJSON_CreateObject(), *w;
	const struct cg_llm_stream *s = &a->st;
	char *host;
	double gen, tps = 0;
	int known = 0;

	cJSON_AddStringToObject(l, "time", a->when);
	who(l, st, rq, a->wall);
	/* the slot's URL was refused if it carried a secret; masked all the
	 * same, as every URL a line or message shows */
	host = cg_config_url_mask(a->slot.url);
	cJSON_AddStringToObject(l, "host", host);
	free(host);
	cJSON_AddNumberToObject(l, "attempt", a->number);
	cJSON_AddNumberToObject(l, "round", rq->round);
	cJSON_AddStringToObject(l, "status", cg_att_status(a, sb));
	if (a->http > 0)
		cJSON_AddNumberToObject(l, "http", a->http);
	else
		cJSON_AddNullToObject(l, "http");
	addnum(l, "queue_wait", a->slot.wait, 1);
	addnum(l, "ttft", a->tfirst - a->t0, a->tfirst > 0);
	addnum(l, "duration", a->duration, 1);
	addnum(l, "prompt_tokens", (double)s->prompt_tokens, s->prompt_tokens >= 0);
	addnum(l, "eval_tokens", (double)s->eval_tokens, s->eval_tokens >= 0);
	if (s->eval_tokens > 0) {
		gen = s->eval_duration > 0 ? s->eval_duration :
		    a->tfirst > 0 ? a->tlast - a->tfirst : 0;
		if (gen > 0) {
			tps = (double)s->eval_tokens / gen;
			known = 1;
		}
	}
	addnum(l, "tok_s", tps, known);
	if (s->cached >= 0)
		cJSON_AddBoolToObject(l, "cache_hit", s->cached);
	else
		cJSON_AddNullToObject(l, "cache_hit");
	addnum(l, "num_predict", np, 1);
	if (s->done_reason[0])
		cJSON_AddStringToObject(l, "done_reason", s->done_reason);
	cJSON_AddNumberToObject(l, "bytes", (double)s->text.len);
	w = cJSON_AddArrayToObject(l, "warnings");
	if (a->status == CG_LLM_LENGTH)
		cJSON_AddItemToArray(w, cJSON_CreateString("reply cut at the "
		    "output cap (num_predict)"));
	if (a->json_done)
		cJSON_AddItemToArray(w, cJSON_CreateString("whitespace after "
		    "the finished JSON document cut"));
	addnum(l, "backoff", backoff, backoff >= 0);
	if (backoff < 0 && (a->status == CG_LLM_OK ||
	    a->status == CG_LLM_LENGTH))
		error = NULL;
	if (error && *error)
		cJSON_AddStringToObject(l, "error", error);
	else
		cJSON_AddNullToObject(l, "error");
	cg_calllog_write(st->log, l);	/* a log that cannot be written is no reason to fail */
	cJSON_Delete(l);
}


void
cg_calllog_cache(const struct cg_settings *st, const struct cg_llm_req *rq,
    const char *key, const struct cg_llm_res *rs)
{
	cJSON *l = cJSON_CreateObject();
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	cJSON_AddStringToObject(l, "event", "cache");
	who(l, st, rq, (double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
	cJSON_AddNumberToObject(l, "round", rq->round);
	cJSON_AddStringToObject(l, "status", "hit");
	cJSON_AddStringToObject(l, "key", key);
	addnum(l, "prompt_tokens", (double)rs->prompt_tokens,
	    rs->prompt_tokens >= 0);
	addnum(l, "eval_tokens", (double)rs->eval_tokens, rs->eval_tokens >= 0);
	if (rs->done_reason[0])
		cJSON_AddStringToObject(l, "done_reason", rs->done_reason);
	cJSON_AddNumberToObject(l, "bytes", (double)rs->len);
	cg_calllog_write(st->log, l);
	cJSON_Delete(l);
}
