import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classificationToV2,
  objectToV2,
  parseConversation,
  parseNdjsonLine,
  type ClassificationAnnotation,
  type Conversation,
  type NormalizedOntology,
  type TextEntityAnnotation,
} from '@labelyard/schema';
import {
  answerAt,
  chosenReplies,
  classify,
  conversationClassifications,
  createMessageEntity,
  Editor,
  evaluateReplies,
  evaluatedPrompts,
  evaluationOf,
  loadNdjson,
  locationText,
  messageClassifications,
  messageEntitiesAt,
  misplacedEntities,
  setActiveFeature,
  toNdjson,
} from '../src/index.ts';

/** A conversational ontology: an entity class with a nested question, a message-scoped and a global question. */
const ontology: NormalizedOntology = {
  tools: [
    {
      schemaNodeId: 'n-ner',
      featureSchemaId: 'fs-name',
      tool: 'named-entity',
      name: 'Name',
      required: false,
      color: '#ff00aa',
      classifications: [
        {
          schemaNodeId: 'n-kind',
          featureSchemaId: 'fs-kind',
          type: 'radio',
          name: 'kind',
          instructions: 'kind',
          required: false,
          options: [
            {
              schemaNodeId: 'n-p',
              featureSchemaId: 'fs-person',
              label: 'Person',
              value: 'person',
              options: [],
            },
          ],
        },
      ],
    },
    {
      schemaNodeId: 'n-best',
      featureSchemaId: 'fs-best',
      tool: 'message-single-selection',
      name: 'best reply',
      required: false,
      color: '#00ff00',
      classifications: [],
    },
    {
      schemaNodeId: 'n-rank',
      featureSchemaId: 'fs-rank',
      tool: 'message-ranking',
      name: 'rank replies',
      required: false,
      color: '#0000ff',
      classifications: [],
    },
  ],
  classifications: [
    {
      schemaNodeId: 'n-tone',
      featureSchemaId: 'fs-tone',
      type: 'radio',
      name: 'tone',
      instructions: 'tone',
      required: false,
      scope: 'index',
      options: [
        {
          schemaNodeId: 'n-polite',
          featureSchemaId: 'fs-polite',
          label: 'Polite',
          value: 'polite',
          options: [],
        },
        { schemaNodeId: 'n-rude', featureSchemaId: 'fs-rude', label: 'Rude', value: 'rude', options: [] },
      ],
    },
    {
      schemaNodeId: 'n-topic',
      featureSchemaId: 'fs-topic',
      type: 'text',
      name: 'topic',
      instructions: 'topic',
      required: false,
      scope: 'global',
      options: [],
    },
  ],
};

/** Labelbox conversational v1, with an emoji before the name so UTF-16 offsets differ from code points. */
const row = {
  type: 'application/vnd.labelbox.conversational',
  version: 1,
  messages: [
    {
      messageId: 'message-0',
      timestampUsec: 1530718491000000,
      content: 'Hello there',
      user: { userId: 'u', name: 'Ben' },
      align: 'right',
      canLabel: true,
    },
    {
      messageId: 'message-1',
      timestampUsec: 1530718492000000,
      content: '👋 General Kenobi!',
      user: { userId: 'b', name: 'Grievous' },
      align: 'left',
      canLabel: true,
    },
    {
      messageId: 'message-2',
      content: 'not for you',
      user: { userId: 'b', name: 'Grievous' },
      canLabel: false,
    },
  ],
};

function conversationOf(json: unknown): Conversation {
  const r = parseConversation(json);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

const newEditor = (conversation: Conversation = conversationOf(row)) => {
  let n = 0;
  return new Editor({ ontology, media: { conversation }, newUuid: () => `uuid-${++n}` });
};
const [polite, rude] = ontology.classifications[0]!.options;

describe('conversation rows', () => {
  it('reads conversational v1: ids, text, authors, sides, labelability', () => {
    const c = conversationOf(row);
    assert.equal(c.format, 'conversational');
    assert.deepEqual(
      c.messages.map((m) => [m.messageId, m.author, m.align, m.canLabel]),
      [
        ['message-0', 'Ben', 'right', true],
        ['message-1', 'Grievous', 'left', true],
        ['message-2', 'Grievous', undefined, false],
      ],
    );
    assert.equal(c.messages[1]!.content, '👋 General Kenobi!');
  });

  it('reads a model-chat evaluation (v2) tree depth first, replies after their prompt, with model names', () => {
    const c = conversationOf({
      type: 'application/vnd.labelbox.conversational.model-chat-evaluation',
      version: 2,
      actors: {
        h: { role: 'human', metadata: { humanInfo: { name: 'Ann' } } },
        m1: { role: 'model', metadata: { modelConfigName: 'GPT-4o' } },
        m2: { role: 'model', metadata: { modelConfigName: 'Claude' } },
      },
      messages: {
        r2: { actorId: 'm2', content: [{ type: 'text', content: 'Hi from Claude' }] },
        p: { actorId: 'h', content: [{ type: 'text', content: 'Hi?' }], childMessageIds: ['r1', 'r2'] },
        r1: { actorId: 'm1', content: [{ type: 'text', content: 'Hi from GPT' }] },
      },
      rootMessageIds: ['p'],
    });
    assert.deepEqual(
      c.messages.map((m) => [m.messageId, m.author, m.replyTo, m.align]),
      [
        ['p', 'Ann', undefined, 'right'],
        ['r1', 'GPT-4o', 'p', 'left'],
        ['r2', 'Claude', 'p', 'left'],
      ],
    );
  });

  it('says what is wrong with a malformed conversation, by path', () => {
    const r = parseConversation({
      messages: [{ messageId: 'a', content: 'x' }, { messageId: 'a', content: 'y' }, { content: 3 }],
    });
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.errors.map((e) => `${e.path}: ${e.message}`), [
      'messages[1].messageId: message "a" appears twice',
      'messages[2].messageId: must be a non-empty string (got undefined)',
    ]);
    const notList = parseConversation({ messages: 'hello' });
    assert.equal(!notList.ok && notList.errors[0]!.path, 'messages');
    assert.equal(parseConversation([]).ok, false);
    const empty = parseConversation({ messages: [] });
    assert.equal(!empty.ok && empty.errors[0]!.message, 'the conversation has no messages');
  });
});

describe('conversation editor engine', () => {
  it('labels a selection in one message with offsets into that message (UTF-16, inclusive end), one undo step', () => {
    const sut = newEditor();
    const text = '👋 General Kenobi!';
    // "General " with the trailing space, as a mouse selection often has it: trimmed, end inclusive.
    const from = text.indexOf('General');
    const e = createMessageEntity(sut, 'message-1', from, from + 'General '.length, 'fs-name')!;
    assert.deepEqual([e.start, e.end, e.messageId, e.name], [3, 9, 'message-1', 'Name']);
    assert.equal(locationText(text, e), 'General');
    assert.deepEqual([...sut.selectedIds], [e.uuid]);
    assert.deepEqual(
      messageEntitiesAt(sut, 'message-1', 5).map((x) => x.uuid),
      [e.uuid],
    );
    assert.deepEqual(messageEntitiesAt(sut, 'message-0', 5), [], 'other messages have none');
    sut.undo();
    assert.equal(sut.objects().length, 0);
    sut.redo();
    assert.equal(sut.objects().length, 1);
  });

  it('snaps to whole characters, refuses empty selections, non-entity classes and unlabelable messages', () => {
    const sut = newEditor();
    // Half the emoji (one surrogate) widens to the whole emoji.
    const e = createMessageEntity(sut, 'message-1', 1, 2, 'fs-name')!;
    assert.deepEqual([e.start, e.end], [0, 1]);
    assert.equal(createMessageEntity(sut, 'message-1', 2, 3, 'fs-name'), undefined, 'only a space');
    assert.equal(createMessageEntity(sut, 'message-1', 3, 9, 'fs-best'), undefined, 'not an entity tool');
    assert.equal(createMessageEntity(sut, 'message-2', 0, 3, 'fs-name'), undefined, 'canLabel false');
    assert.equal(createMessageEntity(sut, 'nope', 0, 3, 'fs-name'), undefined, 'unknown message');
    setActiveFeature(sut, 'fs-name');
    assert.equal(createMessageEntity(sut, 'message-0', 0, 5)?.end, 4, 'the active class by default');
  });

  it('answers a message-scoped classification per message, apart from the conversation-wide ones', () => {
    const sut = newEditor();
    assert.deepEqual(
      messageClassifications(sut).map((c) => c.name),
      ['tone'],
    );
    assert.deepEqual(
      conversationClassifications(sut).map((c) => c.name),
      ['topic'],
    );
    classify(sut, null, ['fs-tone'], { type: 'radio', option: polite! }, 'message-0');
    classify(sut, null, ['fs-tone'], { type: 'radio', option: rude! }, 'message-1');
    classify(sut, null, ['fs-topic'], { type: 'text', text: 'greetings' });
    const tone = (m: string) => {
      const a = answerAt(sut, null, ['fs-tone'], m);
      return a?.kind === 'radio' ? a.answer.value : undefined;
    };
    assert.deepEqual([tone('message-0'), tone('message-1')], ['polite', 'rude']);
    assert.equal(answerAt(sut, null, ['fs-tone']), undefined, 'not answered for the whole conversation');
    assert.equal(answerAt(sut, null, ['fs-topic'])?.kind, 'text');
    // Changing one message's answer leaves the other's alone; clearing removes only that record.
    classify(sut, null, ['fs-tone'], { type: 'radio', option: polite! }, 'message-1');
    assert.deepEqual([tone('message-0'), tone('message-1')], ['polite', 'polite']);
    classify(sut, null, ['fs-tone'], { type: 'radio', option: null }, 'message-0');
    assert.deepEqual([tone('message-0'), tone('message-1')], [undefined, 'polite']);
    sut.undo();
    sut.undo();
    assert.deepEqual([tone('message-0'), tone('message-1')], ['polite', 'rude']);
  });

  it('writes Labelbox conversational NDJSON that the import reads back to the same records', () => {
    const sut = newEditor();
    const e = createMessageEntity(sut, 'message-1', 3, 10, 'fs-name')!;
    classify(sut, e.uuid, ['fs-kind'], {
      type: 'radio',
      option: ontology.tools[0]!.classifications[0]!.options[0]!,
    });
    classify(sut, null, ['fs-tone'], { type: 'radio', option: rude! }, 'message-1');
    classify(sut, null, ['fs-topic'], { type: 'text', text: 'war' });
    const lines = toNdjson(sut);
    assert.deepEqual(lines, [
      {
        uuid: e.uuid,
        name: 'Name',
        schemaId: 'fs-name',
        location: { start: 3, end: 9 },
        messageId: 'message-1',
        classifications: [
          { name: 'kind', schemaId: 'fs-kind', answer: { name: 'person', schemaId: 'fs-person' } },
        ],
      },
      {
        uuid: 'uuid-4',
        name: 'tone',
        schemaId: 'fs-tone',
        answer: { name: 'rude', schemaId: 'fs-rude' },
        messageId: 'message-1',
      },
      { uuid: 'uuid-6', name: 'topic', schemaId: 'fs-topic', answer: 'war' },
    ]);

    // The import's reader (what the server runs on submit and on NDJSON imports), checked against the row's ids.
    const ctx = {
      features: sut.features,
      media: { messageIds: new Set(['message-0', 'message-1', 'message-2']) },
      newUuid: () => 'fresh',
    };
    for (const line of lines) {
      const r = parseNdjsonLine({ ...line, dataRow: { id: 'row' } }, ctx);
      assert.ok(r.ok, JSON.stringify(r));
    }
    const wrong = parseNdjsonLine({ ...lines[1], messageId: 'message-9', dataRow: { id: 'row' } }, ctx);
    assert.equal(wrong.ok, false, 'a message the row does not have is refused');

    // A fresh editor opens the label (a draft, a pre-label, an import) exactly as it was made.
    const again = newEditor();
    assert.deepEqual(loadNdjson(again, lines), []);
    assert.deepEqual(toNdjson(again), lines);
    const entity = again.getObject(e.uuid) as TextEntityAnnotation;
    assert.equal(entity.messageId, 'message-1');

    // Export v2 names them conversationally, as Labelbox's export does.
    assert.deepEqual(objectToV2(entity).conversational_location, {
      message_id: 'message-1',
      location: { start: 3, end: 9 },
    });
    const tone = again.get('uuid-4') as ClassificationAnnotation;
    const v2 = classificationToV2(tone);
    assert.equal(v2.message_id, 'message-1');
    assert.equal((v2.conversational_radio_answer as { value: string }).value, 'rude');
  });

  it('refuses imported entities that do not fit their message, and flags one that names no message', () => {
    const sut = newEditor();
    const problems = loadNdjson(sut, [
      { uuid: 'far', name: 'Name', location: { start: 2, end: 11 }, messageId: 'message-0' },
      { uuid: 'gone', name: 'Name', location: { start: 0, end: 1 }, messageId: 'message-7' },
      { uuid: 'fits', name: 'Name', location: { start: 6, end: 10 }, messageId: 'message-0' },
      { uuid: 'plain', name: 'Name', location: { start: 0, end: 1 } },
    ]);
    assert.deepEqual(
      problems.map((p) => [p.uuid, p.errors.map((e) => `${e.path}: ${e.message}`)]),
      [
        [
          'far',
          [
            'location.end: is outside message "message-0": 11 ≥ its length 11 (end is inclusive, the last index is 10)',
          ],
        ],
        ['gone', ['messageId: no message "message-7" in this data row\'s conversation']],
      ],
    );
    assert.deepEqual(
      sut.objects().map((o) => o.uuid),
      ['fits', 'plain'],
    );
    assert.deepEqual(misplacedEntities(sut), [
      { uuid: 'plain', message: 'messageId: an entity of a conversation must name its message' },
    ]);
  });

  it('answers message evaluations (best reply, ranking) for a prompt with several model replies', () => {
    const sut = newEditor(
      conversationOf({
        actors: {
          h: { role: 'human' },
          a: { role: 'model', metadata: { modelConfigName: 'A' } },
          b: { role: 'model', metadata: { modelConfigName: 'B' } },
        },
        messages: {
          p: { actorId: 'h', content: 'Q', childMessageIds: ['ra', 'rb'] },
          ra: { actorId: 'a', content: 'answer A' },
          rb: { actorId: 'b', content: 'answer B' },
        },
        rootMessageIds: ['p'],
      }),
    );
    assert.deepEqual(
      evaluatedPrompts(sut).map((p) => [p.parent.messageId, p.replies.map((r) => r.messageId)]),
      [['p', ['ra', 'rb']]],
    );
    evaluateReplies(sut, 'fs-best', 'p', ['rb']);
    evaluateReplies(sut, 'fs-rank', 'p', ['rb', 'ra']);
    evaluateReplies(sut, 'fs-rank', 'p', ['ra', 'rb']);
    assert.deepEqual(chosenReplies(evaluationOf(sut, 'fs-best', 'p')), ['rb']);
    assert.deepEqual(
      toNdjson(sut).map((l) => l.messageEvaluationTask),
      [
        {
          format: 'message-single-selection',
          data: { parentMessageId: 'p', messageId: 'rb', modelConfigName: 'B' },
        },
        {
          format: 'message-ranking',
          data: {
            parentMessageId: 'p',
            rankedMessages: [
              { messageId: 'ra', modelConfigName: 'A', order: 1 },
              { messageId: 'rb', modelConfigName: 'B', order: 2 },
            ],
          },
        },
      ],
    );
    sut.undo();
    assert.deepEqual(
      chosenReplies(evaluationOf(sut, 'fs-rank', 'p')),
      ['rb', 'ra'],
      'each answer is one undo step',
    );
    evaluateReplies(sut, 'fs-best', 'p', []);
    assert.equal(evaluationOf(sut, 'fs-best', 'p'), undefined);
    const reread = newEditor(sut.media.conversation);
    assert.deepEqual(loadNdjson(reread, toNdjson(sut)), []);
    assert.deepEqual(toNdjson(reread), toNdjson(sut));
  });
});
