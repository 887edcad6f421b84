import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Index, MetricKind, ScalarKind } from 'usearch';

/** HNSW parameters: M = 16 links per node, ef_construction 128, ef_search 128 (recall@10 ≈ 0.99, see bench/vector). */
const CONNECTIVITY = 16;
const EXPANSION_ADD = 128;
const EXPANSION_SEARCH = 128;

export type Neighbor = { key: number; score: number };

/** Bumped when the saved layout or the HNSW parameters change (older files are then rebuilt). */
const FORMAT = 1;
type SavedMeta = {
  format: number;
  dims: number;
  position: { version: number; key: number };
  size: number;
  /** SHA-256 of the index file: usearch crashes the process on a damaged file, so it is checked first. */
  sha256: string;
};

/** SHA-256 of a file, read in 1 MiB pieces (the index of 100,000 × 512 floats is about 250 MB). */
function fileSha256(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

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

  /**
   * Writes the index (`<base>.usearch`) and how far it has read, with the file's checksum (`<base>.json`), each to a
   * temporary file renamed into place. A reader that finds a file not matching its checksum (a damaged file, or a
   * save caught between its two renames) rebuilds from the database.
   */
  save(base: string): void {
    fs.mkdirSync(path.dirname(base), { recursive: true });
    const tmp = `.${process.pid}.${Date.now()}.tmp`;
    this.index.save(`${base}.usearch${tmp}`);
    const sha256 = fileSha256(`${base}.usearch${tmp}`);
    fs.renameSync(`${base}.usearch${tmp}`, `${base}.usearch`);
    const meta: SavedMeta = {
      format: FORMAT,
      dims: this.dims,
      position: this.position,
      size: this.size,
      sha256,
    };
    fs.writeFileSync(`${base}.json${tmp}`, JSON.stringify(meta));
    fs.renameSync(`${base}.json${tmp}`, `${base}.json`);
  }

  /** The index saved under `base`, or undefined when there is none or it does not fit (then rebuild). */
  static load(base: string, dims: number): VectorIndex | undefined {
    let meta: SavedMeta;
    try {
      meta = JSON.parse(fs.readFileSync(`${base}.json`, 'utf8')) as SavedMeta;
    } catch {
      return undefined;
    }
    if (meta.format !== FORMAT || meta.dims !== dims) return undefined;
    const out = new VectorIndex(dims);
    try {
      // The file may be a newer save than the meta (see save): then it is rebuilt, not trusted.
      if (fileSha256(`${base}.usearch`) !== meta.sha256) return undefined;
      out.index.load(`${base}.usearch`);
    } catch {
      return undefined;
    }
    if (out.size < meta.size) return undefined;
    out.position = { version: meta.position.version, key: meta.position.key };
    return out;
  }

  /** Removes the files `save` wrote. */
  static remove(base: string): void {
    for (const file of [`${base}.usearch`, `${base}.json`]) fs.rmSync(file, { force: true });
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
