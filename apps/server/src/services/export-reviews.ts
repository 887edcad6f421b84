import type { ExportReviewRecord } from '../repositories/export.repository.ts';

export type ReviewsByLabel = ReadonlyMap<string, readonly ExportReviewRecord[]>;

export function groupReviews(records: readonly ExportReviewRecord[]): ReviewsByLabel {
  const out = new Map<string, ExportReviewRecord[]>();
  for (const r of records) {
    const list = out.get(r.label_id);
    if (list) list.push(r);
    else out.set(r.label_id, [r]);
  }
  return out;
}

/** The legacy export's `Reviews`: `[{score, id, createdAt, createdBy, labelId}]`. */
export const legacyReviews = (records: readonly ExportReviewRecord[] = []) =>
  records.map((r) => ({
    score: r.score,
    id: r.id,
    createdAt: r.created_at,
    createdBy: r.reviewer_email,
    labelId: r.label_id,
  }));
