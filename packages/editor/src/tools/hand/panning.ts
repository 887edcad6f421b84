import type { Point } from '@labelyard/schema';
import { panBy } from '../../geometry/camera.ts';
import { StateNode, type EditorPointerEvent } from '../state-node.ts';

export class HandPanning extends StateNode {
  readonly id = 'panning';
  private last!: Point;

  override onEnter(info: unknown): void {
    this.last = (info as { origin: EditorPointerEvent }).origin.screen;
  }

  onPointerMove(e: EditorPointerEvent): void {
    this.editor.setCamera(panBy(this.editor.camera, e.screen.x - this.last.x, e.screen.y - this.last.y));
    this.last = e.screen;
  }

  onPointerUp(): void {
    this.transition('idle');
  }

  onCancel(): void {
    this.transition('idle');
  }
}
