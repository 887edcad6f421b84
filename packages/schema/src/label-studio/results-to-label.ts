import type { BBoxAnnotation } from '../annotations/bbox.ts';
import type { ClassificationAnnotation, ClassificationAnswer } from '../annotations/classification.ts';
import { isRecord, show, type FieldError } from '../annotations/common.ts';
import { groupAnnotations } from '../annotations/label.ts';
import type { ObjectAnnotation } from '../annotations/registry.ts';
import type { RelationshipAnnotation } from '../annotations/relationship.ts';
import type {
  NormalizedClassification,
  NormalizedOntology,
  NormalizedTool,
} from '../ontology/ontology-model.ts';
import type { BinaryMask } from '../geometry/types.ts';
import { encodeBase64 } from '../png/base64.ts';
import { maskToPng } from '../png/mask.ts';
import { brushRleToMask, BrushRleError } from './brush-rle.ts';
import { codePointToUtf16 } from './offsets.ts';
import { keyOf, num, type LsContext, type LsParseResult, type LsResultItem } from './result-items.ts';

/** The error of a region whose image size is neither known nor in the result (the server may then read it). */
export const IMAGE_SIZE_UNKNOWN =
  'original_width and original_height are required: the image size is not known yet';

/** Label Studio result items → a label document (see result-items.ts for the unit conventions). */

const GEOMETRY_TAGS = new Set(['rectangle', 'polygon', 'point', 'raster-segmentation', 'named-entity']);

/** Reads a list of result items (an annotation's or prediction's `result`) into a label document. */
export function lsResultsToLabel(result: unknown, ctx: LsContext, base = 'result'): LsParseResult {
  const errors: FieldError[] = [];
  if (!Array.isArray(result))
    return { ok: false, errors: [{ path: base, message: `must be a list (got ${show(result)})` }] };
  const objects = new Map<string, ObjectAnnotation & { classifications: ClassificationAnnotation[] }>();
  const objectTools = new Map<string, NormalizedTool>();
  const top: ClassificationAnnotation[] = [];
  const relations: RelationshipAnnotation[] = [];
  let imageSize = ctx.imageSize ? { ...ctx.imageSize } : undefined;
  const items = result.map((raw, i) => ({ raw, path: `${base}[${i}]` }));
  // Regions first, so per-region classifications find the region their id names whatever the order.
  const regionItems = items.filter(({ raw }) => isRecord(raw) && isToolItem(raw, ctx.ontology));
  const others = items.filter((x) => !regionItems.includes(x));
  for (const { raw, path } of regionItems) {
    const item = raw as LsResultItem;
    const size = sizeOf(item) ?? imageSize;
    if (sizeOf(item)) imageSize = sizeOf(item);
    const read = readRegion(item, ctx, size, path, errors);
    if (read) {
      objects.set(
        read.object.uuid,
        read.object as ObjectAnnotation & { classifications: ClassificationAnnotation[] },
      );
      objectTools.set(read.object.uuid, read.tool);
    }
  }
  for (const { raw, path } of others) {
    if (!isRecord(raw)) {
      errors.push({
        path,
        message: `must be a result object with from_name, to_name, type and value (got ${show(raw)})`,
      });
      continue;
    }
    const item = raw as LsResultItem;
    if (item.type === 'relation') {
      const r = readRelation(item, ctx, path, errors, objects);
      if (r) relations.push(r);
      continue;
    }
    const fromName = item.from_name;
    const region = typeof item.id === 'string' ? objects.get(item.id) : undefined;
    const tool = region ? objectTools.get(region.uuid) : undefined;
    const nested = tool?.classifications.find((c) => keyOf(c, 'lsControl') === fromName);
    const root =
      ctx.ontology.classifications.find((c) => keyOf(c, 'lsControl') === fromName) ??
      findNested(ctx.ontology, String(fromName));
    const feature = nested ?? root;
    if (!feature) {
      errors.push({
        path: `${path}.from_name`,
        message: `"${String(fromName)}" is not a control of this project's labeling config`,
      });
      continue;
    }
    const c = readClassification(
      item,
      feature,
      ctx,
      path,
      errors,
      region ? ctx.newUuid() : typeof item.id === 'string' ? item.id : ctx.newUuid(),
    );
    if (!c) continue;
    if (nested && region) region.classifications.push(c);
    else if (!attachToAnswer(top, feature, c, ctx.ontology)) top.push(c);
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: groupAnnotations([...objects.values(), ...top, ...relations]),
    ...(imageSize && { imageSize }),
  };
}

function isToolItem(raw: Readonly<Record<string, unknown>>, ontology: NormalizedOntology): boolean {
  if (raw.type === 'relation') return false;
  const tool = ontology.tools.find((t) => keyOf(t, 'lsControl') === raw.from_name);
  return tool !== undefined && GEOMETRY_TAGS.has(tool.tool);
}

function sizeOf(item: LsResultItem): { width: number; height: number } | undefined {
  const width = num(item.original_width);
  const height = num(item.original_height);
  return width && height ? { width, height } : undefined;
}

/** A classification nested under an option (a `visibleWhen="choice-selected"` control), anywhere in the ontology. */
function findNested(ontology: NormalizedOntology, control: string): NormalizedClassification | undefined {
  const search = (list: readonly NormalizedClassification[]): NormalizedClassification | undefined => {
    for (const c of list) {
      for (const o of c.options) {
        const hit = o.options.find((n) => keyOf(n, 'lsControl') === control) ?? search(o.options);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  return search(ontology.classifications);
}

/** Puts an option-nested classification under the chosen answer of its parent; false if it is a root. */
function attachToAnswer(
  top: ClassificationAnnotation[],
  feature: NormalizedClassification,
  c: ClassificationAnnotation,
  ontology: NormalizedOntology,
): boolean {
  if (ontology.classifications.includes(feature)) return false;
  for (const parent of top) {
    const answers: ClassificationAnswer[] =
      parent.kind === 'radio' ? [parent.answer] : parent.kind === 'checklist' ? [...parent.answers] : [];
    for (const a of answers) {
      const root = ontology.classifications.find((r) => r.featureSchemaId === parent.featureSchemaId);
      const option = root?.options.find((o) => o.featureSchemaId === a.featureSchemaId);
      if (option?.options.some((n) => n.featureSchemaId === feature.featureSchemaId)) {
        (a.classifications as ClassificationAnnotation[]).push(c);
        return true;
      }
    }
  }
  return false;
}

function labelOf(item: LsResultItem): { labels: unknown; key: string } {
  const value = item.value ?? {};
  return { labels: value[item.type], key: item.type };
}

function readRegion(
  item: LsResultItem,
  ctx: LsContext,
  size: { width: number; height: number } | undefined,
  path: string,
  errors: FieldError[],
): { object: ObjectAnnotation; tool: NormalizedTool } | undefined {
  const value = item.value;
  if (!isRecord(value)) {
    errors.push({ path: `${path}.value`, message: `must be an object (got ${show(value)})` });
    return undefined;
  }
  const candidates = ctx.ontology.tools.filter((t) => keyOf(t, 'lsControl') === item.from_name);
  const { labels, key } = labelOf(item);
  let tool: NormalizedTool | undefined;
  if (candidates.every((t) => keyOf(t, 'lsLabel') === undefined)) tool = candidates[0];
  else {
    if (!Array.isArray(labels) || labels.length === 0) {
      errors.push({
        path: `${path}.value.${key}`,
        message: `must list the region's label, e.g. ["${keyOf(candidates[0]!, 'lsLabel')}"]`,
      });
      return undefined;
    }
    if (labels.length > 1) {
      errors.push({
        path: `${path}.value.${key}`,
        message: `one label per region is supported (got ${show(labels)})`,
      });
      return undefined;
    }
    tool = candidates.find((t) => keyOf(t, 'lsLabel') === labels[0]);
    if (!tool) {
      errors.push({
        path: `${path}.value.${key}`,
        message: `"${String(labels[0])}" is not a label of ${String(item.from_name)}`,
      });
      return undefined;
    }
  }
  if (!tool) return undefined;
  const uuid = typeof item.id === 'string' && item.id !== '' ? item.id : ctx.newUuid();
  const score = num(item.score);
  const base = {
    uuid,
    featureSchemaId: tool.featureSchemaId,
    name: tool.name,
    classifications: [] as ClassificationAnnotation[],
    ...(score !== undefined && score >= 0 && score <= 1 && { confidence: score }),
  };
  const needSize = () => {
    if (size) return size;
    errors.push({
      path: `${path}.original_width`,
      message: IMAGE_SIZE_UNKNOWN,
    });
    return undefined;
  };
  const at = (k: string) => `${path}.value.${k}`;
  const read = (k: string): number | undefined => {
    const v = num(value[k]);
    if (v === undefined) errors.push({ path: at(k), message: `must be a number (got ${show(value[k])})` });
    return v;
  };
  const lsTag = keyOf(tool, 'lsTag') ?? '';
  if (tool.tool === 'rectangle') {
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map(read);
    const s = needSize();
    if (x === undefined || y === undefined || w === undefined || h === undefined || !s) return undefined;
    const rotation = num(value.rotation) ?? 0;
    const object: BBoxAnnotation = {
      ...base,
      kind: 'bbox',
      bbox: {
        left: (x * s.width) / 100,
        top: (y * s.height) / 100,
        width: (w * s.width) / 100,
        height: (h * s.height) / 100,
      },
      ...(rotation !== 0 && { rotation }),
    };
    return { object, tool };
  }
  if (tool.tool === 'polygon' && lsTag.startsWith('Ellipse')) {
    const [x, y, rx, ry] = ['x', 'y', 'radiusX', 'radiusY'].map(read);
    const s = needSize();
    if (x === undefined || y === undefined || rx === undefined || ry === undefined || !s) return undefined;
    const t = ((num(value.rotation) ?? 0) * Math.PI) / 180;
    const points = Array.from({ length: 32 }, (_, i) => {
      const a = (i / 32) * 2 * Math.PI;
      const [px, py] = [rx * Math.cos(a), ry * Math.sin(a)];
      return {
        x: ((x + px * Math.cos(t) - py * Math.sin(t)) * s.width) / 100,
        y: ((y + px * Math.sin(t) + py * Math.cos(t)) * s.height) / 100,
      };
    });
    return { object: { ...base, kind: 'polygon', points }, tool };
  }
  if (tool.tool === 'polygon') {
    const s = needSize();
    const raw = value.points;
    if (
      !Array.isArray(raw) ||
      raw.length < 3 ||
      !raw.every(
        (p) => Array.isArray(p) && p.length >= 2 && num(p[0]) !== undefined && num(p[1]) !== undefined,
      )
    ) {
      errors.push({
        path: at('points'),
        message: `must be a list of at least 3 [x, y] pairs in percent (got ${show(raw)})`,
      });
      return undefined;
    }
    if (!s) return undefined;
    const points = (raw as number[][]).map(([px, py]) => ({
      x: (px! * s.width) / 100,
      y: (py! * s.height) / 100,
    }));
    return { object: { ...base, kind: 'polygon', points }, tool };
  }
  if (tool.tool === 'point') {
    const [x, y] = ['x', 'y'].map(read);
    const s = needSize();
    if (x === undefined || y === undefined || !s) return undefined;
    return {
      object: { ...base, kind: 'point', point: { x: (x * s.width) / 100, y: (y * s.height) / 100 } },
      tool,
    };
  }
  if (tool.tool === 'named-entity') {
    const [start, end] = ['start', 'end'].map(read);
    if (start === undefined || end === undefined) return undefined;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) {
      errors.push({
        path: at('end'),
        message: `start and end must be integers with 0 ≤ start < end (got ${start}, ${end})`,
      });
      return undefined;
    }
    const text = ctx.text?.(
      typeof item.to_name === 'string' ? item.to_name : (keyOf(tool, 'lsToName') ?? ''),
    );
    // Without the text, offsets pass as they are (equal for text without astral characters).
    const s16 = text === undefined ? start : codePointToUtf16(text, start);
    const e16 = text === undefined ? end : codePointToUtf16(text, end);
    return { object: { ...base, kind: 'text-entity', start: s16, end: e16 - 1 }, tool };
  }
  if (tool.tool === 'raster-segmentation') {
    if (value.format !== undefined && value.format !== 'rle') {
      errors.push({
        path: at('format'),
        message: `only "rle" brush results are supported (got ${show(value.format)})`,
      });
      return undefined;
    }
    const s = needSize();
    if (!s) return undefined;
    let mask: BinaryMask;
    try {
      mask = brushRleToMask(value.rle ?? item.rle, s.width, s.height);
    } catch (error) {
      if (!(error instanceof BrushRleError)) throw error;
      errors.push({ path: at('rle'), message: error.message });
      return undefined;
    }
    const png = encodeBase64(maskToPng(mask));
    return { object: { ...base, kind: 'mask', source: { type: 'png', base64: png } }, tool };
  }
  errors.push({ path: `${path}.type`, message: `${item.type} results cannot be stored yet` });
  return undefined;
}

function readClassification(
  item: LsResultItem,
  feature: NormalizedClassification,
  _ctx: LsContext,
  path: string,
  errors: FieldError[],
  uuid: string,
): ClassificationAnnotation | undefined {
  const value = isRecord(item.value) ? item.value : {};
  const base = { uuid, featureSchemaId: feature.featureSchemaId, name: feature.name };
  const lsTag = keyOf(feature, 'lsTag');
  if (feature.type === 'text') {
    const raw = lsTag === 'Number' ? value.number : lsTag === 'DateTime' ? value.datetime : value.text;
    const scalar = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
    const text = Array.isArray(raw) ? raw.map((v) => scalar(v) ?? '').join('\n') : scalar(raw);
    if (text === undefined) {
      errors.push({
        path: `${path}.value`,
        message: `must hold the ${lsTag === 'Number' ? 'number' : 'text'} (got ${show(item.value)})`,
      });
      return undefined;
    }
    return { ...base, kind: 'text', answer: text };
  }
  const raw = lsTag === 'Rating' ? [String(value.rating)] : value.choices;
  if (!Array.isArray(raw) || raw.length === 0) {
    errors.push({
      path: `${path}.value.choices`,
      message: `must list at least one choice (got ${show(raw)})`,
    });
    return undefined;
  }
  const answers: ClassificationAnswer[] = [];
  for (const choice of raw) {
    const name = Array.isArray(choice) ? String(choice[choice.length - 1]) : String(choice);
    const option = feature.options.find((o) => String(o.value) === name || String(o.label) === name);
    if (!option) {
      errors.push({ path: `${path}.value.choices`, message: `"${name}" is not a choice of ${feature.name}` });
      return undefined;
    }
    answers.push({
      uuid: `${uuid}:${answers.length}`,
      featureSchemaId: option.featureSchemaId,
      name: String(option.label),
      value: String(option.value),
      classifications: [],
    });
  }
  if (feature.type === 'checklist' || feature.type === 'response-checklist')
    return { ...base, kind: 'checklist', answers };
  if (answers.length > 1) {
    errors.push({
      path: `${path}.value.choices`,
      message: `${feature.name} takes one choice (got ${answers.length})`,
    });
    return undefined;
  }
  return { ...base, kind: 'radio', answer: answers[0]! };
}

function readRelation(
  item: LsResultItem,
  ctx: LsContext,
  path: string,
  errors: FieldError[],
  objects: ReadonlyMap<string, ObjectAnnotation>,
): RelationshipAnnotation | undefined {
  const { from_id: from, to_id: to } = item;
  for (const [k, v] of [
    ['from_id', from],
    ['to_id', to],
  ] as const) {
    if (typeof v !== 'string' || !objects.has(v)) {
      errors.push({
        path: `${path}.${k}`,
        message: `must be the id of a region of this result (got ${show(v)})`,
      });
      return undefined;
    }
  }
  const labels = Array.isArray(item.labels) ? item.labels.map(String) : [];
  const edges = ctx.ontology.tools.filter((t) => t.tool === 'edge');
  const tool = edges.find((t) => labels.includes(keyOf(t, 'lsLabel') ?? t.name)) ?? edges[0];
  if (!tool) {
    errors.push({ path, message: 'relations need a <Relations> control in the labeling config' });
    return undefined;
  }
  return {
    uuid: ctx.newUuid(),
    featureSchemaId: tool.featureSchemaId,
    name: tool.name,
    kind: 'relationship',
    source: from as string,
    target: to as string,
    direction: item.direction === 'bi' ? 'bidirectional' : 'unidirectional',
  };
}
