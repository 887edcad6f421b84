// The only Node module packages/schema uses: zlib is pure computation, and keeping it behind these two
// functions means a browser build can swap in another inflater without touching the codec.
import { deflateSync, inflateSync } from 'node:zlib';

/** Inflates at most `maxOutputLength` bytes; more throws (zlib bombs stop at the size the caller expects). */
export function inflate(bytes: Uint8Array, maxOutputLength?: number): Uint8Array {
  return new Uint8Array(
    inflateSync(
      bytes,
      maxOutputLength === undefined ? {} : { maxOutputLength: Math.max(1, maxOutputLength) },
    ),
  );
}

export function deflate(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(deflateSync(bytes, { level: 9 }));
}
