import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/app-context.ts';
import { registerLsActionRoutes } from './actions.routes.ts';
import { registerLsAnnotationRoutes } from './annotations.routes.ts';
import { registerLsAuthRoutes } from './auth.routes.ts';
import { registerLsExportRoutes } from './export.routes.ts';
import { registerLsFileUploadRoutes } from './file-uploads.routes.ts';
import { registerLsProjectRoutes } from './projects.routes.ts';
import { registerLsSnapshotRoutes } from './snapshots.routes.ts';
import { registerLsStorageObjectRoutes } from './storage-objects.routes.ts';
import { registerLsStorageRoutes } from './storages.routes.ts';
import { withLsErrors } from './routes.ts';
import { registerLsImportRoutes, registerLsTaskRoutes } from './tasks.routes.ts';
import { registerLsUploadRoutes } from './uploads.routes.ts';
import { registerLsUserRoutes } from './users.routes.ts';
import { registerLsViewRoutes } from './views.routes.ts';
import { registerLsWebhookRoutes } from './webhooks.routes.ts';

/** The Label Studio-compatible REST face (`/api/...`): thin routes over the same services as GraphQL. */
export async function registerLabelStudioRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await withLsErrors(app, ctx, async (scope) => {
    registerLsAuthRoutes(scope, ctx);
    registerLsProjectRoutes(scope, ctx);
    registerLsTaskRoutes(scope, ctx);
    registerLsAnnotationRoutes(scope, ctx);
    registerLsActionRoutes(scope, ctx);
    registerLsViewRoutes(scope, ctx);
    registerLsExportRoutes(scope, ctx);
    registerLsSnapshotRoutes(scope, ctx);
    registerLsUploadRoutes(scope, ctx);
    registerLsFileUploadRoutes(scope, ctx);
    registerLsStorageRoutes(scope, ctx);
    registerLsStorageObjectRoutes(scope, ctx);
    registerLsWebhookRoutes(scope, ctx);
    registerLsUserRoutes(scope, ctx);
    await registerLsImportRoutes(scope, ctx);
  });
}
