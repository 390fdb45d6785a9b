/* clean.c — prose clean-up (cg_clean_prose), the JSON extractor, the
 * word count and the meta-line test on any reply; cleaning never gives
 * NULL, not even when run again on its own output. */
#include "fuzz.h"
#include "clean.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size), *c, *c2, *j;
	int removed = 0;

	c = cg_clean_prose(text, &removed);
	if (c) {
		cg_clean_words(c);
		c2 = cg_clean_prose(c, NULL);
		FUZZ_ASSERT(c2 != NULL);
		free(c2);
		free(c);
	}
	if ((j = cg_clean_json(text)))
		free(j);
	cg_clean_is_meta(text, strlen(text));
	free(text);
	return 0;
}
