import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../auth/actor.ts';
import type { AppContext } from '../../http/app-context.ts';
import type { LsProject } from '../../services/label-studio/project.service.ts';
import { lsValidation } from '../../services/label-studio/project.service.ts';
import { pathId, projectField } from './envelope.ts';
import { actorOf, bodyOf, lsRoute, queryOf } from './routes.ts';

/** The storage types served (Label Studio's `get_storage_list`, those implemented here). */
const STORAGE_TYPES = [{ name: 's3', title: 'AWS S3' }];

/**
 * Label Studio's import storages, S3 only (`/api/storages/…`, SDK 2.x `import_storage.s3.*`, the legacy
 * `connect_s3_import_storage` and `sync_storage`): thin routes over LabelStudioS3StorageService.
 */
export function registerLsStorageRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { projects, s3Storages: storages } = ctx.services.labelStudio;

  /** The project a list names (`?project=`, required as in Label Studio: an unknown one is a 404). */
  const listedProject = async (actor: Actor, request: FastifyRequest): Promise<LsProject> => {
    const raw = queryOf(request).project;
    return projects.get(actor, pathId(Array.isArray(raw) ? raw[raw.length - 1] : raw, 'Project'));
  };
  const storageId = (request: FastifyRequest) => pathId((request.params as { id: string }).id, 'Storage');

  lsRoute(app, 'GET', '/api/storages/types', async () => STORAGE_TYPES);
  lsRoute(app, 'GET', '/api/storages/export/types', async () => []);

  // Every import storage of the project, all types (S3 is the one served).
  lsRoute(app, 'GET', '/api/storages', async (request) => {
    const actor = actorOf(request);
    const list = await storages.list(actor, await listedProject(actor, request));
    return list.map((s) => storages.json(s));
  });

  lsRoute(app, 'GET', '/api/storages/s3', async (request) => {
    const actor = actorOf(request);
    const list = await storages.list(actor, await listedProject(actor, request));
    return list.map((s) => storages.json(s));
  });

  lsRoute(app, 'POST', '/api/storages/s3', async (request, reply) => {
    const actor = actorOf(request);
    const body = bodyOf(request);
    const project = await projects.get(actor, projectField(body.project));
    return reply.code(201).send(storages.json(await storages.create(actor, project, body)));
  });

  lsRoute(app, 'POST', '/api/storages/s3/validate', async (request, reply) => {
    const actor = actorOf(request);
    const body = bodyOf(request);
    let id: number | undefined;
    if (body.id !== undefined && body.id !== null && body.id !== '') {
      id = Number(body.id);
      if (!Number.isSafeInteger(id) || id <= 0) throw lsValidation('id', 'A valid integer is required.');
    } else await projects.get(actor, projectField(body.project));
    await storages.validate(actor, body, id);
    return reply.code(200).send();
  });

  lsRoute(app, 'GET', '/api/storages/s3/:id', async (request) => {
    const actor = actorOf(request);
    return storages.json(await storages.get(actor, storageId(request)));
  });

  lsRoute(app, ['PATCH', 'PUT'], '/api/storages/s3/:id', async (request) => {
    const actor = actorOf(request);
    return storages.json(await storages.update(actor, storageId(request), bodyOf(request)));
  });

  lsRoute(app, 'DELETE', '/api/storages/s3/:id', async (request, reply) => {
    const actor = actorOf(request);
    await storages.delete(actor, storageId(request));
    return reply.code(204).send();
  });

  lsRoute(app, 'POST', '/api/storages/s3/:id/sync', async (request) => {
    const actor = actorOf(request);
    return storages.json(await storages.sync(actor, storageId(request)));
  });
}
