import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * PostgreSQL: `data_rows.dataset_id` is checked once per insert statement instead of once per row. The foreign key
 * ran its check (`select 1 from datasets … for key share`, an RI trigger) for every inserted row: 35–40 % of the
 * server's CPU in a bulk COPY. Data rows are inserted only through `DataRowRepository.insertRows`, which now takes
 * the same lock on the datasets of its rows once and refuses a dataset that does not exist. The other half of the
 * foreign key — a dataset that has data rows cannot be deleted or change its id — is this trigger: it runs after
 * the dataset row is locked (a delete waits for inserts still holding their lock) and reads with a fresh snapshot,
 * so it also sees rows committed meanwhile, as the foreign key's own check does under READ COMMITTED.
 * Dropping a constraint and adding a trigger change the catalog only: cheap on a table of any size.
 * SQLite keeps its foreign key: it checks it in process at a few percent of an insert, and dropping it would mean
 * rebuilding the table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const { rows } = await sql<{ name: string }>`select conname as name from pg_constraint
    where conrelid = 'data_rows'::regclass and confrelid = 'datasets'::regclass and contype = 'f'`.execute(
    db,
  );
  for (const { name } of rows) await sql`alter table data_rows drop constraint ${sql.id(name)}`.execute(db);
  await sql`create function datasets_keep_data_rows() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and new.id = old.id then return null; end if;
      if exists (select 1 from data_rows where dataset_id = old.id) then
        raise foreign_key_violation using
          message = 'update or delete on table "datasets" violates foreign key constraint "data_rows_dataset_id_fkey" on table "data_rows"',
          detail = format('Key (id)=(%s) is still referenced from table "data_rows".', old.id);
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger datasets_keep_data_rows after delete or update of id on datasets for each row
    execute function datasets_keep_data_rows()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop trigger if exists datasets_keep_data_rows on datasets`.execute(db);
  await sql`drop function if exists datasets_keep_data_rows()`.execute(db);
  await sql`alter table data_rows add constraint data_rows_dataset_id_fkey foreign key (dataset_id)
    references datasets (id)`.execute(db);
}
