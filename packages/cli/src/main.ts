import { parseArgs } from 'node:util';
import {
  connectDatabase,
  IdentityService,
  loadConfig,
  migrateToLatest,
  serve,
  type DatabaseHandle,
} from '@labelyard/server';
import { exportCommand, importCommand, REMOTE_USAGE, type RemoteIo } from './remote.ts';

const USAGE = `Usage: labelyard <command> [options]

Commands:
  serve                                   start the server (same as npm start)
  migrate                                 bring the database schema up to date
  users create --email E [--password P] [--name N] [--org O] [--role R]
                                          create a user (and its organization); roles: None, Labeler,
                                          Reviewer, "Team Manager", Admin (default Admin). The first
                                          admin of a fresh install signs in to the web app with the password
                                          (at least 8 characters; stored as a scrypt hash)
  keys create --email E [--role R] [--org O] [--name KEYNAME]
                                          create an API key for the user (created with role R, default
                                          Admin, if it does not exist); the key carries the user's rights;
                                          the key is printed alone on the last line
  keys list [--org O]                     list API keys (never the keys themselves)
  keys revoke ID                          revoke an API key

The database is the server's: DATABASE_URL if set, else SQLite under DATA_DIR (default ./data).

${REMOTE_USAGE}`;

type Io = { out: (line: string) => void; err: (line: string) => void; stdout?: RemoteIo['stdout'] };
const defaultIo: Io = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  stdout: process.stdout,
};

/** Runs one CLI command; returns the exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command ? 0 : 1;
  }
  if (command === 'serve') {
    await serve();
    return 0;
  }
  if (command === 'import' || command === 'export') {
    const remote: RemoteIo = { stdout: io.stdout ?? process.stdout, err: io.err };
    try {
      return command === 'import'
        ? await importCommand(sub, rest, remote)
        : await exportCommand(sub, rest, remote);
    } catch (error) {
      io.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }
  let database: DatabaseHandle | undefined;
  try {
    const config = loadConfig();
    database = connectDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const applied = await migrateToLatest(database.db);
    const identity = new IdentityService(database.db);
    switch (command) {
      case 'migrate':
        io.out(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
        return 0;
      case 'users':
        return await usersCommand(identity, sub, rest, io);
      case 'keys':
        return await keysCommand(identity, sub, rest, io);
      default:
        io.err(`Unknown command "${command}".\n\n${USAGE}`);
        return 1;
    }
  } catch (error) {
    io.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database?.close();
  }
}

async function usersCommand(
  identity: IdentityService,
  sub: string | undefined,
  args: string[],
  io: Io,
): Promise<number> {
  if (sub !== 'create') {
    io.err('Usage: labelyard users create --email E [--password P] [--name N] [--org O] [--role R]');
    return 1;
  }
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
    },
  });
  if (!values.email) throw new TypeError('--email is required');
  const { user, organization, created } = await identity.ensureUser({
    email: values.email,
    name: values.name,
    org: values.org,
    role: values.role,
    password: values.password,
  });
  io.out(
    `${created ? 'Created' : 'Exists'}: user ${user.email} (${user.id}, ${user.role}) in organization "${organization.name}" (${organization.id})`,
  );
  return 0;
}

async function keysCommand(
  identity: IdentityService,
  sub: string | undefined,
  args: string[],
  io: Io,
): Promise<number> {
  switch (sub) {
    case 'create': {
      const { values } = parseArgs({
        args,
        options: {
          email: { type: 'string' },
          org: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string' },
        },
      });
      if (!values.email) throw new TypeError('--email is required');
      const { user, organization } = await identity.ensureUser({
        email: values.email,
        org: values.org,
        role: values.role,
      });
      const { id, key } = await identity.createApiKey(user.id, organization.id, values.name ?? 'default');
      io.out(
        `Created API key ${id} for ${user.email} in organization "${organization.name}". It is shown once:`,
      );
      io.out(key);
      return 0;
    }
    case 'list': {
      const { values } = parseArgs({ args, options: { org: { type: 'string' } } });
      const keys = await identity.listApiKeys();
      const rows = keys.filter((k) => !values.org || k.organization === values.org);
      io.out(['ID', 'NAME', 'PREFIX', 'USER', 'ORGANIZATION', 'CREATED', 'LAST USED', 'STATUS'].join('\t'));
      for (const k of rows) {
        io.out(
          [
            k.id,
            k.name,
            `${k.key_prefix}…`,
            k.email,
            k.organization,
            k.created_at,
            k.last_used_at ?? '-',
            k.revoked_at ? 'revoked' : 'active',
          ].join('\t'),
        );
      }
      return 0;
    }
    case 'revoke': {
      const id = args[0];
      if (!id) throw new TypeError('Usage: labelyard keys revoke ID');
      await identity.revokeApiKey(id);
      io.out(`Revoked API key ${id}`);
      return 0;
    }
    case undefined:
    default:
      io.err('Usage: labelyard keys create|list|revoke');
      return 1;
  }
}
