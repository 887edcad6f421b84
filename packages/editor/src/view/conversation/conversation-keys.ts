import type { Editor } from '../../editor.ts';
import { drawableTools } from '../../actions/features.ts';
import { shortcuts } from '../../hotkeys.ts';

/** A conversation-view key: `keys` as `keyString` spells them; `run` gets what the view holds. */
export type ConversationShortcut = {
  readonly keys: string;
  readonly label: string;
  readonly group: 'Classes' | 'Edit' | 'Conversation';
  /** For the engine's own shortcuts (classes, undo, delete…); the view's are run by the view. */
  readonly engine?: (editor: Editor) => void;
  readonly view?: 'next-message' | 'previous-message' | 'clear';
};

/**
 * The keys the conversation editor answers, and so the cheat sheet's list: the engine's class keys (with text
 * selected they label it) and edit keys, and message navigation. Drawing, zoom and pan keys of the image editor
 * mean nothing here and are left out.
 */
export function conversationShortcuts(editor: Editor): ConversationShortcut[] {
  const entities = new Set(
    drawableTools(editor)
      .filter((t) => t.tool === 'named-entity')
      .map((t) => t.name),
  );
  const engine = shortcuts(editor)
    .filter((s) => s.group === 'Classes' || (s.group === 'Edit' && !/^mod\+[cxva]$/.test(s.keys)))
    .map((s) => ({
      keys: s.keys,
      label:
        s.group === 'Classes' && entities.has(s.label) ? `${s.label} (labels the selected text)` : s.label,
      group: s.group as 'Classes' | 'Edit',
      engine: s.run,
      ...(s.keys === 'escape' && { view: 'clear' as const }),
    }));
  return [
    ...engine,
    { keys: 'alt+arrowdown', label: 'Next message', group: 'Conversation', view: 'next-message' },
    { keys: 'alt+arrowup', label: 'Previous message', group: 'Conversation', view: 'previous-message' },
  ];
}
