import type { Point } from '@labelyard/schema';
import { simplifyPath } from '../../geometry/points.ts';
import { clampToImage, snap } from '../shared.ts';
import { StateNode, type EditorKeyEvent, type EditorPointerEvent } from '../state-node.ts';
import { finishPath } from './finish.ts';

/** Freehand polygon: the pointer's trail, simplified to within one screen pixel on release. */
export class PolygonFreehand extends StateNode {
  readonly id = 'freehand';
  private points: Point[] = [];

  override onEnter(info: unknown): void {
    const { origin, point } = info as { origin: EditorPointerEvent; point: EditorPointerEvent };
    this.points = [origin.world, point.world].map((p) => clampToImage(this.editor, p));
    this.editor.setInstance({ preview: { type: 'freehand', points: [...this.points] } });
  }

  override onExit(): void {
    this.editor.setInstance({ preview: undefined });
  }

  onPointerMove(e: EditorPointerEvent): void {
    this.points.push(clampToImage(this.editor, e.world));
    this.editor.setInstance({ preview: { type: 'freehand', points: [...this.points] } });
  }

  onPointerUp(): void {
    finishPath(this.editor, 'polygon', simplifyPath(this.points, this.editor.tolerance(1)).map(snap));
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
