/* quiz.h — quiz questions: schema, tolerant reply parsing, checks, markdown.
 *
 * questions.json is
 *   {"multiple_choice":[{"question","options":[nopt strings],
 *                        "answer":"A".."F","explanation"}],
 *    "short_answer":[{"question","answer"}],
 *    "essay":[{"question","guidance"}]}
 * plus any extra top-level keys (cg-questions adds "session" and "title"),
 * which are accepted and kept.  Question text is never rewritten, but
 * for a trailing ".?" (a statement with a question mark added), which
 * becomes "?".
 */
#ifndef CG_QUIZ_H
#define CG_QUIZ_H
#include <cjson/cJSON.h>
#include "util.h"

/* The JSON schema sent as format/response_format for mc multiple-choice
 * (each with nopt options), sa short-answer, es essay questions: exact
 * counts via minItems=maxItems, answer enum of the first nopt letters, all
 * properties required, additionalProperties false.  Caller frees. */
cJSON *cg_quiz_schema(int mc, int nopt, int sa, int es);

/* Parse a reply (JSON possibly fenced/with prose; cg_clean_json) and
 * normalise tolerantly without rewriting question text: answer given as
 * "B", "b", "B)", "(B)", "Option B", the option text itself, or
 * "B) option text" → letter; options prefixed "A) "/"A. "/"a) " → prefix
 * stripped; whitespace trimmed; a question ending in ".?" ends in "?".
 * Then check counts and fields.  Returns
 * the normalised document (caller frees), or NULL with e (EX_DATAERR)
 * listing ALL problems found, one per line, in words a model can act on
 * ("multiple_choice has 4 questions; 5 are required",
 * "multiple_choice[2].answer \"E\" is not one of A-D"). */
cJSON *cg_quiz_from_reply(const char *text, int mc, int nopt, int sa, int es,
	    cg_err *e);

/* Fallback for servers that ignore the schema: parse markdown questions.
 * Tolerates labels **Question 3:**, **Short Answer 1:**, **Essay 2:**,
 * ### Question 4, Q5:, 1., numbering restarting per section, section
 * headings naming the type (Multiple Choice / Short Answer / Essay),
 * options as A) A. a) (A) - A), answers "Answer: B" / "**Answer:** B)
 * text" / "Correct answer: …", explanations "Explanation: …", model
 * answers "Model answer:"/"Answer:", essay guidance "Guidance:"/"A good
 * answer covers:", missing "?" (text kept as is).  Returns the same JSON
 * shape (counts not enforced here; caller frees), NULL + e (EX_DATAERR)
 * if nothing parseable. */
cJSON *cg_quiz_from_markdown(const char *text, int nopt, cg_err *e);
/* (Open questions without a label are short answers here, essays when
 * they carry guidance; cg_quiz_parse_counts types them by the counts.) */

/* Any reply, JSON or markdown, read by the counts asked (mc questions of
 * nopt options, sa short-answer, es essay): a JSON document with at least
 * one of the three arrays is normalised as cg_quiz_from_reply does; else
 * the markdown is parsed as cg_quiz_from_markdown does, except that open
 * questions (no options) without a type label or a typed section are
 * typed by what they ask: an essay when it asks to discuss, compare,
 * evaluate, assess, justify, "explain in detail", "to what extent",
 * "critically" … or has a long model answer (60 words or more) or
 * guidance; a short answer when it asks to define, name, state,
 * calculate, list, "what is" … or has an answer of a few words (12 or
 * fewer).  Only questions that say neither (or both) are typed by the
 * counts, in order: short answer while fewer than sa, then essay while
 * fewer than es, then as the open question before.  Labelled ones
 * ("Short Answer 1", "**Essay 2:**", "(Essay)") keep their label.  No
 * question is dropped: a surplus stays in its type; missing ones are not
 * an error here (cg_quiz_missing says which).  cg's own questions.md
 * (cg_quiz_markdown) reads back to the same arrays and "title".  Returns
 * the document (caller frees; the three arrays are always present), or
 * NULL + e (EX_DATAERR) when the reply holds no question at all. */
cJSON *cg_quiz_parse_counts(const char *text, int mc, int nopt, int sa,
	    int es, cg_err *e);

/* How many questions of each kind are still needed: miss[0..2] (multiple
 * choice, short answer, essay) = asked − usable, never below 0, where a
 * question is usable when cg_quiz_check has nothing to say about it
 * (fields present and non-empty, nopt distinct options, answer a letter)
 * except, at most, an empty or missing multiple-choice explanation — a
 * problem worth recording, not worth a new request.
 * Returns the total; 0 means q only needs cg_quiz_check's count check. */
int    cg_quiz_missing(const cJSON *q, int mc, int nopt, int sa, int es,
	    int miss[3]);

/* Fill q from a second reply that was asked for only the missing part
 * (more, as cg_quiz_parse_counts returns it).  A question of more is
 * taken only when it is usable and new: q holds no usable question
 * asking the same (the same text but for case, spaces, punctuation, a
 * label or numbering, or near-identical: at most one character in 20
 * different, with the same numbers and negations), so a re-ask that
 * repeats what q holds never makes a question appear twice.  A question
 * taken replaces, in place, the unusable question of its kind asking the
 * same, else the first unusable one; else it is appended while its kind
 * has fewer usable questions than asked.  Nothing of q is dropped.
 * Returns how many questions were taken from more. */
int    cg_quiz_merge(cJSON *q, const cJSON *more, int mc, int nopt, int sa,
	    int es);

/* The questions documents of the sessions before session, read from the
 * session folders beside sessdir: sessdir is the folder of that session
 * ("s04" for 4, cg_outline_sid), s01 … s03 next to it.  An array, in
 * session order, of the questions.json that exist and parse; empty when
 * session < 2 or sessdir is not that session's folder (a session.json
 * copied elsewhere is compared with nothing).  Later sessions are never
 * read: only the later of two sessions asking the same is flagged.
 * Caller frees. */
cJSON *cg_quiz_earlier(const char *sessdir, int session);

/* The questions of quiz that repeat a question of an earlier session
 * (earlier: an array of questions documents, as cg_quiz_earlier returns),
 * compared as cg_quiz_merge does (the same text but for case, spaces,
 * punctuation and labels, or near-identical).  For each, one line on
 * problems (may be NULL) that a model can act on:
 *   Question 3 ("…") repeats a question of an earlier session; replace it
 *   with one about this session.
 * the questions numbered through the quiz (multiple choice, short answer,
 * essay), the text quoted on one line, cut after about 80 bytes.
 * Returns the number of repeats. */
int    cg_quiz_repeats(const cJSON *quiz, const cJSON *earlier,
	    cg_buf *problems);

/* Remove from q the questions cg_quiz_repeats names (so that a re-ask's
 * replacements are merged in their place); returns how many. */
int    cg_quiz_drop_repeats(cJSON *q, const cJSON *earlier);

/* Normalise q in place (answers to letters, option prefixes stripped,
 * whitespace trimmed) as cg_quiz_from_reply does. */
void   cg_quiz_normalise(cJSON *q, int nopt);

/* Check counts and fields: fewer questions of a kind than asked is a
 * problem, more is not (a surplus is kept, never dropped).  0, or -1
 * with all problems in e (one per line). */
int    cg_quiz_check(const cJSON *q, int mc, int nopt, int sa, int es,
	    cg_err *e);

/* Render questions.md: "# Questions — TITLE" if "title" is present,
 * "## Multiple choice" with numbered questions, options "A) …" and
 * "**Answer:** B — explanation"; "## Short answer" with
 * "**Model answer:**"; "## Essay" with "**A good answer covers:**".
 * Caller frees. */
char  *cg_quiz_markdown(const cJSON *q);

#endif
