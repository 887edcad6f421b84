import { ProjectFlagsRepository } from '../../repositories/project-flags.repository.ts';
import { SHOW_PREDICTIONS_DEFAULT } from '../project-flags.service.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, notAllowed, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { DataRowRepository, type DataRowRow } from '../../repositories/data-row.repository.ts';
import { LabelRepository, type LabelRow } from '../../repositories/label.repository.ts';
import { ProjectRepository } from '../../repositories/project.repository.ts';
import { QueueRepository, type QueueType, type ReservationRow } from '../../repositories/queue.repository.ts';
import { ReviewRepository } from '../../repositories/review.repository.ts';
import { nowIso } from '../../time.ts';
import type { AccessService } from '../access.service.ts';
import type { ServiceDeps } from '../index.ts';
import { MAX_DRAFT_BYTES } from './annotations.ts';
import { resignDraftMasks } from './draft-masks.ts';
import { addSeconds, parseQueueType, permissionOf, requireLive } from './reservations.ts';

/** A reservation with what the editor needs to show it (`QueueReservation`). */
export type ReservationView = {
  reservation: ReservationRow;
  dataRow: DataRowRow;
  /** The row's MAL predictions as stored label documents (the GraphQL face writes them as NDJSON lines). */
  preLabels: string[];
  label: LabelRow | null;
  draft: unknown;
};

/**
 * The labeling queue (docs/queue.md): reserve the next row, keep reservations alive, release them, and
 * autosave drafts. Submitting and skipping labels live in submit.service.ts, reviews in review.service.ts.
 */
export class QueueService {
  private readonly queue: QueueRepository;
  private readonly reviews: ReviewRepository;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly access: AccessService,
  ) {
    this.queue = new QueueRepository(deps.db, deps.dialect);
    this.reviews = new ReviewRepository(deps.db);
  }

  private get seconds(): number {
    return this.deps.config.queueReservationSeconds;
  }

  /**
   * `reserveNextDataRow`: a new reservation for the caller, or — at MAX_HELD, or when nothing new is left while they
   * still hold one — the oldest they hold; null when nothing is left for them at all.
   */
  async reserveNext(
    actor: Actor,
    input: { projectId: string; queueType: unknown },
  ): Promise<ReservationView | null> {
    const queueType = parseQueueType(input.queueType, 'data.queueType');
    await this.requireProject(actor, input.projectId, queueType);
    const now = nowIso();
    const reserved = await this.queue.reserve({
      id: newId(),
      organizationId: actor.organizationId,
      projectId: input.projectId,
      userId: actor.userId,
      queueType,
      now,
      expiresAt: addSeconds(now, this.seconds),
    });
    const row = reserved ?? (await this.queue.held(input.projectId, actor.userId, queueType, now))[0];
    return row ? this.view(actor, row) : null;
  }

  /** `extendReservations(projectId, queueType)`: the caller's live reservations start their time again. */
  async extend(actor: Actor, projectId: string, queueTypeInput: unknown): Promise<number> {
    const queueType = parseQueueType(queueTypeInput, 'queueType');
    await this.requireProject(actor, projectId, queueType);
    const now = nowIso();
    return this.queue.extend(projectId, actor.userId, queueType, now, addSeconds(now, this.seconds));
  }

  /** `releaseReservation(id)`: gives the row back to the queue at once. */
  async release(actor: Actor, id: string): Promise<boolean> {
    const row = await this.live(actor, id);
    if (!(await this.queue.finish(row.id, actor.userId, 'RELEASED', nowIso()))) await this.lost(actor, id);
    return true;
  }

  /** `saveLabelDraft`: the editor's autosave; the last draft comes back with the reservation. */
  async saveDraft(actor: Actor, input: { reservationId: string; annotations: unknown[] }): Promise<boolean> {
    const row = await this.live(actor, input.reservationId);
    const content = JSON.stringify(input.annotations);
    if (Buffer.byteLength(content) > MAX_DRAFT_BYTES)
      throw new AppError('PAYLOAD_TOO_LARGE', `A draft is at most ${MAX_DRAFT_BYTES} bytes`, {
        field: 'data.annotations',
      });
    await this.reviews.saveDraft({
      project_id: row.project_id,
      data_row_id: row.data_row_id,
      user_id: actor.userId,
      reservation_id: row.id,
      content,
      updated_at: nowIso(),
    });
    return true;
  }

  /** `discardLabelDraft`: forgets the caller's draft of the reserved row (a reviewer discarding their edits). */
  async discardDraft(actor: Actor, reservationId: string): Promise<boolean> {
    const row = await this.live(actor, reservationId);
    await this.reviews.deleteDraft(row.project_id, row.data_row_id, actor.userId);
    return true;
  }

  /** RESOURCE_NOT_FOUND for a project the caller may not see (or none), AUTHORIZATION_ERROR without the role. */
  private async requireProject(actor: Actor, projectId: string, queueType: QueueType): Promise<void> {
    await this.access.requireProject(actor, projectId, permissionOf(queueType), `work the ${queueType}`);
    if (!(await new ProjectRepository(this.deps.db).exists(actor.organizationId, projectId)))
      throw notFound('Project', projectId);
  }

  /** The caller's reservation, checked live (theirs, of that queue, not released, not expired). */
  async live(actor: Actor, id: string, queueType?: QueueType): Promise<ReservationRow> {
    return this.checkLive(actor, await this.queue.find(actor.organizationId, id), id, queueType);
  }

  /** `live` for a reservation row already read (`find`): one read serves a retry check and the live check. */
  async checkLive(
    actor: Actor,
    found: ReservationRow | undefined,
    id: string,
    queueType?: QueueType,
  ): Promise<ReservationRow> {
    const row = requireLive(actor, found, id, nowIso(), queueType);
    await this.access.requireProject(
      actor,
      row.project_id,
      permissionOf(row.queue_type as QueueType),
      'work the queue',
    );
    return row;
  }

  /** Throws the precise reason a reservation stopped being live between the check and the write. */
  async lost(actor: Actor, id: string): Promise<never> {
    requireLive(actor, await this.queue.find(actor.organizationId, id), id, nowIso());
    throw notAllowed(`Reservation ${id} is no longer held; reserve the next row`);
  }

  /** The reservation by id in the caller's organization, unchecked. */
  find(actor: Actor, id: string): Promise<ReservationRow | undefined> {
    return this.queue.find(actor.organizationId, id);
  }

  async view(actor: Actor, reservation: ReservationRow): Promise<ReservationView> {
    const [dataRow] = await new DataRowRepository(this.deps.db, this.deps.dialect).findByIds(
      actor.organizationId,
      [reservation.data_row_id],
    );
    if (!dataRow) throw new AppError('RESOURCE_NOT_FOUND', `Data row ${reservation.data_row_id} is gone`);
    const label = reservation.label_id
      ? ((await new LabelRepository(this.deps.db).find(actor.organizationId, reservation.label_id)) ?? null)
      : null;
    const draft = await this.reviews.draft(reservation.project_id, reservation.data_row_id, actor.userId);
    // MAL pre-labels, unless the project turned them off (`enable_model_assisted_labeling(False)`).
    const shown = await new ProjectFlagsRepository(this.deps.db).showPredictions([reservation.project_id]);
    const prelabels =
      (shown.get(reservation.project_id) ?? SHOW_PREDICTIONS_DEFAULT)
        ? await this.queue.prelabels(reservation.project_id, reservation.data_row_id)
        : [];
    return {
      reservation,
      dataRow,
      preLabels: prelabels,
      label,
      draft: draft
        ? resignDraftMasks(JSON.parse(draft.content) as unknown, this.deps.signer, actor.organizationId)
        : null,
    };
  }
}
