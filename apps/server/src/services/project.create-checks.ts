import type { Actor } from '../auth/actor.ts';
import type { Db, Dialect } from '../db/database.ts';
import { invalid, notFound } from '../errors.ts';
import { DatasetRepository } from '../repositories/dataset.repository.ts';

/** Media types whose data rows the server generates into a named dataset (`create_prompt_response_generation_project`). */
const GENERATED_MEDIA = new Set(['LLM_PROMPT_CREATION', 'LLM_PROMPT_RESPONSE_CREATION']);
/** Editor task types and the one media type each works on (what `create_model_evaluation_project` & co. send). */
const TASK_MEDIA: Record<string, string> = {
  MODEL_CHAT_EVALUATION: 'CONVERSATIONAL',
  OFFLINE_MODEL_CHAT_EVALUATION: 'CONVERSATIONAL',
  RESPONSE_CREATION: 'TEXT',
};
/** The most data rows a generated project may ask for (the SDK's default is 100). */
export const MAX_GENERATED_ROWS = 100_000;

export type ProjectKindInput = {
  allowedMediaType?: string | null;
  editorTaskType?: string | null;
  dataRowCount?: number | null;
  datasetNameOrId?: string | null;
  appendToExistingDataset?: boolean | null;
};

/**
 * The checks the Labelbox SDK makes before it creates an evaluation or prompt/response project, made again here for
 * clients that send the mutation themselves: a prompt/response generation project names a dataset; a dataset (new by
 * name, or an existing one with appendToExistingDataset) only goes with projects whose rows are generated (those and
 * live chat evaluation); each editor task type has its media type; dataRowCount is a positive integer.
 */
export async function checkProjectKind(
  db: Db,
  dialect: Dialect,
  actor: Actor,
  input: ProjectKindInput,
): Promise<void> {
  const media = input.allowedMediaType ?? null;
  const task = input.editorTaskType ?? null;
  if (task !== null && Object.hasOwn(TASK_MEDIA, task) && media !== TASK_MEDIA[task])
    throw invalid(
      'data.allowedMediaType',
      `${task} projects are ${TASK_MEDIA[task]} projects (got ${media})`,
    );
  const count = input.dataRowCount;
  if (
    count !== null &&
    count !== undefined &&
    !(Number.isInteger(count) && count >= 1 && count <= MAX_GENERATED_ROWS)
  )
    throw invalid('data.dataRowCount', `must be an integer from 1 to ${MAX_GENERATED_ROWS} (got ${count})`);
  const dataset = input.datasetNameOrId ?? null;
  const generated = GENERATED_MEDIA.has(media ?? '');
  if (generated && (dataset === null || dataset.trim() === ''))
    throw invalid(
      'data.datasetNameOrId',
      `${media} projects need a dataset: a new dataset's name, or an existing dataset's id with appendToExistingDataset`,
    );
  if (dataset === null) {
    if (input.appendToExistingDataset) throw invalid('data.appendToExistingDataset', 'needs datasetNameOrId');
    return;
  }
  if (!generated && task !== 'MODEL_CHAT_EVALUATION')
    throw invalid(
      'data.datasetNameOrId',
      'only prompt/response generation (LLM_PROMPT_CREATION, LLM_PROMPT_RESPONSE_CREATION) and live model chat evaluation projects take a dataset',
    );
  if (dataset.trim() === '' || dataset.length > 255)
    throw invalid('data.datasetNameOrId', 'must be a non-empty string of at most 255 characters');
  if (
    input.appendToExistingDataset &&
    !(await new DatasetRepository(db, dialect).find(actor.organizationId, dataset))
  )
    throw notFound('Dataset', dataset);
}
