import pino from 'pino';
import { createAppContext } from '../../apps/server/src/bootstrap.ts';
import type { Config } from '../../apps/server/src/config.ts';
import type { DatabaseHandle } from '../../apps/server/src/db/connect.ts';
import type { AppContext } from '../../apps/server/src/http/app-context.ts';
import type { Actor } from '../../apps/server/src/auth/actor.ts';

type Ensured = Awaited<ReturnType<AppContext['services']['identity']['ensureUser']>>;

export type BenchContext = {
  ctx: AppContext;
  /** The benchmark's admin, `bench@example.com` in organization `bench`. */
  actor: Actor;
  user: Ensured['user'];
  organization: Ensured['organization'];
};

/** A real app context with silent logs on `database`, and the admin every benchmark acts as. */
export async function benchContext(config: Config, database: DatabaseHandle): Promise<BenchContext> {
  const ctx = await createAppContext({ config, database, logger: pino({ level: 'silent' }) });
  const { user, organization } = await ctx.services.identity.ensureUser({
    email: 'bench@example.com',
    org: 'bench',
  });
  const actor: Actor = { organizationId: organization.id, userId: user.id, role: 'ADMIN', email: user.email };
  return { ctx, actor, user, organization };
}
