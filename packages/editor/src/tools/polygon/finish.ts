import type { Point, PolygonAnnotation, PolylineAnnotation } from '@labelyard/schema';
import { newObject } from '../../actions/features.ts';
import type { Editor } from '../../editor.ts';

/** Drops consecutive vertices closer than `tolerance` (a double-click adds the same point twice). */
export function dedupe(points: readonly Point[], tolerance: number): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || Math.hypot(last.x - p.x, last.y - p.y) > tolerance) out.push(p);
  }
  return out;
}

/** Creates the polygon (≥ 3 vertices) or line (≥ 2) as one undo step and selects it. */
export function finishPath(editor: Editor, kind: 'polygon' | 'polyline', points: readonly Point[]): boolean {
  let clean = dedupe(points, editor.tolerance(2));
  if (kind === 'polygon') {
    const first = clean[0];
    const last = clean[clean.length - 1];
    if (clean.length > 1 && Math.hypot(first.x - last.x, first.y - last.y) <= editor.tolerance(2))
      clean = clean.slice(0, -1);
  }
  if (clean.length < (kind === 'polygon' ? 3 : 2)) return false;
  const record = newObject<PolygonAnnotation | PolylineAnnotation>(editor, { kind, points: clean });
  if (!record) return false;
  editor.batch(() => {
    editor.put([record], 'undoable');
    editor.select([record.uuid]);
  });
  return true;
}
