import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { fetchNdjson, importByFile } from './label.factory.ts';
import { exportedLabel, sdkLines, setupMediaProject, withoutIds, writtenBack } from './media.factory.ts';

const PARENT = 'clxfzocbm00083b6v8vczsept';

for (const dialect of dialects) {
  describe(`message evaluation tools: SDK NDJSON → export v2 → NDJSON (${dialect})`, () => {
    let sut: TestServer;
    let projectId: string;
    let chat: { id: string; globalKey: string };
    let chat2: { id: string; globalKey: string };
    let image: { id: string; globalKey: string };
    before(async () => {
      sut = await startTestServer({ dialect });
      const setup = await setupMediaProject(sut, [
        { rowData: 'https://example.com/chat-1.json', mediaType: 'CONVERSATIONAL' },
        { rowData: 'https://example.com/chat-2.json', mediaType: 'CONVERSATIONAL' },
      ]);
      projectId = setup.project.projectId;
      [chat, chat2] = setup.rows as [typeof chat, typeof chat];
      image = setup.project.images[0]!;
    });
    after(async () => sut.close());

    it('imports single selection, multi selection and ranking and exports them as the SDK expects', async () => {
      const lines = sdkLines('mmc').map((l) => ({ ...l, dataRow: { globalKey: chat.globalKey } }));
      const imported = await importByFile(sut, 'GT', projectId, 'mmc', lines);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
      const label = await exportedLabel(sut, projectId, chat.id);
      assert.equal(label.label_kind, 'Default');
      // The SDK's expected_exports_v2_mmc, with feature ids removed as its test removes them.
      assert.deepEqual(withoutIds(label.annotations), {
        objects: [
          {
            name: 'single-selection',
            value: 'single_selection',
            annotation_kind: 'MessageSingleSelection',
            classifications: [],
            selected_message: {
              message_id: 'clxfznjb800073b6v43ppx9ca',
              model_config_name: 'GPT 5',
              parent_message_id: PARENT,
            },
          },
          {
            name: 'multi-selection',
            value: 'multi_selection',
            annotation_kind: 'MessageMultiSelection',
            classifications: [],
            selected_messages: {
              messages: [
                { message_id: 'clxfzi3r400053b6vvqhl5ybw', model_config_name: 'GPT 4o' },
                { message_id: 'clxfznjb800073b6v43ppx9ca', model_config_name: 'GPT 5' },
              ],
              parent_message_id: PARENT,
            },
          },
          {
            name: 'ranking',
            value: 'ranking',
            annotation_kind: 'MessageRanking',
            classifications: [],
            ranked_messages: {
              ranked_messages: [
                { message_id: 'clxfzi3r400053b6vvqhl5ybw', model_config_name: 'GPT 4o', order: 2 },
                { message_id: 'clxfznjb800073b6v43ppx9ca', model_config_name: 'GPT 5', order: 1 },
              ],
              parent_message_id: PARENT,
            },
          },
        ],
        classifications: [],
        relationships: [],
      });
      assert.deepEqual(
        label.annotations.objects.map((o: any) => o.feature_id),
        sdkLines('mmc').map((l) => l.uuid),
      );
    });

    it('writes the label back as the SDK lines, which import again to the same export', async () => {
      const written = await writtenBack(sut, projectId, chat.id);
      const sdk = sdkLines('mmc');
      assert.deepEqual(
        written.map((l) => [l.uuid, l.name, l.messageEvaluationTask]),
        sdk.map((l) => [l.uuid, l.name, l.messageEvaluationTask]),
      );
      const again = written.map((l) => ({ ...l, uuid: `${l.uuid}-2`, dataRow: { id: chat2.id } }));
      const imported = await importByFile(sut, 'GT', projectId, 'mmc-again', again);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
      assert.deepEqual(
        (await fetchNdjson(imported.import.statusFileUrl)).map((s) => s.status),
        again.map(() => 'SUCCESS'),
      );
      const first = await exportedLabel(sut, projectId, chat.id);
      const second = await exportedLabel(sut, projectId, chat2.id);
      assert.deepEqual(withoutIds(second.annotations), withoutIds(first.annotations));
      assert.deepEqual(
        second.annotations.objects.map((o: any) => o.feature_id),
        first.annotations.objects.map((o: any) => `${o.feature_id}-2`),
      );
    });

    it('refuses message tasks on an image row and rankings that are not 1…n, naming the field', async () => {
      const [single, , ranking] = sdkLines('mmc');
      const bad = [
        { ...single, uuid: 'on-image', dataRow: { id: image.id } },
        {
          ...ranking,
          uuid: 'gap',
          dataRow: { id: chat2.id },
          messageEvaluationTask: {
            format: 'message-ranking',
            data: {
              ...ranking!.messageEvaluationTask.data,
              rankedMessages: ranking!.messageEvaluationTask.data.rankedMessages.map((m: any) => ({
                ...m,
                order: m.order * 2,
              })),
            },
          },
        },
        {
          ...single,
          uuid: 'wrong-format',
          dataRow: { id: chat2.id },
          messageEvaluationTask: { ...single!.messageEvaluationTask, format: 'message-ranking' },
        },
      ];
      const imported = await importByFile(sut, 'GT', projectId, 'mmc-bad', bad);
      const errors = await fetchNdjson(imported.import.errorFileUrl);
      assert.equal(errors.length, 3, JSON.stringify(errors));
      const byUuid = new Map(errors.map((e) => [e.uuid, JSON.stringify(e.errors)]));
      assert.match(
        byUuid.get('on-image')!,
        /messageEvaluationTask: message evaluations need a conversational/,
      );
      assert.match(
        byUuid.get('gap')!,
        /messageEvaluationTask.data.rankedMessages: Messages must be ordered by unique and consecutive natural numbers starting from 1/,
      );
      assert.match(
        byUuid.get('wrong-format')!,
        /messageEvaluationTask.format: this feature is a message-single-selection tool/,
      );
    });
  });
}
