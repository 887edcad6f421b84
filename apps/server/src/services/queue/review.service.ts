import type { LabelDocument } from '@labelyard/schema';
import type { Actor } from '../../auth/actor.ts';
import { invalid, notAllowed } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { LabelRepository } from '../../repositories/label.repository.ts';
import { QueueRepository, type ReservationRow } from '../../repositories/queue.repository.ts';
import { ReviewRepository, type ReviewRow } from '../../repositories/review.repository.ts';
import { WorkflowRepository, type WorkflowHistoryRow } from '../../repositories/workflow.repository.ts';
import { nowIso } from '../../time.ts';
import type { ServiceDeps } from '../index.ts';
import { indexRowsOf } from '../label.content.ts';
import { LabelService } from '../label.service.ts';
import { WebhookService } from '../webhook.service.ts';
import { ProjectActivity } from './activity.ts';
import type { QueueService } from './queue.service.ts';
import { checkedLabelContent } from './label-content.ts';
import { parseSeconds, rowMoved } from './reservations.ts';

export type Verdict = 'APPROVE' | 'REJECT';
export type SubmitReviewInput = {
  reservationId: string;
  verdict: unknown;
  comment?: string | null;
  secondsToReview?: unknown;
  /** "Approve with changes": the reviewer's corrected annotations replace the label's content. */
  annotations?: unknown[] | null;
};

type Edit = { doc: LabelDocument; content: string };

const MAX_COMMENT = 10_000;

/**
 * `submitReview`: in ONE transaction ends the ReviewQueue reservation, records the review and moves the row:
 * APPROVE → DONE, REJECT → IN_REWORK for the label's author. A retry returns the same review. An approval may carry
 * the reviewer's corrected annotations (checked like a submission): they become the label's content, and the row's
 * history records the reviewer's edit (`EDITED`) before the approval.
 */
export class ReviewService {
  private readonly reviews: ReviewRepository;
  private readonly webhooks: WebhookService;
  private readonly activity: ProjectActivity;
  private readonly labels: LabelRepository;
  private readonly events: LabelService;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly queueService: QueueService,
  ) {
    this.reviews = new ReviewRepository(deps.db);
    this.webhooks = new WebhookService(deps);
    this.activity = new ProjectActivity(deps.db);
    this.labels = new LabelRepository(deps.db, deps.dialect);
    this.events = new LabelService(deps);
  }

  async submit(actor: Actor, input: SubmitReviewInput): Promise<ReviewRow> {
    const previous = await this.previousResult(actor, input.reservationId);
    if (previous) return previous;
    if (input.verdict !== 'APPROVE' && input.verdict !== 'REJECT')
      throw invalid('data.verdict', `must be APPROVE or REJECT (got ${JSON.stringify(input.verdict)})`);
    const verdict: Verdict = input.verdict;
    const comment = input.comment ?? null;
    if (comment !== null && comment.length > MAX_COMMENT)
      throw invalid('data.comment', `at most ${MAX_COMMENT} characters`);
    const seconds = parseSeconds(input.secondsToReview, 'data.secondsToReview', false);
    if (input.annotations != null && verdict !== 'APPROVE')
      throw invalid('data.annotations', 'only an approval carries corrected annotations (verdict APPROVE)');
    const reservation = await this.queueService.live(actor, input.reservationId, 'ReviewQueue');
    const edit =
      input.annotations == null
        ? null
        : await checkedLabelContent(this.deps, actor, reservation, input.annotations);
    const now = nowIso();
    let outcome: { review: ReviewRow; step: WorkflowHistoryRow };
    try {
      outcome = await this.deps.db
        .transaction()
        .execute((trx) => this.write(trx, actor, reservation, { verdict, comment, seconds, now, edit }));
    } catch (error) {
      const again = await this.previousResult(actor, input.reservationId);
      if (again) return again;
      throw error;
    }
    await this.activity.touch(reservation.project_id, now);
    const { review, step } = outcome;
    if (edit) {
      const label = await this.labels.find(actor.organizationId, review.label_id);
      if (label) {
        await this.events.rescore(actor.organizationId, [label]);
        await this.events.emit(actor, 'LABEL_UPDATED', [label]);
      }
    }
    await this.webhooks.emitReviewEvents(actor, 'REVIEW_CREATED', review.project_id, [review]);
    await this.webhooks.emitWorkflowEvents(actor, review.project_id, [step]);
    return review;
  }

  private async write(
    trx: ServiceDeps['db'],
    actor: Actor,
    reservation: ReservationRow,
    input: {
      verdict: Verdict;
      comment: string | null;
      seconds: number | null;
      now: string;
      edit: Edit | null;
    },
  ): Promise<{ review: ReviewRow; step: WorkflowHistoryRow }> {
    const { now } = input;
    const workflow = new WorkflowRepository(trx);
    const row = await workflow.row(reservation.project_id, reservation.data_row_id, this.deps.dialect);
    if (!row || row.workflow_status !== 'IN_REVIEW' || row.workflow_label_id !== reservation.label_id)
      throw rowMoved(reservation.id, row?.workflow_status ?? 'no project');
    const label = await new LabelRepository(trx).find(actor.organizationId, row.workflow_label_id!);
    if (!label) throw rowMoved(reservation.id, 'TO_LABEL (its label was deleted)');
    if (label.created_by === actor.userId) throw notAllowed('You cannot review your own label');
    const review: ReviewRow = {
      id: newId(),
      organization_id: actor.organizationId,
      project_id: reservation.project_id,
      label_id: label.id,
      data_row_id: reservation.data_row_id,
      created_by: actor.userId,
      verdict: input.verdict,
      score: input.verdict === 'APPROVE' ? 1 : -1,
      comment: input.comment,
      seconds_to_review: input.seconds,
      reservation_id: reservation.id,
      created_at: now,
      updated_at: now,
    };
    if (
      !(await new QueueRepository(trx, this.deps.dialect).finish(
        reservation.id,
        actor.userId,
        'REVIEWED',
        now,
        review.id,
      ))
    )
      throw notAllowed(`Reservation ${reservation.id} is no longer held; reserve the next row`);
    await this.reviews.with(trx).insert(review);
    // The reviewer's autosaved edits are spent: approved into the label, or dropped with a rejection.
    await this.reviews.with(trx).deleteDraft(reservation.project_id, reservation.data_row_id, actor.userId);
    await trx
      .updateTable('labels')
      .set({
        review_state: input.verdict === 'APPROVE' ? 'APPROVED' : 'REJECTED',
        seconds_to_review: (label.seconds_to_review ?? 0) + (input.seconds ?? 0),
        // Corrections give a Skipped label content: it is a submitted label from then on.
        ...(input.edit && { type: 'SUBMITTED', content: input.edit.content, updated_at: now }),
      })
      .where('id', '=', label.id)
      .execute();
    if (input.edit) {
      const index = indexRowsOf(actor.organizationId, label.id, input.edit.doc);
      await this.labels.with(trx).replaceIndexes([label.id], index.annotations, index.features);
    }
    const next = input.verdict === 'APPROVE' ? 'DONE' : 'IN_REWORK';
    const moved = await workflow.transition(reservation.project_id, reservation.data_row_id, 'IN_REVIEW', {
      status: next,
      labelId: label.id,
      userId: label.created_by,
      now,
    });
    if (!moved) throw rowMoved(reservation.id, 'another state');
    const entry = {
      organization_id: actor.organizationId,
      project_id: reservation.project_id,
      data_row_id: reservation.data_row_id,
      from_status: 'IN_REVIEW',
      user_id: actor.userId,
      label_id: label.id,
      review_id: review.id,
      created_at: now,
    };
    // The reviewer's corrections come first in the row's history (no WORKFLOW_ACTION: Labelbox has no such step).
    const edited: WorkflowHistoryRow[] = input.edit
      ? [{ ...entry, id: newId(), action: 'EDITED', to_status: 'IN_REVIEW' }]
      : [];
    const step: WorkflowHistoryRow = {
      ...entry,
      id: newId(),
      action: input.verdict === 'APPROVE' ? 'APPROVED' : 'REJECTED',
      to_status: next,
    };
    await workflow.addHistory([...edited, step]);
    return { review, step };
  }

  private async previousResult(actor: Actor, reservationId: string): Promise<ReviewRow | undefined> {
    const row = await new QueueRepository(this.deps.db, this.deps.dialect).find(
      actor.organizationId,
      reservationId,
    );
    if (!row || row.user_id !== actor.userId || row.status !== 'REVIEWED' || !row.result_id) return undefined;
    return this.reviews.find(actor.organizationId, row.result_id);
  }

  /** Reviews of labels the caller can already see (`Label.reviews`). */
  byLabels(labelIds: readonly string[]): Promise<ReviewRow[]> {
    return this.reviews.byLabels(labelIds);
  }
}
