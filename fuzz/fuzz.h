/* fuzz.h — what every libFuzzer harness in fuzz/ shares.
 *
 * Each harness is one fuzz/NAME.c with LLVMFuzzerTestOneInput, built by
 * `make fuzz` with clang -fsanitize=fuzzer,address,undefined against the
 * library rooms built the same way (build-fuzz/).  A harness calls the
 * library's public API only, frees everything it gets (leaks are
 * reported), and abort()s when a property the API promises is broken.
 */
#ifndef CG_FUZZ_H
#define CG_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string (it may hold NULs before the end).
 * Caller frees. */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#define FUZZ_ASSERT(c) do { if (!(c)) abort(); } while (0)

#endif
