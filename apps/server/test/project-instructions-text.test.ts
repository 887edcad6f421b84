import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLES } from '../src/auth/roles.ts';
import { createActor, dialects, startTestServer, type TestServer } from './harness.ts';
import { createProjectOperation } from './project.factory.ts';

const roleId = (key: string) => ROLES.find((r) => r.key === key)!.id;

const SET = `mutation($id: ID!, $markdown: String!) {
  setProjectInstructionsMarkdown(where: {id: $id}, markdown: $markdown) { id instructionsMarkdown } }`;
const READ = 'query($id: ID!) { project(where: {id: $id}) { instructionsMarkdown } }';

for (const dialect of dialects) {
  describe(`project Markdown instructions (${dialect})`, () => {
    let sut: TestServer;
    let project: string;
    let other: string;
    let labelerKey: string;
    before(async () => {
      sut = await startTestServer({ dialect });
      const create = async (name: string) =>
        (await sut.data(createProjectOperation({ name }), { name })).createProject.id as string;
      project = await create('With instructions');
      other = await create('Other');
      const org = (await sut.services.identity.getOrganization(sut.actor)).name;
      const labeler = await createActor(sut.ctx, `pb-${dialect}@example.com`, org, 'NONE');
      await sut.services.members.setProjectRole(sut.actor, {
        userId: labeler.userId,
        projectId: project,
        roleId: roleId('LABELER'),
      });
      labelerKey = labeler.key;
    });
    after(async () => sut.close());

    it('starts empty; managers write, labelers of the project read, an empty text removes', async () => {
      assert.equal((await sut.data(READ, { id: project })).project.instructionsMarkdown, null);
      const text = '# Boxes\nDraw **tight** boxes. <script>x</script>';
      const set = await sut.data(SET, { id: project, markdown: text });
      assert.equal(set.setProjectInstructionsMarkdown.instructionsMarkdown, text);
      const again = await sut.data(SET, { id: project, markdown: `${text}!` });
      assert.equal(again.setProjectInstructionsMarkdown.instructionsMarkdown, `${text}!`);
      const read = await sut.data(READ, { id: project }, { key: labelerKey });
      assert.equal(read.project.instructionsMarkdown, `${text}!`);
      const cleared = await sut.data(SET, { id: project, markdown: '  ' });
      assert.equal(cleared.setProjectInstructionsMarkdown.instructionsMarkdown, null);
    });

    it('refuses oversized text, labelers and projects the caller cannot see, writing nothing', async () => {
      const big = await sut.gql(SET, { id: project, markdown: 'x'.repeat(100_001) });
      assert.equal(big.body.errors?.[0]?.extensions.code, 'MALFORMED_REQUEST');
      assert.match(big.body.errors![0]!.message, /markdown/);
      const asLabeler = await sut.gql(SET, { id: project, markdown: 'mine' }, { key: labelerKey });
      assert.equal(asLabeler.body.errors?.[0]?.extensions.code, 'AUTHORIZATION_ERROR');
      const hidden = await sut.gql(READ, { id: other }, { key: labelerKey });
      assert.equal(hidden.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      const missing = await sut.gql(SET, { id: 'nope', markdown: 'x' });
      assert.equal(missing.body.errors?.[0]?.extensions.code, 'RESOURCE_NOT_FOUND');
      assert.equal((await sut.data(READ, { id: project })).project.instructionsMarkdown, null);
    });
  });
}
