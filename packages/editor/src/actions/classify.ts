import type { ClassificationAnnotation } from '@labelyard/schema';
import type { Editor } from '../editor.ts';
import {
  editClassification,
  findClassification,
  type ClassificationEdit,
  type ClassificationPath,
} from '../kinds/classification.ts';

/**
 * Answers a classification: nested under an object (`owner` is its uuid) or on the row (`owner` null): once for
 * the row, or once per message of a conversation (`messageId`, the ontology's `index` scope).
 * `path` runs from the question's root down (see `ClassificationPath`); the last id names the question.
 * One undo step.
 */
export function classify(
  editor: Editor,
  owner: string | null,
  path: ClassificationPath,
  edit: ClassificationEdit,
  messageId?: string,
): void {
  const ref = editor.ontology.byFeatureSchemaId(path[path.length - 1]);
  if (ref?.kind !== 'classification') return;
  const target = { node: ref.node, uuid: editor.newUuid };
  if (owner !== null) {
    const o = editor.getObject(owner);
    if (!o || editor.isLocked(o)) return;
    const classifications = editClassification(o.classifications, path, edit, target);
    if (classifications !== o.classifications) editor.put([{ ...o, classifications }], 'undoable');
    return;
  }
  // Global classifications are records of their own; the list view of them is rebuilt to edit.
  const globals = editor
    .records()
    .filter(isGlobal)
    .filter((r) => r.messageId === messageId);
  const root = globals.find((c) => c.featureSchemaId === path[0]);
  const next = editClassification(root ? [root] : [], path, edit, target);
  if (next.length === 0) {
    if (root) editor.remove([root.uuid], 'undoable');
  } else if (next[0] !== root)
    editor.put([messageId === undefined ? next[0] : { ...next[0], messageId }], 'undoable');
}

/** The current answer at a path, for the view's controls. */
export function answerAt(
  editor: Editor,
  owner: string | null,
  path: ClassificationPath,
  messageId?: string,
): ClassificationAnnotation | undefined {
  const list =
    owner !== null
      ? (editor.getObject(owner)?.classifications ?? [])
      : editor
          .records()
          .filter(isGlobal)
          .filter((r) => r.messageId === messageId);
  return findClassification(list, path);
}

/** Whole-row answers: frame-scoped ones (with `frames`, see `classifyFrame`) are not the row's. */
const isGlobal = (r: { kind: string }): r is ClassificationAnnotation =>
  (r.kind === 'radio' || r.kind === 'checklist' || r.kind === 'text') &&
  (r as ClassificationAnnotation).frames === undefined;
