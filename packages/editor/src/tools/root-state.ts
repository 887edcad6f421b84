import type { Editor } from '../editor.ts';
import { runHotkey } from '../hotkeys.ts';
import { BoxTool } from './box/box-tool.ts';
import { BrushTool } from './brush/brush-tool.ts';
import { HandTool } from './hand/hand-tool.ts';
import { PointTool } from './point/point-tool.ts';
import { PolygonTool } from './polygon/polygon-tool.ts';
import { PolylineTool } from './polyline/polyline-tool.ts';
import { RelationshipTool } from './relationship/relationship-tool.ts';
import { SelectTool } from './select/select-tool.ts';
import { StateNode, type EditorKeyEvent } from './state-node.ts';

/** The top of the state tree: one child per tool. Keys no tool state used become global hotkeys here. */
export class RootState extends StateNode {
  readonly id = 'root';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(
      new SelectTool(editor),
      new HandTool(editor),
      new BoxTool(editor),
      new PolygonTool(editor),
      new PolylineTool(editor),
      new PointTool(editor),
      new BrushTool(editor, false),
      new BrushTool(editor, true),
      new RelationshipTool(editor),
    );
  }

  override get path(): string {
    return this.current!.path;
  }

  onKeyDown(e: EditorKeyEvent): boolean {
    return runHotkey(this.editor, e);
  }
}
