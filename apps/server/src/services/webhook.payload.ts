import {
  toV2Annotations,
  toV2DicomAnnotations,
  toV2VideoAnnotations,
  v2LabelKind,
  v2Layout,
  type MaskAnnotation,
} from '@labelyard/schema';
import type { DataRowRow } from '../repositories/data-row.repository.ts';
import type { LabelRow } from '../repositories/label.repository.ts';
import type { ReviewRow } from '../repositories/review.repository.ts';
import type { WorkflowHistoryRow } from '../repositories/workflow.repository.ts';
import { parseStoredLabel } from './label.content.ts';
import { actionName, taskName } from './queue/workflow-names.ts';

/** What a label event carries: the label as it was when the event happened (deleted labels included). */
export type LabelEvent = {
  label: LabelRow;
  dataRow: Pick<DataRowRow, 'id' | 'global_key' | 'external_id' | 'row_data' | 'media_type'> | null;
  projectName: string;
  createdByEmail: string | null;
};

export type DeliveryEnvelope = {
  event: string;
  webhookId: string;
  deliveryId: string;
  createdAt: string;
};

/**
 * The JSON body of one delivery (docs/webhooks.md): an envelope naming the event, plus `label`, the label's data
 * row as an export v2 row with this one label under `projects[projectId].labels`.
 */
export function labelEventBody(
  envelope: DeliveryEnvelope,
  event: LabelEvent,
  maskUrl: (mask: MaskAnnotation) => string | undefined,
): string {
  const maskFileUrl = (source: MaskAnnotation['source']) => maskUrl({ source } as MaskAnnotation);
  const { label, dataRow } = event;
  const text = dataRow && !/^https?:\/\//i.test(dataRow.row_data) ? dataRow.row_data : undefined;
  const doc = parseStoredLabel(label.content);
  const layout = v2Layout(dataRow?.media_type, doc);
  const row = {
    data_row: {
      id: label.data_row_id,
      global_key: dataRow?.global_key ?? null,
      external_id: dataRow?.external_id ?? null,
      row_data: dataRow?.row_data ?? null,
    },
    projects: {
      [label.project_id]: {
        name: event.projectName,
        labels: [
          {
            label_kind: v2LabelKind(layout),
            version: '1.0.0',
            id: label.id,
            label_details: {
              created_at: label.created_at,
              updated_at: label.updated_at,
              created_by: event.createdByEmail,
              reviews: [],
            },
            performance_details: {
              seconds_to_create: label.seconds_to_label,
              seconds_to_review: label.seconds_to_review,
              skipped: label.type === 'SKIPPED',
            },
            annotations:
              layout === 'video'
                ? toV2VideoAnnotations(doc, { maskFileUrl })
                : layout === 'dicom'
                  ? toV2DicomAnnotations(doc, { maskFileUrl })
                  : toV2Annotations(doc, { maskUrl, ...(text !== undefined && { text }) }),
          },
        ],
      },
    },
  };
  return JSON.stringify({
    ...envelope,
    organizationId: label.organization_id,
    projectId: label.project_id,
    labelId: label.id,
    label: row,
  });
}

/** The JSON body of a review event (docs/webhooks.md): the envelope and the review as `Review` shows it. */
export function reviewEventBody(envelope: DeliveryEnvelope, review: ReviewRow, deleted = false): string {
  return JSON.stringify({
    ...envelope,
    organizationId: review.organization_id,
    projectId: review.project_id,
    labelId: review.label_id,
    review: {
      id: review.id,
      verdict: review.verdict,
      score: review.score,
      comment: review.comment,
      secondsToReview: review.seconds_to_review,
      createdAt: review.created_at,
      updatedAt: review.updated_at,
      createdBy: review.created_by,
      label: { id: review.label_id },
      dataRow: { id: review.data_row_id },
      deleted,
    },
  });
}

/**
 * The JSON body of a WORKFLOW_ACTION event (docs/webhooks.md): the envelope, the row, and the action as export v2's
 * `workflow_history` shows it (Labelbox's action and task names), plus the workflow states before and after.
 */
export function workflowEventBody(
  envelope: DeliveryEnvelope,
  history: WorkflowHistoryRow,
  createdByEmail: string | null,
): string {
  return JSON.stringify({
    ...envelope,
    organizationId: history.organization_id,
    projectId: history.project_id,
    dataRowId: history.data_row_id,
    labelId: history.label_id,
    reviewId: history.review_id,
    workflowAction: {
      action: actionName(history.action),
      created_at: history.created_at,
      created_by: createdByEmail,
      created_by_id: history.user_id,
      previous_task_name: taskName(history.from_status),
      next_task_name: taskName(history.to_status),
      previous_workflow_status: history.from_status,
      workflow_status: history.to_status,
    },
  });
}
