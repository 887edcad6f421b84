import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { uploadData } from './catalog.factory.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { createProjectOperation } from './project.factory.ts';
import { quality } from './quality.sdk.ts';

const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
const HTML = '<!doctype html><h1>Draw tight boxes</h1><script>alert(document.cookie)</script>';
const instructionsOf = (projectId: string) =>
  `query { project(where: {id: "${projectId}"}) { instructionsUrl } }`;

for (const dialect of dialects) {
  describe(`project instructions: upsert_instructions (${dialect})`, () => {
    let sut: TestServer;
    let projectId: string;
    before(async () => {
      sut = await startTestServer({ dialect });
      const vars = { name: 'instructions' };
      projectId = (await sut.data(createProjectOperation(vars), vars)).createProject.id;
    });
    after(async () => sut.close());

    const set = (url: string, key?: string) =>
      sut.gql(quality.setInstructions, { projectId, instructions_url: url }, key ? { key } : {});

    it('stores an uploaded PDF and serves it back through a signed URL', async () => {
      assert.equal((await sut.data(instructionsOf(projectId))).project.instructionsUrl, null);
      const url = await uploadData(sut, PDF, 'guide.pdf', 'application/pdf');
      const res = await set(url);
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      assert.equal(res.body.data.setProjectInstructions.id, projectId);
      assert.deepEqual(res.body.data.setProjectInstructions.ontology, null);
      const served = (await sut.data(instructionsOf(projectId))).project.instructionsUrl as string;
      assert.match(served, /\/files\/.+\.pdf\?.*sig=/);
      const got = await fetch(served);
      assert.equal(got.status, 200);
      assert.equal(got.headers.get('content-type'), 'application/pdf');
      assert.equal(await got.text(), PDF);
      const forged = await fetch(served.replace(/sig=[^&]+/, 'sig=AAAA'));
      assert.equal(forged.status, 403);
    });

    it('replaces them with HTML served as a sandboxed, nosniff attachment', async () => {
      const url = await uploadData(sut, HTML, 'guide.html', 'text/html');
      assert.equal((await set(url)).body.errors, undefined);
      const served = (await sut.data(instructionsOf(projectId))).project.instructionsUrl as string;
      const got = await fetch(served);
      assert.equal(got.status, 200);
      assert.match(got.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(got.headers.get('content-disposition'), 'attachment');
      assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
      assert.match(got.headers.get('content-security-policy') ?? '', /sandbox/);
    });

    it('refuses other files and URLs, naming the field', async () => {
      const cases: Array<[string, RegExp]> = [
        [await uploadData(sut, 'not a pdf', 'fake.pdf', 'application/pdf'), /PDF signature/],
        [await uploadData(sut, '{"a": 1}', 'data.json', 'application/json'), /\.pdf or \.html/],
        ['https://example.com/guide.pdf', /uploadFile/],
      ];
      for (const [url, message] of cases) {
        const res = await set(url);
        assert.equal(res.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST', url);
        assert.match(res.body.errors![0]!.message, /data\.instructionsUrl/);
        assert.match(res.body.errors![0]!.message, message);
      }
    });

    it('role × operation: admins and team managers set them, everyone in the project reads them', async () => {
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      const url = await uploadData(sut, PDF, 'guide.pdf', 'application/pdf');
      for (const role of ['ADMIN', 'TEAM_MANAGER', 'REVIEWER', 'LABELER']) {
        const user = await createActor(sut.ctx, `${role}-i-${dialect}@example.com`, org, role);
        const res = await set(url, user.key);
        if (role === 'ADMIN' || role === 'TEAM_MANAGER') assert.equal(res.body.errors, undefined, role);
        else assert.equal(res.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR', role);
        const read = await sut.gql(instructionsOf(projectId), null, { key: user.key });
        assert.match(read.body.data?.project.instructionsUrl ?? '', /\/files\//, role);
      }
      const outsider = await createActor(sut.ctx, `none-i-${dialect}@example.com`, org, 'NONE');
      const refused = await set(url, outsider.key);
      assert.equal(refused.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
    });
  });
}
