import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../harness.ts';
import { imageDocument, insertLabel, seedExportProject, storeMask } from '../export.factory.ts';
import { readZip } from '../zip.reader.ts';

/**
 * Regression (PNG bombs, issue 14): a mask PNG that costs seconds to decode was decoded again for every instance
 * that shares it (composite masks) on every export. Each stored mask is now read and decoded once per row.
 */
describe('mask PNGs decoded once per export row (security regression)', () => {
  let sut: TestServer;
  let projectId: string;
  let maskKey: string;
  before(async () => {
    sut = await startTestServer();
    const project = await seedExportProject(sut, { images: 1 });
    projectId = project.projectId;
    maskKey = await storeMask(sut);
    const base = imageDocument(project.ontology, maskKey);
    const mask = base.objects.find((o) => o.kind === 'mask')!;
    // Five instances over the same stored PNG, as a composite mask's instances are.
    const copies = Array.from({ length: 4 }, (_, i) => ({ ...mask, uuid: `${mask.uuid}-${i}` }));
    const doc = { ...base, objects: [...base.objects, ...copies] };
    await insertLabel(sut, { projectId, dataRowId: project.images[0]!.id, doc });
  });
  after(async () => sut.close());

  it('reads a shared mask once, and still writes every instance', async () => {
    const blobs = sut.ctx.blobs;
    const readBuffer = blobs.readBuffer.bind(blobs);
    let reads = 0;
    blobs.readBuffer = async (key: string) => {
      if (key === maskKey) reads++;
      return readBuffer(key);
    };
    try {
      const res = await fetch(`${sut.url}/api/v1/projects/${projectId}/exports/masks`, {
        headers: { authorization: `Bearer ${sut.key}` },
      });
      assert.equal(res.status, 200);
      const files = readZip(Buffer.from(await res.arrayBuffer()));
      const index = files.get('masks/index.ndjson')!.toString().trim().split('\n');
      assert.equal(index.filter((l) => JSON.parse(l).name === 'seg').length, 5);
      assert.equal(reads, 1);
    } finally {
      blobs.readBuffer = readBuffer;
    }
  });
});
