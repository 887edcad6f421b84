import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Labelyard } from '@labelyard/sdk';
import { startTestServer, tempDir, type TestServer } from '../../../apps/server/test/harness.ts';
import { main } from '../src/main.ts';

function capture() {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const err: string[] = [];
  return {
    io: { out: (l: string) => err.push(l), err: (l: string) => err.push(l), stdout },
    err,
    stdout: () => Buffer.concat(chunks).toString(),
  };
}

describe('labelyard import / export against a running server', () => {
  let server: TestServer;
  let dir: string;
  let connection: string[];
  before(async () => {
    server = await startTestServer();
    dir = tempDir();
    connection = ['--url', server.url, '--api-key', server.key];
  });
  after(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports rows and labels from NDJSON files and streams the export to stdout', async () => {
    const sdk = new Labelyard({ url: server.url, apiKey: server.key });
    const dataset = await sdk.datasets.create({ name: 'cli rows' });
    const rowsFile = path.join(dir, 'rows.ndjson');
    fs.writeFileSync(
      rowsFile,
      [0, 1, 2]
        .map((i) => JSON.stringify({ row_data: `https://example.com/${i}.jpg`, global_key: `cli-${i}` }))
        .join('\n') + '\n\n',
    );
    const rows = capture();
    assert.equal(
      await main(['import', 'rows', '--dataset', dataset.id, '--file', rowsFile, ...connection], rows.io),
      0,
    );
    assert.match(rows.err.join('\n'), /3 of 3 data rows stored/);

    const ontology = await sdk.projects.createOntology({
      name: 'cli',
      mediaType: 'IMAGE',
      normalized: { tools: [{ tool: 'rectangle', name: 'car' }], classifications: [] },
    });
    const project = await sdk.projects.create({ name: 'cli project', allowedMediaType: 'IMAGE' });
    await sdk.projects.connectOntology(project.id, ontology.id);
    await sdk.projects.createBatch(project.id, { name: 'all', globalKeys: ['cli-0', 'cli-1', 'cli-2'] });
    const labelsFile = path.join(dir, 'labels.ndjson');
    const bbox = { top: 1, left: 2, height: 3, width: 4 };
    fs.writeFileSync(
      labelsFile,
      [
        { uuid: 'b0000000-0000-4000-8000-000000000001', dataRow: { globalKey: 'cli-0' }, name: 'car', bbox },
        { uuid: 'b0000000-0000-4000-8000-000000000002', dataRow: { globalKey: 'cli-1' }, name: 'bus', bbox },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const labels = capture();
    const args = ['import', 'labels', '--project', project.id, '--file', labelsFile, ...connection];
    assert.equal(await main(args, labels.io), 1, 'a failed line makes the exit code 1');
    assert.match(labels.err.join('\n'), /b0000000-0000-4000-8000-000000000002/);
    assert.match(labels.err.join('\n'), /1 of 2 lines imported/);

    const exported = capture();
    assert.equal(
      await main(['export', 'project', project.id, '--label-details', ...connection], exported.io),
      0,
    );
    const lines = exported
      .stdout()
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            data_row: { global_key: string };
            projects: Record<string, { labels: unknown[] }>;
          },
      );
    assert.deepEqual(lines.map((l) => l.data_row.global_key).sort(), ['cli-0', 'cli-1', 'cli-2']);
    assert.equal(lines.flatMap((l) => l.projects[project.id]!.labels).length, 1);
    assert.match(exported.err.join('\n'), /3 rows exported/);
  });

  it('names what is missing or wrong', async () => {
    const bad = path.join(dir, 'bad.ndjson');
    fs.writeFileSync(bad, '{"row_data": "https://example.com/x.jpg"}\nnot json\n');
    const cases: Array<[string[], RegExp]> = [
      [['import', 'rows', '--file', bad, ...connection], /--dataset is required/],
      [
        ['import', 'rows', '--dataset', 'd', '--file', bad, '--url', server.url],
        /LABELYARD_API_KEY is required/,
      ],
      [['import', 'rows', '--dataset', 'd', '--file', bad, ...connection], /bad\.ndjson:2: not JSON/],
      [
        ['export', 'project', 'c'.repeat(25), ...connection],
        /Project not found|RESOURCE_NOT_FOUND|not found/i,
      ],
    ];
    const saved = process.env.LABELYARD_API_KEY;
    delete process.env.LABELYARD_API_KEY;
    try {
      for (const [args, message] of cases) {
        const out = capture();
        assert.equal(await main(args, out.io), 1, args.join(' '));
        assert.match(out.err.join('\n'), message, args.join(' '));
      }
    } finally {
      if (saved !== undefined) process.env.LABELYARD_API_KEY = saved;
    }
  });
});
