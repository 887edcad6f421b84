import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { lsValidation } from '../../services/label-studio/project.service.ts';

/** The Label Studio release we answer as (`/api/version`, and `version` in every error body). */
export const LS_VERSION = '1.22.0';

/** Label Studio's error body: `{id, status_code, version, detail, exc_info, validation_errors}`. */
export function lsError(status: number, detail: string, validationErrors?: Record<string, unknown>) {
  return {
    id: randomUUID(),
    status_code: status,
    version: LS_VERSION,
    detail,
    exc_info: null,
    ...(validationErrors && { validation_errors: validationErrors }),
  };
}

/** Every error of the LS face, whatever threw it, as Label Studio's envelope (never a bare 500 text). */
export function sendLsError(
  error: Error & { statusCode?: number },
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error instanceof AppError) {
    const status = error.status;
    if (status === 400 || status === 422 || status === 413) {
      const details = error.details?.validation_errors as Record<string, unknown> | undefined;
      const errors = details ?? { [error.field ?? 'non_field_errors']: [error.message] };
      return reply
        .code(status === 422 ? 400 : status)
        .send(lsError(status === 422 ? 400 : status, 'Validation error', errors));
    }
    // Conflicts are validation errors on this face: the SDK retries 409 (three calls, ~3 s) for nothing.
    if (status === 409)
      return reply
        .code(400)
        .send(lsError(400, 'Validation error', { [error.field ?? 'non_field_errors']: [error.message] }));
    const code = error.details?.code;
    return reply
      .code(status)
      .send({ ...lsError(status, error.message), ...(typeof code === 'string' && { code }) });
  }
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) {
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(lsError(500, 'Internal server error'));
  }
  if (status === 400)
    return reply.code(400).send(lsError(400, 'Validation error', { non_field_errors: [error.message] }));
  return reply.code(status).send(lsError(status, error.message));
}

export const notAuthenticated = () =>
  new AppError('AUTHENTICATION_ERROR', 'Authentication credentials were not provided.');
export const invalidPage = () => new AppError('RESOURCE_NOT_FOUND', 'Invalid page.');

/** DRF's BooleanField values, Python's `True`/`False` included. */
export function lsBool(value: unknown, fallback: boolean): boolean {
  if (Array.isArray(value)) value = value[value.length - 1];
  if (typeof value !== 'string') return fallback;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(v)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n', ''].includes(v)) return false;
  return fallback;
}

/** A positive integer query parameter, or 400 naming it. */
export function lsInt(value: unknown, field: string, fallback: number): number {
  if (Array.isArray(value)) value = value[value.length - 1];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new AppError('MALFORMED_REQUEST', 'A valid integer is required.', { field });
  return n;
}

/** A path id: Label Studio ids are integers; anything else is simply not found. */
export function pathId(value: unknown, entity: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new AppError('RESOURCE_NOT_FOUND', `${entity} not found: ${String(value)}`);
  return n;
}

/**
 * The project a request names by its `project` field (a body or query value): required, an integer, and like a path
 * id, one that names nothing is a 404.
 */
export function projectField(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '')
    throw lsValidation('project', 'This field is required.');
  if (typeof raw !== 'string' && typeof raw !== 'number')
    throw lsValidation('project', 'A valid integer is required.');
  return pathId(raw, 'Project');
}
