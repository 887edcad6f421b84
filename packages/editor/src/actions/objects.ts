import type { Annotation } from '@labelyard/schema';
import type { Editor } from '../editor.ts';
import { toggled } from '../instance-state.ts';
import { kindOf } from '../kinds/registry.ts';

/** Deletes the selected objects (and relationships on them) as one undo step. */
export function deleteSelected(editor: Editor): void {
  const ids = [...editor.selectedIds].filter((id) => {
    const r = editor.get(id);
    return r && !editor.isLocked(r);
  });
  if (ids.length > 0) editor.remove(ids, 'undoable');
}

/** Moves the selected objects by a world offset (arrow keys; `policy` eventually while dragging). */
export function translateSelected(
  editor: Editor,
  dx: number,
  dy: number,
  policy: 'undoable' | 'eventually',
): void {
  const moved = editor
    .selectedObjects()
    .filter((o) => !editor.isLocked(o))
    .map((o) => kindOf(o).translate(o, dx, dy, editor.geometry));
  editor.put(moved, policy);
}

export function selectAll(editor: Editor): void {
  editor.select(
    editor
      .objects()
      .filter((o) => editor.isVisible(o) && !editor.isLocked(o))
      .map((o) => o.uuid),
  );
}

export function toggleHidden(editor: Editor, uuid: string, hidden?: boolean): void {
  editor.setInstance({ hiddenIds: toggled(editor.instance.hiddenIds, uuid, hidden) });
}

export function toggleLocked(editor: Editor, uuid: string, locked?: boolean): void {
  editor.setInstance({ lockedIds: toggled(editor.instance.lockedIds, uuid, locked) });
}

/** Hides or shows every object of one class (tool feature). */
export function toggleFeatureHidden(editor: Editor, featureSchemaId: string, hidden?: boolean): void {
  editor.setInstance({ hiddenFeatures: toggled(editor.instance.hiddenFeatures, featureSchemaId, hidden) });
}

export function toggleFeatureLocked(editor: Editor, featureSchemaId: string, locked?: boolean): void {
  editor.setInstance({ lockedFeatures: toggled(editor.instance.lockedFeatures, featureSchemaId, locked) });
}

/** Changes the class of the selected objects to another tool of the same type (keeps geometry, drops answers). */
export function reassignSelected(editor: Editor, featureSchemaId: string): void {
  const ref = editor.ontology.byFeatureSchemaId(featureSchemaId);
  if (ref?.kind !== 'tool') return;
  const next: Annotation[] = [];
  for (const o of editor.selectedObjects()) {
    const current = editor.ontology.byFeatureSchemaId(o.featureSchemaId);
    if (
      current?.kind !== 'tool' ||
      current.node.tool !== ref.node.tool ||
      o.featureSchemaId === featureSchemaId
    )
      continue;
    next.push({ ...o, featureSchemaId, name: ref.node.name, classifications: [] });
  }
  editor.put(next, 'undoable');
}
