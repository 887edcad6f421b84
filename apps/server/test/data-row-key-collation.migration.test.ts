import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { down, up } from '../src/db/migrations/2026-12-08T0101-data-row-key-collation.ts';
import { DataRowRepository } from '../src/repositories/data-row.repository.ts';
import { createTestContext, dialects } from './harness.ts';

/** Keys that sort differently under byte order and most linguistic collations, and differ only by case. */
const KEYS = ['b', 'B', 'a', 'A', 'é', 'e', 'Z', '_x', '-x', 'x y', '10', '9', 'ß', 'ss', '😀', 'Ω'];

/**
 * Migration 2026-12-08T0101: data rows' global keys and external ids compare in byte order on PostgreSQL when the
 * database already sorts that way; keys stay unique, lookups find exactly their rows through the indexes, and lists
 * ordered by either column keep their order.
 */
for (const dialect of dialects) {
  describe(`migration 2026-12-08T0101: data-row key collation (${dialect})`, () => {
    async function setup() {
      const sut = await createTestContext(dialect);
      const dataset = await sut.services.datasets.create(sut.actor, { name: 'keys' });
      const importer = await sut.services.dataRowImports.importer(sut.actor);
      const item = (key: string) => ({
        id: { type: 'AUTO', value: '' },
        payload: {
          row_data: `https://example.com/${key}.jpg`,
          global_key: key,
          external_id: key,
          dataset_id: dataset.id,
        },
      });
      const ordered = async (column: 'global_key' | 'external_id') =>
        (
          await sut.db
            .selectFrom('data_rows')
            .select(column)
            .where('dataset_id', '=', dataset.id)
            .orderBy(column)
            .orderBy('id')
            .execute()
        ).map((r) => r[column]);
      return { sut, dataset, importer, item, ordered, repo: new DataRowRepository(sut.db, dialect) };
    }

    it('keeps global keys unique (case-sensitive) and finds rows by global key and external id', async () => {
      const { sut, importer, item, repo } = await setup();
      try {
        const first = await importer.importBatch([...KEYS.map(item), item('a')]);
        assert.equal(first.successes.length, KEYS.length);
        assert.deepEqual(
          first.failures.map((f) => f.message),
          ["Duplicate global key: 'a'"],
        );
        // Taken keys again, in a later transaction (PostgreSQL: the COPY fails on the unique index and is redone).
        const again = await importer.importBatch([item('A'), item('Ω'), item('new')]);
        assert.equal(again.successes.length, 1);
        assert.deepEqual(
          again.failures.map((f) => f.message),
          ["Duplicate global key: 'A'", "Duplicate global key: 'Ω'"],
        );

        const byKey = await repo.findByGlobalKeys(sut.actor.organizationId, ['A', 'é', 'E', 'ss', 'missing']);
        assert.deepEqual(byKey.map((r) => r.global_key).sort(), ['A', 'ss', 'é']);
        const byExternal = await repo.idsByExternalIds(sut.actor.organizationId, ['b', '😀', 'SS']);
        assert.deepEqual(byExternal.map((r) => r.external_id).sort(), ['b', '😀']);
      } finally {
        await sut.close();
      }
    });

    it('orders rows by global key and by external id as before the migration', async () => {
      const { sut, importer, item, ordered } = await setup();
      try {
        await importer.importBatch(KEYS.map(item));
        const after = [await ordered('global_key'), await ordered('external_id')];
        await down(sut.db as never);
        const before = [await ordered('global_key'), await ordered('external_id')];
        await up(sut.db as never);
        assert.deepEqual(after, before);
        assert.deepEqual([await ordered('global_key'), await ordered('external_id')], before);
        assert.equal(before[0]!.length, KEYS.length);
      } finally {
        await sut.close();
      }
    });

    if (dialect === 'postgres') {
      it('collates both columns as "C" when the database sorts as bytes (down: the default), lookups use the indexes', async () => {
        const { sut, importer, item } = await setup();
        try {
          await importer.importBatch(KEYS.map(item));
          const { rows } = await sql<{ collate: string }>`select datcollate as collate from pg_database
            where datname = current_database()`.execute(sut.db);
          const byteOrder = ['C', 'POSIX', 'C.UTF-8', 'C.utf8'].includes(rows[0]!.collate);
          const collations = async () =>
            (
              await sql<{ name: string; collation: string | null }>`select column_name as name,
                collation_name as collation from information_schema.columns where table_name = 'data_rows'
                and column_name in ('external_id', 'global_key') order by column_name`.execute(sut.db)
            ).rows.map((r) => `${r.name}:${r.collation ?? 'default'}`);
          assert.deepEqual(
            await collations(),
            byteOrder ? ['external_id:C', 'global_key:C'] : ['external_id:default', 'global_key:default'],
          );
          // Each lookup with the other key's index out of the way (dropped in a transaction rolled back).
          const plans = await sut.db.connection().execute(async (c) => {
            const plan = async (other: string, query: ReturnType<typeof sql>) => {
              await sql`begin`.execute(c);
              try {
                await sql`analyze data_rows`.execute(c);
                await sql`set local enable_seqscan = off`.execute(c);
                await sql`drop index ${sql.id(other)}`.execute(c);
                return (await query.execute(c)).rows
                  .map((r) => Object.values(r as object).join(''))
                  .join('\n');
              } finally {
                await sql`rollback`.execute(c);
              }
            };
            const org = sut.actor.organizationId;
            return [
              await plan(
                'data_rows_external_id_idx',
                sql`explain select id from data_rows where organization_id = ${org} and global_key in ('a', 'B')`,
              ),
              await plan(
                'data_rows_global_key_idx',
                sql`explain select id from data_rows where organization_id = ${org} and external_id = 'a'`,
              ),
            ];
          });
          assert.match(plans[0]!, /data_rows_global_key_idx[^]*Index Cond: .*global_key/);
          assert.match(plans[1]!, /data_rows_external_id_idx[^]*Index Cond: .*external_id/);

          await down(sut.db as never);
          assert.deepEqual(await collations(), ['external_id:default', 'global_key:default']);
          await up(sut.db as never);
          assert.deepEqual(
            await collations(),
            byteOrder ? ['external_id:C', 'global_key:C'] : ['external_id:default', 'global_key:default'],
          );
        } finally {
          await sut.close();
        }
      });
    }
  });
}
