import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { fetchNdjson, importByFile } from './label.factory.ts';
import { sdkLines, setupMediaProject } from './media.factory.ts';

const PARENT = 'clxfzocbm00083b6v8vczsept';
const GPT4O = 'clxfzi3r400053b6vvqhl5ybw';
const GPT5 = 'clxfznjb800073b6v43ppx9ca';

/** A model-chat evaluation row (Labelbox's conversational v2 JSON: messages keyed by id) with these messages. */
const chatEvaluation = (ids: string[]) =>
  JSON.stringify({
    type: 'application/vnd.labelbox.conversational.model-chat-evaluation',
    version: 2,
    actors: { a1: { role: 'human', metadata: { humanInfo: { name: 'x' } } } },
    messages: Object.fromEntries(
      ids.map((id) => [id, { actorId: 'a1', content: [{ type: 'text', content: `message ${id}` }] }]),
    ),
    rootMessageIds: [ids[0]],
  });

/** A conversational v1 row: messages as a list with `messageId`. */
const conversation = JSON.stringify({
  type: 'application/vnd.labelbox.conversational',
  version: 1,
  messages: [
    { messageId: 'message-0', content: 'Hello there', user: { userId: 'u', name: 'User' }, align: 'right' },
    { messageId: 'message-1', content: 'General Kenobi', user: { userId: 'b', name: 'Bot' }, align: 'left' },
  ],
});

for (const dialect of dialects) {
  describe(`message ids are checked against the row's conversation (${dialect})`, () => {
    let sut: TestServer;
    let projectId: string;
    let rows: Array<{ id: string; globalKey: string }>;
    before(async () => {
      sut = await startTestServer({ dialect });
      const setup = await setupMediaProject(sut, [
        { rowData: chatEvaluation([PARENT, GPT4O, GPT5]), mediaType: 'CONVERSATIONAL' },
        { rowData: chatEvaluation([PARENT, GPT5]), mediaType: 'CONVERSATIONAL' },
        { rowData: conversation, mediaType: 'CONVERSATIONAL' },
        { rowData: 'https://example.com/chat.json', mediaType: 'CONVERSATIONAL' },
      ]);
      projectId = setup.project.projectId;
      rows = setup.rows;
    });
    after(async () => sut.close());

    const statusesOf = async (name: string, lines: unknown[]) => {
      const imported = await importByFile(sut, 'GT', projectId, name, lines);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
      return (await fetchNdjson(imported.import.statusFileUrl)).map((s) => ({
        status: s.status,
        errors: s.errors.map((e: any) => e.message),
      }));
    };

    it('accepts message evaluations naming messages of the conversation', async () => {
      const lines = sdkLines('mmc').map((l) => ({ ...l, dataRow: { id: rows[0]!.id } }));
      const statuses = await statusesOf('mmc-known', lines);
      assert.deepEqual(
        statuses.map((s) => s.status),
        lines.map(() => 'SUCCESS'),
      );
    });

    it('refuses message evaluations naming a message the conversation does not have, per field', async () => {
      const lines = sdkLines('mmc').map((l, i) => ({
        ...l,
        uuid: `missing-${i}`,
        dataRow: { id: rows[1]!.id },
      }));
      const missing = `no message "${GPT4O}" in this data row's conversation`;
      assert.deepEqual(await statusesOf('mmc-missing', lines), [
        { status: 'SUCCESS', errors: [] },
        {
          status: 'FAILURE',
          errors: [`messageEvaluationTask.data.selectedMessages[0].messageId: ${missing}`],
        },
        {
          status: 'FAILURE',
          errors: [`messageEvaluationTask.data.rankedMessages[0].messageId: ${missing}`],
        },
      ]);
      const parent: Record<string, any> = { ...sdkLines('mmc')[0]!, uuid: 'p', dataRow: { id: rows[1]!.id } };
      parent.messageEvaluationTask.data.parentMessageId = 'nope';
      assert.deepEqual(await statusesOf('mmc-parent', [parent]), [
        {
          status: 'FAILURE',
          errors: [
            `messageEvaluationTask.data.parentMessageId: no message "nope" in this data row's conversation`,
          ],
        },
      ]);
    });

    it('checks conversational classifications and entities (messageId, and entities against the message text) too', async () => {
      const row = { id: rows[2]!.id };
      const lines = [
        { uuid: 'c1', dataRow: row, name: 'text_class', answer: 'fine', messageId: 'message-1' },
        { uuid: 'c2', dataRow: row, name: 'text_class', answer: 'lost', messageId: 'message-7' },
        { uuid: 'e1', dataRow: row, name: 'ner', location: { start: 0, end: 4 }, messageId: 'message-0' },
        { uuid: 'e2', dataRow: row, name: 'ner', location: { start: 0, end: 4 }, messageId: 'message-9' },
        // "General Kenobi" is 14 characters: index 13 is its last, 14 is past it.
        { uuid: 'e3', dataRow: row, name: 'ner', location: { start: 8, end: 13 }, messageId: 'message-1' },
        { uuid: 'e4', dataRow: row, name: 'ner', location: { start: 8, end: 14 }, messageId: 'message-1' },
      ];
      assert.deepEqual(await statusesOf('conversational', lines), [
        { status: 'SUCCESS', errors: [] },
        { status: 'FAILURE', errors: [`messageId: no message "message-7" in this data row's conversation`] },
        { status: 'SUCCESS', errors: [] },
        { status: 'FAILURE', errors: [`messageId: no message "message-9" in this data row's conversation`] },
        { status: 'SUCCESS', errors: [] },
        {
          status: 'FAILURE',
          errors: [
            'location.end: is outside message "message-1": 14 ≥ its length 14 (end is inclusive, the last index is 13)',
          ],
        },
      ]);
    });

    it('leaves rows whose conversation is behind a URL unchecked (not fetched)', async () => {
      const lines = sdkLines('mmc').map((l, i) => ({ ...l, uuid: `url-${i}`, dataRow: { id: rows[3]!.id } }));
      const statuses = await statusesOf('mmc-url', lines);
      assert.deepEqual(
        statuses.map((s) => s.status),
        lines.map(() => 'SUCCESS'),
      );
    });
  });
}
