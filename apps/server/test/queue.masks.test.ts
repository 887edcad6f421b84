import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMask, encodeBase64, maskToPng, pngToMask, type BinaryMask } from '@labelyard/schema';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { importByFile, setupLabelProject, type LabelProject } from './label.factory.ts';
import { box, queue } from './queue.sdk.ts';
import { resignDraftMasks } from '../src/services/queue/draft-masks.ts';

type Caller = { key: string; userId: string };
const LABEL = `query L($id: ID!) { label(where: {id: $id}) { id annotations } }`;

/** A 640×480 mask (the rows' size) with one filled rectangle. */
function rectangleMask(x0: number, y0: number, x1: number, y1: number): BinaryMask {
  const mask = createMask(640, 480);
  for (let y = y0; y < y1; y++) mask.data.fill(1, y * 640 + x0, y * 640 + x1);
  return mask;
}

/** Downloads a mask line's instanceURI with no key at all, as the editor's canvas does, and decodes it. */
async function download(line: { mask?: { instanceURI?: string } }): Promise<BinaryMask> {
  const url = line.mask?.instanceURI;
  assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/files\//, 'a signed file URL of this server');
  const res = await fetch(url!);
  assert.equal(res.status, 200);
  const pixels = pngToMask(new Uint8Array(await res.arrayBuffer()));
  assert.ok(pixels.ok);
  return pixels.value;
}

for (const dialect of dialects) {
  describe(`stored masks in the queue: downloadable lines that survive a round trip (${dialect})`, () => {
    let sut: TestServer;
    let p: LabelProject;
    let labeler: Caller;
    let reviewer: Caller;
    const drawn = rectangleMask(100, 50, 300, 200);
    const predicted = rectangleMask(10, 10, 40, 30);

    before(async () => {
      sut = await startTestServer({ dialect });
      p = await setupLabelProject(sut, { images: 2, texts: 0 });
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      labeler = await createActor(sut.ctx, `mask-labeler-${dialect}@example.com`, org, 'LABELER');
      reviewer = await createActor(sut.ctx, `mask-reviewer-${dialect}@example.com`, org, 'REVIEWER');
      const mal = p.images.map((row, i) => ({
        uuid: `mal-mask-${i}`,
        name: 'seg',
        mask: { png: encodeBase64(maskToPng(predicted)) },
        dataRow: { id: row.id },
      }));
      assert.equal((await importByFile(sut, 'MAL', p.projectId, 'masks', mal)).import.state, 'FINISHED');
    });
    after(async () => sut.close());

    const reserve = async (who: Caller, queueType: string) =>
      (await sut.data(queue.reserve, { data: { projectId: p.projectId, queueType } }, { key: who.key }))
        .reserveNextDataRow;

    it('pre-labels and labels hand out stored masks by URL; sent back unchanged they keep their pixels', async () => {
      const held = await reserve(labeler, 'LabelingQueue');
      assert.equal(held.preLabels.length, 1, 'the MAL mask is not dropped');
      assert.deepEqual((await download(held.preLabels[0])).data, predicted.data);

      // The labeler keeps the pre-label as handed out (by URL) and adds a drawn mask inline.
      const submitted = (
        await sut.data(
          queue.submit,
          {
            data: {
              reservationId: held.id,
              annotations: [
                held.preLabels[0],
                { uuid: 'drawn', name: 'seg', mask: { png: encodeBase64(maskToPng(drawn)) } },
              ],
              secondsToLabel: 3,
            },
          },
          { key: labeler.key },
        )
      ).submitQueuedLabel;
      const lines = (await sut.data(LABEL, { id: submitted.id })).label.annotations;
      assert.deepEqual(
        lines.map((l: { uuid: string }) => l.uuid),
        ['mal-mask-0', 'drawn'],
      );
      assert.deepEqual((await download(lines[0])).data, predicted.data);
      assert.deepEqual((await download(lines[1])).data, drawn.data);

      // The reviewer gets both masks by URL and approves with one more box: the masks stay as they were.
      const review = await reserve(reviewer, 'ReviewQueue');
      assert.equal(review.label.id, submitted.id);
      const shown = (await sut.data(LABEL, { id: submitted.id }, { key: reviewer.key })).label.annotations;
      await sut.data(
        queue.review,
        { data: { reservationId: review.id, verdict: 'APPROVE', annotations: [...shown, box('added')] } },
        { key: reviewer.key },
      );
      const after = (await sut.data(LABEL, { id: submitted.id })).label.annotations;
      assert.deepEqual(
        after.map((l: { uuid: string }) => l.uuid),
        ['mal-mask-0', 'drawn', 'added'],
      );
      assert.deepEqual((await download(after[0])).data, predicted.data);
      assert.deepEqual((await download(after[1])).data, drawn.data);
    });

    it('a draft restored after its mask URL expired gets the mask signed again', async () => {
      const held = await reserve(labeler, 'LabelingQueue');
      const line = held.preLabels[0] as { uuid: string; mask: { instanceURI: string } };
      const handedOut = new URL(line.mask.instanceURI);
      const key = handedOut.pathname.slice('/files/'.length);
      const expired = `${handedOut.origin}${sut.ctx.signer.sign({ key }, -60)}`;
      assert.notEqual((await fetch(expired)).status, 200, 'the URL the draft kept no longer downloads');
      const forged = `${handedOut.origin}/files/${key}?expires=1&sig=forged`;
      const foreign = 'https://example.com/masks/a.png';
      const draft = [
        { ...line, mask: { ...line.mask, instanceURI: expired } },
        { uuid: 'forged', name: 'seg', mask: { instanceURI: forged, colorRGB: [255, 255, 255] } },
        { uuid: 'foreign', name: 'seg', mask: { instanceURI: foreign, colorRGB: [255, 255, 255] } },
      ];
      await sut.data(
        queue.draft,
        { data: { reservationId: held.id, annotations: draft } },
        { key: labeler.key },
      );

      const reopened = await reserve(labeler, 'LabelingQueue');
      assert.equal(reopened.id, held.id);
      const [restored, keptForged, keptForeign] = reopened.draft;
      assert.notEqual(restored.mask.instanceURI, expired);
      assert.deepEqual((await download(restored)).data, predicted.data, 'the restored mask downloads again');
      assert.deepEqual({ ...restored, mask: { ...restored.mask, instanceURI: expired } }, draft[0]);
      assert.equal(keptForged.mask.instanceURI, forged, 'a URL this server did not sign is not signed');
      assert.equal(keptForeign.mask.instanceURI, foreign);

      // A URL of another organization's blob is not signed for this one.
      assert.deepEqual(resignDraftMasks(draft, sut.ctx.signer, 'another-org'), draft);
    });

    it('a submission sending back a mask URL that expired while the row was open keeps its pixels', async () => {
      const held = await reserve(labeler, 'LabelingQueue');
      const line = held.preLabels[0] as { uuid: string; mask: { instanceURI: string } };
      const handedOut = new URL(line.mask.instanceURI);
      const key = handedOut.pathname.slice('/files/'.length);
      const expired = `${handedOut.origin}${sut.ctx.signer.sign({ key }, -3600)}`;
      const submit = (instanceURI: string) =>
        sut.gql(
          queue.submit,
          {
            data: {
              reservationId: held.id,
              annotations: [{ ...line, mask: { ...line.mask, instanceURI } }],
              secondsToLabel: 2,
            },
          },
          { key: labeler.key },
        );
      // A forged signature is still not ours: it is fetched as a foreign URL, which the guard refuses.
      const forged = await submit(`${handedOut.origin}/files/${key}?expires=1&sig=forged`);
      assert.equal(forged.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      const accepted = await submit(expired);
      assert.equal(accepted.body.errors, undefined, JSON.stringify(accepted.body.errors));
      const lines = (await sut.data(LABEL, { id: accepted.body.data.submitQueuedLabel.id })).label
        .annotations;
      assert.deepEqual((await download(lines[0])).data, predicted.data);
    });
  });
}
