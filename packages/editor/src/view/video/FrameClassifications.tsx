import type { NormalizedClassification } from '@labelyard/schema';
import { classifyFrame, frameAnswer, frameRecords } from '../../actions/classify-frame.ts';
import type { Editor } from '../../editor.ts';
import { describeRanges } from '../../video/frame-ranges.ts';

/**
 * The ontology's frame-scoped questions (scope `index`) answered for the current frame, with the frames each
 * answer holds on so far.
 */
export function FrameClassifications({
  editor,
  frame,
  questions,
  readOnly,
}: {
  editor: Editor;
  frame: number;
  questions: readonly NormalizedClassification[];
  readOnly: boolean;
}) {
  return (
    <section aria-label="Frame classifications">
      <h2>Frame {frame}</h2>
      {questions.map((q) => {
        const current = frameAnswer(editor, q.featureSchemaId, frame);
        const chosen =
          current?.kind === 'radio' ? [current.answer] : current?.kind === 'checklist' ? current.answers : [];
        const records = frameRecords(editor, q.featureSchemaId);
        return (
          <fieldset key={q.featureSchemaId} className="ly-q" disabled={readOnly}>
            <legend>{q.name}</legend>
            {q.type === 'text' ? (
              <input
                key={`${frame}-${current?.uuid ?? ''}`}
                type="text"
                aria-label={`${q.name} on this frame`}
                defaultValue={current?.kind === 'text' ? current.answer : ''}
                onBlur={(e) => classifyFrame(editor, q, frame, { type: 'text', text: e.currentTarget.value })}
                onKeyDown={(e) => e.stopPropagation()}
              />
            ) : (
              q.options.map((o) => (
                <div key={o.featureSchemaId}>
                  <label>
                    <input
                      type={q.type === 'checklist' ? 'checkbox' : 'radio'}
                      name={`frame-${q.featureSchemaId}`}
                      checked={chosen.some((a) => a.featureSchemaId === o.featureSchemaId)}
                      onChange={(e) =>
                        classifyFrame(
                          editor,
                          q,
                          frame,
                          q.type === 'checklist'
                            ? { type: 'checklist', option: o, checked: e.currentTarget.checked }
                            : { type: 'radio', option: o },
                        )
                      }
                    />{' '}
                    {String(o.label)}
                  </label>
                </div>
              ))
            )}
            {q.type === 'radio' && current && !readOnly && (
              <button
                type="button"
                onClick={() => classifyFrame(editor, q, frame, { type: 'radio', option: null })}
              >
                Clear on this frame
              </button>
            )}
            {records.length > 0 && (
              <ul className="ly-list" aria-label={`${q.name} by frame`}>
                {records.map((r) => (
                  <li key={r.uuid}>
                    {r.kind === 'radio'
                      ? r.answer.name
                      : r.kind === 'checklist'
                        ? r.answers.map((a) => a.name).join(', ')
                        : r.answer}
                    : frames {describeRanges(r.frames ?? [])}
                  </li>
                ))}
              </ul>
            )}
          </fieldset>
        );
      })}
    </section>
  );
}
