import type { NormalizedClassification } from '@labelyard/schema';
import { answerAt, classify } from '../actions/classify.ts';
import { globalClassifications } from '../actions/features.ts';
import type { Editor } from '../editor.ts';

type Props = {
  editor: Editor;
  /** Object uuid, or null for the row's global classifications. */
  owner: string | null;
  questions: readonly NormalizedClassification[];
  path?: readonly string[];
  readOnly?: boolean;
  /** The conversation message the row-level answers belong to (message-scoped questions). */
  messageId?: string;
};

/** Questions for an object or the row, with the questions nested under each chosen option shown beneath it. */
export function ClassificationForm({
  editor,
  owner,
  questions,
  path = [],
  readOnly = false,
  messageId,
}: Props) {
  return (
    <>
      {questions.map((q) => {
        const at = [...path, q.featureSchemaId];
        const current = answerAt(editor, owner, at, messageId);
        const chosen =
          current?.kind === 'radio' ? [current.answer] : current?.kind === 'checklist' ? current.answers : [];
        const isChosen = (id: string) => chosen.some((a) => a.featureSchemaId === id);
        return (
          <fieldset key={q.featureSchemaId} className="ly-q" disabled={readOnly}>
            <legend>{q.name}</legend>
            {q.type === 'text' ? (
              <input
                type="text"
                aria-label={q.name}
                defaultValue={current?.kind === 'text' ? current.answer : ''}
                onBlur={(e) =>
                  classify(editor, owner, at, { type: 'text', text: e.currentTarget.value }, messageId)
                }
                onKeyDown={(e) => e.stopPropagation()}
              />
            ) : (
              q.options.map((o) => (
                <div key={o.featureSchemaId}>
                  <label>
                    <input
                      type={q.type === 'checklist' ? 'checkbox' : 'radio'}
                      name={`${owner ?? messageId ?? 'row'}-${at.join('.')}`}
                      checked={isChosen(o.featureSchemaId)}
                      onChange={(e) =>
                        classify(
                          editor,
                          owner,
                          at,
                          q.type === 'checklist'
                            ? { type: 'checklist', option: o, checked: e.currentTarget.checked }
                            : { type: 'radio', option: o },
                          messageId,
                        )
                      }
                    />{' '}
                    {String(o.label)}
                  </label>
                  {isChosen(o.featureSchemaId) && o.options.length > 0 && (
                    <ClassificationForm
                      editor={editor}
                      owner={owner}
                      questions={o.options}
                      path={[...at, o.featureSchemaId]}
                      readOnly={readOnly}
                      {...(messageId !== undefined && { messageId })}
                    />
                  )}
                </div>
              ))
            )}
          </fieldset>
        );
      })}
    </>
  );
}

/** The ontology's global classifications for the row (`label` names the section), or nothing when it has none. */
export function GlobalClassifications({
  editor,
  label,
  readOnly,
}: {
  editor: Editor;
  label: string;
  readOnly: boolean;
}) {
  const questions = globalClassifications(editor);
  if (questions.length === 0) return null;
  return (
    <section aria-label={label}>
      <h2>Classifications</h2>
      <ClassificationForm editor={editor} owner={null} questions={questions} readOnly={readOnly} />
    </section>
  );
}
