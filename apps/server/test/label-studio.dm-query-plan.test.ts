import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery } from 'kysely';
import type { DatabaseHandle } from '../src/db/connect.ts';
import { taskQuerySql } from '../src/repositories/label-studio-task-query.ts';
import { parseDmQuery } from '../src/services/label-studio/dm-query.ts';
import { createTestDatabase } from './harness.ts';

/**
 * How SQLite runs a Data Manager filter's subqueries. Without statistics its planner once served
 * `max(labels.created_at)` (a `completed_at` filter, the legacy `get_labeled_tasks()`) from the `(project_id,
 * created_at)` index, reading every label of the project for each task: a 100,000-task project's page took minutes.
 */
describe('Data Manager filter query plans (sqlite)', () => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = await createTestDatabase('sqlite');
  });
  after(async () => handle.close());

  const planOf = async (filter: string, operator: string, type: string, value: unknown) => {
    const query = parseDmQuery(
      {
        filters: { conjunction: 'and', items: [{ filter: `filter:tasks:${filter}`, operator, type, value }] },
      },
      'query',
    );
    const { where } = taskQuerySql(query, 'sqlite', 'image');
    const compiled = handle.db
      .selectFrom('ls_refs as r')
      .innerJoin('data_rows as d', 'd.id', 'r.ref_id')
      .select('r.ls_id')
      .where('r.kind', '=', 'task')
      .where('r.project_id', '=', 'p')
      .where(where!)
      .compile();
    const plan = await handle.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
    );
    return plan.rows.map((r) => r.detail);
  };

  for (const [filter, operator, type, value] of [
    ['completed_at', 'empty', 'Datetime', false],
    ['total_annotations', 'greater', 'Number', 0],
    ['cancelled_annotations', 'equal', 'Number', 1],
    ['annotators', 'empty', 'List', true],
    ['ground_truth', 'equal', 'Boolean', true],
  ] as const)
    it(`reads a task's labels through (data_row_id, project_id): ${filter} ${operator}`, async () => {
      const plan = await planOf(filter, operator, type, value);
      const labels = plan.filter((d) => /\bl\b|labels/.test(d) && d.startsWith('SEARCH'));
      assert.ok(labels.length > 0, plan.join('\n'));
      for (const d of labels) assert.match(d, /labels_data_row_idx \(data_row_id=\?\)/, plan.join('\n'));
    });
});
