import { objectUtil } from '../annotations/registry.ts';
import {
  imageFileName,
  type ExportCategory,
  type ExportPiece,
  type ExportStats,
  type FormatWriter,
} from './export-stream.ts';

export type CocoOptions = {
  /** Tools that become categories, numbered 1… in this order; annotations of other features are skipped. */
  readonly categories: readonly ExportCategory[];
  readonly file?: string;
  readonly info?: Readonly<Record<string, unknown>>;
};

/**
 * COCO detection/segmentation JSON, streamed: images go straight into the output file, annotations into a spool
 * file that `finish()` appends after them. Boxes get a rectangle segmentation, polygons their ring, masks
 * uncompressed RLE (iscrowd 0: they are instances). Points, lines and text spans have no COCO form and are skipped.
 */
export function createCocoWriter(options: CocoOptions): FormatWriter {
  const file = options.file ?? 'annotations.json';
  const spool = `${file}.annotations.part`;
  const categoryIds = new Map(options.categories.map((c, i) => [c.featureSchemaId, i + 1]));
  const stats: ExportStats = { rows: 0, annotations: 0, skipped: 0 };
  let started = false;
  let imageId = 0;
  let annotationId = 0;

  const head = (): ExportPiece[] => {
    if (started) return [];
    started = true;
    const categories = options.categories.map((c, i) => ({ id: i + 1, name: c.name, supercategory: 'none' }));
    const info = options.info ?? { description: 'Labelyard export' };
    return [
      {
        type: 'append',
        file,
        data: `{"info":${JSON.stringify(info)},"licenses":[],"categories":${JSON.stringify(categories)},"images":[`,
      },
    ];
  };

  return {
    stats,
    *row({ dataRow, labels, maskPixels }) {
      yield* head();
      stats.rows++;
      imageId++;
      const image = {
        id: imageId,
        file_name: imageFileName(dataRow),
        width: dataRow.width ?? null,
        height: dataRow.height ?? null,
        data_row_id: dataRow.id,
      };
      yield { type: 'append', file, data: `${imageId > 1 ? ',' : ''}${JSON.stringify(image)}` };
      const raster = { width: dataRow.width, height: dataRow.height, maskPixels };
      const parts: string[] = [];
      for (const label of labels) {
        for (const o of label.objects) {
          const categoryId = categoryIds.get(o.featureSchemaId);
          const geometry = categoryId === undefined ? undefined : objectUtil(o).toCoco(o, raster);
          if (categoryId === undefined || !geometry) {
            stats.skipped++;
            continue;
          }
          annotationId++;
          stats.annotations++;
          const entry = { id: annotationId, image_id: imageId, category_id: categoryId, ...geometry };
          parts.push(`${annotationId > 1 ? ',' : ''}${JSON.stringify(entry)}`);
        }
      }
      if (parts.length > 0) yield { type: 'append', file: spool, data: parts.join('') };
    },
    *finish() {
      yield* head();
      yield { type: 'append', file, data: '],"annotations":[' };
      if (annotationId > 0) yield { type: 'append-file', file, from: spool };
      yield { type: 'append', file, data: ']}' };
    },
  };
}
