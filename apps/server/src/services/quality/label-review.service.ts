import type { Actor } from '../../auth/actor.ts';
import { invalid, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { LabelRepository } from '../../repositories/label.repository.ts';
import { QualityRepository, type NetScore } from '../../repositories/quality.repository.ts';
import { ReviewRepository, type ReviewRow } from '../../repositories/review.repository.ts';
import { nowIso } from '../../time.ts';
import { AccessService } from '../access.service.ts';
import type { ServiceDeps } from '../index.ts';
import { WebhookService } from '../webhook.service.ts';

export type CreateReviewInput = { labelId: string; projectId: string; score: unknown };
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

  /** How many submitted labels of the project have this net review score (None: no review at all). */
  async metrics(actor: Actor, projectId: string, netScore: unknown): Promise<number> {
    if (typeof netScore !== 'string' || !(NET_SCORES as readonly string[]).includes(netScore))
      throw invalid('netScore', `must be one of ${NET_SCORES.join(', ')} (got ${JSON.stringify(netScore)})`);
    await this.access.requireProject(actor, projectId, 'review', 'read review metrics');
    return new QualityRepository(this.deps.db).labelsByNetScore(projectId, netScore as NetScore);
  }
}
