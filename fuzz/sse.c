/* sse.c — the stream parser on the OpenAI SSE stream; see stream.h. */
#include "stream.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_stream(1, data, size);
}
