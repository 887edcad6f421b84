import type { Editor } from '../../editor.ts';
import { StateNode, type EditorPointerEvent } from '../state-node.ts';

export class BrushIdle extends StateNode {
  readonly id = 'idle';

  constructor(
    editor: Editor,
    private readonly erase: boolean,
  ) {
    super(editor);
  }

  onPointerMove(e: EditorPointerEvent): void {
    this.editor.setInstance({
      preview: { type: 'brush', at: e.world, radius: this.editor.instance.brushSize / 2, erase: this.erase },
    });
  }

  onPointerDown(e: EditorPointerEvent): void {
    if (e.button === 0) this.transition('painting', { origin: e });
  }
}
