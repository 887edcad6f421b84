import { groupAnnotations, type LabelDocument } from '@labelyard/schema';
import type { Actor } from '../../auth/actor.ts';
import { invalid, notAllowed } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { LabelRepository, type LabelRow } from '../../repositories/label.repository.ts';
import {
  QueueRepository,
  type ReservationRow,
  type WorkflowStatus,
} from '../../repositories/queue.repository.ts';
import { ProjectRepository } from '../../repositories/project.repository.ts';
import { ReviewRepository } from '../../repositories/review.repository.ts';
import { WorkflowRepository, type WorkflowHistoryRow } from '../../repositories/workflow.repository.ts';
import { nowIso } from '../../time.ts';
import type { ServiceDeps } from '../index.ts';
import { indexRowsOf, serializeLabel } from '../label.content.ts';
import { LabelService } from '../label.service.ts';
import { WebhookService } from '../webhook.service.ts';
import { QualityService } from '../quality/quality.service.ts';
import type { QueueService } from './queue.service.ts';
import { parseSeconds, rowMoved } from './reservations.ts';
import { ProjectActivity } from './activity.ts';
import { checkedLabelContent } from './label-content.ts';

export type SubmitLabelInput = { reservationId: string; annotations: unknown[]; secondsToLabel: unknown };

/**
 * `submitQueuedLabel`: checks the annotations like an import, then in ONE transaction ends the reservation, writes
 * the label (a new one, or the same label again in rework) and moves the row on (review, DONE, or — consensus —
 * TO_LABEL until enough labels). A retry of a submission that went through returns the same label.
 */
export class SubmitService {
  private readonly labels: LabelRepository;
  private readonly events: LabelService;
  private readonly activity: ProjectActivity;
  private readonly webhooks: WebhookService;
  private readonly quality: QualityService;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly queueService: QueueService,
  ) {
    this.labels = new LabelRepository(deps.db, deps.dialect);
    this.events = new LabelService(deps);
    this.activity = new ProjectActivity(deps.db);
    this.webhooks = new WebhookService(deps);
    this.quality = new QualityService(deps);
  }

  async submitLabel(actor: Actor, input: SubmitLabelInput): Promise<LabelRow> {
    // One read of the reservation serves both: a retry of a submission that went through, or the live check.
    const found = await this.queueService.find(actor, input.reservationId);
    const previous = await this.resultOf(actor, found, 'SUBMITTED');
    if (previous) return previous;
    const seconds = parseSeconds(input.secondsToLabel, 'data.secondsToLabel', true)!;
    const reservation = await this.queueService.checkLive(actor, found, input.reservationId, 'LabelingQueue');
    // One read of the project serves the ontology check, the review step and the scores below.
    const project = await new ProjectRepository(this.deps.db).find(
      actor.organizationId,
      reservation.project_id,
    );
    if (!project) throw rowMoved(reservation.id, 'a deleted project');
    const { doc, content, mediaType } = await checkedLabelContent(
      this.deps,
      actor,
      reservation,
      input.annotations,
      project,
    );
    const now = nowIso();
    let outcome: { label: LabelRow; created: boolean; step: WorkflowHistoryRow };
    try {
      outcome = await this.deps.db.transaction().execute((trx) =>
        this.write(trx, actor, reservation, {
          doc,
          content,
          seconds,
          now,
          reviewStep: project.review_step !== 0,
          mediaType,
        }),
      );
    } catch (error) {
      // A concurrent retry of the same submission won the race: answer with its label.
      const again = await this.previousResult(actor, input.reservationId);
      if (again) return again;
      throw error;
    }
    await this.activity.touch(reservation.project_id, now);
    // Consensus and benchmark scores of the row are current when the call answers (docs/quality.md).
    await this.quality.rescore(
      actor.organizationId,
      reservation.project_id,
      [reservation.data_row_id],
      project,
    );
    await this.events.emit(actor, outcome.created ? 'LABEL_CREATED' : 'LABEL_UPDATED', [outcome.label]);
    await this.webhooks.emitWorkflowEvents(actor, reservation.project_id, [outcome.step]);
    return outcome.label;
  }

  /**
   * `skipQueuedDataRow`: as Labelbox does, a skip is the labeler's label of the row — an empty label of type
   * Skipped (export `performance_details.skipped`) — that moves the row on like a submission (review, Done, or
   * consensus waiting for more labels). The row is never offered to that labeler again. Rework cannot be skipped.
   * A retry of a skip that went through answers true.
   */
  async skip(
    actor: Actor,
    input: { reservationId: string; reason?: string | null; secondsToLabel?: unknown },
  ): Promise<boolean> {
    if (await this.previousResult(actor, input.reservationId, 'SKIPPED')) return true;
    const reason = input.reason ?? null;
    if (reason !== null && reason.length > 2_000) throw invalid('data.reason', 'at most 2000 characters');
    const seconds = parseSeconds(input.secondsToLabel ?? 0, 'data.secondsToLabel', true)!;
    const reservation = await this.queueService.live(actor, input.reservationId, 'LabelingQueue');
    if (reservation.row_status === 'IN_REWORK')
      throw notAllowed(
        `Reservation ${reservation.id} is rework of your own label: submit the fix or release it; rework cannot be skipped`,
      );
    const doc = groupAnnotations([]);
    const now = nowIso();
    let outcome: { label: LabelRow; created: boolean; step: WorkflowHistoryRow };
    try {
      outcome = await this.deps.db.transaction().execute((trx) =>
        this.write(trx, actor, reservation, {
          doc,
          content: serializeLabel(doc),
          seconds,
          now,
          skip: { reason },
        }),
      );
    } catch (error) {
      if (await this.previousResult(actor, input.reservationId, 'SKIPPED')) return true;
      throw error;
    }
    await this.activity.touch(reservation.project_id, now);
    await this.events.emit(actor, 'LABEL_CREATED', [outcome.label]);
    await this.webhooks.emitWorkflowEvents(actor, reservation.project_id, [outcome.step]);
    return true;
  }

  private async write(
    trx: ServiceDeps['db'],
    actor: Actor,
    reservation: ReservationRow,
    input: {
      doc: LabelDocument;
      content: string;
      seconds: number;
      now: string;
      skip?: { reason: string | null };
      /** The project's review step, when the caller read the project already. */
      reviewStep?: boolean;
      /** The data row's media type, when the caller read the row already. */
      mediaType?: string | null;
    },
  ): Promise<{ label: LabelRow; created: boolean; step: WorkflowHistoryRow }> {
    const { now } = input;
    const workflow = new WorkflowRepository(trx);
    const labels = this.labels.with(trx);
    const row = await workflow.row(reservation.project_id, reservation.data_row_id, this.deps.dialect);
    if (!row || row.workflow_status !== reservation.row_status)
      throw rowMoved(reservation.id, row?.workflow_status ?? 'no project');
    const rework = row.workflow_status === 'IN_REWORK' && row.workflow_label_id !== null;
    const existing = rework ? await labels.find(actor.organizationId, row.workflow_label_id!) : undefined;
    if (rework && (!existing || existing.created_by !== actor.userId))
      throw notAllowed(`The label in rework for reservation ${reservation.id} is gone or not yours`);
    const label: LabelRow = existing
      ? {
          ...existing,
          type: 'SUBMITTED',
          content: input.content,
          seconds_to_label: (existing.seconds_to_label ?? 0) + input.seconds,
          updated_at: now,
        }
      : {
          id: newId(),
          organization_id: actor.organizationId,
          project_id: reservation.project_id,
          data_row_id: reservation.data_row_id,
          created_by: actor.userId,
          type: input.skip ? 'SKIPPED' : 'SUBMITTED',
          content: input.content,
          seconds_to_label: input.seconds,
          seconds_to_review: null,
          agreement: null,
          benchmark_agreement: null,
          is_benchmark_reference: 0,
          review_state: 'UNREVIEWED',
          import_id: null,
          created_at: now,
          updated_at: now,
        };
    if (
      !(await new QueueRepository(trx, this.deps.dialect).finish(
        reservation.id,
        actor.userId,
        input.skip ? 'SKIPPED' : 'SUBMITTED',
        now,
        label.id,
      ))
    )
      throw notAllowed(`Reservation ${reservation.id} is no longer held; reserve the next row`);
    if (existing) {
      await trx
        .updateTable('labels')
        .set({
          type: label.type,
          content: label.content,
          seconds_to_label: label.seconds_to_label,
          updated_at: now,
        })
        .where('id', '=', label.id)
        .execute();
    } else
      await labels.insert(
        [label],
        input.mediaType === undefined ? undefined : new Map([[label.data_row_id, input.mediaType]]),
      );
    if (input.skip)
      await workflow.addSkip(
        reservation.project_id,
        reservation.data_row_id,
        actor.userId,
        input.skip.reason,
        now,
      );
    const index = indexRowsOf(actor.organizationId, label.id, input.doc);
    // A new label has no index rows to replace.
    if (existing) await labels.replaceIndexes([label.id], index.annotations, index.features);
    else await labels.insertIndexes(index.annotations, index.features);
    // The label written above counts: one label is enough unless the row needs several (consensus).
    const enough =
      rework ||
      row.labels_needed <= 1 ||
      (await workflow.labelCount(reservation.project_id, reservation.data_row_id)) >= row.labels_needed;
    const next: WorkflowStatus = !enough
      ? 'TO_LABEL'
      : (input.reviewStep ?? (await workflow.reviewStep(reservation.project_id)))
        ? 'IN_REVIEW'
        : 'DONE';
    // A consensus row carries its winning label forward (the best agreement), not the last one submitted.
    const forward =
      enough && !rework && row.labels_needed > 1 ? await this.winner(trx, actor, reservation, label) : label;
    const moved = await workflow.transition(
      reservation.project_id,
      reservation.data_row_id,
      row.workflow_status,
      {
        status: next,
        labelId: enough ? forward.id : null,
        userId: enough ? forward.created_by : null,
        now,
      },
    );
    if (!moved) throw rowMoved(reservation.id, 'another state');
    const step: WorkflowHistoryRow = {
      id: newId(),
      organization_id: actor.organizationId,
      project_id: reservation.project_id,
      data_row_id: reservation.data_row_id,
      action: input.skip ? 'SKIPPED' : rework ? 'REWORKED' : 'SUBMITTED',
      from_status: row.workflow_status,
      to_status: next,
      user_id: actor.userId,
      label_id: label.id,
      review_id: null,
      created_at: now,
    };
    await workflow.addHistory([step]);
    await new ReviewRepository(trx).deleteDraft(
      reservation.project_id,
      reservation.data_row_id,
      actor.userId,
    );
    return { label, created: !existing, step };
  }

  /**
   * The row's winning label once its last consensus label is in: scores are computed inside the transaction (the
   * row is locked on PostgreSQL; SQLite has one writer), so review gets the label with the highest agreement.
   */
  private async winner(
    trx: ServiceDeps['db'],
    actor: Actor,
    reservation: ReservationRow,
    submitted: LabelRow,
  ): Promise<LabelRow> {
    const quality = new QualityService({ db: trx, blobs: this.deps.blobs, config: this.deps.config });
    await quality.rescore(actor.organizationId, reservation.project_id, [reservation.data_row_id]);
    const id = await quality.winnerOf(reservation.project_id, reservation.data_row_id);
    if (!id || id === submitted.id) return submitted;
    return (await this.labels.with(trx).find(actor.organizationId, id)) ?? submitted;
  }

  /** The label a reservation already ended with (a retried submission), if it is the caller's. */
  private async previousResult(
    actor: Actor,
    reservationId: string,
    status: 'SUBMITTED' | 'SKIPPED' = 'SUBMITTED',
  ): Promise<LabelRow | undefined> {
    return this.resultOf(actor, await this.queueService.find(actor, reservationId), status);
  }

  private async resultOf(
    actor: Actor,
    row: ReservationRow | undefined,
    status: 'SUBMITTED' | 'SKIPPED',
  ): Promise<LabelRow | undefined> {
    if (!row || row.user_id !== actor.userId || row.status !== status || !row.result_id) return undefined;
    return this.labels.find(actor.organizationId, row.result_id);
  }
}
