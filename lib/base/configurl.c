/* configurl.c — the server URL (config.h): the screen before parsing
 * (cg_config_url_check), the masked form for messages
 * (cg_config_url_mask), and the canonical form by libcurl's URL API,
 * loaded when first needed (cg_config_url).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "curlfn.h"

#include "config.h"

/* Where the user name and password of u start and end (the authority's
 * text before its last "@"), and where its query or fragment starts;
 * positions into u, *at 0 when it has none, *q strlen(u) when none.  A
 * text that is not a URL at all is read the same way, scheme or not. */
static void
url_spans(const char *u, size_t *user, size_t *at, size_t *q)
{
	const char *p = strstr(u, "://"), *a = p ? p + 3 : u, *end;
	const char *last = NULL;

	end = a + strcspn(a, "/?#");
	for (p = a; p < end; p++)
		if (*p == '@')
			last = p;
	*user = (size_t)(a - u);
	*at = last ? (size_t)(last - u) : 0;
	*q = strcspn(u, "?#");
}

char *
cg_config_url_mask(const char *u)
{
	size_t user, at, q, i, n;
	const char *eq;
	cg_buf b = { 0 };

	if (!u)
		return xstrdup("");
	url_spans(u, &user, &at, &q);
	if (at)
		cg_buf_add(&b, u, user), cg_buf_puts(&b, "***");
	cg_buf_add(&b, u + at, q - at);
	/* the query: each part's name kept, its value hidden (a part
	 * without "=" is a value in itself); the fragment hidden */
	for (i = q; u[i] && u[i] != '#'; i += n) {
		cg_buf_putc(&b, u[i++]);	/* "?", "&" or ";" */
		n = strcspn(u + i, "&;#");
		if ((eq = memchr(u + i, '=', n)))
			cg_buf_add(&b, u + i, (size_t)(eq - (u + i)) + 1);
		if (n)
			cg_buf_puts(&b, "***");
	}
	if (u[i] == '#')
		cg_buf_puts(&b, "#***");
	return cg_buf_take(&b);
}

int
cg_config_url_check(const char *u, cg_err *e)
{
	size_t user, at, q, i;
	char *m;

	if (!u || !*u)
		return cg_seterr(e, EX_CONFIG, "empty server URL; give one such "
		    "as http://127.0.0.1:11434");
	for (i = 0; u[i]; i++)
		if ((unsigned char)u[i] < 0x20 || u[i] == 0x7f)
			return cg_seterr(e, EX_CONFIG, "server URL has a control "
			    "character (byte %d); use http://HOST:PORT",
			    (unsigned char)u[i]);
	url_spans(u, &user, &at, &q);
	if (!at && !u[q])
		return 0;
	m = cg_config_url_mask(u);
	if (at)
		cg_seterr(e, EX_CONFIG, "\"%.200s\": a server URL must not carry "
		    "a user name or password; give the key in CG_API_KEY and "
		    "the URL as http://HOST:PORT", m);
	else
		cg_seterr(e, EX_CONFIG, "\"%.200s\": a server URL must not have "
		    "a query (\"?\") or fragment (\"#\"); the client adds the "
		    "API's path to it; give it as http://HOST:PORT[/PATH] and "
		    "a key in CG_API_KEY", m);
	free(m);
	return -1;
}

/* A part of u, or NULL; caller curl_free()s. */
static char *
urlpart(CURLU *u, CURLUPart what)
{
	char *v = NULL;

	return curl_url_get(u, what, &v, 0) == CURLUE_OK ? v : NULL;
}

/* The parts of a server URL libcurl read, or NULL with e when it is not
 * one; the text given is named masked. */
static CURLU *
url_read(const char *full, const char *shown, char **host,
    char **port, cg_err *e)
{
	CURLU *u;
	char *x;
	long pn;

	*host = *port = NULL;
	if (!(u = curl_url())) {
		cg_seterr(e, EX_SOFTWARE, "out of memory");
		return NULL;
	}
	if (curl_url_set(u, CURLUPART_URL, full, 0) != CURLUE_OK ||
	    !(*host = urlpart(u, CURLUPART_HOST)) || !**host) {
		cg_seterr(e, EX_CONFIG, "\"%.200s\": not a usable server URL "
		    "(bad character, host or port); use http://HOST:PORT", shown);
		goto bad;
	}
	/* what the screen did not see, libcurl did (one grammar) */
	if ((x = urlpart(u, CURLUPART_USER)) || (x = urlpart(u,
	    CURLUPART_PASSWORD)) || (x = urlpart(u, CURLUPART_QUERY)) ||
	    (x = urlpart(u, CURLUPART_FRAGMENT))) {
		curl_free(x);
		cg_seterr(e, EX_CONFIG, "\"%.200s\": a server URL must not carry "
		    "a user name, password, query or fragment; use "
		    "http://HOST:PORT[/PATH]", shown);
		goto bad;
	}
	if ((*port = urlpart(u, CURLUPART_PORT))) {
		pn = strtol(*port, &x, 10);
		if (*x || pn < 1 || pn > 65535) {
			cg_seterr(e, EX_CONFIG, "\"%.200s\": port must be a "
			    "number from 1 to 65535", shown);
			goto bad;
		}
	}
	return u;
bad:
	curl_free(*host);
	curl_free(*port);
	*host = *port = NULL;
	curl_url_cleanup(u);
	return NULL;
}

char *
cg_config_url(const char *host, cg_err *e)
{
	char *in = xstrdup(host ? host : ""), *t = cg_trim(in), *full = NULL;
	char *h = NULL, *port = NULL, *out = NULL, *x, *shown;
	const char *sep;
	CURLU *u = NULL;
	size_t n;

	if (cg_config_url_check(t, e) < 0) {
		free(in);
		return NULL;
	}
	shown = cg_config_url_mask(t);
	if ((sep = strstr(t, "://"))) {
		n = (size_t)(sep - t);
		if (!((n == 4 && strncasecmp(t, "http", 4) == 0) ||
		    (n == 5 && strncasecmp(t, "https", 5) == 0))) {
			cg_seterr(e, EX_CONFIG, "\"%.200s\" is not an http(s) URL; "
			    "use http://HOST:PORT", shown);
			goto out;
		}
		full = xstrdup(t);
	} else {
		/* Ollama's form: "host", "host:port", ":port" */
		full = xasprintf("http://%s%s", *t == ':' && t[1] != ':' ?
		    "127.0.0.1" : "", t);
	}
	if (cg_curl_load(e) < 0 || !(u = url_read(full, shown, &h, &port, e)))
		goto out;
	if (!port && !sep)		/* bare host: Ollama's own port */
		curl_url_set(u, CURLUPART_PORT, "11434", 0);
	/* the server's "listen everywhere" addresses mean this machine */
	if (strcmp(h, "0.0.0.0") == 0)
		curl_url_set(u, CURLUPART_HOST, "127.0.0.1", 0);
	else if (strcmp(h, "[::]") == 0)
		curl_url_set(u, CURLUPART_HOST, "[::1]", 0);
	if (!(x = urlpart(u, CURLUPART_URL))) {
		cg_seterr(e, EX_CONFIG, "\"%.200s\": not a usable server URL; "
		    "use http://HOST:PORT", shown);
		goto out;
	}
	n = strlen(x);
	while (n > 0 && x[n - 1] == '/')
		n--;
	out = xstrndup(x, n);
	curl_free(x);
out:
	if (u) {
		curl_free(h);
		curl_free(port);
		curl_url_cleanup(u);
	}
	free(shown);
	free(full);
	free(in);
	return out;
}

