import {
  isToolNode,
  type NormalizedClassification,
  type NormalizedOption,
  type NormalizedRoot,
} from './ontology-model.ts';

/**
 * Small immutable edits of one root feature's tree (the REST routes that remove a nested node or retitle a root).
 * The result should be re-validated by the caller: removing the last option of a radio leaves it without answers.
 */

function withoutInClassification(
  node: NormalizedClassification,
  id: string,
): [NormalizedClassification, boolean] {
  let removed = false;
  const options: NormalizedOption[] = [];
  for (const option of node.options) {
    if (option.featureSchemaId === id) {
      removed = true;
      continue;
    }
    const [next, hit] = withoutInOption(option, id);
    removed ||= hit;
    options.push(next);
  }
  return removed ? [{ ...node, options }, true] : [node, false];
}

function withoutInOption(node: NormalizedOption, id: string): [NormalizedOption, boolean] {
  const [options, removed] = withoutInList(node.options, id);
  return removed ? [{ ...node, options }, true] : [node, false];
}

function withoutInList(list: NormalizedClassification[], id: string): [NormalizedClassification[], boolean] {
  let removed = false;
  const out: NormalizedClassification[] = [];
  for (const c of list) {
    if (c.featureSchemaId === id) {
      removed = true;
      continue;
    }
    const [next, hit] = withoutInClassification(c, id);
    removed ||= hit;
    out.push(next);
  }
  return [out, removed];
}

/** The root without the nested node whose `featureSchemaId` is `id` (and its subtree); `removed` says if it was there. */
export function withoutNestedNode(
  root: NormalizedRoot,
  id: string,
): { root: NormalizedRoot; removed: boolean } {
  if (isToolNode(root)) {
    const [classifications, removed] = withoutInList(root.classifications, id);
    return { root: removed ? { ...root, classifications } : root, removed };
  }
  const [next, removed] = withoutInClassification(root, id);
  return { root: next, removed };
}

/** The root renamed; a classification's `instructions` follow the name when they were the name. */
export function retitledRoot(root: NormalizedRoot, title: string): NormalizedRoot {
  if (!isToolNode(root) && root.instructions === root.name)
    return { ...root, name: title, instructions: title };
  return { ...root, name: title };
}
