import type { RoleKey } from './roles.ts';

/** Who is calling: every service method takes one and scopes its queries to `organizationId`. */
export type Actor = {
  organizationId: string;
  userId: string;
  role: RoleKey;
  email: string;
};
