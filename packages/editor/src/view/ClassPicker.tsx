import { drawableTools, setActiveFeature } from '../actions/features.ts';
import type { Editor } from '../editor.ts';
import { shortcuts } from '../hotkeys.ts';

/**
 * The ontology's tools as buttons with their hotkeys: the class new objects get. `onPick` runs after a class is
 * chosen (the conversation editor labels the text selected before).
 */
export function ClassPicker({
  editor,
  kinds,
  onPick,
}: {
  editor: Editor;
  kinds?: readonly string[];
  onPick?: (featureSchemaId: string) => void;
}) {
  const keys = new Map(
    shortcuts(editor)
      .filter((s) => s.group === 'Classes')
      .map((s) => [s.label, s.keys]),
  );
  const tools = drawableTools(editor).filter((t) => !kinds || kinds.includes(t.tool));
  return (
    <nav className="ly-classes" aria-label="Classes">
      {tools.map((t) => (
        <button
          key={t.featureSchemaId}
          type="button"
          aria-pressed={editor.instance.activeFeatureId === t.featureSchemaId}
          onClick={() => {
            setActiveFeature(editor, t.featureSchemaId);
            onPick?.(t.featureSchemaId);
          }}
        >
          <span className="ly-swatch" style={{ background: t.color }} />
          {t.name}
          <span className="ly-kbd">{keys.get(t.name)}</span>
        </button>
      ))}
    </nav>
  );
}
