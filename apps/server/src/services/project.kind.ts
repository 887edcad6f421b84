import { EDITOR_FRONTEND_ID } from './labeling-frontend.service.ts';

/**
 * Project fields Labelbox derives from what a project is rather than storing: how its data rows arrive
 * (`uploadType`), its model setup state and the labeling frontend it starts with. Every way of creating a project
 * (ordinary, model evaluation, prompt/response generation) gets them right from its media type and editor task type.
 */
export type ProjectKindFields = {
  media_type: string | null;
  editor_task_type: string | null;
  /** 1 once `setProjectModelSetupComplete` ran (live model-evaluation projects only); absent before creation. */
  model_setup_complete?: number | null;
};

/** Media types whose data rows the server generates (`create_prompt_response_generation_project`). */
const GENERATED_MEDIA = new Set(['LLM_PROMPT_CREATION', 'LLM_PROMPT_RESPONSE_CREATION']);

/** A live model chat evaluation project (`create_model_evaluation_project`): set up with its editor at creation. */
export function isLiveChatEvaluation(project: ProjectKindFields): boolean {
  return project.editor_task_type === 'MODEL_CHAT_EVALUATION';
}

/**
 * `Project.uploadType`: `AUTO` where the server generates the data rows (the SDK then refuses `create_batch`,
 * live chat evaluation excepted), null for projects filled through batches (the SDK reads null as Missing).
 */
export function uploadTypeOf(project: ProjectKindFields): 'AUTO' | null {
  return isLiveChatEvaluation(project) || GENERATED_MEDIA.has(project.media_type ?? '') ? 'AUTO' : null;
}

/** `Project.modelSetupComplete`: null until a live model-evaluation project's setup is completed. */
export function modelSetupCompleteOf(project: ProjectKindFields): true | null {
  return project.model_setup_complete === 1 ? true : null;
}

/**
 * The labeling frontend a new project starts with: none (`project.labeling_frontend()` is None until
 * `connect_ontology` or `labeling_frontend.connect`), except live chat evaluation projects, which Labelbox sets
 * up with the Editor when it creates them.
 */
export function initialLabelingFrontendId(project: ProjectKindFields): string | null {
  return isLiveChatEvaluation(project) ? EDITOR_FRONTEND_ID : null;
}
