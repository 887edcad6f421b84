import type { NormalizedOntology } from '@labelyard/schema';
import { toNdjson } from '@labelyard/editor';
import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { toApiError } from '../../api/hooks.ts';
import type { ApiError } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { TextField } from '../../components/Field.tsx';
import { formText } from '../../components/form-data.ts';
import { InstructionsContent } from '../projects/InstructionsView.tsx';
import { annotationErrorsOf } from './annotation-errors.ts';
import {
  SaveLabelDraftMutation,
  SkipQueuedDataRowMutation,
  SubmitQueuedLabelMutation,
} from './labeling.generated.ts';
import type { Reservation } from './reservation.ts';
import { RowEditorView } from './RowEditorView.tsx';
import { AUTOSAVE_LABELS, useAutosave } from './use-autosave.ts';
import { formatClock, useElapsed } from './use-elapsed.ts';
import { useRowEditor } from './use-row-editor.ts';

/** One reserved row: the editor, the timer, autosave, Submit and Skip; the server's errors shown per object. */
export function LabelSession({
  reservation,
  ontology,
  mediaType,
  instructions,
  instructionsFile,
  onDone,
}: {
  reservation: Reservation;
  ontology: NormalizedOntology;
  mediaType: string | null;
  instructions: string | null;
  instructionsFile: string | null;
  onDone: (outcome: 'submitted' | 'skipped') => void;
}) {
  const api = useApi();
  const row = useRowEditor(reservation, ontology, mediaType);
  const editor = row.state === 'ready' ? row.editor : undefined;
  const elapsed = useElapsed(reservation.id);
  const autosave = useAutosave(editor, (annotations) =>
    api.request(SaveLabelDraftMutation, { reservationId: reservation.id, annotations }),
  );
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [skipping, setSkipping] = useState(false);
  const [showInstructions, setShowInstructions] = useState(true);

  if (row.state === 'loading') return <Loading label="Opening the row" />;
  if (row.state === 'failed') return <ErrorMessage error={row.message} />;
  const ready = row;

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    ready.editor.setInstance({ errors: new Map() });
    try {
      await api.request(SubmitQueuedLabelMutation, {
        reservationId: reservation.id,
        annotations: toNdjson(ready.editor),
        secondsToLabel: Math.round(elapsed.read() * 10) / 10,
      });
      onDone('submitted');
    } catch (e) {
      const apiError = toApiError(e);
      ready.editor.setInstance({ errors: annotationErrorsOf(apiError) });
      setError(apiError);
    } finally {
      setBusy(false);
    }
  };
  const skip = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = formText(new FormData(event.currentTarget), 'reason').trim();
    setBusy(true);
    try {
      await api.request(SkipQueuedDataRowMutation, { reservationId: reservation.id, reason: reason || null });
      setSkipping(false);
      onDone('skipped');
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const rework = reservation.label?.reviews.find((r) => r.verdict === 'REJECT');
  const rowName = reservation.dataRow.globalKey ?? reservation.dataRow.externalId ?? reservation.dataRow.id;
  const aside = (
    <>
      <section aria-label="Row">
        <h2 className="ly-row-name">{rowName}</h2>
        <p>
          <span role="timer" aria-label="Time on this row">
            {formatClock(elapsed.seconds)}
          </span>{' '}
          · <span role="status">{AUTOSAVE_LABELS[autosave.state]}</span>
        </p>
        {ready.source === 'preLabels' ? <p>Pre-labels loaded: edit them, then submit.</p> : null}
        {ready.source === 'draft' ? <p>Your saved draft was restored.</p> : null}
        {rework ? (
          <div role="note" aria-label="Reviewer comment">
            <strong>Sent back for rework.</strong> {rework.comment ?? ''}
          </div>
        ) : null}
        {ready.problems.length > 0 ? (
          <p role="alert">{ready.problems.length} starting annotation(s) could not be loaded.</p>
        ) : null}
        <ErrorMessage error={error} />
        <div className="ly-label-actions">
          <Button variant="primary" busy={busy} onClick={() => void submit()}>
            Submit
          </Button>
          {rework ? null : (
            <Button disabled={busy} onClick={() => setSkipping(true)}>
              Skip
            </Button>
          )}
        </div>
      </section>
      <section aria-label="Instructions">
        <h2>
          <button
            type="button"
            aria-expanded={showInstructions}
            onClick={() => setShowInstructions((v) => !v)}
          >
            Instructions
          </button>
        </h2>
        {showInstructions ? (
          <InstructionsContent markdown={instructions} fileUrl={instructionsFile} compact />
        ) : null}
      </section>
    </>
  );
  return (
    <>
      <RowEditorView editor={ready.editor} image={ready.image} video={ready.video} aside={aside} />
      <Dialog title="Skip this row" open={skipping} onClose={() => setSkipping(false)}>
        <form onSubmit={(e) => void skip(e)} aria-label="Skip">
          <TextField label="Reason" name="reason" maxLength={500} placeholder="e.g. image is blank" />
          <Button type="submit" variant="primary" busy={busy}>
            Skip row
          </Button>
        </form>
      </Dialog>
    </>
  );
}
