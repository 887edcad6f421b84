import { invalid } from '../errors.ts';
import type { RowRefKind } from '../repositories/batch.repository.ts';

/** Labelbox's per-batch limit (the SDK checks it client-side too). */
export const MAX_BATCH_ROWS = 100_000;

export type RowRefs = { kind: RowRefKind; field: 'dataRowIds' | 'globalKeys'; values: string[] };
export type ConsensusSettings = { numberOfLabels: number; coveragePercentage: number };

/**
 * Data rows named by id or by global key. The SDK sends `dataRowIds: []` next to `globalKeys`, so an empty list
 * counts as absent. `max` is the per-call limit (createBatches splits bigger inputs itself).
 */
export function parseRowRefs(
  input: { dataRowIds?: string[] | null; globalKeys?: string[] | null },
  max: number | undefined = MAX_BATCH_ROWS,
): RowRefs {
  const ids = input.dataRowIds ?? [];
  const keys = input.globalKeys ?? [];
  if (ids.length > 0 && keys.length > 0)
    throw invalid('input.dataRowIds', 'give dataRowIds or globalKeys, not both');
  if (ids.length === 0 && keys.length === 0) {
    throw invalid('input.dataRowIds', 'a batch needs at least one data row (give dataRowIds or globalKeys)');
  }
  const refs: RowRefs =
    ids.length > 0
      ? { kind: 'ids', field: 'dataRowIds', values: ids }
      : { kind: 'keys', field: 'globalKeys', values: keys };
  if (max !== undefined && refs.values.length > max) {
    throw invalid(
      `input.${refs.field}`,
      `a batch holds at most ${max.toLocaleString('en-US')} data rows, got ${refs.values.length.toLocaleString('en-US')}`,
    );
  }
  const blank = refs.values.findIndex((v) => v.trim() === '');
  if (blank >= 0) throw invalid(`input.${refs.field}[${blank}]`, 'must not be empty');
  return refs;
}

/** 1 (highest) … 5 (lowest); absent means the SDK's default 5, an explicit null is refused as on Labelbox. */
export function parsePriority(priority: number | null | undefined): number {
  if (priority === undefined) return 5;
  if (priority === null) {
    throw invalid('input.priority', 'must be an integer from 1 (highest) to 5 (lowest), got null');
  }
  if (!Number.isInteger(priority) || priority < 1 || priority > 5) {
    throw invalid('input.priority', `must be an integer from 1 (highest) to 5 (lowest), got ${priority}`);
  }
  return priority;
}

export function parseBatchName(name: string, field = 'input.name'): string {
  const trimmed = name.trim();
  if (trimmed === '') throw invalid(field, 'a batch name must not be empty');
  if (trimmed.length > 255) throw invalid(field, 'a batch name must be at most 255 characters');
  return trimmed;
}

export function parseConsensus(settings: ConsensusSettings | null | undefined): ConsensusSettings | null {
  if (!settings) return null;
  const { numberOfLabels, coveragePercentage } = settings;
  if (!Number.isInteger(numberOfLabels) || numberOfLabels < 1) {
    throw invalid(
      'input.consensusSettings.numberOfLabels',
      `must be a positive integer, got ${numberOfLabels}`,
    );
  }
  if (!(coveragePercentage >= 0 && coveragePercentage <= 1)) {
    throw invalid(
      'input.consensusSettings.coveragePercentage',
      `must be between 0 and 1, got ${coveragePercentage}`,
    );
  }
  return { numberOfLabels, coveragePercentage };
}
