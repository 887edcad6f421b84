import type { WebhookService } from '../services/webhook.service.ts';
import type { JobHandler } from './job-queue.ts';

export { WEBHOOK_DELIVERY_JOB } from '../services/webhook.service.ts';

/**
 * `webhook-delivery`: one signed POST of one event to one webhook. A thrown error (non-2xx, timeout, connection
 * refused) makes the queue retry with exponential backoff; the delivery id stays the same across attempts so
 * receivers can drop duplicates.
 */
export function webhookDeliveryJob(webhooks: WebhookService): JobHandler {
  return (ctx) => webhooks.deliver(ctx);
}
