import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  UserGroupRepository,
  type GroupMember,
  type GroupProject,
  type UserGroupRow,
} from '../repositories/user-group.repository.ts';
import { nowIso } from '../time.ts';
import { hexColor } from './hex-color.ts';

/** A group as the API shows it: its members and projects with their counts. */
export type UserGroupView = UserGroupRow & { members: GroupMember[]; projects: GroupProject[] };

export type UserGroupInput = {
  name?: unknown;
  color?: unknown;
  userIds?: unknown;
  projectIds?: unknown;
};

const MAX_IDS = 10_000;
const MAX_NAME = 255;

/**
 * User groups: named sets of users and projects (Labelbox SDK `UserGroup`). Project-based users of a group work in
 * its projects as labelers (MemberRepository reads the groups when it resolves project roles).
 */
export class UserGroupService {
  private readonly repo: UserGroupRepository;

  constructor(db: Db) {
    this.repo = new UserGroupRepository(db);
  }

  async get(actor: Actor, id: string): Promise<UserGroupView> {
    const row = await this.repo.get(actor.organizationId, id);
    if (!row) throw notFound('User group', id);
    return (await this.views([row]))[0]!;
  }

  async list(
    actor: Actor,
    after: string | null,
    first: number,
  ): Promise<{ nodes: UserGroupView[]; nextCursor: string | null }> {
    const rows = await this.repo.list(actor.organizationId, after, first + 1);
    const page = rows.slice(0, first);
    return {
      nodes: await this.views(page),
      nextCursor: rows.length > first ? page[page.length - 1]!.id : null,
    };
  }

  async create(actor: Actor, input: UserGroupInput): Promise<UserGroupView> {
    const now = nowIso();
    const fields = await this.checked(actor, input, null);
    const row: UserGroupRow = {
      id: newId(),
      organization_id: actor.organizationId,
      name: fields.name,
      color: fields.color,
      created_at: now,
      updated_at: now,
    };
    await this.repo.save(row, fields.userIds, fields.projectIds, true);
    return this.get(actor, row.id);
  }

  async update(actor: Actor, id: string, input: UserGroupInput): Promise<UserGroupView> {
    const existing = await this.repo.get(actor.organizationId, id);
    if (!existing) throw notFound('User group', id);
    const fields = await this.checked(actor, input, id);
    const row = { ...existing, name: fields.name, color: fields.color, updated_at: nowIso() };
    await this.repo.save(row, fields.userIds, fields.projectIds, false);
    return this.get(actor, id);
  }

  async delete(actor: Actor, id: string): Promise<boolean> {
    if (!(await this.repo.delete(actor.organizationId, id))) throw notFound('User group', id);
    return true;
  }

  private async checked(actor: Actor, input: UserGroupInput, id: string | null) {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '') throw invalid('data.name', 'a group name is required');
    if (name.length > MAX_NAME) throw invalid('data.name', `at most ${MAX_NAME} characters`);
    const same = await this.repo.byName(actor.organizationId, name);
    if (same && same.id !== id) throw conflict(`A user group named "${name}" already exists`, 'data.name');
    const color = hexColor(input.color, 'data.color', 'upper');
    const userIds = idList(input.userIds, 'data.userIds');
    const projectIds = idList(input.projectIds, 'data.projectIds');
    const users = await this.repo.existingUsers(actor.organizationId, userIds);
    const unknownUsers = userIds.filter((u) => !users.has(u));
    if (unknownUsers.length > 0) throw invalid('data.userIds', `no such users: ${unknownUsers.join(', ')}`);
    const projects = await this.repo.existingProjects(actor.organizationId, projectIds);
    const unknownProjects = projectIds.filter((p) => !projects.has(p));
    if (unknownProjects.length > 0)
      throw invalid('data.projectIds', `no such projects: ${unknownProjects.join(', ')}`);
    return { name, color, userIds, projectIds };
  }

  private async views(rows: UserGroupRow[]): Promise<UserGroupView[]> {
    const ids = rows.map((r) => r.id);
    const [members, projects] = await Promise.all([this.repo.members(ids), this.repo.projects(ids)]);
    return rows.map((row) => ({
      ...row,
      members: members.filter((m) => m.group_id === row.id),
      projects: projects.filter((p) => p.group_id === row.id),
    }));
  }
}

function idList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0))
    throw invalid(field, 'must be a list of ids');
  if (value.length > MAX_IDS) throw invalid(field, `at most ${MAX_IDS} ids`);
  return [...new Set(value as string[])];
}
