import type { ImportResult } from './task.service.ts';

/**
 * Import receipts (`ls_imports`): what an import request made, kept under its body's hash so a retried request
 * answers the same and creates nothing.
 */

/** Task ids compress to ranges in import receipts (a million ids stay small). */
const toRanges = (ids: readonly number[]): [number, number][] => {
  const out: [number, number][] = [];
  for (const id of ids) {
    const last = out[out.length - 1];
    if (last && last[1] + 1 === id) last[1] = id;
    else out.push([id, id]);
  }
  return out;
};
const fromRanges = (ranges: [number, number][]): number[] =>
  ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));

export function encodeReceipt(r: ImportResult): string {
  return JSON.stringify({ ...r, taskIds: toRanges(r.taskIds) });
}

export function decodeReceipt(text: string): ImportResult {
  const r = JSON.parse(text) as Omit<ImportResult, 'taskIds' | 'fileUploadIds'> & {
    taskIds: [number, number][];
    fileUploadIds?: number[];
  };
  return { ...r, taskIds: fromRanges(r.taskIds), fileUploadIds: r.fileUploadIds ?? [] };
}

/** Thrown inside the import transaction to roll it back when the body was imported before. */
export class ReplayedImport extends Error {
  constructor(readonly result: ImportResult) {
    super('import replayed');
  }
}
