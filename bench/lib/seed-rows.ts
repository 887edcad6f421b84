/**
 * Bulk seed for the benchmarks that read labeled rows (API list pages, export): image data rows in one dataset,
 * each a member of a project batch with one submitted label, written with raw prepared statements (seeding is never
 * what a benchmark times).
 */
import type { Database } from 'better-sqlite3';
import { newId } from '../../apps/server/src/ids.ts';
import { labelContent } from './seed.ts';

export type LabeledRowsTarget = {
  organizationId: string;
  userId: string;
  projectId: string;
  datasetId: string;
  /** Feature schema ids of the bench ontology (createBenchOntology). */
  features: Record<string, string>;
  /** `media_attributes` JSON of every row, or null. */
  mediaAttributes?: string | null;
  /** Rows per transaction. */
  transactionRows?: number;
};

/** Creates a batch in the project (raw insert) and returns its id. */
export function insertBatch(raw: Database, t: LabeledRowsTarget, name: string, size: number): string {
  const id = newId();
  const now = new Date().toISOString();
  raw
    .prepare(
      'insert into batches (id, organization_id, project_id, name, priority, consensus_settings, size, created_by, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?)',
    )
    .run(id, t.organizationId, t.projectId, name, 5, null, size, t.userId, now, now);
  return id;
}

/**
 * Rows `from`…`to - 1` (`<i>.jpg`, global key `gk-<i>`), row i in batch `batchOf(i)` with label `labelContent(i)`;
 * `onProgress` after each transaction.
 */
export function insertLabeledRows(
  raw: Database,
  t: LabeledRowsTarget,
  range: { from: number; to: number },
  batchOf: (i: number) => string,
  onProgress?: (done: number) => void,
): void {
  const now = new Date().toISOString();
  const insRow = raw.prepare(
    'insert into data_rows (id, organization_id, dataset_id, row_data, external_id, global_key, media_type, media_attributes, metadata, created_by, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const insMember = raw.prepare(
    'insert into project_data_rows (project_id, data_row_id, batch_id, priority, created_at) values (?,?,?,?,?)',
  );
  const insLabel = raw.prepare(
    'insert into labels (id, organization_id, project_id, data_row_id, created_by, type, content, seconds_to_label, seconds_to_review, agreement, benchmark_agreement, is_benchmark_reference, review_state, import_id, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const insert = raw.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const rowId = newId();
      insRow.run(
        rowId,
        t.organizationId,
        t.datasetId,
        `https://storage.example.com/bench/images/${i}.jpg`,
        `${i}.jpg`,
        `gk-${i}`,
        'IMAGE',
        t.mediaAttributes ?? null,
        null,
        t.userId,
        now,
        now,
      );
      insMember.run(t.projectId, rowId, batchOf(i), 5, now);
      insLabel.run(
        newId(),
        t.organizationId,
        t.projectId,
        rowId,
        t.userId,
        'SUBMITTED',
        labelContent(i, t.features),
        12.5,
        null,
        null,
        null,
        0,
        'UNREVIEWED',
        null,
        now,
        now,
      );
    }
  });
  const step = t.transactionRows ?? 10_000;
  for (let i = range.from; i < range.to; i += step) {
    const end = Math.min(range.to, i + step);
    insert(i, end);
    onProgress?.(end);
  }
}
