/**
 * The displayed size of an image from the first bytes of its file: PNG, GIF, BMP, WebP (VP8, VP8L, VP8X) and JPEG
 * (the first frame header; an EXIF orientation of 5–8 turns the image a quarter, so width and height swap, as
 * browsers show it). Reads headers only, never pixels. Answers `more` when the bytes seen so far end before the
 * header does, `undefined` when the bytes are not an image it knows.
 */
export type ImageSize = { width: number; height: number };

export function imageSizeOf(bytes: Uint8Array): ImageSize | 'more' | undefined {
  if (bytes.length < 12) return 'more';
  const b = bytes;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ascii = (at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
  if (b[0] === 0x89 && ascii(1, 3) === 'PNG') {
    if (b.length < 24) return 'more';
    return ascii(12, 4) === 'IHDR' ? sized(view.getUint32(16), view.getUint32(20)) : undefined;
  }
  if (ascii(0, 4) === 'GIF8') return sized(view.getUint16(6, true), view.getUint16(8, true));
  if (ascii(0, 2) === 'BM') {
    if (b.length < 26) return 'more';
    return sized(Math.abs(view.getInt32(18, true)), Math.abs(view.getInt32(22, true)));
  }
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return webpSize(b, view, ascii);
  if (b[0] === 0xff && b[1] === 0xd8) return jpegSize(b, view, ascii);
  return undefined;
}

const sized = (width: number, height: number): ImageSize | undefined =>
  width > 0 && height > 0 ? { width, height } : undefined;

function webpSize(
  b: Uint8Array,
  view: DataView,
  ascii: (at: number, n: number) => string,
): ImageSize | 'more' | undefined {
  if (b.length < 30) return 'more';
  const chunk = ascii(12, 4);
  if (chunk === 'VP8X')
    return sized(1 + (view.getUint32(24, true) & 0xffffff), 1 + (view.getUint32(27, true) & 0xffffff));
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return sized(1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff));
  }
  if (chunk === 'VP8 ') return sized(view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
  return undefined;
}

/** Start-of-frame markers (SOF0–SOF15 but DHT, JPG and DAC). */
const isFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpegSize(
  b: Uint8Array,
  view: DataView,
  ascii: (at: number, n: number) => string,
): ImageSize | 'more' | undefined {
  let turned = false;
  let at = 2;
  for (;;) {
    if (at + 4 > b.length) return 'more';
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined;
    const length = view.getUint16(at + 2);
    if (length < 2) return undefined;
    if (isFrame(marker)) {
      if (at + 9 > b.length) return 'more';
      const height = view.getUint16(at + 5);
      const width = view.getUint16(at + 7);
      return turned ? sized(height, width) : sized(width, height);
    }
    if (marker === 0xe1 && at + 4 + length - 2 <= b.length && ascii(at + 4, 6) === 'Exif\0\0')
      turned = exifTurned(b.subarray(at + 10, at + 2 + length));
    at += 2 + length;
  }
}

/** Whether an EXIF block's IFD0 orientation (tag 0x0112) is 5–8: the image is shown turned a quarter. */
function exifTurned(tiff: Uint8Array): boolean {
  if (tiff.length < 8) return false;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return false;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return false;
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return false;
    if (view.getUint16(entry, little) === 0x0112) {
      const orientation = view.getUint16(entry + 8, little);
      return orientation >= 5 && orientation <= 8;
    }
  }
  return false;
}
