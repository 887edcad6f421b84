import type { NormalizedClassification, NormalizedTool, ObjectAnnotation } from '@labelyard/schema';
import type { Editor } from '../editor.ts';

/** Which engine tool draws an ontology tool type. */
export const TOOL_FOR_TYPE: Readonly<Record<string, string>> = {
  rectangle: 'box',
  polygon: 'polygon',
  point: 'point',
  line: 'polyline',
  'raster-segmentation': 'brush',
  edge: 'relationship',
  'named-entity': 'select',
};

/** The ontology's tools that can be drawn, in ontology order (their position gives the 1–9 class hotkeys). */
export function drawableTools(editor: Editor): NormalizedTool[] {
  return editor.ontology.roots
    .filter((r) => r.kind === 'tool' && !r.archived && TOOL_FOR_TYPE[r.node.tool] !== undefined)
    .map((r) => r.node as NormalizedTool);
}

/** Root classifications answered once per row (global scope). */
export function globalClassifications(editor: Editor): NormalizedClassification[] {
  return editor.ontology.roots
    .filter((r) => r.kind === 'classification' && !r.archived)
    .map((r) => r.node as NormalizedClassification);
}

export function toolNode(editor: Editor, featureSchemaId: string | undefined): NormalizedTool | undefined {
  const ref = featureSchemaId === undefined ? undefined : editor.ontology.byFeatureSchemaId(featureSchemaId);
  return ref?.kind === 'tool' ? ref.node : undefined;
}

/** The ontology colour of a record's feature (nested features use their tool's). */
export function featureColor(editor: Editor, featureSchemaId: string): string {
  // The renderer asks once per object per frame: the answer is cached per ontology (an editor's never changes).
  let colors = colorCache.get(editor.ontology);
  if (!colors) colorCache.set(editor.ontology, (colors = new Map()));
  let color = colors.get(featureSchemaId);
  if (color === undefined) {
    const ref = editor.ontology.byFeatureSchemaId(featureSchemaId);
    const root = ref && editor.ontology.root(ref);
    color = root?.kind === 'tool' ? root.node.color : '#888888';
    colors.set(featureSchemaId, color);
  }
  return color;
}

const colorCache = new WeakMap<object, Map<string, string>>();

/** Picks the ontology tool to draw with and switches to the engine tool that draws it. */
export function setActiveFeature(editor: Editor, featureSchemaId: string): void {
  const tool = toolNode(editor, featureSchemaId);
  if (!tool) return;
  editor.batch(() => {
    editor.setInstance({ activeFeatureId: featureSchemaId });
    editor.setTool(TOOL_FOR_TYPE[tool.tool] ?? 'select');
  });
}

/** A new object of the active feature with the given geometry (no nested answers yet). */
export function newObject<A extends ObjectAnnotation>(
  editor: Editor,
  geometry: Omit<A, 'uuid' | 'featureSchemaId' | 'name' | 'classifications'>,
  featureSchemaId = editor.instance.activeFeatureId,
): A | undefined {
  const tool = toolNode(editor, featureSchemaId);
  if (!tool) return undefined;
  return {
    uuid: editor.newUuid(),
    featureSchemaId: tool.featureSchemaId,
    name: tool.name,
    classifications: [],
    ...(editor.instance.frame !== undefined && { frame: editor.instance.frame }),
    ...geometry,
  } as unknown as A;
}
