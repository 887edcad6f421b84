/** Where the server said what went wrong: its `extensions.code` (docs/errors.md), or a client-side code. */
export type LabelyardErrorInfo = {
  /** HTTP status of the response, when there was one. */
  readonly status?: number | undefined;
  /** The GraphQL path of the failed field. */
  readonly path?: ReadonlyArray<string | number> | undefined;
  /** `extensions.details` (for example `annotationErrors` of a refused submission). */
  readonly details?: unknown;
  /** The input field the server named (`extensions.field`). */
  readonly field?: string | undefined;
};

/**
 * An error answered by the server (`code` is its registered code: `RESOURCE_NOT_FOUND`, `AUTHORIZATION_ERROR`,
 * `MALFORMED_REQUEST`, `RATE_LIMITED`, …) or met on the way (`NETWORK_ERROR`, `TIMEOUT`, `TASK_FAILED`,
 * `IMPORT_FAILED`, `UNEXPECTED_RESPONSE`).
 *
 * @example
 * try { await client.projects.get(id) } catch (e) {
 *   if (e instanceof LabelyardError && e.code === 'AUTHORIZATION_ERROR') console.log('ask an admin');
 * }
 */
export class LabelyardError extends Error {
  override readonly name = 'LabelyardError';
  readonly status: number | undefined;
  readonly path: ReadonlyArray<string | number> | undefined;
  readonly details: unknown;
  readonly field: string | undefined;

  constructor(
    readonly code: string,
    message: string,
    info: LabelyardErrorInfo = {},
  ) {
    super(message);
    this.status = info.status;
    this.path = info.path;
    this.details = info.details;
    this.field = info.field;
  }
}
