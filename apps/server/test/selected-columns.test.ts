import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  Kind,
  parse,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { rowMaker } from '../src/db/sqlite-statements.ts';
import { selectedColumns } from '../src/graphql/selected-columns.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { newId } from '../src/ids.ts';
import { nowIso } from '../src/time.ts';
import { insertDataRows } from './project.factory.ts';

/** The resolve info of the first root field of `query`, as graphql-js hands it to a resolver. */
function infoOf(query: string) {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

const MAP = {
  id: ['id'],
  name: ['name'],
  rowCount: ['row_count'],
  createdBy: ['created_by'],
  organization: [],
};

describe('selectedColumns', () => {
  it('collects the columns of the selected fields through aliases and fragments, id always', () => {
    const info = infoOf(
      '{ datasets { n: name ...F ... on Dataset { organization { id } } __typename } } fragment F on Dataset { rowCount }',
    );
    assert.deepEqual(selectedColumns(info, MAP)?.sort(), ['id', 'name', 'row_count']);
  });

  it('follows a path to the items of a page object', () => {
    const info = infoOf('{ page { nodes { createdBy { id } } pageInfo { hasNextPage } } }');
    assert.deepEqual(selectedColumns(info, MAP, ['nodes'])?.sort(), ['created_by', 'id']);
  });

  it('reads every column when a selected field has no mapping', () => {
    assert.equal(selectedColumns(infoOf('{ datasets { id description } }'), MAP), undefined);
  });
});

describe('SQLite rows made by rowMaker', () => {
  it('keeps the column order, the last value of a repeated name, and quotes any name', () => {
    const make = rowMaker(['id', 'name', 'id', 'odd "name"\n', '0']);
    const row = make(['first', 'n', 'last', 'odd', 'zero']);
    assert.deepEqual(Object.entries(row), [
      ['0', 'zero'],
      ['id', 'last'],
      ['name', 'n'],
      ['odd "name"\n', 'odd'],
    ]);
  });
});

/**
 * List pages read only the columns their selection needs: each mapped field must show the same value whether the
 * page read a few columns or the whole row (an unmapped field selected too, or the single-item query).
 */
for (const dialect of dialects) {
  describe(`list pages reading only the selected columns on ${dialect}`, () => {
    let sut: TestServer;
    let projectId: string;
    let datasetId: string;
    let batchId: string;

    before(async () => {
      sut = await startTestServer({ dialect });
      const project = await sut.services.projects.create(sut.actor, {
        name: 'columns',
        description: 'described',
        allowedMediaType: 'IMAGE',
      });
      projectId = project.id;
      const rows = await insertDataRows(sut.db, sut.actor, 3);
      datasetId = rows.datasetId;
      await sut.db
        .updateTable('data_rows')
        .set({ media_attributes: JSON.stringify({ width: 10, height: 20 }) })
        .where('id', '=', rows.ids[0]!)
        .execute();
      const now = nowIso();
      batchId = newId();
      await sut.db
        .insertInto('batches')
        .values({
          id: batchId,
          organization_id: sut.actor.organizationId,
          project_id: projectId,
          name: 'b1',
          priority: 5,
          consensus_settings: JSON.stringify({ numberOfLabels: 2, coveragePercentage: 0.5 }),
          size: 3,
          created_by: sut.actor.userId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await sut.db
        .insertInto('labels')
        .values({
          id: newId(),
          organization_id: sut.actor.organizationId,
          project_id: projectId,
          data_row_id: rows.ids[1]!,
          created_by: sut.actor.userId,
          type: 'SUBMITTED',
          content: JSON.stringify({
            objects: [],
            classifications: [
              { kind: 'text', uuid: 'u-1', featureSchemaId: 'fs-t', name: 'note', answer: 'hello' },
            ],
            relationships: [],
          }),
          seconds_to_label: 4.5,
          seconds_to_review: 2,
          agreement: 0.75,
          benchmark_agreement: null,
          is_benchmark_reference: 1,
          review_state: 'UNREVIEWED',
          import_id: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    });
    after(async () => sut.close());

    it('datasets: the page shows what the single-dataset query shows', async () => {
      const fields =
        'id name description rowCount createdAt updatedAt createdBy { id email } organization { id }';
      const page = await sut.data(`{ datasets(first: 100) { ${fields} } }`);
      assert.ok(page.datasets.length > 0);
      for (const dataset of page.datasets) {
        const one = await sut.data(`query($id: ID!) { dataset(where: {id: $id}) { ${fields} } }`, {
          id: dataset.id,
        });
        assert.deepEqual(dataset, one.dataset);
      }
    });

    it('projects: the same page with and without an unmapped field', async () => {
      const fields =
        'id name description createdAt updatedAt lastActivityTime setupComplete allowedMediaType editorTaskType uploadType queueMode autoAuditNumberOfLabels autoAuditPercentage isBenchmarkEnabled isConsensusEnabled modelSetupComplete deleted dataRowCount labelCount createdBy { id } organization { id } batches { nodes { id } }';
      const narrow = await sut.data(`{ projects(first: 100) { ${fields} } }`);
      const wide = await sut.data(`{ projects(first: 100) { ${fields} labelingFrontend { id } } }`);
      for (const p of wide.projects) delete p.labelingFrontend;
      assert.deepEqual(narrow.projects, wide.projects);
      assert.equal(narrow.projects[0].description, 'described');
    });

    it('data rows: the same page with and without an unmapped field', async () => {
      const fields =
        'id rowData externalId globalKey mediaAttributes mediaType createdAt updatedAt dataset { id } createdBy { id } organization { id }';
      const page = (extra: string) =>
        sut.data(
          `query($id: ID!) { datasetDataRows(id: $id, first: 100) { nodes { ${fields} ${extra} } pageInfo { hasNextPage } } }`,
          { id: datasetId },
        );
      const narrow = await page('');
      const wide = await page('customMetadata { value }');
      for (const node of wide.datasetDataRows.nodes) delete node.customMetadata;
      assert.deepEqual(narrow.datasetDataRows, wide.datasetDataRows);
      const withMedia = narrow.datasetDataRows.nodes.find(
        (n: { mediaAttributes: { width?: number } }) => n.mediaAttributes.width === 10,
      );
      assert.equal(withMedia?.mediaAttributes.mimeType, 'image/jpeg');
    });

    it('batches: the page shows what the single-batch query shows', async () => {
      const fields = 'id name size createdAt updatedAt consensusSettingsJson createdBy { id } project { id }';
      const page = await sut.data(
        `query($id: ID!) { project(where: {id: $id}) { batches(first: 100) { nodes { ${fields} } } } }`,
        { id: projectId },
      );
      const one = await sut.data(
        `query($id: ID!, $b: ID!) { project(where: {id: $id}) { batches(where: {id: $b}) { nodes { ${fields} } } } }`,
        { id: projectId, b: batchId },
      );
      assert.deepEqual(page.project.batches.nodes, one.project.batches.nodes);
      assert.equal(page.project.batches.nodes[0].size, 3);
    });

    it('labels: the same page with and without an unmapped field', async () => {
      const fields =
        'id label createdAt updatedAt secondsToLabel secondsToCreate secondsToReview agreement benchmarkAgreement isBenchmarkReference deleted type { id name } createdBy { id } dataRow { id } project { id }';
      const page = (extra: string) =>
        sut.data(
          `query($id: ID!) { project(where: {id: $id}) { labels(first: 100) { ${fields} ${extra} } } }`,
          {
            id: projectId,
          },
        );
      const narrow = await page('');
      const wide = await page('reviews { id }');
      for (const label of wide.project.labels) delete label.reviews;
      assert.deepEqual(narrow.project.labels, wide.project.labels);
      assert.equal(narrow.project.labels[0].secondsToReview, 2);
      assert.match(narrow.project.labels[0].label, /hello/);
    });
  });
}
