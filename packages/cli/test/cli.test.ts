import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import pg from 'pg';
import { connectDatabase, IdentityService } from '@labelyard/server';
import { main } from '../src/main.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../bin/labelyard.js');

async function withEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (l: string) => out.push(...l.split('\n')), err: (l: string) => err.push(l) },
    out,
    err,
  };
}

async function keyWorks(env: { DATA_DIR: string; DATABASE_URL?: string | undefined }, key: string) {
  const handle = connectDatabase({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL });
  try {
    return await new IdentityService(handle.db).authenticate(key);
  } finally {
    await handle.close();
  }
}

async function exercise(env: { DATA_DIR: string; DATABASE_URL?: string | undefined }) {
  await withEnv({ ...env, LOG_LEVEL: 'silent' }, async () => {
    const created = capture();
    assert.equal(
      await main(
        ['keys', 'create', '--email', 'alice@example.com', '--org', 'Acme', '--name', 'ci'],
        created.io,
      ),
      0,
    );
    const key = created.out.at(-1)!;
    assert.match(key, /^lyk_[A-Za-z0-9_-]{43}$/);
    const actor = await keyWorks(env, key);
    assert.equal(actor?.email, 'alice@example.com');

    const second = capture();
    assert.equal(await main(['keys', 'create', '--email', 'alice@example.com'], second.io), 0);
    assert.notEqual(second.out.at(-1), key, 'every key is new');

    const listed = capture();
    assert.equal(await main(['keys', 'list'], listed.io), 0);
    const text = listed.out.join('\n');
    assert.ok(!text.includes(key), 'list never shows a key');
    assert.equal(listed.out.filter((l) => l.includes('alice@example.com')).length, 2);
    const id = listed.out[1]!.split('\t')[0]!;

    assert.equal(await main(['keys', 'revoke', id], capture().io), 0);
    assert.equal(await keyWorks(env, key), null);
    const again = capture();
    assert.equal(await main(['keys', 'revoke', id], again.io), 1);
    assert.match(again.err.join('\n'), /not found/);

    const user = capture();
    assert.equal(
      await main(
        ['users', 'create', '--email', 'bob@example.com', '--org', 'Acme', '--role', 'Team Manager'],
        user.io,
      ),
      0,
    );
    assert.match(user.out.join('\n'), /TEAM_MANAGER/);
    const bad = capture();
    assert.equal(await main(['users', 'create', '--email', 'not-an-email'], bad.io), 1);
    assert.match(bad.err.join('\n'), /email/);
    const admin = capture();
    assert.equal(
      await main(['users', 'create', '--email', 'root@example.com', '--password', 'correct horse'], admin.io),
      0,
    );
    assert.match(admin.out.join('\n'), /ADMIN/);
    const short = capture();
    assert.equal(
      await main(['users', 'create', '--email', 'x@example.com', '--password', 'short'], short.io),
      1,
    );
    assert.match(short.err.join('\n'), /password.*at least 8/);
    const handle = connectDatabase({ dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL });
    try {
      const identity = new IdentityService(handle.db);
      assert.equal(
        (await identity.verifyCredentials('ROOT@example.com', 'correct horse'))?.email,
        'root@example.com',
      );
      assert.equal(await identity.verifyCredentials('root@example.com', 'wrong horse'), null);
      assert.equal(await identity.verifyCredentials('nobody@example.com', 'correct horse'), null);
    } finally {
      await handle.close();
    }

    const labelerKey = capture();
    assert.equal(
      await main(
        ['keys', 'create', '--email', 'lab@example.com', '--org', 'Acme', '--role', 'Labeler'],
        labelerKey.io,
      ),
      0,
    );
    assert.equal((await keyWorks(env, labelerKey.out.at(-1)!))?.role, 'LABELER');
    const mismatch = capture();
    assert.equal(
      await main(['keys', 'create', '--email', 'lab@example.com', '--role', 'Admin'], mismatch.io),
      1,
    );
    assert.match(mismatch.err.join('\n'), /already exists with role LABELER/);
    assert.equal(await main(['migrate'], capture().io), 0);
  });
}

describe('labelyard CLI', () => {
  it('creates, lists and revokes keys and users on SQLite', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-cli-'));
    try {
      await exercise({ DATA_DIR: dir, DATABASE_URL: undefined });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    'works on PostgreSQL through DATABASE_URL',
    { skip: process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set' },
    async () => {
      const admin = process.env.TEST_DATABASE_URL!;
      const name = `labelyard_cli_${Date.now()}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      const url = new URL(admin);
      url.pathname = `/${name}`;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-cli-'));
      try {
        await exercise({ DATA_DIR: dir, DATABASE_URL: url.toString() });
      } finally {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('prints the key alone on the last line of stdout when run as a command', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelyard-cli-'));
    try {
      const { stdout } = await run(
        process.execPath,
        [bin, 'keys', 'create', '--email', 'carol@example.com'],
        {
          env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' },
        },
      );
      const lines = stdout.trimEnd().split('\n');
      assert.match(lines.at(-1)!, /^lyk_[A-Za-z0-9_-]{43}$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
