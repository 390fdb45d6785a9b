/* yaml.c — the YAML loader (cg_yaml_parse) on any bytes: a tree or an
 * error with a message naming the document, never a crash or a leak. */
#include "fuzz.h"
#include "yaml.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cg_yaml_pos *pos = NULL;
	cg_err e = {0};
	cJSON *j = cg_yaml_parse((const char *)data, size, "f.yaml", &pos, &e);
	int l, c;

	if (!j) {
		FUZZ_ASSERT(e.code != 0 && strncmp(e.msg, "f.yaml", 6) == 0);
		return 0;
	}
	cg_yaml_where(pos, "", 0, &l, &c);
	if (j->child && j->child->string)
		cg_yaml_where(pos, j->child->string, 1, &l, &c);
	cg_yaml_pos_free(pos);
	cJSON_Delete(j);
	return 0;
}
