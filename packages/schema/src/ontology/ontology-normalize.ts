import { isUnsafeKey } from '../safe-keys.ts';
import type { z } from 'zod';
import {
  classificationInputSchema,
  ontologyInputSchema,
  toolInputSchema,
  type ClassificationInput,
  type OptionInput,
  type ToolInput,
} from './ontology-input.ts';
import { featureValue } from '../annotations/common.ts';
import { CHOICE_CLASSIFICATION_TYPES } from './ontology-kinds.ts';
import { promptIssueProblem, reasoningDefinition } from './ontology-reasoning-tools.ts';
import {
  formatPath,
  type DraftClassification,
  type DraftOntology,
  type DraftOption,
  type DraftRoot,
  type DraftTool,
  type OntologyIssue,
  type OntologyResult,
} from './ontology-model.ts';

/** JSON nesting allowed in a normalized ontology (each classification level costs four). Deeper input is refused
 * before validation so that recursion stays shallow. */
export const MAX_JSON_DEPTH = 120;

type Path = Array<string | number>;

const TOOL_KEYS = [
  'tool',
  'name',
  'required',
  'color',
  'classifications',
  'schemaNodeId',
  'featureSchemaId',
  'archived',
  'definition',
];
const CLASSIFICATION_KEYS = [
  'type',
  'name',
  'instructions',
  'required',
  'options',
  'schemaNodeId',
  'featureSchemaId',
  'scope',
  'uiMode',
  'archived',
];
const OPTION_KEYS = ['label', 'value', 'options', 'schemaNodeId', 'featureSchemaId', 'archived'];

/** Keys the client sent that are not interpreted, minus nulls (`color: null` on a classification means nothing). */
function extras(node: Record<string, unknown>, known: readonly string[]): Record<string, unknown> {
  // Prototype keys are dropped on purpose, not by accident of `out[key] =` (which would set out's prototype).
  return Object.fromEntries(
    Object.entries(node).filter(([key, value]) => !known.includes(key) && !isUnsafeKey(key) && value != null),
  );
}

export function exceedsDepth(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Checks the rules that span nodes and fills defaults: `instructions` = name, `label` = value, `required` = false. */
class DraftBuilder {
  readonly issues: OntologyIssue[] = [];
  constructor(private readonly base: string) {}

  issue(path: Path, message: string): void {
    this.issues.push({ path: formatPath(this.base, path), message });
  }

  tool(input: ToolInput, path: Path): DraftTool {
    if (input.name.trim() === '') this.issue([...path, 'name'], 'must not be empty');
    const classifications = this.classifications(input.classifications ?? [], [...path, 'classifications']);
    const issue = (p: Path, message: string) => this.issue(p, message);
    let definition: Record<string, unknown> | undefined;
    if (input.tool === 'step-reasoning' || input.tool === 'fact-checking')
      definition = reasoningDefinition(input.tool, input.name, input.definition, path, issue);
    else if (input.tool === 'prompt-issue') {
      const problem = promptIssueProblem(classifications);
      if (problem) this.issue([...path, 'classifications'], problem);
      // `color` joins when the tool's color is known (ontology-complete.ts).
      definition = { title: input.name, value: featureValue(input.name) };
    }
    return {
      tool: input.tool,
      name: input.name,
      required: input.required ?? false,
      color: input.color ?? null,
      classifications,
      schemaNodeId: input.schemaNodeId ?? null,
      featureSchemaId: input.featureSchemaId ?? null,
      ...extras(input, TOOL_KEYS),
      ...(definition !== undefined
        ? { definition }
        : input.definition != null && { definition: input.definition }),
    };
  }

  classification(input: ClassificationInput, path: Path): DraftClassification {
    // Old ontologies name classifications by `instructions` only; the SDK does the same fallback.
    const name = input.name ?? input.instructions ?? '';
    if (name.trim() === '')
      this.issue([...path, 'name'], input.name == null ? 'is required' : 'must not be empty');
    const options = this.options(input.options ?? [], [...path, 'options']);
    if (CHOICE_CLASSIFICATION_TYPES.has(input.type) && options.length === 0) {
      this.issue([...path, 'options'], `a ${input.type} classification needs at least one option`);
    }
    // Echoed as given, never defaulted: the SDK finds classifications by `type`, and an added scope makes its
    // typed lookups (prompt/response, global classifications) miss them, as they would on Labelbox.
    const scope = input.scope;
    return {
      type: input.type,
      name,
      instructions: input.instructions ?? name,
      required: input.required ?? false,
      options,
      schemaNodeId: input.schemaNodeId ?? null,
      featureSchemaId: input.featureSchemaId ?? null,
      ...(scope ? { scope } : {}),
      ...(input.uiMode ? { uiMode: input.uiMode } : {}),
      ...extras(input, CLASSIFICATION_KEYS),
    };
  }

  option(input: OptionInput, path: Path): DraftOption {
    if (typeof input.value === 'string' && input.value.trim() === '')
      this.issue([...path, 'value'], 'must not be empty');
    return {
      schemaNodeId: input.schemaNodeId ?? null,
      featureSchemaId: input.featureSchemaId ?? null,
      label: input.label ?? input.value,
      value: input.value,
      options: this.classifications(input.options ?? [], [...path, 'options']),
      ...extras(input, OPTION_KEYS),
    };
  }

  classifications(inputs: ClassificationInput[], path: Path): DraftClassification[] {
    const out = inputs.map((c, i) => this.classification(c, [...path, i]));
    this.unique(out, (c) => c.name, path, 'name', 'classification');
    return out;
  }

  options(inputs: OptionInput[], path: Path): DraftOption[] {
    const out = inputs.map((o, i) => this.option(o, [...path, i]));
    this.unique(out, (o) => String(o.value), path, 'value', 'option');
    return out;
  }

  tools(inputs: ToolInput[], path: Path): DraftTool[] {
    const out = inputs.map((t, i) => this.tool(t, [...path, i]));
    this.unique(out, (t) => t.name, path, 'name', 'tool');
    return out;
  }

  /** Siblings must differ: NDJSON annotations and answers refer to features by these names. */
  unique<T>(items: T[], keyOf: (item: T) => string, path: Path, field: string, what: string): void {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const key = keyOf(item);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else
        this.issue(
          [...path, i, field],
          `duplicate ${what} ${field} ${JSON.stringify(key)} (also at index ${first})`,
        );
    });
  }
}

function zodIssues(base: string, error: z.ZodError): OntologyIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(base, issue.path), message: issue.message }));
}

function result<T>(builder: DraftBuilder, value: T): OntologyResult<T> {
  return builder.issues.length > 0 ? { ok: false, issues: builder.issues } : { ok: true, value };
}

/** Validates a whole normalized ontology (`{tools, classifications}`) and fills defaults. Paths start at `base`. */
export function parseOntology(input: unknown, base = 'normalized'): OntologyResult<DraftOntology> {
  if (exceedsDepth(input, MAX_JSON_DEPTH))
    return { ok: false, issues: [{ path: base, message: `nests deeper than ${MAX_JSON_DEPTH} levels` }] };
  const parsed = ontologyInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: zodIssues(base, parsed.error) };
  const builder = new DraftBuilder(base);
  const draft: DraftOntology = {
    tools: builder.tools(parsed.data.tools ?? [], ['tools']),
    classifications: builder.classifications(parsed.data.classifications ?? [], ['classifications']),
  };
  // One root feature schema can appear once per ontology.
  const roots: Array<[DraftRoot, Path]> = [
    ...draft.tools.map((t, i): [DraftRoot, Path] => [t, ['tools', i]]),
    ...draft.classifications.map((c, i): [DraftRoot, Path] => [c, ['classifications', i]]),
  ];
  const seen = new Set<string>();
  for (const [root, path] of roots) {
    if (root.featureSchemaId === null) continue;
    if (seen.has(root.featureSchemaId))
      builder.issue([...path, 'featureSchemaId'], `feature schema ${root.featureSchemaId} appears twice`);
    seen.add(root.featureSchemaId);
  }
  return result(builder, draft);
}

/** Validates one root feature (a tool if it has `tool`, a classification if it has `type`) and fills defaults. */
export function parseRootNode(input: unknown, base = 'normalized'): OntologyResult<DraftRoot> {
  if (exceedsDepth(input, MAX_JSON_DEPTH))
    return { ok: false, issues: [{ path: base, message: `nests deeper than ${MAX_JSON_DEPTH} levels` }] };
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, issues: [{ path: base, message: 'must be an object (a tool or a classification)' }] };
  }
  const isTool = 'tool' in input;
  if (!isTool && !('type' in input)) {
    return {
      ok: false,
      issues: [{ path: base, message: 'needs "tool" (an object tool) or "type" (a classification)' }],
    };
  }
  const builder = new DraftBuilder(base);
  if (isTool) {
    const parsed = toolInputSchema.safeParse(input);
    if (!parsed.success) return { ok: false, issues: zodIssues(base, parsed.error) };
    return result(builder, builder.tool(parsed.data, []));
  }
  const parsed = classificationInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: zodIssues(base, parsed.error) };
  return result(builder, builder.classification(parsed.data, []));
}
