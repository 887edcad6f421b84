// The only Node module packages/schema uses: zlib is pure computation, and keeping it behind these two
// functions means a browser build can swap in another inflater without touching the codec.
import { deflateSync, inflateSync } from 'node:zlib';

export function inflate(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(inflateSync(bytes));
}

export function deflate(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(deflateSync(bytes, { level: 9 }));
}
