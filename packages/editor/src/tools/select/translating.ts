import type { ObjectAnnotation } from '@labelyard/schema';
import { unionBoxes } from '../../geometry/spatial-index.ts';
import { kindOf } from '../../kinds/registry.ts';
import { StateNode, type EditorKeyEvent, type EditorPointerEvent } from '../state-node.ts';

/** Dragging the selection: every move is an `eventually` change; release makes the whole drag one undo step. */
export class SelectTranslating extends StateNode {
  readonly id = 'translating';
  private origin!: EditorPointerEvent;
  private originals: ObjectAnnotation[] = [];

  override onEnter(info: unknown): void {
    this.origin = (info as { origin: EditorPointerEvent }).origin;
    this.originals = this.editor.selectedObjects().filter((o) => !this.editor.isLocked(o));
  }

  onPointerMove(e: EditorPointerEvent): void {
    const [dx, dy] = this.clampDelta(e.world.x - this.origin.world.x, e.world.y - this.origin.world.y);
    this.editor.put(
      this.originals.map((o) => kindOf(o).translate(o, dx, dy, this.editor.geometry)),
      'eventually',
    );
  }

  /** Stops the selection at the image's edges, so a move never makes an annotation the server would refuse. */
  private clampDelta(dx: number, dy: number): [number, number] {
    const { width, height } = this.editor.media;
    const b = unionBoxes(this.originals.map((o) => this.editor.boundsOf(o.uuid)).filter((x) => !!x));
    if (!b || width === undefined || height === undefined) return [dx, dy];
    const clamp = (d: number, lo: number, size: number, max: number) =>
      Math.min(max - lo - size, Math.max(-lo, d));
    return [clamp(dx, b.left, b.width, width), clamp(dy, b.top, b.height, height)];
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
