import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../src/ids.ts';
import { createActor, startTestServer, type TestServer } from './harness.ts';
import {
  imageDocument,
  insertLabel,
  seedExportProject,
  storeMask,
  TEXT,
  textDocument,
  type ExportProject,
} from './export.factory.ts';
import { uploadData } from './catalog.factory.ts';
import { catalogInput, exportOps, exportParams, readExportStream, startProjectExport } from './export.sdk.ts';

const TAG = 'cko8s9r5v0001h2dk9elqdidh';
const SPLIT = 'cko8sbczn0002h2dkdaxb5kal';
const TRAIN = 'cko8sbscr0003h2dk04w86hof';

describe('export v2: project export streamed in byte-ranged chunks', () => {
  let sut: TestServer;
  let project: ExportProject;
  let labelIds: string[];

  before(async () => {
    sut = await startTestServer();
    project = await seedExportProject(sut, { images: 3, texts: 1, name: 'v2 project' });
    const maskKey = await storeMask(sut);
    labelIds = [
      await insertLabel(sut, {
        projectId: project.projectId,
        dataRowId: project.images[0]!.id,
        doc: imageDocument(project.ontology, maskKey),
        createdAt: '2024-03-01T10:00:00.000Z',
      }),
      await insertLabel(sut, {
        projectId: project.projectId,
        dataRowId: project.texts[0]!.id,
        doc: textDocument(project.ontology),
        createdAt: '2024-06-01T10:00:00.000Z',
      }),
    ];
    await sut.db
      .updateTable('data_rows')
      .set({
        metadata: JSON.stringify([
          { schemaId: TAG, value: 'hello' },
          { schemaId: SPLIT, value: {} },
          { schemaId: TRAIN, value: {} },
        ]),
      })
      .where('id', '=', project.images[0]!.id)
      .execute();
    await sut.db
      .insertInto('attachments')
      .values({
        id: newId(),
        organization_id: sut.actor.organizationId,
        data_row_id: project.images[0]!.id,
        type: 'TEXT',
        value: 'note',
        name: 'n1',
        created_at: '2024-01-01T00:00:00.000Z',
      })
      .execute();
  });
  after(async () => sut.close());

  it('streams every data row in several chunks that reassemble byte for byte (SDK reader)', async () => {
    sut.services.exports.tuning.chunkBytes = 600;
    const taskId = await startProjectExport(sut, project.projectId, [], exportParams(true));
    sut.services.exports.tuning.chunkBytes = 4 * 1024 * 1024;

    const tasks = (await sut.data(exportOps.userTasks, { param_0: taskId, param_1: sut.actor.userId })).user
      .createdTasks;
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].type, 'export-data-rows');
    assert.equal(tasks[0].status, 'COMPLETE');
    assert.equal(tasks[0].errors, null);
    assert.equal(tasks[0].name, 'Export v2: project - v2 project');

    const read = (await readExportStream(sut, taskId))!;
    assert.ok(read.chunks.length >= 3, `several chunks (got ${read.chunks.length})`);
    assert.equal(read.bytes.length, read.header.totalSize);
    assert.equal(read.header.totalLines, 4);
    assert.equal(read.rows.length, 4);
    // Line ranges are contiguous and match the newlines of each chunk; chunks end at line ends.
    let line = 0;
    for (const c of read.chunks) {
      assert.equal(c.lines.start, line);
      const body = read.bytes.subarray(c.offsets.start, c.offsets.end + 1);
      assert.equal(body.at(-1), 10);
      assert.equal(body.filter((b) => b === 10).length, c.lines.end - c.lines.start + 1);
      line = c.lines.end + 1;
    }
    // The whole file (Task.result) is the same bytes.
    const whole = Buffer.from(await (await fetch(tasks[0].result)).arrayBuffer());
    assert.ok(whole.equals(read.bytes));

    const row = read.rows.find((r) => r.data_row.id === project.images[0]!.id);
    assert.equal(row.data_row.external_id, 'img-0.png');
    assert.equal(row.data_row.global_key, project.images[0]!.globalKey);
    assert.equal(row.data_row.row_data, 'https://example.com/images/img-0.png');
    assert.equal(row.data_row.details.dataset_id, project.datasetId);
    assert.equal(row.data_row.details.dataset_name, `ds ${project.datasetId}`);
    assert.equal(row.data_row.details.created_by, sut.actor.email);
    assert.ok(row.data_row.details.last_activity_at >= '2024-03-01T10:00:00.000Z');
    assert.deepEqual(row.media_attributes, { width: 8, height: 6, mime_type: 'image/png' });
    assert.deepEqual(row.attachments, [{ type: 'TEXT', value: 'note', name: 'n1' }]);
    assert.deepEqual(row.metadata_fields, [
      { schema_id: TAG, schema_name: 'tag', value: 'hello' },
      { schema_id: SPLIT, schema_name: 'split', value: { schema_id: TRAIN, schema_name: 'train' } },
    ]);
    const p = row.projects[project.projectId];
    assert.equal(p.name, 'v2 project');
    assert.deepEqual(
      { ...p.project_details },
      {
        ontology_id: project.ontology.id,
        task_id: null,
        task_name: 'Done',
        batch_id: project.batchId,
        batch_name: 'batch-1',
        workflow_status: 'DONE',
        priority: 3,
        consensus_expected_label_count: 1,
        // The label came as ground truth (the factory writes it as an import does): the row moved to Done.
        workflow_history: [
          {
            action: 'Move',
            created_at: '2024-03-01T10:00:00.000Z',
            created_by: sut.actor.email,
            previous_task_name: 'Initial labeling task',
            next_task_name: 'Done',
          },
        ],
      },
    );
    const label = p.labels[0];
    assert.equal(label.id, labelIds[0]);
    assert.equal(label.label_kind, 'Default');
    assert.equal(label.label_details.created_by, sut.actor.email);
    assert.equal(label.performance_details.seconds_to_create, 12.5);
    assert.equal(label.performance_details.skipped, false);
    const kinds = label.annotations.objects.map((o: any) => o.annotation_kind);
    assert.deepEqual(kinds, [
      'ImageBoundingBox',
      'ImagePolygon',
      'ImagePoint',
      'ImagePolyline',
      'ImageSegmentationMask',
    ]);
    const box = label.annotations.objects[0];
    assert.deepEqual(box.bounding_box, { top: 1, left: 1, height: 2, width: 3 });
    assert.equal(box.classifications[0].radio_answer.name, 'yes');
    const mask = label.annotations.objects[4];
    assert.match(mask.composite_mask.url, /\/masks\/feature\//);
    assert.equal((await fetch(mask.composite_mask.url)).headers.get('content-type'), 'image/png');
    assert.deepEqual(
      label.annotations.classifications.map((c: any) => c.name),
      ['q', 'c', 'free_text'],
    );
    assert.equal(label.annotations.classifications[1].checklist_answers.length, 2);
    assert.equal(label.annotations.classifications[2].text_answer.content, 'sample text');
    assert.equal(label.annotations.relationships.length, 1);

    const text = read.rows.find((r) => r.data_row.id === project.texts[0]!.id);
    const entities = text.projects[project.projectId].labels[0].annotations.objects;
    assert.deepEqual(
      entities.map((e: any) => e.location.token),
      ['Michael Jordan', 'Chicago'],
    );
    const unlabeled = read.rows.find((r) => r.data_row.id === project.images[1]!.id);
    assert.deepEqual(unlabeled.projects[project.projectId].labels, []);
    assert.equal(unlabeled.projects[project.projectId].project_details.workflow_status, 'TO_LABEL');

    // An offset inside a chunk: the rest of that chunk, with the line it falls in.
    const second = read.chunks[1]!;
    const mid = await sut.data(exportOps.chunk, {
      where: { id: taskId },
      streamType: 'RESULT',
      offset: String(second.offsets.start + 3),
    });
    assert.deepEqual(mid.task.exportFileFromOffset.offsets, {
      start: second.offsets.start + 3,
      end: second.offsets.end,
    });
    assert.equal(mid.task.exportFileFromOffset.lines.start, second.lines.start);
    assert.equal(await readExportStream(sut, taskId, 'ERRORS'), null);
  });

  it('gives text entities of a text row stored by URL their covered token, as Labelbox exports them', async () => {
    const byUrl = await seedExportProject(sut, { images: 0, texts: 2, name: 'text urls' });
    const uploaded = await uploadData(sut, TEXT, 'story.txt', 'text/plain');
    const [own, unreachable] = byUrl.texts;
    await sut.db.updateTable('data_rows').set({ row_data: uploaded }).where('id', '=', own!.id).execute();
    await sut.db
      .updateTable('data_rows')
      .set({ row_data: 'http://127.0.0.1:9/missing.txt' })
      .where('id', '=', unreachable!.id)
      .execute();
    for (const row of [own!, unreachable!])
      await insertLabel(sut, {
        projectId: byUrl.projectId,
        dataRowId: row.id,
        doc: textDocument(byUrl.ontology),
      });
    const taskId = await startProjectExport(sut, byUrl.projectId, [], exportParams(true));
    const rows = (await readExportStream(sut, taskId))!.rows;
    const locations = (id: string) =>
      rows
        .find((r) => r.data_row.id === id)
        .projects[byUrl.projectId].labels[0].annotations.objects.map((o: any) => [
          o.annotation_kind,
          o.location,
        ]);
    assert.deepEqual(locations(own!.id), [
      ['TextEntity', { start: 0, end: 13, token: 'Michael Jordan' }],
      ['TextEntity', { start: 25, end: 31, token: 'Chicago' }],
    ]);
    assert.deepEqual(
      locations(unreachable!.id),
      [
        ['TextEntity', { start: 0, end: 13 }],
        ['TextEntity', { start: 25, end: 31 }],
      ],
      'a text that cannot be read leaves token out and the export goes on',
    );
  });

  it('leaves optional blocks out by default', async () => {
    const read = (await readExportStream(sut, await startProjectExport(sut, project.projectId)))!;
    const row = read.rows.find((r) => r.data_row.id === project.images[0]!.id);
    assert.deepEqual(Object.keys(row), ['data_row', 'media_attributes', 'projects']);
    assert.deepEqual(Object.keys(row.data_row), ['id', 'global_key', 'external_id', 'row_data']);
    assert.deepEqual(Object.keys(row.projects[project.projectId].labels[0]), [
      'label_kind',
      'version',
      'id',
      'annotations',
    ]);
  });

  it('filters by data row ids, global keys, batches, label creation time (in a time zone) and workflow status', async () => {
    const ids = async (query: unknown[]) =>
      (await readExportStream(sut, await startProjectExport(sut, project.projectId, query)))?.rows
        .map((r) => r.data_row.id)
        .sort() ?? [];
    assert.deepEqual(await ids([{ ids: [project.images[1]!.id], operator: 'is', type: 'data_row_id' }]), [
      project.images[1]!.id,
    ]);
    assert.deepEqual(
      await ids([{ ids: [project.texts[0]!.globalKey], operator: 'is', type: 'global_key' }]),
      [project.texts[0]!.id],
    );
    assert.equal((await ids([{ ids: [project.batchId], operator: 'is', type: 'batch' }])).length, 4);
    assert.deepEqual(await ids([{ ids: ['no-such-batch'], operator: 'is', type: 'batch' }]), []);
    // 2024-03-01 10:00 UTC is 11:00 in Paris: a range ending 10:30 Paris time excludes it, one ending 11:30 includes it.
    const labeled = (max: string) => [
      {
        type: 'labeled_at',
        value: { operator: 'BETWEEN', timezone: 'Europe/Paris', value: { min: '2024-01-01 00:00:00', max } },
      },
    ];
    assert.deepEqual(await ids(labeled('2024-03-01 10:30:00')), []);
    assert.deepEqual(await ids(labeled('2024-03-01 11:30:00')), [project.images[0]!.id]);
    assert.deepEqual(
      await ids([
        {
          type: 'labeled_at',
          value: { operator: 'GREATER_THAN_OR_EQUAL', timezone: 'UTC', value: '2024-05-01' },
        },
      ]),
      [project.texts[0]!.id],
    );
    assert.equal(
      (
        await ids([
          {
            type: 'data_row_last_activity_at',
            value: { operator: 'LESS_THAN_OR_EQUAL', timezone: 'UTC', value: '2000-01-01' },
          },
        ])
      ).length,
      0,
    );
    assert.deepEqual(
      await ids([{ type: 'task_queue_not_exist' }]),
      [project.images[1]!.id, project.images[2]!.id].sort(),
    );
    assert.equal((await ids([{ type: 'task_queue_status', status: 'Done' }])).length, 2);
  });

  it('answers bad input with MALFORMED_REQUEST carrying an errors member', async () => {
    const bad = await sut.gql(exportOps.project, {
      input: {
        filters: {
          projectId: project.projectId,
          searchQuery: {
            scope: null,
            query: [
              {
                type: 'labeled_at',
                value: { operator: 'BETWEEN', timezone: 'UTC', value: { min: 'soon', max: '2024-01-01' } },
              },
            ],
          },
        },
        streamable: true,
      },
    });
    const error = bad.body.errors![0]! as any;
    assert.equal(error.extensions.code, 'MALFORMED_REQUEST');
    assert.ok(Array.isArray(error.errors));
    assert.match(error.message, /query\[0\]\.value\.value\.min/);
    const unknown = (
      await sut.gql(exportOps.project, {
        input: { filters: { projectId: 'nope', searchQuery: { query: [] } } },
      })
    ).body.errors![0] as any;
    assert.equal(unknown.extensions.code, 'MALFORMED_REQUEST');
    assert.ok(unknown.errors);
    assert.match(unknown.message, /input\.filters\.projectId: project not found: nope/);
    const taskId = await startProjectExport(sut, project.projectId);
    const out = (
      await sut.gql(exportOps.chunk, { where: { id: taskId }, streamType: 'RESULT', offset: '999999' })
    ).body.errors![0] as any;
    assert.equal(out.extensions.code, 'MALFORMED_REQUEST');
    assert.match(out.message, /out of range/);
    assert.ok(out.errors);
  });

  it('answers a null header for an empty project and reports unreadable labels on the ERRORS stream', async () => {
    const empty = await seedExportProject(sut, { images: 0, texts: 0 });
    const taskId = await startProjectExport(sut, empty.projectId);
    assert.equal(
      (await sut.data(exportOps.header, { where: { id: taskId }, streamType: 'RESULT' })).task
        .exportMetadataHeader,
      null,
    );
    assert.equal(
      (await sut.data(exportOps.chunk, { where: { id: taskId }, streamType: 'RESULT', offset: '0' })).task
        .exportFileFromOffset,
      null,
    );

    const broken = await seedExportProject(sut, { images: 1, texts: 0 });
    const labelId = await insertLabel(sut, {
      projectId: broken.projectId,
      dataRowId: broken.images[0]!.id,
      doc: '{not json',
    });
    const brokenTask = await startProjectExport(sut, broken.projectId);
    const errors = (await readExportStream(sut, brokenTask, 'ERRORS'))!;
    assert.equal(errors.rows[0].label_id, labelId);
    assert.equal(
      (await readExportStream(sut, brokenTask))!.rows[0].projects[broken.projectId].labels.length,
      0,
    );
    const task = (await sut.data(exportOps.userTasks, { param_0: brokenTask, param_1: sut.actor.userId }))
      .user.createdTasks[0];
    assert.match(task.errors, /\/files\//);
  });

  it("lists a row's labels oldest first, whatever order they were written in", async () => {
    const several = await seedExportProject(sut, { images: 1, texts: 0 });
    const maskKey = await storeMask(sut);
    const label = (createdAt: string) =>
      insertLabel(sut, {
        projectId: several.projectId,
        dataRowId: several.images[0]!.id,
        doc: imageDocument(several.ontology, maskKey),
        createdAt,
      });
    const newest = await label('2024-05-01T00:00:00.000Z');
    const oldest = await label('2024-01-01T00:00:00.000Z');
    const middle = await label('2024-03-01T00:00:00.000Z');
    const read = (await readExportStream(sut, await startProjectExport(sut, several.projectId)))!;
    assert.deepEqual(
      read.rows[0].projects[several.projectId].labels.map((l: { id: string }) => l.id),
      [oldest, middle, newest],
    );
  });

  it('exports a dataset through the catalog (dataset.export())', async () => {
    const query = [{ ids: [project.datasetId], operator: 'is', type: 'dataset' }];
    const res = await sut.data(exportOps.catalog, catalogInput(query));
    const read = (await readExportStream(sut, res.exportDataRowsInCatalog.taskId))!;
    assert.equal(read.rows.length, 4);
    assert.deepEqual(read.rows[0].projects, {});
    const withProjects = await sut.data(
      exportOps.catalog,
      catalogInput(query, exportParams(true, { projectIds: [project.projectId] })),
    );
    const rows = (await readExportStream(sut, withProjects.exportDataRowsInCatalog.taskId))!.rows;
    const labeled = rows.find((r) => r.data_row.id === project.images[0]!.id);
    assert.equal(labeled.projects[project.projectId].labels[0].id, labelIds[0]);
    assert.equal(labeled.projects[project.projectId].project_details.batch_id, project.batchId);
    const keyed = await sut.data(
      exportOps.catalog,
      catalogInput([...query, { ids: [project.images[2]!.globalKey], operator: 'is', type: 'global_key' }]),
    );
    assert.deepEqual(
      (await readExportStream(sut, keyed.exportDataRowsInCatalog.taskId))!.rows.map((r) => r.data_row.id),
      [project.images[2]!.id],
    );
    const missing = (
      await sut.gql(exportOps.catalog, catalogInput([{ ids: ['nope'], operator: 'is', type: 'dataset' }]))
    ).body.errors![0] as any;
    assert.equal(missing.extensions.code, 'MALFORMED_REQUEST');
    assert.ok(missing.errors);
  });

  it('keeps organizations apart', async () => {
    const taskId = await startProjectExport(sut, project.projectId);
    const other = await createActor(sut.ctx, 'v2-stranger@example.com', 'v2-other-org');
    const res = await sut.gql(
      exportOps.header,
      { where: { id: taskId }, streamType: 'RESULT' },
      { key: other.key },
    );
    assert.equal(res.body.data?.task ?? null, null);
    const theirs = await sut.gql(
      exportOps.catalog,
      catalogInput([{ ids: [project.datasetId], operator: 'is', type: 'dataset' }]),
      { key: other.key },
    );
    assert.equal((theirs.body.errors![0] as any).extensions.code, 'MALFORMED_REQUEST');
  });
});

describe('export v2 polled through the worker', () => {
  let sut: TestServer;
  before(async () => {
    sut = await startTestServer({ config: { inlineJobMaxItems: 0 } });
  });
  after(async () => sut.close());

  it('is IN_PROGRESS with a null header until the job ran', async () => {
    const project = await seedExportProject(sut, { images: 2, texts: 0 });
    const taskId = await startProjectExport(sut, project.projectId);
    const before = (await sut.data(exportOps.userTasks, { param_0: taskId, param_1: sut.actor.userId })).user
      .createdTasks[0];
    assert.equal(before.status, 'IN_PROGRESS');
    assert.equal(
      (await sut.data(exportOps.header, { where: { id: taskId }, streamType: 'RESULT' })).task
        .exportMetadataHeader,
      null,
    );
    await sut.ctx.jobs.drain();
    const read = (await readExportStream(sut, taskId))!;
    assert.equal(read.rows.length, 2);
  });
});
