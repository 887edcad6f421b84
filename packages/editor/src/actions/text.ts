import type { TextEntityAnnotation } from '@labelyard/schema';
import type { Editor } from '../editor.ts';
import { selectionToLocation } from '../text/offsets.ts';
import { newObject, toolNode } from './features.ts';

/**
 * Labels the half-open selection [from, to) of the row's text (UTF-16 offsets, as the DOM gives them) with the
 * active entity feature: snapped to whole characters, stored with Labelbox's inclusive `end`. One undo step.
 */
export function createEntity(editor: Editor, from: number, to: number): TextEntityAnnotation | undefined {
  const text = editor.media.text;
  const tool = toolNode(editor, editor.instance.activeFeatureId);
  if (text === undefined || tool?.tool !== 'named-entity') return undefined;
  const loc = selectionToLocation(text, from, to);
  if (!loc) return undefined;
  const record = newObject<TextEntityAnnotation>(editor, {
    kind: 'text-entity',
    start: loc.start,
    end: loc.end,
  });
  if (!record) return undefined;
  editor.batch(() => {
    editor.put([record], 'undoable');
    editor.select([record.uuid]);
  });
  return record;
}

/** Entities covering a text offset, innermost (shortest) first: what a click on the text selects. */
export function entitiesAt(editor: Editor, offset: number): TextEntityAnnotation[] {
  return editor
    .objects()
    .filter(
      (o): o is TextEntityAnnotation => o.kind === 'text-entity' && o.start <= offset && offset <= o.end,
    )
    .sort((a, b) => a.end - a.start - (b.end - b.start));
}
