import type { BenchmarkTable, Db } from '../db/database.ts';
import { chunks } from './bulk-insert.ts';

export type BenchmarkRow = BenchmarkTable;
/** What scoring reads of a label. */
export type ScoredLabelRow = {
  id: string;
  data_row_id: string;
  created_by: string;
  content: string;
  agreement: number | null;
  benchmark_agreement: number | null;
  created_at: string;
};
/** A benchmark with the figures `Benchmark` shows: the other labels of its row scored against it. */
export type BenchmarkSummaryRow = BenchmarkRow & {
  average_agreement: number | null;
  completed_count: number;
  last_activity: string | null;
};
/** One labeler's figures in a project (`labelerPerformance`). */
export type LabelerPerformanceRow = {
  user_id: string;
  count: number;
  seconds_per_label: number;
  total_time_labeling: number;
  consensus: number | null;
  average_benchmark_agreement: number | null;
  last_activity_time: string;
};
/** Labelbox's Review.NetScore, plus None for labels nobody reviewed. */
export type NetScore = 'None' | 'Negative' | 'Zero' | 'Positive';
export type ScoreUpdate = { id: string; agreement: number | null; benchmarkAgreement: number | null };

const IN_CHUNK = 500;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Benchmarks and the agreement columns of labels (labels.agreement, labels.benchmark_agreement). */
export class QualityRepository {
  constructor(private readonly db: Db) {}

  /** Submitted labels of these rows in the project, oldest first (consensus ties go to the earliest). */
  async submittedLabels(projectId: string, dataRowIds: readonly string[]): Promise<ScoredLabelRow[]> {
    const out: ScoredLabelRow[] = [];
    for (const part of chunks([...new Set(dataRowIds)], IN_CHUNK))
      out.push(
        ...(await this.db
          .selectFrom('labels')
          .select([
            'id',
            'data_row_id',
            'created_by',
            'content',
            'agreement',
            'benchmark_agreement',
            'created_at',
          ])
          .where('project_id', '=', projectId)
          .where('data_row_id', 'in', part)
          .where('type', '=', 'SUBMITTED')
          .orderBy('created_at')
          .orderBy('id')
          .execute()),
      );
    return out;
  }

  /**
   * Of these rows, those whose scores can change: two or more submitted labels, or a label still carrying a
   * consensus score (its row lost labels). One grouped query; most imported rows have one unscored label.
   */
  async rowsToScore(projectId: string, dataRowIds: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (const part of chunks([...new Set(dataRowIds)], IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('labels')
        .select((eb) => [
          'data_row_id',
          eb.fn.countAll<number | string | bigint>().as('n'),
          eb.fn.count<number | string | bigint>('agreement').as('scored'),
        ])
        .where('project_id', '=', projectId)
        .where('data_row_id', 'in', part)
        .where('type', '=', 'SUBMITTED')
        .groupBy('data_row_id')
        .execute();
      for (const r of rows) if (Number(r.n) > 1 || Number(r.scored) > 0) out.push(r.data_row_id);
    }
    return out;
  }

  async benchmarksOfRows(projectId: string, dataRowIds: readonly string[]): Promise<BenchmarkRow[]> {
    const out: BenchmarkRow[] = [];
    for (const part of chunks([...new Set(dataRowIds)], IN_CHUNK))
      out.push(
        ...(await this.db
          .selectFrom('benchmarks')
          .selectAll()
          .where('project_id', '=', projectId)
          .where('data_row_id', 'in', part)
          .execute()),
      );
    return out;
  }

  async hasBenchmarks(projectId: string): Promise<boolean> {
    return !!(await this.db
      .selectFrom('benchmarks')
      .select('id')
      .where('project_id', '=', projectId)
      .limit(1)
      .executeTakeFirst());
  }

  /** Writes changed scores only (a row's labels are few; one UPDATE each). */
  async writeScores(updates: readonly ScoreUpdate[]): Promise<void> {
    for (const u of updates)
      await this.db
        .updateTable('labels')
        .set({ agreement: u.agreement, benchmark_agreement: u.benchmarkAgreement })
        .where('id', '=', u.id)
        .execute();
  }

  benchmarkOfLabel(organizationId: string, labelId: string): Promise<BenchmarkRow | undefined> {
    return this.db
      .selectFrom('benchmarks')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('label_id', '=', labelId)
      .executeTakeFirst();
  }

  benchmarkById(organizationId: string, id: string): Promise<BenchmarkRow | undefined> {
    return this.db
      .selectFrom('benchmarks')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  benchmarkOfRow(projectId: string, dataRowId: string): Promise<BenchmarkRow | undefined> {
    return this.db
      .selectFrom('benchmarks')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('data_row_id', '=', dataRowId)
      .executeTakeFirst();
  }

  async insertBenchmark(row: BenchmarkRow): Promise<void> {
    await this.db.insertInto('benchmarks').values(row).execute();
    await this.db
      .updateTable('labels')
      .set({ is_benchmark_reference: 1 })
      .where('id', '=', row.label_id)
      .execute();
  }

  async deleteBenchmark(row: BenchmarkRow): Promise<void> {
    await this.db.deleteFrom('benchmarks').where('id', '=', row.id).execute();
    await this.db
      .updateTable('labels')
      .set({ is_benchmark_reference: 0, benchmark_agreement: null })
      .where('project_id', '=', row.project_id)
      .where('data_row_id', '=', row.data_row_id)
      .execute();
  }

  /** One page of a project's benchmarks, oldest first, with their averages in one grouped query. */
  async benchmarkPage(
    projectId: string,
    page: { skip: number; first: number },
    labelId?: string,
  ): Promise<BenchmarkSummaryRow[]> {
    let q = this.db
      .selectFrom('benchmarks as b')
      .leftJoin('labels as l', (join) =>
        join
          .onRef('l.project_id', '=', 'b.project_id')
          .onRef('l.data_row_id', '=', 'b.data_row_id')
          .onRef('l.id', '!=', 'b.label_id')
          .on('l.type', '=', 'SUBMITTED'),
      )
      .selectAll('b')
      .select((eb) => [
        eb.fn.avg<number | string | null>('l.benchmark_agreement').as('average_agreement'),
        eb.fn.count<number | string | bigint>('l.id').as('completed_count'),
        eb.fn.max<string | null>('l.updated_at').as('last_activity'),
      ])
      .where('b.project_id', '=', projectId);
    if (labelId !== undefined) q = q.where('b.label_id', '=', labelId);
    const rows = await q
      .groupBy([
        'b.id',
        'b.organization_id',
        'b.project_id',
        'b.data_row_id',
        'b.label_id',
        'b.created_by',
        'b.created_at',
      ])
      .orderBy('b.created_at')
      .orderBy('b.id')
      .offset(page.skip)
      .limit(page.first)
      .execute();
    return rows.map((r) => ({
      ...r,
      average_agreement: num(r.average_agreement),
      completed_count: Number(r.completed_count),
      last_activity: r.last_activity ?? null,
    }));
  }

  /** The labels of one row in a project with their consensus scores (the winner is picked from these). */
  rowScores(projectId: string, dataRowId: string) {
    return this.db
      .selectFrom('labels')
      .select(['id', 'agreement', 'created_at'])
      .where('project_id', '=', projectId)
      .where('data_row_id', '=', dataRowId)
      .where('type', '=', 'SUBMITTED')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /**
   * Per author of submitted labels in the project: label count, time spent (seconds_to_label), mean consensus and
   * benchmark scores (labels without a score left out), latest activity; most labels first, one grouped query.
   */
  async labelerPerformance(
    projectId: string,
    page: { skip: number; first: number },
  ): Promise<LabelerPerformanceRow[]> {
    const rows = await this.db
      .selectFrom('labels')
      .select((eb) => [
        'created_by',
        eb.fn.countAll<number | string | bigint>().as('count'),
        eb.fn.sum<number | string | null>(eb.fn.coalesce('seconds_to_label', eb.lit(0))).as('total'),
        eb.fn.avg<number | string | null>('agreement').as('consensus'),
        eb.fn.avg<number | string | null>('benchmark_agreement').as('benchmark'),
        eb.fn.max<string>('updated_at').as('last'),
      ])
      .where('project_id', '=', projectId)
      .where('type', '=', 'SUBMITTED')
      .groupBy('created_by')
      .orderBy('count', 'desc')
      .orderBy('created_by')
      .offset(page.skip)
      .limit(page.first)
      .execute();
    return rows.map((r) => {
      const count = Number(r.count);
      const total = num(r.total) ?? 0;
      return {
        user_id: r.created_by,
        count,
        seconds_per_label: count > 0 ? total / count : 0,
        total_time_labeling: total,
        consensus: num(r.consensus),
        average_benchmark_agreement: num(r.benchmark),
        last_activity_time: r.last,
      };
    });
  }

  /** The data rows of a batch in its project. */
  async batchRowIds(projectId: string, batchId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('project_data_rows')
      .select('data_row_id')
      .where('project_id', '=', projectId)
      .where('batch_id', '=', batchId)
      .execute();
    return rows.map((r) => r.data_row_id);
  }

  /** Asks `labels` labels of these rows (only ever raised: rows already asking as many keep their count). */
  async setLabelsNeeded(projectId: string, dataRowIds: readonly string[], labels: number): Promise<number> {
    let changed = 0;
    for (const part of chunks(dataRowIds, IN_CHUNK)) {
      const result = await this.db
        .updateTable('project_data_rows')
        .set({ labels_needed: labels })
        .where('project_id', '=', projectId)
        .where('data_row_id', 'in', part)
        .where('labels_needed', '<', labels)
        .executeTakeFirst();
      changed += Number(result.numUpdatedRows);
    }
    return changed;
  }

  /** Submitted labels of the project by the sum of their review scores, in one grouped query. */
  async labelsByNetScore(projectId: string, netScore: NetScore): Promise<number> {
    const net = this.db
      .selectFrom('reviews')
      .select((eb) => ['label_id', eb.fn.sum<number | string>('score').as('net')])
      .where('project_id', '=', projectId)
      .groupBy('label_id')
      .as('r');
    let q = this.db
      .selectFrom('labels as l')
      .leftJoin(net, 'r.label_id', 'l.id')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .where('l.project_id', '=', projectId)
      .where('l.type', '=', 'SUBMITTED');
    if (netScore === 'None') q = q.where('r.label_id', 'is', null);
    else if (netScore === 'Negative') q = q.where('r.net', '<', 0);
    else if (netScore === 'Zero') q = q.where('r.net', '=', 0);
    else q = q.where('r.net', '>', 0);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }
}
