import { objectUtil } from '../annotations/registry.ts';
import {
  createStemAllocator,
  formatDecimal,
  type ExportCategory,
  type ExportStats,
  type FormatWriter,
} from './export-stream.ts';

export type YoloOptions = {
  /** Tools that become classes, numbered 0… in this order. */
  readonly categories: readonly ExportCategory[];
  readonly labelsDir?: string;
  readonly classesFile?: string;
};

/**
 * YOLO (Ultralytics layout): one `<stem>.txt` per image with `class cx cy w h` for boxes and
 * `class x1 y1 x2 y2 …` for polygons, normalised by the image size, plus a classes list. Rows without a known
 * size still get their (empty) file; their annotations are counted as skipped.
 */
export function createYoloWriter(options: YoloOptions): FormatWriter {
  const labelsDir = options.labelsDir ?? 'labels';
  const classes = new Map(options.categories.map((c, i) => [c.featureSchemaId, i]));
  const stem = createStemAllocator();
  const stats: ExportStats = { rows: 0, annotations: 0, skipped: 0 };
  return {
    stats,
    *row({ dataRow, labels }) {
      stats.rows++;
      const { width, height } = dataRow;
      const lines: string[] = [];
      for (const label of labels) {
        for (const o of label.objects) {
          const cls = classes.get(o.featureSchemaId);
          const coords =
            cls === undefined || !width || !height ? undefined : objectUtil(o).toYolo(o, width, height);
          if (cls === undefined || !coords) {
            stats.skipped++;
            continue;
          }
          stats.annotations++;
          lines.push(`${cls} ${coords.map(formatDecimal).join(' ')}\n`);
        }
      }
      yield { type: 'append', file: `${labelsDir}/${stem(dataRow)}.txt`, data: lines.join('') };
    },
    *finish() {
      yield {
        type: 'append',
        file: options.classesFile ?? 'classes.txt',
        data: options.categories.map((c) => `${c.name}\n`).join(''),
      };
    },
  };
}
