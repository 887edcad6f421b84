import { featureValue } from '../annotations/common.ts';

/**
 * The model-evaluation tools whose behaviour is a `definition` rather than a geometry (Labelbox SDK's
 * `StepReasoningTool`, `FactCheckingTool`, `PromptIssueTool`, experimental in the SDK): their normalized
 * definition, checked and filled as Labelbox echoes it (`title` and `value` from the tool's name).
 */
export type ReasoningToolType = 'step-reasoning' | 'fact-checking';
export const REASONING_TOOL_TYPES: readonly string[] = ['step-reasoning', 'fact-checking'];

type Variant = { id: number; name: string; actions: string[] };

/** The SDK's default variants (build_step_reasoning_definition, build_fact_checking_definition). */
const DEFAULT_VARIANTS: Readonly<Record<ReasoningToolType, readonly Variant[]>> = {
  'step-reasoning': [
    { id: 0, name: 'Correct', actions: [] },
    { id: 1, name: 'Neutral', actions: [] },
    {
      id: 2,
      name: 'Incorrect',
      actions: ['regenerateSteps', 'generateAndRateAlternativeSteps', 'rewriteStep', 'justification'],
    },
  ],
  'fact-checking': [
    { id: 0, name: 'Accurate', actions: ['justification'] },
    { id: 1, name: 'Inaccurate', actions: ['justification'] },
    { id: 2, name: 'Disputed', actions: ['justification'] },
    { id: 3, name: 'Unsupported', actions: [] },
    { id: 4, name: "Can't confidently assess", actions: [] },
    { id: 5, name: 'No factual information', actions: [] },
  ],
};
const ACTIONS: Readonly<Record<ReasoningToolType, readonly string[]>> = {
  'step-reasoning': ['regenerateSteps', 'generateAndRateAlternativeSteps', 'rewriteStep', 'justification'],
  'fact-checking': ['justification'],
};

type Issue = (path: Array<string | number>, message: string) => void;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A step-reasoning or fact-checking tool's `definition`: `{variants: [{id, name, actions}], version: 1, title,
 * value}`. Without one, the SDK's default variants; `title` / `value` default to the tool's name and its value.
 */
export function reasoningDefinition(
  tool: ReasoningToolType,
  name: string,
  input: unknown,
  path: Array<string | number>,
  issue: Issue,
): Record<string, unknown> {
  const at = [...path, 'definition'];
  const base = { title: name, value: featureValue(name) };
  if (input === undefined || input === null)
    return {
      ...base,
      variants: DEFAULT_VARIANTS[tool].map((v) => ({ ...v, actions: [...v.actions] })),
      version: 1,
    };
  if (!isRecord(input)) {
    issue(at, 'must be an object like {"variants": [{"id": 0, "name": "…", "actions": []}], "version": 1}');
    return base;
  }
  if (input.version !== undefined && input.version !== 1)
    issue([...at, 'version'], 'Invalid version: must be 1');
  const title = typeof input.title === 'string' && input.title.trim() !== '' ? input.title : base.title;
  const value = typeof input.value === 'string' && input.value.trim() !== '' ? input.value : base.value;
  const raw = input.variants;
  if (!Array.isArray(raw) || raw.length === 0) {
    issue([...at, 'variants'], 'must be a non-empty list of {"id", "name", "actions"}');
    return { title, value, version: 1 };
  }
  const ids = new Set<number>();
  const variants = raw.map((v, i): Variant => {
    const vp = [...at, 'variants', i];
    if (!isRecord(v)) {
      issue(vp, 'must be an object like {"id": 0, "name": "…", "actions": []}');
      return { id: i, name: '', actions: [] };
    }
    if (!Number.isInteger(v.id) || (v.id as number) < 0) issue([...vp, 'id'], 'must be an integer ≥ 0');
    else if (ids.has(v.id as number)) issue([...vp, 'id'], `variant id ${String(v.id)} is used twice`);
    else ids.add(v.id as number);
    if (typeof v.name !== 'string' || v.name.trim() === '')
      issue([...vp, 'name'], 'must be a non-empty string');
    const actions = v.actions ?? [];
    if (!Array.isArray(actions)) issue([...vp, 'actions'], 'must be a list of action names');
    const list = Array.isArray(actions) ? actions : [];
    list.forEach((a, j) => {
      if (typeof a !== 'string' || !ACTIONS[tool].includes(a))
        issue([...vp, 'actions', j], `must be one of ${ACTIONS[tool].join(', ')} (got ${JSON.stringify(a)})`);
    });
    return { id: v.id as number, name: v.name as string, actions: list as string[] };
  });
  return { title, value, variants, version: 1 };
}

/** A prompt-issue tool takes exactly one checklist classification with options (the SDK's own rule). */
export function promptIssueProblem(
  classifications: ReadonlyArray<{ type: string; options: readonly unknown[] }>,
): string | undefined {
  const [only] = classifications;
  return classifications.length !== 1 || only!.type !== 'checklist' || only!.options.length < 1
    ? 'Classifications for Prompt Issue Tool are invalid: exactly one checklist classification with options'
    : undefined;
}
