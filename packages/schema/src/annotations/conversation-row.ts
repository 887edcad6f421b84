import { isRecord, joinPath, show, type FieldError } from './common.ts';

/**
 * One message of a conversation row, as the editor shows it. `content` is the text entities index into (UTF-16
 * code units, Labelbox's inclusive `end`); `author` is who the row names as the sender (a user's name, a model
 * config name, or the role); `replyTo` is the message it answers in a model-chat evaluation (v2) tree.
 */
export type ConversationMessage = {
  readonly messageId: string;
  readonly content: string;
  readonly author: string;
  /** `human`, `model` (a v2 actor's role) or a v1 message's `type` / `role`: the sender's kind, besides its name. */
  readonly role?: string;
  readonly align?: 'left' | 'right';
  readonly timestampUsec?: number;
  /** False when the row marks the message as not labelable (`canLabel: false`). */
  readonly canLabel: boolean;
  readonly modelConfigName?: string;
  readonly replyTo?: string;
};

/** A conversation row in reading order (v2 trees flattened depth first, replies after the message they answer). */
export type Conversation = {
  readonly format: 'conversational' | 'model-chat-evaluation';
  readonly messages: readonly ConversationMessage[];
};

export type ConversationResult =
  | { readonly ok: true; readonly value: Conversation }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const MAX_MESSAGES = 10_000;

/**
 * Reads a Labelbox conversation row: conversational v1 (`messages: [{messageId, content, user: {userId, name},
 * align, canLabel, timestampUsec}]`) or model-chat evaluation v2 (`actors` by id, `messages: {<id>: {actorId,
 * content: [{type: "text", content}], childMessageIds}}`, `rootMessageIds`). Pure; every problem is reported
 * with its path, so a malformed row says what is wrong with it.
 *
 * @example
 * parseConversation({ messages: [{ messageId: 'm0', content: 'Hi', user: { userId: 'u', name: 'Ann' } }] });
 * // { ok: true, value: { format: 'conversational', messages: [{ messageId: 'm0', content: 'Hi', author: 'Ann', … }] } }
 */
export function parseConversation(json: unknown): ConversationResult {
  const errors: FieldError[] = [];
  if (!isRecord(json)) {
    return { ok: false, errors: [{ path: '', message: `must be a JSON object (got ${show(json)})` }] };
  }
  const { messages } = json;
  const value = Array.isArray(messages)
    ? readList(messages, errors)
    : isRecord(messages)
      ? readTree(json, messages, errors)
      : undefined;
  if (value === undefined && errors.length === 0)
    errors.push({
      path: 'messages',
      message: `must be a list of messages like [{"messageId": "m0", "content": "…"}] (got ${show(messages)})`,
    });
  if (value && value.messages.length === 0 && errors.length === 0)
    errors.push({ path: 'messages', message: 'the conversation has no messages' });
  if (value && value.messages.length > MAX_MESSAGES)
    errors.push({
      path: 'messages',
      message: `at most ${MAX_MESSAGES} messages (got ${value.messages.length})`,
    });
  return errors.length === 0 && value ? { ok: true, value } : { ok: false, errors };
}

function readList(list: readonly unknown[], errors: FieldError[]): Conversation {
  const out: ConversationMessage[] = [];
  const seen = new Set<string>();
  list.forEach((m, i) => {
    const path = joinPath('messages', i);
    if (!isRecord(m)) {
      errors.push({ path, message: `must be a message object (got ${show(m)})` });
      return;
    }
    const id = m.messageId;
    if (typeof id !== 'string' || id.length === 0) {
      errors.push({
        path: joinPath(path, 'messageId'),
        message: `must be a non-empty string (got ${show(id)})`,
      });
      return;
    }
    if (seen.has(id)) {
      errors.push({ path: joinPath(path, 'messageId'), message: `message "${id}" appears twice` });
      return;
    }
    seen.add(id);
    const content = readContent(m.content, joinPath(path, 'content'), errors);
    if (content === undefined) return;
    const user = isRecord(m.user) ? m.user : undefined;
    const name = firstString(user?.name, user?.userId, m.type, m.role);
    const role = firstString(m.type, m.role);
    const ts = m.timestampUsec;
    out.push({
      messageId: id,
      content,
      author: name ?? `Message ${i + 1}`,
      ...(role !== undefined && { role }),
      ...((m.align === 'left' || m.align === 'right') && { align: m.align }),
      ...(typeof ts === 'number' && Number.isFinite(ts) && { timestampUsec: ts }),
      canLabel: m.canLabel !== false,
    });
  });
  return { format: 'conversational', messages: out };
}

function readTree(
  json: Readonly<Record<string, unknown>>,
  messages: Readonly<Record<string, unknown>>,
  errors: FieldError[],
): Conversation {
  const actors: Readonly<Record<string, unknown>> = isRecord(json.actors) ? json.actors : {};
  const byId = new Map<string, ConversationMessage>();
  const children = new Map<string, string[]>();
  for (const [id, m] of Object.entries(messages)) {
    const path = joinPath('messages', id);
    if (!isRecord(m)) {
      errors.push({ path, message: `must be a message object (got ${show(m)})` });
      continue;
    }
    const content = readContent(m.content, joinPath(path, 'content'), errors);
    if (content === undefined) continue;
    const found = typeof m.actorId === 'string' ? actors[m.actorId] : undefined;
    const actor = isRecord(found) ? found : undefined;
    const role = firstString(actor?.role);
    const meta = isRecord(actor?.metadata) ? actor.metadata : undefined;
    const human = isRecord(meta?.humanInfo) ? meta.humanInfo : undefined;
    const modelConfigName = firstString(meta?.modelConfigName);
    byId.set(id, {
      messageId: id,
      content,
      author: firstString(modelConfigName, human?.name, role) ?? 'Unknown',
      ...(role !== undefined && { role }),
      ...(modelConfigName !== undefined && { modelConfigName }),
      align: role === 'human' ? 'right' : 'left',
      canLabel: true,
    });
    if (Array.isArray(m.childMessageIds))
      children.set(
        id,
        m.childMessageIds.filter((c): c is string => typeof c === 'string'),
      );
  }
  // Depth first from the roots, replies after the message they answer; messages no root reaches come last.
  const out: ConversationMessage[] = [];
  const placed = new Set<string>();
  const visit = (id: string, replyTo: string | undefined) => {
    const m = byId.get(id);
    if (!m || placed.has(id)) return;
    placed.add(id);
    out.push(replyTo === undefined ? m : { ...m, replyTo });
    for (const c of children.get(id) ?? []) visit(c, id);
  };
  const roots = Array.isArray(json.rootMessageIds) ? json.rootMessageIds : [];
  for (const r of roots) if (typeof r === 'string') visit(r, undefined);
  for (const id of byId.keys()) visit(id, undefined);
  return { format: 'model-chat-evaluation', messages: out };
}

/** Message text: a string, or v2's list of parts whose text parts are joined by blank lines. */
function readContent(v: unknown, path: string, errors: FieldError[]): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const parts = v
      .map((p) => (typeof p === 'string' ? p : isRecord(p) && typeof p.content === 'string' ? p.content : ''))
      .filter((p) => p !== '');
    return parts.join('\n\n');
  }
  errors.push({ path, message: `must be the message text, a string (got ${show(v)})` });
  return undefined;
}

function firstString(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === 'string' && v.trim() !== '') return v;
  return undefined;
}
