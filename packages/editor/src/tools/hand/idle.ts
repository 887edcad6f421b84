import { StateNode, type EditorPointerEvent } from '../state-node.ts';

export class HandIdle extends StateNode {
  readonly id = 'idle';

  onPointerDown(e: EditorPointerEvent): void {
    this.transition('panning', { origin: e });
  }
}
