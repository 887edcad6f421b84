import type { TextEntityAnnotation } from '../annotations/text-entity.ts';
import type { ExportStats, FormatWriter } from './export-stream.ts';
import { tokenize } from './tokenize.ts';

export type ConllOptions = { readonly file?: string };

const tagName = (name: string) => name.trim().replace(/\s+/g, '_') || 'ENTITY';

/**
 * CoNLL-2003 with BIO tags: `token -X- _ TAG` per line, a blank line between sentences, `-DOCSTART-` per data
 * row. A token belongs to an entity when they share a character (Labelbox spans end inclusively); where entities
 * overlap, the one starting first (then the longer) wins. Rows without text, and conversation spans
 * (`messageId`), are skipped.
 */
export function createConllWriter(options: ConllOptions = {}): FormatWriter {
  const file = options.file ?? 'annotations.conll';
  const stats: ExportStats = { rows: 0, annotations: 0, skipped: 0 };
  return {
    stats,
    *row({ dataRow, labels }) {
      stats.rows++;
      const entities: TextEntityAnnotation[] = [];
      for (const label of labels) {
        for (const o of label.objects) {
          if (o.kind === 'text-entity' && o.messageId === undefined && dataRow.text !== undefined)
            entities.push(o);
          else stats.skipped++;
        }
      }
      if (dataRow.text === undefined) return;
      entities.sort((a, b) => a.start - b.start || b.end - a.end);
      const used = new Set<TextEntityAnnotation>();
      const lines = ['-DOCSTART- -X- -X- O\n', '\n'];
      let previous: TextEntityAnnotation | undefined;
      for (const token of tokenize(dataRow.text)) {
        if (token.newSentence) {
          lines.push('\n');
          previous = undefined;
        }
        const entity = entities.find((e) => token.start <= e.end && token.end - 1 >= e.start);
        const tag = !entity ? 'O' : `${entity === previous ? 'I' : 'B'}-${tagName(entity.name)}`;
        if (entity) used.add(entity);
        previous = entity;
        lines.push(`${token.text.replace(/\s/g, '_')} -X- _ ${tag}\n`);
      }
      lines.push('\n');
      stats.annotations += used.size;
      stats.skipped += entities.length - used.size;
      yield { type: 'append', file, data: lines.join('') };
    },
    *finish() {},
  };
}
