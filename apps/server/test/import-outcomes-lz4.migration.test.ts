import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { down, up } from '../src/db/migrations/2026-12-07T0201-import-outcomes-lz4.ts';
import { createTestContext, dialects } from './harness.ts';

/** Migration 2026-12-07T0201: PostgreSQL compresses import outcome records with lz4 when it can; SQLite is unchanged. */
for (const dialect of dialects.filter((d) => d === 'postgres')) {
  describe(`migration 2026-12-07T0201: import outcomes compressed with lz4 (${dialect})`, () => {
    it('sets lz4 on both outcome columns (down: the default again) and outcomes still read back', async () => {
      const sut = await createTestContext(dialect);
      try {
        const compression = async () => {
          const { rows } = await sql<{ name: string; compression: string }>`select attname as name,
            attcompression as compression from pg_attribute where attrelid = 'data_row_import_batches'::regclass
            and attname in ('successes', 'failures') order by attname`.execute(sut.db);
          return rows.map((r) => `${r.name}:${r.compression}`);
        };
        const { rows } = await sql<{ lz4: boolean }>`select 'lz4' = any(enumvals) as lz4 from pg_settings
          where name = 'default_toast_compression'`.execute(sut.db);
        const lz4 = rows[0]?.lz4 === true;
        assert.deepEqual(
          await compression(),
          lz4 ? ['failures:l', 'successes:l'] : ['failures:', 'successes:'],
        );

        const dataset = await sut.services.datasets.create(sut.actor, { name: 'lz4' });
        const items = Array.from({ length: 1500 }, (_, i) => ({
          id: { type: 'AUTO', value: '' },
          payload: { row_data: `https://example.com/${i}.jpg`, global_key: `z-${i}`, dataset_id: dataset.id },
        }));
        const importer = await sut.services.dataRowImports.importer(sut.actor);
        const written = await importer.importBatch(items, { jobId: 'lz4-job', batchNo: 0 });
        const stored = await sut.db
          .selectFrom('data_row_import_batches')
          .select(['successes'])
          .where('job_id', '=', 'lz4-job')
          .orderBy('batch_no')
          .execute();
        assert.deepEqual(
          stored.flatMap((r) => JSON.parse(r.successes) as string[]),
          written.successes,
        );

        await down(sut.db as never);
        assert.deepEqual(await compression(), ['failures:', 'successes:']);
        await up(sut.db as never);
        assert.deepEqual(
          await compression(),
          lz4 ? ['failures:l', 'successes:l'] : ['failures:', 'successes:'],
        );
      } finally {
        await sut.close();
      }
    });
  });
}
