import type { Editor } from '../editor.ts';

const TOOLS: ReadonlyArray<[id: string, label: string, key: string]> = [
  ['select', 'Select', 'V'],
  ['hand', 'Pan', 'H'],
  ['box', 'Box', 'B'],
  ['polygon', 'Polygon', 'P'],
  ['polyline', 'Line', 'L'],
  ['point', 'Point', 'O'],
  ['brush', 'Brush', 'M'],
  ['eraser', 'Eraser', 'E'],
  ['relationship', 'Relationship', 'R'],
];

/** Tools that only look (a reviewer's canvas is read-only: nothing else is offered there). */
const VIEW_TOOLS = new Set(['select', 'hand']);

/**
 * Tools, undo/redo, view and image adjustments. Every control is a labelled button or slider. Read-only (review):
 * only selecting, panning, fitting and the image adjustments.
 */
export function Toolbar({
  editor,
  onCheatSheet,
  readOnly = false,
  tools: offered,
}: {
  editor: Editor;
  onCheatSheet: () => void;
  readOnly?: boolean;
  /** The engine tools this view offers (the video editor: select, pan, box, point); all when unset. */
  tools?: readonly string[];
}) {
  const tool = editor.path.split('.')[0];
  const { brushSize, brightness, contrast } = editor.instance;
  const tools = TOOLS.filter(
    ([id]) => (!readOnly || VIEW_TOOLS.has(id)) && (offered === undefined || offered.includes(id)),
  );
  return (
    <div className="ly-toolbar" role="toolbar" aria-label="Editor tools">
      {tools.map(([id, label, key]) => (
        <button
          key={id}
          type="button"
          aria-pressed={tool === id}
          title={`${label} (${key})`}
          onClick={() => editor.setTool(id)}
        >
          {label}
        </button>
      ))}
      <span className="ly-sep" />
      {!readOnly && (
        <>
          <button
            type="button"
            disabled={!editor.canUndo}
            onClick={() => editor.undo()}
            title="Undo (Ctrl+Z)"
          >
            Undo
          </button>
          <button
            type="button"
            disabled={!editor.canRedo}
            onClick={() => editor.redo()}
            title="Redo (Ctrl+Shift+Z)"
          >
            Redo
          </button>
        </>
      )}
      <button type="button" onClick={() => editor.zoomToFit()} title="Fit (F)">
        Fit
      </button>
      <span className="ly-sep" />
      {!readOnly && tools.some(([id]) => id === 'brush') && (
        <label>
          Brush size
          <input
            type="range"
            min={1}
            max={200}
            value={brushSize}
            onChange={(e) => editor.setInstance({ brushSize: Number(e.currentTarget.value) })}
          />
        </label>
      )}
      <label>
        Brightness
        <input
          type="range"
          min={0.2}
          max={3}
          step={0.05}
          value={brightness}
          onChange={(e) => editor.setInstance({ brightness: Number(e.currentTarget.value) })}
        />
      </label>
      <label>
        Contrast
        <input
          type="range"
          min={0.2}
          max={3}
          step={0.05}
          value={contrast}
          onChange={(e) => editor.setInstance({ contrast: Number(e.currentTarget.value) })}
        />
      </label>
      <span className="ly-sep" />
      <button type="button" onClick={onCheatSheet} title="Keyboard shortcuts (?)">
        Keyboard shortcuts
      </button>
    </div>
  );
}
