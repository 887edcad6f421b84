import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import type { AppContext } from '../../http/app-context.ts';
import { LabelStudioRepository } from '../../repositories/label-studio.repository.ts';
import type { UserRow } from '../../repositories/identity.repository.ts';
import { lsValidation } from '../../services/label-studio/project.service.ts';
import { pathId } from './envelope.ts';
import { actorOf, bodyOf, lsIdsFor, lsRoute } from './routes.ts';

const PAGE = 1000;
/** The most users one list answers (an organization larger than this pages through GraphQL). */
const MAX_USERS = 10_000;

const MAX_NAME_PART = 256;

/**
 * The name a `PATCH /api/users/{id}/` or `/api/current-user` body asks for (`first_name`, `last_name`, each at most
 * 256 characters as in Label Studio), or null when it changes neither. Email and username are the user's email
 * here: a different one is refused rather than ignored; the other profile fields (phone, avatar…) are not kept.
 */
export function lsRenamed(body: Record<string, unknown>, user: UserRow): string | null {
  const [first = '', ...rest] = user.name.split(' ');
  const part = (field: 'first_name' | 'last_name', current: string): string => {
    const v = body[field];
    if (v === undefined || v === null) return current;
    if (typeof v !== 'string') throw lsValidation(field, 'Not a valid string.');
    if (v.length > MAX_NAME_PART)
      throw lsValidation(field, `Ensure this field has no more than ${MAX_NAME_PART} characters.`);
    return v.trim();
  };
  for (const field of ['email', 'username'] as const) {
    const v = body[field];
    if (v !== undefined && v !== null && v !== user.email)
      throw lsValidation(field, `Changing the ${field} is not supported; it is the sign-in email.`);
  }
  if (body.first_name === undefined && body.last_name === undefined) return null;
  return [part('first_name', first), part('last_name', rest.join(' '))].filter(Boolean).join(' ');
}

/**
 * `/api/users/` (bare array) and `/api/users/{id}/` (get; delete removes the member from the organization, as the
 * members page does): the organization's users in Label Studio's user shape, with their integer ids.
 */
export function registerLsUserRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { identity, members } = ctx.services;
  const refs = new LabelStudioRepository(ctx.database.db);
  const json = async (actor: Actor, users: UserRow[]) => {
    const ids = await lsIdsFor(
      ctx,
      actor,
      [],
      users.map((u) => u.id),
    );
    return users.map((u) => {
      const [first, ...rest] = u.name.split(' ');
      return {
        id: ids.users.get(u.id),
        graphql_id: u.id,
        username: u.email,
        email: u.email,
        first_name: first ?? '',
        last_name: rest.join(' '),
        avatar: null,
        initials: u.name.slice(0, 2).toUpperCase(),
        phone: '',
        active_organization: ids.organization,
        allow_newsletters: false,
        date_joined: u.created_at,
        last_activity: u.updated_at,
        role: u.role,
      };
    });
  };
  const find = async (actor: Actor, id: unknown) => {
    const lsId = pathId(id, 'User');
    const ref = await refs.findByLsId(actor.organizationId, 'user', lsId);
    if (!ref) throw notFound('User', String(lsId));
    return identity.getUser(actor, ref.ref_id);
  };

  lsRoute(app, 'GET', '/api/users', async (request) => {
    const actor = actorOf(request);
    const users: UserRow[] = [];
    for (let skip = 0; skip < MAX_USERS; skip += PAGE) {
      const page = await identity.listUsers(actor, { skip, first: PAGE });
      users.push(...page);
      if (page.length < PAGE) break;
    }
    return json(actor, users);
  });

  lsRoute(app, 'GET', '/api/users/:id', async (request) => {
    const actor = actorOf(request);
    return (await json(actor, [await find(actor, (request.params as { id: string }).id)]))[0];
  });

  lsRoute(app, ['PATCH', 'PUT'], '/api/users/:id', async (request) => {
    const actor = actorOf(request);
    const user = await find(actor, (request.params as { id: string }).id);
    const name = lsRenamed(bodyOf(request), user);
    const updated = name === null ? user : await members.rename(actor, user.id, name);
    return (await json(actor, [updated]))[0];
  });

  lsRoute(app, 'DELETE', '/api/users/:id', async (request, reply) => {
    const actor = actorOf(request);
    const user = await find(actor, (request.params as { id: string }).id);
    await members.removeUser(actor, user.id);
    return reply.code(204).send();
  });
}
