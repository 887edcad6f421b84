import type { VideoMaskAnnotation } from '@labelyard/schema';
import type { EditorKindUtil } from './kind-util.ts';

/**
 * Mask instances through a video or DICOM series (a composite PNG per frame): kept and round-tripped with the
 * label, not drawn or edited in the image plane (the image editor has no timeline).
 */
export const videoMaskKind: EditorKindUtil<VideoMaskAnnotation> = {
  kind: 'video-mask',
  bounds: () => undefined,
  hitTest: () => false,
  translate: (a) => a,
  handles: () => [],
  moveHandle: (a) => a,
};
