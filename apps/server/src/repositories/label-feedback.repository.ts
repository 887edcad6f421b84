import type { Db, LabelFeedbackTable } from '../db/database.ts';

export type LabelFeedbackRow = LabelFeedbackTable;

/** Auto-QA feedback, one row per label. */
export class LabelFeedbackRepository {
  constructor(private readonly db: Db) {}

  async ofLabels(organizationId: string, labelIds: readonly string[]): Promise<LabelFeedbackRow[]> {
    if (labelIds.length === 0) return [];
    return this.db
      .selectFrom('label_feedback')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('label_id', 'in', [...labelIds])
      .execute();
  }

  /** Inserts or replaces the label's feedback (one statement: a retried call leaves one row). */
  async upsert(row: LabelFeedbackRow): Promise<void> {
    await this.db
      .insertInto('label_feedback')
      .values(row)
      .onConflict((oc) =>
        oc.column('label_id').doUpdateSet({
          feedback: row.feedback,
          scores: row.scores,
          created_by: row.created_by,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }
}
