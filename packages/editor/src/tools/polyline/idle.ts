import { insideImage } from '../shared.ts';
import { StateNode, type EditorPointerEvent } from '../state-node.ts';

export class PolylineIdle extends StateNode {
  readonly id = 'idle';

  onPointerDown(e: EditorPointerEvent): void {
    if (e.button === 0 && insideImage(this.editor, e.world)) this.transition('drawing', { first: e });
  }
}
