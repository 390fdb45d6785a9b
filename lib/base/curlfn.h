/* curlfn.h — libcurl, loaded when it is first needed.
 *
 * A tool that asks no server (a reply from the response cache, a URL
 * already in canonical form, cg-site, cg-check) never maps libcurl and
 * the thirty-odd libraries it pulls in: loading them costs more than the
 * rest of such a tool's run.  The first request, or a URL that needs
 * libcurl's parser, loads it with dlopen (cg_curl_load); the code that
 * uses it includes this header instead of <curl/curl.h> and calls the
 * usual names, which resolve through the table below.
 */
#ifndef CG_CURLFN_H
#define CG_CURLFN_H
#include <curl/curl.h>
#include "util.h"

struct cg_curlfn {
	CURLcode    (*global_init)(long);
	CURL       *(*easy_init)(void);
	void        (*easy_cleanup)(CURL *);
	void        (*easy_reset)(CURL *);
	CURLcode    (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode    (*easy_getinfo)(CURL *, CURLINFO, ...);
	CURLcode    (*easy_perform)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	CURLM      *(*multi_init)(void);
	CURLMcode   (*multi_cleanup)(CURLM *);
	CURLMcode   (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode   (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode   (*multi_perform)(CURLM *, int *);
	CURLMcode   (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int,
		        int, int *);
	CURLMsg    *(*multi_info_read)(CURLM *, int *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void        (*slist_free_all)(struct curl_slist *);
	time_t      (*getdate)(const char *, const time_t *);
	void        (*free)(void *);
	CURLU      *(*url)(void);
	void        (*url_cleanup)(CURLU *);
	CURLUcode   (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
	CURLUcode   (*url_get)(const CURLU *, CURLUPart, char **, unsigned int);
};
extern struct cg_curlfn cg_curlfn;

/* Load libcurl (once) and initialise it.  0, or -1 with EX_UNAVAILABLE
 * naming the library and the package to install.  Every function below
 * may be called only after it returned 0. */
int cg_curl_load(cg_err *e);

/* 1 when libcurl is loaded (for the tests). */
int cg_curl_loaded(void);

#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init        (*cg_curlfn.global_init)
#define curl_easy_init          (*cg_curlfn.easy_init)
#define curl_easy_cleanup       (*cg_curlfn.easy_cleanup)
#define curl_easy_reset         (*cg_curlfn.easy_reset)
#define curl_easy_setopt        (*cg_curlfn.easy_setopt)
#define curl_easy_getinfo       (*cg_curlfn.easy_getinfo)
#define curl_easy_perform       (*cg_curlfn.easy_perform)
#define curl_easy_strerror      (*cg_curlfn.easy_strerror)
#define curl_multi_init         (*cg_curlfn.multi_init)
#define curl_multi_cleanup      (*cg_curlfn.multi_cleanup)
#define curl_multi_add_handle   (*cg_curlfn.multi_add_handle)
#define curl_multi_remove_handle (*cg_curlfn.multi_remove_handle)
#define curl_multi_perform      (*cg_curlfn.multi_perform)
#define curl_multi_poll         (*cg_curlfn.multi_poll)
#define curl_multi_info_read    (*cg_curlfn.multi_info_read)
#define curl_slist_append       (*cg_curlfn.slist_append)
#define curl_slist_free_all     (*cg_curlfn.slist_free_all)
#define curl_getdate            (*cg_curlfn.getdate)
#define curl_free               (*cg_curlfn.free)
#define curl_url                (*cg_curlfn.url)
#define curl_url_cleanup        (*cg_curlfn.url_cleanup)
#define curl_url_set            (*cg_curlfn.url_set)
#define curl_url_get            (*cg_curlfn.url_get)

#endif
