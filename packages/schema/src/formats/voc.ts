import { objectUtil } from '../annotations/registry.ts';
import { createStemAllocator, imageFileName, type ExportStats, type FormatWriter } from './export-stream.ts';

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

export type VocOptions = { readonly dir?: string; readonly folder?: string };

/**
 * Pascal VOC: one XML file per image. Every annotation with an area (box, polygon, mask) becomes an `<object>`
 * with its bounding box rounded to whole pixels, since VOC readers parse integers.
 */
export function createVocWriter(options: VocOptions = {}): FormatWriter {
  const dir = options.dir ?? 'Annotations';
  const stem = createStemAllocator();
  const stats: ExportStats = { rows: 0, annotations: 0, skipped: 0 };
  return {
    stats,
    *row({ dataRow, labels, maskPixels }) {
      stats.rows++;
      const raster = { width: dataRow.width, height: dataRow.height, maskPixels };
      const objects: string[] = [];
      for (const label of labels) {
        for (const o of label.objects) {
          const b = objectUtil(o).bounds(o, raster);
          if (!b) {
            stats.skipped++;
            continue;
          }
          stats.annotations++;
          objects.push(
            '  <object>\n' +
              `    <name>${escapeXml(o.name)}</name>\n` +
              '    <pose>Unspecified</pose>\n    <truncated>0</truncated>\n    <difficult>0</difficult>\n' +
              '    <bndbox>\n' +
              `      <xmin>${Math.round(b.left)}</xmin>\n      <ymin>${Math.round(b.top)}</ymin>\n` +
              `      <xmax>${Math.round(b.left + b.width)}</xmax>\n      <ymax>${Math.round(b.top + b.height)}</ymax>\n` +
              '    </bndbox>\n  </object>\n',
          );
        }
      }
      const xml =
        '<annotation>\n' +
        `  <folder>${escapeXml(options.folder ?? 'images')}</folder>\n` +
        `  <filename>${escapeXml(imageFileName(dataRow))}</filename>\n` +
        '  <source><database>Labelyard</database></source>\n' +
        `  <size>\n    <width>${dataRow.width ?? 0}</width>\n    <height>${dataRow.height ?? 0}</height>\n    <depth>3</depth>\n  </size>\n` +
        '  <segmented>0</segmented>\n' +
        objects.join('') +
        '</annotation>\n';
      yield { type: 'append', file: `${dir}/${stem(dataRow)}.xml`, data: xml };
    },
    *finish() {},
  };
}
