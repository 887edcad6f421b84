import type { FeatureRef, FeatureResolver, ResolvedFeature } from '../annotations/feature-resolver.ts';
import type { OntologyIndex, OntologyNodeRef } from './ontology-index.ts';

/**
 * Adapts an ontology index (server imports, the editor's pre-labels and drafts) to the narrow `FeatureResolver` the annotation parser asks. Archived features
 * resolve to nothing: labels made before the archive keep them, new imports must not use them.
 */
export function featureResolver(index: OntologyIndex): FeatureResolver {
  const cache = new Map<OntologyNodeRef, ResolvedFeature>();
  const wrap = (ref: OntologyNodeRef | undefined): ResolvedFeature | undefined => {
    if (!ref || ref.archived) return undefined;
    let out = cache.get(ref);
    if (!out) {
      out = toResolved(ref, index, wrap);
      cache.set(ref, out);
    }
    return out;
  };
  return {
    resolve(ref) {
      if (ref.schemaId !== undefined) {
        const node = index.byId(ref.schemaId);
        return node && node.parent === null ? wrap(node) : undefined;
      }
      // Tools and classifications have separate name spaces; a name used by both means the tool.
      return wrap(index.tool(ref.name!) ?? index.classification(ref.name!));
    },
  };
}

/** A child of `parent` of the wanted kind: by schema id (feature or node id), by name, or an option by value then label. */
function childOf(
  index: OntologyIndex,
  parent: OntologyNodeRef,
  ref: FeatureRef,
  kind: OntologyNodeRef['kind'],
) {
  const children = index.children(parent).filter((c) => c.kind === kind);
  if (ref.schemaId !== undefined)
    return children.find(
      (c) => c.node.featureSchemaId === ref.schemaId || c.node.schemaNodeId === ref.schemaId,
    );
  if (kind !== 'option') return children.find((c) => c.kind !== 'option' && c.node.name === ref.name);
  return (
    children.find((c) => c.kind === 'option' && String(c.node.value) === ref.name) ??
    children.find((c) => c.kind === 'option' && String(c.node.label) === ref.name)
  );
}

function toResolved(
  ref: OntologyNodeRef,
  index: OntologyIndex,
  wrap: (ref: OntologyNodeRef | undefined) => ResolvedFeature | undefined,
): ResolvedFeature {
  const classification = (r: FeatureRef) => wrap(childOf(index, ref, r, 'classification'));
  const option = (r: FeatureRef) => wrap(childOf(index, ref, r, 'option'));
  const none = () => undefined;
  switch (ref.kind) {
    case 'tool':
      return {
        featureSchemaId: ref.node.featureSchemaId,
        name: ref.node.name,
        color: ref.node.color,
        kind: 'tool',
        tool: ref.node.tool,
        classification,
        option: none,
      };
    case 'classification':
      return {
        featureSchemaId: ref.node.featureSchemaId,
        name: ref.node.name,
        kind: 'classification',
        // A legacy dropdown is one choice from a list: answered like a radio.
        classificationType: ref.node.type === 'dropdown' ? 'radio' : ref.node.type,
        classification: none,
        option,
      };
    case 'option':
      return {
        featureSchemaId: ref.node.featureSchemaId,
        name: String(ref.node.label),
        value: String(ref.node.value),
        kind: 'option',
        classification,
        option: none,
      };
  }
}

/** `featureSchemaId → #rrggbb` of the ontology's tools, for v1 `color`. */
export function toolColors(index: OntologyIndex): (featureSchemaId: string) => string | null {
  return (id) => {
    const ref = index.byFeatureSchemaId(id);
    return ref?.kind === 'tool' ? (ref.node.color ?? null) : null;
  };
}
