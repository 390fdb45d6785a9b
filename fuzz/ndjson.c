/* ndjson.c — the stream parser on Ollama's NDJSON stream; see stream.h. */
#include "stream.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_stream(0, data, size);
}
