import { Worker } from 'node:worker_threads';
import type { MetadataSchemaRow } from '../../repositories/metadata.repository.ts';
import type { FailureSpec } from '../data-row-descriptor.parser.ts';
import type { PackedBatch } from './packed.ts';

/** Main thread → parse thread. */
export type ToParser =
  | { type: 'parse'; id: number; bytes: ArrayBuffer; metadata: readonly MetadataSchemaRow[] }
  | { type: 'taken'; id: number }
  | { type: 'specs'; id: number; request: number; indexes: number[] }
  | { type: 'release'; id: number };
/** Parse thread → main thread. `end.array`: the whole chunk was a JSON array (else it stores nothing). */
export type FromParser =
  | { type: 'batch'; id: number; batch: PackedBatch }
  | { type: 'end'; id: number; array: boolean }
  | { type: 'specs'; id: number; request: number; specs: FailureSpec[] }
  | { type: 'fault'; id: number; message: string };

/** The parse thread stops after this long without a chunk, and starts again with the next one. */
const IDLE_MS = 30_000;

/**
 * The thread that reads upsert chunks (`data-row-import/parse-worker.ts`): JSON and per-item validation of a chunk
 * run there, on the other core, while this thread writes the batches before them. One per process, started with the
 * first chunk; a crash fails the chunks in flight (their jobs are retried) and the next chunk starts a new one.
 */
export class ParseThread {
  private worker: Worker | undefined;
  private readonly chunks = new Map<number, ChunkParse>();
  private nextId = 1;
  private idle: NodeJS.Timeout | undefined;

  /** Starts reading a chunk (its bytes are handed over); batches come in order through the answer. */
  parse(bytes: Buffer, metadata: readonly MetadataSchemaRow[]): ChunkParse {
    const worker = this.start();
    // The process stays up while a chunk is read (a script awaiting it has nothing else running), not after.
    worker.ref();
    const id = this.nextId++;
    const chunk = new ChunkParse(
      id,
      (message) => worker.postMessage(message),
      () => this.done(id),
    );
    this.chunks.set(id, chunk);
    // The file's own buffer is moved, not copied; a view into a shared one is copied first.
    const own =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes.buffer
        : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const message: ToParser = { type: 'parse', id, bytes: own as ArrayBuffer, metadata };
    worker.postMessage(message, [own as ArrayBuffer]);
    return chunk;
  }

  /** Stops the thread (chunks in flight fail). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (this.idle) clearTimeout(this.idle);
    this.failAll(new Error('the import parse thread was stopped'));
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.on('message', (m: FromParser) => this.chunks.get(m.id)?.receive(m));
    // A thread that fails or exits by itself fails its chunks; one stopped (close) has failed them already.
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the import parse thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private done(id: number): void {
    this.chunks.delete(id);
    if (this.chunks.size > 0 || !this.worker) return;
    // Listening for messages refs the thread: only unref() lets the process end while it idles.
    this.worker.unref();
    this.idle = setTimeout(() => void this.close(), IDLE_MS);
    this.idle.unref();
  }

  private failAll(error: Error): void {
    const chunks = [...this.chunks.values()];
    this.chunks.clear();
    for (const chunk of chunks) chunk.fail(error);
  }
}

/**
 * The bundled thread beside the bundled server (dist/server); run from source (tests, tsx), the TypeScript entry,
 * loaded through tsx's loader registered in the thread itself (Node 20 does not pass `--import` on to threads).
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./import-parse-worker.js', import.meta.url));
  const entry = new URL('./parse-worker.ts', import.meta.url).href;
  return new Worker(
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
}

type Waiter<T> = { resolve: (value: T) => void; reject: (error: Error) => void };

/** One chunk being read by the parse thread: its batches in order, whether it was an array, failure specs. */
export class ChunkParse {
  private readonly batches: PackedBatch[] = [];
  private ended = false;
  private array: boolean | undefined;
  private error: Error | undefined;
  private waiting: Waiter<PackedBatch | null> | undefined;
  private readonly wholeWaiters: Array<Waiter<boolean>> = [];
  private readonly specWaiters = new Map<number, Waiter<FailureSpec[]>>();
  private nextRequest = 1;
  private released = false;

  constructor(
    private readonly id: number,
    private readonly send: (message: ToParser) => void,
    private readonly onRelease: () => void,
  ) {}

  /** The next batch, or null after the last one. */
  next(): Promise<PackedBatch | null> {
    if (this.error) return Promise.reject(this.error);
    const batch = this.batches.shift();
    if (batch) {
      this.send({ type: 'taken', id: this.id });
      return Promise.resolve(batch);
    }
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** Resolves once the chunk is read to its end: true when it was a JSON array. */
  whole(): Promise<boolean> {
    if (this.error) return Promise.reject(this.error);
    if (this.array !== undefined) return Promise.resolve(this.array);
    return new Promise((resolve, reject) => this.wholeWaiters.push({ resolve, reject }));
  }

  /** What the items at these indexes of the chunk showed (for failures found while writing). */
  specs(indexes: number[]): Promise<FailureSpec[]> {
    if (indexes.length === 0) return Promise.resolve([]);
    if (this.error) return Promise.reject(this.error);
    const request = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.specWaiters.set(request, { resolve, reject });
      this.send({ type: 'specs', id: this.id, request, indexes });
    });
  }

  /** Lets the parse thread drop the chunk. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (!this.error) this.send({ type: 'release', id: this.id });
    this.onRelease();
  }

  receive(m: FromParser): void {
    switch (m.type) {
      case 'batch':
        this.batches.push(m.batch);
        this.wake();
        return;
      case 'end':
        this.ended = true;
        this.array = m.array;
        for (const w of this.wholeWaiters.splice(0)) w.resolve(m.array);
        this.wake();
        return;
      case 'specs': {
        const waiter = this.specWaiters.get(m.request);
        this.specWaiters.delete(m.request);
        waiter?.resolve(m.specs);
        return;
      }
      case 'fault':
        this.fail(new Error(`reading the chunk failed: ${m.message}`));
        return;
    }
  }

  /** Answers a `next()` waiting for a batch that has come, or for the end. */
  private wake(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    this.next().then(waiting.resolve, waiting.reject);
  }

  fail(error: Error): void {
    if (this.error) return;
    this.error = error;
    this.waiting?.reject(error);
    this.waiting = undefined;
    for (const w of this.wholeWaiters.splice(0)) w.reject(error);
    for (const w of this.specWaiters.values()) w.reject(error);
    this.specWaiters.clear();
  }
}
