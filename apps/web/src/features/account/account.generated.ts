// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from '../../api/typed-document.ts';

export type MyApiKeysQuery = {
  myApiKeys: Array<{
    id: string;
    name: string;
    prefix: string;
    createdAt: string;
    lastUsedAt: string | null;
    revokedAt: string | null;
  }>;
};
export type MyApiKeysQueryVariables = Record<string, never>;
export const MyApiKeysQuery: TypedDocument<MyApiKeysQuery, MyApiKeysQueryVariables> = {
  operationName: 'MyApiKeys',
  source: "query MyApiKeys {\n  myApiKeys {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n}",
};

export type CreateMyApiKeyMutation = {
  createMyApiKey: {
    key: string;
    apiKey: {
      id: string;
      name: string;
    };
  };
};
export type CreateMyApiKeyMutationVariables = {
  name: string;
};
export const CreateMyApiKeyMutation: TypedDocument<CreateMyApiKeyMutation, CreateMyApiKeyMutationVariables> = {
  operationName: 'CreateMyApiKey',
  source: "mutation CreateMyApiKey($name: String!) {\n  createMyApiKey(name: $name) {\n    key\n    apiKey {\n      id\n      name\n    }\n  }\n}",
};

export type RevokeMyApiKeyMutation = {
  revokeMyApiKey: boolean;
};
export type RevokeMyApiKeyMutationVariables = {
  id: string;
};
export const RevokeMyApiKeyMutation: TypedDocument<RevokeMyApiKeyMutation, RevokeMyApiKeyMutationVariables> = {
  operationName: 'RevokeMyApiKey',
  source: "mutation RevokeMyApiKey($id: ID!) {\n  revokeMyApiKey(id: $id)\n}",
};
