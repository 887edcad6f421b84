import type { Editor } from '../../editor.ts';
import { StateNode } from '../state-node.ts';
import { SelectBrushing } from './brushing.ts';
import { SelectDraggingHandle } from './dragging-handle.ts';
import { SelectIdle } from './idle.ts';
import { SelectPointingCanvas } from './pointing-canvas.ts';
import { SelectPointingHandle } from './pointing-handle.ts';
import { SelectPointingObject } from './pointing-object.ts';
import { SelectTranslating } from './translating.ts';

/** Select, move, resize (box corners), reshape (vertices) and marquee-select objects. */
export class SelectTool extends StateNode {
  readonly id = 'select';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(
      new SelectIdle(editor),
      new SelectPointingObject(editor),
      new SelectTranslating(editor),
      new SelectPointingCanvas(editor),
      new SelectBrushing(editor),
      new SelectPointingHandle(editor),
      new SelectDraggingHandle(editor),
    );
  }
}
