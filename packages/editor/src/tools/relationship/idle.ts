import { StateNode, type EditorPointerEvent } from '../state-node.ts';

export class RelationshipIdle extends StateNode {
  readonly id = 'idle';

  onPointerDown(e: EditorPointerEvent): void {
    const source = this.editor.hitTest(e.world);
    if (source) this.transition('linking', { source: source.uuid, origin: e });
  }
}
