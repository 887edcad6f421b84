import { movedPast } from '../shared.ts';
import { StateNode, type EditorPointerEvent } from '../state-node.ts';

/** First press: release in place starts click-by-click drawing; dragging draws freehand. */
export class PolygonPointing extends StateNode {
  readonly id = 'pointing';
  private origin!: EditorPointerEvent;

  override onEnter(info: unknown): void {
    this.origin = (info as { origin: EditorPointerEvent }).origin;
  }

  onPointerMove(e: EditorPointerEvent): void {
    if (movedPast(e.screen, this.origin.screen, 6))
      this.transition('freehand', { origin: this.origin, point: e });
  }

  onPointerUp(): void {
    this.transition('drawing', { first: this.origin });
  }

  onCancel(): void {
    this.transition('idle');
  }
}
