/** Organizations, users, API keys, web sessions, invitations, project roles and user groups. Column conventions: see ../database.ts. */

export interface OrganizationTable {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  organization_id: string;
  email: string;
  name: string;
  nickname: string | null;
  role: string;
  timezone: string | null;
  created_at: string;
  updated_at: string;
  deleted: number;
  /** `scrypt$…` (auth/passwords.ts); null for users who have never set a password (API keys only). */
  password_hash: string | null;
}

export interface ProjectMemberTable {
  project_id: string;
  user_id: string;
  organization_id: string;
  /** A role key (LABELER, REVIEWER, TEAM_MANAGER, ADMIN) for a user whose org role is NONE. */
  role: string;
  created_at: string;
  updated_at: string;
}

export interface InviteTable {
  id: string;
  organization_id: string;
  email: string;
  role: string;
  project_roles: string;
  token_hash: string;
  status: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  user_id: string | null;
}

export interface ApiKeyTable {
  id: string;
  organization_id: string;
  user_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface WebSessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  organization_id: string;
  csrf_token: string;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface ServerSecretTable {
  name: string;
  value: string;
  created_at: string;
}

export interface UserGroupTable {
  id: string;
  organization_id: string;
  name: string;
  /** Six hex digits, no `#` (the SDK's UserGroupColor values). */
  color: string;
  created_at: string;
  updated_at: string;
}

export interface UserGroupMemberTable {
  group_id: string;
  user_id: string;
}

export interface UserGroupProjectTable {
  group_id: string;
  project_id: string;
}
