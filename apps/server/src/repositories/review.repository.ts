import type { Db, LabelDraftTable, ReviewTable } from '../db/database.ts';
import { chunks } from './bulk-insert.ts';

export type ReviewRow = ReviewTable;
export type LabelDraftRow = LabelDraftTable;

/** Reviews of labels and the labelers' autosaved drafts. */
export class ReviewRepository {
  constructor(private readonly db: Db) {}

  with(trx: Db): ReviewRepository {
    return new ReviewRepository(trx);
  }

  async insert(row: ReviewRow): Promise<void> {
    await this.db.insertInto('reviews').values(row).execute();
  }

  find(organizationId: string, id: string): Promise<ReviewRow | undefined> {
    return this.db
      .selectFrom('reviews')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Changes a review's verdict, score or comment. */
  async update(
    id: string,
    set: Partial<Pick<ReviewRow, 'verdict' | 'score' | 'comment' | 'updated_at'>>,
  ): Promise<void> {
    await this.db.updateTable('reviews').set(set).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('reviews').where('id', '=', id).execute();
  }

  /** The label's latest review (its verdict is the label's review state), if any is left. */
  latestOf(labelId: string): Promise<ReviewRow | undefined> {
    return this.db
      .selectFrom('reviews')
      .selectAll()
      .where('label_id', '=', labelId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Reviews of these labels, oldest first per label. */
  async byLabels(labelIds: readonly string[]): Promise<ReviewRow[]> {
    const out: ReviewRow[] = [];
    for (const part of chunks(labelIds, 5_000))
      out.push(
        ...(await this.db
          .selectFrom('reviews')
          .selectAll()
          .where('label_id', 'in', part)
          .orderBy('label_id')
          .orderBy('id')
          .execute()),
      );
    return out;
  }

  async saveDraft(row: LabelDraftRow): Promise<void> {
    await this.db
      .insertInto('label_drafts')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['project_id', 'data_row_id', 'user_id']).doUpdateSet({
          content: row.content,
          reservation_id: row.reservation_id,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  draft(projectId: string, dataRowId: string, userId: string): Promise<LabelDraftRow | undefined> {
    return this.db
      .selectFrom('label_drafts')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('data_row_id', '=', dataRowId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  async deleteDraft(projectId: string, dataRowId: string, userId: string): Promise<void> {
    await this.db
      .deleteFrom('label_drafts')
      .where('project_id', '=', projectId)
      .where('data_row_id', '=', dataRowId)
      .where('user_id', '=', userId)
      .execute();
  }
}
