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

export type MyLabelStudioTokensQuery = {
  myLabelStudioTokens: Array<{
    id: string;
    createdAt: string;
    expiresAt: string;
  }>;
};
export type MyLabelStudioTokensQueryVariables = Record<string, never>;
export const MyLabelStudioTokensQuery: TypedDocument<MyLabelStudioTokensQuery, MyLabelStudioTokensQueryVariables> = {
  operationName: 'MyLabelStudioTokens',
  source: "query MyLabelStudioTokens {\n  myLabelStudioTokens {\n    id\n    createdAt\n    expiresAt\n  }\n}",
};

export type CreateMyLabelStudioTokenMutation = {
  createMyLabelStudioToken: string;
};
export type CreateMyLabelStudioTokenMutationVariables = Record<string, never>;
export const CreateMyLabelStudioTokenMutation: TypedDocument<CreateMyLabelStudioTokenMutation, CreateMyLabelStudioTokenMutationVariables> = {
  operationName: 'CreateMyLabelStudioToken',
  source: "mutation CreateMyLabelStudioToken {\n  createMyLabelStudioToken\n}",
};

export type RevokeMyLabelStudioTokenMutation = {
  revokeMyLabelStudioToken: boolean;
};
export type RevokeMyLabelStudioTokenMutationVariables = {
  id: string;
};
export const RevokeMyLabelStudioTokenMutation: TypedDocument<RevokeMyLabelStudioTokenMutation, RevokeMyLabelStudioTokenMutationVariables> = {
  operationName: 'RevokeMyLabelStudioToken',
  source: "mutation RevokeMyLabelStudioToken($id: ID!) {\n  revokeMyLabelStudioToken(id: $id)\n}",
};
