import { movedPast } from '../shared.ts';
import { StateNode, type EditorPointerEvent } from '../state-node.ts';

/** Pressed: a drag starts a box; a click without moving draws nothing. */
export class BoxPointing extends StateNode {
  readonly id = 'pointing';
  private origin!: EditorPointerEvent;

  override onEnter(info: unknown): void {
    this.origin = (info as { origin: EditorPointerEvent }).origin;
  }

  onPointerMove(e: EditorPointerEvent): void {
    if (movedPast(e.screen, this.origin.screen))
      this.transition('creating', { origin: this.origin, point: e });
  }

  onPointerUp(): void {
    this.transition('idle');
  }

  onCancel(): void {
    this.transition('idle');
  }
}
