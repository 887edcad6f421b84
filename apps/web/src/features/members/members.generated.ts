// GENERATED FILE — do not edit. Made by `npm run generate` (scripts/web-operations.ts).

import type { TypedDocument } from '../../api/typed-document.ts';
import type { CreateInviteInput } from '../../api/schema.ts';

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
  roles: Array<{
    id: string;
    name: string;
  }>;
  projects: Array<{
    id: string;
    name: string;
  }>;
};
export type OrganizationMembersQueryVariables = {
  skip?: number | null;
};
export const OrganizationMembersQuery: TypedDocument<OrganizationMembersQuery, OrganizationMembersQueryVariables> = {
  operationName: 'OrganizationMembers',
  source: "query OrganizationMembers($skip: Int) {\n  users(first: 100, skip: $skip) {\n    id\n    email\n    name\n    createdAt\n    role {\n      id\n      name\n    }\n  }\n  roles {\n    id\n    name\n  }\n  projects(first: 100) {\n    id\n    name\n  }\n}",
};

export type MemberProjectRolesQuery = {
  projectMemberships: Array<{
    userId: string;
    projectId: string;
    projectName: string;
    role: {
      id: string;
      name: string;
    };
  }>;
};
export type MemberProjectRolesQueryVariables = {
  userIds: Array<string>;
};
export const MemberProjectRolesQuery: TypedDocument<MemberProjectRolesQuery, MemberProjectRolesQueryVariables> = {
  operationName: 'MemberProjectRoles',
  source: "query MemberProjectRoles($userIds: [ID!]!) {\n  projectMemberships(userIds: $userIds) {\n    userId\n    projectId\n    projectName\n    role {\n      id\n      name\n    }\n  }\n}",
};

export type PendingInvitesQuery = {
  invites: Array<{
    id: string;
    inviteeEmail: string;
    organizationRoleName: string;
    createdAt: string;
    expiresAt: string;
    projectInvites: Array<{
      projectId: string;
      projectRoleName: string;
    }>;
  }>;
};
export type PendingInvitesQueryVariables = Record<string, never>;
export const PendingInvitesQuery: TypedDocument<PendingInvitesQuery, PendingInvitesQueryVariables> = {
  operationName: 'PendingInvites',
  source: "query PendingInvites {\n  invites(status: \"PENDING\") {\n    id\n    inviteeEmail\n    organizationRoleName\n    createdAt\n    expiresAt\n    projectInvites {\n      projectId\n      projectRoleName\n    }\n  }\n}",
};

export type InviteMemberMutation = {
  createInvites: Array<{
    invite: {
      id: string;
      inviteeEmail: string;
      acceptToken: string | null;
    } | null;
  }>;
};
export type InviteMemberMutationVariables = {
  data?: Array<CreateInviteInput> | null;
};
export const InviteMemberMutation: TypedDocument<InviteMemberMutation, InviteMemberMutationVariables> = {
  operationName: 'InviteMember',
  source: "mutation InviteMember($data: [CreateInviteInput!]) {\n  createInvites(data: $data) {\n    invite {\n      id\n      inviteeEmail\n      acceptToken\n    }\n  }\n}",
};

export type RenewInviteLinkMutation = {
  renewInviteLink: {
    id: string;
    inviteeEmail: string;
    acceptToken: string | null;
  };
};
export type RenewInviteLinkMutationVariables = {
  id: string;
};
export const RenewInviteLinkMutation: TypedDocument<RenewInviteLinkMutation, RenewInviteLinkMutationVariables> = {
  operationName: 'RenewInviteLink',
  source: "mutation RenewInviteLink($id: ID!) {\n  renewInviteLink(id: $id) {\n    id\n    inviteeEmail\n    acceptToken\n  }\n}",
};

export type RevokeInviteMutation = {
  revokeInvite: {
    id: string;
    status: string;
  };
};
export type RevokeInviteMutationVariables = {
  id: string;
};
export const RevokeInviteMutation: TypedDocument<RevokeInviteMutation, RevokeInviteMutationVariables> = {
  operationName: 'RevokeInvite',
  source: "mutation RevokeInvite($id: ID!) {\n  revokeInvite(id: $id) {\n    id\n    status\n  }\n}",
};

export type SetMemberOrgRoleMutation = {
  setOrganizationRole: {
    id: string;
  };
};
export type SetMemberOrgRoleMutationVariables = {
  userId: string;
  roleId: string;
};
export const SetMemberOrgRoleMutation: TypedDocument<SetMemberOrgRoleMutation, SetMemberOrgRoleMutationVariables> = {
  operationName: 'SetMemberOrgRole',
  source: "mutation SetMemberOrgRole($userId: ID!, $roleId: ID!) {\n  setOrganizationRole(data: {userId: $userId, roleId: $roleId}) {\n    id\n  }\n}",
};

export type SetMemberProjectRoleMutation = {
  setProjectMembership: {
    id: string;
  };
};
export type SetMemberProjectRoleMutationVariables = {
  userId: string;
  projectId: string;
  roleId: string;
};
export const SetMemberProjectRoleMutation: TypedDocument<SetMemberProjectRoleMutation, SetMemberProjectRoleMutationVariables> = {
  operationName: 'SetMemberProjectRole',
  source: "mutation SetMemberProjectRole($userId: ID!, $projectId: ID!, $roleId: ID!) {\n  setProjectMembership(\n    data: {userId: $userId, projectId: $projectId, roleId: $roleId}\n  ) {\n    id\n  }\n}",
};

export type RemoveMemberMutation = {
  updateUser: {
    id: string;
    deleted: boolean;
  };
};
export type RemoveMemberMutationVariables = {
  userId: string;
};
export const RemoveMemberMutation: TypedDocument<RemoveMemberMutation, RemoveMemberMutationVariables> = {
  operationName: 'RemoveMember',
  source: "mutation RemoveMember($userId: ID!) {\n  updateUser(where: {id: $userId}, data: {deleted: true}) {\n    id\n    deleted\n  }\n}",
};
