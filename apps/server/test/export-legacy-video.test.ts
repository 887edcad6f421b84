import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { importByFile } from './label.factory.ts';
import { sdkLines, setupMediaProject } from './media.factory.ts';

/** The documented legacy label page (`APIGetPageOfLabels`): `label` is the v1 label JSON. */
const LABELS = `query APIGetPageOfLabels($projectId: ID!, $skip: Int!, $first: PageSize!) {
  project(where:{id: $projectId}) {
    labels(skip: $skip, first: $first){
      id label createdBy{ id email } type { id name } secondsToLabel agreement dataRow { id rowData } } } }`;

for (const dialect of dialects) {
  describe(`legacy v1 video labels are per-frame lists (${dialect})`, () => {
    let sut: TestServer;
    let projectId: string;
    let video: { id: string; globalKey: string };
    before(async () => {
      sut = await startTestServer({ dialect });
      const setup = await setupMediaProject(sut, [
        { rowData: 'https://example.com/clip.mp4', mediaType: 'VIDEO' },
      ]);
      projectId = setup.project.projectId;
      video = setup.rows[0]!;
      const lines = sdkLines('video').map((l) => ({ ...l, dataRow: { id: video.id } }));
      const imported = await importByFile(sut, 'GT', projectId, 'video-v1', lines);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
    });
    after(async () => sut.close());

    it('lists {frameNumber, objects, classifications} in frame order with keyframe flags', async () => {
      const page = (await sut.data(LABELS, { projectId, skip: 0, first: 100 })).project.labels as any[];
      const frames = JSON.parse(page.find((l) => l.dataRow.id === video.id).label) as any[];
      assert.ok(Array.isArray(frames));
      const numbers = frames.map((f) => f.frameNumber);
      assert.deepEqual(
        numbers,
        [...numbers].sort((a, b) => a - b),
      );
      for (const f of frames) assert.deepEqual(Object.keys(f), ['frameNumber', 'objects', 'classifications']);
      const at = (n: number) => frames.find((f) => f.frameNumber === n);
      const box13 = at(13).objects.find((o: any) => o.title === 'bbox');
      assert.equal(box13.keyframe, true);
      assert.deepEqual(box13.bbox, { top: 98, left: 146, height: 243, width: 236 });
      assert.equal(box13.value, 'bbox');
      assert.deepEqual(Object.keys(box13), [
        'featureId',
        'schemaId',
        'title',
        'value',
        'color',
        'keyframe',
        'bbox',
        'classifications',
      ]);
      // Between keyframes 13 and 19 the box is interpolated, as in export v2's interpolated frames.
      const box16 = at(16).objects.find((o: any) => o.title === 'bbox');
      assert.equal(box16.keyframe, false);
      assert.deepEqual(box16.bbox, { top: 98, left: 166, height: 243, width: 270 });
      assert.equal(box16.featureId, box13.featureId);
      // The checklist covers frames 7–13 and 18–19; the radio 3–4.
      const framesWith = (name: string) =>
        frames.filter((f) => f.classifications.some((c: any) => c.title === name)).map((f) => f.frameNumber);
      assert.deepEqual(framesWith('checklist'), [7, 8, 9, 10, 11, 12, 13, 18, 19]);
      assert.deepEqual(framesWith('radio_class'), [3, 4]);
    });
  });
}
