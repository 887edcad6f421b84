import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * The Label Studio face's own state. Its clients address projects, tasks, annotations and predictions by stable
 * integers, so `ls_refs` gives each record an integer id (`ls_id`, allocated by the database) beside its own text
 * id, plus what only this face has: a project's label config as written and its LS-only settings, a task's `data`
 * dict and `meta`. Personal access tokens are JWTs; `ls_tokens` lists them by `jti` so they can be blacklisted.
 * `ls_imports` remembers each import request's body hash and the tasks it made, so a retried POST creates nothing
 * twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('ls_refs')
    .addColumn('ls_id', postgres ? 'bigserial' : 'integer', (c) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('kind', 'text', (c) => c.notNull()) // project | task | annotation | prediction
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ls_refs_ref_idx')
    .on('ls_refs')
    .columns(['kind', 'ref_id', 'project_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('ls_refs_project_idx')
    .on('ls_refs')
    .columns(['kind', 'project_id', 'ls_id'])
    .execute();

  await db.schema
    .createTable('ls_tokens')
    .addColumn('jti', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('blacklisted_at', 'text')
    .execute();
  await db.schema.createIndex('ls_tokens_user_idx').on('ls_tokens').columns(['user_id']).execute();

  await db.schema
    .createTable('ls_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ls_imports_hash_idx')
    .on('ls_imports')
    .columns(['project_id', 'body_hash'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ls_imports').execute();
  await db.schema.dropTable('ls_tokens').execute();
  await db.schema.dropTable('ls_refs').execute();
}
