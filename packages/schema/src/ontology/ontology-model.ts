import type {
  ClassificationScope,
  ClassificationType,
  RootKind,
  ToolType,
  UiMode,
} from './ontology-kinds.ts';

/**
 * The normalized ontology as the server stores and returns it: every node carries `schemaNodeId` and
 * `featureSchemaId`; tools carry a color; classifications carry `instructions` (defaults to the name); options carry
 * `label` (defaults to the value). Keys the client sent that Labelyard does not interpret are kept as they were.
 */

/** Keys a client may send that are not interpreted but kept (`hotkey`, `attributes`, …). */
type Extra = { [key: string]: unknown };

/** `I` is the id (and tool color) type: `string` once normalized, `string | null` in a validated draft. */
export type OptionNode<I> = Extra & {
  schemaNodeId: I;
  featureSchemaId: I;
  label: string | number;
  value: string | number;
  options: ClassificationNode<I>[];
};

export type ClassificationNode<I> = Extra & {
  schemaNodeId: I;
  featureSchemaId: I;
  type: ClassificationType;
  name: string;
  instructions: string;
  required: boolean;
  options: OptionNode<I>[];
  /** Root classifications always have one (`global` unless sent). */
  scope?: ClassificationScope;
  uiMode?: UiMode;
  /** Set by the server on archived root features (kept for labels that use them). */
  archived?: boolean;
};

export type ToolNode<I> = Extra & {
  schemaNodeId: I;
  featureSchemaId: I;
  tool: ToolType;
  name: string;
  required: boolean;
  color: I;
  classifications: ClassificationNode<I>[];
  archived?: boolean;
};

export type OntologyNode<I> = { tools: ToolNode<I>[]; classifications: ClassificationNode<I>[] };

export type NormalizedOption = OptionNode<string>;
export type NormalizedClassification = ClassificationNode<string>;
export type NormalizedTool = ToolNode<string>;
export type NormalizedRoot = NormalizedTool | NormalizedClassification;
export type NormalizedOntology = OntologyNode<string>;

/** Validated input with defaults filled; ids and tool colors may still be missing. */
export type DraftOption = OptionNode<string | null>;
export type DraftClassification = ClassificationNode<string | null>;
export type DraftTool = ToolNode<string | null>;
export type DraftRoot = DraftTool | DraftClassification;
export type DraftOntology = OntologyNode<string | null>;

export const rootKindOf = (root: object): RootKind =>
  typeof (root as { tool?: unknown }).tool === 'string' ? 'tool' : 'classification';

export function isToolNode<I>(root: ToolNode<I> | ClassificationNode<I>): root is ToolNode<I> {
  return typeof root.tool === 'string';
}

/** A problem with the input, at a path such as `normalized.tools[1].tool`. */
export type OntologyIssue = { path: string; message: string };

export type OntologyResult<T> = { ok: true; value: T } | { ok: false; issues: OntologyIssue[] };

/** Formats a path array (`['tools', 1, 'tool']`) after a base (`normalized`) as `normalized.tools[1].tool`. */
export function formatPath(base: string, path: ReadonlyArray<PropertyKey>): string {
  let out = base;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
