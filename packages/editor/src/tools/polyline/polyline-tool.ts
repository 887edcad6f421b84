import type { Editor } from '../../editor.ts';
import { StateNode } from '../state-node.ts';
import { PolylineDrawing } from './drawing.ts';
import { PolylineIdle } from './idle.ts';

/** Polylines by clicking vertices; Enter or a double-click finishes. */
export class PolylineTool extends StateNode {
  readonly id = 'polyline';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(new PolylineIdle(editor), new PolylineDrawing(editor));
  }
}
