import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { BatchRepository, type BatchRow } from '../repositories/batch.repository.ts';
import { ProjectRepository, type ProjectRow } from '../repositories/project.repository.ts';
import type { ConsensusSettings, RowRefs } from './batch.input.ts';
import { isServableRowData } from './data-row.media.ts';
import { applyConsensusSettings } from './quality/consensus-rows.ts';

/** Resolved refs: unresolved values, data-row id → the ref it was named by, and which rows the project already holds. */
export type RowPlan = { unresolved: string[]; refOf: Map<string, string>; membership: Map<string, string> };
export type CommitOutcome = { added: number; alreadyInBatch: number; size: number; failed: string[] };

/** Shared by the sync (`createBatchV2`) and async (job) paths so both fail rows for the same reasons. */
export async function planRows(
  repo: BatchRepository,
  organizationId: string,
  projectId: string,
  refs: RowRefs,
): Promise<RowPlan> {
  const resolved = await repo.resolve(organizationId, refs.kind, refs.values);
  const unresolved = new Set<string>();
  const refOf = new Map<string, string>();
  for (const value of refs.values) {
    const row = resolved.get(value);
    // Rows whose content the server cannot serve to labelers fail, as on Labelbox (left out of the batch).
    if (row === undefined || !isServableRowData(row.rowDataHead)) unresolved.add(value);
    else if (!refOf.has(row.id)) refOf.set(row.id, value);
  }
  return {
    unresolved: [...unresolved],
    refOf,
    membership: await repo.membership(projectId, [...refOf.keys()]),
  };
}

/** Failed refs in input order: unresolved, in another batch of the project, or taken by a concurrent request. */
export function failedRefs(plan: RowPlan, batchId: string, lost: ReadonlySet<string> = new Set()): string[] {
  const failed = [...plan.unresolved];
  for (const [id, ref] of plan.refOf) {
    const holder = plan.membership.get(id);
    if ((holder !== undefined && holder !== batchId) || lost.has(id)) failed.push(ref);
  }
  return failed;
}

/** Inserts the planned rows that are not in the project yet (inside the caller's transaction) and refreshes the size. */
export async function commitRows(
  trx: Db,
  plan: RowPlan,
  batch: BatchRow,
  priority: number,
  now: string,
): Promise<CommitOutcome> {
  const repo = new BatchRepository(trx);
  const addable = [...plan.refOf.keys()].filter((id) => !plan.membership.has(id));
  const inserted = await repo.insertMembers(
    addable.map((id) => ({
      project_id: batch.project_id,
      data_row_id: id,
      batch_id: batch.id,
      priority,
      created_at: now,
    })),
  );
  const lost = new Set(addable.filter((id) => !inserted.has(id)));
  if (inserted.size > 0) await applyConsensusSettings(trx, batch);
  const alreadyInBatch = [...plan.membership.values()].filter((b) => b === batch.id).length;
  const size = await repo.refreshSize(batch.id, now);
  if (inserted.size > 0) await new ProjectRepository(trx).touch(batch.project_id, now);
  return { added: inserted.size, alreadyInBatch, size, failed: failedRefs(plan, batch.id, lost) };
}

export function newBatch(
  actor: Actor,
  projectId: string,
  fields: { name: string; priority: number; consensus: ConsensusSettings | null; now: string },
): BatchRow {
  return {
    id: newId(),
    organization_id: actor.organizationId,
    project_id: projectId,
    name: fields.name,
    priority: fields.priority,
    consensus_settings: fields.consensus ? JSON.stringify(fields.consensus) : null,
    size: 0,
    created_by: actor.userId,
    created_at: fields.now,
    updated_at: fields.now,
  };
}

/** The caller's (non-deleted) project, or RESOURCE_NOT_FOUND. */
export async function requireProject(db: Db, organizationId: string, projectId: string): Promise<ProjectRow> {
  const project = await new ProjectRepository(db).find(organizationId, projectId);
  if (!project) throw notFound('Project', projectId);
  return project;
}

export async function requireBatch(
  db: Db,
  organizationId: string,
  projectId: string,
  batchId: string,
): Promise<BatchRow> {
  const batch = await new BatchRepository(db).find(organizationId, projectId, batchId);
  if (!batch) throw notFound('Batch', batchId);
  return batch;
}
