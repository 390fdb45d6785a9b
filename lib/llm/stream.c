#define _GNU_SOURCE 1
/* stream.c — the reply stream, parsed incrementally (see llm.h):
 * Ollama NDJSON and OpenAI server-sent events, the runaway detector and
 * the end of a padded JSON document. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "llm.h"

/* A token count from a server, as a long: a count no server could mean
 * (negative, not finite, past 10^15) is unknown (-1). */
static long
tokens(const cJSON *v)
{
	double d = v->valuedouble;

	return d >= 0 && d <= 1e15 ? (long)d : -1;
}

void
cg_llm_stream_init(struct cg_llm_stream *s, int openai)
{
	memset(s, 0, sizeof *s);
	s->openai = openai;
	s->prompt_tokens = s->eval_tokens = -1;
	s->eval_duration = -1;
	s->cached = -1;
}

void
cg_llm_stream_free(struct cg_llm_stream *s)
{
	cg_buf_free(&s->line);
	cg_buf_free(&s->data);
	cg_buf_free(&s->fix);
	cg_buf_free(&s->text);
}

/* A short printable excerpt of bad bytes for a message. */
static void
excerpt(char *out, size_t outsz, const char *p, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 5 < outsz && i < 40; i++)
		out[k++] = isprint((unsigned char)p[i]) ? p[i] : '?';
	if (i < n && k + 4 < outsz) {
		memcpy(out + k, "...", 3);
		k += 3;
	}
	out[k] = 0;
}

static int
fail(struct cg_llm_stream *s, enum cg_llm_status status, const char *fmt,
    ...)
	__attribute__((format(printf, 3, 4)));
static int
fail(struct cg_llm_stream *s, enum cg_llm_status status, const char *fmt,
    ...)
{
	va_list ap;

	s->status = status;
	va_start(ap, fmt);
	vsnprintf(s->error, sizeof s->error, fmt, ap);
	va_end(ap);
	return -1;
}

static const char fffd[] = "\xef\xbf\xbd";	/* U+FFFD in UTF-8 */

/* The length of the valid UTF-8 sequence at p (at most n bytes), 0 when
 * there is none. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	size_t k, i;
	unsigned c = p[0], min;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		k = 2, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		k = 3, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		k = 4, min = 0x10000;
	else
		return 0;
	if (n < k)
		return 0;
	c &= 0x3f >> (k - 1);
	for (i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return k;
}

/* Append text, each byte that is not part of valid UTF-8 as U+FFFD. */
static void
addtext(struct cg_llm_stream *s, const cJSON *c)
{
	const unsigned char *p, *start;
	size_t n, k;

	if (!cJSON_IsString(c) || !c->valuestring[0])
		return;
	p = start = (const unsigned char *)c->valuestring;
	n = strlen(c->valuestring);
	while (n > 0) {
		if (*p < 0x80) {
			p++, n--;
			continue;
		}
		if ((k = utf8_len(p, n)) > 0) {
			p += k, n -= k;
			continue;
		}
		cg_buf_add(&s->text, (const char *)start, (size_t)(p - start));
		cg_buf_add(&s->text, fffd, 3);
		p++, n--;
		start = p;
	}
	cg_buf_add(&s->text, (const char *)start, (size_t)(p - start));
}

static int
hex4(const char *p, size_t n, unsigned *v)
{
	size_t i;

	*v = 0;
	if (n < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if (!isxdigit((unsigned char)p[i]))
			return -1;
		*v = *v << 4 | (unsigned)(isdigit((unsigned char)p[i]) ?
		    p[i] - '0' : (tolower((unsigned char)p[i]) - 'a' + 10));
	}
	return 0;
}

/* The JSON text p with the escapes cJSON would choke on or cut at
 * replaced by \ufffd: \u0000 (a C string ends there) and UTF-16
 * surrogates without their other half (cJSON rejects the document).
 * Returns p itself when there are none (the usual case). */
static const char *
fix_escapes(struct cg_llm_stream *s, const char *p, size_t *n)
{
	const char *bs;
	size_t i, from = 0;
	unsigned v, w;
	int any = 0;

	s->fix.len = 0;
	for (i = 0; i + 1 < *n; i++) {
		if (!(bs = memchr(p + i, '\\', *n - i - 1)))
			break;
		i = (size_t)(bs - p);
		if (p[i + 1] != 'u' || hex4(p + i + 2, *n - i - 2, &v) < 0) {
			i++;		/* \\, \" ...: skip the escaped byte */
			continue;
		}
		if (v >= 0xd800 && v <= 0xdbff && i + 12 <= *n &&
		    p[i + 6] == '\\' && p[i + 7] == 'u' &&
		    hex4(p + i + 8, *n - i - 8, &w) == 0 && w >= 0xdc00 &&
		    w <= 0xdfff) {
			i += 11;	/* a whole pair */
			continue;
		}
		if (v != 0 && (v < 0xd800 || v > 0xdfff)) {
			i += 5;
			continue;
		}
		cg_buf_add(&s->fix, p + from, i - from);
		cg_buf_puts(&s->fix, "\\ufffd");
		from = i + 6;
		i += 5;
		any = 1;
	}
	if (!any)
		return p;
	cg_buf_add(&s->fix, p + from, *n - from);
	*n = s->fix.len;
	return s->fix.s;
}

size_t
cg_llm_scrub_buf(cg_buf *b, size_t from, const char *key)
{
	size_t kl = key ? strlen(key) : 0, at, n = 0;
	static const char rep[] = CG_LLM_SCRUBBED;
	cg_buf out = { 0 };
	char *p;

	if (kl < 4 || from >= b->len)
		return 0;
	at = from;
	while ((p = memmem(b->s + at, b->len - at, key, kl))) {
		if (!n++)
			cg_buf_add(&out, b->s, from);
		cg_buf_add(&out, b->s + at, (size_t)(p - (b->s + at)));
		cg_buf_add(&out, rep, sizeof rep - 1);
		at = (size_t)(p - b->s) + kl;
	}
	if (!n)
		return 0;
	cg_buf_add(&out, b->s + at, b->len - at);
	cg_buf_free(b);
	*b = out;
	return n;
}

/* Pass the text not yet given to the sink on, in one piece: one write
 * per network read, not one per token.  The key is scrubbed first; while
 * more may come (!last), the last strlen(key) - 1 bytes are held back, as
 * they may be the start of a key that the next read completes.  Never
 * beyond max_text. */
static int
flush(struct cg_llm_stream *s, int last, int r)
{
	size_t hold = 0, upto;

	if (s->scrub && strlen(s->scrub) >= 4) {
		s->grown += (long)cg_llm_scrub_buf(&s->text, s->sent, s->scrub) *
		    ((long)strlen(CG_LLM_SCRUBBED) - (long)strlen(s->scrub));
		hold = last ? 0 : strlen(s->scrub) - 1;
	}
	upto = s->text.len > hold ? s->text.len - hold : 0;
	if (s->max_text && upto > s->max_text)
		upto = s->max_text;
	if (upto <= s->sent)
		return r;
	if (s->sink)
		s->sink(s->sinkarg, s->text.s + s->sent, upto - s->sent);
	s->sent = upto;
	return r;
}

/* The message of an error member: "text" or {"message": "text"}. */
static const char *
errmsg(const cJSON *err)
{
	const char *m;

	if (cJSON_IsString(err))
		return err->valuestring;
	if ((m = cg_json_gets(err, "message", NULL)))
		return m;
	return "unspecified error";
}

/* One stream line as JSON.  Plain cJSON: bench/llm.sh measured no
 * user-visible gain from a private allocator (see the commit that
 * removed it). */
static cJSON *
parse_line(struct cg_llm_stream *s, const char *p, size_t n)
{
	p = fix_escapes(s, p, &n);
	return cJSON_ParseWithLength(p, n);
}

static int
ollama_line(struct cg_llm_stream *s, const char *p, size_t n)
{
	const cJSON *err, *v;
	char ex[64];
	cJSON *j;

	while (n > 0 && isspace((unsigned char)*p))
		p++, n--;
	if (n == 0)
		return 0;
	if (!(j = parse_line(s, p, n)) || !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		excerpt(ex, sizeof ex, p, n);
		return fail(s, CG_LLM_PROTOCOL, "server sent a line that is "
		    "not JSON: \"%s\"", ex);
	}
	s->events++;
	if ((err = cJSON_GetObjectItemCaseSensitive(j, "error"))) {
		fail(s, CG_LLM_STREAM_ERROR, "server error in stream: %s",
		    errmsg(err));
		cJSON_Delete(j);
		return -1;
	}
	addtext(s, cg_json_at(j, "message.content"));
	addtext(s, cJSON_GetObjectItemCaseSensitive(j, "response"));
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "done"))) {
		s->done = 1;
		snprintf(s->done_reason, sizeof s->done_reason, "%s",
		    cg_json_gets(j, "done_reason", "stop"));
		if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(j,
		    "prompt_eval_count")))
			s->prompt_tokens = tokens(v);
		if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(j,
		    "eval_count")))
			s->eval_tokens = tokens(v);
		if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(j,
		    "eval_duration")))
			s->eval_duration = v->valuedouble / 1e9;
	}
	cJSON_Delete(j);
	return 0;
}

/* One OpenAI document: a stream chunk, or a whole (non-streamed) reply. */
static int
openai_doc(struct cg_llm_stream *s, const char *p, size_t n)
{
	const cJSON *err, *ch, *u, *v;
	char ex[64];
	cJSON *j;

	if (n == 6 && memcmp(p, "[DONE]", 6) == 0) {
		s->done = 1;
		return 0;
	}
	if (!(j = parse_line(s, p, n)) || !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		excerpt(ex, sizeof ex, p, n);
		return fail(s, CG_LLM_PROTOCOL, "server sent data that is not "
		    "JSON: \"%s\"", ex);
	}
	s->events++;
	if ((err = cJSON_GetObjectItemCaseSensitive(j, "error")) &&
	    !cJSON_IsNull(err)) {
		fail(s, CG_LLM_STREAM_ERROR, "server error in stream: %s",
		    errmsg(err));
		cJSON_Delete(j);
		return -1;
	}
	ch = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "choices"), 0);
	if (ch) {
		addtext(s, cg_json_at(ch, "delta.content"));
		if (s->raw)
			addtext(s, cg_json_at(ch, "message.content"));
		if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(ch,
		    "finish_reason")))
			snprintf(s->done_reason, sizeof s->done_reason, "%s",
			    v->valuestring);
	}
	if (cJSON_IsObject(u = cJSON_GetObjectItemCaseSensitive(j, "usage"))) {
		if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(u,
		    "prompt_tokens")))
			s->prompt_tokens = tokens(v);
		if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(u,
		    "completion_tokens")))
			s->eval_tokens = tokens(v);
		if (cJSON_IsNumber(v = cg_json_at(u,
		    "prompt_tokens_details.cached_tokens")))
			s->cached = v->valuedouble > 0;
	}
	if (s->raw)
		s->done = 1;
	cJSON_Delete(j);
	return 0;
}

static int
sse_line(struct cg_llm_stream *s, const char *p, size_t n)
{
	char ex[64];
	int r;

	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (s->raw) {
		if (s->max_line && s->data.len + n + 1 > s->max_line)
			return fail(s, CG_LLM_PROTOCOL, "a reply of over %zu "
			    "bytes in one JSON document", s->max_line);
		cg_buf_add(&s->data, p, n);
		cg_buf_putc(&s->data, '\n');
		return 0;
	}
	if (n == 0) {			/* end of an event */
		if (s->data.len == 0)
			return 0;
		r = openai_doc(s, s->data.s, s->data.len);
		s->data.len = 0;
		return r;
	}
	if (p[0] == ':')		/* comment / keep-alive */
		return 0;
	if (n >= 5 && memcmp(p, "data:", 5) == 0) {
		p += 5, n -= 5;
		if (n > 0 && *p == ' ')
			p++, n--;
		if (s->max_line && s->data.len + n + 1 > s->max_line)
			return fail(s, CG_LLM_PROTOCOL, "an event of over %zu "
			    "bytes; the server sent no blank line",
			    s->max_line);
		if (s->data.len)
			cg_buf_putc(&s->data, '\n');
		cg_buf_add(&s->data, p, n);
		/* [DONE] needs no blank line after it to count */
		if (s->data.len == 6 && memcmp(s->data.s, "[DONE]", 6) == 0) {
			s->done = 1;
			s->data.len = 0;
		}
		return 0;
	}
	if ((n >= 6 && memcmp(p, "event:", 6) == 0) ||
	    (n >= 3 && memcmp(p, "id:", 3) == 0) ||
	    (n >= 6 && memcmp(p, "retry:", 6) == 0))
		return 0;
	if (s->events == 0 && s->data.len == 0 && p[0] == '{') {
		/* not SSE: a plain JSON reply (stream ignored) */
		s->raw = 1;
		cg_buf_add(&s->data, p, n);
		cg_buf_putc(&s->data, '\n');
		return 0;
	}
	excerpt(ex, sizeof ex, p, n);
	return fail(s, CG_LLM_PROTOCOL, "server sent a line that is not an "
	    "event-stream field: \"%s\"", ex);
}

static int
one_line(struct cg_llm_stream *s, const char *p, size_t n)
{
	return s->openai ? sse_line(s, p, n) : ollama_line(s, p, n);
}

/* -1 when a line of len bytes (no end seen yet: open) is over the cap. */
static int
too_long(struct cg_llm_stream *s, size_t len)
{
	if (!s->max_line || len <= s->max_line)
		return 0;
	return fail(s, CG_LLM_PROTOCOL, "a reply line of over %zu bytes; the "
	    "server sent no newline", s->max_line);
}

/* -1 when the text is past its cap: the reply as the server sent it (the
 * scrubbing of a key, done as the text is passed on, is not counted, so
 * the verdict does not depend on how the body was read). */
static int
over_cap(struct cg_llm_stream *s)
{
	size_t len = (size_t)((long)s->text.len - s->grown);

	if (!s->max_text || len <= s->max_text)
		return 0;
	return fail(s, CG_LLM_RUNAWAY, "runaway reply: %zu bytes, over the "
	    "cap of %zu (num_predict)", len, s->max_text);
}

int
cg_llm_stream_feed(struct cg_llm_stream *s, const char *p, size_t n)
{
	const char *nl;
	size_t k;

	if (s->status)
		return -1;
	while (n > 0) {
		if (!(nl = memchr(p, '\n', n))) {
			if (too_long(s, s->line.len + n) < 0)
				return flush(s, 0, -1);
			cg_buf_add(&s->line, p, n);
			break;
		}
		k = (size_t)(nl - p);
		if (too_long(s, s->line.len + k) < 0)
			return flush(s, 0, -1);
		if (s->line.len) {
			cg_buf_add(&s->line, p, k);
			if (one_line(s, s->line.s, s->line.len) < 0)
				return flush(s, 0, -1);
			s->line.len = 0;
		} else if (one_line(s, p, k) < 0) {
			return flush(s, 0, -1);
		}
		if (over_cap(s) < 0)
			return flush(s, 0, -1);
		p += k + 1, n -= k + 1;
	}
	return flush(s, 0, 0);
}

int
cg_llm_stream_finish(struct cg_llm_stream *s)
{
	if (s->status)
		return -1;
	if (s->line.len) {
		if (one_line(s, s->line.s, s->line.len) < 0)
			return flush(s, 1, -1);
		s->line.len = 0;
	}
	if (s->openai && (s->raw || s->data.len)) {
		int r = s->raw || !s->done ?
		    openai_doc(s, s->data.s, s->data.len) : 0;
		s->data.len = 0;
		if (r < 0)
			return flush(s, 1, -1);
	}
	if (over_cap(s) < 0)
		return flush(s, 1, -1);
	flush(s, 1, 0);
	if (!s->done) {
		if (s->events == 0 && s->text.len == 0)
			return fail(s, CG_LLM_TRUNCATED, "the server closed "
			    "the connection without sending a reply");
		return fail(s, CG_LLM_TRUNCATED, "the stream ended without its "
		    "final chunk (%zu bytes of reply so far)", s->text.len);
	}
	return 0;
}

int
cg_llm_runaway(const char *t, size_t len)
{
	size_t i, p, m, need, pmax;

	for (i = len; i > 0 && len - i < CG_LLM_RUNAWAY_BYTES &&
	    isspace((unsigned char)t[i - 1]); i--)
		;
	if (len - i >= CG_LLM_RUNAWAY_BYTES)
		return 1;
	if (len < CG_LLM_RUNAWAY_BYTES)
		return 0;
	pmax = len / CG_LLM_RUNAWAY_REPEATS;
	if (pmax > CG_LLM_RUNAWAY_PERIOD)
		pmax = CG_LLM_RUNAWAY_PERIOD;
	for (p = 1; p <= pmax; p++) {
		need = CG_LLM_RUNAWAY_REPEATS * p;
		if (need < CG_LLM_RUNAWAY_BYTES)
			need = CG_LLM_RUNAWAY_BYTES;
		if (need > len)
			break;
		/* the last need bytes are periodic with period p */
		for (m = 0; m < need - p; m++)
			if (t[len - 1 - m] != t[len - 1 - m - p])
				break;
		if (m == need - p)
			return 1;
	}
	return 0;
}

size_t
cg_llm_json_done(const char *t, size_t len)
{
	size_t end = len;
	char *doc;
	cJSON *j;

	while (end > 0 && isspace((unsigned char)t[end - 1]))
		end--;
	if (len - end < CG_LLM_RUNAWAY_BYTES || end == 0)
		return 0;
	doc = xstrndup(t, end);
	j = cJSON_Parse(doc);
	free(doc);
	if (!j)
		return 0;
	cJSON_Delete(j);
	return end;
}

