import { maskBounds, type MaskAnnotation } from '@labelyard/schema';
import type { EditorKindUtil } from './kind-util.ts';

/**
 * Segmentation masks: pixels, not vectors. Bounds and hits read the decoded pixels (the editor caches them per
 * source); masks are painted with the brush and eraser tools, so they have no handles and do not move.
 */
export const maskKind: EditorKindUtil<MaskAnnotation> = {
  kind: 'mask',
  bounds(a, ctx) {
    const pixels = ctx.maskPixels(a);
    return pixels && maskBounds(pixels);
  },
  hitTest(a, p, _tol, ctx) {
    const m = ctx.maskPixels(a);
    const x = Math.floor(p.x);
    const y = Math.floor(p.y);
    return !!m && x >= 0 && y >= 0 && x < m.width && y < m.height && m.data[y * m.width + x] === 1;
  },
  translate: (a) => a,
  handles: () => [],
  moveHandle: (a) => a,
};
