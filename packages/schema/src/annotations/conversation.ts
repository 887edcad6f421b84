import { isRecord, type FieldError, type MediaInfo } from './common.ts';
import { parseConversation } from './conversation-row.ts';

/**
 * The message ids of a Labelbox conversation row: `messages: [{messageId, …}]` (conversational v1) or
 * `messages: {<id>: {…}}` with `rootMessageIds` / `childMessageIds` (model-chat evaluation v2). Undefined when the
 * JSON is not a conversation, so nothing is checked against it.
 */
export function conversationMessageIds(json: unknown): ReadonlySet<string> | undefined {
  if (!isRecord(json)) return undefined;
  const { messages } = json;
  const ids = new Set<string>();
  if (Array.isArray(messages)) {
    for (const m of messages) if (isRecord(m) && typeof m.messageId === 'string') ids.add(m.messageId);
  } else if (isRecord(messages)) {
    for (const [id, m] of Object.entries(messages)) {
      ids.add(id);
      if (isRecord(m) && typeof m.id === 'string') ids.add(m.id);
    }
  } else return undefined;
  return ids;
}

/** The error for a message id the row's conversation does not have; none when the conversation is not known. */
export function unknownMessage(id: string, path: string, media: MediaInfo | undefined): FieldError[] {
  return media?.messageIds === undefined || media.messageIds.has(id)
    ? []
    : [{ path, message: `no message "${id}" in this data row's conversation` }];
}

/**
 * The text length of each message of a conversation row (what entity offsets index into), or undefined when the
 * JSON is not a well-formed conversation.
 */
export function conversationMessageLengths(json: unknown): ReadonlyMap<string, number> | undefined {
  const parsed = parseConversation(json);
  return parsed.ok ? new Map(parsed.value.messages.map((m) => [m.messageId, m.content.length])) : undefined;
}
