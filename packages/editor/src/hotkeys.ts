import { copySelected, cutSelected, paste } from './actions/clipboard.ts';
import { drawableTools, setActiveFeature } from './actions/features.ts';
import { deleteSelected, selectAll, toggleHidden, toggleLocked } from './actions/objects.ts';
import type { Editor } from './editor.ts';
import { panBy, zoomAt } from './geometry/camera.ts';
import type { EditorKeyEvent } from './tools/state-node.ts';

/** One shortcut: `keys` like `mod+shift+z` (mod = Ctrl or Cmd), shown in the cheat sheet under `group`. */
export type Shortcut = {
  readonly keys: string;
  readonly label: string;
  readonly group: 'Tools' | 'Classes' | 'Edit' | 'View';
  readonly run: (editor: Editor) => void;
};

const zoomBy = (editor: Editor, factor: number) =>
  editor.setCamera(
    zoomAt(editor.camera, { x: editor.viewport.width / 2, y: editor.viewport.height / 2 }, factor),
  );

const PAN_STEP = 64;

const FIXED: readonly Shortcut[] = [
  { keys: 'v', label: 'Select', group: 'Tools', run: (e) => e.setTool('select') },
  { keys: 'h', label: 'Pan (or hold Space)', group: 'Tools', run: (e) => e.setTool('hand') },
  { keys: 'b', label: 'Bounding box', group: 'Tools', run: (e) => e.setTool('box') },
  { keys: 'p', label: 'Polygon (click, or drag freehand)', group: 'Tools', run: (e) => e.setTool('polygon') },
  { keys: 'l', label: 'Polyline', group: 'Tools', run: (e) => e.setTool('polyline') },
  { keys: 'o', label: 'Point', group: 'Tools', run: (e) => e.setTool('point') },
  { keys: 'm', label: 'Mask brush', group: 'Tools', run: (e) => e.setTool('brush') },
  { keys: 'e', label: 'Mask eraser', group: 'Tools', run: (e) => e.setTool('eraser') },
  { keys: 'r', label: 'Relationship', group: 'Tools', run: (e) => e.setTool('relationship') },
  {
    keys: '[',
    label: 'Smaller brush',
    group: 'Tools',
    run: (e) => e.setInstance({ brushSize: Math.max(1, Math.round(e.instance.brushSize / 1.25)) }),
  },
  {
    keys: ']',
    label: 'Larger brush',
    group: 'Tools',
    run: (e) => e.setInstance({ brushSize: Math.min(512, Math.round(e.instance.brushSize * 1.25) + 1) }),
  },
  { keys: 'mod+z', label: 'Undo', group: 'Edit', run: (e) => e.undo() },
  { keys: 'mod+shift+z', label: 'Redo', group: 'Edit', run: (e) => e.redo() },
  { keys: 'mod+y', label: 'Redo', group: 'Edit', run: (e) => e.redo() },
  { keys: 'mod+c', label: 'Copy', group: 'Edit', run: (e) => void copySelected(e) },
  { keys: 'mod+x', label: 'Cut', group: 'Edit', run: (e) => cutSelected(e) },
  { keys: 'mod+v', label: 'Paste (also on another row)', group: 'Edit', run: (e) => void paste(e) },
  { keys: 'mod+a', label: 'Select all', group: 'Edit', run: (e) => selectAll(e) },
  { keys: 'delete', label: 'Delete selected', group: 'Edit', run: (e) => deleteSelected(e) },
  { keys: 'backspace', label: 'Delete selected', group: 'Edit', run: (e) => deleteSelected(e) },
  { keys: 'escape', label: 'Cancel / deselect', group: 'Edit', run: (e) => e.select([]) },
  {
    keys: 'shift+h',
    label: 'Hide / show selected',
    group: 'Edit',
    run: (e) => e.batch(() => [...e.selectedIds].forEach((id) => toggleHidden(e, id))),
  },
  {
    keys: 'shift+l',
    label: 'Lock / unlock selected',
    group: 'Edit',
    run: (e) => e.batch(() => [...e.selectedIds].forEach((id) => toggleLocked(e, id))),
  },
  { keys: 'f', label: 'Fit image', group: 'View', run: (e) => e.zoomToFit() },
  { keys: 'shift+f', label: 'Zoom to selection', group: 'View', run: (e) => e.zoomToSelection() },
  { keys: '=', label: 'Zoom in', group: 'View', run: (e) => zoomBy(e, 1.25) },
  { keys: '+', label: 'Zoom in', group: 'View', run: (e) => zoomBy(e, 1.25) },
  { keys: '-', label: 'Zoom out', group: 'View', run: (e) => zoomBy(e, 0.8) },
  {
    keys: '0',
    label: 'Actual size (100%)',
    group: 'View',
    run: (e) => zoomBy(e, 1 / e.camera.z),
  },
  {
    keys: 'arrowleft',
    label: 'Pan (nudge when selected)',
    group: 'View',
    run: (e) => e.setCamera(panBy(e.camera, PAN_STEP, 0)),
  },
  {
    keys: 'arrowright',
    label: 'Pan right',
    group: 'View',
    run: (e) => e.setCamera(panBy(e.camera, -PAN_STEP, 0)),
  },
  { keys: 'arrowup', label: 'Pan up', group: 'View', run: (e) => e.setCamera(panBy(e.camera, 0, PAN_STEP)) },
  {
    keys: 'arrowdown',
    label: 'Pan down',
    group: 'View',
    run: (e) => e.setCamera(panBy(e.camera, 0, -PAN_STEP)),
  },
];

/**
 * Every shortcut of this editor: the fixed ones plus one per ontology tool (its `hotkey` from the ontology when
 * set, else 1–9 in ontology order). The cheat sheet renders this list, so it cannot drift from what keys do.
 */
export function shortcuts(editor: Editor): Shortcut[] {
  const classes = drawableTools(editor).map((tool, i): Shortcut | undefined => {
    const own =
      typeof tool.hotkey === 'string' && tool.hotkey.length === 1 ? tool.hotkey.toLowerCase() : undefined;
    const keys = own ?? (i < 9 ? String(i + 1) : undefined);
    return keys === undefined
      ? undefined
      : { keys, label: tool.name, group: 'Classes', run: (e) => setActiveFeature(e, tool.featureSchemaId) };
  });
  // Class keys come first so an ontology hotkey wins over a fixed letter.
  return [...classes.filter((s) => s !== undefined), ...FIXED];
}

export function keyString(e: EditorKeyEvent): string {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key.toLowerCase();
  const shiftMatters = e.key.length > 1 || /[a-z]/i.test(e.key);
  return [e.accelKey && 'mod', e.altKey && 'alt', e.shiftKey && shiftMatters && 'shift', key]
    .filter(Boolean)
    .join('+');
}

/** Runs the shortcut for a key, if any; returns whether one ran. */
export function runHotkey(editor: Editor, e: EditorKeyEvent): boolean {
  const keys = keyString(e);
  const hit = shortcuts(editor).find((s) => s.keys === keys);
  if (!hit) return false;
  hit.run(editor);
  return true;
}
