/* ndjson.c — the stream parser for Ollama's NDJSON stream (cg_llm_stream_*) on any
 * body, fed in pieces whose sizes come from the input itself: whole or
 * split anywhere, it must give the same text and verdict. */
#include "fuzz.h"
#include "llm.h"

static int
run(const uint8_t *data, size_t size, size_t step, char **text)
{
	struct cg_llm_stream s;
	size_t i, k;
	int r = 0;

	cg_llm_stream_init(&s, 0);
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a, *b;
	size_t step;
	int ra, rb;

	if (size < 1)
		return 0;
	step = 1 + data[0] % 17;
	ra = run(data + 1, size - 1, 0, &a);
	rb = run(data + 1, size - 1, step, &b);
	FUZZ_ASSERT(ra == rb && strcmp(a, b) == 0);
	free(a);
	free(b);
	return 0;
}
