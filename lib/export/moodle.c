/* moodle.c — Moodle XML (see export.h).
 *
 * <quiz> with a category question per session ($course$/top/course/
 * module/session, "/" in a name doubled as Moodle expects), then
 * multichoice questions (single answer, fractions 100 and 0, the
 * explanation once, as the general feedback Moodle shows whatever was
 * answered — an answer has its own feedback only when the question gives
 * one for it, an optional "feedback" array of one string per option,
 * never the explanation repeated —, options in their order and numbered
 * ABCD because explanations refer to the letters) and essay
 * questions for short-answer and essay questions, the model answer or
 * the guidance as graderinfo.  Text is HTML (format="html"): the
 * markdown rendered as the site renders it (cg_export_moodle_html: the
 * model's own markup shown as text, its maths as Moodle's filters read
 * it), XML-escaped, never in CDATA.
 */
#include <stdlib.h>
#include <string.h>
#include "export.h"

/* Markdown text s as HTML for Moodle, XML-escaped; inl: a quiz option. */
static void
mtext(cg_buf *b, const char *s, int inl, const cg_labels *L)
{
	char *t = cg_export_moodle_html(s, inl, L);

	cg_export_xescs(b, t);
	free(t);
}

static void
text(cg_buf *b, const char *tag, const char *s, const char *indent,
    const cg_labels *L)
{
	cg_buf_printf(b, "%s<%s format=\"html\"><text>", indent, tag);
	mtext(b, s, 0, L);
	cg_buf_printf(b, "</text></%s>\n", tag);
}

/* An answer's own feedback: a non-empty string, else none. */
static void
feedback(cg_buf *b, const cJSON *f, const cg_labels *L)
{
	if (cJSON_IsString(f) && f->valuestring[strspn(f->valuestring, " \t\n")])
		text(b, "feedback", f->valuestring, "      ", L);
}

static void
catpath(cg_buf *b, const char *s)
{
	cg_buf t = {0};

	for (; *s; s++)
		if (*s == '/')
			cg_buf_puts(&t, "//");
		else
			cg_buf_putc(&t, *s);
	cg_export_xesc(b, t.s ? t.s : "", t.len);
	cg_buf_free(&t);
}

char *
cg_export_moodle(const cg_export_course *c, size_t *len, cg_err *e)
{
	cg_buf b = {0};
	const cJSON *q, *o;
	char name[48];
	int i, k, n;

	if (cg_export_quizzes(c, e) < 0)
		return NULL;
	cg_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!-- Quiz questions in Moodle XML format, written by cg-export. -->\n<quiz>\n");
	for (i = 0; i < c->nsess; i++) {
		const cg_export_sess *x = &c->sess[i];
		const cg_export_mod *m = &c->mods[x->mod];
		if (!x->quiz)
			continue;
		cg_buf_puts(&b, "  <question type=\"category\">\n"
		    "    <category><text>$course$/top/");
		catpath(&b, c->name);
		if (!c->quizonly) {
			char *mt = cg_export_mod_title(c, m), *st = cg_export_sess_title(c, x);
			cg_buf_putc(&b, '/');
			catpath(&b, mt);
			cg_buf_putc(&b, '/');
			catpath(&b, st);
			free(mt);
			free(st);
		}
		cg_buf_puts(&b, "</text></category>\n  </question>\n");
		for (k = 0; k < 3; k++) {
			n = 0;
			cJSON_ArrayForEach(q, cg_export_group(x->quiz, k)) {
				cg_export_qname(name, sizeof name, x, k, n++);
				cg_buf_printf(&b, "  <question type=\"%s\">\n"
				    "    <name><text>%s</text></name>\n",
				    k == 0 ? "multichoice" : "essay", name);
				text(&b, "questiontext", cg_export_str(q, "question", ""), "    ", c->L);
				text(&b, "generalfeedback", k == 0 ?
				    cg_export_str(q, "explanation", "") : "", "    ", c->L);
				cg_buf_puts(&b, "    <defaultgrade>1</defaultgrade>\n");
				cg_buf_printf(&b, "    <penalty>%s</penalty>\n    <hidden>0</hidden>\n"
				    "    <idnumber>%s</idnumber>\n", k == 0 ? "0.3333333" : "0", name);
				if (k == 0) {
					const char *ans = cg_export_str(q, "answer", "A");
					const cJSON *fb = cJSON_GetObjectItemCaseSensitive(q, "feedback");
					int j = 0;
					cg_buf_puts(&b, "    <single>true</single>\n"
					    "    <shuffleanswers>false</shuffleanswers>\n"
					    "    <answernumbering>ABCD</answernumbering>\n");
					cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(q, "options")) {
						cg_buf_printf(&b, "    <answer fraction=\"%d\" format=\"html\">"
						    "<text>", ans[0] == 'A' + j++ ? 100 : 0);
						mtext(&b, o->valuestring, 1, c->L);
						cg_buf_puts(&b, "</text>\n");
						feedback(&b, cJSON_GetArrayItem(fb, j - 1), c->L);
						cg_buf_puts(&b, "    </answer>\n");
					}
				} else {
					cg_buf_puts(&b, "    <responseformat>editor</responseformat>\n"
					    "    <responserequired>1</responserequired>\n");
					cg_buf_printf(&b, "    <responsefieldlines>%d</responsefieldlines>\n",
					    k == 1 ? 5 : 15);
					cg_buf_puts(&b, "    <attachments>0</attachments>\n"
					    "    <attachmentsrequired>0</attachmentsrequired>\n");
					text(&b, "graderinfo", cg_export_str(q, k == 1 ? "answer" :
					    "guidance", ""), "    ", c->L);
					cg_buf_puts(&b, "    <responsetemplate format=\"html\"><text></text></responsetemplate>\n");
				}
				cg_buf_puts(&b, "  </question>\n");
			}
		}
	}
	cg_buf_puts(&b, "</quiz>\n");
	*len = b.len;
	return cg_buf_take(&b);
}
