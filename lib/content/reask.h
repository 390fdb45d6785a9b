/* reask.h — the run's budget of re-asks for imperfect replies.
 *
 * A re-ask is a whole generation again: minutes of a laptop.  An
 * unusable reply is always re-asked (within llm.validate_retries); an
 * imperfect one only for problems worth that cost, and in a course run
 * only while the run's re-asks for such problems stay within
 * llm.reask_budget times the files the run makes (CG_TODO, counted by
 * make course).  The count is shared by the run's parallel tools through
 * a file beside the progress file ($CG_PROGRESS.reask, under a lock),
 * keyed by the run (CG_RUN).
 */
#ifndef CG_REASK_H
#define CG_REASK_H

/* Take one re-ask of an imperfect reply from the run's budget, a share
 * of the files the run makes (*budget gets that many; 0 outside a course
 * run): 1 when it may be asked, 0 when the budget is spent.  Outside a
 * course run there is no run budget: 1, unless share is 0. */
int cg_reask_take(double share, int *budget);

#endif
