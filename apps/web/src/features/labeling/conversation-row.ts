import { parseConversation, type Conversation } from '@labelyard/schema';

const isUrl = (s: string) => /^https?:\/\//i.test(s) || s.startsWith('/');

/**
 * The conversation of a CONVERSATIONAL row: its row data is the Labelbox conversation JSON itself or a URL to it.
 * Throws an error that says what is wrong (the page shows it instead of the editor).
 */
export async function loadConversation(rowData: string): Promise<Conversation> {
  let body = rowData;
  if (isUrl(rowData)) {
    const res = await fetch(rowData, { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`The conversation of this row could not be loaded (HTTP ${res.status})`);
    body = await res.text();
  }
  return conversationFromJson(body);
}

/** Parses and checks conversation JSON; the error names the first problems with their paths. */
export function conversationFromJson(body: string): Conversation {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    throw new Error(
      `This row is not a conversation: its data is not JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const parsed = parseConversation(json);
  if (parsed.ok) return parsed.value;
  const shown = parsed.errors.slice(0, 3).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  const more = parsed.errors.length > 3 ? ` (and ${parsed.errors.length - 3} more problems)` : '';
  throw new Error(`This row's conversation is malformed: ${shown.join('; ')}${more}`);
}
