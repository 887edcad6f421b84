import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { LabelStudioRepository, type LsRef } from '../../repositories/label-studio.repository.ts';
import { nowIso } from '../../time.ts';
import { isRecord, parseDmFilters, parseDmOrdering, type DmQuery } from './dm-query.ts';
import { lsValidation, type LabelStudioProjectService, type LsProject } from './project.service.ts';

/** What a view keeps in its `ls_refs` row. */
type ViewState = {
  /** The client's `data` (`title`, `filters`, `ordering`, `hiddenColumns`, …), kept as sent once checked. */
  data: Record<string, unknown>;
  order: number;
  /** Who made it (a user id). */
  user: string;
};

export type LsView = {
  lsId: number;
  project: LsProject;
  data: Record<string, unknown>;
  order: number;
  user: string;
};

/** Largest `data` a view keeps, as JSON. */
export const MAX_VIEW_BYTES = 64 * 1024;
/** Most views one project keeps (Data Manager tabs). */
export const MAX_VIEWS_PER_PROJECT = 200;

/**
 * Data Manager views (`/api/dm/views/`): a project's saved tabs, each `data` holding the filters and ordering a task
 * list with `?view=<id>` applies (the legacy SDK's `create_view` / `get_tasks(view_id=)`, and its filtered export,
 * which makes a view, exports through it and deletes it). Kept in `ls_refs` as kind `view`.
 */
export class LabelStudioViewService {
  private readonly repo: LabelStudioRepository;

  constructor(
    db: Db,
    private readonly projects: LabelStudioProjectService,
  ) {
    this.repo = new LabelStudioRepository(db);
  }

  async list(actor: Actor, projectLsId: number | undefined): Promise<LsView[]> {
    if (projectLsId === undefined) {
      const refs = await this.repo.listOfKindInOrganization(
        'view',
        actor.organizationId,
        MAX_VIEWS_PER_PROJECT,
      );
      const out: LsView[] = [];
      const projects = new Map<string, LsProject | null>();
      for (const ref of refs) {
        if (!projects.has(ref.project_id)) {
          // Views of projects the caller may not see (or that are gone) are left out.
          const project = await this.projects.ofProject(actor, ref.project_id).catch(() => null);
          projects.set(ref.project_id, project);
        }
        const project = projects.get(ref.project_id);
        if (project) out.push(viewOf(ref, project));
      }
      return sortViews(out);
    }
    const project = await this.projects.get(actor, projectLsId);
    const refs = await this.repo.listOfKind('view', project.row.id, MAX_VIEWS_PER_PROJECT);
    return sortViews(refs.map((ref) => viewOf(ref, project)));
  }

  async get(actor: Actor, lsId: number): Promise<LsView> {
    const ref = await this.repo.findByLsId(actor.organizationId, 'view', lsId);
    if (!ref) throw notFound('View', String(lsId));
    const project = await this.projects.ofProject(actor, ref.project_id);
    return viewOf(ref, project);
  }

  async create(actor: Actor, projectLsId: number, data: unknown): Promise<LsView> {
    const project = await this.projects.get(actor, projectLsId);
    const checked = checkData(data);
    const existing = await this.repo.listOfKind('view', project.row.id, MAX_VIEWS_PER_PROJECT);
    if (existing.length >= MAX_VIEWS_PER_PROJECT)
      throw lsValidation('project', `A project keeps at most ${MAX_VIEWS_PER_PROJECT} views.`);
    const order = existing.reduce((max, r) => Math.max(max, stateOf(r).order + 1), 0);
    const refId = newId();
    const state: ViewState = { data: checked, order, user: actor.userId };
    const ids = await this.repo.insert([
      {
        kind: 'view',
        ref_id: refId,
        organization_id: actor.organizationId,
        project_id: project.row.id,
        data: JSON.stringify(state),
        created_at: nowIso(),
      },
    ]);
    return this.get(actor, ids.get(refId)!);
  }

  /** Replaces the view's `data` (PATCH and PUT alike, as Label Studio's serializer does). */
  async update(actor: Actor, lsId: number, input: { data?: unknown; project?: unknown }): Promise<LsView> {
    const view = await this.get(actor, lsId);
    if (input.project !== undefined && input.project !== null && Number(input.project) !== view.project.lsId)
      throw lsValidation('project', 'A view stays in its project.');
    if (input.data === undefined) return view;
    const state: ViewState = { data: checkData(input.data), order: view.order, user: view.user };
    await this.repo.updateData(lsId, JSON.stringify(state));
    return this.get(actor, lsId);
  }

  async delete(actor: Actor, lsId: number): Promise<void> {
    await this.get(actor, lsId);
    await this.repo.deleteByLsIds([lsId]);
  }

  /** `DELETE /api/dm/views/reset/?project=`: every view of the project. */
  async reset(actor: Actor, projectLsId: number): Promise<void> {
    const project = await this.projects.get(actor, projectLsId);
    const refs = await this.repo.listOfKind('view', project.row.id, MAX_VIEWS_PER_PROJECT);
    await this.repo.deleteByLsIds(refs.map((r) => r.ls_id));
  }

  /** `POST /api/dm/views/order/`: the project's views in this order (ids of other projects are ignored). */
  async reorder(actor: Actor, projectLsId: number, ids: readonly number[]): Promise<void> {
    const project = await this.projects.get(actor, projectLsId);
    const refs = new Map(
      (await this.repo.listOfKind('view', project.row.id, MAX_VIEWS_PER_PROJECT)).map((r) => [r.ls_id, r]),
    );
    let order = 0;
    for (const id of ids) {
      const ref = refs.get(id);
      if (!ref) continue;
      await this.repo.updateData(id, JSON.stringify({ ...stateOf(ref), order: order++ }));
    }
  }

  /** A view of `project` (another project's is a 400 naming `field`). */
  async ofProject(actor: Actor, lsId: number, project: LsProject, field = 'view'): Promise<LsView> {
    const view = await this.get(actor, lsId);
    if (view.project.row.id !== project.row.id)
      throw lsValidation(field, `View ${lsId} is not a view of project ${project.lsId}.`);
    return view;
  }

  /** The filters and ordering a task list through this view applies; the view must be of `project`. */
  async queryOf(actor: Actor, lsId: number, project: LsProject): Promise<DmQuery> {
    return viewQuery((await this.ofProject(actor, lsId, project)).data, 'view');
  }
}

/** A view's filters and ordering (its `data.filters`, `data.ordering`), each error under `prefix`. */
export function viewQuery(data: Record<string, unknown>, prefix: string): DmQuery {
  const query: DmQuery = {};
  const filters = parseDmFilters(data.filters, `${prefix}.filters`);
  if (filters) query.filters = filters;
  const ordering = parseDmOrdering(data.ordering, `${prefix}.ordering`);
  if (ordering) query.ordering = ordering;
  return query;
}

function checkData(data: unknown): Record<string, unknown> {
  if (data === undefined || data === null) return {};
  if (!isRecord(data)) throw lsValidation('data', 'Expected a dictionary of items.');
  const text = JSON.stringify(data);
  if (Buffer.byteLength(text) > MAX_VIEW_BYTES)
    throw lsValidation('data', `A view's data is at most ${MAX_VIEW_BYTES} bytes of JSON.`);
  viewQuery(data, 'data');
  // Kept as a fresh parse: no prototype or accessor of the request object survives.
  return JSON.parse(text) as Record<string, unknown>;
}

const stateOf = (ref: LsRef): ViewState => JSON.parse(ref.data ?? '{}') as ViewState;

function viewOf(ref: LsRef, project: LsProject): LsView {
  const state = stateOf(ref);
  return { lsId: ref.ls_id, project, data: state.data ?? {}, order: state.order ?? 0, user: state.user };
}

const sortViews = (views: LsView[]) => views.sort((a, b) => a.order - b.order || a.lsId - b.lsId);
