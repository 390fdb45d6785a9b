/* curlfn.c — libcurl, loaded when it is first needed (see curlfn.h). */
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "curlfn.h"

struct cg_curlfn cg_curlfn;

static const struct {
	const char *name;
	size_t      off;
} syms[] = {
#define S(f, n) { "curl_" n, offsetof(struct cg_curlfn, f) }
	S(global_init, "global_init"), S(easy_init, "easy_init"),
	S(easy_cleanup, "easy_cleanup"), S(easy_reset, "easy_reset"),
	S(easy_setopt, "easy_setopt"), S(easy_getinfo, "easy_getinfo"),
	S(easy_perform, "easy_perform"), S(easy_strerror, "easy_strerror"),
	S(multi_init, "multi_init"), S(multi_cleanup, "multi_cleanup"),
	S(multi_add_handle, "multi_add_handle"),
	S(multi_remove_handle, "multi_remove_handle"),
	S(multi_perform, "multi_perform"), S(multi_poll, "multi_poll"),
	S(multi_info_read, "multi_info_read"),
	S(slist_append, "slist_append"), S(slist_free_all, "slist_free_all"),
	S(getdate, "getdate"), S(free, "free"), S(url, "url"),
	S(url_cleanup, "url_cleanup"), S(url_set, "url_set"),
	S(url_get, "url_get"),
#undef S
};

/* The library's file name: the soname of libcurl 7.16 and later. */
static const char *const libs[] = { "libcurl.so.4", "libcurl.so" };

static int loaded;

int
cg_curl_loaded(void)
{
	return loaded;
}

int
cg_curl_load(cg_err *e)
{
	void *h = NULL, *f;
	const char *why = "";
	size_t i;

	if (loaded)
		return 0;
	for (i = 0; !h && i < sizeof libs / sizeof *libs; i++)
		if (!(h = dlopen(libs[i], RTLD_NOW | RTLD_LOCAL)) && i == 0)
			why = dlerror();
	if (!h)
		return cg_seterr(e, EX_UNAVAILABLE, "cannot load libcurl "
		    "(%s); install it (Debian: apt-get install libcurl4)", why);
	for (i = 0; i < sizeof syms / sizeof *syms; i++) {
		if (!(f = dlsym(h, syms[i].name)))
			return cg_seterr(e, EX_UNAVAILABLE, "libcurl has no %s: "
			    "it is older than cg needs (7.66); install a newer "
			    "libcurl4",
			    syms[i].name);
		memcpy((char *)&cg_curlfn + syms[i].off, &f, sizeof f);
	}
	/* SSL set-up costs milliseconds; curl initialises it lazily for an
	 * https:// URL when asked for nothing here */
	if (cg_curlfn.global_init(CURL_GLOBAL_NOTHING) != CURLE_OK)
		return cg_seterr(e, EX_SOFTWARE, "cannot initialise libcurl");
	loaded = 1;
	return 0;
}
