import type { BBoxAnnotation } from '@labelyard/schema';
import type { EditorKindUtil } from './kind-util.ts';

const CORNERS = ['top-left', 'top-right', 'bottom-right', 'bottom-left'] as const;

/** Bounding boxes: hit anywhere inside (labelers grab boxes by their body); four corner handles resize. */
export const boxKind: EditorKindUtil<BBoxAnnotation> = {
  kind: 'bbox',
  bounds: ({ bbox }) => ({ left: bbox.left, top: bbox.top, width: bbox.width, height: bbox.height }),
  hitTest: ({ bbox }, p, tol) =>
    p.x >= bbox.left - tol &&
    p.x <= bbox.left + bbox.width + tol &&
    p.y >= bbox.top - tol &&
    p.y <= bbox.top + bbox.height + tol,
  translate: (a, dx, dy) => ({ ...a, bbox: { ...a.bbox, left: a.bbox.left + dx, top: a.bbox.top + dy } }),
  handles: ({ bbox: b }) => [
    { id: 'top-left', x: b.left, y: b.top },
    { id: 'top-right', x: b.left + b.width, y: b.top },
    { id: 'bottom-right', x: b.left + b.width, y: b.top + b.height },
    { id: 'bottom-left', x: b.left, y: b.top + b.height },
  ],
  moveHandle(a, id, p) {
    const i = CORNERS.indexOf(id as (typeof CORNERS)[number]);
    if (i < 0) return a;
    // The opposite corner stays put; dragging past it flips the box instead of giving it a negative size.
    const opposite = boxKind.handles(a)[(i + 2) % 4];
    return {
      ...a,
      bbox: {
        left: Math.min(p.x, opposite.x),
        top: Math.min(p.y, opposite.y),
        width: Math.abs(p.x - opposite.x),
        height: Math.abs(p.y - opposite.y),
      },
    };
  },
};
