import type { Editor } from '../../editor.ts';
import { StateNode } from '../state-node.ts';
import { BoxCreating } from './creating.ts';
import { BoxIdle } from './idle.ts';
import { BoxPointing } from './pointing.ts';

/** Draws bounding boxes by dragging; stays active so the next box can follow. */
export class BoxTool extends StateNode {
  readonly id = 'box';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(new BoxIdle(editor), new BoxPointing(editor), new BoxCreating(editor));
  }
}
