import { movedPast } from '../shared.ts';
import { StateNode, type EditorPointerEvent } from '../state-node.ts';
import type { HandleHit } from './handles.ts';

type Info = HandleHit & { origin: EditorPointerEvent };

/** Pressed on a corner or vertex: a drag moves it. */
export class SelectPointingHandle extends StateNode {
  readonly id = 'pointing_handle';
  private info!: Info;

  override onEnter(info: unknown): void {
    this.info = info as Info;
  }

  onPointerMove(e: EditorPointerEvent): void {
    if (movedPast(e.screen, this.info.origin.screen)) this.transition('dragging_handle', this.info);
  }

  onPointerUp(): void {
    this.transition('idle');
  }

  onCancel(): void {
    this.transition('idle');
  }
}
