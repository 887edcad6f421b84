/**
 * Rendered GraphQL responses kept per request key (document, variables, caller, origin) together with the data
 * version they were computed at (db/data-version.ts). An entry serves only a request that reads the same version:
 * any committed write anywhere in the database moves the version, so nothing here needs invalidating and replicas
 * sharing one database agree. Bounded by entries and by bytes; the least recently used entry goes first.
 */
export type ResponseCacheOptions = {
  /** Distinct responses kept. */
  maxEntries?: number;
  /** Total size of the kept bodies. */
  maxBytes?: number;
  /** Larger bodies are never kept. */
  maxBodyBytes?: number;
};

type Entry = { version: string; body: Buffer };

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly maxBodyBytes: number;

  constructor(options: ResponseCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 2000;
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** The body stored for `key` at exactly `version`; an entry of another version is dropped. */
  get(key: string, version: string): Buffer | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.version !== version) {
      this.bytes -= entry.body.length;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.body;
  }

  set(key: string, version: string, body: Buffer): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.body.length;
    }
    if (body.length > this.maxBodyBytes) return;
    this.entries.set(key, { version, body });
    this.bytes += body.length;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(oldestKey);
      this.bytes -= oldest.body.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
