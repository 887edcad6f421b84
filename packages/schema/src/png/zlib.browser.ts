// Browser build of zlib.ts (picked by the `browser` condition of `#zlib` in package.json): same two functions
// over fflate, a pure-JS deflate, so the editor can read and write PNG masks without node:zlib.
import { unzlibSync, zlibSync } from 'fflate';

/** Inflates into a buffer of `maxOutputLength` bytes when given: the output never grows past it. */
export function inflate(bytes: Uint8Array, maxOutputLength?: number): Uint8Array {
  if (maxOutputLength === undefined) return unzlibSync(bytes);
  const out = unzlibSync(bytes, { out: new Uint8Array(maxOutputLength) });
  return out;
}

export function deflate(bytes: Uint8Array): Uint8Array {
  return zlibSync(bytes, { level: 9 });
}
