import type { Actor } from '../../auth/actor.ts';
import type { LsRefTable } from '../../db/database.ts';
import type { LabelStudioRepository } from '../../repositories/label-studio.repository.ts';
import { linkRefId } from '../../repositories/label-studio-sources.repository.ts';
import type { LsProject } from './project.service.ts';
import { storageObjectOf } from './storage/storage-objects.ts';
import { storedUpload, uploadOf, type UploadedFile } from './uploads.ts';

/**
 * Where imported tasks come from, as the import's transaction records it: the uploaded files (Label Studio's
 * FileUpload objects) and the storage objects each task was made from.
 */

type NewRef = Omit<LsRefTable, 'ls_id' | 'file_upload_id'> & { file_upload_id?: number | null };

/** Records an import's files as uploads (`ls_refs` of kind `file_upload`) and sets their ids. */
export async function recordUploads(
  refs: LabelStudioRepository,
  actor: Actor,
  project: LsProject,
  uploads: readonly UploadedFile[],
  now: string,
): Promise<number[]> {
  if (uploads.length === 0) return [];
  const ids = await refs.insert(
    uploads.map((file) => ({
      kind: 'file_upload',
      ref_id: file.served,
      organization_id: actor.organizationId,
      project_id: project.row.id,
      data: JSON.stringify(storedUpload(file, actor.userId)),
      created_at: now,
    })),
  );
  return uploads.map((file) => (file.id = ids.get(file.served)!));
}

/**
 * The `ls_refs` rows of a chunk of imported tasks (`items` as they came, `parts` read from them, `dataRowIds` made
 * for them): each task's data and meta, naming the upload (`file_upload_id`) or storage object it came from; and
 * one link per storage object, written in the same transaction so a sync that stops resumes after them.
 */
export function taskRefRows(
  items: readonly unknown[],
  parts: readonly { data: Record<string, unknown>; meta: Record<string, unknown> }[],
  dataRowIds: readonly string[],
  actor: Actor,
  projectId: string,
  now: string,
): { tasks: NewRef[]; links: NewRef[] } {
  const base = { organization_id: actor.organizationId, project_id: projectId, created_at: now };
  const links = new Map<string, string>();
  const tasks = parts.map((p, i) => {
    const object = storageObjectOf(items[i]);
    if (object) {
      const ref = linkRefId(object.storage, object.key);
      if (!links.has(ref)) links.set(ref, dataRowIds[i]!);
    }
    return {
      ...base,
      kind: 'task',
      ref_id: dataRowIds[i]!,
      data: JSON.stringify({
        data: p.data,
        meta: p.meta,
        ...(object && { storage: object.storage, storage_filename: object.key }),
      }),
      file_upload_id: uploadOf(items[i]),
    };
  });
  return {
    tasks,
    links: [...links].map(([ref_id, dataRowId]) => ({
      ...base,
      kind: 'storage_link',
      ref_id,
      data: dataRowId,
    })),
  };
}
