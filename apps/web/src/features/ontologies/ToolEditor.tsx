import { Button } from '../../components/Button.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ClassificationEditor } from './ClassificationEditor.tsx';
import { newClassification, TOOL_KINDS, type ToolDraft, type ToolKind } from './ontology-draft.ts';

/** One object tool: kind, name, color, hotkey, and the classifications asked about each object. */
export function ToolEditor({
  value,
  onChange,
}: {
  value: ToolDraft;
  onChange: (next: ToolDraft | null) => void;
}) {
  const name = value.name || 'untitled tool';
  const set = (change: Partial<ToolDraft>) => onChange({ ...value, ...change });
  return (
    <li className="ly-node" aria-label={`Tool ${name}`}>
      <div className="ly-node__row">
        <span className="ly-swatch" style={{ background: value.color }} aria-hidden="true" />
        <SelectField
          label="Tool"
          value={value.tool}
          options={TOOL_KINDS}
          onChange={(e) => set({ tool: e.target.value as ToolKind })}
        />
        <TextField label="Name" value={value.name} onChange={(e) => set({ name: e.target.value })} />
        <TextField
          label="Color"
          type="color"
          value={value.color}
          onChange={(e) => set({ color: e.target.value })}
        />
        <TextField
          label="Hotkey"
          value={value.hotkey}
          maxLength={1}
          size={2}
          onChange={(e) => set({ hotkey: e.target.value })}
        />
        <Button
          onClick={() => set({ classifications: [...value.classifications, newClassification()] })}
          aria-label={`Add classification to tool ${name}`}
        >
          Add classification
        </Button>
        <Button variant="danger" onClick={() => onChange(null)} aria-label={`Remove tool ${name}`}>
          Remove
        </Button>
      </div>
      {value.featureSchemaId ? (
        <p className="ly-muted">Reuses feature schema {value.featureSchemaId}</p>
      ) : null}
      {value.classifications.length > 0 ? (
        <ul className="ly-tree">
          {value.classifications.map((c) => (
            <ClassificationEditor
              key={c.key}
              value={c}
              path={`tool ${name}`}
              onChange={(next) =>
                set({
                  classifications: next
                    ? value.classifications.map((x) => (x.key === c.key ? next : x))
                    : value.classifications.filter((x) => x.key !== c.key),
                })
              }
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
