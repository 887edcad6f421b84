import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** For each GraphQL field of a type, the table columns its value is made from (`[]`: none, e.g. a relation). */
export type ColumnMap<C extends string> = Readonly<Record<string, readonly C[]>>;

/**
 * The table columns a list field's selection needs — those of every field selected on its items, `id` always — or
 * undefined (every column) as soon as one selected field is not in `map`, so a field added to the schema without a
 * mapping still gets a full row. `path` leads from the resolving field to its items (`['nodes']` for a page
 * object). Fragments are followed; `@include`/`@skip` are ignored, which can only select more.
 */
export function selectedColumns<C extends string>(
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
  map: ColumnMap<C>,
  path: readonly string[] = [],
): C[] | undefined {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  for (const step of path) nodes = subfields(nodes, info).get(step) ?? [];
  const columns = new Set<C>(['id' as C]);
  for (const name of subfields(nodes, info).keys()) {
    if (name === '__typename') continue;
    const needs = map[name];
    if (!needs) return undefined;
    for (const column of needs) columns.add(column);
  }
  return [...columns];
}

/**
 * `selectedColumns` of a field resolved once per item (a relation of each item of a page): graphql-js hands every
 * item the same `fieldNodes` array, so the columns are worked out once per page.
 */
export function itemColumns<C extends string>(
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
  map: ColumnMap<C>,
): C[] | undefined {
  let byMap = itemColumnsMemo.get(info.fieldNodes);
  if (!byMap) itemColumnsMemo.set(info.fieldNodes, (byMap = new Map()));
  let columns = byMap.get(map);
  if (columns === undefined) byMap.set(map, (columns = selectedColumns(info, map) ?? null));
  return (columns as C[] | null) ?? undefined;
}

const itemColumnsMemo = new WeakMap<readonly FieldNode[], Map<ColumnMap<string>, string[] | null>>();

/** The names of the fields selected on a list field's items (`path` as for `selectedColumns`). */
export function selectedFields(
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
  path: readonly string[] = [],
): ReadonlySet<string> {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  for (const step of path) nodes = subfields(nodes, info).get(step) ?? [];
  return new Set(subfields(nodes, info).keys());
}

/** The fields selected under `nodes`, by field name (aliases merged). */
function subfields(
  nodes: readonly FieldNode[],
  info: Pick<GraphQLResolveInfo, 'fragments'>,
): Map<string, FieldNode[]> {
  const found = new Map<string, FieldNode[]>();
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const list = found.get(name);
        if (list) list.push(selection);
        else found.set(name, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        visit(info.fragments[selection.name.value]?.selectionSet, seen);
      }
    }
  };
  for (const node of nodes) visit(node.selectionSet, new Set());
  return found;
}
