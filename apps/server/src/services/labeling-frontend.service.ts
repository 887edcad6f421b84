import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { ProjectRepository, type LabelingFrontendOptionsRow } from '../repositories/project.repository.ts';
import { nowIso } from '../time.ts';

export type LabelingFrontend = {
  id: string;
  name: string;
  description: string;
  iframeUrlPath: string;
  deleted: boolean;
};

/** Fixed so clients may cache it; 25 chars like every id the SDK might validate as a cuid. */
export const EDITOR_FRONTEND_ID = 'ckeditor0labelyard0000001';

/**
 * Built-in frontends, the same for every organization. The Labelbox SDK looks up the one named `Editor` by name
 * (`connect_ontology` crashes with StopIteration without it).
 */
export const LABELING_FRONTENDS: readonly LabelingFrontend[] = [
  {
    id: EDITOR_FRONTEND_ID,
    name: 'Editor',
    description: "Labelyard's built-in labeling editor",
    iframeUrlPath: '/editor',
    deleted: false,
  },
];

type Where = Record<string, unknown>;

/** Prisma-1 style match (`{AND: [{name: $p0}, {deleted: $p1}]}`) against one frontend. */
function matches(frontend: LabelingFrontend, where: Where | null | undefined, path: string): boolean {
  if (!where) return true;
  return Object.entries(where).every(([key, value]) => {
    if (value === undefined) return true;
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      if (value === null) return true;
      const list = (Array.isArray(value) ? value : [value]) as Where[];
      const results = list.map((w, i) => matches(frontend, w, `${path}.${key}[${i}]`));
      if (key === 'AND') return results.every(Boolean);
      if (key === 'OR') return results.some(Boolean);
      return !results.every(Boolean);
    }
    const [field, op] = key.endsWith('_not_in')
      ? [key.slice(0, -7), 'not_in']
      : key.endsWith('_in')
        ? [key.slice(0, -3), 'in']
        : key.endsWith('_not')
          ? [key.slice(0, -4), 'not']
          : [key, 'eq'];
    if (!['id', 'name', 'description', 'iframeUrlPath', 'deleted'].includes(field)) {
      throw invalid(`${path}.${key}`, 'is not a filterable LabelingFrontend field');
    }
    const actual = frontend[field as keyof LabelingFrontend];
    if (op === 'in') return Array.isArray(value) && value.includes(actual);
    if (op === 'not_in') return Array.isArray(value) && !value.includes(actual);
    return op === 'eq' ? actual === value : actual !== value;
  });
}

/** Labeling frontends (built in) and the per-project options the SDK attaches to them. */
const MAX_OPTIONS_PAGE = 1000;

export class LabelingFrontendService {
  private readonly projects: ProjectRepository;

  constructor(db: Db) {
    this.projects = new ProjectRepository(db);
  }

  list(
    _actor: Actor,
    where: Where | null | undefined,
    page: { skip: number; first: number },
  ): LabelingFrontend[] {
    return LABELING_FRONTENDS.filter((f) => matches(f, where, 'where')).slice(
      page.skip,
      page.skip + page.first,
    );
  }

  find(id: string | null | undefined): LabelingFrontend | undefined {
    return LABELING_FRONTENDS.find((f) => f.id === id);
  }

  get(_actor: Actor, id: string): LabelingFrontend {
    const frontend = this.find(id);
    if (!frontend) throw notFound('LabelingFrontend', id);
    return frontend;
  }

  /** `Project.labelingFrontendOptions` (`project.labeling_frontend_options()`): what was stored, oldest first. */
  async optionsOf(
    actor: Actor,
    projectId: string,
    page: { skip?: number | null; first?: number | null },
  ): Promise<Array<{ id: string; customizationOptions: string }>> {
    const skip = page.skip ?? 0;
    const first = page.first ?? MAX_OPTIONS_PAGE;
    if (!Number.isInteger(skip) || skip < 0) throw invalid('skip', 'must be a non-negative integer');
    if (!Number.isInteger(first) || first < 0 || first > MAX_OPTIONS_PAGE)
      throw invalid('first', `must be an integer from 0 to ${MAX_OPTIONS_PAGE}`);
    const rows = await this.projects.frontendOptionsOf(actor.organizationId, projectId, skip, first);
    return rows.map((r) => ({ id: r.id, customizationOptions: r.customization_options }));
  }

  /** `createLabelingFrontendOptions`: stored as given (the SDK sends `{"tools": [], "classifications": []}` as text). */
  async createOptions(
    actor: Actor,
    input: { projectId: string; labelingFrontendId: string; customizationOptions: string | null | undefined },
  ): Promise<LabelingFrontendOptionsRow> {
    const project = await this.projects.find(actor.organizationId, input.projectId);
    if (!project) throw notFound('Project', input.projectId);
    this.get(actor, input.labelingFrontendId);
    const row: LabelingFrontendOptionsRow = {
      id: newId(),
      organization_id: actor.organizationId,
      project_id: project.id,
      labeling_frontend_id: input.labelingFrontendId,
      customization_options: input.customizationOptions ?? '{}',
      created_by: actor.userId,
      created_at: nowIso(),
    };
    await this.projects.insertFrontendOptions(row);
    return row;
  }
}
