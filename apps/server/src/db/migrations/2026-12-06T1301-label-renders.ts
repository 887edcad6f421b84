import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Labels' export v2 `annotations`, rendered once (at write time, or by the first export that needs them) so an
 * export writes each label by splicing the stored text instead of parsing, converting and re-serialising it.
 * A render is only for the label content it was made from: the database drops it whenever the label's content is
 * written or the label is deleted (triggers, whatever code path writes), and readers also match the label's
 * `updated_at`, the data row's media type and the renderer version. Nothing that differs per export (signed mask
 * URLs, a text's tokens) is ever stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('label_renders')
    .addColumn('label_id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('media_type', 'text')
    .addColumn('label_updated_at', 'text', (c) => c.notNull())
    .addColumn('annotations', 'text', (c) => c.notNull())
    .execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function label_renders_drop() returns trigger language plpgsql as $$
      begin
        delete from label_renders where label_id = old.id;
        return null;
      end $$`.execute(db);
    await sql`create trigger label_renders_on_content after update of content on labels for each row
      execute function label_renders_drop()`.execute(db);
    await sql`create trigger label_renders_on_delete after delete on labels for each row
      execute function label_renders_drop()`.execute(db);
  } else {
    await sql`create trigger label_renders_on_content after update of content on labels begin
      delete from label_renders where label_id = old.id;
    end`.execute(db);
    await sql`create trigger label_renders_on_delete after delete on labels begin
      delete from label_renders where label_id = old.id;
    end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const name of ['label_renders_on_content', 'label_renders_on_delete'])
    await sql`drop trigger if exists ${sql.raw(name)}${sql.raw(postgres ? ' on labels' : '')}`.execute(db);
  if (postgres) await sql`drop function if exists label_renders_drop()`.execute(db);
  await db.schema.dropTable('label_renders').execute();
}
