import { isObjectAnnotation, type Annotation } from '@labelyard/schema';
import type { Editor } from '../editor.ts';
import { kindOf } from '../kinds/registry.ts';

/** Copies the selected objects and the relationships between them. */
export function copySelected(editor: Editor): number {
  const ids = editor.selectedIds;
  const records: Annotation[] = editor.selectedObjects();
  for (const r of editor.records())
    if (r.kind === 'relationship' && ids.has(r.source) && ids.has(r.target)) records.push(r);
  if (records.length > 0) editor.clipboard.write(records);
  return records.length;
}

export function cutSelected(editor: Editor): void {
  if (copySelected(editor) > 0) editor.remove([...editor.selectedIds], 'undoable');
}

/**
 * Pastes the clipboard as new records (fresh uuids, relationships re-pointed) and selects them. On the row they
 * came from they shift by 10 px so the copies are visible; on another row (the clipboard is shared) they land
 * where they were. Features missing from this ontology are skipped.
 */
export function paste(editor: Editor): string[] {
  const held = editor.clipboard.read();
  if (!held || held.length === 0) return [];
  const ids = new Map<string, string>();
  const sameRow = held.some((r) => editor.get(r.uuid) !== undefined);
  const shift = sameRow ? 10 : 0;
  const out: Annotation[] = [];
  for (const r of held) {
    if (!isObjectAnnotation(r) || !editor.ontology.byFeatureSchemaId(r.featureSchemaId)) continue;
    const uuid = editor.newUuid();
    ids.set(r.uuid, uuid);
    out.push({ ...kindOf(r).translate(r, shift, shift, editor.geometry), uuid });
  }
  for (const r of held) {
    if (r.kind !== 'relationship') continue;
    const source = ids.get(r.source);
    const target = ids.get(r.target);
    if (source && target) out.push({ ...r, uuid: editor.newUuid(), source, target });
  }
  editor.batch(() => {
    editor.put(out, 'undoable');
    editor.select(out.filter(isObjectAnnotation).map((r) => r.uuid));
  });
  return out.map((r) => r.uuid);
}
