export {
  decodePng,
  DEFAULT_MAX_PNG_PIXELS,
  readPngHeader,
  type DecodedImage,
  type DecodeOptions,
  type PngHeader,
  type PngResult,
} from './decode.ts';
export { encodePng } from './encode.ts';
export { coloursPresent, imageToMask, maskToPng, pngToMask, type MaskPngOptions, type Rgb } from './mask.ts';
export { decodeBase64, encodeBase64 } from './base64.ts';
export { crc32 } from './crc32.ts';
