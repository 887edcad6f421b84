/**
 * The import parse thread (see ParseThread): reads each upsert chunk it is sent — its bytes decoded and parsed as
 * JSON a piece at a time, each item validated — and sends it back as packed batches of IMPORT_BATCH_SIZE items,
 * then whether the chunk was a JSON array. It keeps a chunk's bytes until released, to answer what a failed item
 * showed. It runs ahead of the writer by at most MAX_AHEAD batches, so a large chunk is not all held twice.
 */
import { parentPort } from 'node:worker_threads';
import { jsonMayHoldNul } from '../../nul-text.ts';
import { failureSpec } from '../data-row-descriptor.parser.ts';
import { IMPORT_BATCH_SIZE, packBatch } from './packed.ts';
import type { FromParser, ToParser } from './parse-thread.ts';
import { JsonArrayReader, utf8Text } from '../json-array.reader.ts';
import { MetadataIndex } from '../metadata.values.ts';

/** Batches sent but not yet taken by the writer, at most. */
const MAX_AHEAD = 20;

type Chunk = {
  bytes: Buffer;
  /** The whole chunk parsed again, once a failure's spec is asked for (rare); items are let go of once packed. */
  items: unknown[] | undefined;
  sent: number;
  taken: number;
  wake: (() => void) | undefined;
};

const port = parentPort!;
const chunks = new Map<number, Chunk>();
const send = (message: FromParser) => port.postMessage(message);

port.on('message', (m: ToParser) => {
  switch (m.type) {
    case 'parse':
      read(m.id, Buffer.from(m.bytes), new MetadataIndex(m.metadata)).catch((error: unknown) =>
        send({ type: 'fault', id: m.id, message: error instanceof Error ? error.message : String(error) }),
      );
      return;
    case 'taken': {
      const chunk = chunks.get(m.id);
      if (!chunk) return;
      chunk.taken++;
      chunk.wake?.();
      return;
    }
    case 'specs': {
      const chunk = chunks.get(m.id);
      if (chunk && !chunk.items) chunk.items = JSON.parse(utf8Text(chunk.bytes)) as unknown[];
      const items = chunk?.items ?? [];
      send({
        type: 'specs',
        id: m.id,
        request: m.request,
        specs: m.indexes.map((i) => failureSpec(items[i])),
      });
      return;
    }
    case 'release': {
      const chunk = chunks.get(m.id);
      chunks.delete(m.id);
      chunk?.wake?.();
      return;
    }
  }
});

async function read(id: number, bytes: Buffer, metadata: MetadataIndex): Promise<void> {
  const nulFree = !jsonMayHoldNul(bytes);
  const reader = new JsonArrayReader(bytes);
  const chunk: Chunk = { bytes, items: undefined, sent: 0, taken: 0, wake: undefined };
  chunks.set(id, chunk);
  let at = 0;
  for (;;) {
    reader.readUntil(at + IMPORT_BATCH_SIZE);
    if (reader.failed) break;
    const end = Math.min(reader.items.length, at + IMPORT_BATCH_SIZE);
    if (end === at && reader.done) break;
    send({ type: 'batch', id, batch: packBatch(reader.items, at, end, metadata, nulFree) });
    // Packed items are let go of at once, so that they die young (a collection would otherwise copy them along).
    reader.items.fill(null, at, end);
    chunk.sent++;
    at = end;
    while (chunk.sent - chunk.taken >= MAX_AHEAD && chunks.has(id)) {
      await new Promise<void>((resolve) => (chunk.wake = resolve));
      chunk.wake = undefined;
    }
    if (!chunks.has(id)) return;
  }
  send({ type: 'end', id, array: !reader.failed });
}
