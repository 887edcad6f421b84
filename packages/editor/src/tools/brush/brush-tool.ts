import type { Editor } from '../../editor.ts';
import { StateNode } from '../state-node.ts';
import { BrushIdle } from './idle.ts';
import { BrushPainting } from './painting.ts';

/**
 * Paints (or, as the eraser, clears) segmentation masks with a round brush of `brushSize` image pixels. A stroke
 * edits the pixels in place and becomes one undo step, stored as a PNG mask as imports and exports have them.
 */
export class BrushTool extends StateNode {
  readonly id: 'brush' | 'eraser';

  constructor(
    editor: Editor,
    readonly erase: boolean,
  ) {
    super(editor);
    this.id = erase ? 'eraser' : 'brush';
    this.addChildren(new BrushIdle(editor, erase), new BrushPainting(editor, erase));
  }
}
