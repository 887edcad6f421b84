import type { Editor } from '../../editor.ts';
import { StateNode } from '../state-node.ts';
import { HandIdle } from './idle.ts';
import { HandPanning } from './panning.ts';

/** Pans the view by dragging (also what Space + drag and the middle button do in the view). */
export class HandTool extends StateNode {
  readonly id = 'hand';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(new HandIdle(editor), new HandPanning(editor));
  }
}
