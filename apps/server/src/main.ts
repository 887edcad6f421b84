import { closeAppContext, createAppContext } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { buildApp } from './http/app.ts';

/** `npm start` / `labelyard serve`: migrate, listen, run the job worker; stop cleanly on SIGINT/SIGTERM. */
export async function serve(): Promise<void> {
  const config = loadConfig();
  const ctx = await createAppContext({ config });
  const app = await buildApp(ctx);
  const address = await app.listen({ port: config.port, host: config.host });
  ctx.jobs.start();
  ctx.logger.info(
    { database: ctx.database.where, dataDir: config.dataDir, redis: config.redisUrl ? 'on' : 'off' },
    `Labelyard listening on ${address} (GraphQL: ${address}/graphql)`,
  );
  const shutdown = async (signal: string) => {
    ctx.logger.info(`${signal}: shutting down`);
    await app.close();
    await closeAppContext(ctx);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
