import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  annotationToNdjson,
  objectIou,
  objectToV2,
  parseNdjsonLine,
  classificationToV2,
  type ClassificationAnnotation,
  type MessageEvaluationAnnotation,
  type ObjectAnnotation,
} from '../src/index.ts';
import { createParseContext } from './annotation.fixtures.ts';

/**
 * NDJSON written by the Labelbox SDK (labelbox 6.0.0, `NDJsonConverter.serialize` of
 * `MessageEvaluationTaskAnnotation`s holding `MessageSingleSelectionTask`, `MessageMultiSelectionTask` and
 * `MessageRankingTask`).
 */
const lines = readFileSync(new URL('./fixtures/sdk-mmc.ndjson', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, any>);

const parse = (l: unknown) => parseNdjsonLine(JSON.stringify(l), createParseContext(undefined));
const read = (l: unknown) => {
  const r = parse(l);
  assert.ok(r.ok, JSON.stringify(r));
  return r.annotation as MessageEvaluationAnnotation;
};
const errorsOf = (l: unknown) => {
  const r = parse(l);
  assert.equal(r.ok, false, 'expected the line to be refused');
  return r.ok ? [] : r.errors;
};

describe('message evaluation tools (SDK NDJSON)', () => {
  it('reads single selection, multi selection and ranking', () => {
    const [single, multi, ranking] = lines.map(read);
    assert.deepEqual(single, {
      kind: 'message-evaluation',
      uuid: '0b4f0d4c-8a67-4a5b-9a51-0d2b8d6f9a01',
      featureSchemaId: 'fs-m-single',
      name: 'single-selection',
      task: {
        format: 'message-single-selection',
        parentMessageId: 'clxfzocbm00083b6v8vczsept',
        messageId: 'clxfznjb800073b6v43ppx9ca',
        modelConfigName: 'GPT 5',
      },
      classifications: [],
    });
    assert.equal(multi!.task.format, 'message-multi-selection');
    assert.equal(ranking!.task.format, 'message-ranking');
  });

  it('exports v2 as the SDK expects (expected_exports_v2_mmc)', () => {
    const [single, multi, ranking] = lines.map((l) => objectToV2(read(l) as ObjectAnnotation));
    assert.deepEqual(single, {
      feature_id: '0b4f0d4c-8a67-4a5b-9a51-0d2b8d6f9a01',
      feature_schema_id: 'fs-m-single',
      name: 'single-selection',
      annotation_kind: 'MessageSingleSelection',
      classifications: [],
      selected_message: {
        message_id: 'clxfznjb800073b6v43ppx9ca',
        model_config_name: 'GPT 5',
        parent_message_id: 'clxfzocbm00083b6v8vczsept',
      },
    });
    assert.equal(multi!.annotation_kind, 'MessageMultiSelection');
    assert.deepEqual(multi!.selected_messages, {
      messages: [
        { message_id: 'clxfzi3r400053b6vvqhl5ybw', model_config_name: 'GPT 4o' },
        { message_id: 'clxfznjb800073b6v43ppx9ca', model_config_name: 'GPT 5' },
      ],
      parent_message_id: 'clxfzocbm00083b6v8vczsept',
    });
    assert.equal(ranking!.annotation_kind, 'MessageRanking');
    assert.deepEqual(ranking!.ranked_messages, {
      ranked_messages: [
        { message_id: 'clxfzi3r400053b6vvqhl5ybw', model_config_name: 'GPT 4o', order: 2 },
        { message_id: 'clxfznjb800073b6v43ppx9ca', model_config_name: 'GPT 5', order: 1 },
      ],
      parent_message_id: 'clxfzocbm00083b6v8vczsept',
    });
  });

  it('writes the SDK lines back (uuid, name, schemaId, messageEvaluationTask)', () => {
    for (const line of lines) {
      const written = annotationToNdjson(read(line))!;
      const { dataRow: _row, ...rest } = line;
      assert.deepEqual(written, { ...rest, schemaId: written.schemaId, classifications: [] });
    }
  });

  it('scores agreement: same pick, overlap of picks, pairs in the same order', () => {
    const [single, multi, ranking] = lines.map(read) as [
      MessageEvaluationAnnotation,
      MessageEvaluationAnnotation,
      MessageEvaluationAnnotation,
    ];
    assert.equal(objectIou(single, single), 1);
    const other = { ...single, task: { ...single.task, messageId: 'x' } } as MessageEvaluationAnnotation;
    assert.equal(objectIou(single, other), 0);
    const fewer = read({
      ...lines[1],
      messageEvaluationTask: {
        format: 'message-multi-selection',
        data: {
          ...lines[1]!.messageEvaluationTask.data,
          selectedMessages: [lines[1]!.messageEvaluationTask.data.selectedMessages[0]],
        },
      },
    });
    assert.equal(objectIou(multi, fewer), 0.5);
    const flipped = read({
      ...lines[2],
      messageEvaluationTask: {
        format: 'message-ranking',
        data: {
          ...lines[2]!.messageEvaluationTask.data,
          rankedMessages: lines[2]!.messageEvaluationTask.data.rankedMessages.map((m: any) => ({
            ...m,
            order: 3 - m.order,
          })),
        },
      },
    });
    assert.equal(objectIou(ranking, ranking), 1);
    assert.equal(objectIou(ranking, flipped), 0);
  });
});

describe('message evaluation errors name the field', () => {
  const [single, multi, ranking] = lines as [Record<string, any>, Record<string, any>, Record<string, any>];
  const task = (
    l: Record<string, any>,
    data: Record<string, unknown>,
    format = l.messageEvaluationTask.format,
  ) => ({
    ...l,
    messageEvaluationTask: { format, data: { ...l.messageEvaluationTask.data, ...data } },
  });

  it('refuses a format that is not the tool type', () => {
    const errors = errorsOf(task(single, {}, 'message-ranking'));
    assert.deepEqual(
      errors.map((e) => e.path),
      ['messageEvaluationTask.format'],
    );
    assert.match(errors[0]!.message, /message-single-selection tool/);
  });

  it('refuses missing ids and empty lists', () => {
    assert.deepEqual(
      errorsOf(task(single, { parentMessageId: '', messageId: 3 })).map((e) => e.path),
      ['messageEvaluationTask.data.parentMessageId', 'messageEvaluationTask.data.messageId'],
    );
    assert.deepEqual(
      errorsOf(task(multi, { selectedMessages: [] })).map((e) => e.path),
      ['messageEvaluationTask.data.selectedMessages'],
    );
    assert.deepEqual(
      errorsOf({ ...single, messageEvaluationTask: 'best' }).map((e) => e.path),
      ['messageEvaluationTask'],
    );
  });

  it('refuses rankings that are not 1…n, and messages listed twice', () => {
    const ranked = ranking.messageEvaluationTask.data.rankedMessages as any[];
    const gap = errorsOf(
      task(ranking, { rankedMessages: ranked.map((m, i) => ({ ...m, order: i * 2 + 1 })) }),
    );
    assert.deepEqual(
      gap.map((e) => e.path),
      ['messageEvaluationTask.data.rankedMessages'],
    );
    assert.match(gap[0]!.message, /unique and consecutive natural numbers starting from 1/);
    const zero = errorsOf(task(ranking, { rankedMessages: [{ ...ranked[0], order: 0 }] }));
    assert.deepEqual(
      zero.map((e) => e.path),
      ['messageEvaluationTask.data.rankedMessages[0].order'],
    );
    const twice = errorsOf(
      task(multi, {
        selectedMessages: [
          multi.messageEvaluationTask.data.selectedMessages[0],
          multi.messageEvaluationTask.data.selectedMessages[0],
        ],
      }),
    );
    assert.deepEqual(
      twice.map((e) => e.path),
      ['messageEvaluationTask.data.selectedMessages[1].messageId'],
    );
  });
});

describe('prompt and response classifications (SDK NDJSON)', () => {
  /** `PromptClassificationAnnotation(PromptText)` and response classifications, serialized by the SDK. */
  const promptLines = readFileSync(new URL('./fixtures/sdk-prompt-response.ndjson', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);

  it('reads them as text, checklist and radio answers and exports them as the SDK expects', () => {
    const records = promptLines.map((l) => {
      const r = parse(l);
      assert.ok(r.ok, JSON.stringify(r));
      return r.annotation as ClassificationAnnotation;
    });
    assert.deepEqual(
      records.map((c) => c.kind),
      ['text', 'text', 'checklist', 'radio'],
    );
    // expected_export_v2_llm_prompt_response_creation, feature ids removed: the value keeps the name's hyphen.
    assert.deepEqual(records.map(classificationToV2).map(withoutIds), [
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
    ]);
    // Written back and read again, they export the same.
    const again = records.map((c) => {
      const r = parse({ ...annotationToNdjson(c)!, dataRow: { globalKey: 'llm-1' } });
      assert.ok(r.ok, JSON.stringify(r));
      return r.annotation as ClassificationAnnotation;
    });
    assert.deepEqual(
      again.map(classificationToV2).map(withoutIds),
      records.map(classificationToV2).map(withoutIds),
    );
    assert.deepEqual(
      again.map((c) => c.uuid),
      promptLines.map((l) => l.uuid),
    );
  });
});

function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'feature_id' && k !== 'feature_schema_id')
        .map(([k, v]) => [k, withoutIds(v)]),
    );
  return value;
}
