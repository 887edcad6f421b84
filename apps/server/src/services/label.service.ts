import type { Actor } from '../auth/actor.ts';
import { AccessService } from './access.service.ts';
import { invalid, notFound } from '../errors.ts';
import { DataRowRepository } from '../repositories/data-row.repository.ts';
import { IdentityRepository } from '../repositories/identity.repository.ts';
import { LabelRepository, type LabelRow } from '../repositories/label.repository.ts';
import { ProjectRepository } from '../repositories/project.repository.ts';
import { WorkflowRepository, type WorkflowHistoryRow } from '../repositories/workflow.repository.ts';
import { newId } from '../ids.ts';
import { nowIso } from '../time.ts';
import { parseStoredLabel } from './label.content.ts';
import { QualityService } from './quality/quality.service.ts';
import { LABEL_WHERE } from './label.filter.ts';
import { parseOrderBy, parseWhereInput } from './where-input.ts';
import type { ServiceDeps } from './index.ts';
import type { LabelEvent } from './webhook.payload.ts';
import { WebhookService, type WebhookTopic } from './webhook.service.ts';

export type LabelPageArgs = { where?: unknown; orderBy?: string | null; skip: number; first: number };
/** `deleteLabels(labelIds:)` takes ids inlined in the query text; this bounds one call. */
const MAX_DELETE = 10_000;

/** Reading and deleting labels; label events go to webhooks from here and from the import. */
export class LabelService {
  private readonly labels: LabelRepository;
  private readonly webhooks: WebhookService;
  private readonly quality: QualityService;

  constructor(private readonly deps: ServiceDeps) {
    this.labels = new LabelRepository(deps.db, deps.dialect);
    this.webhooks = new WebhookService(deps);
    this.quality = new QualityService(deps);
  }

  /** `project.labels(skip, first, where, orderBy)`: offset pages in creation order unless ordered otherwise. */
  /** `columns`: only these (the rows are then partial). */
  async page(
    actor: Actor,
    projectId: string,
    args: LabelPageArgs,
    columns?: readonly (keyof LabelRow)[],
  ): Promise<LabelRow[]> {
    if (!(await new ProjectRepository(this.deps.db).find(actor.organizationId, projectId)))
      throw notFound('Project', projectId);
    return this.labels.page(
      { projectId },
      parseWhereInput(LABEL_WHERE, args.where),
      parseOrderBy(LABEL_WHERE, args.orderBy),
      {
        skip: args.skip,
        first: args.first,
      },
      columns,
    );
  }

  /** `data_row.labels(where, orderBy)`: the row's labels in the projects the caller may see. */
  async ofDataRow(actor: Actor, dataRowId: string, args: LabelPageArgs): Promise<LabelRow[]> {
    const visible = await new AccessService(this.deps.db).visibleProjectIds(actor);
    return this.labels.page(
      { organizationId: actor.organizationId, dataRowId, projectIds: visible },
      parseWhereInput(LABEL_WHERE, args.where),
      parseOrderBy(LABEL_WHERE, args.orderBy),
      { skip: args.skip, first: args.first },
    );
  }

  async get(actor: Actor, id: string): Promise<LabelRow> {
    const row = await this.labels.find(actor.organizationId, id);
    if (!row) throw notFound('Label', id);
    return row;
  }

  byIds(actor: Actor, ids: readonly string[]): Promise<LabelRow[]> {
    return this.labels.findMany(actor.organizationId, ids);
  }

  /** Labels per project, for a page of (already visible) projects. */
  counts(projectIds: readonly string[]): Promise<Map<string, number>> {
    return this.labels.countsByProject(projectIds);
  }

  /**
   * `deleteLabels(labelIds:)`: deletes the caller's labels among `ids` (unknown ids are skipped) in one transaction
   * and fires LABEL_DELETED for each. Returns the deleted labels as they were.
   */
  async delete(actor: Actor, ids: readonly string[]): Promise<LabelRow[]> {
    if (ids.length > MAX_DELETE)
      throw invalid('labelIds', `at most ${MAX_DELETE} ids per call, got ${ids.length}`);
    const rows = await this.labels.findMany(actor.organizationId, ids);
    if (rows.length === 0) return [];
    const steps = await this.deps.db.transaction().execute(async (trx) => {
      await this.labels.with(trx).delete(rows.map((r) => r.id));
      // Rows whose label under review or in rework is gone go back to labeling (docs/queue.md).
      return new WorkflowRepository(trx).requeueDeletedLabels(rows, nowIso(), {
        organizationId: actor.organizationId,
        userId: actor.userId,
        dialect: this.deps.dialect,
        newId,
      });
    });
    await this.rescore(actor.organizationId, rows);
    await this.emit(actor, 'LABEL_DELETED', rows);
    for (const projectId of new Set(steps.map((s) => s.project_id)))
      await this.emitWorkflow(
        actor,
        projectId,
        steps.filter((s) => s.project_id === projectId),
      );
    return rows;
  }

  /** WORKFLOW_ACTION for workflow steps a label change outside the queue took (written, committed). */
  emitWorkflow(
    actor: Pick<Actor, 'organizationId' | 'userId'>,
    projectId: string,
    steps: readonly WorkflowHistoryRow[],
  ): Promise<number> {
    return this.webhooks.emitWorkflowEvents(actor, projectId, steps);
  }

  /** Consensus and benchmark scores of the rows these labels were on (docs/quality.md). */
  async rescore(
    organizationId: string,
    rows: readonly Pick<LabelRow, 'project_id' | 'data_row_id'>[],
  ): Promise<void> {
    const byProject = new Map<string, string[]>();
    for (const r of rows)
      byProject.set(r.project_id, [...(byProject.get(r.project_id) ?? []), r.data_row_id]);
    for (const [projectId, dataRowIds] of byProject)
      await this.quality.rescore(organizationId, projectId, dataRowIds);
  }

  /**
   * The blob key of a stored mask by its annotation uuid (v1 `featureId`, the id of `GET /masks/feature/:id`), or
   * undefined when the caller's organization has no such mask. Masks imported by URL only are not stored.
   */
  async maskBlobKey(actor: Actor, featureId: string): Promise<string | undefined> {
    const label = await this.labels.findByAnnotationUuid(actor.organizationId, featureId);
    if (!label) return undefined;
    const mask = parseStoredLabel(label.content).objects.find(
      (o) => o.uuid === featureId && o.kind === 'mask',
    );
    return mask?.kind === 'mask' && mask.source.type === 'blob' ? mask.source.key : undefined;
  }

  /** Fires `topic` for labels (any projects) to the webhooks listening; a no-op without listeners. */
  async emit(
    actor: Pick<Actor, 'organizationId' | 'userId'>,
    topic: WebhookTopic,
    rows: readonly LabelRow[],
  ): Promise<void> {
    const byProject = new Map<string, LabelRow[]>();
    for (const row of rows) byProject.set(row.project_id, [...(byProject.get(row.project_id) ?? []), row]);
    for (const [projectId, labels] of byProject) {
      await this.webhooks.notifyLabelListeners(actor, topic, projectId, labels);
      const listeners = await this.webhooks.listeners(actor.organizationId, projectId, topic);
      if (listeners.length === 0) continue;
      const events = await this.events(actor.organizationId, labels);
      await this.webhooks.emitLabelEvents(actor, topic, projectId, events, listeners);
    }
  }

  /** Label events with their data rows, project names and author emails, each loaded with one query. */
  async events(organizationId: string, rows: readonly LabelRow[]): Promise<LabelEvent[]> {
    const dataRows = new Map(
      (
        await new DataRowRepository(this.deps.db, this.deps.dialect).findByIds(
          organizationId,
          rows.map((r) => r.data_row_id),
        )
      ).map((d) => [d.id, d]),
    );
    const projects = new Map(
      (
        await new ProjectRepository(this.deps.db).findMany(organizationId, [
          ...new Set(rows.map((r) => r.project_id)),
        ])
      ).map((p) => [p.id, p]),
    );
    const users = new Map(
      (
        await new IdentityRepository(this.deps.db).findUsersByIds(organizationId, [
          ...new Set(rows.map((r) => r.created_by)),
        ])
      ).map((u) => [u.id, u]),
    );
    return rows.map((label) => ({
      label,
      dataRow: dataRows.get(label.data_row_id) ?? null,
      projectName: projects.get(label.project_id)?.name ?? '',
      createdByEmail: users.get(label.created_by)?.email ?? null,
    }));
  }
}
