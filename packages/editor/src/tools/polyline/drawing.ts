import type { Point } from '@labelyard/schema';
import { finishPath } from '../polygon/finish.ts';
import { clampToImage, snap } from '../shared.ts';
import { StateNode, type EditorKeyEvent, type EditorPointerEvent } from '../state-node.ts';

export class PolylineDrawing extends StateNode {
  readonly id = 'drawing';
  private points: Point[] = [];

  override onEnter(info: unknown): void {
    this.points = [snap(clampToImage(this.editor, (info as { first: EditorPointerEvent }).first.world))];
    this.showPreview();
  }

  override onExit(): void {
    this.editor.setInstance({ preview: undefined });
  }

  private showPreview(cursor?: Point): void {
    this.editor.setInstance({
      preview: { type: 'polyline', points: [...this.points], ...(cursor && { cursor }) },
    });
  }

  onPointerMove(e: EditorPointerEvent): void {
    this.showPreview(e.world);
  }

  onPointerDown(e: EditorPointerEvent): void {
    this.points.push(snap(clampToImage(this.editor, e.world)));
    this.showPreview();
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
    finishPath(this.editor, 'polyline', this.points);
    this.transition('idle');
  }

  onCancel(): void {
    this.transition('idle');
  }
}
