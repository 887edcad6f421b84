import { dataKeysOf, type LabelConfig } from '@labelyard/schema';
import type { ExportFormat } from '../../services/format-export.service.ts';

/** Label Studio's export formats we serve, in its names, with its descriptions. */
export const LS_EXPORT_FORMATS = [
  {
    name: 'JSON',
    title: 'JSON',
    description: "Label Studio's common export format: a list of tasks with their annotations.",
  },
  {
    name: 'JSON_MIN',
    title: 'JSON-MIN',
    description: 'One record per annotation: task data plus a value per control.',
  },
  { name: 'CSV', title: 'CSV', description: 'One row per annotation; complex values JSON-encoded.' },
  { name: 'TSV', title: 'TSV', description: 'One row per annotation, tab separated.' },
  {
    name: 'COCO',
    title: 'COCO',
    description: 'COCO object detection and segmentation (rectangles and polygons): a zip with result.json.',
  },
  {
    name: 'YOLO',
    title: 'YOLO',
    description:
      'YOLO text labels per image, normalised, with classes.txt (rectangles and polygons), zipped.',
  },
  {
    name: 'VOC',
    title: 'Pascal VOC XML',
    description: 'One Pascal VOC XML file per image with its rectangles, zipped.',
  },
  {
    name: 'CONLL2003',
    title: 'CONLL2003',
    description: 'Token-level named-entity tags (IOB) of text spans.',
  },
  {
    name: 'BRUSH_TO_PNG',
    title: 'Brush labels to PNG',
    description: 'Each brush mask as a black and white PNG image, zipped.',
  },
] as const;
export type LsFormat = (typeof LS_EXPORT_FORMATS)[number]['name'];
export const JSON_FAMILY = new Set<LsFormat>(['JSON', 'JSON_MIN', 'CSV', 'TSV']);

/** The shared converter behind each file format (packages/schema, through FormatExportService). */
export const CONVERTER_OF: Partial<Record<LsFormat, ExportFormat>> = {
  COCO: 'coco',
  YOLO: 'yolo',
  VOC: 'voc',
  CONLL2003: 'conll',
  BRUSH_TO_PNG: 'masks',
};

export const isLsFormat = (name: string): name is LsFormat => LS_EXPORT_FORMATS.some((f) => f.name === name);

/**
 * Label Studio's availability rules: more than one data key leaves only the JSON family; CONLL2003 needs Text and
 * Labels; VOC needs Image and RectangleLabels; COCO and YOLO need Image and rectangle or polygon tools; brush PNGs
 * need BrushLabels; multi-image (`valueList`) configs have no per-image format.
 */
export function availableFormats(config: LabelConfig): Set<LsFormat> {
  const out = new Set<LsFormat>(JSON_FAMILY);
  if (dataKeysOf(config).length > 1) return out;
  const objects = new Set(config.objects.map((o) => o.tag));
  const controls = new Set(config.controls.map((c) => c.tag));
  const image = objects.has('Image') && !config.objects.some((o) => o.valueList);
  if ((objects.has('Text') || objects.has('HyperText')) && controls.has('Labels')) out.add('CONLL2003');
  if (image && controls.has('RectangleLabels')) out.add('VOC');
  if (image && ['RectangleLabels', 'PolygonLabels', 'Rectangle', 'Polygon'].some((t) => controls.has(t))) {
    out.add('COCO');
    out.add('YOLO');
  }
  if (image && controls.has('BrushLabels')) out.add('BRUSH_TO_PNG');
  return out;
}

export const extensionOf = (format: LsFormat): string =>
  format === 'CSV'
    ? 'csv'
    : format === 'TSV'
      ? 'tsv'
      : format === 'CONLL2003'
        ? 'conll'
        : JSON_FAMILY.has(format)
          ? 'json'
          : 'zip';

type LsTaskJson = Record<string, unknown> & {
  id?: unknown;
  data?: unknown;
  annotations?: unknown;
};

/** JSON_MIN / CSV record values of one annotation: per control, its region values or its bare answer. */
function minValues(result: readonly Record<string, unknown>[]): Record<string, unknown> {
  const byControl = new Map<string, Record<string, unknown>[]>();
  for (const r of result) {
    if (typeof r.from_name !== 'string') continue;
    const list = byControl.get(r.from_name) ?? [];
    list.push(r);
    byControl.set(r.from_name, list);
  }
  const out: Record<string, unknown> = {};
  for (const [name, items] of byControl) {
    const first = items[0]!;
    const value = (first.value ?? {}) as Record<string, unknown>;
    if (
      items.length === 1 &&
      first.type === 'choices' &&
      Array.isArray(value.choices) &&
      value.choices.length === 1
    )
      out[name] = value.choices[0];
    else if (
      items.length === 1 &&
      first.type === 'textarea' &&
      Array.isArray(value.text) &&
      value.text.length === 1
    )
      out[name] = value.text[0];
    else if (items.length === 1 && (first.type === 'rating' || first.type === 'number'))
      out[name] = value[first.type as string];
    else
      out[name] = items.map((r) => ({
        ...(r.value as object),
        ...(r.original_width !== undefined && {
          original_width: r.original_width,
          original_height: r.original_height,
        }),
      }));
  }
  return out;
}

const recordOf = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** JSON_MIN records of one exported task: one per annotation (the bare task when it has none). */
function minRecords(task: LsTaskJson): Record<string, unknown>[] {
  const base = { ...recordOf(task.data), id: task.id };
  const annotations = Array.isArray(task.annotations) ? (task.annotations as Record<string, unknown>[]) : [];
  if (annotations.length === 0) return [base];
  return annotations.map((a) => ({
    ...base,
    ...minValues(Array.isArray(a.result) ? (a.result as Record<string, unknown>[]) : []),
    annotator: a.completed_by,
    annotation_id: a.id,
    created_at: a.created_at,
    updated_at: a.updated_at,
    lead_time: a.lead_time,
  }));
}

const cell = (v: unknown, sep: string): string => {
  if (v === undefined || v === null) return '';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.includes(sep) || /["\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * JSON, JSON_MIN, CSV and TSV bodies from exported tasks (Label Studio task JSON) as they arrive a page at a time:
 * the easy export feeds them from the database, snapshot conversions from the stored snapshot file.
 */
export async function* jsonFamilyBytes(
  pages: AsyncIterable<readonly LsTaskJson[]>,
  config: LabelConfig,
  format: LsFormat,
): AsyncGenerator<string> {
  if (format === 'JSON' || format === 'JSON_MIN') {
    let first = true;
    yield '[';
    for await (const page of pages) {
      let chunk = '';
      for (const t of page) {
        for (const r of format === 'JSON' ? [t] : minRecords(t)) {
          chunk += (first ? '\n' : ',\n') + JSON.stringify(r);
          first = false;
        }
      }
      if (chunk) yield chunk;
    }
    yield '\n]\n';
    return;
  }
  const sep = format === 'CSV' ? ',' : '\t';
  const controls = config.controls.map((c) => c.name);
  let columns: string[] | undefined;
  for await (const page of pages) {
    let chunk = '';
    for (const t of page) {
      if (!columns) {
        const dataKeys = [...new Set([...dataKeysOf(config), ...Object.keys(recordOf(t.data))])];
        columns = [
          ...new Set([
            'annotation_id',
            'annotator',
            ...controls,
            'created_at',
            'id',
            ...dataKeys,
            'lead_time',
            'updated_at',
          ]),
        ].sort();
        chunk += columns.map((c) => cell(c, sep)).join(sep) + '\n';
      }
      for (const r of minRecords(t)) chunk += columns.map((c) => cell(r[c], sep)).join(sep) + '\n';
    }
    if (chunk) yield chunk;
  }
  if (!columns)
    yield (
      ['annotation_id', 'annotator', ...controls, 'created_at', 'id', 'lead_time', 'updated_at']
        .sort()
        .join(sep) + '\n'
    );
}

/** Groups a stream of items into pages (snapshot files are read back one task at a time). */
export async function* pagesOf<T>(items: AsyncIterable<T>, size = 500): AsyncGenerator<T[]> {
  let page: T[] = [];
  for await (const item of items) {
    page.push(item);
    if (page.length >= size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
