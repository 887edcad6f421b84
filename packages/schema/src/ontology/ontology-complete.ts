import { paletteColor } from './ontology-colors.ts';
import {
  isToolNode,
  type DraftClassification,
  type DraftOntology,
  type DraftOption,
  type DraftRoot,
  type DraftTool,
  type NormalizedClassification,
  type NormalizedOntology,
  type NormalizedOption,
  type NormalizedRoot,
  type NormalizedTool,
} from './ontology-model.ts';

/**
 * Gives every node of a validated draft its `schemaNodeId` and `featureSchemaId`, and tools their color.
 *
 * Ids come from the stored version of the same root feature (`stored`) or are new: ids a client sends are used only
 * to match its nodes with stored ones, never taken as they are (they could belong to another root or organization).
 * A child without ids matches the stored sibling with the same name (options: value), so editing a feature keeps the
 * ids that labels refer to.
 */
export type CompleteOptions = {
  newId: () => string;
  /** The stored root this draft updates or reuses; its ids are kept. */
  stored?: NormalizedRoot | undefined;
  /** Palette slot for a tool without a color (its index in the ontology's tool list). */
  colorIndex?: number;
};

type Ids = { schemaNodeId: string | null; featureSchemaId: string | null };
type StoredIds = { schemaNodeId: string; featureSchemaId: string };

/** Pairs each draft child with at most one stored sibling: by id first, then (draft without ids) by name. */
function match<D extends Ids, S extends StoredIds>(
  drafts: D[],
  stored: S[] | undefined,
  keyOf: (node: D | S) => string,
): Array<S | undefined> {
  if (!stored || stored.length === 0) return drafts.map(() => undefined);
  const free = new Set(stored);
  const out: Array<S | undefined> = drafts.map((d) => {
    if (d.featureSchemaId === null && d.schemaNodeId === null) return undefined;
    const hit = stored.find(
      (s) => free.has(s) && (s.featureSchemaId === d.featureSchemaId || s.schemaNodeId === d.schemaNodeId),
    );
    if (hit) free.delete(hit);
    return hit;
  });
  drafts.forEach((d, i) => {
    if (out[i] || d.featureSchemaId !== null || d.schemaNodeId !== null) return;
    const key = keyOf(d);
    const hit = [...free].find((s) => keyOf(s) === key);
    if (hit) {
      free.delete(hit);
      out[i] = hit;
    }
  });
  return out;
}

const byName = (node: { name: string }) => node.name;
const byValue = (node: { value: string | number }) => String(node.value);

class Completer {
  constructor(private readonly newId: () => string) {}

  ids(stored: StoredIds | undefined): StoredIds {
    return stored
      ? { schemaNodeId: stored.schemaNodeId, featureSchemaId: stored.featureSchemaId }
      : { schemaNodeId: this.newId(), featureSchemaId: this.newId() };
  }

  tool(draft: DraftTool, stored: NormalizedTool | undefined, colorIndex: number): NormalizedTool {
    const matched = match(draft.classifications, stored?.classifications, byName);
    const color = draft.color ?? stored?.color ?? paletteColor(colorIndex);
    return {
      ...draft,
      // A prompt-issue tool's definition carries its color, as Labelbox echoes it.
      ...(draft.tool === 'prompt-issue' && { definition: { ...(draft.definition as object), color } }),
      color,
      classifications: draft.classifications.map((c, i) => this.classification(c, matched[i])),
      ...this.ids(stored),
    };
  }

  classification(
    draft: DraftClassification,
    stored: NormalizedClassification | undefined,
  ): NormalizedClassification {
    const matched = match(draft.options, stored?.options, byValue);
    return {
      ...draft,
      options: draft.options.map((o, i) => this.option(o, matched[i])),
      ...this.ids(stored),
    };
  }

  option(draft: DraftOption, stored: NormalizedOption | undefined): NormalizedOption {
    const matched = match(draft.options, stored?.options, byName);
    return {
      ...draft,
      options: draft.options.map((c, i) => this.classification(c, matched[i])),
      ...this.ids(stored),
    };
  }
}

/** Completes one root feature. A stored root of the other kind (tool vs classification) is not reused. */
export function completeRoot(draft: DraftRoot, options: CompleteOptions): NormalizedRoot {
  const completer = new Completer(options.newId);
  const stored = options.stored;
  if (isToolNode(draft)) {
    return completer.tool(draft, stored && isToolNode(stored) ? stored : undefined, options.colorIndex ?? 0);
  }
  return completer.classification(draft, stored && !isToolNode(stored) ? stored : undefined);
}

/** Completes a whole ontology; `stored` returns the stored root for a root `featureSchemaId` the client sent. */
export function completeOntology(
  draft: DraftOntology,
  options: { newId: () => string; stored?: (featureSchemaId: string) => NormalizedRoot | undefined },
): NormalizedOntology {
  const storedFor = (root: DraftRoot) =>
    root.featureSchemaId === null ? undefined : options.stored?.(root.featureSchemaId);
  return {
    tools: draft.tools.map(
      (t, i) =>
        completeRoot(t, { newId: options.newId, stored: storedFor(t), colorIndex: i }) as NormalizedTool,
    ),
    classifications: draft.classifications.map(
      (c) => completeRoot(c, { newId: options.newId, stored: storedFor(c) }) as NormalizedClassification,
    ),
  };
}
