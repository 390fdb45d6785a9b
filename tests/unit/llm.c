/* llm.c — stream parsers (fed whole and byte by byte), the runaway
 * detector, request bodies and endpoints. */
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "fsio.h"
#include "json.h"
#include "llm.h"
#include "settings.h"
#include "slots.h"
#include "tap.h"

static cg_buf sunk;

static void
sink(void *arg, const char *p, size_t n)
{
	(void)arg;
	cg_buf_add(&sunk, p, n);
}

/* Parse body with pieces of size step (0 = all at once); returns feed's
 * and finish's results through *fr. */
static int
parse(struct cg_llm_stream *s, int openai, const char *body, size_t step)
{
	size_t n = strlen(body), i, k;

	cg_llm_stream_init(s, openai);
	s->sink = sink;
	sunk.len = 0;
	if (step == 0)
		step = n ? n : 1;
	for (i = 0; i < n; i += k) {
		k = n - i < step ? n - i : step;
		if (cg_llm_stream_feed(s, body + i, k) < 0)
			return -1;
	}
	return cg_llm_stream_finish(s);
}

static const char ollama_ok[] =
    "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}\n"
    "\n"
    "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"lo \\u00e9\\n\"},\"done\":false}\r\n"
    "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
    "\"done_reason\":\"stop\",\"prompt_eval_count\":12,\"eval_count\":3,"
    "\"eval_duration\":1500000000}\n";

static const char openai_ok[] =
    ": keep-alive\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}],\"usage\":null}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo \\u00e9\\n\"},\"finish_reason\":null}]}\r\n\r\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n"
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,"
    "\"prompt_tokens_details\":{\"cached_tokens\":8}}}\n\n"
    "data: [DONE]\n\n";

static void
test_ollama(void)
{
	struct cg_llm_stream s;
	size_t steps[] = { 0, 1, 2, 7 };
	size_t i;
	char buf[64];

	for (i = 0; i < sizeof steps / sizeof *steps; i++) {
		isnum(parse(&s, 0, ollama_ok, steps[i]), 0,
		    "ollama: complete stream, pieces of %zu", steps[i]);
		is(s.text.s, "Hello \xc3\xa9\n", "ollama: text (pieces of %zu)",
		    steps[i]);
		is(sunk.s, "Hello \xc3\xa9\n", "ollama: sink got the same");
		is(s.done_reason, "stop", "ollama: done_reason");
		isnum(s.prompt_tokens, 12, "ollama: prompt_eval_count");
		isnum(s.eval_tokens, 3, "ollama: eval_count");
		ok(s.eval_duration > 1.49 && s.eval_duration < 1.51,
		    "ollama: eval_duration in seconds");
		isnum(s.cached, -1, "ollama: cache hit unknown");
		cg_llm_stream_free(&s);
	}

	/* EOF without done */
	snprintf(buf, sizeof buf, "%s", "{\"message\":{\"content\":\"a\"},\"done\":false}\n");
	isnum(parse(&s, 0, buf, 1), -1, "ollama: no done = failure");
	is(cg_llm_status_name(s.status), "truncated", "ollama: ... status truncated");
	cg_llm_stream_free(&s);
	/* last line without newline still counts */
	isnum(parse(&s, 0, "{\"message\":{\"content\":\"a\"},\"done\":true}", 3), 0,
	    "ollama: final line without newline");
	is(s.done_reason, "stop", "ollama: done_reason defaults to stop");
	cg_llm_stream_free(&s);
	/* error line under 200 */
	isnum(parse(&s, 0, "{\"message\":{\"content\":\"a\"},\"done\":false}\n"
	    "{\"error\":\"out of memory\"}\n", 1), -1, "ollama: error line");
	is(cg_llm_status_name(s.status), "stream_error", "ollama: ... status stream_error");
	ok(strstr(s.error, "out of memory") != NULL, "ollama: ... message kept");
	cg_llm_stream_free(&s);
	/* garbage */
	isnum(parse(&s, 0, "{\"message\":{\"content\":\"a\"},\"done\":false}\n"
	    "\x01\xff garbage\n", 1), -1, "ollama: garbage line");
	is(cg_llm_status_name(s.status), "protocol", "ollama: ... status protocol");
	cg_llm_stream_free(&s);
	isnum(parse(&s, 0, "<html>404</html>\n", 0), -1, "ollama: html body");
	is(cg_llm_status_name(s.status), "protocol", "ollama: ... status protocol");
	cg_llm_stream_free(&s);
	isnum(parse(&s, 0, "", 0), -1, "ollama: empty body");
	is(cg_llm_status_name(s.status), "truncated", "ollama: ... truncated");
	cg_llm_stream_free(&s);
	isnum(parse(&s, 0, "{\"message\":{\"content\":\"ab\"},\"done\":true,"
	    "\"done_reason\":\"length\"}\n", 1), 0, "ollama: length is complete");
	is(s.done_reason, "length", "ollama: ... done_reason length");
	cg_llm_stream_free(&s);
}

static void
test_openai(void)
{
	struct cg_llm_stream s;
	size_t steps[] = { 0, 1, 3, 5 };
	size_t i;

	for (i = 0; i < sizeof steps / sizeof *steps; i++) {
		isnum(parse(&s, 1, openai_ok, steps[i]), 0,
		    "openai: complete stream, pieces of %zu", steps[i]);
		is(s.text.s, "Hello \xc3\xa9\n", "openai: text (pieces of %zu)",
		    steps[i]);
		is(sunk.s, "Hello \xc3\xa9\n", "openai: sink got the same");
		is(s.done_reason, "length", "openai: finish_reason");
		isnum(s.prompt_tokens, 12, "openai: prompt_tokens");
		isnum(s.eval_tokens, 3, "openai: completion_tokens");
		isnum(s.cached, 1, "openai: cached_tokens > 0 = cache hit");
		cg_llm_stream_free(&s);
	}
	isnum(parse(&s, 1, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n",
	    1), -1, "openai: no [DONE] = failure");
	is(cg_llm_status_name(s.status), "truncated", "openai: ... truncated");
	cg_llm_stream_free(&s);
	isnum(parse(&s, 1, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"
	    "data: [DONE]", 1), 0, "openai: [DONE] without newline");
	cg_llm_stream_free(&s);
	isnum(parse(&s, 1, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"
	    "data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}\n\n",
	    2), -1, "openai: error event");
	is(cg_llm_status_name(s.status), "stream_error", "openai: ... stream_error");
	ok(strstr(s.error, "boom") != NULL, "openai: ... message kept");
	cg_llm_stream_free(&s);
	isnum(parse(&s, 1, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"
	    "#%$@ garbage\n", 1), -1, "openai: garbage line");
	is(cg_llm_status_name(s.status), "protocol", "openai: ... protocol");
	cg_llm_stream_free(&s);
	isnum(parse(&s, 1, "data: not json\n\n", 1), -1, "openai: data not JSON");
	is(cg_llm_status_name(s.status), "protocol", "openai: ... protocol");
	cg_llm_stream_free(&s);
	/* a server that ignored "stream" */
	isnum(parse(&s, 1, "{\"choices\":[{\"message\":{\"content\":\"whole\"},"
	    "\"finish_reason\":\"stop\"}],\n\"usage\":{\"prompt_tokens\":1,"
	    "\"completion_tokens\":2}}\n", 1), 0, "openai: plain JSON reply");
	is(s.text.s, "whole", "openai: ... its text");
	isnum(s.eval_tokens, 2, "openai: ... its usage");
	cg_llm_stream_free(&s);
	/* multi-line data joins with \n (SSE) */
	isnum(parse(&s, 1, "data: {\"choices\":[{\"delta\":\n"
	    "data: {\"content\":\"x\"}}]}\n\ndata: [DONE]\n\n", 1), 0,
	    "openai: multi-line data");
	is(s.text.s, "x", "openai: ... text");
	cg_llm_stream_free(&s);
}

static int
runaway_fed(const char *t)
{
	size_t n = strlen(t), i;

	/* as the client does: check as the text grows, byte by byte */
	for (i = 1; i <= n; i++)
		if (cg_llm_runaway(t, i))
			return (int)i;
	return 0;
}

static void
test_runaway(void)
{
	cg_buf b = { 0 };
	int i, at;
	static const char para[] = "Photosynthesis turns light into chemical "
	    "energy stored in glucose. Chloroplasts hold the pigments.\n\n";

	/* ordinary prose: no false alarm */
	for (i = 0; i < 60; i++)
		cg_buf_printf(&b, "Sentence %d explains step %d of the process "
		    "with different words each time.\n", i, i * 7 % 13);
	cg_buf_puts(&b, "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n");
	for (i = 0; i < 40; i++)
		cg_buf_puts(&b, "    A --> B\n    B --> C\n");
	/* 40 x 24 bytes = 960 bytes of repeated lines: below the bar */
	ok(!runaway_fed(b.s), "prose, a table, a short repeated block: no runaway");
	cg_buf_free(&b);

	for (i = 0; i < 30; i++)
		cg_buf_puts(&b, para);
	at = runaway_fed(b.s);
	ok(at > 0, "the same paragraph repeated: runaway");
	ok(at > 0 && (size_t)at <= CG_LLM_RUNAWAY_BYTES + 2 * sizeof para,
	    "... found soon after %d bytes (at byte %d)", CG_LLM_RUNAWAY_BYTES,
	    at);
	cg_buf_free(&b);

	cg_buf_puts(&b, "{\"a\": 1}");
	for (i = 0; i < 3000; i++)
		cg_buf_putc(&b, i % 50 == 49 ? '\n' : ' ');
	at = runaway_fed(b.s);
	ok(at > 0 && at <= 8 + CG_LLM_RUNAWAY_BYTES,
	    "whitespace after JSON: runaway at byte %d", at);
	cg_buf_free(&b);

	for (i = 0; i < 1500; i++)
		cg_buf_puts(&b, "na ");
	ok(runaway_fed(b.s) > 0, "a short phrase repeated: runaway");
	cg_buf_free(&b);

	/* a few repeats of a long paragraph are not enough */
	for (i = 0; i < 3; i++)
		cg_buf_puts(&b, para);
	ok(!runaway_fed(b.s), "three repeats: no runaway");
	cg_buf_free(&b);
	ok(!cg_llm_runaway("", 0), "empty text");
}

/* The body / endpoint for cfg, through the settings (built-in defaults
 * under what cfg leaves out). */
static cJSON *
body_of(const cJSON *cfg, const struct cg_llm_req *rq)
{
	struct cg_settings st;
	cg_err e;
	cJSON *b = NULL;

	if (cg_settings_init(&st, cfg, NULL, &e) == 0)
		b = cg_llm_body(&st, rq);
	cg_settings_free(&st);
	return b;
}

static char *
endpoint_of(const cJSON *cfg, const char *base)
{
	struct cg_settings st;
	cg_err e;
	char *u = NULL;

	if (cg_settings_init(&st, cfg, NULL, &e) == 0)
		u = cg_llm_endpoint(&st, base);
	cg_settings_free(&st);
	return u;
}

static void
test_body(void)
{
	cJSON *cfg = cJSON_Parse("{\"llm\":{\"model\":\"x:1b\",\"options\":"
	    "{\"seed\":7,\"num_ctx\":4096},\"kinds\":{\"lecture\":{\"num_predict\":"
	    "3000,\"options\":{\"temperature\":0.2}}}}}");
	cJSON *schema = cJSON_Parse("{\"type\":\"object\"}");
	struct cg_llm_req rq = { 0 };
	cJSON *b;
	char *u;

	rq.kind = "lecture";
	rq.system = "sys";
	rq.user = "hi";
	b = body_of(cfg, &rq);
	is(cg_json_gets(b, "model", ""), "x:1b", "body: model");
	ok(cJSON_IsTrue(cg_json_at(b, "stream")), "body: stream true");
	is(cg_json_gets(b, "keep_alive", ""), "30m", "body: keep_alive default");
	isnum(cg_json_getn(b, "options.num_predict", 0), 3000,
	    "body: per-kind num_predict in options");
	isnum(cg_json_getn(b, "options.num_ctx", 0), 4096, "body: num_ctx");
	isnum(cg_json_getn(b, "options.seed", 0), 7, "body: seed");
	ok(cg_json_getn(b, "options.temperature", 0) == 0.2,
	    "body: kind options override");
	isnum(cg_json_getn(b, "options.top_k", 0), 40, "body: default top_k");
	ok(!cg_json_at(b, "temperature"), "body: nothing outside options");
	is(cg_json_gets(b, "messages.0.role", ""), "system", "body: system first");
	is(cg_json_gets(b, "messages.1.content", ""), "hi", "body: user");
	ok(!cg_json_at(b, "format"), "body: no format without schema");
	cJSON_Delete(b);
	rq.kind = "other";
	rq.schema = schema;
	b = body_of(cfg, &rq);
	isnum(cg_json_getn(b, "options.num_predict", 0), 2048,
	    "body: default num_predict");
	is(cg_json_gets(b, "format.type", ""), "object", "body: format = schema");
	cJSON_Delete(b);
	cg_json_set(cfg, "llm.options.num_predict", cJSON_CreateNumber(-1));
	b = body_of(cfg, &rq);
	isnum(cg_json_getn(b, "options.num_predict", 0), 2048,
	    "body: num_predict -1 (unbounded) replaced by a finite cap");
	cJSON_Delete(b);

	cg_json_set(cfg, "llm.provider", cJSON_CreateString("openai"));
	b = body_of(cfg, &rq);
	isnum(cg_json_getn(b, "max_tokens", 0), 2048, "openai: max_tokens");
	ok(cJSON_IsTrue(cg_json_at(b, "stream_options.include_usage")),
	    "openai: include_usage");
	isnum(cg_json_getn(b, "seed", 0), 7, "openai: seed top-level");
	ok(cg_json_getn(b, "temperature", 0) == 0.7, "openai: temperature");
	ok(!cg_json_at(b, "options") && !cg_json_at(b, "keep_alive"),
	    "openai: no options/keep_alive");
	is(cg_json_gets(b, "response_format.type", ""), "json_schema",
	    "openai: response_format");
	is(cg_json_gets(b, "response_format.json_schema.schema.type", ""),
	    "object", "openai: ... schema");
	cJSON_Delete(b);

	u = endpoint_of(cfg, "http://h:1/v1/");
	is(u, "http://h:1/v1/chat/completions", "openai endpoint: /v1 not doubled");
	free(u);
	u = endpoint_of(cfg, "http://h:1");
	is(u, "http://h:1/v1/chat/completions", "openai endpoint: /v1 added");
	free(u);
	cg_json_set(cfg, "llm.provider", cJSON_CreateString("ollama"));
	u = endpoint_of(cfg, "http://h:1/");
	is(u, "http://h:1/api/chat", "ollama endpoint");
	free(u);
	cJSON_Delete(cfg);
	cJSON_Delete(schema);
}

/* A finished JSON document padded with whitespace is kept; anything else
 * padded with whitespace is not. */
static void
test_json_done(void)
{
	cg_buf b = {0};
	size_t i;

	cg_buf_puts(&b, "{\"modules\": [1, 2]}");
	for (i = 0; i < CG_LLM_RUNAWAY_BYTES + 10; i++)
		cg_buf_putc(&b, i % 7 ? ' ' : '\n');
	ok(cg_llm_runaway(b.s, b.len), "JSON + whitespace is a runaway");
	isnum((long)cg_llm_json_done(b.s, b.len), 19,
	    "but the finished document is kept (19 bytes)");
	isnum((long)cg_llm_json_done(b.s, 100), 0,
	    "not before the whitespace counts as a runaway");
	b.s[0] = '[';	/* "[modules": 1, 2]}": no longer a document */
	isnum((long)cg_llm_json_done(b.s, b.len), 0,
	    "an unfinished or broken document is not kept");
	cg_buf_free(&b);
	cg_buf_puts(&b, "Some prose.");
	for (i = 0; i < CG_LLM_RUNAWAY_BYTES + 10; i++)
		cg_buf_putc(&b, ' ');
	isnum((long)cg_llm_json_done(b.s, b.len), 0, "prose is not JSON");
	cg_buf_free(&b);
}

/* Bytes a stream must never lose or die of: a \u0000 escape, lone
 * UTF-16 surrogates, bytes that are not UTF-8.  Each becomes U+FFFD and
 * the rest of the text is kept. */
static void
test_bad_bytes(void)
{
	static const char body[] =
	    "{\"message\":{\"content\":\"a\\u0000b\"},\"done\":false}\n"
	    "{\"message\":{\"content\":\"x\\udcffy\\ud800\"},\"done\":false}\n"
	    "{\"message\":{\"content\":\"\\ud83d\\ude00 \\\\u0000 \xff!\"},\"done\":false}\n"
	    "{\"message\":{\"content\":\"\"},\"done\":true}\n";
	static const char want[] = "a\xef\xbf\xbd" "b" "x\xef\xbf\xbd" "y"
	    "\xef\xbf\xbd" "\xf0\x9f\x98\x80 \\u0000 \xef\xbf\xbd!";
	struct cg_llm_stream s;
	size_t steps[] = { 0, 1, 3 };
	size_t i;
	int r;

	for (i = 0; i < sizeof steps / sizeof *steps; i++) {
		r = parse(&s, 0, body, steps[i]);
		ok(r == 0, "bad bytes, step %zu: the stream completes (%s)",
		    steps[i], s.error);
		ok(s.text.len == sizeof want - 1 && memcmp(s.text.s, want,
		    sizeof want - 1) == 0, "bad bytes, step %zu: U+FFFD for "
		    "each, nothing else changed (%zu bytes)", steps[i],
		    s.text.len);
		cg_llm_stream_free(&s);
	}
}

/* A call-log line cut short by a full disk (here: a file size limit)
 * is cut back off: the log ends with a whole line. */
static void
test_torn_log(void)
{
	char path[] = "/tmp/cglog.XXXXXX", big[2000];
	cJSON *cfg, *l;
	struct stat st;
	struct rlimit rl;
	char *text;
	size_t len;
	off_t first;
	pid_t pid;
	int fd, status = -1;

	if ((fd = mkstemp(path)) < 0) {
		ok(0, "torn log: mkstemp");
		return;
	}
	close(fd);
	unsetenv("CG_LOG");
	cfg = cJSON_CreateObject();
	cg_json_set(cfg, "llm.log", cJSON_CreateString(path));
	l = cJSON_CreateObject();
	cJSON_AddStringToObject(l, "event", "first");
	ok(cg_calllog(cfg, l) == 0, "torn log: a first line");
	cJSON_Delete(l);
	stat(path, &st);
	first = st.st_size;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	if ((pid = fork()) == 0) {
		signal(SIGXFSZ, SIG_IGN);
		rl.rlim_cur = rl.rlim_max = (rlim_t)first + 100;
		setrlimit(RLIMIT_FSIZE, &rl);
		l = cJSON_CreateObject();
		cJSON_AddStringToObject(l, "big", big);
		_exit(cg_calllog(cfg, l) < 0 ? 3 : 0);
	}
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 3,
	    "torn log: the short write is an error (status %d)", status);
	text = cg_read_file(path, &len, NULL);
	ok(text && (off_t)len == first && text[len - 1] == '\n',
	    "torn log: cut back to the last whole line (%zu bytes, want %ld)",
	    len, (long)first);
	free(text);
	cJSON_Delete(cfg);
	unlink(path);
}

/* make's job count from MAKEFLAGS, as make 4.3 writes it */
static void
make_jobs(void)
{
	static const struct { const char *flags; int want; } t[] = {
		{ NULL, 1 }, { "", 1 }, { "s -j4 --jobserver-auth=3,4", 4 },
		{ " -j", 64 }, { "k -j3 --jobserver-auth=3,4 -- X=1", 3 },
		{ "s", 1 }, { " -j12 --jobserver-auth=fifo:/tmp/x", 12 },
		{ "-j2", 2 }, { " -- X=-j9", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (t[i].flags)
			setenv("MAKEFLAGS", t[i].flags, 1);
		else
			unsetenv("MAKEFLAGS");
		isnum(cg_settings_make_jobs(), t[i].want, "MAKEFLAGS \"%s\"",
		    t[i].flags ? t[i].flags : "(unset)");
	}
	unsetenv("MAKEFLAGS");
}

/* The bounds of a stream: a line without a newline, an SSE event without
 * a blank line and a reply over the cap stop the stream with a message,
 * holding no more than the cap, and giving the sink nothing past it. */
static int
bounded(struct cg_llm_stream *s, int openai, const char *head, size_t fill,
    char c, const char *tail, size_t max_line, size_t max_text)
{
	char chunk[4096];
	size_t i, k;
	int r = 0;

	cg_llm_stream_init(s, openai);
	s->sink = sink;
	s->max_line = max_line;
	s->max_text = max_text;
	sunk.len = 0;
	memset(chunk, c, sizeof chunk);
	if (cg_llm_stream_feed(s, head, strlen(head)) < 0)
		return -1;
	for (i = 0; i < fill && r == 0; i += k) {
		k = fill - i < sizeof chunk ? fill - i : sizeof chunk;
		r = cg_llm_stream_feed(s, chunk, k);
	}
	if (r == 0 && tail)
		r = cg_llm_stream_feed(s, tail, strlen(tail));
	return r < 0 ? r : cg_llm_stream_finish(s);
}

static void
test_bounds(void)
{
	struct cg_llm_stream s;
	static const char key[] = "sk-secret-123456";
	static const char split[] =
	    "{\"message\":{\"content\":\"a sk-se\"},\"done\":false}\n"
	    "{\"message\":{\"content\":\"cret-1\"},\"done\":false}\n"
	    "{\"message\":{\"content\":\"23456 b sk-secret-123456\"},\"done\":false}\n"
	    "{\"message\":{\"content\":\"\"},\"done\":true}\n";
	size_t steps[] = { 0, 1, 2, 7 }, i;
	cg_buf b = { 0 };

	/* 10 MB of one NDJSON line with no newline: stopped at the cap */
	isnum(bounded(&s, 0, "{\"message\":{\"content\":\"", 10000000, 'a',
	    NULL, 100000, 32768), -1, "a line with no newline stops the stream");
	is(cg_llm_status_name(s.status), "protocol", "... a protocol error");
	is(s.error, "a reply line of over 100000 bytes; the server sent no "
	    "newline", "... saying so");
	ok(s.line.len <= 100000, "... holding at most the cap (%zu)", s.line.len);
	isnum(sunk.len, 0, "... and printing nothing");
	cg_llm_stream_free(&s);
	/* the same line ended: refused before it is parsed */
	isnum(bounded(&s, 0, "{\"message\":{\"content\":\"", 200000, 'a',
	    "\"},\"done\":true}\n", 100000, 32768), -1, "an ended line over the "
	    "cap too");
	isnum(sunk.len, 0, "... nothing of it printed");
	cg_llm_stream_free(&s);
	/* a line within the line cap whose text is over the text cap */
	isnum(bounded(&s, 0, "{\"message\":{\"content\":\"", 50000, 'a',
	    "\"},\"done\":false}\n", 100000, 32768), -1, "a line of text over "
	    "the reply cap");
	is(cg_llm_status_name(s.status), "runaway", "... a runaway");
	ok(!strncmp(s.error, "runaway reply: 50000 bytes, over the cap of "
	    "32768", 43), "... saying so: %s", s.error);
	isnum(sunk.len, 32768, "... the sink given the cap, not the line");
	cg_llm_stream_free(&s);
	/* SSE: data lines with no blank line, and one endless data line */
	isnum(bounded(&s, 1, "", 300000, 'x', NULL, 100000, 32768), -1,
	    "SSE: an endless line");
	is(s.error, "a reply line of over 100000 bytes; the server sent no "
	    "newline", "... stops at the cap");
	cg_llm_stream_free(&s);
	cg_llm_stream_init(&s, 1);
	s.max_line = 100000;
	for (i = 0; i < 20000 && cg_llm_stream_feed(&s, "data: xxxxxxxxxx\n",
	    17) == 0; i++)
		;
	is(s.error, "an event of over 100000 bytes; the server sent no blank "
	    "line", "SSE: data lines without a blank line stop at the cap");
	ok(s.data.len <= 100000, "... holding at most the cap");
	cg_llm_stream_free(&s);
	isnum(bounded(&s, 1, "{\"choices\":[{\"message\":{\"content\":\"", 300000,
	    'a', NULL, 100000, 32768), -1, "a plain JSON reply over the cap");
	cg_llm_stream_free(&s);
	/* a normal stream is not touched by the bounds */
	isnum(bounded(&s, 0, "{\"message\":{\"content\":\"", 30000, 'a',
	    "\"},\"done\":true}\n", 100000, 32768), 0, "a reply within the "
	    "caps is whole");
	isnum(s.text.len, 30000, "... all of it");
	isnum(sunk.len, 30000, "... given to the sink");
	cg_llm_stream_free(&s);

	/* the API key echoed in the text, split across tokens and reads */
	for (i = 0; i < sizeof steps / sizeof *steps; i++) {
		cg_llm_stream_init(&s, 0);
		cg_llm_stream_free(&s);
		parse(&s, 0, split, steps[i]);
		is(s.text.s, "a sk-secret-123456 b sk-secret-123456", "no key "
		    "given: the text as sent (step %zu)", steps[i]);
		cg_llm_stream_free(&s);
		cg_llm_stream_init(&s, 0);
		s.scrub = key;
		s.sink = sink;
		sunk.len = 0;
		{
			size_t n = strlen(split), j, k, st = steps[i] ? steps[i] : n;
			for (j = 0; j < n; j += k) {
				k = n - j < st ? n - j : st;
				cg_llm_stream_feed(&s, split + j, k);
			}
			cg_llm_stream_finish(&s);
		}
		is(s.text.s, "a " CG_LLM_SCRUBBED " b " CG_LLM_SCRUBBED,
		    "the key is scrubbed from the text (step %zu)", steps[i]);
		cg_buf_putc(&sunk, 0);
		is(sunk.s, "a " CG_LLM_SCRUBBED " b " CG_LLM_SCRUBBED,
		    "... and from what the sink was given (step %zu)", steps[i]);
		cg_llm_stream_free(&s);
	}
	cg_buf_puts(&b, "keyKEY1234 and KEY1234KEY1234");
	isnum(cg_llm_scrub_buf(&b, 4, "KEY1234"), 2, "scrub_buf: every "
	    "occurrence from the offset");
	is(b.s, "keyKEY1234 and [key removed][key removed]", "... replaced");
	b.len = 0;
	cg_buf_puts(&b, "abc");
	isnum(cg_llm_scrub_buf(&b, 0, "ab"), 0, "... a key under 4 bytes is "
	    "not one");
	cg_buf_free(&b);
}

/* cg_term_safe: outside text is shown, never obeyed, by a terminal. */
static void
term_safe(void)
{
	static const char *t[][2] = {
		{ "plain text, \u00e9t\u00e9 \u2192 ok\n\tnext", NULL },
		{ "\x1b]0;pwned\x07title", "\\e]0;pwned\\x07title" },
		{ "clear \x1b[2J now\r", "clear \\e[2J now\\r" },
		{ "del \x7f nul-less \x01", "del \\x7f nul-less \\x01" },
		{ "c1 csi \xc2\x9b" "31m", "c1 csi \\u009b31m" },
		{ "bidi \xe2\x80\xae" "evil", "bidi \\u202eevil" },
		{ "bad \xff\xc3 utf8 \xc0\xaf", "bad \\xff\\xc3 utf8 \\xc0\\xaf" },
		{ "surrogate \xed\xa0\x80", "surrogate \\xed\\xa0\\x80" },
		{ "cut \xe2\x86", "cut \\xe2\\x86" },
	};
	size_t i;
	char *s;

	for (i = 0; i < sizeof t / sizeof *t; i++) {
		s = cg_term_safe(t[i][0]);
		is(s, t[i][1] ? t[i][1] : t[i][0], "term_safe #%zu", i);
		free(s);
	}
	s = cg_term_safe(NULL);
	is(s, "", "term_safe NULL: empty");
	free(s);
}

/* Set the time of the file at path to secs ago. */
static void
backdate(const char *path, double secs)
{
	struct timespec t[2];

	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec -= (time_t)secs;
	t[1] = t[0];
	utimensat(AT_FDCWD, path, t, 0);
}

/* The one file of dir matching *suffix, or "" (static). */
static const char *
markfile(const char *dir, const char *suffix)
{
	static char path[512];
	char *pat = xasprintf("%s/*%s", dir, suffix);
	glob_t g;

	path[0] = 0;
	if (glob(pat, 0, NULL, &g) == 0 && g.gl_pathc == 1)
		snprintf(path, sizeof path, "%s", g.gl_pathv[0]);
	globfree(&g);
	free(pat);
	return path;
}

/* Write "when the refusals began" into the refusals file. */
static void
began(const char *path, double ago)
{
	char t[64];

	snprintf(t, sizeof t, "%.3f\n", (double)time(NULL) - ago);
	cg_write_atomic(path, t, strlen(t), NULL);
}

/* The host-down mark (slots.h): refusals count from their first, the
 * mark holds for its run (or the grace when there is none), an answer
 * clears it. */
static void
host_down(void)
{
	char dir[] = "/tmp/cg-unit-down.XXXXXX", refused[512], *rm;
	const char *url = "http://127.0.0.1:1";
	struct cg_host hosts[2] = { { (char *)url, 1, NULL, NULL },
	    { (char *)"http://127.0.0.1:2", 1, NULL, NULL } };
	double streak = -1;
	int r;

	if (!mkdtemp(dir)) {
		ok(0, "host down: mkdtemp");
		return;
	}
	setenv("CG_LOCKDIR", dir, 1);
	setenv("CG_RUN", "41", 1);
	r = cg_slot_refused(url, &streak);
	ok(r == 0 && streak < 1, "host down: a first refusal does not mark "
	    "it (%d, %.1f s)", r, streak);
	ok(!cg_slot_down(url, NULL), "... not down");
	ok(cg_slot_live(hosts, 2) == 2, "... both hosts live");
	snprintf(refused, sizeof refused, "%s", markfile(dir, ".refused"));
	ok(refused[0] != 0, "... the refusals counted in DIR/KEY.refused");
	began(refused, CG_SLOT_DOWN_GRACE + 1);
	r = cg_slot_refused(url, &streak);
	ok(r == 1 && streak >= CG_SLOT_DOWN_GRACE, "refused for longer than "
	    "the grace: marked down by this call (%d, %.1f s)", r, streak);
	ok(cg_slot_down(url, NULL), "... down");
	ok(*markfile(dir, ".41.down"), "... by DIR/KEY.RUN.down");
	ok(cg_slot_live(hosts, 2) == 1, "... one host live");
	ok(cg_slot_refused(url, &streak) == 2, "... a later refusal finds it "
	    "marked");
	ok(cg_slot_mark_down(url) == 0, "... and so does a process giving up");
	backdate(markfile(dir, ".41.down"), 3600);
	ok(cg_slot_down(url, NULL), "its run: down however old the mark");
	setenv("CG_RUN", "42", 1);
	ok(!cg_slot_down(url, NULL), "another run: not down for it");
	unsetenv("CG_RUN");
	ok(!cg_slot_down(url, NULL), "no run: not down (the run's mark)");
	ok(cg_slot_mark_down(url) == 1, "no run: marked");
	ok(cg_slot_down(url, NULL), "... down for the grace");
	backdate(markfile(dir, ".0.down"), CG_SLOT_DOWN_GRACE + 1);
	ok(!cg_slot_down(url, NULL), "... and not after it");
	cg_slot_answered(url);
	setenv("CG_RUN", "41", 1);
	ok(!cg_slot_down(url, NULL) && !*markfile(dir, ".down"),
	    "an answer removes every mark");
	r = cg_slot_refused(url, &streak);
	ok(r == 0 && streak < 1, "... and the refusals (%d, %.1f s)", r, streak);
	/* refusals further apart than the gap begin a new count */
	began(refused, CG_SLOT_DOWN_GAP + 10);
	backdate(refused, CG_SLOT_DOWN_GAP + 1);
	r = cg_slot_refused(url, &streak);
	ok(r == 0 && streak < 1, "a refusal long after the last begins a new "
	    "count (%d, %.1f s)", r, streak);
	unsetenv("CG_RUN");
	unsetenv("CG_LOCKDIR");
	rm = xasprintf("rm -rf '%s'", dir);
	ok(system(rm) == 0, "host down: temp dir removed");
	free(rm);
}

/* Every status has its own name in the call log's table. */
static void
status_names(void)
{
	int i, j, named = 1, distinct = 1;

	for (i = 0; i < CG_LLM_NSTATUS; i++) {
		if (strcmp(cg_llm_status_name((enum cg_llm_status)i), "?") == 0)
			named = 0;
		for (j = 0; j < i; j++)
			if (strcmp(cg_llm_status_name((enum cg_llm_status)i),
			    cg_llm_status_name((enum cg_llm_status)j)) == 0)
				distinct = 0;
	}
	ok(named, "status names: every status has one");
	ok(distinct, "... no two the same");
	is(cg_llm_status_name(CG_LLM_FIRST_TOKEN_TIMEOUT), "first_token_timeout",
	    "... the call log's words");
	is(cg_llm_status_name(CG_LLM_HOST_DOWN), "host_down", "... host_down");
	is(cg_llm_status_name(CG_LLM_NSTATUS), "?", "... none past the end");
}

int
main(void)
{
	status_names();
	host_down();
	term_safe();
	test_torn_log();
	test_bad_bytes();
	test_ollama();
	test_openai();
	test_runaway();
	test_bounds();
	test_json_done();
	test_body();
	make_jobs();
	cg_buf_free(&sunk);
	return done_testing();
}
