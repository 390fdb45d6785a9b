/* mermaid.c — mermaid repair (cg_mmd_parse / cg_mmd_emit) on any reply,
 * under the sanitizers.  What it emits must parse again, to as many nodes
 * and edges.  When it passes
 * cg_mmd_check — the test a generator applies before writing a diagram;
 * one that fails is re-asked, never written — it must be a fixed point:
 * parsed and emitted again, the same text. */
#include "fuzz.h"
#include "mermaid.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size), *out, *out2, *alt;
	cg_err e = {0};
	cg_mmd *m = cg_mmd_parse(text, &e), *m2;

	if (m) {
		out = cg_mmd_emit(m);
		alt = cg_mmd_alt(m, NULL);
		cg_mmd_nnodes(m);
		cg_mmd_nedges(m);
		cg_mmd_dir(m);
		memset(&e, 0, sizeof e);
		m2 = cg_mmd_parse(out, &e);
		FUZZ_ASSERT(m2 != NULL);
		/* no node or edge is lost or made up on the way back */
		FUZZ_ASSERT(cg_mmd_nnodes(m2) == cg_mmd_nnodes(m));
		FUZZ_ASSERT(cg_mmd_nedges(m2) == cg_mmd_nedges(m));
		out2 = cg_mmd_emit(m2);
		memset(&e, 0, sizeof e);
		if (cg_mmd_check(out, &e) == 0)
			FUZZ_ASSERT(strcmp(out, out2) == 0);
		free(out2);
		cg_mmd_free(m2);
		free(alt);
		free(out);
		cg_mmd_free(m);
	}
	free(text);
	return 0;
}
