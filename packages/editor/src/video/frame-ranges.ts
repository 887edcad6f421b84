import type { FrameRange } from '@labelyard/schema';

/** Whether a frame is in one of the ranges (both ends included, as Labelbox's `frames`). */
export const coversFrame = (ranges: readonly FrameRange[] | undefined, frame: number): boolean =>
  (ranges ?? []).some((r) => r.start <= frame && frame <= r.end);

/** The ranges with `frame` added: merged with a range it touches, kept in order. */
export function withFrame(ranges: readonly FrameRange[], frame: number): FrameRange[] {
  if (coversFrame(ranges, frame)) return [...ranges];
  const all = [...ranges, { start: frame, end: frame }].sort((a, b) => a.start - b.start);
  const out: FrameRange[] = [];
  for (const r of all) {
    const prev = out[out.length - 1];
    if (prev && r.start <= prev.end + 1)
      out[out.length - 1] = { start: prev.start, end: Math.max(prev.end, r.end) };
    else out.push(r);
  }
  return out;
}

/** The ranges without `frame` (a range around it splits in two). */
export function withoutFrame(ranges: readonly FrameRange[], frame: number): FrameRange[] {
  return ranges.flatMap((r) => {
    if (frame < r.start || frame > r.end) return [r];
    return [
      ...(r.start < frame ? [{ start: r.start, end: frame - 1 }] : []),
      ...(frame < r.end ? [{ start: frame + 1, end: r.end }] : []),
    ];
  });
}

/** `1–10, 15` for people. */
export const describeRanges = (ranges: readonly FrameRange[]): string =>
  ranges.map((r) => (r.start === r.end ? `${r.start}` : `${r.start}–${r.end}`)).join(', ');
