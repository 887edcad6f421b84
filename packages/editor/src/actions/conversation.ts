import type { ConversationMessage, NormalizedClassification, TextEntityAnnotation } from '@labelyard/schema';
import type { Editor } from '../editor.ts';
import { selectionToLocation } from '../text/offsets.ts';
import { globalClassifications, newObject, toolNode } from './features.ts';

/** The message of the row's conversation with this id. */
export function messageById(editor: Editor, messageId: string): ConversationMessage | undefined {
  return editor.media.conversation?.messages.find((m) => m.messageId === messageId);
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

/** How many answers a message has (its message-scoped classifications), for the thread's badges. */
export function messageAnswerCount(editor: Editor, messageId: string): number {
  return editor
    .records()
    .filter(
      (r) => (r.kind === 'radio' || r.kind === 'checklist' || r.kind === 'text') && r.messageId === messageId,
    ).length;
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
