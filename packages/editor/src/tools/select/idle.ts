import { deleteSelected, selectAll, translateSelected } from '../../actions/objects.ts';
import { kindOf } from '../../kinds/registry.ts';
import { StateNode, type EditorKeyEvent, type EditorPointerEvent } from '../state-node.ts';
import { handleAt } from './handles.ts';

const NUDGE: Readonly<Record<string, [number, number]>> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

export class SelectIdle extends StateNode {
  readonly id = 'idle';

  onPointerMove(e: EditorPointerEvent): void {
    const hovered = this.editor.hitTest(e.world, { selectable: true })?.uuid;
    if (hovered !== this.editor.instance.hoveredId) this.editor.setInstance({ hoveredId: hovered });
  }

  onPointerDown(e: EditorPointerEvent): void {
    if (e.button !== 0) return;
    const handle = handleAt(this.editor, e.world);
    if (handle && e.altKey) {
      // Alt-click on a vertex deletes it (when the shape stays valid).
      const next = kindOf(handle.object).deleteVertex?.(handle.object, handle.handle.id);
      if (next) this.editor.put([next], 'undoable');
      return;
    }
    if (handle) return this.transition('pointing_handle', { ...handle, origin: e });
    const hit = this.editor.hitTest(e.world, { selectable: true });
    if (!hit) return this.transition('pointing_canvas', { origin: e });
    const selected = this.editor.selectedIds.has(hit.uuid);
    if (e.shiftKey) {
      const ids = new Set(this.editor.selectedIds);
      if (selected) ids.delete(hit.uuid);
      else ids.add(hit.uuid);
      this.editor.select(ids);
    } else if (!selected) this.editor.select([hit.uuid]);
    this.transition('pointing_object', { origin: e, hit: hit.uuid, wasSelected: selected });
  }

  /** Double-click on a selected polygon or line edge adds a vertex there. */
  onDoubleClick(e: EditorPointerEvent): void {
    for (const o of this.editor.selectedObjects()) {
      const next = this.editor.isLocked(o)
        ? undefined
        : kindOf(o).insertVertex?.(o, e.world, this.editor.tolerance(6));
      if (next) return this.editor.put([next], 'undoable');
    }
  }

  onKeyDown(e: EditorKeyEvent): boolean {
    if (e.key === 'Delete' || e.key === 'Backspace') {
      deleteSelected(this.editor);
      return true;
    }
    if (e.key === 'Escape' && this.editor.selectedIds.size > 0) {
      this.editor.select([]);
      return true;
    }
    if (e.key === 'a' && e.accelKey) {
      selectAll(this.editor);
      return true;
    }
    const nudge = NUDGE[e.key];
    if (nudge && this.editor.selectedIds.size > 0) {
      const step = (e.shiftKey ? 10 : 1) / this.editor.camera.z;
      translateSelected(this.editor, nudge[0] * step, nudge[1] * step, 'undoable');
      return true;
    }
    return false;
  }
}
