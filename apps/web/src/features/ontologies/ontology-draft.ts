/**
 * The ontology being edited, as plain data, and the pure edits the editor makes on it. Serialized to (and read
 * from) Labelbox's normalized JSON; ids of existing features are kept so saving updates them in place.
 */
export const TOOL_KINDS = [
  { value: 'rectangle', label: 'Bounding box' },
  { value: 'polygon', label: 'Polygon' },
  { value: 'point', label: 'Point' },
  { value: 'line', label: 'Polyline' },
  { value: 'raster-segmentation', label: 'Segmentation mask' },
  { value: 'named-entity', label: 'Entity (text span)' },
  { value: 'edge', label: 'Relationship' },
  { value: 'message-single-selection', label: 'Best reply (conversations)' },
  { value: 'message-multi-selection', label: 'Acceptable replies (conversations)' },
  { value: 'message-ranking', label: 'Reply ranking (conversations)' },
] as const;
export const CLASSIFICATION_KINDS = [
  { value: 'radio', label: 'Radio (one answer)' },
  { value: 'checklist', label: 'Checklist (several answers)' },
  { value: 'text', label: 'Free text' },
] as const;

export type ToolKind = (typeof TOOL_KINDS)[number]['value'];
export type ClassificationKind = (typeof CLASSIFICATION_KINDS)[number]['value'];

export type OptionDraft = {
  key: string;
  label: string;
  featureSchemaId?: string;
  schemaNodeId?: string;
  classifications: ClassificationDraft[];
};
export type ClassificationDraft = {
  key: string;
  type: ClassificationKind;
  name: string;
  required: boolean;
  /** Root classifications: `index` is answered once per message of a conversation (or frame of a video). */
  scope?: 'global' | 'index';
  featureSchemaId?: string;
  schemaNodeId?: string;
  options: OptionDraft[];
};
export type ToolDraft = {
  key: string;
  tool: ToolKind;
  name: string;
  color: string;
  hotkey: string;
  featureSchemaId?: string;
  schemaNodeId?: string;
  classifications: ClassificationDraft[];
};
export type OntologyDraft = {
  name: string;
  mediaType: string;
  tools: ToolDraft[];
  classifications: ClassificationDraft[];
};

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
let counter = 0;
export const newKey = () => `k${++counter}`;

export const emptyDraft = (): OntologyDraft => ({
  name: '',
  mediaType: 'IMAGE',
  tools: [],
  classifications: [],
});

export function newTool(index: number, tool: ToolKind = 'rectangle'): ToolDraft {
  return {
    key: newKey(),
    tool,
    name: '',
    color: PALETTE[index % PALETTE.length]!,
    hotkey: '',
    classifications: [],
  };
}
export function newClassification(type: ClassificationKind = 'radio'): ClassificationDraft {
  return { key: newKey(), type, name: '', required: false, options: [] };
}
export function newOption(): OptionDraft {
  return { key: newKey(), label: '', classifications: [] };
}

/** Replaces the classification with `key` anywhere in a list (options' nested lists included). */
export function updateClassification(
  list: ClassificationDraft[],
  key: string,
  change: (c: ClassificationDraft) => ClassificationDraft | null,
): ClassificationDraft[] {
  const out: ClassificationDraft[] = [];
  for (const c of list) {
    if (c.key === key) {
      const next = change(c);
      if (next) out.push(next);
      continue;
    }
    out.push({
      ...c,
      options: c.options.map((o) => ({
        ...o,
        classifications: updateClassification(o.classifications, key, change),
      })),
    });
  }
  return out;
}

/** Applies a classification edit wherever it lives: global list, under a tool, or under an option. */
export function editClassification(
  draft: OntologyDraft,
  key: string,
  change: (c: ClassificationDraft) => ClassificationDraft | null,
): OntologyDraft {
  return {
    ...draft,
    classifications: updateClassification(draft.classifications, key, change),
    tools: draft.tools.map((t) => ({
      ...t,
      classifications: updateClassification(t.classifications, key, change),
    })),
  };
}

/** Problems that would make the server refuse the ontology, named by where they are. */
export function draftProblems(draft: OntologyDraft): string[] {
  const problems: string[] = [];
  if (!draft.name.trim()) problems.push('The ontology needs a name');
  const hotkeys = new Map<string, string>();
  const names = new Set<string>();
  draft.tools.forEach((t, i) => {
    const where = `Tool ${i + 1}`;
    if (!t.name.trim()) problems.push(`${where} needs a name`);
    else if (names.has(`tool:${t.name}`)) problems.push(`Two tools are named "${t.name}"`);
    names.add(`tool:${t.name}`);
    if (t.hotkey) {
      if (!/^[a-z0-9]$/i.test(t.hotkey)) problems.push(`${where}: a hotkey is one letter or digit`);
      else if (hotkeys.has(t.hotkey.toLowerCase())) {
        problems.push(
          `${where}: hotkey "${t.hotkey}" is already used by ${hotkeys.get(t.hotkey.toLowerCase())}`,
        );
      } else hotkeys.set(t.hotkey.toLowerCase(), t.name || where);
    }
    classificationProblems(t.classifications, `${where} › `, problems);
  });
  classificationProblems(draft.classifications, '', problems);
  return problems;
}

function classificationProblems(list: ClassificationDraft[], prefix: string, problems: string[]): void {
  list.forEach((c, i) => {
    const where = `${prefix}${c.name || `classification ${i + 1}`}`;
    if (!c.name.trim()) problems.push(`${prefix}Classification ${i + 1} needs a question`);
    if (c.type !== 'text' && c.options.length === 0) problems.push(`${where} needs at least one option`);
    const labels = new Set<string>();
    c.options.forEach((o, j) => {
      if (!o.label.trim()) problems.push(`${where}: option ${j + 1} needs a label`);
      else if (labels.has(o.label)) problems.push(`${where}: two options are labeled "${o.label}"`);
      labels.add(o.label);
      classificationProblems(o.classifications, `${where} › ${o.label || `option ${j + 1}`} › `, problems);
    });
  });
}

type Json = Record<string, unknown>;
const ids = (d: { featureSchemaId?: string; schemaNodeId?: string }) =>
  d.featureSchemaId ? { featureSchemaId: d.featureSchemaId, schemaNodeId: d.schemaNodeId } : {};

function classificationToJson(c: ClassificationDraft): Json {
  return {
    type: c.type,
    name: c.name.trim(),
    instructions: c.name.trim(),
    required: c.required,
    ...(c.scope ? { scope: c.scope } : {}),
    ...ids(c),
    options:
      c.type === 'text'
        ? []
        : c.options.map((o) => ({
            label: o.label.trim(),
            value: o.label.trim().toLowerCase().replace(/\s+/g, '_'),
            ...ids(o),
            options: o.classifications.map(classificationToJson),
          })),
  };
}

/** The normalized JSON `upsertOntology` takes. */
export function draftToNormalized(draft: OntologyDraft): Json {
  return {
    tools: draft.tools.map((t) => ({
      tool: t.tool,
      name: t.name.trim(),
      color: t.color,
      required: false,
      ...(t.hotkey ? { hotkey: t.hotkey.toLowerCase() } : {}),
      ...ids(t),
      classifications: t.classifications.map(classificationToJson),
    })),
    classifications: draft.classifications.map(classificationToJson),
  };
}

const str = (v: unknown, fallback = ''): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
const arr = (v: unknown): Json[] =>
  Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Json[]) : [];

function classificationFromJson(c: Json): ClassificationDraft {
  const type = (['radio', 'checklist', 'text'] as const).find((t) => t === c.type) ?? 'radio';
  return {
    key: newKey(),
    type,
    name: str(c.name) || str(c.instructions),
    required: c.required === true,
    ...(c.scope === 'index' || c.scope === 'global' ? { scope: c.scope } : {}),
    featureSchemaId: str(c.featureSchemaId) || undefined,
    schemaNodeId: str(c.schemaNodeId) || undefined,
    options: arr(c.options).map((o) => ({
      key: newKey(),
      label: str(o.label) || str(o.value),
      featureSchemaId: str(o.featureSchemaId) || undefined,
      schemaNodeId: str(o.schemaNodeId) || undefined,
      classifications: arr(o.options).map(classificationFromJson),
    })),
  };
}

export function toolFromJson(t: Json, index: number): ToolDraft {
  const tool = TOOL_KINDS.find((k) => k.value === t.tool)?.value ?? 'rectangle';
  return {
    key: newKey(),
    tool,
    name: str(t.name),
    color: str(t.color) || PALETTE[index % PALETTE.length]!,
    hotkey: str(t.hotkey),
    featureSchemaId: str(t.featureSchemaId) || undefined,
    schemaNodeId: str(t.schemaNodeId) || undefined,
    classifications: arr(t.classifications).map(classificationFromJson),
  };
}

export { classificationFromJson };

/** Reads a stored ontology into a draft. */
export function draftFromNormalized(
  name: string,
  mediaType: string | null,
  normalized: unknown,
): OntologyDraft {
  const n = (normalized && typeof normalized === 'object' ? normalized : {}) as Json;
  return {
    name,
    mediaType: mediaType ?? 'IMAGE',
    tools: arr(n.tools).map(toolFromJson),
    classifications: arr(n.classifications).map(classificationFromJson),
  };
}
