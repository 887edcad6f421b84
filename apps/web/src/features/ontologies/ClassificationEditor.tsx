import { Button } from '../../components/Button.tsx';
import { Checkbox, SelectField, TextField } from '../../components/Field.tsx';
import {
  CLASSIFICATION_KINDS,
  newClassification,
  newOption,
  type ClassificationDraft,
  type ClassificationKind,
} from './ontology-draft.ts';

type Props = {
  value: ClassificationDraft;
  /** Where it sits, for accessible names: "Global", "Tool Car", "Option Red". */
  path: string;
  onChange: (next: ClassificationDraft | null) => void;
  depth?: number;
  /** Offer "Answered per message" (a root classification of a conversational ontology: `index` scope). */
  perMessage?: boolean;
};

const MAX_DEPTH = 4;

/** A classification with its options; each option can hold nested classifications (recursively). */
export function ClassificationEditor({ value, path, onChange, depth = 0, perMessage = false }: Props) {
  const name = value.name || 'untitled question';
  const set = (change: Partial<ClassificationDraft>) => onChange({ ...value, ...change });
  return (
    <li className="ly-node" aria-label={`Classification ${name} (${path})`}>
      <div className="ly-node__row">
        <TextField label="Question" value={value.name} onChange={(e) => set({ name: e.target.value })} />
        <SelectField
          label="Answer type"
          value={value.type}
          options={CLASSIFICATION_KINDS}
          onChange={(e) => set({ type: e.target.value as ClassificationKind })}
        />
        <Checkbox
          label="Required"
          checked={value.required}
          onChange={(e) => set({ required: e.target.checked })}
        />
        {perMessage ? (
          <Checkbox
            label="Answered per message"
            checked={value.scope === 'index'}
            onChange={(e) => set({ scope: e.target.checked ? 'index' : 'global' })}
          />
        ) : null}
        <Button variant="danger" onClick={() => onChange(null)} aria-label={`Remove classification ${name}`}>
          Remove
        </Button>
      </div>
      {value.type !== 'text' ? (
        <ul className="ly-tree" aria-label={`Options of ${name}`}>
          {value.options.map((o, i) => (
            <li key={o.key} className="ly-node">
              <div className="ly-node__row">
                <TextField
                  label={`Option ${i + 1}`}
                  value={o.label}
                  onChange={(e) =>
                    set({
                      options: value.options.map((x) =>
                        x.key === o.key ? { ...x, label: e.target.value } : x,
                      ),
                    })
                  }
                />
                {depth < MAX_DEPTH ? (
                  <Button
                    onClick={() =>
                      set({
                        options: value.options.map((x) =>
                          x.key === o.key
                            ? { ...x, classifications: [...x.classifications, newClassification()] }
                            : x,
                        ),
                      })
                    }
                    aria-label={`Add nested classification under option ${o.label || i + 1}`}
                  >
                    Add nested question
                  </Button>
                ) : null}
                <Button
                  variant="danger"
                  onClick={() => set({ options: value.options.filter((x) => x.key !== o.key) })}
                  aria-label={`Remove option ${o.label || i + 1}`}
                >
                  Remove
                </Button>
              </div>
              {o.classifications.length > 0 ? (
                <ul className="ly-tree">
                  {o.classifications.map((c) => (
                    <ClassificationEditor
                      key={c.key}
                      value={c}
                      depth={depth + 1}
                      path={`option ${o.label || i + 1}`}
                      onChange={(next) =>
                        set({
                          options: value.options.map((x) =>
                            x.key === o.key
                              ? {
                                  ...x,
                                  classifications: next
                                    ? x.classifications.map((y) => (y.key === c.key ? next : y))
                                    : x.classifications.filter((y) => y.key !== c.key),
                                }
                              : x,
                          ),
                        })
                      }
                    />
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
          <li>
            <Button
              onClick={() => set({ options: [...value.options, newOption()] })}
              aria-label={`Add option to ${name}`}
            >
              Add option
            </Button>
          </li>
        </ul>
      ) : null}
    </li>
  );
}
