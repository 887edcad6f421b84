/** Labelbox's names of the workflow steps (export v2 `task_name`, `workflow_history` and WORKFLOW_ACTION). */
export const TASK_NAMES: Readonly<Record<string, string>> = {
  TO_LABEL: 'Initial labeling task',
  IN_REVIEW: 'Initial review task',
  IN_REWORK: 'Rework',
  DONE: 'Done',
};

/** Labelbox's names of workflow actions, by the `workflow_history.action` we store. */
export const WORKFLOW_ACTIONS: Readonly<Record<string, string>> = {
  SUBMITTED: 'Submit',
  REWORKED: 'Submit',
  /** A reviewer's corrections before approving ("Approve with changes"). */
  EDITED: 'Edit',
  SKIPPED: 'Skip',
  APPROVED: 'Approve',
  REJECTED: 'Reject',
  MOVED: 'Move',
  /** Outside the queue: a ground-truth label import finished the row (TO_LABEL → Done), as Labelbox moves it. */
  IMPORTED: 'Move',
  /** Outside the queue: an annotation submitted on the Label Studio face finished the row (TO_LABEL → Done). */
  ANNOTATED: 'Submit',
  /** Outside the queue: deleting the row's label sent it back to labeling. */
  REQUEUED: 'Move',
};

export const taskName = (status: string): string => TASK_NAMES[status] ?? status;
export const actionName = (action: string): string => WORKFLOW_ACTIONS[action] ?? action;
