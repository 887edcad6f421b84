import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { down, up } from '../src/db/migrations/2026-12-09T0101-labels-project-counts-index.ts';
import { createTestContext, dialects } from './harness.ts';

/**
 * Migration 2026-12-09T0101: an index holding every column Label Studio's project counts read, so the counting
 * statement reads the index alone (SQLite's plan names it as a covering index).
 */
for (const dialect of dialects) {
  describe(`migration 2026-12-09T0101: labels' project counts index (${dialect})`, () => {
    it('has the four columns after up, is gone after down, and the counts statement covers with it', async () => {
      const sut = await createTestContext(dialect);
      try {
        const columns = async (): Promise<string[]> => {
          if (dialect === 'sqlite') {
            const { rows } = await sql<{
              name: string;
            }>`select name from pragma_index_info('labels_project_counts_idx') order by seqno`.execute(
              sut.db,
            );
            return rows.map((r) => r.name);
          }
          const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes
            where tablename = 'labels' and indexname = 'labels_project_counts_idx'`.execute(sut.db);
          return rows.length === 0 ? [] : rows[0]!.indexdef.replace(/.*\((.*)\)$/, '$1').split(', ');
        };
        const four = ['project_id', 'type', 'is_benchmark_reference', 'data_row_id'];
        assert.deepEqual(await columns(), four);
        await down(sut.db as never);
        assert.deepEqual(await columns(), []);
        await up(sut.db as never);
        assert.deepEqual(await columns(), four);
        if (dialect === 'sqlite') {
          const { rows } = await sql<{ detail: string }>`explain query plan
            select project_id, count(*), sum(case when type <> 'SKIPPED' then 0 else 1 end),
              count(distinct case when type <> 'SKIPPED' then data_row_id end)
            from labels where project_id in ('a', 'b') group by project_id`.execute(sut.db);
          assert.ok(
            rows.some((r) => r.detail.includes('COVERING INDEX labels_project_counts_idx')),
            JSON.stringify(rows),
          );
        }
      } finally {
        await sut.close();
      }
    });
  });
}
