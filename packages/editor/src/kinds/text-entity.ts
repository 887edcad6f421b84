import type { TextEntityAnnotation } from '@labelyard/schema';
import type { EditorKindUtil } from './kind-util.ts';

/** Text spans live on the text axis, not in the image plane: the text view hit-tests them by offset. */
export const textEntityKind: EditorKindUtil<TextEntityAnnotation> = {
  kind: 'text-entity',
  bounds: () => undefined,
  hitTest: () => false,
  translate: (a) => a,
  handles: () => [],
  moveHandle: (a) => a,
};
