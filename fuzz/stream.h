/* stream.h — the stream parsers (cg_llm_stream_*, NDJSON for Ollama,
 * SSE for OpenAI) on any body, fed in pieces whose sizes come from the
 * input itself: whole or split anywhere, they must give the same text and
 * verdict.  The first byte's high bit turns on small bounds (a line
 * cap, a text cap) and the scrubbing of a key, which must not depend on
 * the split either.  Shared by ndjson.c and sse.c. */
#include "fuzz.h"
#include "llm.h"

static int
run(int openai, int bounds, const uint8_t *data, size_t size, size_t step,
    char **text)
{
	struct cg_llm_stream s;
	size_t i, k;
	int r = 0;

	cg_llm_stream_init(&s, openai);
	if (bounds) {
		s.max_line = 512;
		s.max_text = 256;
		s.scrub = "sk-fuzz";
	}
	for (i = 0; i < size && r == 0; i += k) {
		k = step && size - i > step ? step : size - i;
		r = cg_llm_stream_feed(&s, (const char *)data + i, k);
	}
	if (r == 0)
		r = cg_llm_stream_finish(&s);
	*text = s.text.s ? strdup(s.text.s) : strdup("");
	cg_llm_stream_free(&s);
	return r;
}

static int
fuzz_stream(int openai, const uint8_t *data, size_t size)
{
	char *a, *b;
	size_t step;
	int ra, rb;

	if (size < 1)
		return 0;
	step = 1 + (data[0] & 0x7f) % 17;
	ra = run(openai, data[0] >> 7, data + 1, size - 1, 0, &a);
	rb = run(openai, data[0] >> 7, data + 1, size - 1, step, &b);
	FUZZ_ASSERT(ra == rb && strcmp(a, b) == 0);
	free(a);
	free(b);
	return 0;
}
