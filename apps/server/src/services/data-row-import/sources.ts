import {
  failureSpec,
  type FailureSpec,
  ItemError,
  parseItem,
  type ParsedItem,
} from '../data-row-descriptor.parser.ts';
import type { MetadataIndex } from '../metadata.values.ts';
import type { ImportFailure } from './batch.ts';
import { IMPORT_BATCH_SIZE, type PackedBatch, unpackBatch } from './packed.ts';

/** Per item of a transaction: the new row's id, its failure, or nothing yet. */
export type Results = Array<string | ImportFailure | undefined>;
/** A batch's items parsed; undefined where an item failed (its failure is in the results). */
export type Parsed = Array<ParsedItem | undefined>;

/**
 * Where a transaction's items come from: the next IMPORT_BATCH_SIZE of them parsed (fewer at the end; an item that
 * fails parsing is undefined, its failure put in `results`), null after the last; and what items showed, for
 * failures found later (their spec).
 */
export type ItemSource = {
  next: (start: number, results: Results) => Parsed | null | Promise<Parsed | null>;
  specs: (indexes: number[]) => FailureSpec[] | Promise<FailureSpec[]>;
};

/** Items parsed between two turns of the event loop while a batch's COPY is on its way (PostgreSQL). */
const PARSE_SLICE = 125;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Items read on this thread (`nulFree`: their JSON held no `\u0000`). `betweenTurns`: the event loop gets a turn every
 * PARSE_SLICE items, so that a COPY in flight is sent and answered meanwhile (PostgreSQL).
 */
export function itemsSource(
  items: readonly unknown[],
  metadata: MetadataIndex,
  nulFree: boolean,
  betweenTurns: boolean,
): ItemSource {
  const parse = (start: number, end: number, results: Results): Parsed => {
    const parsed: Parsed = new Array(end - start);
    for (let i = start; i < end; i++) {
      try {
        parsed[i - start] = parseItem(items[i], metadata, nulFree);
      } catch (error) {
        if (!(error instanceof ItemError)) throw error;
        results[i] = { message: error.message, spec: failureSpec(items[i]) };
      }
    }
    return parsed;
  };
  const parseBetweenTurns = async (start: number, end: number, results: Results): Promise<Parsed> => {
    const parsed: Parsed = [];
    for (let s = start; s < end; s += PARSE_SLICE) {
      await nextTurn();
      for (const p of parse(s, Math.min(end, s + PARSE_SLICE), results)) parsed.push(p);
    }
    return parsed;
  };
  return {
    next: (start, results) => {
      if (start >= items.length) return null;
      const end = Math.min(items.length, start + IMPORT_BATCH_SIZE);
      return betweenTurns ? parseBetweenTurns(start, end, results) : parse(start, end, results);
    },
    specs: (indexes) => indexes.map((i) => failureSpec(items[i])),
  };
}

/**
 * Batches the parse thread reads, taken as they come (`next`, null after the last; each IMPORT_BATCH_SIZE items but
 * the last); `specs` answers what the items at these indexes of the transaction showed.
 */
export function packedSource(
  next: () => Promise<PackedBatch | null>,
  specs: (indexes: number[]) => Promise<FailureSpec[]>,
): ItemSource {
  let short = false;
  return {
    next: async (start, results) => {
      const batch = await next();
      if (!batch) return null;
      if (short) throw new Error(`a packed batch followed one of fewer than ${IMPORT_BATCH_SIZE} items`);
      short = batch.count < IMPORT_BATCH_SIZE;
      return unpackBatch(batch, results, start);
    },
    specs,
  };
}
