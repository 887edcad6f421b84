import type { CreateBatchInput, ProjectCreateInput, UpsertOntologyInput } from './api/schema.generated.ts';
import { LabelyardError } from './errors.ts';
import { offsetPages } from './paginate.ts';
import {
  SdkConnectOntologyMutation,
  SdkCreateBatchMutation,
  SdkCreateProjectMutation,
  SdkProjectQuery,
  SdkProjectsQuery,
  SdkTaskQueueCountsQuery,
  SdkUpsertOntologyMutation,
  type SdkCreateBatchMutation as CreateBatchResult,
  type SdkProjectQuery as ProjectResult,
  type SdkProjectsQuery as ProjectsResult,
  type SdkUpsertOntologyMutation as OntologyResult,
} from './projects.generated.ts';
import type { Transport } from './transport.ts';

export type Project = NonNullable<ProjectResult['project']>;
export type ProjectSummary = ProjectsResult['projects'][number];
export type Ontology = OntologyResult['upsertOntology'];
export type Batch = NonNullable<CreateBatchResult['project']>['createBatchV2'];

/** Projects, their ontology and batches. */
export class Projects {
  constructor(private readonly transport: Transport) {}

  async create(data: ProjectCreateInput): Promise<ProjectSummary> {
    return (await this.transport.request(SdkCreateProjectMutation, { data })).createProject;
  }

  /** The project, or null when it does not exist or is not shared with this key's user. */
  async get(id: string): Promise<Project | null> {
    try {
      return (await this.transport.request(SdkProjectQuery, { id })).project;
    } catch (error) {
      if (error instanceof LabelyardError && error.code === 'RESOURCE_NOT_FOUND') return null;
      throw error;
    }
  }

  /** Every project the caller may see, page by page. */
  list(pageSize = 100): AsyncGenerator<ProjectSummary> {
    return offsetPages(
      async (skip, first) => (await this.transport.request(SdkProjectsQuery, { skip, first })).projects,
      pageSize,
    );
  }

  /**
   * Creates an ontology from Labelbox's normalized form (`{tools: [...], classifications: [...]}`).
   *
   * @example
   * const ontology = await client.projects.createOntology({
   *   name: 'Vehicles', mediaType: 'IMAGE',
   *   normalized: { tools: [{ tool: 'rectangle', name: 'car' }], classifications: [] },
   * });
   */
  async createOntology(data: UpsertOntologyInput): Promise<Ontology> {
    return (await this.transport.request(SdkUpsertOntologyMutation, { data })).upsertOntology;
  }

  async connectOntology(projectId: string, ontologyId: string): Promise<void> {
    await this.transport.request(SdkConnectOntologyMutation, { projectId, ontologyId });
  }

  /**
   * Adds data rows (by id or global key) to the project as a batch; they enter the labeling queue. Rows the
   * server cannot use come back in `failedDataRowIds`.
   */
  async createBatch(projectId: string, input: CreateBatchInput): Promise<Batch> {
    const result = await this.transport.request(SdkCreateBatchMutation, { projectId, input });
    if (!result.project) throw new LabelyardError('RESOURCE_NOT_FOUND', `Project not found: ${projectId}`);
    return result.project.createBatchV2;
  }

  /** How many rows are in each workflow state (`Unlabeled`, `InReview`, `InRework`, `Done`, `Skipped`, …). */
  async workflowCounts(projectId: string): Promise<Record<string, number>> {
    const { project } = await this.transport.request(SdkTaskQueueCountsQuery, { id: projectId });
    if (!project) throw new LabelyardError('RESOURCE_NOT_FOUND', `Project not found: ${projectId}`);
    return Object.fromEntries(project.workstreamStateCounts.map((c) => [c.state, c.count]));
  }
}
