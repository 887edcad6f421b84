import { movedPast } from '../shared.ts';
import { StateNode, type EditorPointerEvent } from '../state-node.ts';

/** Pressed on empty canvas: a drag draws a selection marquee, a click clears the selection. */
export class SelectPointingCanvas extends StateNode {
  readonly id = 'pointing_canvas';
  private origin!: EditorPointerEvent;

  override onEnter(info: unknown): void {
    this.origin = (info as { origin: EditorPointerEvent }).origin;
  }

  onPointerMove(e: EditorPointerEvent): void {
    if (movedPast(e.screen, this.origin.screen)) this.transition('brushing', { origin: this.origin });
  }

  onPointerUp(e: EditorPointerEvent): void {
    if (!e.shiftKey) this.editor.select([]);
    this.transition('idle');
  }

  onCancel(): void {
    this.transition('idle');
  }
}
