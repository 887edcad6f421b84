import type { WebhookRow } from '../../repositories/webhook.repository.ts';
import { parseTopics, WEBHOOK_TOPICS } from '../../services/webhook.service.ts';
import type { ResolverMap } from '../build-schema.ts';
import { offsetPage } from '../pagination.ts';
import { toOrganization, toUser } from './identity.resolvers.ts';
import { toProject, type ProjectObject } from './project.resolvers.ts';

export function toWebhook(row: WebhookRow) {
  return {
    id: row.id,
    url: row.url,
    // Label Studio webhooks' actions are not Labelbox topics: this face shows only its own.
    topics: parseTopics(row.topics).filter((t) => (WEBHOOK_TOPICS as readonly string[]).includes(t)),
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    projectId: row.project_id,
    createdById: row.created_by,
  };
}

type WebhookObject = ReturnType<typeof toWebhook>;
type Page = { skip?: number | null; first?: number | null };
type CreateArgs = {
  data: { project?: { id: string } | null; topics: { set: string[] }; url: string; secret: string };
};
type UpdateArgs = {
  where: { id: string };
  data: {
    topics?: { set: string[] } | null;
    url?: string | null;
    status?: string | null;
    secret?: string | null;
  };
};

export const webhookResolvers: ResolverMap = {
  Query: {
    webhook: async (_: unknown, args: { where: { id: string } }, ctx) =>
      toWebhook(await ctx.services.webhooks.get(ctx.actor, args.where.id)),
  },
  Mutation: {
    createWebhook: async (_: unknown, { data }: CreateArgs, ctx) =>
      toWebhook(
        await ctx.services.webhooks.create(ctx.actor, {
          projectId: data.project?.id ?? null,
          topics: data.topics.set,
          url: data.url,
          secret: data.secret,
        }),
      ),
    updateWebhook: async (_: unknown, { where, data }: UpdateArgs, ctx) =>
      toWebhook(
        await ctx.services.webhooks.update(ctx.actor, where.id, {
          topics: data.topics?.set ?? null,
          url: data.url ?? null,
          status: data.status ?? null,
          secret: data.secret ?? null,
        }),
      ),
  },
  Organization: {
    webhooks: async (_: unknown, args: Page, ctx) =>
      (await ctx.services.webhooks.list(ctx.actor, undefined, offsetPage(args))).map(toWebhook),
  },
  Project: {
    webhooks: async (project: ProjectObject, args: Page, ctx) =>
      (await ctx.services.webhooks.list(ctx.actor, project.id, offsetPage(args))).map(toWebhook),
  },
  Webhook: {
    project: async (hook: WebhookObject, _: unknown, ctx) => {
      if (!hook.projectId) return null;
      const project = await ctx.loaders.project.load(hook.projectId);
      return project ? toProject(project) : null;
    },
    organization: async (_: WebhookObject, __: unknown, ctx) =>
      toOrganization(await ctx.services.identity.getOrganization(ctx.actor)),
    createdBy: async (hook: WebhookObject, _: unknown, ctx) => {
      const user = await ctx.loaders.user.load(hook.createdById);
      return user ? toUser(user, ctx.actor.userId) : null;
    },
  },
};
