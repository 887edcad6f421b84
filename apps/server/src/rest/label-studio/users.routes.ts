import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import type { AppContext } from '../../http/app-context.ts';
import { LabelStudioRepository } from '../../repositories/label-studio.repository.ts';
import type { UserRow } from '../../repositories/identity.repository.ts';
import { pathId } from './envelope.ts';
import { actorOf, lsIdsFor, lsRoute } from './routes.ts';

const PAGE = 1000;
/** The most users one list answers (an organization larger than this pages through GraphQL). */
const MAX_USERS = 10_000;

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

  lsRoute(app, 'DELETE', '/api/users/:id', async (request, reply) => {
    const actor = actorOf(request);
    const user = await find(actor, (request.params as { id: string }).id);
    await members.removeUser(actor, user.id);
    return reply.code(204).send();
  });
}
