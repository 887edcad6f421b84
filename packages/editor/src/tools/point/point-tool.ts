import type { Editor } from '../../editor.ts';
import { StateNode } from '../state-node.ts';
import { PointIdle } from './idle.ts';

/** Points: one click, one point. */
export class PointTool extends StateNode {
  readonly id = 'point';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(new PointIdle(editor));
  }
}
