import type { Point } from '@labelyard/schema';
import { clampToImage, snap } from '../shared.ts';
import { StateNode, type EditorKeyEvent, type EditorPointerEvent } from '../state-node.ts';
import { finishPath } from './finish.ts';

/**
 * Click-by-click polygon: each press adds a vertex; pressing on the first vertex, Enter or a double-click
 * closes it; Backspace removes the last vertex; Escape abandons it. Nothing enters the label until it closes.
 */
export class PolygonDrawing extends StateNode {
  readonly id = 'drawing';
  private points: Point[] = [];

  override onEnter(info: unknown): void {
    const { first } = info as { first: EditorPointerEvent };
    this.points = [snap(clampToImage(this.editor, first.world))];
    this.showPreview();
  }

  override onExit(): void {
    this.editor.setInstance({ preview: undefined });
  }

  private showPreview(cursor?: Point): void {
    this.editor.setInstance({
      preview: { type: 'polygon', points: [...this.points], ...(cursor && { cursor }) },
    });
  }

  onPointerMove(e: EditorPointerEvent): void {
    this.showPreview(e.world);
  }

  onPointerDown(e: EditorPointerEvent): void {
    const p = snap(clampToImage(this.editor, e.world));
    const first = this.points[0];
    if (this.points.length >= 3 && Math.hypot(first.x - p.x, first.y - p.y) <= this.editor.tolerance(8))
      return this.complete();
    this.points.push(p);
    this.showPreview(p);
  }

  onDoubleClick(): void {
    this.complete();
  }

  onKeyDown(e: EditorKeyEvent): boolean {
    if (e.key === 'Enter') this.complete();
    else if (e.key === 'Escape') this.onCancel();
    else if (e.key === 'Backspace') {
      this.points.pop();
      if (this.points.length === 0) return (this.transition('idle'), true);
      this.showPreview();
    } else return false;
    return true;
  }

  private complete(): void {
    finishPath(this.editor, 'polygon', this.points);
    this.transition('idle');
  }

  onCancel(): void {
    this.transition('idle');
  }
}
