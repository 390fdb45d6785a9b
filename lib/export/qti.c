/* qti.c — IMS QTI 1.2 assessments and the QTI package (see export.h).
 *
 * One <questestinterop> document per session, one <assessment> in it with
 * one <section> of items: multiple choice as response_lid (single
 * cardinality, options labelled A..F, SCORE 100 for the right one, the
 * explanation as item feedback shown after any answer), short-answer and
 * essay questions as essay items (response_str, the model answer or the
 * guidance as item feedback).  Item metadata says the question type the
 * way Canvas reads it (question_type, points_possible) and, inside a
 * Common Cartridge, the CC profile (cc_profile cc.multiple_choice.v0p1 /
 * cc.essay.v0p1).  Text is mattext text/plain: the question text exactly
 * as in questions.json, XML-escaped, but for its maths (md.h's dollar
 * rule: prices stay text), written \( … \) and \[ … \] as the MathJax
 * of Canvas and Moodle reads it (QTI 1.2's text/plain has no MathML), and
 * an escaped dollar "\$", written "$" (plain text has no escapes).
 *
 * The package (-f qti) is a zip of imsmanifest.xml (IMS Content Packaging
 * 1.1, one imsqti_xmlv1p2 resource per assessment) and sNN.xml files,
 * which Canvas (Classic Quizzes) and Blackboard import.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "export.h"
#include "archive.h"

static void
meta(cg_buf *b, const char *label, const char *entry, const char *ind)
{
	cg_buf_printf(b, "%s<qtimetadatafield><fieldlabel>%s</fieldlabel>"
	    "<fieldentry>", ind, label);
	cg_export_xescs(b, entry);
	cg_buf_puts(b, "</fieldentry></qtimetadatafield>\n");
}

static void
mattext(cg_buf *b, const char *s, const char *ind)
{
	static const char *const w[4] = { "\\(", "\\)", "\\[", "\\]" };
	char *t = cg_md_math_delims(s, w, NULL);

	cg_buf_printf(b, "%s<material><mattext texttype=\"text/plain\">", ind);
	cg_export_xescs(b, t);
	free(t);
	cg_buf_puts(b, "</mattext></material>\n");
}

static void
item(cg_buf *b, const cg_export_sess *x, const cJSON *q, int k, int i, int cc)
{
	char name[48];
	const char *fb = cg_export_str(q, k == 0 ? "explanation" : k == 1 ?
	    "answer" : "guidance", "");
	const cJSON *o;
	int j = 0;

	cg_export_qname(name, sizeof name, x, k, i);
	cg_buf_printf(b, "      <item ident=\"%s\" title=\"%s\">\n"
	    "        <itemmetadata>\n          <qtimetadata>\n", name, name);
	if (cc)
		meta(b, "cc_profile", k == 0 ? "cc.multiple_choice.v0p1" :
		    "cc.essay.v0p1", "            ");
	meta(b, "question_type", k == 0 ? "multiple_choice_question" :
	    "essay_question", "            ");
	meta(b, "points_possible", "1", "            ");
	cg_buf_puts(b, "          </qtimetadata>\n        </itemmetadata>\n"
	    "        <presentation>\n");
	mattext(b, cg_export_str(q, "question", ""), "          ");
	if (k == 0) {
		cg_buf_puts(b, "          <response_lid ident=\"response1\" rcardinality=\"Single\">\n"
		    "            <render_choice shuffle=\"No\">\n");
		cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(q, "options")) {
			cg_buf_printf(b, "              <response_label ident=\"%c\">\n", 'A' + j++);
			mattext(b, o->valuestring, "                ");
			cg_buf_puts(b, "              </response_label>\n");
		}
		cg_buf_puts(b, "            </render_choice>\n          </response_lid>\n");
	} else
		cg_buf_puts(b, "          <response_str ident=\"response1\" rcardinality=\"Single\">\n"
		    "            <render_fib><response_label ident=\"answer1\" rshuffle=\"No\"/></render_fib>\n"
		    "          </response_str>\n");
	cg_buf_puts(b, "        </presentation>\n        <resprocessing>\n"
	    "          <outcomes><decvar maxvalue=\"100\" minvalue=\"0\" varname=\"SCORE\" vartype=\"Decimal\"/></outcomes>\n");
	if (fb[0])
		cg_buf_puts(b, "          <respcondition continue=\"Yes\"><conditionvar><other/></conditionvar>"
		    "<displayfeedback feedbacktype=\"Response\" linkrefid=\"general_fb\"/></respcondition>\n");
	if (k == 0)
		cg_buf_printf(b, "          <respcondition continue=\"No\"><conditionvar>"
		    "<varequal respident=\"response1\">%c</varequal></conditionvar>"
		    "<setvar action=\"Set\" varname=\"SCORE\">100</setvar></respcondition>\n",
		    cg_export_str(q, "answer", "A")[0]);
	cg_buf_puts(b, "        </resprocessing>\n");
	if (fb[0]) {
		cg_buf_puts(b, "        <itemfeedback ident=\"general_fb\">\n          <flow_mat>\n");
		mattext(b, fb, "            ");
		cg_buf_puts(b, "          </flow_mat>\n        </itemfeedback>\n");
	}
	cg_buf_puts(b, "      </item>\n");
}

void
cg_export_qti_doc(cg_buf *b, const cg_export_course *c, const cg_export_sess *x,
    int cc)
{
	const cJSON *q;
	int k, i;

	cg_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<questestinterop xmlns=\"http://www.imsglobal.org/xsd/ims_qtiasiv1p2\" "
	    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
	    "xsi:schemaLocation=\"http://www.imsglobal.org/xsd/ims_qtiasiv1p2 "
	    "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd\">\n");
	cg_buf_printf(b, "  <assessment ident=\"%s-quiz\" title=\"", x->id);
	if (!c->quizonly) {
		char *t = cg_export_sess_title(c, x);
		cg_export_xescs(b, t);
		free(t);
	} else
		cg_export_xescs(b, x->title);
	cg_buf_puts(b, "\">\n    <qtimetadata>\n");
	if (cc)
		meta(b, "cc_profile", "cc.exam.v0p1", "      ");
	meta(b, "cc_maxattempts", "unlimited", "      ");
	cg_buf_printf(b, "    </qtimetadata>\n    <section ident=\"%s-root\">\n", x->id);
	for (k = 0; k < 3; k++) {
		i = 0;
		cJSON_ArrayForEach(q, cg_export_group(x->quiz, k))
			item(b, x, q, k, i++, cc);
	}
	cg_buf_puts(b, "    </section>\n  </assessment>\n</questestinterop>\n");
}

char *
cg_export_qti(const cg_export_course *c, size_t *len, cg_err *e)
{
	cg_buf man = {0}, doc = {0};
	cg_zip *z;
	char file[32];
	int i;

	if (cg_export_quizzes(c, e) < 0)
		return NULL;
	if (!(z = cg_zip_new(c->mtime, e)))
		return NULL;
	cg_buf_puts(&man, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<manifest identifier=\"cg-qti-");
	cg_export_xescs(&man, c->slug);
	cg_buf_puts(&man, "\" xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" "
	    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
	    "xsi:schemaLocation=\"http://www.imsglobal.org/xsd/imscp_v1p1 "
	    "http://www.imsglobal.org/xsd/imscp_v1p1.xsd\">\n"
	    "  <metadata>\n    <schema>IMS Content</schema>\n"
	    "    <schemaversion>1.1.3</schemaversion>\n  </metadata>\n"
	    "  <organizations/>\n  <resources>\n");
	for (i = 0; i < c->nsess; i++) {
		const cg_export_sess *x = &c->sess[i];
		if (!x->quiz)
			continue;
		snprintf(file, sizeof file, "%s.xml", x->id);
		cg_buf_printf(&man, "    <resource identifier=\"res-%s\" type=\"imsqti_xmlv1p2\" "
		    "href=\"%s\">\n      <file href=\"%s\"/>\n    </resource>\n",
		    x->id, file, file);
		cg_export_qti_doc(&doc, c, x, 0);
		if (cg_zip_addbuf(z, file, &doc, e) < 0)
			goto bad;
	}
	cg_buf_puts(&man, "  </resources>\n</manifest>\n");
	if (cg_zip_addbuf(z, "imsmanifest.xml", &man, e) < 0)
		goto bad;
	return cg_zip_finish(z, len, e);
bad:
	cg_buf_free(&man);
	free(cg_zip_finish(z, len, NULL));
	return NULL;
}
