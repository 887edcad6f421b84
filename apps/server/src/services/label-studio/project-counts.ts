import type { Actor } from '../../auth/actor.ts';
import type {
  LabelStudioRepository,
  LsAnnotationCounts,
} from '../../repositories/label-studio.repository.ts';
import type { ProjectService } from '../project.service.ts';
import { lsValidation } from './project.service.ts';

/** The count fields of Label Studio's project JSON, as `include=` names them. */
export const LS_PROJECT_COUNT_FIELDS = [
  'task_number',
  'finished_task_number',
  'total_predictions_number',
  'total_annotations_number',
  'num_tasks_with_annotations',
  'useful_annotation_number',
  'ground_truth_number',
  'skipped_annotations_number',
] as const;
export type LsProjectCountField = (typeof LS_PROJECT_COUNT_FIELDS)[number];
export type LsProjectCountJson = Record<LsProjectCountField, number | null>;

const ALL: ReadonlySet<LsProjectCountField> = new Set(LS_PROJECT_COUNT_FIELDS);
const ANNOTATION_FIELDS: readonly LsProjectCountField[] = [
  'finished_task_number',
  'total_annotations_number',
  'num_tasks_with_annotations',
  'useful_annotation_number',
  'ground_truth_number',
  'skipped_annotations_number',
];

/**
 * `include=task_number,finished_task_number`: the count fields to compute (Label Studio's way to make a project list
 * cheaper); absent or empty, all of them. The others are null in the answer, as Label Studio leaves them.
 */
export function parseCountInclude(raw: unknown): ReadonlySet<LsProjectCountField> {
  if (raw === undefined || raw === '') return ALL;
  // A repeated parameter (`include=a&include=b`) comes as a list, as the project list's other parameters.
  const text = Array.isArray(raw) && raw.every((v) => typeof v === 'string') ? raw.join(',') : raw;
  if (typeof text !== 'string')
    throw lsValidation('include', 'Expected a comma-separated list of count fields.');
  const out = new Set<LsProjectCountField>();
  for (const part of text.split(',')) {
    const name = part.trim();
    if (name === '') continue;
    if (!ALL.has(name as LsProjectCountField))
      throw lsValidation(
        'include',
        `"${name}" is not a count field; expected some of ${LS_PROJECT_COUNT_FIELDS.join(', ')}`,
      );
    out.add(name as LsProjectCountField);
  }
  return out.size === 0 ? ALL : out;
}

/** Counts of a page of projects: one statement per kind of row counted, only for the fields asked for. */
export class LsProjectCounts {
  private constructor(
    private readonly include: ReadonlySet<LsProjectCountField>,
    private readonly tasks: ReadonlyMap<string, number> | undefined,
    private readonly annotations: ReadonlyMap<string, LsAnnotationCounts> | undefined,
    private readonly predictions: ReadonlyMap<string, number> | undefined,
  ) {}

  static async read(
    actor: Actor,
    projects: ProjectService,
    repo: LabelStudioRepository,
    projectIds: readonly string[],
    include: ReadonlySet<LsProjectCountField> = ALL,
  ): Promise<LsProjectCounts> {
    const [tasks, annotations, predictions] = await Promise.all([
      include.has('task_number') ? projects.dataRowCounts(actor, projectIds) : undefined,
      ANNOTATION_FIELDS.some((f) => include.has(f)) ? repo.annotationCounts(projectIds) : undefined,
      include.has('total_predictions_number') ? repo.predictionCounts(projectIds) : undefined,
    ]);
    return new LsProjectCounts(include, tasks, annotations, predictions);
  }

  /** Tasks of the project (0 unless `task_number` was read). */
  taskCount(projectId: string): number {
    return this.tasks?.get(projectId) ?? 0;
  }

  /** Annotations of the project, skipped ones included (0 unless an annotation field was read). */
  annotationCount(projectId: string): number {
    return this.annotations?.get(projectId)?.total ?? 0;
  }

  /** Predictions of the project (0 unless `total_predictions_number` was read). */
  predictionCount(projectId: string): number {
    return this.predictions?.get(projectId) ?? 0;
  }

  /**
   * The count fields of one project's JSON: useful annotations are those neither skipped nor ground truth, so
   * total = useful + skipped + ground truth, as Label Studio documents them.
   */
  json(projectId: string): LsProjectCountJson {
    const a = this.annotations?.get(projectId) ?? {
      total: 0,
      skipped: 0,
      groundTruth: 0,
      finishedTasks: 0,
      tasksWithAnnotations: 0,
    };
    const values: LsProjectCountJson = {
      task_number: this.taskCount(projectId),
      finished_task_number: a.finishedTasks,
      total_predictions_number: this.predictionCount(projectId),
      total_annotations_number: a.total,
      num_tasks_with_annotations: a.tasksWithAnnotations,
      useful_annotation_number: a.total - a.skipped - a.groundTruth,
      ground_truth_number: a.groundTruth,
      skipped_annotations_number: a.skipped,
    };
    for (const f of LS_PROJECT_COUNT_FIELDS) if (!this.include.has(f)) values[f] = null;
    return values;
  }
}
