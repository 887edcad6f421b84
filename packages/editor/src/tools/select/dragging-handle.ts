import { kindOf } from '../../kinds/registry.ts';
import { clampToImage, snap } from '../shared.ts';
import { StateNode, type EditorKeyEvent, type EditorPointerEvent } from '../state-node.ts';
import type { HandleHit } from './handles.ts';

/** Moving one corner (resizing a box) or one vertex: `eventually` while dragging, one undo step on release. */
export class SelectDraggingHandle extends StateNode {
  readonly id = 'dragging_handle';
  private info!: HandleHit;

  override onEnter(info: unknown): void {
    this.info = info as HandleHit;
  }

  onPointerMove(e: EditorPointerEvent): void {
    const { object, handle } = this.info;
    const next = kindOf(object).moveHandle(
      object,
      handle.id,
      snap(clampToImage(this.editor, e.world)),
      this.editor.geometry,
    );
    this.editor.put([next], 'eventually');
  }

  onPointerUp(): void {
    this.editor.commitPending();
    this.transition('idle');
  }

  onKeyDown(e: EditorKeyEvent): boolean {
    if (e.key !== 'Escape') return false;
    this.onCancel();
    return true;
  }

  onCancel(): void {
    this.editor.cancelPending();
    this.transition('idle');
  }
}
