import type { Db } from '../../db/database.ts';
import type { BatchRow } from '../../repositories/batch.repository.ts';
import { ProjectRepository } from '../../repositories/project.repository.ts';
import { QualityRepository } from '../../repositories/quality.repository.ts';
import type { ConsensusSettings } from '../batch.input.ts';

/** FNV-1a: a stable pseudo-random rank for a row within its batch (the same on every run and database). */
function rank(batchId: string, dataRowId: string): number {
  let h = 0x811c9dc5;
  for (const text of [batchId, '/', dataRowId])
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  return h;
}

/** The batch's consensus settings when they apply: a project with Consensus on and more than one label asked. */
function settingsOf(batch: BatchRow): ConsensusSettings | null {
  if (!batch.consensus_settings) return null;
  try {
    const s = JSON.parse(batch.consensus_settings) as ConsensusSettings;
    return s.numberOfLabels > 1 && s.coveragePercentage > 0 ? s : null;
  } catch {
    return null;
  }
}

/**
 * `create_batch(..., consensus_settings={number_of_labels: k, coverage_percentage: p})`: a share p of the batch's
 * rows (round(p × size), at least one) needs k labels from k different labelers (the queue's `labels_needed`);
 * the others, and every row of a batch without settings, are labeled once. Rows are picked by a stable hash of
 * their id, so the choice is reproducible and spread over the batch. Called inside the transaction that adds rows;
 * rows added later join the pick, rows already picked stay picked.
 */
export async function applyConsensusSettings(trx: Db, batch: BatchRow): Promise<number> {
  const settings = settingsOf(batch);
  if (!settings) return 0;
  const project = await new ProjectRepository(trx).find(batch.organization_id, batch.project_id);
  if (project?.is_consensus_enabled !== 1) return 0;
  const repo = new QualityRepository(trx);
  const ids = await repo.batchRowIds(batch.project_id, batch.id);
  const wanted = Math.max(1, Math.round(settings.coveragePercentage * ids.length));
  const picked = ids
    .map((id) => ({ id, rank: rank(batch.id, id) }))
    .sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1))
    .slice(0, wanted)
    .map((r) => r.id);
  return repo.setLabelsNeeded(batch.project_id, picked, settings.numberOfLabels);
}
