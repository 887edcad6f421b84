import type { Actor } from '../../auth/actor.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import type { QueueType, ReservationRow } from '../../repositories/queue.repository.ts';

export const QUEUE_TYPES: readonly QueueType[] = ['LabelingQueue', 'ReviewQueue'];

export function parseQueueType(value: unknown, field: string): QueueType {
  if (typeof value === 'string' && (QUEUE_TYPES as readonly string[]).includes(value))
    return value as QueueType;
  throw invalid(field, `must be LabelingQueue or ReviewQueue (got ${JSON.stringify(value)})`);
}

/** The permission a queue needs: labelers label, reviewers (and managers) review. */
export const permissionOf = (queueType: QueueType) => (queueType === 'ReviewQueue' ? 'review' : 'label');

/**
 * Checks that the caller may act on a reservation: theirs, of the expected queue, still live. Each failure names
 * what happened so that a client knows whether to reserve again.
 */
export function requireLive(
  actor: Actor,
  row: ReservationRow | undefined,
  id: string,
  now: string,
  queueType?: QueueType,
): ReservationRow {
  if (!row) throw notFound('Reservation', id);
  if (row.user_id !== actor.userId)
    throw new AppError('AUTHORIZATION_ERROR', `Reservation ${id} is held by another user`, {
      field: 'reservationId',
    });
  if (queueType && row.queue_type !== queueType)
    throw invalid(
      'data.reservationId',
      `reservation ${id} is in ${row.queue_type}; ${row.queue_type === 'ReviewQueue' ? 'answer it with submitReview' : 'answer it with submitQueuedLabel'}`,
    );
  if (row.status !== 'ACTIVE')
    throw new AppError(
      'OPERATION_NOT_ALLOWED',
      `Reservation ${id} is no longer held (${row.status.toLowerCase()} at ${row.finished_at}); reserve the next row`,
      { field: 'reservationId', details: { reason: row.status } },
    );
  if (row.expires_at <= now)
    throw new AppError(
      'OPERATION_NOT_ALLOWED',
      `Reservation ${id} expired at ${row.expires_at}; reserve the row again (extendReservations keeps reservations alive)`,
      { field: 'reservationId', details: { reason: 'EXPIRED' } },
    );
  return row;
}

export const rowMoved = (id: string, status: string) =>
  new AppError(
    'OPERATION_NOT_ALLOWED',
    `The data row of reservation ${id} moved to ${status} since it was reserved; reserve the next row`,
    { field: 'reservationId', details: { reason: 'MOVED' } },
  );

export function addSeconds(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString();
}

export function parseSeconds(value: unknown, field: string, required: boolean): number | null {
  if (value === undefined || value === null) {
    if (required) throw invalid(field, 'is required');
    return null;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 31_536_000)
    throw invalid(field, `must be a number of seconds from 0 to 31536000 (got ${JSON.stringify(value)})`);
  return value;
}
