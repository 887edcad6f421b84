import {
  toV2Annotations,
  toV2DicomAnnotations,
  toV2VideoAnnotations,
  v2Layout,
  type ConvertContext,
  type LabelDocument,
  type V2Layout,
} from '@labelyard/schema';

/**
 * Version of the stored export v2 renders (`label_renders`): raise it whenever the v2 `annotations` written for a
 * label document change (a converter in @labelyard/schema, the field order, a new annotation kind), so renders
 * written by the older code are ignored and rendered afresh.
 */
export const V2_RENDER_VERSION = 1;

/** The `annotations` of one label as JSON text; `portable` when nothing in it depends on the export it is written in. */
export type V2AnnotationsText = { json: string; portable: boolean };

/** A label document; problems are reported, not thrown, so one bad label cannot stop an export. */
export function parseLabelContent(text: string): LabelDocument | string {
  try {
    const doc = JSON.parse(text) as Partial<LabelDocument> | null;
    if (doc === null || typeof doc !== 'object') return 'label content is not a JSON object';
    return {
      objects: doc.objects ?? [],
      classifications: doc.classifications ?? [],
      relationships: doc.relationships ?? [],
    };
  } catch (error) {
    return `label content is not valid JSON: ${(error as Error).message}`;
  }
}

/**
 * Export v2 `annotations` of a label as JSON text. It is portable (the same in every export, so it may be stored)
 * only when the layout is the flat default one and the conversion read nothing from the export: no mask URL (signed
 * per export), no text (entity tokens), no video frames.
 */
export function renderV2Annotations(
  doc: LabelDocument,
  layout: V2Layout,
  ctx: ConvertContext,
  interpolatedFrames: boolean,
): V2AnnotationsText {
  if (layout !== 'default') {
    const frames = { interpolatedFrames, maskFileUrl: ctx.maskFileUrl };
    const annotations =
      layout === 'video' ? toV2VideoAnnotations(doc, frames) : toV2DicomAnnotations(doc, frames);
    return { json: JSON.stringify(annotations), portable: false };
  }
  let used = false;
  const watched: ConvertContext = {
    get text() {
      used = true;
      return ctx.text;
    },
    maskUrl: (mask) => {
      used = true;
      return ctx.maskUrl?.(mask);
    },
    maskFileUrl: (source) => {
      used = true;
      return ctx.maskFileUrl?.(source);
    },
  };
  const json = JSON.stringify(toV2Annotations(doc, watched));
  return { json, portable: !used };
}

/** The stored render of a label's content on a row of this media type, or undefined when it cannot be stored. */
export function portableRender(content: string, mediaType: string | null): string | undefined {
  const doc = parseLabelContent(content);
  if (typeof doc === 'string') return undefined;
  const layout = v2Layout(mediaType, doc);
  if (layout !== 'default') return undefined;
  const out = renderV2Annotations(doc, layout, {}, false);
  return out.portable ? out.json : undefined;
}
