// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from '../../api/typed-document.ts';

export type OrganizationMembersQuery = {
  users: Array<{
    id: string;
    email: string;
    name: string;
    createdAt: string;
    role: {
      id: string;
      name: string;
    };
  }>;
};
export type OrganizationMembersQueryVariables = {
  skip?: number | null;
};
export const OrganizationMembersQuery: TypedDocument<OrganizationMembersQuery, OrganizationMembersQueryVariables> = {
  operationName: 'OrganizationMembers',
  source: "query OrganizationMembers($skip: Int) {\n  users(first: 100, skip: $skip) {\n    id\n    email\n    name\n    createdAt\n    role {\n      id\n      name\n    }\n  }\n}",
};
