import type { ClassificationAnnotation } from '../annotations/classification.ts';
import type { LabelDocument } from '../annotations/label.ts';
import { maskAnnotationPixels, type MaskAnnotation } from '../annotations/mask.ts';
import type { BinaryMask } from '../geometry/types.ts';
import type { NormalizedClassification, NormalizedTool } from '../ontology/ontology-model.ts';
import { maskToBrushRle } from './brush-rle.ts';
import { codePointSlice, utf16ToCodePoint } from './offsets.ts';
import { keyOf, type LsContext, type LsResultItem } from './result-items.ts';

/** A label document → Label Studio result items (see result-items.ts for the unit conventions). */

/** A mask's pixels: inline PNGs decoded here, stored ones through the context. */
function pixelsOf(mask: MaskAnnotation, ctx: LsContext): BinaryMask | undefined {
  if (mask.source.type === 'png') {
    const decoded = maskAnnotationPixels(mask);
    return decoded.ok ? decoded.value : undefined;
  }
  return ctx.maskPixels?.(mask);
}

/** A label document as Label Studio result items (regions in percent of `imageSize`, spans in code points). */
export function labelToLsResults(
  doc: LabelDocument,
  ctx: LsContext,
  extra: { prediction?: boolean } = {},
): LsResultItem[] {
  const out: LsResultItem[] = [];
  const tools = new Map<string, NormalizedTool>();
  for (const t of ctx.ontology.tools) tools.set(t.featureSchemaId, t);
  const size = ctx.imageSize;
  const pct = (v: number, of: number) => (v / of) * 100;
  for (const o of doc.objects) {
    const tool = tools.get(o.featureSchemaId);
    if (!tool) continue;
    const control = keyOf(tool, 'lsControl')!;
    const toName = (keyOf(tool, 'lsToName') ?? '').split(',')[0]!;
    const lsTag = keyOf(tool, 'lsTag') ?? 'Labels';
    const type = lsTag.toLowerCase();
    const label = keyOf(tool, 'lsLabel');
    const labelKey = label === undefined ? {} : { [type]: [label] };
    let value: Record<string, unknown> | undefined;
    let maskSize: { width: number; height: number } | undefined;
    const sized: Record<string, unknown> = size
      ? { original_width: size.width, original_height: size.height, image_rotation: 0 }
      : {};
    if (o.kind === 'bbox' && size) {
      value = {
        x: pct(o.bbox.left, size.width),
        y: pct(o.bbox.top, size.height),
        width: pct(o.bbox.width, size.width),
        height: pct(o.bbox.height, size.height),
        rotation: o.rotation ?? 0,
      };
    } else if (o.kind === 'polygon' && size) {
      value = { points: o.points.map((p) => [pct(p.x, size.width), pct(p.y, size.height)]), closed: true };
    } else if (o.kind === 'point' && size) {
      value = { x: pct(o.point.x, size.width), y: pct(o.point.y, size.height), width: 1 };
    } else if (o.kind === 'text-entity') {
      const text = ctx.text?.(toName);
      const start = text === undefined ? o.start : utf16ToCodePoint(text, o.start);
      const end = text === undefined ? o.end + 1 : utf16ToCodePoint(text, o.end + 1);
      value = { start, end, ...(text !== undefined && { text: codePointSlice(text, start, end) }) };
    } else if (o.kind === 'mask') {
      const pixels = pixelsOf(o, ctx);
      if (pixels) {
        value = { format: 'rle', rle: maskToBrushRle(pixels) };
        maskSize = { width: pixels.width, height: pixels.height };
      }
    }
    if (!value) continue;
    const kind =
      o.kind === 'text-entity'
        ? {}
        : maskSize
          ? { original_width: maskSize.width, original_height: maskSize.height, image_rotation: 0 }
          : sized;
    const common = {
      id: o.uuid,
      from_name: control,
      to_name: toName,
      ...kind,
      origin: extra.prediction ? 'prediction' : 'manual',
    };
    out.push({
      ...common,
      type,
      value: { ...value, ...labelKey },
      ...(o.confidence !== undefined && { score: o.confidence }),
    });
    for (const c of o.classifications) {
      const cls = tool.classifications.find((n) => n.featureSchemaId === c.featureSchemaId);
      if (cls)
        out.push(
          ...classificationItems(
            c,
            cls,
            { ...common, to_name: keyOf(cls, 'lsToName')?.split(',')[0] ?? toName },
            value,
          ),
        );
    }
  }
  for (const c of doc.classifications) {
    const cls = ctx.ontology.classifications.find((n) => n.featureSchemaId === c.featureSchemaId);
    if (cls)
      out.push(
        ...classificationItems(
          c,
          cls,
          {
            id: c.uuid,
            from_name: keyOf(cls, 'lsControl')!,
            to_name: (keyOf(cls, 'lsToName') ?? '').split(',')[0]!,
            origin: extra.prediction ? 'prediction' : 'manual',
          },
          {},
        ),
      );
  }
  for (const r of doc.relationships) {
    const tool = tools.get(r.featureSchemaId);
    const label = tool ? keyOf(tool, 'lsLabel') : undefined;
    out.push({
      type: 'relation',
      from_id: r.source,
      to_id: r.target,
      direction: r.direction === 'bidirectional' ? 'bi' : 'right',
      ...(label !== undefined && { labels: [label] }),
    });
  }
  return out;
}

function classificationItems(
  c: ClassificationAnnotation,
  feature: NormalizedClassification,
  common: Record<string, unknown>,
  region: Record<string, unknown>,
): LsResultItem[] {
  const lsTag = keyOf(feature, 'lsTag') ?? (feature.type === 'text' ? 'TextArea' : 'Choices');
  const control = keyOf(feature, 'lsControl') ?? feature.name;
  const item = (value: Record<string, unknown>): LsResultItem => ({
    ...common,
    from_name: control,
    type: lsTag.toLowerCase(),
    value: { ...regionGeometry(region), ...value },
  });
  const out: LsResultItem[] = [];
  const answers = c.kind === 'radio' ? [c.answer] : c.kind === 'checklist' ? c.answers : [];
  if (c.kind === 'text') {
    if (lsTag === 'Number') out.push(item({ number: Number(c.answer) }));
    else if (lsTag === 'DateTime') out.push(item({ datetime: c.answer }));
    else out.push(item({ text: [c.answer] }));
  } else if (lsTag === 'Rating') out.push(item({ rating: Number(answers[0]?.value) }));
  else out.push(item({ choices: answers.map((a) => a.name) }));
  for (const a of answers) {
    const option = feature.options.find((o) => o.featureSchemaId === a.featureSchemaId);
    for (const n of a.classifications) {
      const nested = option?.options.find((f) => f.featureSchemaId === n.featureSchemaId);
      if (nested) out.push(...classificationItems(n, nested, { ...common, id: n.uuid }, region));
    }
  }
  return out;
}

/** Per-region classification items repeat the region's geometry (as Label Studio writes them), without labels. */
function regionGeometry(region: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['x', 'y', 'width', 'height', 'rotation', 'points', 'start', 'end', 'text'])
    if (k in region) out[k] = region[k];
  return out;
}
