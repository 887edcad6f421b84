import type { TextEntityAnnotation } from '@labelyard/schema';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { featureColor, toolNode } from '../actions/features.ts';
import { createRelationship } from '../actions/relationships.ts';
import { createEntity, entitiesAt } from '../actions/text.ts';
import type { Editor } from '../editor.ts';
import { findAll, locationText } from '../text/offsets.ts';
import { CheatSheet } from './CheatSheet.tsx';
import { GlobalClassifications } from './ClassificationForm.tsx';
import { ClassPicker } from './ClassPicker.tsx';
import { ObjectList } from './ObjectList.tsx';
import { editorCss } from './styles.ts';
import { chunkOf, chunkText, offsetOf, positionOf } from './text-dom.ts';
import { TextChunk } from './TextContent.tsx';
import { useEditorVersion } from './use-editor.ts';
import { toKeyEvent } from './dom-events.ts';

export type TextEditorViewProps = { editor: Editor; readOnly?: boolean; aside?: React.ReactNode };

type HighlightHost = {
  CSS?: { highlights?: Map<string, unknown> };
  Highlight?: new (...r: Range[]) => unknown;
};

/**
 * The text labeling editor: select text to label it with the active entity class (offsets exact, see
 * `selectionToLocation`), click an entity to select it (Delete removes it), link two entities with a
 * relationship class, answer document classifications, search. Long documents render in chunks the browser
 * lays out only when visible.
 */
export function TextEditorView({ editor, readOnly = false, aside }: TextEditorViewProps) {
  useEditorVersion(editor);
  const text = editor.media.text ?? '';
  const starts = useMemo(() => chunkText(text), [text]);
  const container = useRef<HTMLDivElement>(null);
  const [cheats, setCheats] = useState(false);
  const [query, setQuery] = useState('');
  const [hit, setHit] = useState(0);
  const entities = editor.objects().filter((o): o is TextEntityAnnotation => o.kind === 'text-entity');
  const sorted = [...entities].sort((a, b) => a.start - b.start);
  const selected = editor.selectedIds;
  const colorOf = useCallback((e: TextEntityAnnotation) => featureColor(editor, e.featureSchemaId), [editor]);
  const matches = useMemo(() => findAll(text, query, 5000), [text, query]);
  const visible = sorted.filter((e) => editor.isVisible(e));

  const onMouseUp = () => {
    if (readOnly) return;
    const doc = container.current!.ownerDocument;
    const sel = doc.getSelection();
    if (!sel || sel.rangeCount === 0) return;
    const range = sel.getRangeAt(0);
    const from = offsetOf(range.startContainer, range.startOffset);
    const to = offsetOf(range.endContainer, range.endOffset);
    if (from === undefined || to === undefined) return;
    if (from !== to) {
      if (createEntity(editor, from, to)) sel.removeAllRanges();
      return;
    }
    const [inner] = entitiesAt(editor, from).filter((e) => editor.isVisible(e));
    const active = toolNode(editor, editor.instance.activeFeatureId);
    const [source] = editor.selectedObjects();
    if (inner && active?.tool === 'edge' && source && source.uuid !== inner.uuid) {
      createRelationship(editor, source.uuid, inner.uuid);
      return;
    }
    editor.select(inner ? [inner.uuid] : []);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.target as HTMLElement).tagName === 'INPUT') return;
    if (e.key === '?') return setCheats(true);
    if (!readOnly && editor.keyDown(toKeyEvent(e))) e.preventDefault();
  };

  // Search hits are painted with the CSS Custom Highlight API: no DOM changes, however many matches.
  useEffect(() => {
    const root = container.current!;
    const win = root.ownerDocument.defaultView as unknown as HighlightHost | null;
    const highlights = win?.CSS?.highlights;
    if (!highlights || !win.Highlight) return;
    const chunks = [...root.querySelectorAll<HTMLElement>('[data-offset]')];
    const chunkFor = (offset: number) => {
      let lo = 0;
      for (let i = 0; i < starts.length; i++) if (starts[i] <= offset) lo = i;
      return chunks[lo];
    };
    const ranges: Range[] = [];
    for (const m of matches.slice(0, 2000)) {
      const a = positionOf(chunkFor(m.start), m.start);
      const b = positionOf(chunkFor(m.end - 1), m.end);
      if (!a || !b) continue;
      const r = root.ownerDocument.createRange();
      r.setStart(a.node, a.offset);
      r.setEnd(b.node, b.offset);
      ranges.push(r);
    }
    highlights.set('ly-search', new win.Highlight(...ranges));
    const current = matches[hit];
    if (current) {
      const pos = positionOf(chunkFor(current.start), current.start);
      (pos?.node.parentElement ?? chunkOf(pos?.node ?? null))?.scrollIntoView({ block: 'center' });
    }
    return () => void highlights.delete('ly-search');
  }, [matches, hit, starts]);

  return (
    <div className="ly-editor" aria-label="Text editor" onKeyDown={onKeyDown}>
      <style>{editorCss}</style>
      <div className="ly-toolbar" role="toolbar" aria-label="Editor tools">
        {readOnly ? null : (
          <>
            <button type="button" disabled={!editor.canUndo} onClick={() => editor.undo()}>
              Undo
            </button>
            <button type="button" disabled={!editor.canRedo} onClick={() => editor.redo()}>
              Redo
            </button>
          </>
        )}
        <label>
          Search
          <input
            type="search"
            value={query}
            onChange={(e) => {
              setQuery(e.currentTarget.value);
              setHit(0);
            }}
          />
        </label>
        <span aria-live="polite">
          {query ? `${matches.length === 0 ? 0 : hit + 1} of ${matches.length}` : ''}
        </span>
        <button
          type="button"
          disabled={matches.length === 0}
          onClick={() => setHit((h) => (h + matches.length - 1) % matches.length)}
        >
          Previous match
        </button>
        <button
          type="button"
          disabled={matches.length === 0}
          onClick={() => setHit((h) => (h + 1) % matches.length)}
        >
          Next match
        </button>
        <button type="button" onClick={() => setCheats(true)}>
          Keyboard shortcuts
        </button>
      </div>
      {readOnly ? (
        <div className="ly-classes" />
      ) : (
        <ClassPicker editor={editor} kinds={['named-entity', 'edge']} />
      )}
      <div
        ref={container}
        className="ly-text"
        role="document"
        aria-label="Text to label"
        tabIndex={0}
        onMouseUp={onMouseUp}
      >
        {starts.map((start, i) => {
          const end = starts[i + 1] ?? text.length;
          const mine = visible.filter((e) => e.start < end && e.end >= start);
          const signature = mine
            .map((e) => `${e.uuid}:${e.start}:${e.end}:${selected.has(e.uuid) ? 1 : 0}`)
            .join('|');
          return (
            <TextChunk
              key={start}
              start={start}
              text={text.slice(start, end)}
              entities={mine}
              colorOf={colorOf}
              selected={selected}
              signature={signature}
            />
          );
        })}
      </div>
      <aside className="ly-panel" aria-label="Label details">
        {aside}
        <GlobalClassifications editor={editor} label="Document classifications" readOnly={readOnly} />
        <ObjectList
          editor={editor}
          readOnly={readOnly}
          describe={(o) => (o.kind === 'text-entity' ? `“${locationText(text, o).slice(0, 40)}”` : o.kind)}
        />
      </aside>
      <CheatSheet editor={editor} open={cheats} onClose={() => setCheats(false)} />
    </div>
  );
}
