import type {
  Conversation,
  ConversationMessage,
  NormalizedClassification,
  TextEntityAnnotation,
} from '@labelyard/schema';
import type { Editor } from '../editor.ts';
import { selectionToLocation } from '../text/offsets.ts';
import { globalClassifications, newObject, toolNode } from './features.ts';

const indexes = new WeakMap<Conversation, ReadonlyMap<string, ConversationMessage>>();

/** The message of the row's conversation with this id (indexed once per conversation). */
export function messageById(editor: Editor, messageId: string): ConversationMessage | undefined {
  const conversation = editor.media.conversation;
  if (!conversation) return undefined;
  let index = indexes.get(conversation);
  if (!index)
    indexes.set(conversation, (index = new Map(conversation.messages.map((m) => [m.messageId, m]))));
  return index.get(messageId);
}

/**
 * Labels the half-open selection [from, to) of one message's text (UTF-16 offsets into `content`, as the DOM gives
 * them) with an entity class: snapped to whole characters, stored with Labelbox's inclusive `end` and the message
 * id, as Labelbox's conversational NDJSON has it (`{"location": {"start", "end"}, "messageId"}`). Uses the active
 * class unless `featureSchemaId` names one. One undo step; the new entity is selected.
 *
 * @example
 * createMessageEntity(editor, 'message-1', 8, 14, nerId); // "Kenobi" in "General Kenobi" → location {8, 13}
 */
export function createMessageEntity(
  editor: Editor,
  messageId: string,
  from: number,
  to: number,
  featureSchemaId = editor.instance.activeFeatureId,
): TextEntityAnnotation | undefined {
  const message = messageById(editor, messageId);
  const tool = toolNode(editor, featureSchemaId);
  if (!message?.canLabel || tool?.tool !== 'named-entity') return undefined;
  const loc = selectionToLocation(message.content, from, to);
  if (!loc) return undefined;
  const record = newObject<TextEntityAnnotation>(
    editor,
    { kind: 'text-entity', start: loc.start, end: loc.end, messageId },
    tool.featureSchemaId,
  );
  if (!record) return undefined;
  editor.batch(() => {
    editor.put([record], 'undoable');
    editor.select([record.uuid]);
  });
  return record;
}

/** The entities of one message, by start. */
export function messageEntities(editor: Editor, messageId: string): TextEntityAnnotation[] {
  return editor
    .objects()
    .filter((o): o is TextEntityAnnotation => o.kind === 'text-entity' && o.messageId === messageId)
    .sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Entities of a message covering an offset, innermost first: what a click in the message selects. */
export function messageEntitiesAt(editor: Editor, messageId: string, offset: number): TextEntityAnnotation[] {
  return messageEntities(editor, messageId)
    .filter((e) => e.start <= offset && offset <= e.end && editor.isVisible(e))
    .sort((a, b) => a.end - a.start - (b.end - b.start));
}

/**
 * Root classifications answered once per message: Labelbox's `index` scope (message-based classifications in a
 * conversational ontology). The others are answered once for the whole conversation.
 */
export function messageClassifications(editor: Editor): NormalizedClassification[] {
  return globalClassifications(editor).filter((c) => c.scope === 'index');
}

export function conversationClassifications(editor: Editor): NormalizedClassification[] {
  return globalClassifications(editor).filter((c) => c.scope !== 'index');
}

/**
 * The label by message, in one pass over the records (a thread of thousands of messages renders without a scan
 * per message): each message's entities by start, and how many message-scoped answers it has.
 */
export function labelByMessage(editor: Editor): {
  entities: ReadonlyMap<string, readonly TextEntityAnnotation[]>;
  answers: ReadonlyMap<string, number>;
} {
  const entities = new Map<string, TextEntityAnnotation[]>();
  const answers = new Map<string, number>();
  for (const r of editor.store.all()) {
    if (r.kind === 'text-entity' && r.messageId !== undefined) {
      const list = entities.get(r.messageId);
      if (list) list.push(r);
      else entities.set(r.messageId, [r]);
    } else if (
      (r.kind === 'radio' || r.kind === 'checklist' || r.kind === 'text') &&
      r.messageId !== undefined
    )
      answers.set(r.messageId, (answers.get(r.messageId) ?? 0) + 1);
  }
  for (const list of entities.values()) list.sort((a, b) => a.start - b.start || b.end - a.end);
  return { entities, answers };
}

/**
 * Entities whose location does not fit their message (a pre-label or import made against other text): the view
 * lists them as problems instead of drawing a highlight that would cover the wrong characters.
 */
export function misplacedEntities(editor: Editor): Array<{ uuid: string; message: string }> {
  const out: Array<{ uuid: string; message: string }> = [];
  for (const o of editor.objects()) {
    if (o.kind !== 'text-entity') continue;
    if (o.messageId === undefined) {
      out.push({ uuid: o.uuid, message: 'messageId: an entity of a conversation must name its message' });
      continue;
    }
    const m = messageById(editor, o.messageId);
    if (m && o.end >= m.content.length)
      out.push({
        uuid: o.uuid,
        message: `location.end: ${o.end} is outside message "${o.messageId}" (${m.content.length} characters; end is inclusive)`,
      });
  }
  return out;
}
