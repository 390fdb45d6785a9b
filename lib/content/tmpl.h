/* tmpl.h — prompt templates: prompts/KIND.md, loaded and rendered.
 *
 * A template file is YAML front matter between two "---" lines, then the
 * user-prompt body:
 *
 *   ---
 *   description: one line, for docs
 *   system: |
 *     the system prompt, itself a template
 *   ---
 *   body ...
 *
 * The front matter is a flat mapping of strings; "system" is required,
 * every key is kept in meta.
 *
 * Template syntax (a tiny mustache):
 *   {{a.b.c}}        insert a value: a string as is, a number as %g
 *                    (integers in full), true/false, an array of scalars
 *                    joined with ", "; missing, null or object: nothing.
 *                    A numeric segment indexes an array: {{req.words.0}}.
 *   {{#each a.b}} ... {{/each}}
 *                    repeat for each element of an array (a truthy
 *                    non-array value counts as one element).  Inside:
 *                    {{.}} the element, {{.title}} a member of it,
 *                    {{@n}} its 1-based index.  Paths without a leading
 *                    dot are always looked up from the root context.
 *   {{#if a.b}} ... {{else}} ... {{/if}}
 *                    truthy: a non-empty string, array or object, a
 *                    non-zero number, true.  {{else}} is optional; the
 *                    condition may be ".", ".x" or "@n" inside an each.
 *   {{#one a.b}} ... {{else}} ... {{/one}}
 *                    the singular and the plural: the first part when
 *                    the value is the number 1 or an array of exactly one
 *                    element (@n: the first element of an each), else the
 *                    optional second part.  "{{n}} {{#one n}}week{{else}}
 *                    weeks{{/one}}"; "{{#one modules}}the module{{else}}
 *                    the modules{{/one}}".
 *   {{! comment }}   nothing (may span lines).
 * Blocks nest.  A line holding only a block or comment tag and blank
 * space is a "standalone" line: it is removed with its newline, so block
 * tags on lines of their own leave no blank lines.  Any other "{{" that
 * is not a well-formed tag is an error naming NAME:LINE:COL (EX_DATAERR).
 */
#ifndef CG_TMPL_H
#define CG_TMPL_H
#include <stddef.h>
#include <cjson/cJSON.h>
#include "util.h"

struct cg_tmpl {
	char  *path;		/* the file it came from */
	char  *system;		/* front matter "system" (a template) */
	char  *body;		/* after the front matter (a template) */
	cJSON *meta;		/* every front matter key -> string */
	int    body_line;	/* file line of body's first line (messages) */
};

/* Load prompts/KIND.md: $CG_PROMPTS/KIND.md if CG_PROMPTS is set, else
 * cg_datafile("prompts/KIND.md") (lib/fsio.h).  EX_NOINPUT when missing;
 * EX_DATAERR (file:line:col) for bad front matter or template syntax
 * (both parts are checked here, so a loaded template renders against any
 * context).  KIND must be letters, digits, '_' or '-' (EX_USAGE). */
int   cg_tmpl_load(const char *kind, struct cg_tmpl *t, cg_err *e);
void  cg_tmpl_free(struct cg_tmpl *t);

/* Render template text against ctx (may be NULL); name is used in
 * messages.  Returns a malloc'ed string, or NULL + e (EX_DATAERR,
 * "name:LINE:COL: what") on a template error. */
char *cg_tmpl_render(const char *text, const cJSON *ctx, const char *name,
	    cg_err *e);

/* Render both parts into *sys and *user (caller frees both).  Each is
 * trimmed of leading and trailing blank space, and runs of blank lines are
 * squeezed to one (an empty optional block leaves no gap).  0 or -1. */
int   cg_tmpl_prompt(const struct cg_tmpl *t, const cJSON *ctx, char **sys,
	    char **user, cg_err *e);

/* A digest of a markdown document in at most max bytes, built without a
 * model; the contract is in digest.h, next to the digest files made of
 * it. */
char *cg_tmpl_digest(const char *md, size_t max);

#endif
