import { afterEach, describe, expect, it, vi } from 'vitest';
import { conversationFromJson, loadConversation } from './conversation-row.ts';

const row = {
  type: 'application/vnd.labelbox.conversational',
  version: 1,
  messages: [{ messageId: 'message-0', content: 'Hi', user: { userId: 'u', name: 'Ann' } }],
};

afterEach(() => vi.unstubAllGlobals());

describe('loadConversation', () => {
  it('reads conversation JSON given inline', async () => {
    const sut = await loadConversation(JSON.stringify(row));
    expect(sut.messages.map((m) => [m.messageId, m.author, m.content])).toEqual([['message-0', 'Ann', 'Hi']]);
  });

  it('fetches a conversation given by URL, and says so when it cannot', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify(row), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const sut = await loadConversation('https://files.example.com/chat.json');
    expect(fetch).toHaveBeenCalledWith('https://files.example.com/chat.json', { credentials: 'same-origin' });
    expect(sut.messages).toHaveLength(1);
    vi.stubGlobal('fetch', async () => new Response('gone', { status: 404 }));
    await expect(loadConversation('/files/chat.json')).rejects.toThrow(
      'The conversation of this row could not be loaded (HTTP 404)',
    );
  });
});

describe('conversationFromJson', () => {
  it('says the data is not JSON, or which fields of the conversation are wrong', () => {
    expect(() => conversationFromJson('Hello there')).toThrow(
      /^This row is not a conversation: its data is not JSON/,
    );
    expect(() => conversationFromJson(JSON.stringify({ messages: [{ messageId: 'a' }] }))).toThrow(
      "This row's conversation is malformed: messages[0].content: must be the message text, a string (got undefined)",
    );
    const many = { messages: Array.from({ length: 5 }, () => ({ content: 'x' })) };
    expect(() => conversationFromJson(JSON.stringify(many))).toThrow(/\(and 2 more problems\)$/);
  });
});
