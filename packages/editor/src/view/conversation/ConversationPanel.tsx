import type { RelationshipAnnotation, TextEntityAnnotation } from '@labelyard/schema';
import {
  conversationClassifications,
  messageById,
  messageClassifications,
} from '../../actions/conversation.ts';
import { toolNode } from '../../actions/features.ts';
import type { Editor } from '../../editor.ts';
import { locationText } from '../../text/offsets.ts';
import { ClassificationForm } from '../ClassificationForm.tsx';

type Props = {
  editor: Editor;
  readOnly: boolean;
  /** The message whose message-scoped classifications are shown. */
  current: string | undefined;
  numberOf: (messageId: string) => number;
};

/** Classifications of the whole conversation (global scope), of the current message (`index` scope). */
export function ConversationClassifications({ editor, readOnly, current, numberOf }: Props) {
  const global = conversationClassifications(editor);
  const perMessage = messageClassifications(editor);
  const message = current === undefined ? undefined : messageById(editor, current);
  return (
    <>
      {global.length > 0 && (
        <section aria-label="Conversation classifications">
          <h2>Conversation</h2>
          <ClassificationForm editor={editor} owner={null} questions={global} readOnly={readOnly} />
        </section>
      )}
      {perMessage.length > 0 && (
        <section aria-label="Message classifications">
          <h2>
            {message
              ? `Message ${numberOf(message.messageId)} · ${message.author}`
              : 'Message classifications'}
          </h2>
          {message ? (
            <ClassificationForm
              key={message.messageId}
              editor={editor}
              owner={null}
              questions={perMessage}
              readOnly={readOnly || !message.canLabel}
              messageId={message.messageId}
            />
          ) : (
            <p className="ly-hint">Select a message (click it, or Alt + ↓) to classify it.</p>
          )}
        </section>
      )}
    </>
  );
}

/** The selected entity: its text and message, its nested classifications, and removing it. */
export function SelectedEntity({
  editor,
  entity,
  readOnly,
  numberOf,
}: {
  editor: Editor;
  entity: TextEntityAnnotation;
  readOnly: boolean;
  numberOf: (messageId: string) => number;
}) {
  const message = entity.messageId === undefined ? undefined : messageById(editor, entity.messageId);
  const questions = toolNode(editor, entity.featureSchemaId)?.classifications ?? [];
  const text = message ? locationText(message.content, entity) : '';
  return (
    <section aria-label="Selected entity">
      <h2>Selected entity</h2>
      <p className="ly-sel">
        <strong>{entity.name}</strong> “{text.length > 80 ? `${text.slice(0, 80)}…` : text}”
        {message && ` in message ${numberOf(message.messageId)}`}{' '}
        <span className="ly-hint">
          (characters {entity.start}–{entity.end})
        </span>
      </p>
      {questions.length > 0 && (
        <ClassificationForm
          key={entity.uuid}
          editor={editor}
          owner={entity.uuid}
          questions={questions}
          readOnly={readOnly}
        />
      )}
      {!readOnly && !editor.isLocked(entity) && (
        <button type="button" onClick={() => editor.remove([entity.uuid], 'undoable')}>
          Delete entity
        </button>
      )}
    </section>
  );
}

/** The label's relationships between entities ("A → B"), each removable unless read-only. */
export function Relationships({
  editor,
  readOnly,
  describe,
}: {
  editor: Editor;
  readOnly: boolean;
  describe: (uuid: string) => string;
}) {
  const links = editor.records().filter((r): r is RelationshipAnnotation => r.kind === 'relationship');
  if (links.length === 0) return null;
  return (
    <section aria-label="Relationships">
      <h2>Relationships ({links.length})</h2>
      <ul className="ly-list" aria-label="Relationships list">
        {links.map((r) => {
          const name = `${r.name}: ${describe(r.source)} ${r.direction === 'bidirectional' ? '↔' : '→'} ${describe(r.target)}`;
          return (
            <li key={r.uuid}>
              <span className="ly-name">{name}</span>
              {!readOnly && (
                <button
                  type="button"
                  aria-label={`Delete relationship ${name}`}
                  onClick={() => editor.remove([r.uuid], 'undoable')}
                >
                  Delete
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
