import { mergeDiff, type RecordChange, type RecordDiff } from './record-store.ts';

/**
 * What a change does to undo history (excalidraw's `CaptureUpdateAction`):
 * - `undoable`: one step the user can undo now (with any pending `eventually` changes folded in);
 * - `never`: never undoable (loading a row, remote updates, server-side normalisation);
 * - `eventually`: part of a multi-step gesture (a drag); folded into the next `undoable` change, or rolled back
 *   by `cancelPending` when the gesture is cancelled.
 */
export type HistoryPolicy = 'undoable' | 'never' | 'eventually';

/** Undo and redo stacks of record diffs. The editor applies them; this only keeps them. */
export class History {
  private readonly undos: RecordDiff[] = [];
  private redos: RecordDiff[] = [];
  private pending = new Map<string, RecordChange>();

  constructor(private readonly limit = 500) {}

  get canUndo(): boolean {
    return this.undos.length > 0 || this.pending.size > 0;
  }

  get canRedo(): boolean {
    return this.redos.length > 0;
  }

  record(diff: RecordDiff, policy: HistoryPolicy): void {
    if (policy === 'never' || diff.size === 0) return;
    mergeDiff(this.pending, diff);
    if (policy === 'undoable') this.commitPending();
  }

  /** Ends a gesture: its `eventually` changes become one undo step. */
  commitPending(): void {
    if (this.pending.size === 0) return;
    this.undos.push(this.pending);
    if (this.undos.length > this.limit) this.undos.shift();
    this.pending = new Map();
    this.redos = [];
  }

  /** Takes the pending gesture's changes out of history; the caller reverts them. */
  takePending(): RecordDiff {
    const out = this.pending;
    this.pending = new Map();
    return out;
  }

  popUndo(): RecordDiff | undefined {
    this.commitPending();
    const diff = this.undos.pop();
    if (diff) this.redos.push(diff);
    return diff;
  }

  popRedo(): RecordDiff | undefined {
    const diff = this.redos.pop();
    if (diff) this.undos.push(diff);
    return diff;
  }

  clear(): void {
    this.undos.length = 0;
    this.redos = [];
    this.pending = new Map();
  }
}
