import {
  consensusScores,
  labelAgreement,
  type AgreementOptions,
  type LabelDocument,
} from '@labelyard/schema';
import type { BenchmarkRow, ScoreUpdate, ScoredLabelRow } from '../../repositories/quality.repository.ts';

export type ParsedLabel = ScoredLabelRow & { doc: LabelDocument };

/** Scores rounded to 6 decimals: stable across databases (REAL vs double) and free of float noise in exports. */
const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 1e6) / 1e6);

/**
 * New scores of the labels of some data rows of one project:
 * - consensus (`agreement`) when the project has Consensus on: each label's mean agreement with every other
 *   submitted label of its row (null while it is the only one); the benchmark label itself takes part like any;
 * - benchmark (`benchmark_agreement`) for rows with a benchmark: each other label's agreement with the reference
 *   label (the reference's own stays null).
 * Only labels whose scores change are returned.
 */
export function scoreRows(
  labels: readonly ParsedLabel[],
  benchmarks: readonly BenchmarkRow[],
  consensus: boolean,
  options: AgreementOptions,
): ScoreUpdate[] {
  const byRow = new Map<string, ParsedLabel[]>();
  for (const l of labels) {
    const list = byRow.get(l.data_row_id);
    if (list) list.push(l);
    else byRow.set(l.data_row_id, [l]);
  }
  const referenceOf = new Map(benchmarks.map((b) => [b.data_row_id, b.label_id]));
  const updates: ScoreUpdate[] = [];
  for (const [rowId, rowLabels] of byRow) {
    const agreement = consensus
      ? consensusScores(
          rowLabels.map((l) => ({ id: l.id, label: l.doc })),
          (a, b) => labelAgreement(a, b, options),
        ).labelScores
      : undefined;
    const referenceId = referenceOf.get(rowId);
    const reference = rowLabels.find((l) => l.id === referenceId);
    for (const l of rowLabels) {
      const next: ScoreUpdate = {
        id: l.id,
        agreement: round(agreement?.get(l.id) ?? null),
        benchmarkAgreement:
          reference && l.id !== reference.id ? round(labelAgreement(reference.doc, l.doc, options)) : null,
      };
      if (next.agreement !== l.agreement || next.benchmarkAgreement !== l.benchmark_agreement)
        updates.push(next);
    }
  }
  return updates;
}
