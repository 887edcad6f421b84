/**
 * A Map bounded to `max` entries that forgets the least recently used one first. Insertion order of a JS Map is the
 * recency order: a hit re-inserts the entry at the end, and the first key is the oldest.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1)
      throw new Error(`LruMap size must be a positive integer, not ${max}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Removes every entry whose value matches. */
  deleteWhere(match: (value: V, key: K) => boolean): number {
    let removed = 0;
    for (const [key, value] of this.entries) {
      if (match(value, key)) {
        this.entries.delete(key);
        removed++;
      }
    }
    return removed;
  }

  clear(): void {
    this.entries.clear();
  }
}
