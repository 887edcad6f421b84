import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import type { AppContext } from '../../http/app-context.ts';
import { LabelStudioRepository } from '../../repositories/label-studio.repository.ts';
import type { LabelRow } from '../../repositories/label.repository.ts';
import type { WebhookRow } from '../../repositories/webhook.repository.ts';
import { lsValidation, type LsProject } from '../../services/label-studio/project.service.ts';
import {
  LS_ACTION_NAMES,
  LS_WEBHOOK_ACTIONS,
  type LsWebhookAction,
} from '../../services/label-studio/webhook-actions.ts';
import { parseTopics } from '../../services/webhook.service.ts';
import { nowIso } from '../../time.ts';
import { lsBool, pathId } from './envelope.ts';
import { projectsJson } from './projects.routes.ts';
import { annotationJson, taskJson } from './mappers.ts';
import { actorOf, bodyOf, lsIdsFor, lsRoute, queryOf } from './routes.ts';

/** What Label Studio's webhook has and ours does not, kept in the webhook's `ls_refs` row. */
type LsWebhookData = {
  send_payload: boolean;
  send_for_all_actions: boolean;
  headers: Record<string, string>;
};

const MAX_HEADERS = 10;
const HEADER_NAME = /^[a-zA-Z0-9-_]+$/;
const MAX_URL = 2048;
/** Label Studio's `WEBHOOK_BATCH_SIZE`: a bulk event's objects go out in messages of at most this many. */
export const WEBHOOK_BATCH_SIZE = 5000;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function readHeaders(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw lsValidation('headers', 'Expected a dictionary of items.');
  const entries = Object.entries(value);
  if (entries.length > MAX_HEADERS)
    throw lsValidation('headers', `Number of headers must be less than or equal to ${MAX_HEADERS}.`);
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (!HEADER_NAME.test(k)) throw lsValidation('headers', `Key ${k} must match ^[a-zA-Z0-9-_]+$.`);
    if (typeof v !== 'string' || /[\r\n]/.test(v))
      throw lsValidation('headers', `Value of ${k} must be a string on one line.`);
    Object.defineProperty(out, k, { value: v, enumerable: true });
  }
  return out;
}

function readActions(value: unknown, project: boolean): LsWebhookAction[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw lsValidation('actions', 'Expected a list of items.');
  for (const a of value)
    if (typeof a !== 'string' || !(LS_ACTION_NAMES as string[]).includes(a))
      throw lsValidation('actions', `"${String(a)}" is not a valid choice.`);
  const actions = [...new Set(value as LsWebhookAction[])];
  const orgOnly = actions.filter((a) => LS_WEBHOOK_ACTIONS[a].organizationOnly);
  if (project && orgOnly.length > 0)
    throw lsValidation(
      'actions',
      `Project-level webhooks cannot subscribe to organization-only actions: ${orgOnly.join(', ')}`,
    );
  return actions;
}

const boolField = (body: Record<string, unknown>, field: string, fallback: boolean): boolean => {
  const v = body[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'boolean') return v;
  throw lsValidation(field, 'Must be a valid boolean.');
};

/**
 * `/api/webhooks/` (CRUD, `?project=`) and `/api/webhooks/info/`, over the one webhook service: a Label Studio
 * webhook is an ordinary webhook whose topics are Label Studio's actions, delivered from the job queue with
 * retries and signed (`X-Hub-Signature-256`, going beyond Label Studio), plus its `headers` and payload switches.
 */
export function registerLsWebhookRoutes(app: FastifyInstance, ctx: AppContext): void {
  const webhooks = ctx.services.webhooks;
  const { projects } = ctx.services.labelStudio;
  const refs = new LabelStudioRepository(ctx.database.db);
  webhooks.onLabelEvents((actor, topic, projectId, labels) =>
    emitLabelActions(ctx, actor, topic, projectId, labels),
  );

  const lsDataOf = (data: string | null): LsWebhookData => ({
    send_payload: true,
    send_for_all_actions: true,
    headers: {},
    ...(data ? (JSON.parse(data) as Partial<LsWebhookData>) : {}),
  });
  const json = async (actor: Actor, row: WebhookRow, lsId: number, data: LsWebhookData) => {
    const organization = await projects.organizationLsId(actor);
    return {
      id: lsId,
      organization,
      project: row.project_id ? await projects.lsIdOf(actor, row.project_id) : null,
      url: row.url,
      send_payload: data.send_payload,
      send_for_all_actions: data.send_for_all_actions,
      headers: data.headers,
      is_active: row.status === 'ACTIVE',
      actions: data.send_for_all_actions ? [] : parseTopics(row.topics),
      created_at: row.created_at,
      updated_at: row.updated_at,
      // Beyond Label Studio: deliveries are signed with it (X-Hub-Signature-256).
      secret: row.secret,
    };
  };
  const find = async (actor: Actor, request: FastifyRequest) => {
    const lsId = pathId((request.params as { id: string }).id, 'Webhook');
    const ref = await refs.findByLsId(actor.organizationId, 'webhook', lsId);
    const row = ref && (await webhooks.get(actor, ref.ref_id).catch(() => undefined));
    if (!ref || !row || row.status === 'REVOKED') throw notFound('Webhook', String(lsId));
    return { ref, row };
  };
  const projectOf = async (actor: Actor, value: unknown): Promise<LsProject | null> => {
    if (value === undefined || value === null || value === '') return null;
    const id = Number(value);
    if (!Number.isSafeInteger(id) || id <= 0) throw lsValidation('project', 'A valid integer is required.');
    try {
      return await projects.get(actor, id);
    } catch {
      throw lsValidation('project', `Invalid pk "${id}" - object does not exist.`);
    }
  };
  const urlOf = (value: unknown): string => {
    if (typeof value !== 'string' || value.trim() === '')
      throw lsValidation('url', 'This field is required.');
    if (value.length > MAX_URL)
      throw lsValidation('url', `Ensure this field has no more than ${MAX_URL} characters.`);
    return value;
  };
  const fields = { url: 'url', topics: 'actions' };

  lsRoute(app, 'GET', '/api/webhooks/info', async (request) => {
    const q = queryOf(request);
    const orgOnly = q['organization-only'] === undefined ? undefined : lsBool(q['organization-only'], false);
    const out: Record<string, unknown> = {};
    for (const name of LS_ACTION_NAMES) {
      const a = LS_WEBHOOK_ACTIONS[name];
      if (orgOnly === false && a.organizationOnly) continue;
      out[name] = { name: a.name, description: '', key: a.key, 'organization-only': a.organizationOnly };
    }
    return out;
  });

  lsRoute(app, 'GET', '/api/webhooks', async (request) => {
    const actor = actorOf(request);
    const q = queryOf(request);
    const project = await projectOf(actor, q.project);
    const rows = (await webhooks.list(actor, project?.row.id, { skip: 0, first: 1000 })).filter(
      (r) => r.status !== 'REVOKED',
    );
    const byRow = new Map(
      (
        await refs.findByRefs(
          'webhook',
          actor.organizationId,
          rows.map((r) => r.id),
        )
      ).map((r) => [r.ref_id, r]),
    );
    const out = [];
    for (const row of rows) {
      const ref = byRow.get(row.id);
      if (ref) out.push(await json(actor, row, ref.ls_id, lsDataOf(ref.data)));
    }
    return out;
  });

  lsRoute(app, 'POST', '/api/webhooks', async (request, reply) => {
    const actor = actorOf(request);
    const body = bodyOf(request);
    const url = urlOf(body.url);
    const project = await projectOf(actor, body.project);
    const data: LsWebhookData = {
      send_payload: boolField(body, 'send_payload', true),
      send_for_all_actions: boolField(body, 'send_for_all_actions', true),
      headers: readHeaders(body.headers),
    };
    const actions = readActions(body.actions, project !== null);
    const topics = data.send_for_all_actions
      ? LS_ACTION_NAMES.filter((a) => !project || !LS_WEBHOOK_ACTIONS[a].organizationOnly)
      : actions;
    if (topics.length === 0)
      throw lsValidation('actions', 'Name at least one action, or send_for_all_actions.');
    if (body.secret !== undefined && (typeof body.secret !== 'string' || body.secret === ''))
      throw lsValidation('secret', 'Not a valid string.');
    const row = await webhooks.create(actor, {
      projectId: project?.row.id ?? null,
      topics,
      url,
      secret: typeof body.secret === 'string' ? body.secret : randomBytes(24).toString('base64url'),
      vocabulary: 'label-studio',
      fields,
    });
    if (!boolField(body, 'is_active', true)) await webhooks.update(actor, row.id, { status: 'INACTIVE' });
    const ids = await refs.insert([
      {
        kind: 'webhook',
        ref_id: row.id,
        organization_id: actor.organizationId,
        project_id: actor.organizationId,
        data: JSON.stringify(data),
        created_at: nowIso(),
      },
    ]);
    const saved = await webhooks.get(actor, row.id);
    return reply.code(201).send(await json(actor, saved, ids.get(row.id)!, data));
  });

  lsRoute(app, 'GET', '/api/webhooks/:id', async (request) => {
    const actor = actorOf(request);
    const { ref, row } = await find(actor, request);
    return json(actor, row, ref.ls_id, lsDataOf(ref.data));
  });

  lsRoute(app, ['PATCH', 'PUT'], '/api/webhooks/:id', async (request) => {
    const actor = actorOf(request);
    const { ref, row } = await find(actor, request);
    const body = bodyOf(request);
    const before = lsDataOf(ref.data);
    const data: LsWebhookData = {
      send_payload: boolField(body, 'send_payload', before.send_payload),
      send_for_all_actions: boolField(body, 'send_for_all_actions', before.send_for_all_actions),
      headers: body.headers === undefined ? before.headers : readHeaders(body.headers),
    };
    const forProject = row.project_id !== null;
    const actions =
      body.actions === undefined
        ? (parseTopics(row.topics) as LsWebhookAction[])
        : readActions(body.actions, forProject);
    const topics = data.send_for_all_actions
      ? LS_ACTION_NAMES.filter((a) => !forProject || !LS_WEBHOOK_ACTIONS[a].organizationOnly)
      : actions;
    if (topics.length === 0)
      throw lsValidation('actions', 'Name at least one action, or send_for_all_actions.');
    const updated = await webhooks.update(actor, row.id, {
      topics,
      ...(body.url !== undefined && { url: urlOf(body.url) }),
      ...(body.is_active !== undefined && {
        status: boolField(body, 'is_active', true) ? 'ACTIVE' : 'INACTIVE',
      }),
      vocabulary: 'label-studio',
      fields,
    });
    await refs.updateData(ref.ls_id, JSON.stringify(data));
    return json(actor, updated, ref.ls_id, data);
  });

  lsRoute(app, 'DELETE', '/api/webhooks/:id', async (request, reply) => {
    const actor = actorOf(request);
    const { ref, row } = await find(actor, request);
    await webhooks.update(actor, row.id, { status: 'REVOKED' });
    await refs.deleteByLsIds([ref.ls_id]);
    return reply.code(204).send();
  });
}

/**
 * Sends a Label Studio action to the webhooks listening to it in the project: `{action, <key>: …, project: …}`, or
 * `{action}` alone for webhooks with `send_payload: false`. `build` runs only when someone listens. Called after
 * the change is committed; a failure to queue is logged, never the request's failure.
 */
export async function emitLsAction(
  ctx: AppContext,
  actor: Actor,
  project: LsProject,
  action: LsWebhookAction,
  build: () => Promise<Record<string, unknown>[]>,
): Promise<void> {
  try {
    const hooks = await ctx.services.webhooks.listenersOf(actor.organizationId, project.row.id, action);
    if (hooks.length === 0) return;
    const refs = new Map(
      (
        await new LabelStudioRepository(ctx.database.db).findByRefs(
          'webhook',
          actor.organizationId,
          hooks.map((h) => h.id),
        )
      ).map((r) => [r.ref_id, r]),
    );
    const listening = hooks.filter((h) => refs.has(h.id));
    if (listening.length === 0) return;
    const [projectJson] = await projectsJson(ctx, actor, [project]);
    const messages = await build();
    for (const hook of listening) {
      const data = JSON.parse(refs.get(hook.id)!.data ?? '{}') as Partial<LsWebhookData>;
      const bodies =
        data.send_payload === false
          ? [JSON.stringify({ action })]
          : messages.map((m) => JSON.stringify({ action, project: projectJson, ...m }));
      for (const body of bodies)
        await ctx.services.webhooks.enqueueDelivery(actor, hook, action, body, data.headers ?? {});
    }
  } catch (error) {
    ctx.logger.error({ err: error, action }, 'Label Studio webhook event not queued');
  }
}

/**
 * Labels created, changed or deleted through any face (GraphQL imports, the editor, this face) as Label Studio
 * actions: one label is ANNOTATION_CREATED / ANNOTATION_UPDATED, several (an import) ANNOTATIONS_CREATED with
 * `annotation` and `task` lists in messages of WEBHOOK_BATCH_SIZE; deletions are ANNOTATIONS_DELETED.
 */
async function emitLabelActions(
  ctx: AppContext,
  who: Pick<Actor, 'organizationId' | 'userId'>,
  topic: string,
  projectId: string,
  labels: readonly LabelRow[],
): Promise<void> {
  const action: LsWebhookAction | undefined =
    topic === 'LABEL_DELETED'
      ? 'ANNOTATIONS_DELETED'
      : topic === 'LABEL_CREATED'
        ? labels.length === 1
          ? 'ANNOTATION_CREATED'
          : 'ANNOTATIONS_CREATED'
        : topic === 'LABEL_UPDATED'
          ? 'ANNOTATION_UPDATED'
          : undefined;
  if (!action || labels.length === 0) return;
  // Most label events have no Label Studio listener: ask before building the project (its label config).
  if ((await ctx.services.webhooks.listenersOf(who.organizationId, projectId, action)).length === 0) return;
  const actor: Actor = { organizationId: who.organizationId, userId: who.userId, role: 'ADMIN', email: '' };
  const { projects, tasks } = ctx.services.labelStudio;
  const project = await projects.ofProject(actor, projectId);
  const refs = new LabelStudioRepository(ctx.database.db);
  await emitLsAction(ctx, actor, project, action, async () => {
    const now = nowIso();
    const ids = await refs.ensure(
      'annotation',
      actor.organizationId,
      projectId,
      labels.map((l) => l.id),
      now,
    );
    if (action === 'ANNOTATIONS_DELETED')
      return [{ annotations: labels.map((l) => ({ id: ids.get(l.id) })) }];
    await refs.ensureTasks(actor.organizationId, projectId, now);
    const taskIds = await refs.findByRefs(
      'task',
      projectId,
      labels.map((l) => l.data_row_id),
    );
    const wanted = new Set(labels.map((l) => l.id));
    const messages: Record<string, unknown>[] = [];
    for (let i = 0; i < taskIds.length; i += WEBHOOK_BATCH_SIZE) {
      const chunk = taskIds.slice(i, i + WEBHOOK_BATCH_SIZE).map((r) => r.ls_id);
      const page = await tasks.page(actor, project, 1, chunk.length, { ids: chunk });
      const lsIds = await lsIdsFor(ctx, actor, page.tasks);
      const annotations = [];
      const taskJsons = [];
      for (const t of page.tasks) {
        taskJsons.push(taskJson(project, t, lsIds));
        for (const a of t.annotations)
          if (wanted.has(a.row.id)) annotations.push(annotationJson(project, t, a, lsIds));
      }
      if (action === 'ANNOTATIONS_CREATED') messages.push({ annotation: annotations, task: taskJsons });
      else
        for (const a of annotations)
          messages.push({ annotation: a, task: taskJsons.find((t) => t.id === a.task) });
    }
    return messages;
  });
}
