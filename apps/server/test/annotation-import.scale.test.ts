import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { startTestServer, tempDir, type TestServer } from './harness.ts';
import { ops, setupLabelProject } from './label.factory.ts';

const ROWS = 1_000;
const PER_ROW = 100;

/**
 * 100,000 annotations in one import: the file is streamed from disk to the server and through the import line by
 * line, so the heap stays about where a small import leaves it (the sampled peak is printed for the record).
 */
describe('a 100,000-annotation import', () => {
  let sut: TestServer;
  let file: string;
  before(async () => {
    sut = await startTestServer();
    file = path.join(tempDir(), 'big.ndjson');
  });
  after(async () => {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    await sut.close();
  });

  it('streams through with flat memory and lands every annotation', async () => {
    const p = await setupLabelProject(sut, { images: ROWS, texts: 0 });
    const out = fs.createWriteStream(file);
    for (const row of p.images)
      for (let i = 0; i < PER_ROW; i++)
        out.write(
          `${JSON.stringify({ uuid: `${row.id}-${i}`, dataRow: { id: row.id }, name: 'box', bbox: { top: i, left: i, height: 10, width: 10 }, classifications: [] })}\n`,
        );
    await new Promise<void>((resolve) => out.end(resolve));
    const name = 'big';
    const fileName = `${p.projectId}__${name}.ndjson`;
    const form = new FormData();
    form.append(
      'operations',
      JSON.stringify({
        variables: { file: null, contentLength: 1, projectId: p.projectId, name },
        query: ops.labelImportByFile,
      }),
    );
    form.append('map', JSON.stringify({ [fileName]: ['variables.file'] }));
    form.append(fileName, await fs.openAsBlob(file, { type: 'application/x-ndjson' }), fileName);
    const res = (await (
      await fetch(`${sut.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sut.key}` },
        body: form,
      })
    ).json()) as any;
    assert.equal(res.data.createLabelImport.state, 'RUNNING');

    // Live heap (after a full collection), sampled while the import runs: garbage does not count, retention does.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const live = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const start = live();
    let peak = start;
    const sampler = setInterval(() => (peak = Math.max(peak, live())), 250);
    const began = Date.now();
    await sut.ctx.jobs.drain();
    clearInterval(sampler);
    const growth = (peak - start) / 1024 ** 2;
    console.log(
      `# 100,000 annotations imported in ${Date.now() - began} ms; live heap peak +${growth.toFixed(1)} MB`,
    );

    const polled = (await sut.data(ops.getLabelImport, { projectId: p.projectId, name })).labelImport;
    assert.equal(polled.state, 'FINISHED');
    const errors = await (await fetch(polled.errorFileUrl)).text();
    assert.equal(errors, '');
    assert.equal((await sut.data(ops.labelCount, { projectId: p.projectId })).project.labelCount, ROWS);
    const count = await sut.db
      .selectFrom('annotations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), ROWS * PER_ROW);
    assert.ok(growth < 32, `live heap grew by ${growth.toFixed(1)} MB`);
  });
});
