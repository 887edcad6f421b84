/**
 * Text offsets as imports and exports use them: UTF-16 code units (JavaScript string indexes), with an inclusive
 * `end` (Labelbox's `location`). A selection made in the browser is a half-open UTF-16 range; it is snapped outward
 * to whole grapheme clusters, so an entity never splits an emoji, a flag, a letter with combining marks, or a CRLF.
 */
export type TextRange = { readonly start: number; readonly end: number };

type Segmenter = { segment(text: string): Iterable<{ index: number; segment: string }> };

const segmenterFor = (): Segmenter | undefined => {
  const I = Intl as unknown as { Segmenter?: new (l?: string, o?: object) => Segmenter };
  return I.Segmenter ? new I.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;
};
const segmenter = segmenterFor();

/** Grapheme cluster boundaries of `text` within [from, to] (inclusive of both ends when they are boundaries). */
function boundariesAround(text: string, from: number, to: number): { lo: number; hi: number } {
  // Segment only a window around the range: clusters are short, so a few code units of margin are enough.
  const margin = 64;
  const winStart = Math.max(0, from - margin);
  const winEnd = Math.min(text.length, to + margin);
  const window = text.slice(winStart, winEnd);
  let lo = from;
  let hi = to;
  if (segmenter) {
    const starts: number[] = [];
    for (const s of segmenter.segment(window)) starts.push(winStart + s.index);
    starts.push(winEnd);
    lo = starts.filter((b) => b <= from).pop() ?? winStart;
    hi = starts.find((b) => b >= to) ?? winEnd;
  } else {
    // No Intl.Segmenter: at least never split a surrogate pair or a CRLF.
    const low = (i: number) => {
      const c = text.charCodeAt(i);
      return (c >= 0xdc00 && c <= 0xdfff) || (text[i] === '\n' && text[i - 1] === '\r');
    };
    while (lo > 0 && low(lo)) lo--;
    while (hi < text.length && low(hi)) hi++;
  }
  return { lo, hi };
}

/**
 * The entity location for a half-open selection [from, to) of `text`: snapped to grapheme clusters, trimmed of
 * surrounding whitespace, `end` inclusive. Undefined for an empty or all-whitespace selection.
 */
export function selectionToLocation(text: string, from: number, to: number): TextRange | undefined {
  let a = Math.max(0, Math.min(from, to));
  let b = Math.min(text.length, Math.max(from, to));
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  if (a >= b) return undefined;
  const { lo, hi } = boundariesAround(text, a, b);
  return { start: lo, end: hi - 1 };
}

/** The text an entity covers (`end` inclusive). */
export const locationText = (text: string, loc: TextRange) => text.slice(loc.start, loc.end + 1);

/**
 * Splits [0, length) at every entity boundary: each piece lists the entities covering it, so overlapping and
 * nested entities render as stacked highlights without nesting elements. Pieces are half-open [from, to).
 */
export function segmentByRanges<T extends TextRange>(
  length: number,
  ranges: readonly T[],
  window: TextRange = { start: 0, end: length },
): Array<{ from: number; to: number; covering: T[] }> {
  const cuts = new Set<number>([window.start, window.end]);
  const inWindow = ranges.filter((r) => r.start < window.end && r.end + 1 > window.start);
  for (const r of inWindow) {
    if (r.start > window.start && r.start < window.end) cuts.add(r.start);
    const e = r.end + 1;
    if (e > window.start && e < window.end) cuts.add(e);
  }
  const sorted = [...cuts].sort((x, y) => x - y);
  const out: Array<{ from: number; to: number; covering: T[] }> = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const from = sorted[i];
    const to = sorted[i + 1];
    out.push({ from, to, covering: inWindow.filter((r) => r.start <= from && r.end + 1 >= to) });
  }
  return out;
}

/** Every match of `query` in `text` (case-insensitive), as half-open ranges; at most `limit`. */
export function findAll(text: string, query: string, limit = 10_000): TextRange[] {
  if (query === '') return [];
  // Lower-casing can change a string's length (İ → i̇); then offsets would drift, so match case-sensitively.
  const folded = text.toLowerCase();
  const exact = folded.length !== text.length;
  const hay = exact ? text : folded;
  const needle = exact ? query : query.toLowerCase();
  const out: TextRange[] = [];
  for (let i = hay.indexOf(needle); i >= 0 && out.length < limit; i = hay.indexOf(needle, i + needle.length))
    out.push({ start: i, end: i + needle.length });
  return out;
}
