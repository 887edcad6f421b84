import type { TextEntityAnnotation } from '@labelyard/schema';
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  createMessageEntity,
  messageById,
  labelByMessage,
  messageEntitiesAt,
  misplacedEntities,
} from '../../actions/conversation.ts';
import { evaluatedPrompts } from '../../actions/message-evaluation.ts';
import { createRelationship } from '../../actions/relationships.ts';
import { drawableTools, featureColor, toolNode } from '../../actions/features.ts';
import type { Editor } from '../../editor.ts';
import { keyString } from '../../hotkeys.ts';
import { locationText, selectionToLocation } from '../../text/offsets.ts';
import { CheatSheet } from '../CheatSheet.tsx';
import { ClassPicker } from '../ClassPicker.tsx';
import { ObjectList } from '../ObjectList.tsx';
import { editorCss } from '../styles.ts';
import { offsetOf } from '../text-dom.ts';
import { useEditorVersion } from '../use-editor.ts';
import { ConversationClassifications, Relationships, SelectedEntity } from './ConversationPanel.tsx';
import { conversationShortcuts } from './conversation-keys.ts';
import { describeEntity, describeObject } from './describe-object.ts';
import { articleOf, messageOf } from './thread-dom.ts';
import { conversationCss } from './conversation-styles.ts';
import { MessageBubble } from './MessageBubble.tsx';
import { ReplyEvaluation } from './ReplyEvaluation.tsx';
import { toKeyEvent } from '../dom-events.ts';

export type ConversationEditorViewProps = { editor: Editor; readOnly?: boolean; aside?: React.ReactNode };

/** Text selected in one message, waiting for a class (offsets into the message, half-open). */
type Pending = { readonly messageId: string; readonly from: number; readonly to: number };

/**
 * The conversation labeling editor: the row's messages as a chat thread. Select text in a message and pick an
 * entity class (or pick the class first, then select) to label it; click an entity to select it, then answer its
 * nested classifications or delete it. Select a message to answer the message-scoped classifications, answer the
 * conversation's own, and evaluate model replies where the ontology has message-evaluation tools. Read-only for
 * review: selecting and browsing only.
 */
export function ConversationEditorView({ editor, readOnly = false, aside }: ConversationEditorViewProps) {
  useEditorVersion(editor);
  const messages = useMemo(() => editor.media.conversation?.messages ?? [], [editor]);
  const numbers = useMemo(() => new Map(messages.map((m, i) => [m.messageId, i + 1])), [messages]);
  const numberOf = useCallback((id: string) => numbers.get(id) ?? 0, [numbers]);
  const prompts = useMemo(() => evaluatedPrompts(editor), [editor]);
  const keys = useMemo(() => conversationShortcuts(editor), [editor]);
  const canLabelText = useMemo(() => drawableTools(editor).some((t) => t.tool === 'named-entity'), [editor]);
  const thread = useRef<HTMLDivElement>(null);
  const [current, setCurrent] = useState<string | undefined>(undefined);
  const [pending, setPending] = useState<Pending | undefined>(undefined);
  const [notice, setNotice] = useState('');
  const [cheats, setCheats] = useState(false);
  const colorOf = useCallback((e: TextEntityAnnotation) => featureColor(editor, e.featureSchemaId), [editor]);
  const misplaced = misplacedEntities(editor);
  const byMessage = labelByMessage(editor);
  const bad = new Set(misplaced.map((p) => p.uuid));
  const selected = editor.selectedIds;
  const selectedEntity = editor
    .selectedObjects()
    .find((o): o is TextEntityAnnotation => o.kind === 'text-entity');

  // Selecting an entity (in the thread or the object list) makes its message the current one, in view.
  const entityMessage = selectedEntity?.messageId;
  useEffect(() => {
    if (entityMessage === undefined) return;
    setCurrent(entityMessage);
    articleOf(thread.current, entityMessage)?.scrollIntoView({ block: 'nearest' });
  }, [entityMessage, selectedEntity?.uuid]);

  const clearSelection = () => thread.current?.ownerDocument.getSelection()?.removeAllRanges();

  /** Labels the pending selection with a class; true when an entity was made. */
  const labelPending = (featureSchemaId: string | undefined): boolean => {
    if (!pending || readOnly) return false;
    const made = createMessageEntity(editor, pending.messageId, pending.from, pending.to, featureSchemaId);
    setPending(undefined);
    clearSelection();
    return made !== undefined;
  };

  const focusMessage = (id: string) => {
    setCurrent(id);
    const el = articleOf(thread.current, id)?.querySelector('button');
    el?.scrollIntoView({ block: 'nearest' });
    el?.focus();
  };

  /**
   * Takes the browser's selection in the thread: text in one message labels it with the active entity class, or
   * waits for a class; a click selects the entity under it (innermost) and the message. Keyboard selections
   * (`fromKeys`) only ever wait for a class, so extending one key by key does not label its first character.
   */
  const takeSelection = (fromKeys: boolean) => {
    const sel = thread.current!.ownerDocument.getSelection();
    if (!sel || sel.rangeCount === 0) return;
    const range = sel.getRangeAt(0);
    const id = messageOf(range.startContainer);
    if (id === undefined) return;
    if (messageOf(range.endContainer) !== id) {
      setNotice('An entity stays within one message: select text inside a single message.');
      return;
    }
    setNotice('');
    const from = offsetOf(range.startContainer, range.startOffset);
    const to = offsetOf(range.endContainer, range.endOffset);
    if (from === undefined || to === undefined) return;
    setCurrent(id);
    if (from !== to) {
      const message = messageById(editor, id);
      if (readOnly || !message || !selectionToLocation(message.content, from, to)) return;
      if (!message.canLabel) {
        setNotice(`Message ${numberOf(id)} is not for labeling (the row marks it canLabel: false).`);
        return;
      }
      const active = toolNode(editor, editor.instance.activeFeatureId);
      if (active?.tool === 'named-entity' && !fromKeys) {
        if (createMessageEntity(editor, id, from, to)) sel.removeAllRanges();
      } else setPending({ messageId: id, from, to });
      return;
    }
    if (fromKeys) return;
    setPending(undefined);
    const [inner] = messageEntitiesAt(editor, id, from);
    // With a relationship class active, a click on another entity links the selected one to it.
    const active = toolNode(editor, editor.instance.activeFeatureId);
    const [source] = editor.selectedObjects();
    if (!readOnly && inner && active?.tool === 'edge' && source && source.uuid !== inner.uuid) {
      createRelationship(editor, source.uuid, inner.uuid);
      return;
    }
    editor.select(inner ? [inner.uuid] : []);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const tag = (e.target as HTMLElement).tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    if (e.key === '?') return setCheats(true);
    const pressed = keyString(toKeyEvent(e));
    const hit = keys.find((k) => k.keys === pressed);
    if (!hit) return;
    if (hit.view === 'next-message' || hit.view === 'previous-message') {
      const at = current === undefined ? -1 : numberOf(current) - 1;
      const next = hit.view === 'next-message' ? Math.min(messages.length - 1, at + 1) : Math.max(0, at - 1);
      if (messages[next]) focusMessage(messages[next].messageId);
    } else if (hit.view === 'clear') {
      setPending(undefined);
      editor.select([]);
    } else if (readOnly) return;
    else if (hit.group === 'Classes' && pending) {
      hit.engine?.(editor);
      labelPending(editor.instance.activeFeatureId);
    } else hit.engine?.(editor);
    e.preventDefault();
  };

  const pendingMessage = pending && messageById(editor, pending.messageId);
  const pendingText =
    pending && pendingMessage
      ? locationText(
          pendingMessage.content,
          selectionToLocation(pendingMessage.content, pending.from, pending.to)!,
        )
      : '';

  return (
    <div className="ly-editor" aria-label="Conversation editor" onKeyDown={onKeyDown}>
      <style>{editorCss + conversationCss}</style>
      <div className="ly-toolbar" role="toolbar" aria-label="Editor tools">
        {!readOnly && (
          <>
            <button type="button" disabled={!editor.canUndo} onClick={() => editor.undo()}>
              Undo
            </button>
            <button type="button" disabled={!editor.canRedo} onClick={() => editor.redo()}>
              Redo
            </button>
          </>
        )}
        <span className="ly-hint">
          {messages.length} messages
          {readOnly ? ' · read only' : canLabelText ? ' · select text in a message, then pick a class' : ''}
        </span>
        <button type="button" onClick={() => setCheats(true)}>
          Keyboard shortcuts
        </button>
      </div>
      {readOnly ? (
        <div className="ly-classes" />
      ) : (
        <ClassPicker
          editor={editor}
          kinds={['named-entity', 'edge']}
          onPick={(id) => void labelPending(id)}
        />
      )}
      <div
        ref={thread}
        className="ly-thread"
        role="log"
        aria-label="Conversation"
        aria-live="off"
        tabIndex={0}
        onMouseUp={() => takeSelection(false)}
        onKeyUp={(e) => {
          if (e.shiftKey && e.key !== 'Shift') takeSelection(true);
        }}
      >
        {(pending || notice) && (
          <p className="ly-pending" role="status">
            {pending
              ? `“${pendingText.length > 60 ? `${pendingText.slice(0, 60)}…` : pendingText}” selected in message ${numberOf(pending.messageId)}: pick a class (or press its number) to label it.`
              : notice}
          </p>
        )}
        {messages.map((m) => {
          const entities = (byMessage.entities.get(m.messageId) ?? []).filter(
            (e) => editor.isVisible(e) && !bad.has(e.uuid),
          );
          const answers = byMessage.answers.get(m.messageId) ?? 0;
          const isCurrent = current === m.messageId;
          const prompt = prompts.find((p) => p.replies.at(-1)?.messageId === m.messageId);
          return (
            <Fragment key={m.messageId}>
              <MessageBubble
                message={m}
                number={numberOf(m.messageId)}
                entities={entities}
                colorOf={colorOf}
                selected={selected}
                current={isCurrent}
                answers={answers}
                onSelect={setCurrent}
                signature={`${isCurrent ? 1 : 0}:${answers}:${entities
                  .map((e) => `${e.uuid}:${e.start}:${e.end}:${selected.has(e.uuid) ? 1 : 0}`)
                  .join('|')}`}
              />
              {prompt && (
                <ReplyEvaluation
                  editor={editor}
                  parent={prompt.parent}
                  replies={prompt.replies}
                  numberOf={numberOf}
                  readOnly={readOnly}
                />
              )}
            </Fragment>
          );
        })}
      </div>
      <aside className="ly-panel" aria-label="Label details">
        {aside}
        {selectedEntity && (
          <SelectedEntity editor={editor} entity={selectedEntity} readOnly={readOnly} numberOf={numberOf} />
        )}
        <Relationships
          editor={editor}
          readOnly={readOnly}
          describe={(uuid) => describeObject(editor, uuid, numberOf)}
        />
        <ConversationClassifications
          editor={editor}
          readOnly={readOnly}
          current={current}
          numberOf={numberOf}
        />
        {misplaced.length > 0 && (
          <section aria-label="Entity problems" className="ly-problems">
            <h2>Entities that do not fit their message</h2>
            <ul role="alert">
              {misplaced.map((p) => (
                <li key={p.uuid}>{p.message}</li>
              ))}
            </ul>
          </section>
        )}
        <ObjectList
          editor={editor}
          readOnly={readOnly}
          describe={(o) => describeEntity(editor, o, numberOf)}
        />
      </aside>
      <CheatSheet
        editor={editor}
        open={cheats}
        onClose={() => setCheats(false)}
        list={keys}
        note="Select text inside one message with the mouse (double-click picks a word), or with Shift + arrows when caret browsing (F7) is on; click an entity to select it."
      />
    </div>
  );
}
