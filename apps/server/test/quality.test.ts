import { ROLES } from '../src/auth/roles.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportParams, readExportStream, startProjectExport } from './export.sdk.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { importByFile, ops, setupLabelProject, type LabelProject } from './label.factory.ts';
import { quality } from './quality.sdk.ts';

const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-6, `expected ${expected}, got ${actual}`);

/** One label import per "labeler": a box, the radio `q` and an entity span, each optional. */
function lines(
  p: LabelProject,
  tag: string,
  parts: { left?: number; q?: string | null; span?: [number, number] },
) {
  const out: unknown[] = [];
  const image = p.images[0]!.id;
  if (parts.left !== undefined)
    out.push({
      uuid: `${tag}-box`,
      dataRow: { id: image },
      name: 'box',
      bbox: { top: 0, left: parts.left, height: 10, width: 10 },
    });
  if (parts.q) out.push({ uuid: `${tag}-q`, dataRow: { id: image }, name: 'q', answer: { name: parts.q } });
  if (parts.span)
    out.push({
      uuid: `${tag}-ner`,
      dataRow: { id: p.texts[0]!.id },
      name: 'ner',
      location: { start: parts.span[0], end: parts.span[1] },
    });
  return out;
}

for (const dialect of dialects) {
  describe(`consensus and benchmarks (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    /** Label ids by import tag and data row. */
    const ids: Record<string, { image?: string; text?: string }> = {};
    const labelsOf = async () =>
      (await sut.data(ops.sdkLabels(0, '', ''), { projectId: p.projectId })).project.labels as any[];
    const importAs = async (tag: string, parts: Parameters<typeof lines>[2]) => {
      const res = await importByFile(sut, 'GT', p.projectId, tag, lines(p, tag, parts));
      assert.equal(res.import.state, 'FINISHED');
      const labels = await sut.db
        .selectFrom('labels')
        .innerJoin('annotation_imports', 'annotation_imports.id', 'labels.import_id')
        .select(['labels.id', 'labels.data_row_id'])
        .where('annotation_imports.name', '=', tag)
        .execute();
      ids[tag] = {
        image: labels.find((l) => l.data_row_id === p.images[0]!.id)?.id,
        text: labels.find((l) => l.data_row_id === p.texts[0]!.id)?.id,
      };
    };
    const agreementOf = async (id: string | undefined) =>
      (await labelsOf()).find((l) => l.id === id)?.agreement as number | null;

    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 2, texts: 1 });
    });
    after(async () => sut.close());

    it('scores each label against the others of its row as soon as an import writes it', async () => {
      // A and B: boxes shifted by 5 (IoU 50/150), same radio answer → (1/3 + 1) / 2 = 2/3.
      // Entities "Michael" [0,6] and "Michael Jordan" [0,13]: 7 of 14 characters → 1/2.
      await importAs('A', { left: 0, q: 'Yes', span: [0, 6] });
      assert.equal(await agreementOf(ids.A!.image), null, 'a lone label has no consensus score');
      await importAs('B', { left: 5, q: 'Yes', span: [0, 13] });
      close(await agreementOf(ids.A!.image), 2 / 3);
      close(await agreementOf(ids.B!.image), 2 / 3);
      close(await agreementOf(ids.A!.text), 7 / 14);
      // C: box on A's, no radio. A–C: (1 + 0) / 2; B–C: (1/3 + 0) / 2.
      // A = (2/3 + 1/2) / 2 = 7/12, B = (2/3 + 1/6) / 2 = 5/12, C = (1/2 + 1/6) / 2 = 1/3.
      await importAs('C', { left: 0 });
      close(await agreementOf(ids.A!.image), 7 / 12);
      close(await agreementOf(ids.B!.image), 5 / 12);
      close(await agreementOf(ids.C!.image), 1 / 3);
    });

    it('picks the winning label (get_winning_label_id) and filters labels by agreement', async () => {
      const winner = await sut.data(quality.winningLabel, {
        dataRowId: p.images[0]!.id,
        projectId: p.projectId,
      });
      assert.equal(winner.dataRow.labelingActivity.selectedLabelId, ids.A!.image);
      const above = await sut.data(ops.sdkLabels(0, 'where: {agreement_gt: 0.4}', ''), {
        projectId: p.projectId,
      });
      assert.deepEqual(
        new Set(above.project.labels.map((l: any) => l.id)),
        new Set([ids.A!.image, ids.B!.image, ids.A!.text, ids.B!.text]),
      );
      const none = await sut.data(quality.winningLabel, {
        dataRowId: p.images[1]!.id,
        projectId: p.projectId,
      });
      assert.equal(none.dataRow.labelingActivity.selectedLabelId, null);
      const hidden = await sut.gql(quality.winningLabel, {
        dataRowId: p.images[0]!.id,
        projectId: 'cnotaproject000000000000',
      });
      assert.equal(hidden.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });

    it('benchmarks: created once per row, scored against, listed, deleted', async () => {
      const created = (await sut.data(quality.createBenchmark, { labelId: ids.A!.image })).createBenchmark;
      const again = (await sut.data(quality.createBenchmark, { labelId: ids.A!.image })).createBenchmark;
      assert.equal(again.id, created.id, 'a retry returns the same benchmark');
      // B against A: 2/3; C against A: box 1, radio missing → 1/2. Average 7/12 over two labels.
      close(created.averageAgreement, 7 / 12);
      assert.equal(created.completedCount, 2);
      const labels = await labelsOf();
      const byId = new Map(labels.map((l) => [l.id, l]));
      assert.equal(byId.get(ids.A!.image)!.isBenchmarkReference, true);
      assert.equal(byId.get(ids.A!.image)!.benchmarkAgreement, null);
      close(byId.get(ids.B!.image)!.benchmarkAgreement, 2 / 3);
      close(byId.get(ids.C!.image)!.benchmarkAgreement, 1 / 2);

      const second = await sut.gql(quality.createBenchmark, { labelId: ids.B!.image });
      assert.equal(second.body.errors?.[0]?.extensions.code, 'RESOURCE_CONFLICT');

      const list = (await sut.data(quality.benchmarks(0), { param_0: p.projectId })).project.benchmarks;
      assert.equal(list.length, 1);
      assert.equal(list[0].id, created.id);
      const ref = await sut.data(quality.referenceLabel, { param_0: created.id });
      assert.equal(ref.benchmark.referenceLabel.id, ids.A!.image);

      const exported = await readExportStream(
        sut,
        await startProjectExport(sut, p.projectId, [], exportParams(true)),
      );
      const row = exported!.rows.find((r) => r.data_row.id === p.images[0]!.id);
      const perf = new Map<string, any>(
        row.projects[p.projectId].labels.map((l: any) => [l.id, l.performance_details]),
      );
      close(perf.get(ids.B!.image!).consensus_score, 5 / 12);
      close(perf.get(ids.B!.image!).benchmark_score, 2 / 3);
      assert.equal(perf.get(ids.A!.image!).benchmark_score, null);

      const deleted = await sut.data(quality.deleteBenchmark, { labelId: ids.A!.image });
      assert.equal(deleted.deleteBenchmark.id, created.id);
      const after = new Map((await labelsOf()).map((l) => [l.id, l]));
      assert.equal(after.get(ids.A!.image)!.isBenchmarkReference, false);
      assert.equal(after.get(ids.B!.image)!.benchmarkAgreement, null);
      assert.deepEqual(
        (await sut.data(quality.benchmarks(0), { param_0: p.projectId })).project.benchmarks,
        [],
      );
      const gone = await sut.gql(quality.deleteBenchmark, { labelId: ids.A!.image });
      assert.equal(gone.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });

    it('deleting a label rescores the rest of its row', async () => {
      await sut.data(ops.deleteLabels([ids.C!.image!]));
      close(await agreementOf(ids.A!.image), 2 / 3);
      close(await agreementOf(ids.B!.image), 2 / 3);
      // A row back to one label: that label has no consensus score any more.
      await sut.data(ops.deleteLabels([ids.B!.text!]));
      assert.equal(await agreementOf(ids.A!.text), null);
    });

    it('labeler performance: labels, time and mean scores per author (reviewers and up)', async () => {
      const rows = (await sut.data(quality.labelerPerformance(0), { projectId: p.projectId })).project
        .labelerPerformance;
      assert.equal(rows.length, 1);
      const [me] = rows;
      assert.equal(me.user.id, sut.actor.userId);
      assert.equal(me.count, 3, 'A and B on the image row, A on the text row (the others were deleted)');
      // Image labels 2/3 each; the lone text label has no score and is left out of the mean.
      close(me.consensus, 2 / 3);
      assert.equal(me.averageBenchmarkAgreement, null);
      assert.equal(me.totalTimeLabeling, 0, 'imported labels took no labeling time');
      assert.equal(me.secondsPerLabel, 0);
      assert.match(me.lastActivityTime, /Z$/);
    });

    it('role × operation: managers create and delete benchmarks, labelers and reviewers read', async () => {
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      for (const role of ['ADMIN', 'TEAM_MANAGER', 'REVIEWER', 'LABELER']) {
        const user = await createActor(sut.ctx, `${role}-${dialect}@example.com`, org, role);
        const key = { key: user.key };
        const create = await sut.gql(quality.createBenchmark, { labelId: ids.B!.image }, key);
        const manages = role === 'ADMIN' || role === 'TEAM_MANAGER';
        if (manages) {
          assert.equal(create.body.errors, undefined, role);
          const del = await sut.gql(quality.deleteBenchmark, { labelId: ids.B!.image }, key);
          assert.equal(del.body.errors, undefined, role);
        } else {
          assert.equal(create.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR', role);
          const del = await sut.gql(quality.deleteBenchmark, { labelId: ids.B!.image }, key);
          assert.equal(del.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR', role);
        }
        const read = await sut.gql(quality.benchmarks(0), { param_0: p.projectId }, key);
        assert.equal(read.body.errors, undefined, role);
        const performance = await sut.gql(quality.labelerPerformance(0), { projectId: p.projectId }, key);
        if (role === 'LABELER')
          assert.equal(performance.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR', role);
        else assert.equal(performance.body.errors, undefined, role);
        const winner = await sut.gql(
          quality.winningLabel,
          { dataRowId: p.images[0]!.id, projectId: p.projectId },
          key,
        );
        assert.equal(winner.body.errors, undefined, role);
      }
      const none = await createActor(sut.ctx, `none-${dialect}@example.com`, org, 'NONE');
      // A label in a project the caller may not see is not found, exactly as a missing one.
      const refused = await sut.gql(quality.createBenchmark, { labelId: ids.B!.image }, { key: none.key });
      assert.equal(refused.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      // A project-based admin manages the benchmarks of their project; a project-based labeler may not.
      const projectAdmin = await createActor(sut.ctx, `project-admin-${dialect}@example.com`, org, 'NONE');
      const projectLabeler = await createActor(
        sut.ctx,
        `project-labeler-${dialect}@example.com`,
        org,
        'NONE',
      );
      const roleId = (key: string) => ROLES.find((r) => r.key === key)!.id;
      await sut.services.members.setProjectRole(sut.actor, {
        userId: projectAdmin.userId,
        projectId: p.projectId,
        roleId: roleId('ADMIN'),
      });
      await sut.services.members.setProjectRole(sut.actor, {
        userId: projectLabeler.userId,
        projectId: p.projectId,
        roleId: roleId('LABELER'),
      });
      const byProjectAdmin = await sut.gql(
        quality.createBenchmark,
        { labelId: ids.B!.image },
        { key: projectAdmin.key },
      );
      assert.equal(byProjectAdmin.body.errors, undefined, JSON.stringify(byProjectAdmin.body.errors));
      const byProjectLabeler = await sut.gql(
        quality.deleteBenchmark,
        { labelId: ids.B!.image },
        { key: projectLabeler.key },
      );
      assert.equal(byProjectLabeler.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
      const deleted = await sut.gql(
        quality.deleteBenchmark,
        { labelId: ids.B!.image },
        { key: projectAdmin.key },
      );
      assert.equal(deleted.body.errors, undefined);
      const noRead = await sut.gql(
        quality.referenceLabel,
        { param_0: 'cnotabenchmark00000000000' },
        { key: none.key },
      );
      assert.equal(noRead.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
      const missing = await sut.gql(quality.referenceLabel, { param_0: 'cnotabenchmark00000000000' });
      assert.equal(missing.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });
  });
}
