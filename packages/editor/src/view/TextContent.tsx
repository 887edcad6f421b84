import type { TextEntityAnnotation } from '@labelyard/schema';
import { memo } from 'react';
import { segmentByRanges } from '../text/offsets.ts';

type ChunkProps = {
  start: number;
  text: string;
  entities: readonly TextEntityAnnotation[];
  colorOf: (e: TextEntityAnnotation) => string;
  selected: ReadonlySet<string>;
  /** Changes when anything drawn in this chunk changes (memo key). */
  signature: string;
};

/**
 * One chunk of the document: plain text pieces, and for each piece covered by entities a span whose background
 * is the innermost entity and whose underlines stack one per enclosing entity (nested and overlapping spans
 * stay readable without nesting elements). `content-visibility: auto` skips layout of chunks off screen.
 */
export const TextChunk = memo(
  function TextChunk({ start, text, entities, colorOf, selected }: ChunkProps) {
    const pieces = segmentByRanges(start + text.length, entities, { start, end: start + text.length });
    return (
      <div className="ly-chunk" data-offset={start}>
        {pieces.map((p) => {
          const slice = text.slice(p.from - start, p.to - start);
          if (p.covering.length === 0) return slice;
          const inner = [...p.covering].sort((a, b) => a.end - a.start - (b.end - b.start));
          const shadows = inner.map((e, i) => `inset 0 -${(i + 1) * 2}px 0 ${colorOf(e)}`).join(',');
          return (
            <span
              key={p.from}
              className="ly-ent"
              data-entities={inner.map((e) => e.uuid).join(' ')}
              data-selected={inner.some((e) => selected.has(e.uuid))}
              title={inner.map((e) => e.name).join(' › ')}
              style={{ background: `${colorOf(inner[0])}40`, boxShadow: shadows }}
            >
              {slice}
            </span>
          );
        })}
      </div>
    );
  },
  (a, b) => a.signature === b.signature && a.text === b.text,
);
