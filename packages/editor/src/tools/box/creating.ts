import type { BBoxAnnotation, Point } from '@labelyard/schema';
import { newObject } from '../../actions/features.ts';
import { trackedOnVideo } from '../../actions/video.ts';
import { boxFromPoints } from '../../geometry/spatial-index.ts';
import { clampToImage, snap } from '../shared.ts';
import { StateNode, type EditorKeyEvent, type EditorPointerEvent } from '../state-node.ts';

/** The box follows the pointer (`eventually` changes); release makes it one undo step and selects it. */
export class BoxCreating extends StateNode {
  readonly id = 'creating';
  private anchor!: Point;
  private record: BBoxAnnotation | undefined;

  override onEnter(info: unknown): void {
    const { origin, point } = info as { origin: EditorPointerEvent; point: EditorPointerEvent };
    this.anchor = snap(clampToImage(this.editor, origin.world));
    this.record = newObject<BBoxAnnotation>(this.editor, { kind: 'bbox', bbox: this.bboxTo(point.world) });
    if (!this.record) return this.transition('idle');
    this.editor.put([trackedOnVideo(this.editor, this.record)], 'eventually');
  }

  private bboxTo(p: Point): BBoxAnnotation['bbox'] {
    const b = boxFromPoints(this.anchor, snap(clampToImage(this.editor, p)));
    return { top: b.top, left: b.left, height: b.height, width: b.width };
  }

  onPointerMove(e: EditorPointerEvent): void {
    if (!this.record) return;
    this.record = { ...this.record, bbox: this.bboxTo(e.world) };
    this.editor.put([trackedOnVideo(this.editor, this.record)], 'eventually');
  }

  onPointerUp(): void {
    const r = this.record;
    if (!r || r.bbox.width < 1 || r.bbox.height < 1) return this.onCancel();
    this.editor.commitPending();
    this.editor.select([r.uuid]);
    this.transition('idle');
  }

  onKeyDown(e: EditorKeyEvent): boolean {
    if (e.key !== 'Escape') return false;
    this.onCancel();
    return true;
  }

  onCancel(): void {
    this.editor.cancelPending();
    this.transition('idle');
  }
}
