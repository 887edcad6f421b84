import type { Actor } from '../../auth/actor.ts';
import { conflict, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { LabelRepository } from '../../repositories/label.repository.ts';
import { ProjectRepository, type ProjectRow } from '../../repositories/project.repository.ts';
import {
  QualityRepository,
  type BenchmarkRow,
  type BenchmarkSummaryRow,
} from '../../repositories/quality.repository.ts';
import { nowIso } from '../../time.ts';
import { AccessService } from '../access.service.ts';
import type { ServiceDeps } from '../index.ts';
import { parseStoredLabel } from '../label.content.ts';
import { loadMaskPixels } from './mask-pixels.ts';
import { scoreRows } from './score-rows.ts';

/**
 * Consensus and benchmark scores (docs/quality.md). Scores are recomputed for the rows a change touched, right
 * after it commits (label submit, import chunk, label deletion, benchmark change), so they are current within the
 * request or import that changed them; `rescore` is idempotent and safe to run again.
 */
export class QualityService {
  private readonly repo: QualityRepository;
  private readonly access: AccessService;

  constructor(private readonly deps: Pick<ServiceDeps, 'db' | 'blobs' | 'config'>) {
    this.repo = new QualityRepository(deps.db);
    this.access = new AccessService(deps.db);
  }

  /** Recomputes the scores of these data rows' labels in a project; a project without quality modes is skipped. */
  async rescore(
    organizationId: string,
    projectId: string,
    dataRowIds: readonly string[],
    /** The project's row, when the caller read it already. */
    known?: ProjectRow,
  ): Promise<number> {
    if (dataRowIds.length === 0) return 0;
    const project = known ?? (await new ProjectRepository(this.deps.db).find(organizationId, projectId));
    if (!project) return 0;
    const consensus = project.is_consensus_enabled === 1;
    const benchmarks = await this.repo.benchmarksOfRows(projectId, dataRowIds);
    if (!consensus && benchmarks.length === 0) return 0;
    const benchmarked = benchmarks.map((b) => b.data_row_id);
    const rows = consensus
      ? [...new Set([...(await this.repo.rowsToScore(projectId, dataRowIds)), ...benchmarked])]
      : benchmarked;
    if (rows.length === 0) return 0;
    const labels = (await this.repo.submittedLabels(projectId, rows)).map((l) => ({
      ...l,
      doc: parseStoredLabel(l.content),
    }));
    const maskPixels = await loadMaskPixels(
      this.deps.blobs,
      organizationId,
      labels.map((l) => l.doc),
      this.deps.config.maskMaxPixels,
    );
    const updates = scoreRows(labels, benchmarks, consensus, { maskPixels });
    // Inside a caller's transaction (the queue's last consensus submission) the scores join it.
    if (updates.length > 0 && this.deps.db.isTransaction) await this.repo.writeScores(updates);
    else if (updates.length > 0)
      await this.deps.db.transaction().execute((trx) => new QualityRepository(trx).writeScores(updates));
    return updates.length;
  }

  /** `label.create_benchmark()`: the label becomes its row's reference; a second call returns the same benchmark. */
  async createBenchmark(actor: Actor, labelId: string): Promise<BenchmarkSummaryRow> {
    // Org roles decide at once; a project-based user's role in the label's project decides below.
    if (actor.role !== 'NONE') this.access.require(actor, 'manage', 'create benchmarks');
    const label = await new LabelRepository(this.deps.db).find(actor.organizationId, labelId);
    if (!label) throw notFound('Label', labelId);
    await this.access.requireProject(actor, label.project_id, 'manage', 'create benchmarks');
    const existing = await this.repo.benchmarkOfRow(label.project_id, label.data_row_id);
    if (existing && existing.label_id !== labelId)
      throw conflict(
        `Data row ${label.data_row_id} already has a benchmark (label ${existing.label_id}); delete it first`,
        'data.labelId',
      );
    if (!existing) {
      const row: BenchmarkRow = {
        id: newId(),
        organization_id: actor.organizationId,
        project_id: label.project_id,
        data_row_id: label.data_row_id,
        label_id: labelId,
        created_by: actor.userId,
        created_at: nowIso(),
      };
      await this.deps.db.transaction().execute((trx) => new QualityRepository(trx).insertBenchmark(row));
      await this.rescore(actor.organizationId, label.project_id, [label.data_row_id]);
    }
    return this.summary(label.project_id, labelId);
  }

  /** `benchmark.delete()`: the row has no reference any more and its labels lose their benchmark scores. */
  async deleteBenchmark(actor: Actor, labelId: string): Promise<BenchmarkSummaryRow> {
    if (actor.role !== 'NONE') this.access.require(actor, 'manage', 'delete benchmarks');
    const benchmark = await this.repo.benchmarkOfLabel(actor.organizationId, labelId);
    if (!benchmark) throw notFound('Benchmark', labelId);
    await this.access.requireProject(actor, benchmark.project_id, 'manage', 'delete benchmarks');
    const before = await this.summary(benchmark.project_id, labelId);
    await this.deps.db.transaction().execute((trx) => new QualityRepository(trx).deleteBenchmark(benchmark));
    return before;
  }

  /** One benchmark by id (`benchmark.reference_label()`), in a project the caller may see. */
  async benchmark(actor: Actor, id: string): Promise<BenchmarkSummaryRow> {
    const row = await this.repo.benchmarkById(actor.organizationId, id);
    if (!row) throw notFound('Benchmark', id);
    try {
      await this.access.requireProject(actor, row.project_id, 'read', 'read benchmarks');
    } catch {
      throw notFound('Benchmark', id);
    }
    return this.summary(row.project_id, row.label_id);
  }

  /** `project.labeler_performance()`: reviewers, team managers and admins of the project. */
  async labelerPerformance(actor: Actor, projectId: string, page: { skip: number; first: number }) {
    await this.access.requireProject(actor, projectId, 'review', 'read labeler performance');
    return this.repo.labelerPerformance(projectId, page);
  }

  /** `project.benchmarks()`: the project is already visible to the caller (resolved through `project`). */
  benchmarks(projectId: string, page: { skip: number; first: number }): Promise<BenchmarkSummaryRow[]> {
    return this.repo.benchmarkPage(projectId, page);
  }

  private async summary(projectId: string, labelId: string): Promise<BenchmarkSummaryRow> {
    const [found] = await this.repo.benchmarkPage(projectId, { skip: 0, first: 1 }, labelId);
    if (!found) throw notFound('Benchmark', labelId);
    return found;
  }

  /**
   * `get_winning_label_id`: the label of the row that agrees best with the others (consensus), else its benchmark
   * label, else its only or first submitted label; null when the row has none in the project.
   */
  async winningLabelId(actor: Actor, projectId: string, dataRowId: string): Promise<string | null> {
    if (!(await new ProjectRepository(this.deps.db).find(actor.organizationId, projectId)))
      throw notFound('Project', projectId);
    await this.access.requireProject(actor, projectId, 'read', 'read labeling activity');
    return this.winnerOf(projectId, dataRowId);
  }

  /** The winning label of a row (see `winningLabelId`), without access checks: the queue sends it to review. */
  async winnerOf(projectId: string, dataRowId: string): Promise<string | null> {
    const labels = await this.repo.rowScores(projectId, dataRowId);
    let winner = labels[0];
    for (const l of labels) if ((l.agreement ?? -1) > (winner?.agreement ?? -1)) winner = l;
    if (winner && winner.agreement === null) {
      const benchmark = await this.repo.benchmarkOfRow(projectId, dataRowId);
      if (benchmark) return benchmark.label_id;
    }
    return winner?.id ?? null;
  }
}
