import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { closeAppContext, createAppContext } from '../src/bootstrap.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { connectPostgres, connectSqlite, type DatabaseHandle } from '../src/db/connect.ts';
import type { Dialect } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { AppContext } from '../src/http/app-context.ts';
import { buildApp } from '../src/http/app.ts';
import { newId } from '../src/ids.ts';
import type { Actor } from '../src/auth/actor.ts';

/** Dialects to run database tests on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const dialects: Dialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
/** The dialect the HTTP (GraphQL) tests run on: PostgreSQL in the CI run that sets TEST_DATABASE_URL. */
export const httpDialect: Dialect = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';

export function tempDir(prefix = 'labelyard-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh, migrated, empty database; closing it drops it (PostgreSQL) or deletes it (SQLite). */
export async function createTestDatabase(dialect: Dialect): Promise<DatabaseHandle> {
  if (dialect === 'sqlite') {
    const dir = tempDir();
    const handle = connectSqlite(path.join(dir, 'test.db'));
    await migrateToLatest(handle.db);
    return {
      ...handle,
      close: async () => {
        await handle.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `labelyard_test_${newId()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = connectPostgres(url.toString());
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const drop = new pg.Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ LOG_LEVEL: 'silent' }),
    dataDir: tempDir(),
    port: 0,
    workerConcurrency: 0,
    ...overrides,
  };
}

/** A services-level fixture: context + a user and organization to act as. */
export async function createTestContext(dialect: Dialect, overrides: Partial<Config> = {}) {
  const database = await createTestDatabase(dialect);
  const config = testConfig(overrides);
  const ctx = await createAppContext({ config, database, logger: pino({ level: 'silent' }) });
  const actor = await createActor(ctx, `admin-${newId()}@example.com`, `org-${newId()}`);
  return {
    ctx,
    actor,
    services: ctx.services,
    db: database.db,
    close: async () => {
      await closeAppContext(ctx);
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

export async function createActor(
  ctx: AppContext,
  email: string,
  org: string,
  role = 'ADMIN',
): Promise<Actor & { key: string }> {
  const { user, organization } = await ctx.services.identity.ensureUser({ email, org, role });
  const { key } = await ctx.services.identity.createApiKey(user.id, organization.id, 'test');
  return { organizationId: organization.id, userId: user.id, role: user.role as Actor['role'], email, key };
}

export type GraphQLResponse<T = any> = {
  status: number;
  headers: Headers;
  body: {
    data: T | null;
    errors?: Array<{ message: string; extensions: { code: string } & Record<string, unknown> }>;
    message?: string;
  };
};

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** A real server on an ephemeral port with a fresh database, and a caller with an API key. */
export async function startTestServer(options: { dialect?: Dialect; config?: Partial<Config> } = {}) {
  const fixture = await createTestContext(options.dialect ?? httpDialect, options.config);
  const app = await buildApp(fixture.ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const gql = async <T = any>(
    query: string,
    variables?: Record<string, unknown> | null,
    opts: { key?: string | null; path?: string } = {},
  ): Promise<GraphQLResponse<T>> => {
    const key = opts.key === undefined ? fixture.actor.key : opts.key;
    const res = await fetch(url + (opts.path ?? '/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: res.status,
      headers: res.headers,
      body: (await res.json()) as GraphQLResponse<T>['body'],
    };
  };
  /** Like `gql` but fails the test on any GraphQL error. */
  const data = async <T = any>(
    query: string,
    variables?: Record<string, unknown> | null,
    opts: { key?: string | null; path?: string } = {},
  ): Promise<T> => {
    const res = await gql<T>(query, variables, opts);
    if (res.body.errors?.length || res.body.data === null) {
      throw new Error(`GraphQL errors (HTTP ${res.status}): ${JSON.stringify(res.body.errors ?? res.body)}`);
    }
    return res.body.data;
  };
  return {
    ...fixture,
    app,
    url,
    key: fixture.actor.key,
    gql,
    data,
    close: async () => {
      // Keep-alive connections of finished downloads would hold close() open until they time out.
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
      await fixture.close();
    },
  };
}
