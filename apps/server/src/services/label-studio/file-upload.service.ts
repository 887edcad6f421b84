import type { Readable } from 'node:stream';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { LabelStudioRepository, type LsRef } from '../../repositories/label-studio.repository.ts';
import { LabelStudioSourceRepository } from '../../repositories/label-studio-sources.repository.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { nowIso } from '../../time.ts';
import { taskParts } from './import-image-sizes.ts';
import type { LabelStudioProjectService, LsProject } from './project.service.ts';
import { lsValidation } from './project.service.ts';
import { recordUploads } from './task-sources.ts';
import type { ImportResult, LabelStudioTaskService } from './task.service.ts';
import type { StoredUpload, UploadedFile } from './uploads.ts';

/** Label Studio's FileUpload JSON: `file` is the stored path (`upload/<project>/<name>`), as its serializer says. */
export type LsFileUpload = { id: number; file: string; size: number };

/** What `commit_to_project=false` answers: the uploads recorded and what their tasks would be. */
export type StagedUploads = { fileUploadIds: number[]; taskCount: number; dataColumns: string[] };

/** The most data columns a staged import reports (Label Studio lists them for the import dialog). */
const MAX_DATA_COLUMNS = 1_000;
/** Uploads deleted, detached or reimported per request. */
export const MAX_UPLOADS_PER_REQUEST = 10_000;

/**
 * Label Studio's FileUpload objects: the files imports stored (`ls_refs` of kind `file_upload`, their served name
 * as `ref_id`), listed, replaced, deleted, staged without tasks (`commit_to_project=false`) and imported again
 * (`/reimport`). Access: the routes' table (reads `read`, writes `manage`); every lookup is scoped to the caller's
 * organization and to projects they may see.
 */
export class LabelStudioFileUploadService {
  private readonly repo: LabelStudioRepository;
  private readonly sources: LabelStudioSourceRepository;

  constructor(
    private readonly db: Db,
    private readonly projects: LabelStudioProjectService,
    private readonly tasks: LabelStudioTaskService,
    private readonly blobs: BlobStore,
  ) {
    this.repo = new LabelStudioRepository(db);
    this.sources = new LabelStudioSourceRepository(db);
  }

  /**
   * `GET /api/projects/{id}/file-uploads`: the caller's uploads in the project, as Label Studio lists them: all of
   * them with `all=true`, else only those named by `ids` (the import dialog shows the files it just sent).
   */
  async list(actor: Actor, project: LsProject, options: { all: boolean; ids: readonly number[] }) {
    const refs = await this.sources.uploads(project.row.id, options.all ? undefined : options.ids);
    return refs.filter((r) => stored(r).userId === actor.userId).map((r) => uploadJson(project, r));
  }

  /** `GET /api/import/file-upload/{id}`: one upload of a project the caller may see. */
  async get(actor: Actor, lsId: number): Promise<{ project: LsProject; ref: LsRef }> {
    const ref = await this.repo.findByLsId(actor.organizationId, 'file_upload', lsId);
    if (!ref) throw notFound('FileUpload', String(lsId));
    const project = await this.projects.ofProject(actor, ref.project_id).catch(() => undefined);
    if (!project) throw notFound('FileUpload', String(lsId));
    return { project, ref };
  }

  json(project: LsProject, ref: LsRef): LsFileUpload {
    return uploadJson(project, ref);
  }

  /**
   * `PATCH /api/import/file-upload/{id}` with a new `file`: the upload keeps its id and gets the new content and
   * name (tasks made from it name the new file); the old file is removed once the new one is recorded.
   */
  async replace(actor: Actor, lsId: number, file: UploadedFile): Promise<LsFileUpload> {
    const { project, ref } = await this.get(actor, lsId);
    const before = stored(ref);
    if (file.kind !== before.kind)
      throw lsValidation('file', `The new file must be of the same kind as ${before.name} (${before.kind})`);
    const next: StoredUpload = {
      ...before,
      name: file.name,
      key: file.key,
      media: file.media,
      size: file.size,
    };
    await this.sources.updateUpload(ref.ls_id, file.served, JSON.stringify(next));
    await this.blobs.delete(before.key).catch(() => undefined);
    return uploadJson(project, { ...ref, ref_id: file.served, data: JSON.stringify(next) });
  }

  /** `DELETE /api/import/file-upload/{id}`. */
  async delete(actor: Actor, lsId: number): Promise<void> {
    const { project, ref } = await this.get(actor, lsId);
    await this.remove(project, [ref]);
  }

  /**
   * `DELETE /api/projects/{id}/file-uploads`: the uploads named by `file_upload_ids`, or every upload of the project
   * when it is absent. Tasks made from them stay, naming no file. Returns how many were deleted.
   */
  async deleteMany(project: LsProject, ids: readonly number[] | undefined): Promise<number> {
    let deleted = 0;
    for (;;) {
      const refs = ids
        ? await this.sources.uploads(project.row.id, ids)
        : await this.sources.uploads(project.row.id, undefined, MAX_UPLOADS_PER_REQUEST);
      if (refs.length === 0) return deleted;
      await this.remove(project, refs);
      deleted += refs.length;
      if (ids) return deleted;
    }
  }

  private async remove(project: LsProject, refs: readonly LsRef[]): Promise<void> {
    const ids = refs.map((r) => r.ls_id);
    await this.db.transaction().execute(async (trx) => {
      await new LabelStudioSourceRepository(trx).detachUploads(project.row.id, ids);
      await new LabelStudioRepository(trx).deleteRefs(
        'file_upload',
        project.row.id,
        refs.map((r) => r.ref_id),
      );
    });
    await Promise.all(refs.map((r) => this.blobs.delete(stored(r).key).catch(() => undefined)));
  }

  /** The project's uploads named by `ids` as import files; an id that is not one of them is a 400 naming it. */
  async uploadedFiles(project: LsProject, ids: readonly number[]): Promise<UploadedFile[]> {
    const refs = await this.sources.uploads(project.row.id, ids);
    const found = new Map(refs.map((r) => [r.ls_id, r]));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined)
      throw lsValidation('file_upload_ids', `File upload ${missing} is not one of this project's files`);
    return ids.map((id) => {
      const ref = found.get(id)!;
      const s = stored(ref);
      return {
        kind: s.kind,
        name: s.name,
        served: ref.ref_id,
        key: s.key,
        url: `/data/upload/${project.lsId}/${ref.ref_id}`,
        media: s.media,
        size: s.size,
        id,
      };
    });
  }

  /**
   * `POST /api/projects/{id}/reimport`: the tasks of these uploads made afresh. The new tasks are written in one
   * transaction; then the tasks the uploads made before are deleted (all but the new ones, so a retried request
   * ends in the same state).
   */
  async reimport(
    actor: Actor,
    project: LsProject,
    files: readonly UploadedFile[],
    items: () => AsyncIterable<unknown>,
  ): Promise<ImportResult> {
    const hash = () => `reimport:${newId()}`;
    const result = await this.tasks.importTasks(actor, project, {
      items: items(),
      hash,
      again: async () => ({ items: items(), hash }),
    });
    const fresh = new Set(result.taskIds);
    const ids = files.map((f) => f.id!);
    const old = (await this.sources.tasksOfUploads(project.row.id, ids)).filter((r) => !fresh.has(r.ls_id));
    await this.tasks.deleteTasks(actor, project, old);
    return { ...result, fileUploadIds: ids };
  }

  /**
   * `commit_to_project=false`: the files are recorded as uploads and their tasks read (counted, their data columns
   * listed) but not made. A retried request answers the first one's uploads (its own files are discarded by the
   * route).
   */
  async stage(
    actor: Actor,
    project: LsProject,
    files: readonly UploadedFile[],
    items: () => AsyncIterable<unknown>,
    bodyHash: string,
  ): Promise<StagedUploads & { replayed: boolean }> {
    const key = `stage:${bodyHash}`;
    const receipt = await this.repo.findImport(project.row.id, key);
    if (receipt) return { ...(JSON.parse(receipt.result) as StagedUploads), replayed: true };
    let taskCount = 0;
    const columns = new Set<string>();
    for await (const item of items()) {
      const { data } = taskParts(item, taskCount++);
      for (const k of Object.keys(data)) if (columns.size < MAX_DATA_COLUMNS) columns.add(k);
    }
    const staged = await this.db.transaction().execute(async (trx) => {
      const repo = new LabelStudioRepository(trx);
      const now = nowIso();
      const fileUploadIds = await recordUploads(repo, actor, project, files, now);
      const out: StagedUploads = { fileUploadIds, taskCount, dataColumns: [...columns] };
      await repo.insertImport({
        id: newId(),
        project_id: project.row.id,
        body_hash: key,
        result: JSON.stringify(out),
        created_at: now,
      });
      return out;
    });
    return { ...staged, replayed: false };
  }

  /** Streams an upload's stored file. */
  read(ref: LsRef): Promise<Readable> {
    return this.blobs.read(stored(ref).key);
  }
}

const stored = (ref: LsRef): StoredUpload => JSON.parse(ref.data ?? '{}') as StoredUpload;

function uploadJson(project: LsProject, ref: LsRef): LsFileUpload {
  return { id: ref.ls_id, file: `upload/${project.lsId}/${ref.ref_id}`, size: stored(ref).size };
}
