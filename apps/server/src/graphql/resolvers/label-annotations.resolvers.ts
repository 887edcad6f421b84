import { annotationToNdjson, type Annotation } from '@labelyard/schema';
import { parseStoredLabel } from '../../services/label.content.ts';
import type { ResolverMap } from '../build-schema.ts';

/** `Label.annotations`: the stored label document as NDJSON lines, in the order the editor writes them. */
export const labelAnnotationsResolvers: ResolverMap = {
  Label: {
    annotations: (label: { content: string }) => {
      const doc = parseStoredLabel(label.content);
      const all: Annotation[] = [...doc.objects, ...doc.classifications, ...doc.relationships];
      return all.map((a) => annotationToNdjson(a)).filter((line) => line !== undefined);
    },
  },
};
