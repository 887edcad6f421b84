import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createActor, startTestServer, type TestServer } from './harness.ts';
import {
  imageDocument,
  insertLabel,
  seedExportProject,
  storeMask,
  textDocument,
  type ExportProject,
} from './export.factory.ts';

/** The documented "Data Export" operations, verbatim (../shared/seeds/labelbox-data-export.txt). */
const seed = {
  inline: (projectId: string) => `mutation{
  exportLabels(data:{
    projectId:"${projectId}"
  }){
    downloadUrl
    createdAt
    shouldPoll
  }
}`,
  getExportUrl: `
    mutation GetExportUrl($project_id: ID!){
      exportLabels(data:{
        projectId: $project_id
      }){
        downloadUrl
        createdAt
        shouldPoll
      }
    }
    `,
  projects: `
    query GetAProjectFromOrganization {
      projects {
        id
        name
      }
    }
    `,
  myProjects: `query MyProjects {
  user {
    projects {
      id
      name
    }
  }
}`,
};

type ExportState = { downloadUrl: string | null; createdAt: string; shouldPoll: boolean };

describe('legacy bulk export (exportLabels)', () => {
  let sut: TestServer;
  let project: ExportProject;
  let labelIds: string[];

  before(async () => {
    sut = await startTestServer();
    project = await seedExportProject(sut, { images: 2, texts: 1, name: 'Seed project' });
    const maskKey = await storeMask(sut);
    labelIds = [
      await insertLabel(sut, {
        projectId: project.projectId,
        dataRowId: project.images[0]!.id,
        doc: imageDocument(project.ontology, maskKey),
        agreement: 0.8,
      }),
      await insertLabel(sut, {
        projectId: project.projectId,
        dataRowId: project.texts[0]!.id,
        doc: textDocument(project.ontology),
      }),
      await insertLabel(sut, {
        projectId: project.projectId,
        dataRowId: project.images[1]!.id,
        doc: { objects: [], classifications: [], relationships: [] },
        type: 'SKIPPED',
        createdAt: '2020-01-01T00:00:00.000Z',
      }),
    ];
  });
  after(async () => sut.close());

  it('runs the documented script: projects[0] → exportLabels → download without auth → JSON array of v1 rows', async () => {
    const { projects } = await sut.data<{ projects: Array<{ id: string; name: string }> }>(seed.projects);
    assert.equal(projects[0]!.id, project.projectId);
    const mine = await sut.data<{ user: { projects: Array<{ id: string }> } }>(seed.myProjects);
    assert.ok(mine.user.projects.some((p) => p.id === project.projectId));

    const first = (
      await sut.data<{ exportLabels: ExportState }>(seed.getExportUrl, { project_id: project.projectId })
    ).exportLabels;
    // Small projects finish inside the request: no poll needed.
    assert.equal(first.shouldPoll, false);
    assert.match(first.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const res = await fetch(first.downloadUrl!);
    assert.equal(res.status, 200);
    const rows = (await res.json()) as Array<Record<string, any>>;
    assert.ok(Array.isArray(rows));
    assert.deepEqual(rows.map((r) => r.ID).sort(), [...labelIds].sort());

    const image = rows.find((r) => r['DataRow ID'] === project.images[0]!.id)!;
    for (const key of [
      'ID',
      'DataRow ID',
      'Labeled Data',
      'Label',
      'Created By',
      'Project Name',
      'Created At',
      'Updated At',
      'Seconds to Label',
      'External ID',
      'Global Key',
      'Agreement',
      'Benchmark Agreement',
      'Benchmark ID',
      'Dataset Name',
      'Reviews',
      'View Label',
      'Has Open Issues',
      'Skipped',
      'DataRow Metadata',
      'Media Attributes',
      'media_type',
    ]) {
      assert.ok(key in image, `row has ${key}`);
    }
    assert.equal(image['Project Name'], 'Seed project');
    assert.equal(image['Created By'], sut.actor.email);
    assert.equal(image.Agreement, 0.8);
    assert.equal(image['Benchmark Agreement'], -1);
    assert.equal(image['External ID'], 'img-0.png');
    assert.equal(image['Global Key'], project.images[0]!.globalKey);
    assert.equal(image.Skipped, false);
    assert.equal(image.media_type, 'IMAGE');
    assert.deepEqual(image['Media Attributes'], { mimeType: 'image/png', width: 8, height: 6 });

    const label = image.Label;
    const byTitle = (title: string) => label.objects.find((o: any) => o.title === title);
    assert.deepEqual(byTitle('box').bbox, { top: 1, left: 1, height: 2, width: 3 });
    assert.equal(byTitle('box').color, '#ff0000');
    assert.equal(byTitle('box').classifications[0].answer.title, 'yes');
    assert.equal(
      byTitle('box').classifications[0].answer.classifications?.[0]?.answer ??
        byTitle('box').classifications[0].answer.classifications,
      'behind a tree',
    );
    assert.equal(byTitle('poly').polygon.length, 3);
    assert.deepEqual(byTitle('pt').point, { x: 2, y: 2 });
    assert.equal(byTitle('ln').line.length, 2);
    assert.match(byTitle('seg').instanceURI, /\/masks\/feature\/[^?]+\?org=.*&sig=/);
    assert.deepEqual(label.classifications.map((c: any) => c.title).sort(), ['c', 'free_text', 'q']);
    assert.equal(label.classifications.find((c: any) => c.title === 'c').answers.length, 2);
    assert.equal(label.classifications.find((c: any) => c.title === 'free_text').answer, 'sample text');
    assert.equal(label.relationships.length, 1);

    // The mask URL in the file is signed: it downloads without a key.
    const mask = await fetch(byTitle('seg').instanceURI);
    assert.equal(mask.status, 200);
    assert.equal(mask.headers.get('content-type'), 'image/png');
    assert.ok((await mask.arrayBuffer()).byteLength > 0);

    const text = rows.find((r) => r['DataRow ID'] === project.texts[0]!.id)!;
    assert.deepEqual(
      text.Label.objects.map((o: any) => o.data.location),
      [
        { start: 0, end: 13 },
        { start: 25, end: 31 },
      ],
    );
    assert.equal(rows.find((r) => r.Skipped === true)?.ID, labelIds[2]);
  });

  it('hands out the same downloadUrl and createdAt within 30 minutes (inline and variable forms alike)', async () => {
    const a = (await sut.data<{ exportLabels: ExportState }>(seed.inline(project.projectId))).exportLabels;
    const b = (
      await sut.data<{ exportLabels: ExportState }>(seed.getExportUrl, { project_id: project.projectId })
    ).exportLabels;
    assert.equal(a.shouldPoll, false);
    assert.equal(a.downloadUrl, b.downloadUrl);
    assert.equal(a.createdAt, b.createdAt);
    // The signed URL is refused once tampered with.
    const tampered = a.downloadUrl!.replace(/sig=[^&]+/, 'sig=AAAA');
    const refused = await fetch(tampered);
    assert.equal(refused.status, 403);
    await refused.arrayBuffer();
  });

  it('filters by label creation time (a separate file, reused on its own)', async () => {
    const op = (start: string) =>
      `mutation{exportLabels(data:{projectId:"${project.projectId}", filters:{labelCreatedAt:{start:"${start}", end:"2100-01-01"}}}){downloadUrl createdAt shouldPoll}}`;
    const recent = (await sut.data<{ exportLabels: ExportState }>(op('2021-01-01'))).exportLabels;
    const rows = (await (await fetch(recent.downloadUrl!)).json()) as Array<{ ID: string }>;
    assert.deepEqual(rows.map((r) => r.ID).sort(), labelIds.slice(0, 2).sort());
    const again = (await sut.data<{ exportLabels: ExportState }>(op('2021-01-01'))).exportLabels;
    assert.equal(again.downloadUrl, recent.downloadUrl);
    const bad = await sut.gql(op('yesterday'));
    assert.equal(bad.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
    assert.match(bad.body.errors![0]!.message, /labelCreatedAt\.start/);
  });

  it('keeps organizations apart', async () => {
    const other = await createActor(sut.ctx, 'other-exporter@example.com', 'other-export-org');
    const res = await sut.gql(seed.getExportUrl, { project_id: project.projectId }, { key: other.key });
    assert.equal(res.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
  });
});

describe('legacy bulk export polled through the worker', () => {
  let sut: TestServer;
  before(async () => {
    // Nothing finishes inside the request: the script has to poll.
    sut = await startTestServer({ config: { inlineJobMaxItems: 0 } });
  });
  after(async () => sut.close());

  it('answers shouldPoll until the job ran, then the file; an empty project is an empty array', async () => {
    const project = await seedExportProject(sut, { images: 1, texts: 0 });
    await insertLabel(sut, {
      projectId: project.projectId,
      dataRowId: project.images[0]!.id,
      doc: { objects: [], classifications: [], relationships: [] },
    });
    const first = (
      await sut.data<{ exportLabels: ExportState }>(seed.getExportUrl, { project_id: project.projectId })
    ).exportLabels;
    assert.equal(first.shouldPoll, true);
    assert.equal(first.downloadUrl, null);
    const polled = (
      await sut.data<{ exportLabels: ExportState }>(seed.getExportUrl, { project_id: project.projectId })
    ).exportLabels;
    assert.equal(polled.shouldPoll, true);
    assert.equal(polled.createdAt, first.createdAt);
    await sut.ctx.jobs.drain();
    const done = (
      await sut.data<{ exportLabels: ExportState }>(seed.getExportUrl, { project_id: project.projectId })
    ).exportLabels;
    assert.equal(done.shouldPoll, false);
    assert.equal(done.createdAt, first.createdAt);
    const rows = (await (await fetch(done.downloadUrl!)).json()) as unknown[];
    assert.equal(rows.length, 1);

    const empty = await seedExportProject(sut, { images: 1, texts: 0 });
    await sut.data(seed.getExportUrl, { project_id: empty.projectId });
    await sut.ctx.jobs.drain();
    const file = (
      await sut.data<{ exportLabels: ExportState }>(seed.getExportUrl, { project_id: empty.projectId })
    ).exportLabels;
    assert.equal(await (await fetch(file.downloadUrl!)).text(), '[]');
  });
});
