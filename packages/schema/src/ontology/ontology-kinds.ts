/**
 * The node kinds of a Labelbox-style ontology. Values are the wire strings of the normalized JSON
 * (`{"tool": "rectangle"}`, `{"type": "radio"}`), which the Labelbox SDK checks against its own enums.
 */
export const TOOL_TYPES = [
  'rectangle',
  'polygon',
  'point',
  'line',
  'superpixel',
  'raster-segmentation',
  'named-entity',
  'edge',
  'message-single-selection',
  'message-multi-selection',
  'message-ranking',
  // Model-evaluation tools defined by a `definition` (see ontology-reasoning-tools.ts).
  'step-reasoning',
  'fact-checking',
  'prompt-issue',
] as const;
export type ToolType = (typeof TOOL_TYPES)[number];

export const CLASSIFICATION_TYPES = [
  'radio',
  'checklist',
  'text',
  /** Legacy single choice from a list; answered like `radio`. */
  'dropdown',
  'prompt',
  'response-text',
  'response-checklist',
  'response-radio',
] as const;
export type ClassificationType = (typeof CLASSIFICATION_TYPES)[number];

/** Classification types whose answers are options: they need at least one. */
export const CHOICE_CLASSIFICATION_TYPES: ReadonlySet<ClassificationType> = new Set([
  'radio',
  'checklist',
  'dropdown',
  'response-radio',
  'response-checklist',
]);

/** Classification types answered with several options at once. */
export const MULTI_CHOICE_CLASSIFICATION_TYPES: ReadonlySet<ClassificationType> = new Set([
  'checklist',
  'response-checklist',
]);

export const CLASSIFICATION_SCOPES = ['global', 'index'] as const;
export type ClassificationScope = (typeof CLASSIFICATION_SCOPES)[number];

export const UI_MODES = ['hotkey', 'searchable'] as const;
export type UiMode = (typeof UI_MODES)[number];

export const isToolType = (value: unknown): value is ToolType =>
  (TOOL_TYPES as readonly unknown[]).includes(value);
export const isClassificationType = (value: unknown): value is ClassificationType =>
  (CLASSIFICATION_TYPES as readonly unknown[]).includes(value);

/** A root feature is either an object tool or a classification; the two live in separate lists and name spaces. */
export type RootKind = 'tool' | 'classification';
