import {
  annotationToNdjson,
  parseNdjsonAnnotation,
  type Annotation,
  type ConvertContext,
  type FieldError,
} from '@labelyard/schema';
import type { Editor } from '../editor.ts';

export type LoadProblem = {
  readonly index: number;
  readonly uuid?: string;
  readonly errors: readonly FieldError[];
};

/**
 * Loads NDJSON lines (without `dataRow`: pre-labels, a draft, a label in review or rework) through the import's
 * own reader, so the editor accepts exactly what the server does. Loading is never undoable. Lines that fail are
 * returned with their errors rather than dropped silently.
 */
export function loadNdjson(editor: Editor, lines: readonly unknown[]): LoadProblem[] {
  const { records, problems } = parseLines(editor, lines);
  editor.put(records, 'never');
  return problems;
}

/**
 * Replaces what the editor holds with NDJSON lines as one undoable change: a reviewer's restored draft laid over
 * the label under review, so undoing it (or "Discard changes") brings back the label as submitted.
 */
export function replaceWithNdjson(editor: Editor, lines: readonly unknown[]): LoadProblem[] {
  const { records, problems } = parseLines(editor, lines);
  const kept = new Set(records.map((r) => r.uuid));
  editor.batch(() => {
    editor.remove(
      [...editor.store.all()].map((r) => r.uuid).filter((uuid) => !kept.has(uuid)),
      'eventually',
    );
    editor.put(records, 'undoable');
    editor.commitPending();
  });
  return problems;
}

function parseLines(editor: Editor, lines: readonly unknown[]) {
  const problems: LoadProblem[] = [];
  const records: Annotation[] = [];
  const { width, height, text, conversation } = editor.media;
  const media = {
    width,
    height,
    ...(text !== undefined && { textLength: text.length }),
    ...(conversation && {
      messageIds: new Set(conversation.messages.map((m) => m.messageId)),
      messageLengths: new Map(conversation.messages.map((m) => [m.messageId, m.content.length])),
    }),
  };
  lines.forEach((raw, index) => {
    const line =
      typeof raw === 'string'
        ? (JSON.parse(raw) as Record<string, unknown>)
        : (raw as Record<string, unknown>);
    const uuid = typeof line?.uuid === 'string' ? line.uuid : undefined;
    const parsed = parseNdjsonAnnotation(
      { line, dataRow: { id: 'row' }, ...(uuid !== undefined && { uuid }) },
      { features: editor.features, media, newUuid: editor.newUuid },
    );
    if (parsed.ok) records.push(...parsed.annotations);
    else problems.push({ index, ...(uuid !== undefined && { uuid }), errors: parsed.errors });
  });
  return { records, problems };
}

/** The label as NDJSON lines for `saveLabelDraft` / `submitQueuedLabel`: objects, then classifications and links. */
export function toNdjson(editor: Editor, ctx: ConvertContext = {}): Record<string, unknown>[] {
  const rank = (a: Annotation) => (a.kind === 'relationship' ? 2 : 'classifications' in a ? 0 : 1);
  return editor
    .records()
    .sort((a, b) => rank(a) - rank(b))
    .map((a) => annotationToNdjson(a, ctx))
    .filter((l) => l !== undefined);
}
