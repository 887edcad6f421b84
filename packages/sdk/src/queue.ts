import type { QueueType, ReviewVerdict } from './api/schema.generated.ts';
import {
  SdkReleaseMutation,
  SdkReserveNextMutation,
  SdkSaveDraftMutation,
  SdkSkipMutation,
  SdkSubmitLabelMutation,
  SdkSubmitReviewMutation,
  type SdkReserveNextMutation as ReserveResult,
  type SdkSubmitReviewMutation as ReviewResult,
} from './queue.generated.ts';
import type { Transport } from './transport.ts';

export type Reservation = NonNullable<ReserveResult['reserveNextDataRow']>;
export type Review = NonNullable<ReviewResult['submitReview']>;
/** An annotation as an NDJSON import line without `dataRow` (the reservation names the row). */
export type Annotation = Record<string, unknown>;

/**
 * The labeling queue (docs/queue.md): reserve the next row, submit or skip it; reviewers approve or reject.
 *
 * @example
 * for (let r = await client.queue.reserveNext(projectId); r; r = await client.queue.reserveNext(projectId)) {
 *   await client.queue.submit(r.id, [{ uuid: crypto.randomUUID(), name: 'car', bbox: { top: 1, left: 1, height: 9, width: 9 } }], 12);
 * }
 */
export class Queue {
  constructor(private readonly transport: Transport) {}

  /**
   * A reservation of the next row for the caller, or null when nothing is left for them. A user holds at most
   * two per project and queue: at that limit the oldest held one comes back (compare ids).
   */
  async reserveNext(projectId: string, queueType: QueueType = 'LabelingQueue'): Promise<Reservation | null> {
    return (await this.transport.request(SdkReserveNextMutation, { data: { projectId, queueType } }))
      .reserveNextDataRow;
  }

  /** Submits the label of a reserved row; returns the label's id. A retry returns the same label. */
  async submit(reservationId: string, annotations: Annotation[], secondsToLabel: number): Promise<string> {
    const { submitQueuedLabel } = await this.transport.request(SdkSubmitLabelMutation, {
      data: { reservationId, annotations, secondsToLabel },
    });
    return submitQueuedLabel!.id;
  }

  async skip(
    reservationId: string,
    options: { reason?: string; secondsToLabel?: number } = {},
  ): Promise<void> {
    await this.transport.request(SdkSkipMutation, {
      data: { reservationId, reason: options.reason ?? null, secondsToLabel: options.secondsToLabel ?? null },
    });
  }

  async release(reservationId: string): Promise<void> {
    await this.transport.request(SdkReleaseMutation, { id: reservationId });
  }

  /** Autosaves work in progress (restored in `reserveNext(...).draft`); not validated, at most 4 MiB. */
  async saveDraft(reservationId: string, annotations: Annotation[]): Promise<void> {
    await this.transport.request(SdkSaveDraftMutation, { data: { reservationId, annotations } });
  }

  /**
   * Approves or rejects the label of a ReviewQueue reservation; `annotations` with APPROVE approves the
   * reviewer's corrections instead.
   */
  async review(
    reservationId: string,
    verdict: ReviewVerdict,
    options: { comment?: string; secondsToReview?: number; annotations?: Annotation[] } = {},
  ): Promise<Review> {
    const { submitReview } = await this.transport.request(SdkSubmitReviewMutation, {
      data: {
        reservationId,
        verdict,
        comment: options.comment ?? null,
        secondsToReview: options.secondsToReview ?? null,
        annotations: options.annotations ?? null,
      },
    });
    return submitReview!;
  }
}
