import type { Actor } from '../src/auth/actor.ts';
import { newId } from '../src/ids.ts';

/**
 * One data row as `DataRowRepository.insertMany` takes it (the order of `DATA_ROW_COLUMNS`): a new id, the actor's
 * organization and user, an image URL unless told, no media type, attributes or metadata.
 */
export function dataRowTuple(
  actor: Actor,
  datasetId: string,
  now: string,
  values: { globalKey?: string | null; rowData?: string; externalId?: string | null } = {},
): unknown[] {
  return [
    newId(),
    actor.organizationId,
    datasetId,
    values.rowData ?? 'https://example.com/a.jpg',
    values.externalId ?? null,
    values.globalKey ?? null,
    null,
    null,
    null,
    actor.userId,
    now,
    now,
  ];
}
