import { createHmac } from 'node:crypto';
import type { MaskAnnotation } from '@labelyard/schema';
import type { Actor } from '../auth/actor.ts';
import { invalid, notFound } from '../errors.ts';
import { assertPublicUrl, guardedRequest, UrlGuardError } from '../http/url-guard.ts';
import { newId } from '../ids.ts';
import type { JobContext, JobOutcome } from '../jobs/job-queue.ts';
import { ProjectRepository } from '../repositories/project.repository.ts';
import type { LabelRow } from '../repositories/label.repository.ts';
import { WebhookRepository, type WebhookRow } from '../repositories/webhook.repository.ts';
import { nowIso } from '../time.ts';
import { AccessService } from './access.service.ts';
import type { ServiceDeps } from './index.ts';
import { LS_ACTION_NAMES } from './label-studio/webhook-actions.ts';
import { IdentityRepository } from '../repositories/identity.repository.ts';
import type { WorkflowHistoryRow } from '../repositories/workflow.repository.ts';
import { labelEventBody, reviewEventBody, workflowEventBody, type LabelEvent } from './webhook.payload.ts';
import type { ReviewRow } from '../repositories/review.repository.ts';

export const WEBHOOK_TOPICS = [
  'LABEL_CREATED',
  'LABEL_UPDATED',
  'LABEL_DELETED',
  'WORKFLOW_ACTION',
  'REVIEW_CREATED',
  'REVIEW_UPDATED',
  'REVIEW_DELETED',
] as const;
export const WEBHOOK_STATUSES = ['ACTIVE', 'INACTIVE', 'REVOKED'] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];
export const WEBHOOK_DELIVERY_JOB = 'webhook-delivery';
/** Attempts per delivery; the queue waits 2, 4, 8, … s between them (about 8.5 minutes in all). */
const DELIVERY_ATTEMPTS = 9;
const DELIVERY_TIMEOUT_MS = 10_000;
/** Mask URLs inside payloads are signed for a week: receivers may read them long after the event. */
const PAYLOAD_URL_TTL = 7 * 24 * 3600;

/** Which event names a webhook's topics are: Labelbox's topics, or Label Studio's actions (its REST face). */
export type TopicVocabulary = 'labelbox' | 'label-studio';
export type CreateWebhookInput = {
  projectId?: string | null;
  topics: readonly string[];
  url: string;
  secret: string;
  vocabulary?: TopicVocabulary;
  /** The field names errors use (the Label Studio face names its own). */
  fields?: { url: string; topics: string };
};
export type UpdateWebhookInput = {
  topics?: readonly string[] | null;
  url?: string | null;
  status?: string | null;
  secret?: string | null;
  vocabulary?: TopicVocabulary;
  fields?: { url: string; topics: string };
};
/** `headers`: the webhook's own extra headers (Label Studio's `headers`), sent under the signature headers. */
export type DeliveryPayload = {
  webhookId: string;
  deliveryId: string;
  topic: string;
  body: string;
  headers?: Record<string, string>;
};

export const parseTopics = (text: string): string[] => {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
};

/** Hears every label event whatever face caused it (the Label Studio face turns them into its actions). */
export type LabelEventListener = (
  actor: Pick<Actor, 'organizationId' | 'userId'>,
  topic: WebhookTopic,
  projectId: string,
  labels: readonly LabelRow[],
) => Promise<void>;

/**
 * Label-event listeners per application (keyed by its database handle): several services build their own
 * WebhookService, and a listener registered on one must hear events emitted through any of them.
 */
const labelListenersOf = new WeakMap<object, LabelEventListener[]>();

/**
 * Active webhooks per (organization, project), per application, kept ACTIVE_TTL_MS: every queue submission asks
 * who listens (label, workflow and Label Studio events) and webhooks rarely change. Creating or changing a webhook
 * in this process clears it; another process sees the change within ACTIVE_TTL_MS.
 */
const ACTIVE_TTL_MS = 1_000;
const activeOf = new WeakMap<object, Map<string, { at: number; rows: Promise<WebhookRow[]> }>>();

/** Webhooks: subscriptions (org-wide or per project), label events → delivery jobs, and the signed delivery itself. */
export class WebhookService {
  private readonly repo: WebhookRepository;

  private readonly access: AccessService;

  constructor(private readonly deps: ServiceDeps) {
    this.repo = new WebhookRepository(deps.db);
    this.access = new AccessService(deps.db);
  }

  async create(actor: Actor, input: CreateWebhookInput): Promise<WebhookRow> {
    this.access.require(actor, 'manage', 'manage webhooks');
    if (
      input.projectId &&
      !(await new ProjectRepository(this.deps.db).find(actor.organizationId, input.projectId))
    )
      throw notFound('Project', input.projectId);
    if (!input.secret)
      throw invalid('data.secret', 'must be a non-empty string (deliveries are signed with it)');
    const now = nowIso();
    const row: WebhookRow = {
      id: newId(),
      organization_id: actor.organizationId,
      project_id: input.projectId ?? null,
      url: await this.checkUrl(input.url, input.fields?.url ?? 'data.url'),
      secret: input.secret,
      topics: JSON.stringify(
        this.checkTopics(input.topics, input.fields?.topics ?? 'data.topics.set', input.vocabulary),
      ),
      status: 'ACTIVE',
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    await this.repo.insert(row);
    this.activeCache.clear();
    return row;
  }

  async update(actor: Actor, id: string, input: UpdateWebhookInput): Promise<WebhookRow> {
    await this.get(actor, id);
    if (input.status != null && !(WEBHOOK_STATUSES as readonly string[]).includes(input.status))
      throw invalid('data.status', `must be one of ${WEBHOOK_STATUSES.join(', ')}`);
    if (input.secret === '') throw invalid('data.secret', 'must be a non-empty string');
    const row = await this.repo.update(actor.organizationId, id, {
      updated_at: nowIso(),
      ...(input.topics != null && {
        topics: JSON.stringify(
          this.checkTopics(input.topics, input.fields?.topics ?? 'data.topics.set', input.vocabulary),
        ),
      }),
      ...(input.url != null && { url: await this.checkUrl(input.url, input.fields?.url ?? 'data.url') }),
      ...(input.status != null && { status: input.status }),
      ...(input.secret != null && { secret: input.secret }),
    });
    this.activeCache.clear();
    if (!row) throw notFound('Webhook', id);
    return row;
  }

  async get(actor: Actor, id: string): Promise<WebhookRow> {
    this.access.require(actor, 'manage', 'manage webhooks');
    const row = await this.repo.find(actor.organizationId, id);
    if (!row) throw notFound('Webhook', id);
    return row;
  }

  /** The latest deliveries of a webhook (newest first) with their outcome, for the web app's webhook page. */
  async deliveries(actor: Actor, webhookId: string, first: number) {
    const hook = await this.get(actor, webhookId);
    const rows = await this.repo.recentDeliveries(
      actor.organizationId,
      hook.id,
      Math.min(Math.max(first, 1), 100),
    );
    return rows.map((row) => {
      const payload = JSON.parse(row.payload) as DeliveryPayload;
      const result = row.result ? (JSON.parse(row.result) as { status?: number; skipped?: string }) : null;
      const errors = row.errors ? (JSON.parse(row.errors) as Array<{ message?: string }>) : [];
      return {
        id: payload.deliveryId,
        topic: payload.topic,
        status: row.status,
        attempts: row.attempts,
        responseStatus: result?.status ?? null,
        error: errors.at(-1)?.message ?? result?.skipped ?? null,
        createdAt: row.created_at,
        finishedAt: row.finished_at,
      };
    });
  }

  /** `organization.webhooks` (every webhook) or `project.webhooks` (that project's). */
  async list(
    actor: Actor,
    projectId: string | undefined,
    page: { skip: number; first: number },
  ): Promise<WebhookRow[]> {
    // Webhooks carry their signing secrets: only those who manage them see them.
    this.access.require(actor, 'manage', 'list webhooks');
    return this.repo.list(actor.organizationId, projectId, page);
  }

  private get labelListeners(): LabelEventListener[] {
    let list = labelListenersOf.get(this.deps.db);
    if (!list) labelListenersOf.set(this.deps.db, (list = []));
    return list;
  }

  onLabelEvents(listener: LabelEventListener): void {
    this.labelListeners.push(listener);
  }

  /** Tells the label-event listeners; their failures are logged, never the caller's. */
  async notifyLabelListeners(
    actor: Pick<Actor, 'organizationId' | 'userId'>,
    topic: WebhookTopic,
    projectId: string,
    labels: readonly LabelRow[],
  ): Promise<void> {
    for (const listener of this.labelListeners)
      await listener(actor, topic, projectId, labels).catch((error: unknown) =>
        this.deps.logger.error({ err: error, topic }, 'label event listener failed'),
      );
  }

  private get activeCache(): Map<string, { at: number; rows: Promise<WebhookRow[]> }> {
    let cache = activeOf.get(this.deps.db);
    if (!cache) activeOf.set(this.deps.db, (cache = new Map()));
    return cache;
  }

  /** The ACTIVE webhooks hearing a project (its own and the organization-wide ones), cached ACTIVE_TTL_MS. */
  private active(organizationId: string, projectId: string): Promise<WebhookRow[]> {
    const cache = this.activeCache;
    const key = `${organizationId}:${projectId}`;
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && now - hit.at < ACTIVE_TTL_MS) return hit.rows;
    if (cache.size > 10_000) cache.clear();
    const rows = this.repo.active(organizationId, projectId);
    cache.set(key, { at: now, rows });
    rows.catch(() => cache.delete(key));
    return rows;
  }

  /** Whether anyone listens to `topic` in the project (lets emitters skip building payloads). */
  async listeners(organizationId: string, projectId: string, topic: WebhookTopic): Promise<WebhookRow[]> {
    return (await this.active(organizationId, projectId)).filter((w) =>
      parseTopics(w.topics).includes(topic),
    );
  }

  /**
   * Enqueues one delivery job per (listening webhook, event). The payload is built now, so a deleted label is still
   * described; the job only signs and sends it. Pass `listeners` when already looked up.
   */
  async emitLabelEvents(
    actor: Pick<Actor, 'organizationId' | 'userId'>,
    topic: WebhookTopic,
    projectId: string,
    events: readonly LabelEvent[],
    listeners?: readonly WebhookRow[],
  ): Promise<number> {
    if (events.length === 0) return 0;
    const hooks = listeners ?? (await this.listeners(actor.organizationId, projectId, topic));
    let sent = 0;
    for (const hook of hooks) {
      for (const event of events) {
        const deliveryId = newId();
        const body = labelEventBody(
          { event: topic, webhookId: hook.id, deliveryId, createdAt: nowIso() },
          event,
          this.maskUrl,
        );
        const payload: DeliveryPayload = { webhookId: hook.id, deliveryId, topic, body };
        await this.deps.jobs.enqueue(
          { organizationId: actor.organizationId, userId: actor.userId, role: 'ADMIN', email: '' },
          { type: WEBHOOK_DELIVERY_JOB, name: `Webhook ${topic}`, payload, maxAttempts: DELIVERY_ATTEMPTS },
        );
        sent++;
      }
    }
    return sent;
  }

  /** Queues one delivery of a prepared body (the Label Studio face builds its own payloads) and starts it. */
  async enqueueDelivery(
    actor: Pick<Actor, 'organizationId' | 'userId'>,
    hook: WebhookRow,
    topic: string,
    body: string,
    headers?: Record<string, string>,
  ): Promise<void> {
    const payload: DeliveryPayload = { webhookId: hook.id, deliveryId: newId(), topic, body, headers };
    const job = await this.deps.jobs.enqueue(
      { organizationId: actor.organizationId, userId: actor.userId, role: 'ADMIN', email: '' },
      { type: WEBHOOK_DELIVERY_JOB, name: `Webhook ${topic}`, payload, maxAttempts: DELIVERY_ATTEMPTS },
    );
    this.deps.jobs.runSoon(job.id);
  }

  /** Every webhook of the organization listening to `topic` in the project, whatever its status filter. */
  async listenersOf(organizationId: string, projectId: string, topic: string): Promise<WebhookRow[]> {
    return (await this.active(organizationId, projectId)).filter((w) =>
      parseTopics(w.topics).includes(topic),
    );
  }

  /** Review events (`REVIEW_CREATED`, `REVIEW_UPDATED`): the review with its label, row and project ids. */
  async emitReviewEvents(
    actor: Pick<Actor, 'organizationId' | 'userId'>,
    topic: WebhookTopic,
    projectId: string,
    reviews: readonly ReviewRow[],
    options: { deleted?: boolean } = {},
  ): Promise<number> {
    if (reviews.length === 0) return 0;
    const hooks = await this.listeners(actor.organizationId, projectId, topic);
    let sent = 0;
    for (const hook of hooks) {
      for (const review of reviews) {
        const deliveryId = newId();
        const body = reviewEventBody(
          { event: topic, webhookId: hook.id, deliveryId, createdAt: nowIso() },
          review,
          options.deleted ?? false,
        );
        const payload: DeliveryPayload = { webhookId: hook.id, deliveryId, topic, body };
        await this.deps.jobs.enqueue(
          { organizationId: actor.organizationId, userId: actor.userId, role: 'ADMIN', email: '' },
          { type: WEBHOOK_DELIVERY_JOB, name: `Webhook ${topic}`, payload, maxAttempts: DELIVERY_ATTEMPTS },
        );
        sent++;
      }
    }
    return sent;
  }

  /**
   * WORKFLOW_ACTION: one event per workflow step taken (the `workflow_history` rows just written, after their
   * transaction committed): submit, skip, approve, reject, a changed review verdict, a manual move.
   */
  async emitWorkflowEvents(
    actor: Pick<Actor, 'organizationId' | 'userId'>,
    projectId: string,
    history: readonly WorkflowHistoryRow[],
  ): Promise<number> {
    if (history.length === 0) return 0;
    const hooks = await this.listeners(actor.organizationId, projectId, 'WORKFLOW_ACTION');
    if (hooks.length === 0) return 0;
    const users = await new IdentityRepository(this.deps.db).findUsersByIds(actor.organizationId, [
      ...new Set(history.map((h) => h.user_id)),
    ]);
    const emails = new Map(users.map((u) => [u.id, u.email]));
    let sent = 0;
    for (const hook of hooks) {
      for (const step of history) {
        const deliveryId = newId();
        const body = workflowEventBody(
          { event: 'WORKFLOW_ACTION', webhookId: hook.id, deliveryId, createdAt: nowIso() },
          step,
          emails.get(step.user_id) ?? null,
        );
        const payload: DeliveryPayload = { webhookId: hook.id, deliveryId, topic: 'WORKFLOW_ACTION', body };
        await this.deps.jobs.enqueue(
          { organizationId: actor.organizationId, userId: actor.userId, role: 'ADMIN', email: '' },
          {
            type: WEBHOOK_DELIVERY_JOB,
            name: 'Webhook WORKFLOW_ACTION',
            payload,
            maxAttempts: DELIVERY_ATTEMPTS,
          },
        );
        sent++;
      }
    }
    return sent;
  }

  /** The delivery job: POST the body, signed with the webhook's current secret; non-2xx and timeouts are retried. */
  async deliver(ctx: JobContext): Promise<JobOutcome> {
    const payload = ctx.payload as DeliveryPayload;
    const hook = await this.repo.find(ctx.job.organization_id, payload.webhookId);
    if (!hook || hook.status !== 'ACTIVE')
      return { result: { skipped: `webhook is ${hook ? hook.status : 'gone'}` } };
    const headers = {
      ...payload.headers,
      'content-type': 'application/json',
      'x-hub-signature': `sha1=${createHmac('sha1', hook.secret).update(payload.body).digest('hex')}`,
      'x-hub-signature-256': `sha256=${createHmac('sha256', hook.secret).update(payload.body).digest('hex')}`,
      'x-labelbox-id': payload.deliveryId,
      'x-labelbox-event': payload.topic,
    };
    let status: number;
    try {
      const response = await guardedRequest(
        hook.url,
        { method: 'POST', headers, body: payload.body, timeoutMs: DELIVERY_TIMEOUT_MS, maxBytes: 64 * 1024 },
        { allowPrivate: this.deps.config.allowPrivateUrls },
      );
      status = response.status;
      response.body.resume();
    } catch (error) {
      // A refused address stays refused: retrying cannot help.
      if (error instanceof UrlGuardError && /private|not a valid URL|only http/.test(error.message))
        return { status: 'FAILED', errors: [{ message: error.message }] };
      throw error;
    }
    if (status < 200 || status >= 300)
      throw new Error(`webhook ${hook.id}: ${hook.url} answered HTTP ${status}`);
    return { result: { status } };
  }

  private readonly maskUrl = (mask: MaskAnnotation): string | undefined => {
    if (mask.source.type !== 'blob') return mask.source.type === 'uri' ? mask.source.uri : undefined;
    const origin = this.deps.config.publicUrl ?? `http://${this.deps.config.host}:${this.deps.config.port}`;
    return origin + this.deps.signer.sign({ key: mask.source.key }, PAYLOAD_URL_TTL);
  };

  private checkTopics(
    topics: readonly string[],
    field: string,
    vocabulary: TopicVocabulary = 'labelbox',
  ): string[] {
    const known: readonly string[] = vocabulary === 'labelbox' ? WEBHOOK_TOPICS : LS_ACTION_NAMES;
    if (topics.length === 0) throw invalid(field, 'must name at least one topic');
    const bad = topics.find((t) => !known.includes(t));
    if (bad !== undefined) throw invalid(field, `"${bad}" is not one of ${known.join(', ')}`);
    return [...new Set(topics)];
  }

  private async checkUrl(url: string, field: string): Promise<string> {
    try {
      await assertPublicUrl(url, { allowPrivate: this.deps.config.allowPrivateUrls });
      return url; // as given: the SDK compares it with what it sent
    } catch (error) {
      if (error instanceof UrlGuardError) throw invalid(field, error.message);
      throw error;
    }
  }
}
