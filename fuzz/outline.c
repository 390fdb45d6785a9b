/* outline.c — the outline checks and rendering on any JSON document:
 * cg_outline_validate (cg-plan's and cg-site's), cg_outline_check_counts,
 * the two-step checks (skeleton, module),
 * normalisation and markdown. */
#include "fuzz.h"
#include "outline.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *o = cJSON_ParseWithLength((const char *)data, size);
	cJSON *course = cJSON_Parse("{\"modules\":2,\"sessions\":3,"
	    "\"items\":{\"min\":1,\"max\":4}}");
	cg_buf p = {0};
	char *md;
	int n;

	if (o) {
		n = cg_outline_validate(o, &p);
		FUZZ_ASSERT(!n == !p.len);	/* problems come with words */
		cg_outline_check_counts(o, course, &p, &p);
		cg_outline_check_skeleton(o, course, &p);
		cg_outline_check_module(o, course, 1, &p, &p);
		cg_outline_normalise(o);
		cg_outline_nsessions(o);
		md = cg_outline_markdown(o);
		free(md);
		if (!n) {	/* a valid outline stays valid once normalised */
			p.len = 0;
			FUZZ_ASSERT(cg_outline_validate(o, &p) == 0);
		}
	}
	cg_buf_free(&p);
	cJSON_Delete(o);
	cJSON_Delete(course);
	return 0;
}
