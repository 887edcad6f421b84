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
    let llm: { id: string; globalKey: string };
    before(async () => {
      sut = await startTestServer({ dialect });
      const setup = await setupMediaProject(sut, [
        { rowData: 'https://example.com/chat-1.json', mediaType: 'CONVERSATIONAL' },
        { rowData: 'https://example.com/chat-2.json', mediaType: 'CONVERSATIONAL' },
        { rowData: 'https://example.com/prompt.json', mediaType: 'LLM_PROMPT_RESPONSE_CREATION' },
      ]);
      projectId = setup.project.projectId;
      [chat, chat2, llm] = setup.rows as [typeof chat, typeof chat, typeof chat];
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

    it('imports prompt and response classifications and exports them as the SDK expects', async () => {
      const lines = sdkLines('prompt-response').map((l) => ({ ...l, dataRow: { id: llm.id } }));
      const imported = await importByFile(sut, 'GT', projectId, 'prompt-response', lines);
      assert.equal(imported.import.state, 'FINISHED', JSON.stringify(imported.import));
      const label = await exportedLabel(sut, projectId, llm.id);
      // expected_export_v2_llm_prompt_response_creation, feature ids removed.
      assert.deepEqual(withoutIds(label.annotations), {
        objects: [],
        classifications: [
          { name: 'prompt-text', value: 'prompt-text', text_answer: { content: 'free form text...' } },
          { name: 'response-text', value: 'response-text', text_answer: { content: 'free form text...' } },
          {
            name: 'checklist-response',
            value: 'checklist-response',
            checklist_answers: [
              { name: 'first_checklist_answer', value: 'first_checklist_answer', classifications: [] },
              { name: 'second_checklist_answer', value: 'second_checklist_answer', classifications: [] },
            ],
          },
          {
            name: 'radio-response',
            value: 'radio-response',
            radio_answer: { name: 'first_radio_answer', value: 'first_radio_answer', classifications: [] },
          },
        ],
        relationships: [],
      });
      const written = await writtenBack(sut, projectId, llm.id);
      assert.deepEqual(
        written.map((l) => [l.uuid, l.name]),
        sdkLines('prompt-response').map((l) => [l.uuid, l.name]),
      );
    });
  });
}
