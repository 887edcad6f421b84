import type { ObjectAnnotation, Point } from '@labelyard/schema';
import type { Editor } from '../../editor.ts';
import type { Handle } from '../../kinds/kind-util.ts';
import { kindOf } from '../../kinds/registry.ts';

export type HandleHit = { readonly object: ObjectAnnotation; readonly handle: Handle };

/** The handle of a selected, unlocked object under a world point (within 6 screen px), nearest first. */
export function handleAt(editor: Editor, p: Point): HandleHit | undefined {
  const tol = editor.tolerance(6);
  let best: HandleHit | undefined;
  let bestDist = tol;
  for (const o of editor.selectedObjects()) {
    if (editor.isLocked(o) || !editor.isVisible(o)) continue;
    for (const handle of kindOf(o).handles(o, editor.geometry)) {
      const d = Math.hypot(handle.x - p.x, handle.y - p.y);
      if (d <= bestDist) {
        bestDist = d;
        best = { object: o, handle };
      }
    }
  }
  return best;
}
