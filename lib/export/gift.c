/* gift.c — Moodle GIFT (see export.h).
 *
 * One $CATEGORY block per session (course / module / session), then one
 * block per question, separated by blank lines:
 *
 *   ::s03-mc2::[html]<p>Question text</p>{
 *   =right option
 *   ~other option
 *   ####<p>explanation</p>
 *   }
 *
 * The explanation is the general feedback "####", shown once whatever
 * was answered; an option has its own feedback "#" only when the
 * question gives one for it (an optional "feedback" array of one string
 * per option).
 * Short-answer and essay questions become essay questions "{}"; GIFT has
 * no field for grader information, so the model answer (or the essay
 * guidance) goes in the general feedback "####", which Moodle shows after
 * the attempt (moodle-xml carries it as graderinfo).  Text is HTML, the
 * markdown rendered as the site renders it (cg_export_moodle_html: the
 * model's own markup shown as text, its maths as Moodle's filters read
 * it), so nothing the model wrote reaches Moodle as markup.  Every GIFT
 * control character in that HTML (~ = # { } : and backslash) is escaped
 * with a backslash and a newline is written "\n", so a question is one
 * line of text however it is written.  Moodle reads a leading "[format]"
 * or "%weight%" in an answer, so an option starting with "[" or "%" gets
 * an explicit [html] in front.  Category lines are not unescaped by
 * Moodle: names are written as they are, "/" doubled (Moodle's escape for
 * a slash in a category name) and line breaks as spaces.
 */
#include <stdlib.h>
#include <string.h>
#include "export.h"

/* text (markdown) as HTML for Moodle, GIFT-escaped; inl: a quiz option. */
static void
gesc(cg_buf *b, const char *text, int inl, const cg_labels *L)
{
	char *t = cg_export_moodle_html(text, inl, L), *s;

	for (s = t; *s; s++) {
		switch (*s) {
		case '~': case '=': case '#': case '{': case '}': case ':':
		case '\\':
			cg_buf_putc(b, '\\');
			cg_buf_putc(b, *s);
			break;
		case '\n':
			cg_buf_puts(b, "\\n");
			break;
		default:
			cg_buf_putc(b, *s);
		}
	}
	free(t);
}

/* An answer or feedback text: as gesc, with the format marker where
 * Moodle would misread the start. */
static void
gans(cg_buf *b, const char *s, int inl, const cg_labels *L)
{
	char *t = cg_export_moodle_html(s, inl, L);

	if (t[0] == '[' || t[0] == '%')
		cg_buf_puts(b, "[html]");
	free(t);
	gesc(b, s, inl, L);
}

static void
catname(cg_buf *b, const char *s)
{
	for (; *s; s++)
		if (*s == '/')
			cg_buf_puts(b, "//");
		else if (*s == '\n' || *s == '\r')
			cg_buf_putc(b, ' ');
		else
			cg_buf_putc(b, *s);
}

char *
cg_export_gift(const cg_export_course *c, size_t *len, cg_err *e)
{
	cg_buf b = {0};
	const cJSON *q, *o;
	char name[48];
	int i, k, n;

	if (cg_export_quizzes(c, e) < 0)
		return NULL;
	cg_buf_puts(&b, "// Quiz questions in Moodle GIFT format, written by cg-export.\n"
	    "// Import: Question bank > Import > GIFT format (UTF-8).\n\n");
	for (i = 0; i < c->nsess; i++) {
		const cg_export_sess *x = &c->sess[i];
		const cg_export_mod *m = &c->mods[x->mod];
		if (!x->quiz)
			continue;
		cg_buf_puts(&b, "$CATEGORY: $course$/top/");
		catname(&b, c->name);
		if (!c->quizonly) {
			char *mt = cg_export_mod_title(c, m), *st = cg_export_sess_title(c, x);
			cg_buf_putc(&b, '/');
			catname(&b, mt);
			cg_buf_putc(&b, '/');
			catname(&b, st);
			free(mt);
			free(st);
		}
		cg_buf_puts(&b, "\n\n");
		for (k = 0; k < 3; k++) {
			n = 0;
			cJSON_ArrayForEach(q, cg_export_group(x->quiz, k)) {
				cg_export_qname(name, sizeof name, x, k, n++);
				cg_buf_printf(&b, "::%s::[html]", name);
				gesc(&b, cg_export_str(q, "question", ""), 0, c->L);
				if (k == 0) {
					const char *ans = cg_export_str(q, "answer", "A");
					const char *ex = cg_export_str(q, "explanation", "");
					const cJSON *fb = cJSON_GetObjectItemCaseSensitive(q, "feedback"), *f;
					int j = 0;
					cg_buf_puts(&b, "{\n");
					cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(q, "options")) {
						f = cJSON_GetArrayItem(fb, j);
						cg_buf_putc(&b, ans[0] == 'A' + j++ ? '=' : '~');
						gans(&b, o->valuestring, 1, c->L);
						if (cJSON_IsString(f) && f->valuestring[strspn(f->valuestring, " \t\n")]) {
							cg_buf_putc(&b, '#');
							gans(&b, f->valuestring, 0, c->L);
						}
						cg_buf_putc(&b, '\n');
					}
					if (ex[0]) {
						cg_buf_puts(&b, "####");
						gans(&b, ex, 0, c->L);
						cg_buf_putc(&b, '\n');
					}
					cg_buf_puts(&b, "}\n\n");
				} else {
					const char *t = cg_export_str(q, k == 1 ? "answer" : "guidance", "");
					cg_buf_puts(&b, "{");
					if (t[0]) {
						cg_buf_puts(&b, "####");
						gans(&b, t, 0, c->L);
					}
					cg_buf_puts(&b, "}\n\n");
				}
			}
		}
	}
	*len = b.len;
	return cg_buf_take(&b);
}
