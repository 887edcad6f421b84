import { createRelationship } from '../../actions/relationships.ts';
import { StateNode, type EditorKeyEvent, type EditorPointerEvent } from '../state-node.ts';

export class RelationshipLinking extends StateNode {
  readonly id = 'linking';
  private source!: string;
  private from!: EditorPointerEvent;

  override onEnter(info: unknown): void {
    ({ source: this.source, origin: this.from } = info as { source: string; origin: EditorPointerEvent });
  }

  override onExit(): void {
    this.editor.setInstance({ preview: undefined });
  }

  onPointerMove(e: EditorPointerEvent): void {
    this.editor.setInstance({ preview: { type: 'relationship', from: this.from.world, to: e.world } });
  }

  onPointerUp(e: EditorPointerEvent): void {
    const target = this.editor.hitTest(e.world);
    if (target) {
      const r = createRelationship(this.editor, this.source, target.uuid);
      if (r) this.editor.select([]);
    }
    this.transition('idle');
  }

  onKeyDown(e: EditorKeyEvent): boolean {
    if (e.key !== 'Escape') return false;
    this.onCancel();
    return true;
  }

  onCancel(): void {
    this.transition('idle');
  }
}
