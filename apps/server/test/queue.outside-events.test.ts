import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { importByFile, localServer, ops, setupLabelProject, type LabelProject } from './label.factory.ts';
import { box, queue } from './queue.sdk.ts';

/**
 * WORKFLOW_ACTION for workflow steps taken outside the queue (docs/queue.md "Labels from outside the queue"):
 * ground-truth imports and Label Studio annotations finish TO_LABEL rows, deleting a label sends its row back to
 * labeling. Each fires one event per row over real HTTP, with Labelbox's action and task names, as queue steps do.
 */
const DELETE_BATCH_LABELS =
  'mutation DeleteBatchLabelsPyApi($projectId: ID!, $batchId: ID!, $type: DeleteBatchLabelsType!) { project(where: {id: $projectId}) { deleteBatchLabels(batchId: $batchId, data:{ type: $type }) { deletedLabelIds } } }';
const LS_CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image"><Label value="Cat"/></RectangleLabels>
</View>`;
const LS_BOX = {
  from_name: 'label',
  to_name: 'image',
  type: 'rectanglelabels',
  original_width: 1000,
  original_height: 500,
  value: { x: 10, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['Cat'] },
};

type Step = {
  projectId: string;
  dataRowId: string;
  labelId: string | null;
  action: string;
  from: string;
  to: string;
  by: string;
  status: string;
};

for (const dialect of dialects) {
  describe(`WORKFLOW_ACTION for transitions outside the queue (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    let receiver: Awaited<ReturnType<typeof localServer>>;
    let labeler: { key: string; userId: string };
    let seen = 0;
    /** WORKFLOW_ACTION deliveries received over HTTP since the last call, ordered by data row. */
    const delivered = async (): Promise<Step[]> => {
      await sut.ctx.jobs.drain();
      const fresh = receiver.received.slice(seen);
      seen = receiver.received.length;
      return fresh
        .map((r) => {
          assert.equal(r.headers['x-labelbox-event'], 'WORKFLOW_ACTION');
          const body = JSON.parse(r.body.toString());
          assert.equal(body.event, 'WORKFLOW_ACTION');
          const a = body.workflowAction;
          return {
            projectId: body.projectId,
            dataRowId: body.dataRowId,
            labelId: body.labelId,
            action: a.action,
            from: a.previous_task_name,
            to: a.next_task_name,
            by: a.created_by,
            status: a.workflow_status,
          };
        })
        .sort((a, b) => a.dataRowId.localeCompare(b.dataRowId));
    };
    const statusOf = async (dataRowId: string) =>
      (
        await sut.db
          .selectFrom('project_data_rows')
          .select('workflow_status')
          .where('project_id', '=', p.projectId)
          .where('data_row_id', '=', dataRowId)
          .executeTakeFirstOrThrow()
      ).workflow_status;
    const labelOf = async (dataRowId: string) =>
      (
        await sut.db
          .selectFrom('labels')
          .select('id')
          .where('project_id', '=', p.projectId)
          .where('data_row_id', '=', dataRowId)
          .executeTakeFirstOrThrow()
      ).id;
    const ls = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(sut.url + path, {
        method,
        headers: {
          authorization: `Token ${sut.key}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    };

    before(async () => {
      sut = await startTestServer({ dialect, config: { allowPrivateUrls: true } });
      receiver = await localServer(() => ({ status: 200 }));
      p = await setupLabelProject(sut, { images: 4, texts: 0 });
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      labeler = await createActor(sut.ctx, `oe-l-${dialect}@example.com`, org, 'LABELER');
      // Organization-wide: it hears the Labelbox project and the projects made on the Label Studio face.
      await sut.data(ops.createWebhook(null, ['WORKFLOW_ACTION'], receiver.url, 'secret'));
    });
    after(async () => {
      await sut.close();
      await receiver.close();
    });

    it('a ground-truth import finishes its TO_LABEL rows: Move, Initial labeling task → Done, per row', async () => {
      const [a, b] = p.images;
      const lines = [a!, b!].map((r, i) => ({ uuid: `gt-${i}`, dataRow: { id: r.id }, ...box() }));
      await importByFile(sut, 'GT', p.projectId, 'ground truth', lines);
      const got = await delivered();
      const expected = [a!, b!]
        .map((r) => r.id)
        .sort()
        .map((id) => ({ id }));
      assert.deepEqual(
        got.map((s) => [s.dataRowId, s.action, s.from, s.to, s.status, s.by, s.projectId]),
        expected.map(({ id }) => [
          id,
          'Move',
          'Initial labeling task',
          'Done',
          'DONE',
          sut.actor.email,
          p.projectId,
        ]),
      );
      for (const s of got) assert.equal(s.labelId, await labelOf(s.dataRowId));
      assert.equal(await statusOf(a!.id), 'DONE');
      // Importing into rows already done moves nothing and fires nothing.
      await importByFile(sut, 'GT', p.projectId, 'again', [
        { uuid: 'gt-again', dataRow: { id: a!.id }, ...box(undefined, 50) },
      ]);
      assert.deepEqual(await delivered(), []);
    });

    it('deleteLabels sends the row back to labeling: Move, Done → Initial labeling task, naming the label', async () => {
      const row = p.images[0]!.id;
      const labelIds = (
        await sut.db
          .selectFrom('labels')
          .select('id')
          .where('project_id', '=', p.projectId)
          .where('data_row_id', '=', row)
          .orderBy('created_at')
          .orderBy('id')
          .execute()
      ).map((l) => l.id);
      const workflowLabel = (
        await sut.db
          .selectFrom('project_data_rows')
          .select('workflow_label_id')
          .where('project_id', '=', p.projectId)
          .where('data_row_id', '=', row)
          .executeTakeFirstOrThrow()
      ).workflow_label_id;
      await sut.data(ops.deleteLabels(labelIds));
      assert.equal(await statusOf(row), 'TO_LABEL');
      assert.deepEqual(
        (await delivered()).map((s) => [s.dataRowId, s.labelId, s.action, s.from, s.to, s.status, s.by]),
        [[row, workflowLabel, 'Move', 'Done', 'Initial labeling task', 'TO_LABEL', sut.actor.email]],
      );
    });

    it('deleteBatchLabels sends reviewed and done rows back: one Move per row, from where each was', async () => {
      // A labeler's submission puts a fresh row in review; the second imported row is still done.
      const held = (
        await sut.data(
          queue.reserve,
          { data: { projectId: p.projectId, queueType: 'LabelingQueue' } },
          { key: labeler.key },
        )
      ).reserveNextDataRow;
      await sut.data(
        queue.submit,
        { data: { reservationId: held.id, annotations: [box()], secondsToLabel: 3 } },
        { key: labeler.key },
      );
      const reviewed = held.dataRow.id as string;
      assert.equal(await statusOf(reviewed), 'IN_REVIEW');
      const submitted = await delivered();
      assert.deepEqual(
        submitted.map((s) => [s.action, s.to]),
        [['Submit', 'Initial review task']],
      );
      const done = p.images[1]!.id;
      const res = await sut.gql(
        DELETE_BATCH_LABELS,
        { projectId: p.projectId, batchId: p.batchId, type: 'RequeueData' },
        { path: '/_gql' },
      );
      assert.equal(res.body.errors, undefined);
      const got = await delivered();
      const fromOf = new Map([
        [reviewed, 'Initial review task'],
        [done, 'Done'],
      ]);
      assert.deepEqual(
        got.map((s) => [s.dataRowId, s.action, s.from, s.to]),
        [...fromOf.keys()].sort().map((id) => [id, 'Move', fromOf.get(id), 'Initial labeling task']),
      );
      for (const id of fromOf.keys()) assert.equal(await statusOf(id), 'TO_LABEL');
    });

    it('Label Studio annotations finish their rows (Submit) and deleting one sends the row back (Move)', async () => {
      const project = (
        await ls('POST', '/api/projects/', { title: `oe ${dialect}`, label_config: LS_CONFIG })
      ).id as number;
      // Tasks imported with an annotation are done at once; a task without one waits in labeling.
      const imported = await ls('POST', `/api/projects/${project}/import?return_task_ids=true`, [
        { data: { image: 'https://example.com/a.jpg' }, annotations: [{ result: [LS_BOX] }] },
        { data: { image: 'https://example.com/b.jpg' } },
      ]);
      const onImport = await delivered();
      assert.equal(onImport.length, 1);
      const lsProjectId = onImport[0]!.projectId;
      assert.notEqual(lsProjectId, p.projectId);
      assert.deepEqual(
        [onImport[0]!.action, onImport[0]!.from, onImport[0]!.to, onImport[0]!.by],
        ['Submit', 'Initial labeling task', 'Done', sut.actor.email],
      );
      const second = imported.task_ids[1] as number;
      const annotation = await ls('POST', `/api/tasks/${second}/annotations/`, { result: [LS_BOX] });
      const [created] = await delivered();
      assert.deepEqual(
        [created!.action, created!.from, created!.to, created!.projectId],
        ['Submit', 'Initial labeling task', 'Done', lsProjectId],
      );
      assert.notEqual(created!.dataRowId, onImport[0]!.dataRowId);
      assert.equal(typeof created!.labelId, 'string');
      await ls('DELETE', `/api/annotations/${annotation.id}/`);
      const [removed] = await delivered();
      assert.deepEqual(
        [removed!.dataRowId, removed!.labelId, removed!.action, removed!.from, removed!.to],
        [created!.dataRowId, created!.labelId, 'Move', 'Done', 'Initial labeling task'],
      );
      // A second annotation of a row already done is no workflow step.
      await ls('POST', `/api/tasks/${imported.task_ids[0]}/annotations/`, { result: [LS_BOX] });
      assert.deepEqual(await delivered(), []);
    });

    it('the steps are in the row history export v2 shows (workflow_history)', async () => {
      const rows = await sut.db
        .selectFrom('workflow_history')
        .select(['data_row_id', 'action', 'from_status', 'to_status'])
        .where('project_id', '=', p.projectId)
        .where('data_row_id', '=', p.images[0]!.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.slice(0, 2).map((r) => [r.action, r.from_status, r.to_status]),
        [
          ['IMPORTED', 'TO_LABEL', 'DONE'],
          ['REQUEUED', 'DONE', 'TO_LABEL'],
        ],
      );
    });
  });
}
