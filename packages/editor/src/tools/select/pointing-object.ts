import { movedPast } from '../shared.ts';
import { StateNode, type EditorPointerEvent } from '../state-node.ts';

type Info = { origin: EditorPointerEvent; hit: string; wasSelected: boolean };

/** Pressed on an object: a drag moves the selection, a click selects only it. */
export class SelectPointingObject extends StateNode {
  readonly id = 'pointing_object';
  private info!: Info;

  override onEnter(info: unknown): void {
    this.info = info as Info;
  }

  onPointerMove(e: EditorPointerEvent): void {
    if (movedPast(e.screen, this.info.origin.screen))
      this.transition('translating', { origin: this.info.origin });
  }

  onPointerUp(e: EditorPointerEvent): void {
    if (this.info.wasSelected && !e.shiftKey) this.editor.select([this.info.hit]);
    this.transition('idle');
  }

  onCancel(): void {
    this.transition('idle');
  }
}
