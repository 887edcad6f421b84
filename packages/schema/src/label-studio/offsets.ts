/**
 * Label Studio stores text offsets in Unicode code points (Python string indexes); JavaScript strings and our
 * records index UTF-16 code units. These convert at the API boundary. Combining marks are code points of their own
 * in both, so only astral characters (emoji, many CJK extensions) make the two differ.
 */

/** UTF-16 index of code point `cp` in `text` (clamped to the end). */
export function codePointToUtf16(text: string, cp: number): number {
  let units = 0;
  for (let i = 0; i < cp && units < text.length; i++) {
    const code = text.charCodeAt(units);
    units += code >= 0xd800 && code <= 0xdbff && units + 1 < text.length ? 2 : 1;
  }
  return units;
}

/** Code point index of UTF-16 index `units` in `text`. */
export function utf16ToCodePoint(text: string, units: number): number {
  let cp = 0;
  for (let i = 0; i < units && i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) i++;
    cp++;
  }
  return cp;
}

/** The code points of `text` from `start` to `end` (exclusive), as Label Studio's `text` of a span. */
export const codePointSlice = (text: string, start: number, end: number): string =>
  text.slice(codePointToUtf16(text, start), codePointToUtf16(text, end));
