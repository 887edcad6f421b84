import type { VideoObjectAnnotation } from '@labelyard/schema';
import type { EditorKindUtil } from './kind-util.ts';

/**
 * Objects tracked through a video or DICOM series (keyframes in segments): kept and round-tripped with the
 * label, not drawn or edited in the image plane (the image editor has no timeline).
 */
export const videoObjectKind: EditorKindUtil<VideoObjectAnnotation> = {
  kind: 'video-object',
  bounds: () => undefined,
  hitTest: () => false,
  translate: (a) => a,
  handles: () => [],
  moveHandle: (a) => a,
};
