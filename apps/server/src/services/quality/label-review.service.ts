import type { Actor } from '../../auth/actor.ts';
import { invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { LabelRepository } from '../../repositories/label.repository.ts';
import { QueueRepository } from '../../repositories/queue.repository.ts';
import { WorkflowRepository, type WorkflowHistoryRow } from '../../repositories/workflow.repository.ts';
import { QualityRepository, type NetScore } from '../../repositories/quality.repository.ts';
import { ReviewRepository, type ReviewRow } from '../../repositories/review.repository.ts';
import { nowIso } from '../../time.ts';
import { AccessService } from '../access.service.ts';
import type { ServiceDeps } from '../index.ts';
import { WebhookService } from '../webhook.service.ts';

export type CreateReviewInput = { labelId: string; projectId: string; score: unknown };
/** `review.update(score=…)` / `review.delete()` (the SDK sends `updateReview(where, data: {deleted: true})`). */
export type UpdateReviewInput = { score?: unknown; comment?: string | null; deleted?: boolean | null };
const MAX_COMMENT = 10_000;
export const NET_SCORES: readonly NetScore[] = ['None', 'Negative', 'Zero', 'Positive'];

/**
 * Labelbox's review records outside the queue: `label.create_review(score=±1)` (a thumbs up or down on a label,
 * stored in the queue's `reviews` table, so `label.reviews()` lists them with the queue's) and
 * `project.review_metrics(net_score)`. A record does not move the row in the workflow; submitReview does.
 */
export class LabelReviewService {
  private readonly access: AccessService;

  constructor(private readonly deps: ServiceDeps) {
    this.access = new AccessService(deps.db);
  }

  async create(actor: Actor, input: CreateReviewInput): Promise<ReviewRow> {
    if (input.score !== 1 && input.score !== -1)
      throw invalid('data.score', `must be 1 (approve) or -1 (reject) (got ${JSON.stringify(input.score)})`);
    const label = await new LabelRepository(this.deps.db).find(actor.organizationId, input.labelId);
    if (!label || label.project_id !== input.projectId) throw notFound('Label', input.labelId);
    await this.access.requireProject(actor, label.project_id, 'review', 'review labels');
    const now = nowIso();
    const review: ReviewRow = {
      id: newId(),
      organization_id: actor.organizationId,
      project_id: label.project_id,
      label_id: label.id,
      data_row_id: label.data_row_id,
      created_by: actor.userId,
      verdict: input.score === 1 ? 'APPROVE' : 'REJECT',
      score: input.score,
      comment: null,
      seconds_to_review: null,
      reservation_id: null,
      created_at: now,
      updated_at: now,
    };
    await new ReviewRepository(this.deps.db).insert(review);
    await new WebhookService(this.deps).emitReviewEvents(actor, 'REVIEW_CREATED', label.project_id, [review]);
    return review;
  }

  /**
   * `updateReview`: the reviewer (or a manager of the project) changes a verdict or comment, or removes the review.
   * A queue review whose verdict flips moves the row back where the new verdict sends it — DONE ⇄ IN_REWORK — when
   * the row is still where that review put it (nothing happened to it since); otherwise only the record changes.
   * Fires REVIEW_UPDATED (a removal too, with `review.deleted: true`, as Labelbox does) and WORKFLOW_ACTION for a move.
   */
  async update(actor: Actor, id: string, input: UpdateReviewInput): Promise<ReviewRow> {
    const reviews = new ReviewRepository(this.deps.db);
    const review = await reviews.find(actor.organizationId, id);
    if (!review) throw notFound('Review', id);
    await this.access.requireProject(actor, review.project_id, 'review', 'change reviews');
    if (review.created_by !== actor.userId)
      await this.access.requireProject(
        actor,
        review.project_id,
        'manage',
        "change another reviewer's review",
      );
    if (input.score != null && input.score !== 1 && input.score !== -1)
      throw invalid('data.score', `must be 1 (approve) or -1 (reject) (got ${JSON.stringify(input.score)})`);
    if (input.comment != null && input.comment.length > MAX_COMMENT)
      throw invalid('data.comment', `at most ${MAX_COMMENT} characters`);
    const now = nowIso();
    if (input.deleted === true) {
      await this.deps.db.transaction().execute(async (trx) => {
        await reviews.with(trx).delete(review.id);
        await this.syncReviewState(trx, review.label_id);
      });
      await this.emit(actor, 'deleted', { ...review, updated_at: now }, null);
      return review;
    }
    const verdict = input.score == null ? review.verdict : input.score === 1 ? 'APPROVE' : 'REJECT';
    const updated: ReviewRow = {
      ...review,
      verdict,
      score: verdict === 'APPROVE' ? 1 : -1,
      comment: input.comment === undefined ? review.comment : input.comment,
      updated_at: now,
    };
    const step = await this.deps.db.transaction().execute(async (trx) => {
      await reviews.with(trx).update(review.id, {
        verdict: updated.verdict,
        score: updated.score,
        comment: updated.comment,
        updated_at: now,
      });
      await this.syncReviewState(trx, review.label_id);
      return verdict === review.verdict ? null : this.moveForVerdict(trx, actor, updated, now);
    });
    await this.emit(actor, 'updated', updated, step);
    return updated;
  }

  /** A flipped queue verdict moves the row if it is still where this review put it; the step taken, if any. */
  private async moveForVerdict(
    trx: ServiceDeps['db'],
    actor: Actor,
    review: ReviewRow,
    now: string,
  ): Promise<WorkflowHistoryRow | null> {
    if (review.reservation_id === null) return null; // label.create_review records never moved the row
    const workflow = new WorkflowRepository(trx);
    const row = await workflow.row(review.project_id, review.data_row_id, this.deps.dialect);
    const last = await workflow.lastStep(review.project_id, review.data_row_id);
    const from = review.verdict === 'APPROVE' ? 'IN_REWORK' : 'DONE';
    if (!row || row.workflow_status !== from || row.workflow_label_id !== review.label_id) return null;
    if (last?.review_id !== review.id) return null;
    const to = review.verdict === 'APPROVE' ? 'DONE' : 'IN_REWORK';
    const label = await new LabelRepository(trx).find(actor.organizationId, review.label_id);
    if (!label) return null;
    const moved = await workflow.transition(review.project_id, review.data_row_id, from, {
      status: to,
      labelId: label.id,
      userId: label.created_by,
      now,
    });
    if (!moved) return null;
    // The author may hold the row's rework reservation: it ends with the approval.
    await new QueueRepository(trx, this.deps.dialect).releaseRows(
      review.project_id,
      [review.data_row_id],
      now,
    );
    const step: WorkflowHistoryRow = {
      id: newId(),
      organization_id: actor.organizationId,
      project_id: review.project_id,
      data_row_id: review.data_row_id,
      action: review.verdict === 'APPROVE' ? 'APPROVED' : 'REJECTED',
      from_status: from,
      to_status: to,
      user_id: actor.userId,
      label_id: label.id,
      review_id: review.id,
      created_at: now,
    };
    await workflow.addHistory([step]);
    return step;
  }

  /** The label's review state follows its latest remaining review. */
  private async syncReviewState(trx: ServiceDeps['db'], labelId: string): Promise<void> {
    const latest = await new ReviewRepository(trx).latestOf(labelId);
    const state = !latest ? 'UNREVIEWED' : latest.verdict === 'APPROVE' ? 'APPROVED' : 'REJECTED';
    await new LabelRepository(trx).setReviewState(labelId, state);
  }

  private async emit(
    actor: Actor,
    change: 'updated' | 'deleted',
    review: ReviewRow,
    step: WorkflowHistoryRow | null,
  ): Promise<void> {
    const webhooks = new WebhookService(this.deps);
    await webhooks.emitReviewEvents(actor, 'REVIEW_UPDATED', review.project_id, [review], {
      deleted: change === 'deleted',
    });
    if (step) await webhooks.emitWorkflowEvents(actor, review.project_id, [step]);
  }

  /** How many submitted labels of the project have this net review score (None: no review at all). */
  async metrics(actor: Actor, projectId: string, netScore: unknown): Promise<number> {
    if (typeof netScore !== 'string' || !(NET_SCORES as readonly string[]).includes(netScore))
      throw invalid('netScore', `must be one of ${NET_SCORES.join(', ')} (got ${JSON.stringify(netScore)})`);
    await this.access.requireProject(actor, projectId, 'review', 'read review metrics');
    return new QualityRepository(this.deps.db).labelsByNetScore(projectId, netScore as NetScore);
  }
}
