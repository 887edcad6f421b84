import type { ConversationMessage, TextEntityAnnotation } from '@labelyard/schema';
import { memo, useMemo } from 'react';
import { chunkText } from '../text-dom.ts';
import { TextChunk } from '../TextContent.tsx';

type Props = {
  message: ConversationMessage;
  /** 1-based place in the thread, as people count messages. */
  number: number;
  entities: readonly TextEntityAnnotation[];
  colorOf: (e: TextEntityAnnotation) => string;
  selected: ReadonlySet<string>;
  current: boolean;
  answers: number;
  onSelect: (messageId: string) => void;
  /** Changes when anything drawn in this message changes, current and answers included (memo key). */
  signature: string;
};

/**
 * `timestampUsec` is microseconds since the epoch, but rows in the wild (Labelbox's own docs among them) put seconds
 * or milliseconds there: the size of the number tells which, so no message shows as sent in 1970.
 */
function sentAt(usec: number | undefined): Date | undefined {
  if (usec === undefined || usec <= 0) return undefined;
  const ms = usec >= 1e14 ? usec / 1000 : usec >= 1e11 ? usec : usec * 1000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * One message of the thread: who sent it, then its text as plain text nodes (React escapes it; the row's content
 * is never parsed as HTML), entities drawn as in the text editor. The text holds `data-offset` chunks whose
 * offsets count from the message's start, so a DOM selection maps to offsets into this message's `content`.
 */
export const MessageBubble = memo(
  function MessageBubble({
    message,
    number,
    entities,
    colorOf,
    selected,
    current,
    answers,
    onSelect,
  }: Props) {
    const starts = useMemo(() => chunkText(message.content), [message.content]);
    const sent = sentAt(message.timestampUsec);
    const name = `Message ${number} from ${message.author}`;
    return (
      <article
        className="ly-msg"
        aria-label={name}
        data-align={message.align ?? 'left'}
        data-current={current}
        data-message-id={message.messageId}
      >
        <header className="ly-msg-head">
          <button
            type="button"
            aria-pressed={current}
            aria-label={`Select message ${number} (${message.author})`}
            onClick={() => onSelect(message.messageId)}
          >
            <strong>{message.author}</strong>
            {message.role !== undefined && message.role !== message.author && (
              <span className="ly-msg-role">{message.role}</span>
            )}
            <span className="ly-msg-no">#{number}</span>
          </button>
          {sent && (
            <time dateTime={sent.toISOString()}>{sent.toISOString().slice(0, 16).replace('T', ' ')}</time>
          )}
          {answers > 0 && (
            <span className="ly-msg-badge" title="Message classifications answered">
              ✓ {answers} {answers === 1 ? 'answer' : 'answers'}
            </span>
          )}
          {!message.canLabel && <span className="ly-msg-role">not for labeling</span>}
        </header>
        <div className="ly-msg-text" data-message-id={message.messageId}>
          {message.content === '' ? (
            <em className="ly-msg-empty">(no text)</em>
          ) : (
            starts.map((start, i) => {
              const end = starts[i + 1] ?? message.content.length;
              const mine = entities.filter((e) => e.start < end && e.end >= start);
              return (
                <TextChunk
                  key={start}
                  start={start}
                  text={message.content.slice(start, end)}
                  entities={mine}
                  colorOf={colorOf}
                  selected={selected}
                  signature={mine
                    .map((e) => `${e.uuid}:${e.start}:${e.end}:${selected.has(e.uuid) ? 1 : 0}`)
                    .join('|')}
                />
              );
            })
          )}
        </div>
      </article>
    );
  },
  (a, b) => a.signature === b.signature && a.message === b.message && a.onSelect === b.onSelect,
);
