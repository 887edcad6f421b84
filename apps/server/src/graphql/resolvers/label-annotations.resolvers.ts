import { annotationToNdjson, type Annotation, type MaskSource } from '@labelyard/schema';
import { parseStoredLabel } from '../../services/label.content.ts';
import type { ResolverMap } from '../build-schema.ts';
import type { GraphQLContext } from '../context.ts';

/**
 * A stored label document (a label's or a MAL prediction's content) as NDJSON lines, in the order the editor writes
 * them; stored masks carry a signed `instanceURI` the caller can download (see MaskService.fileUrl).
 */
export function storedAnnotationLines(content: string, ctx: GraphQLContext): Record<string, unknown>[] {
  const doc = parseStoredLabel(content);
  const all: Annotation[] = [...doc.objects, ...doc.classifications, ...doc.relationships];
  const maskUrl = (mask: Parameters<typeof ctx.services.masks.fileUrl>[2]) =>
    ctx.services.masks.fileUrl(ctx.origin, ctx.actor.organizationId, mask);
  const maskFileUrl = (source: MaskSource) =>
    ctx.services.masks.sourceUrl(ctx.origin, ctx.actor.organizationId, source);
  return all.map((a) => annotationToNdjson(a, { maskUrl, maskFileUrl })).filter((line) => line !== undefined);
}

/** `Label.annotations`: the stored label document as NDJSON lines. */
export const labelAnnotationsResolvers: ResolverMap = {
  Label: {
    annotations: (label: { content: string }, _: unknown, ctx: GraphQLContext) =>
      storedAnnotationLines(label.content, ctx),
  },
};
