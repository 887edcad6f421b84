import type { RootKind } from './ontology-kinds.ts';
import type {
  NormalizedClassification,
  NormalizedOntology,
  NormalizedOption,
  NormalizedTool,
} from './ontology-model.ts';

/**
 * A lookup index over a normalized ontology: from any node's `featureSchemaId` / `schemaNodeId`, or from a path of
 * names, to the node with its parent chain. The label import uses it to resolve NDJSON `name` / `schemaId`
 * references and to check that an annotation's shape fits the tool.
 */
type RefBase = {
  /** Root list the node descends from: object tools and classifications have separate name spaces. */
  rootKind: RootKind;
  parent: OntologyNodeRef | null;
  /** Names from the root down: tool / classification names, option values (as strings). */
  names: readonly string[];
  /** Where the node sits in the normalized JSON, e.g. `tools[0].classifications[1].options[2]`. */
  path: string;
  /** The root feature, or a node under it, is archived: existing labels keep it, new ones must not use it. */
  archived: boolean;
};
export type ToolRef = RefBase & { kind: 'tool'; node: NormalizedTool };
export type ClassificationRef = RefBase & { kind: 'classification'; node: NormalizedClassification };
export type OptionRef = RefBase & { kind: 'option'; node: NormalizedOption };
export type OntologyNodeRef = ToolRef | ClassificationRef | OptionRef;

export type OntologyIndex = {
  readonly nodes: readonly OntologyNodeRef[];
  readonly roots: ReadonlyArray<ToolRef | ClassificationRef>;
  byFeatureSchemaId(id: string): OntologyNodeRef | undefined;
  bySchemaNodeId(id: string): OntologyNodeRef | undefined;
  /** Either id: NDJSON `schemaId` holds a feature schema id, older payloads a schema node id. */
  byId(id: string): OntologyNodeRef | undefined;
  tool(name: string): ToolRef | undefined;
  classification(name: string): ClassificationRef | undefined;
  /** Tool → nested classification by name; classification → option by value (then label); option → classification. */
  child(parent: OntologyNodeRef, name: string): OntologyNodeRef | undefined;
  children(parent: OntologyNodeRef): readonly OntologyNodeRef[];
  /** `byNamePath('tool', ['box', 'color', 'red'])`: tool `box` → classification `color` → option `red`. */
  byNamePath(rootKind: RootKind, names: readonly string[]): OntologyNodeRef | undefined;
  /** The root feature (tool or root classification) a node belongs to. */
  root(ref: OntologyNodeRef): ToolRef | ClassificationRef;
};

const pathKey = (rootKind: RootKind, names: readonly string[]) => JSON.stringify([rootKind, ...names]);

/** Builds the index; roots flagged `archived: true` (and everything under them) are marked archived. */
export function buildOntologyIndex(ontology: NormalizedOntology): OntologyIndex {
  const nodes: OntologyNodeRef[] = [];
  const roots: Array<ToolRef | ClassificationRef> = [];
  const byFeature = new Map<string, OntologyNodeRef>();
  const byNode = new Map<string, OntologyNodeRef>();
  const byPath = new Map<string, OntologyNodeRef>();
  const kids = new Map<OntologyNodeRef, OntologyNodeRef[]>();

  const add = (ref: OntologyNodeRef) => {
    nodes.push(ref);
    if (!byFeature.has(ref.node.featureSchemaId)) byFeature.set(ref.node.featureSchemaId, ref);
    if (!byNode.has(ref.node.schemaNodeId)) byNode.set(ref.node.schemaNodeId, ref);
    const key = pathKey(ref.rootKind, ref.names);
    if (!byPath.has(key)) byPath.set(key, ref);
    if (ref.parent) {
      const list = kids.get(ref.parent) ?? [];
      list.push(ref);
      kids.set(ref.parent, list);
    }
  };

  const visitClassification = (
    node: NormalizedClassification,
    parent: OntologyNodeRef | null,
    rootKind: RootKind,
    path: string,
    archived: boolean,
  ) => {
    const ref: ClassificationRef = {
      kind: 'classification',
      node,
      rootKind,
      parent,
      names: [...(parent?.names ?? []), node.name],
      path,
      archived,
    };
    add(ref);
    node.options.forEach((option, i) => {
      const optionRef: OptionRef = {
        kind: 'option',
        node: option,
        rootKind,
        parent: ref,
        names: [...ref.names, String(option.value)],
        path: `${path}.options[${i}]`,
        archived,
      };
      add(optionRef);
      option.options.forEach((c, j) =>
        visitClassification(c, optionRef, rootKind, `${optionRef.path}.options[${j}]`, archived),
      );
    });
    return ref;
  };

  ontology.tools.forEach((tool, i) => {
    const archived = tool.archived === true;
    const ref: ToolRef = {
      kind: 'tool',
      node: tool,
      rootKind: 'tool',
      parent: null,
      names: [tool.name],
      path: `tools[${i}]`,
      archived,
    };
    add(ref);
    roots.push(ref);
    tool.classifications.forEach((c, j) =>
      visitClassification(c, ref, 'tool', `${ref.path}.classifications[${j}]`, archived),
    );
  });
  ontology.classifications.forEach((c, i) => {
    roots.push(visitClassification(c, null, 'classification', `classifications[${i}]`, c.archived === true));
  });

  const children = (parent: OntologyNodeRef) => kids.get(parent) ?? [];
  return {
    nodes,
    roots,
    byFeatureSchemaId: (id) => byFeature.get(id),
    bySchemaNodeId: (id) => byNode.get(id),
    byId: (id) => byFeature.get(id) ?? byNode.get(id),
    tool: (name) => byPath.get(pathKey('tool', [name])) as ToolRef | undefined,
    classification: (name) => byPath.get(pathKey('classification', [name])) as ClassificationRef | undefined,
    child: (parent, name) => {
      const list = children(parent);
      return (
        list.find((c) => c.names[c.names.length - 1] === name) ??
        list.find((c) => c.kind === 'option' && String(c.node.label) === name)
      );
    },
    children,
    byNamePath: (rootKind, names) => byPath.get(pathKey(rootKind, names)),
    root: (ref) => {
      let r: OntologyNodeRef = ref;
      while (r.parent) r = r.parent;
      return r as ToolRef | ClassificationRef;
    },
  };
}
