import type { Db } from '../db/database.ts';
import { chunks } from './bulk-insert.ts';

export type ContentRow = { id: string; data_row_id: string; content: string };

const IN_CHUNK = 1000;

/** What send-to-annotate reads across projects: labels and pre-labels of some data rows in one project. */
export class SendToAnnotateRepository {
  constructor(private readonly db: Db) {}

  /** The project's labels of these data rows, oldest first (so the newest per row wins when mapped). */
  async labels(projectId: string, dataRowIds: readonly string[]): Promise<ContentRow[]> {
    const out: ContentRow[] = [];
    for (const part of chunks([...new Set(dataRowIds)], IN_CHUNK)) {
      out.push(
        ...(await this.db
          .selectFrom('labels')
          .select(['id', 'data_row_id', 'content'])
          .where('project_id', '=', projectId)
          .where('data_row_id', 'in', part)
          .orderBy('id')
          .execute()),
      );
    }
    return out;
  }

  async prelabels(projectId: string, dataRowIds: readonly string[]): Promise<ContentRow[]> {
    const out: ContentRow[] = [];
    for (const part of chunks([...new Set(dataRowIds)], IN_CHUNK)) {
      out.push(
        ...(await this.db
          .selectFrom('prelabels')
          .select(['id', 'data_row_id', 'content'])
          .where('project_id', '=', projectId)
          .where('data_row_id', 'in', part)
          .orderBy('id')
          .execute()),
      );
    }
    return out;
  }

  /** Removes every pre-label of these data rows in the project. */
  async deletePrelabels(projectId: string, dataRowIds: readonly string[]): Promise<void> {
    for (const part of chunks([...new Set(dataRowIds)], IN_CHUNK))
      await this.db
        .deleteFrom('prelabels')
        .where('project_id', '=', projectId)
        .where('data_row_id', 'in', part)
        .execute();
  }
}
