import type { Actor } from '../src/auth/actor.ts';
import type { Db } from '../src/db/database.ts';
import { newId } from '../src/ids.ts';
import { nowIso } from '../src/time.ts';

/** The Labelbox SDK 6.0 Project selection (§2.3 of the wire reference), in the SDK's order. */
export const PROJECT_FIELDS =
  'autoAuditNumberOfLabels autoAuditPercentage createdAt dataRowCount description editorTaskType isBenchmarkEnabled isConsensusEnabled lastActivityTime allowedMediaType modelSetupComplete name setupComplete id updatedAt uploadType';
export const BATCH_FIELDS = 'consensusSettingsJson createdAt name size id updatedAt';
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const VARIABLE_TYPES: Record<string, string> = {
  name: 'String',
  description: 'String',
  allowedMediaType: 'MediaType',
  autoAuditPercentage: 'Float',
  autoAuditNumberOfLabels: 'Int',
  isBenchmarkEnabled: 'Boolean',
  isConsensusEnabled: 'Boolean',
  editorTaskType: 'EditorTaskType',
  queueMode: 'QueueMode',
  dataRowCount: 'Int',
  datasetNameOrId: 'String',
  appendToExistingDataset: 'Boolean',
};

/** `CreateProjectPyApi` exactly as `labelbox.orm.query.create` writes it: only the given arguments become variables. */
export function createProjectOperation(variables: Record<string, unknown>): string {
  const names = Object.keys(variables);
  const declaration = names.map((n) => `$${n}: ${VARIABLE_TYPES[n]}!`).join(', ');
  const data = names.map((n) => `${n}: $${n}`).join(' ');
  return `mutation CreateProjectPyApi(${declaration}){createProject(data: {${data}}) {${PROJECT_FIELDS}}} `;
}

/** `Project.update(**kw)` as the SDK sends it (`updateProjectPyApi`). */
export function updateProjectOperation(field: string, type: string): string {
  return `mutation updateProjectPyApi($${field}: ${type}!, $ProjectId: ID!){updateProject(
        where: {id: $ProjectId} data: {${field}: $${field}}) {${PROJECT_FIELDS}}} `;
}

/** SDK default quality modes {Benchmark, Consensus}. */
export const DEFAULT_QUALITY = {
  autoAuditPercentage: 0,
  autoAuditNumberOfLabels: 3,
  isBenchmarkEnabled: true,
  isConsensusEnabled: true,
};

/**
 * A dataset with `count` data rows written straight into the tables (global keys `<prefix>-<n>`), so batch tests
 * do not depend on the upsert pipeline.
 */
export async function insertDataRows(
  db: Db,
  actor: Actor,
  count: number,
  options: { keyPrefix?: string; datasetId?: string; rowData?: (i: number) => string } = {},
): Promise<{ datasetId: string; ids: string[]; keys: string[] }> {
  const now = nowIso();
  const datasetId = options.datasetId ?? newId();
  if (!options.datasetId) {
    await db
      .insertInto('datasets')
      .values({
        id: datasetId,
        organization_id: actor.organizationId,
        name: `dataset ${datasetId}`,
        description: '',
        row_count: 0,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
        deleted: 0,
      })
      .execute();
  }
  const prefix = options.keyPrefix ?? `key-${newId()}`;
  const rows = Array.from({ length: count }, (_, i) => ({
    id: newId(),
    organization_id: actor.organizationId,
    dataset_id: datasetId,
    row_data: options.rowData?.(i) ?? `https://example.com/images/${i}.jpg`,
    external_id: `ext-${i}`,
    global_key: `${prefix}-${i}`,
    media_type: 'IMAGE',
    media_attributes: null,
    metadata: null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 2_000)
    await db
      .insertInto('data_rows')
      .values(rows.slice(i, i + 2_000))
      .execute();
  return { datasetId, ids: rows.map((r) => r.id), keys: rows.map((r) => r.global_key) };
}
