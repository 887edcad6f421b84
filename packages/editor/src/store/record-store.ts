import type { Annotation } from '@labelyard/schema';

/** One record's change: `before` absent means added, `after` absent means removed. */
export type RecordChange = { readonly before?: Annotation; readonly after?: Annotation };

/** The changes of one step, keyed by uuid. Records are immutable values, so `before`/`after` are safe to keep. */
export type RecordDiff = ReadonlyMap<string, RecordChange>;

/**
 * The document: the label's records (objects, global classifications, relationships) keyed by uuid, in drawing
 * order (insertion order; an update keeps the record's place). It only stores; history and policy are the
 * editor's. Every write returns the diff it made so callers can record or broadcast it.
 */
export class RecordStore {
  private readonly records = new Map<string, Annotation>();

  get(uuid: string): Annotation | undefined {
    return this.records.get(uuid);
  }

  has(uuid: string): boolean {
    return this.records.has(uuid);
  }

  get size(): number {
    return this.records.size;
  }

  all(): IterableIterator<Annotation> {
    return this.records.values();
  }

  /** Adds or replaces records (by uuid). */
  put(records: Iterable<Annotation>): RecordDiff {
    const diff = new Map<string, RecordChange>();
    for (const after of records) {
      const before = this.records.get(after.uuid);
      if (before === after) continue;
      this.records.set(after.uuid, after);
      diff.set(after.uuid, before ? { before, after } : { after });
    }
    return diff;
  }

  remove(uuids: Iterable<string>): RecordDiff {
    const diff = new Map<string, RecordChange>();
    for (const uuid of uuids) {
      const before = this.records.get(uuid);
      if (!before) continue;
      this.records.delete(uuid);
      diff.set(uuid, { before });
    }
    return diff;
  }

  /** Applies a diff forwards or backwards (undo), returning what actually changed. */
  apply(diff: RecordDiff, direction: 'forward' | 'backward'): RecordDiff {
    const out = new Map<string, RecordChange>();
    for (const [uuid, change] of diff) {
      const target = direction === 'forward' ? change.after : change.before;
      const before = this.records.get(uuid);
      if (target) this.records.set(uuid, target);
      else this.records.delete(uuid);
      if (before !== target) out.set(uuid, { ...(before && { before }), ...(target && { after: target }) });
    }
    return out;
  }
}

/** Folds `next` into `into`: the earliest `before` and the latest `after` win; no-op changes drop out. */
export function mergeDiff(into: Map<string, RecordChange>, next: RecordDiff): void {
  for (const [uuid, change] of next) {
    const prev = into.get(uuid);
    const merged: RecordChange = prev
      ? { ...(prev.before && { before: prev.before }), ...(change.after && { after: change.after }) }
      : change;
    if (merged.before === merged.after) into.delete(uuid);
    else into.set(uuid, merged);
  }
}
