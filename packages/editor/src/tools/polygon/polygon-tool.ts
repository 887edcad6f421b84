import type { Editor } from '../../editor.ts';
import { StateNode } from '../state-node.ts';
import { PolygonDrawing } from './drawing.ts';
import { PolygonFreehand } from './freehand.ts';
import { PolygonIdle } from './idle.ts';
import { PolygonPointing } from './pointing.ts';

/** Polygons by clicking vertices (close on the first vertex, Enter or double-click) or by freehand drag. */
export class PolygonTool extends StateNode {
  readonly id = 'polygon';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(
      new PolygonIdle(editor),
      new PolygonPointing(editor),
      new PolygonDrawing(editor),
      new PolygonFreehand(editor),
    );
  }
}
