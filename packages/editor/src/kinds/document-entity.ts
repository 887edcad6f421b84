import type { DocumentEntityAnnotation } from '@labelyard/schema';
import type { EditorKindUtil } from './kind-util.ts';

/** Token selections of a PDF's text layer: kept and round-tripped, not drawn in the image plane. */
export const documentEntityKind: EditorKindUtil<DocumentEntityAnnotation> = {
  kind: 'document-entity',
  bounds: () => undefined,
  hitTest: () => false,
  translate: (a) => a,
  handles: () => [],
  moveHandle: (a) => a,
};
