import { boxFromPoints } from '../../geometry/spatial-index.ts';
import { StateNode, type EditorPointerEvent } from '../state-node.ts';

/** Marquee selection: objects whose bounds lie wholly inside the box (shift adds to the selection). */
export class SelectBrushing extends StateNode {
  readonly id = 'brushing';
  private origin!: EditorPointerEvent;
  private initial: ReadonlySet<string> = new Set();

  override onEnter(info: unknown): void {
    this.origin = (info as { origin: EditorPointerEvent }).origin;
    this.initial = this.origin.shiftKey ? this.editor.selectedIds : new Set();
  }

  override onExit(): void {
    this.editor.setInstance({ preview: undefined });
  }

  onPointerMove(e: EditorPointerEvent): void {
    const box = boxFromPoints(this.origin.world, e.world);
    const inside = this.editor.objectsIn(box).filter((o) => {
      const b = this.editor.boundsOf(o.uuid)!;
      return (
        !this.editor.isLocked(o) &&
        b.left >= box.left &&
        b.top >= box.top &&
        b.left + b.width <= box.left + box.width &&
        b.top + b.height <= box.top + box.height
      );
    });
    this.editor.batch(() => {
      this.editor.select([...this.initial, ...inside.map((o) => o.uuid)]);
      this.editor.setInstance({ preview: { type: 'marquee', from: this.origin.world, to: e.world } });
    });
  }

  onPointerUp(): void {
    this.transition('idle');
  }

  onCancel(): void {
    this.editor.select(this.initial);
    this.transition('idle');
  }
}
