import { objectUtil } from '../annotations/registry.ts';
import { maskToPng, type MaskPngOptions } from '../png/mask.ts';
import { createStemAllocator, type ExportStats, type FormatWriter } from './export-stream.ts';

export type PngMaskOptions = { readonly dir?: string; readonly png?: MaskPngOptions };

/**
 * PNG instance masks: one binary PNG per instance (`<dir>/<image stem>/<annotation uuid>.png`) for masks,
 * polygons and boxes, plus `<dir>/index.ndjson` saying which file is which annotation. Polygons and boxes need
 * the image size; masks need their decoded pixels (`maskPixels`).
 */
export function createPngMaskWriter(options: PngMaskOptions = {}): FormatWriter {
  const dir = options.dir ?? 'masks';
  const stem = createStemAllocator();
  const stats: ExportStats = { rows: 0, annotations: 0, skipped: 0 };
  return {
    stats,
    *row({ dataRow, labels, maskPixels }) {
      stats.rows++;
      const raster = { width: dataRow.width, height: dataRow.height, maskPixels };
      const folder = `${dir}/${stem(dataRow)}`;
      const index: string[] = [];
      for (const label of labels) {
        for (const o of label.objects) {
          const mask = objectUtil(o).toMask(o, raster);
          if (!mask) {
            stats.skipped++;
            continue;
          }
          stats.annotations++;
          const file = `${folder}/${o.uuid.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`;
          yield { type: 'append', file, data: maskToPng(mask, options.png) };
          index.push(
            `${JSON.stringify({ data_row_id: dataRow.id, global_key: dataRow.globalKey ?? null, file, feature_id: o.uuid, feature_schema_id: o.featureSchemaId, name: o.name })}\n`,
          );
        }
      }
      if (index.length > 0) yield { type: 'append', file: `${dir}/index.ndjson`, data: index.join('') };
    },
    *finish() {},
  };
}
