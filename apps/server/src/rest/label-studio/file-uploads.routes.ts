import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/app-context.ts';
import { parseTaskIds } from '../../services/label-studio/dm-query.ts';
import { MAX_UPLOADS_PER_REQUEST } from '../../services/label-studio/file-upload.service.ts';
import { lsValidation } from '../../services/label-studio/project.service.ts';
import type { UploadedFile } from '../../services/label-studio/uploads.ts';
import { lsBool, pathId } from './envelope.ts';
import { discard, readMultipartImport, tasksOfFiles } from './import-files.ts';
import { actorOf, bodyOf, lsRoute, queryOf } from './routes.ts';

/**
 * Label Studio's FileUpload objects (SDK `files.*`, legacy `Project.get_files`): the files imports stored, listed,
 * replaced and deleted, and imported again by `/reimport`.
 */
export function registerLsFileUploadRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { projects, fileUploads } = ctx.services.labelStudio;
  const projectOf = (request: Parameters<Parameters<typeof lsRoute>[3]>[0]) =>
    projects.get(actorOf(request), pathId((request.params as { id: string }).id, 'Project'));

  lsRoute(app, 'GET', '/api/projects/:id/file-uploads', async (request) => {
    const project = await projectOf(request);
    const q = queryOf(request);
    return fileUploads.list(actorOf(request), project, {
      all: lsBool(q.all, false),
      ids: uploadIdsParam(q.ids),
    });
  });

  lsRoute(app, 'DELETE', '/api/projects/:id/file-uploads', async (request) => {
    const project = await projectOf(request);
    const raw = (bodyOf(request) ?? {}).file_upload_ids;
    const ids =
      raw === undefined || raw === null
        ? undefined
        : parseTaskIds(raw, 'file_upload_ids', MAX_UPLOADS_PER_REQUEST, 'file upload ids');
    return { deleted: await fileUploads.deleteMany(project, ids) };
  });

  lsRoute(app, 'GET', '/api/import/file-upload/:id', async (request) => {
    const { project, ref } = await fileUploads.get(actorOf(request), uploadIdOf(request.params));
    return fileUploads.json(project, ref);
  });

  // `files.update(id, file=…)`: a multipart body whose file replaces the upload's content.
  lsRoute(app, 'PATCH', '/api/import/file-upload/:id', async (request) => {
    const actor = actorOf(request);
    const id = uploadIdOf(request.params);
    const { project } = await fileUploads.get(actor, id);
    if (!request.isMultipart())
      throw lsValidation('file', 'Send the new file as a multipart/form-data part named "file".');
    const input = await readMultipartImport(request, ctx, actor, project);
    const [file, ...more] = input.files;
    if (more.length > 0 || !file || file.kind === 'url-task') {
      await discard(ctx.blobs, input.stored);
      throw lsValidation('file', 'Send exactly one file.');
    }
    try {
      return await fileUploads.replace(actor, id, file);
    } catch (error) {
      await discard(ctx.blobs, input.stored);
      throw error;
    }
  });

  lsRoute(app, 'DELETE', '/api/import/file-upload/:id', async (request, reply) => {
    await fileUploads.delete(actorOf(request), uploadIdOf(request.params));
    return reply.code(204).send();
  });

  // `{"file_upload_ids": […], "files_as_tasks_list": bool}`: the uploads' tasks made afresh.
  lsRoute(app, 'POST', '/api/projects/:id/reimport', async (request, reply) => {
    const actor = actorOf(request);
    const project = await projectOf(request);
    const body = bodyOf(request) ?? {};
    const ids = parseTaskIds(
      body.file_upload_ids,
      'file_upload_ids',
      MAX_UPLOADS_PER_REQUEST,
      'file upload ids',
    );
    const asList = lsBool(
      typeof body.files_as_tasks_list === 'boolean'
        ? String(body.files_as_tasks_list)
        : body.files_as_tasks_list,
      true,
    );
    if (ids.length === 0)
      return reply.code(200).send({
        task_count: 0,
        annotation_count: 0,
        prediction_count: 0,
        duration: 0,
        file_upload_ids: [],
        found_formats: {},
        data_columns: [],
      });
    const files: UploadedFile[] = await fileUploads.uploadedFiles(project, [...new Set(ids)]);
    const result = await fileUploads.reimport(actor, project, files, () =>
      tasksOfFiles(ctx.blobs, project, files, asList),
    );
    return reply.code(201).send({
      task_count: result.taskIds.length,
      annotation_count: result.annotationCount,
      prediction_count: result.predictionCount,
      duration: result.duration,
      file_upload_ids: result.fileUploadIds,
      found_formats: formatsOf(files),
      data_columns: [],
    });
  });
}

const uploadIdOf = (params: unknown) => pathId((params as { id: string }).id, 'FileUpload');

/** The file extensions of an import's files (Label Studio's `found_formats`). */
export const formatsOf = (files: readonly { name: string }[]): string[] => [
  ...new Set(files.map((f) => (/\.[^.]+$/.exec(f.name)?.[0] ?? '').toLowerCase())),
];

/**
 * The `ids` of a file-upload list: Label Studio reads a JSON list (`ids=[1,2]`); the SDK sends the parameter
 * repeated (`ids=1&ids=2`), and a comma list is read too. Anything else is a 400 naming `ids`.
 */
function uploadIdsParam(raw: unknown): number[] {
  if (raw === undefined) return [];
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => {
    const text = String(v).trim();
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed)) return parsed as unknown[];
      } catch {
        // falls through to the error below
      }
      throw lsValidation('ids', 'Expected a list of file upload ids, e.g. ids=[1,2,3].');
    }
    return text === '' ? [] : text.split(',');
  });
  return parseTaskIds(
    parts.map((p) => (typeof p === 'string' ? p.trim() : p)),
    'ids',
    MAX_UPLOADS_PER_REQUEST,
    'file upload ids',
  );
}
