// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from '../../api/typed-document.ts';
import type { WebhookCreateInput, WebhookStatus, WebhookTopic } from '../../api/schema.ts';

export type OrganizationWebhooksQuery = {
  organization: {
    id: string;
    webhooks: Array<{
      id: string;
      url: string;
      topics: Array<WebhookTopic>;
      status: WebhookStatus;
      createdAt: string;
      project: {
        id: string;
        name: string;
      } | null;
    }>;
  } | null;
};
export type OrganizationWebhooksQueryVariables = Record<string, never>;
export const OrganizationWebhooksQuery: TypedDocument<OrganizationWebhooksQuery, OrganizationWebhooksQueryVariables> = {
  operationName: 'OrganizationWebhooks',
  source: "query OrganizationWebhooks {\n  organization {\n    id\n    webhooks(first: 100) {\n      id\n      url\n      topics\n      status\n      createdAt\n      project {\n        id\n        name\n      }\n    }\n  }\n}",
};

export type WebhookDeliveriesQuery = {
  webhook: {
    id: string;
    url: string;
    deliveries: Array<{
      id: string;
      topic: WebhookTopic;
      status: string;
      attempts: number;
      responseStatus: number | null;
      error: string | null;
      createdAt: string;
      finishedAt: string | null;
    }>;
  } | null;
};
export type WebhookDeliveriesQueryVariables = {
  id: string;
};
export const WebhookDeliveriesQuery: TypedDocument<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables> = {
  operationName: 'WebhookDeliveries',
  source: "query WebhookDeliveries($id: ID!) {\n  webhook(where: {id: $id}) {\n    id\n    url\n    deliveries(first: 30) {\n      id\n      topic\n      status\n      attempts\n      responseStatus\n      error\n      createdAt\n      finishedAt\n    }\n  }\n}",
};

export type CreateWebhookMutation = {
  createWebhook: {
    id: string;
  };
};
export type CreateWebhookMutationVariables = {
  data: WebhookCreateInput;
};
export const CreateWebhookMutation: TypedDocument<CreateWebhookMutation, CreateWebhookMutationVariables> = {
  operationName: 'CreateWebhook',
  source: "mutation CreateWebhook($data: WebhookCreateInput!) {\n  createWebhook(data: $data) {\n    id\n  }\n}",
};

export type SetWebhookStatusMutation = {
  updateWebhook: {
    id: string;
    status: WebhookStatus;
  };
};
export type SetWebhookStatusMutationVariables = {
  id: string;
  status: WebhookStatus;
};
export const SetWebhookStatusMutation: TypedDocument<SetWebhookStatusMutation, SetWebhookStatusMutationVariables> = {
  operationName: 'SetWebhookStatus',
  source: "mutation SetWebhookStatus($id: ID!, $status: WebhookStatus!) {\n  updateWebhook(where: {id: $id}, data: {status: $status}) {\n    id\n    status\n  }\n}",
};

export type WebhookProjectChoicesQuery = {
  projects: Array<{
    id: string;
    name: string;
  }>;
};
export type WebhookProjectChoicesQueryVariables = Record<string, never>;
export const WebhookProjectChoicesQuery: TypedDocument<WebhookProjectChoicesQuery, WebhookProjectChoicesQueryVariables> = {
  operationName: 'WebhookProjectChoices',
  source: "query WebhookProjectChoices {\n  projects(first: 100) {\n    id\n    name\n  }\n}",
};
