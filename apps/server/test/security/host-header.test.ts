import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createActor, startTestServer, type TestServer } from '../harness.ts';
import { imageDocument, insertLabel, seedExportProject, storeMask } from '../export.factory.ts';

const EXPORT = 'mutation($id: ID!) { exportLabels(data: {projectId: $id}) { downloadUrl shouldPoll } }';

/** POSTs a GraphQL request with a chosen Host header (fetch may not set it). */
function postWithHost(sut: TestServer, host: string, key: string, body: unknown): Promise<any> {
  const url = new URL(sut.url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: '/graphql',
        method: 'POST',
        headers: { host, 'content-type': 'application/json', authorization: `Bearer ${key}` },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Regression: with PUBLIC_URL unset, the first caller's Host header ended up in the export file the next 30
 * minutes of callers were handed (download link and mask URLs pointing at the attacker's host).
 */
describe('Host header (security regression)', () => {
  let sut: TestServer;
  let projectId: string;
  before(async () => {
    sut = await startTestServer();
    const project = await seedExportProject(sut, { images: 1 });
    projectId = project.projectId;
    await insertLabel(sut, {
      projectId,
      dataRowId: project.images[0]!.id,
      doc: imageDocument(project.ontology, await storeMask(sut)),
    });
  });
  after(async () => sut.close());

  it("never hands one caller an export file made with another caller's Host", async () => {
    const org = (await sut.services.identity.getOrganization(sut.actor)).name;
    const attacker = await createActor(sut.ctx, 'attacker@example.com', org, 'ADMIN');
    const poisoned = await postWithHost(sut, 'evil.example', attacker.key, {
      query: EXPORT,
      variables: { id: projectId },
    });
    assert.match(poisoned.data.exportLabels.downloadUrl, /^http:\/\/evil\.example\//);

    const host = new URL(sut.url).host;
    const honest = await postWithHost(sut, host, sut.key, { query: EXPORT, variables: { id: projectId } });
    const link: string = honest.data.exportLabels.downloadUrl;
    assert.ok(link.startsWith(`http://${host}/`), link);
    const file = await (await fetch(link)).text();
    assert.ok(file.includes(`http://${host}/masks/`), "mask URLs use the caller's origin");
    assert.ok(!file.includes('evil.example'), 'nothing in the file points at the other Host');
  });
});
