/** The labeling queue and review workflow: task queues, reservations, skips, drafts, reviews, history. Column conventions: see ../database.ts. */

export interface TaskQueueTable {
  id: string;
  organization_id: string;
  project_id: string;
  queue_type: string;
  name: string;
  description: string;
  position: number;
  created_at: string;
}

export interface QueueReservationTable {
  id: string;
  organization_id: string;
  project_id: string;
  data_row_id: string;
  user_id: string;
  queue_type: string;
  row_status: string;
  label_id: string | null;
  status: string;
  created_at: string;
  expires_at: string;
  finished_at: string | null;
  result_id: string | null;
}

export interface QueueSkipTable {
  project_id: string;
  data_row_id: string;
  user_id: string;
  reason: string | null;
  created_at: string;
}

export interface LabelDraftTable {
  project_id: string;
  data_row_id: string;
  user_id: string;
  reservation_id: string;
  content: string;
  updated_at: string;
}

export interface ReviewTable {
  id: string;
  organization_id: string;
  project_id: string;
  label_id: string;
  data_row_id: string;
  created_by: string;
  verdict: string;
  score: number;
  comment: string | null;
  seconds_to_review: number | null;
  reservation_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkflowHistoryTable {
  id: string;
  organization_id: string;
  project_id: string;
  data_row_id: string;
  action: string;
  from_status: string;
  to_status: string;
  user_id: string;
  label_id: string | null;
  review_id: string | null;
  created_at: string;
}
