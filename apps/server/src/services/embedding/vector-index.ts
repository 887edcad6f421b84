import { Index, MetricKind, ScalarKind } from 'usearch';

/** HNSW parameters: M = 16 links per node, ef_construction 128, ef_search 128 (recall@10 ≈ 0.99, see bench/vector). */
const CONNECTIVITY = 16;
const EXPANSION_ADD = 128;
const EXPANSION_SEARCH = 128;

export type Neighbor = { key: number; score: number };

/**
 * An in-memory approximate nearest-neighbour index (usearch HNSW, cosine) over one embedding's vectors, keyed by
 * the vectors' numeric keys. It remembers how far into the embedding's write order `(version, key)` it has read,
 * so it can catch up with imports made by any process.
 */
export class VectorIndex {
  private readonly index: Index;
  /** The last `(version, key)` applied. */
  position = { version: 0, key: 0 };

  constructor(readonly dims: number) {
    this.index = new Index({
      dimensions: dims,
      metric: MetricKind.Cos,
      quantization: ScalarKind.F32,
      multi: false,
      connectivity: CONNECTIVITY,
      expansion_add: EXPANSION_ADD,
      expansion_search: EXPANSION_SEARCH,
    });
  }

  get size(): number {
    return this.index.size();
  }

  /** Adds or replaces vectors (`vectors` holds `keys.length × dims` floats). */
  upsert(keys: readonly number[], vectors: Float32Array): void {
    if (keys.length === 0) return;
    const big = BigUint64Array.from(keys, (k) => BigInt(k));
    const present = this.index.contains(big) as boolean[] | boolean;
    const flags = Array.isArray(present) ? present : [present];
    const replaced = big.filter((_, i) => flags[i]);
    if (replaced.length > 0) this.index.remove(replaced);
    this.index.add(big, vectors, 0);
  }

  /** The `k` nearest keys by cosine similarity (score = 1 − cosine distance), best first. */
  search(query: Float32Array, k: number): Neighbor[] {
    if (this.index.size() === 0 || k <= 0) return [];
    const found = this.index.search(query, Math.min(k, this.index.size()), 0);
    const out: Neighbor[] = [];
    for (let i = 0; i < found.keys.length; i++)
      out.push({ key: Number(found.keys[i]), score: 1 - found.distances[i]! });
    return out;
  }
}

/** Typed arrays use the platform's byte order; stored vectors are little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** `dims` little-endian float32s ↔ bytes as stored. */
export function vectorToBytes(values: ArrayLike<number>): Buffer {
  const floats = Float32Array.from(values);
  if (LITTLE_ENDIAN) return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength);
  const buf = Buffer.allocUnsafe(floats.length * 4);
  for (let i = 0; i < floats.length; i++) buf.writeFloatLE(floats[i]!, i * 4);
  return buf;
}

export function bytesToVector(bytes: Uint8Array): Float32Array {
  if (LITTLE_ENDIAN) return new Float32Array(Uint8Array.from(bytes).buffer);
  const out = new Float32Array(bytes.byteLength / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
