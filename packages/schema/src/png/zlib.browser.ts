// Browser build of zlib.ts (picked by the `browser` condition of `#zlib` in package.json): same two functions
// over fflate, a pure-JS deflate, so the editor can read and write PNG masks without node:zlib.
import { unzlibSync, zlibSync } from 'fflate';

export function inflate(bytes: Uint8Array): Uint8Array {
  return unzlibSync(bytes);
}

export function deflate(bytes: Uint8Array): Uint8Array {
  return zlibSync(bytes, { level: 9 });
}
