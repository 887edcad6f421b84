import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  decodePng,
  encodeBase64,
  encodePng,
  type LabelDocument,
  type MaskAnnotation,
} from '@labelyard/schema';
import { createActor, startTestServer, type TestServer } from './harness.ts';
import {
  imageDocument,
  insertLabel,
  seedExportProject,
  storeMask,
  type ExportProject,
} from './export.factory.ts';

describe('GET /masks/feature/:id', () => {
  let sut: TestServer;
  let project: ExportProject;
  let doc: LabelDocument;
  let maskKey: string;
  let labelId: string;

  before(async () => {
    sut = await startTestServer();
    project = await seedExportProject(sut, { images: 2, texts: 0 });
    maskKey = await storeMask(sut);
    doc = imageDocument(project.ontology, maskKey);
    labelId = await insertLabel(sut, { projectId: project.projectId, dataRowId: project.images[0]!.id, doc });
  });
  after(async () => sut.close());

  const mask = () => doc.objects.find((o) => o.kind === 'mask') as MaskAnnotation;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${sut.url}${path}`, { headers, redirect: 'manual' });
    return { res, body: Buffer.from(await res.arrayBuffer()) };
  };

  it('returns the stored PNG with the key as Authorization: Bearer or ?token=', async () => {
    const stored = await sut.ctx.blobs.readBuffer(maskKey);
    const byHeader = await get(`/masks/feature/${mask().uuid}`, { authorization: `Bearer ${sut.key}` });
    assert.equal(byHeader.res.status, 200);
    assert.equal(byHeader.res.headers.get('content-type'), 'image/png');
    assert.ok(byHeader.body.equals(stored));
    const byQuery = await get(`/masks/feature/${mask().uuid}?token=${sut.key}`);
    assert.equal(byQuery.res.status, 200);
    assert.ok(byQuery.body.equals(stored));
    // The annotation index row id works as well as the feature uuid.
    const row = await sut.db
      .selectFrom('annotations')
      .select('id')
      .where('uuid', '=', mask().uuid)
      .executeTakeFirstOrThrow();
    assert.equal((await get(`/masks/feature/${row.id}?token=${sut.key}`)).res.status, 200);
  });

  it('answers 401 JSON without a valid key, 404 for other organizations and for features that are not masks', async () => {
    for (const path of [`/masks/feature/${mask().uuid}`, `/masks/feature/${mask().uuid}?token=lyk_nope`]) {
      const res = await get(path);
      assert.equal(res.res.status, 401);
      assert.match(JSON.parse(res.body.toString()).message, /Unauthorized/);
    }
    const other = await createActor(sut.ctx, 'mask-stranger@example.com', 'mask-other-org');
    const theirs = await get(`/masks/feature/${mask().uuid}`, { authorization: `Bearer ${other.key}` });
    assert.equal(theirs.res.status, 404);
    assert.match(JSON.parse(theirs.body.toString()).message, /not found/);
    const box = doc.objects[0]!;
    assert.equal((await get(`/masks/feature/${box.uuid}?token=${sut.key}`)).res.status, 404);
  });

  it('serves signed export URLs without a key, and refuses them tampered', async () => {
    const url = sut.services.masks.signedUrl(sut.url, sut.actor.organizationId, labelId, mask().uuid);
    const signed = await fetch(url);
    assert.equal(signed.status, 200);
    await signed.arrayBuffer();
    const tampered = await fetch(url.replace(/sig=[^&]+/, 'sig=xyz'));
    assert.equal(tampered.status, 401);
    await tampered.arrayBuffer();
    const otherLabel = await fetch(url.replace(`label=${labelId}`, `label=${project.images[1]!.id}`));
    assert.equal(otherLabel.status, 401);
    await otherLabel.arrayBuffer();
  });

  it('cuts one instance out of a composite mask by colour, and redirects to external mask URLs', async () => {
    const [w, h] = [4, 2];
    const rgb = new Uint8Array(w * h * 3);
    rgb.set([255, 0, 0], 0); // red instance: pixel (0, 0)
    rgb.set([0, 0, 255], 3 * 5); // blue instance: pixel (1, 1)
    const composite = encodeBase64(encodePng({ width: w, height: h, channels: 3, data: rgb }));
    const seg = mask();
    const red = {
      ...seg,
      uuid: 'red-instance',
      source: { type: 'png' as const, base64: composite },
      colorRGB: [255, 0, 0] as const,
    };
    const external = {
      ...seg,
      uuid: 'external-instance',
      source: { type: 'uri' as const, uri: 'https://storage.example.com/m.png' },
    };
    await insertLabel(sut, {
      projectId: project.projectId,
      dataRowId: project.images[1]!.id,
      doc: { objects: [red, external], classifications: [], relationships: [] },
    });
    const cut = await get(`/masks/feature/red-instance?token=${sut.key}`);
    assert.equal(cut.res.status, 200);
    const png = decodePng(cut.body);
    assert.ok(png.ok);
    assert.deepEqual([...png.value.data], [255, 0, 0, 0, 0, 0, 0, 0]);
    const moved = await get(`/masks/feature/external-instance?token=${sut.key}`);
    assert.equal(moved.res.status, 302);
    assert.equal(moved.res.headers.get('location'), 'https://storage.example.com/m.png');
  });
});
