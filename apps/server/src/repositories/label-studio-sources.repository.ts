import type { Db } from '../db/database.ts';
import { LabelStudioRepository, toRef, type LsRef } from './label-studio.repository.ts';

/** The `ref_id` of an import storage's link to one of its objects. */
export const linkRefId = (storageLsId: number, key: string) => `${storageLsId}:${key}`;

/**
 * Where Label Studio tasks come from, in `ls_refs`: uploaded files (kind `file_upload`, the tasks made from one
 * naming it in `file_upload_id`), import storages (`storage_s3`) and their links to the objects made into tasks
 * (`storage_link`, `ref_id` `<storage>:<key>`, `data` the task's data row).
 */
export class LabelStudioSourceRepository {
  private readonly refs: LabelStudioRepository;

  constructor(private readonly db: Db) {
    this.refs = new LabelStudioRepository(db);
  }

  /**
   * An import storage's objects already made into tasks, among `keys` (links whose tasks were deleted since are
   * removed first by `dropOrphanLinks`).
   */
  async linkedKeys(projectId: string, storageLsId: number, keys: readonly string[]): Promise<Set<string>> {
    const refs = await this.refs.findByRefs(
      'storage_link',
      projectId,
      keys.map((k) => linkRefId(storageLsId, k)),
    );
    const prefix = `${storageLsId}:`;
    return new Set(refs.map((r) => r.ref_id.slice(prefix.length)));
  }

  /** Links of an import storage whose task is gone (deleted since the sync), so the next sync makes it again. */
  async dropOrphanLinks(projectId: string, storageLsId: number): Promise<void> {
    await this.db
      .deleteFrom('ls_refs as l')
      .where('l.kind', '=', 'storage_link')
      .where('l.project_id', '=', projectId)
      .where('l.ref_id', 'like', `${storageLsId}:%`)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('ls_refs as t')
              .select('t.ls_id')
              .where('t.kind', '=', 'task')
              .whereRef('t.project_id', '=', 'l.project_id')
              .whereRef('t.ref_id', '=', 'l.data'),
          ),
        ),
      )
      .execute();
  }

  /** Every link of an import storage (the storage is deleted; its tasks stay). */
  async deleteLinks(projectId: string, storageLsId: number): Promise<void> {
    await this.db
      .deleteFrom('ls_refs')
      .where('kind', '=', 'storage_link')
      .where('project_id', '=', projectId)
      .where('ref_id', 'like', `${storageLsId}:%`)
      .execute();
  }

  /** The import storages of a project, oldest first. */
  async storagesOf(kind: 'storage_s3', projectIds: readonly string[]): Promise<LsRef[]> {
    if (projectIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('ls_refs')
      .selectAll()
      .where('kind', '=', kind)
      .where('project_id', 'in', projectIds)
      .orderBy('ls_id')
      .execute();
    return rows.map(toRef);
  }

  /** A project's uploaded files (Label Studio's FileUpload objects), oldest first; `ids` narrows them. */
  async uploads(projectId: string, ids?: readonly number[], limit?: number): Promise<LsRef[]> {
    let q = this.db
      .selectFrom('ls_refs')
      .selectAll()
      .where('kind', '=', 'file_upload')
      .where('project_id', '=', projectId);
    if (ids) q = q.where('ls_id', 'in', ids.length > 0 ? ids : [-1]);
    if (limit !== undefined) q = q.limit(limit);
    return (await q.orderBy('ls_id').execute()).map(toRef);
  }

  /** The tasks made from these uploads (through the partial index on `file_upload_id`). */
  async tasksOfUploads(projectId: string, uploadIds: readonly number[]): Promise<LsRef[]> {
    if (uploadIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('ls_refs')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('file_upload_id', 'in', uploadIds)
      .where('kind', '=', 'task')
      .execute();
    return rows.map(toRef);
  }

  /** Uploads deleted: the tasks made from them stay and no longer name a file, as in Label Studio. */
  async detachUploads(projectId: string, uploadIds: readonly number[]): Promise<void> {
    if (uploadIds.length === 0) return;
    await this.db
      .updateTable('ls_refs')
      .set({ file_upload_id: null })
      .where('project_id', '=', projectId)
      .where('file_upload_id', 'in', uploadIds)
      .execute();
  }

  /** A replaced upload's served name (`ref_id`) and stored details. */
  async updateUpload(lsId: number, name: string, data: string): Promise<void> {
    await this.db.updateTable('ls_refs').set({ ref_id: name, data }).where('ls_id', '=', lsId).execute();
  }
}
