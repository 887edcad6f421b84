import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../src/auth/actor.ts';
import { down, up } from '../src/db/migrations/2026-12-08T0102-data-rows-external-id-index.ts';
import { DataRowRepository } from '../src/repositories/data-row.repository.ts';
import { createTestContext, dialects } from './harness.ts';

/**
 * Migration 2026-12-08T0102: on PostgreSQL the external-id index leads with external_id. Lookups by external id
 * still find exactly the organization's rows, through the index with both columns.
 */
for (const dialect of dialects) {
  describe(`migration 2026-12-08T0102: data rows' external-id index (${dialect})`, () => {
    it("finds an organization's rows by external id, never another organization's with the same ids", async () => {
      const sut = await createTestContext(dialect);
      try {
        const other = await sut.services.identity.ensureUser({
          email: 'other@example.com',
          org: 'other-org',
        });
        const otherActor: Actor = {
          organizationId: other.organization.id,
          userId: other.user.id,
          role: 'ADMIN',
          email: other.user.email,
        };
        const stored = new Map<string, string[]>();
        for (const actor of [sut.actor, otherActor]) {
          const dataset = await sut.services.datasets.create(actor, { name: 'ext' });
          const importer = await sut.services.dataRowImports.importer(actor);
          const items = ['e-1', 'e-2', 'e-2', 'E-1', 'e-3'].map((externalId, i) => ({
            id: { type: 'AUTO', value: '' },
            payload: {
              row_data: `https://example.com/${i}.jpg`,
              external_id: externalId,
              dataset_id: dataset.id,
            },
          }));
          stored.set(actor.organizationId, (await importer.importBatch(items)).successes);
        }
        const repo = new DataRowRepository(sut.db, dialect);
        for (const actor of [sut.actor, otherActor]) {
          const found = await repo.idsByExternalIds(actor.organizationId, ['e-2', 'e-1', 'missing']);
          const ids = stored.get(actor.organizationId)!;
          assert.deepEqual(
            found.map((r) => `${r.id}:${r.external_id}`).sort(),
            [`${ids[0]}:e-1`, `${ids[1]}:e-2`, `${ids[2]}:e-2`].sort(),
          );
        }
      } finally {
        await sut.close();
      }
    });

    if (dialect === 'postgres') {
      it('leads with external_id (down: with organization_id), and lookups use it with both columns', async () => {
        const sut = await createTestContext(dialect);
        try {
          const definition = async () =>
            (
              await sql<{ definition: string }>`select indexdef as definition from pg_indexes
                where indexname = 'data_rows_external_id_idx'`.execute(sut.db)
            ).rows.map((r) => r.definition.replace(/^.* USING btree /, ''));
          assert.deepEqual(await definition(), ['(external_id, organization_id)']);
          const dataset = await sut.services.datasets.create(sut.actor, { name: 'plan' });
          const importer = await sut.services.dataRowImports.importer(sut.actor);
          await importer.importBatch(
            Array.from({ length: 500 }, (_, i) => ({
              id: { type: 'AUTO', value: '' },
              payload: {
                row_data: `https://example.com/${i}.jpg`,
                external_id: `x-${i}`,
                dataset_id: dataset.id,
              },
            })),
          );
          await sql`analyze data_rows`.execute(sut.db);
          const plan = await sut.db.connection().execute(async (c) => {
            await sql`begin`.execute(c);
            try {
              await sql`set local enable_seqscan = off`.execute(c);
              const { rows } = await sql`explain select id from data_rows
                where organization_id = ${sut.actor.organizationId} and external_id in ('x-1', 'x-2')`.execute(
                c,
              );
              return rows.map((r) => Object.values(r as object).join('')).join('\n');
            } finally {
              await sql`rollback`.execute(c);
            }
          });
          assert.match(plan, /data_rows_external_id_idx[^]*Index Cond: .*external_id.*organization_id/);

          await down(sut.db as never);
          assert.deepEqual(await definition(), ['(organization_id, external_id)']);
          await up(sut.db as never);
          assert.deepEqual(await definition(), ['(external_id, organization_id)']);
        } finally {
          await sut.close();
        }
      });
    }
  });
}
