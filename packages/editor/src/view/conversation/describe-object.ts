import type { TextEntityAnnotation } from '@labelyard/schema';
import { messageById } from '../../actions/conversation.ts';
import type { Editor } from '../../editor.ts';
import { locationText } from '../../text/offsets.ts';

/** How the panel names an object of a conversation label: its class and, for an entity, its text and message. */
export function describeObject(editor: Editor, uuid: string, numberOf: (id: string) => number): string {
  const o = editor.getObject(uuid);
  return o ? `${o.name} ${describeEntity(editor, o, numberOf)}` : 'a removed object';
}

export function describeEntity(
  editor: Editor,
  o: { kind: string },
  numberOf: (id: string) => number,
): string {
  if (o.kind !== 'text-entity') return o.kind;
  const e = o as TextEntityAnnotation;
  const m = e.messageId === undefined ? undefined : messageById(editor, e.messageId);
  if (!m) return 'entity';
  return `“${locationText(m.content, e).slice(0, 40)}” in message ${numberOf(m.messageId)}`;
}
