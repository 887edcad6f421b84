import { toNdjson } from '@labelyard/editor';
import type { NormalizedOntology } from '@labelyard/schema';
import { useEffect, useState, type FormEvent } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { toApiError } from '../../api/hooks.ts';
import type { ApiError } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { TextArea } from '../../components/Field.tsx';
import { formText } from '../../components/form-data.ts';
import { annotationErrorsOf } from './annotation-errors.ts';
import {
  DiscardLabelDraftMutation,
  SaveLabelDraftMutation,
  SubmitReviewMutation,
} from './labeling.generated.ts';
import type { Reservation } from './reservation.ts';
import { RowEditorView } from './RowEditorView.tsx';
import { AUTOSAVE_LABELS, useAutosave } from './use-autosave.ts';
import { formatClock, useElapsed } from './use-elapsed.ts';
import { useRowEditor } from './use-row-editor.ts';

/**
 * One label under review, read-only: Approve, or Reject with a comment the author sees in rework. "Edit" opens the
 * full drawing toolbar; "Approve with changes" saves the reviewer's corrections as the label and approves it.
 * Corrections autosave as the reviewer's draft, so a reload or a crash reopens the review in edit mode with them.
 */
export function ReviewSession({
  reservation,
  ontology,
  mediaType,
  onDone,
}: {
  reservation: Reservation;
  ontology: NormalizedOntology;
  mediaType: string | null;
  onDone: (verdict: 'APPROVE' | 'REJECT') => void;
}) {
  const api = useApi();
  const row = useRowEditor(reservation, ontology, mediaType, 'review');
  const elapsed = useElapsed(reservation.id);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [editing, setEditing] = useState(false);
  const [restoredNote, setRestoredNote] = useState(false);
  const restored = row.state === 'ready' && row.source === 'draft';
  useEffect(() => {
    if (!restored) return;
    setEditing(true);
    setRestoredNote(true);
  }, [restored]);
  const autosave = useAutosave(editing && row.state === 'ready' ? row.editor : undefined, (annotations) =>
    api.request(SaveLabelDraftMutation, { reservationId: reservation.id, annotations }),
  );
  if (row.state === 'loading') return <Loading label="Opening the label" />;
  if (row.state === 'failed') return <ErrorMessage error={row.message} />;

  const editor = row.editor;
  const send = async (verdict: 'APPROVE' | 'REJECT', comment: string | null) => {
    setBusy(true);
    setError(undefined);
    editor.setInstance({ errors: new Map() });
    try {
      // A draft save still in flight must not land after the review has spent the draft.
      await autosave.settled();
      await api.request(SubmitReviewMutation, {
        reservationId: reservation.id,
        verdict,
        comment,
        secondsToReview: Math.round(elapsed.read() * 10) / 10,
        annotations: editing ? toNdjson(editor) : null,
      });
      setRejecting(false);
      onDone(verdict);
    } catch (e) {
      const apiError = toApiError(e);
      if (editing) editor.setInstance({ errors: annotationErrorsOf(apiError) });
      setError(apiError);
    } finally {
      setBusy(false);
    }
  };
  // Leaving edit mode undoes every correction: the reviewer is back to the label as submitted, draft forgotten.
  const discard = async () => {
    editor.cancel();
    while (editor.canUndo) editor.undo();
    editor.select([]);
    editor.setInstance({ errors: new Map() });
    setEditing(false);
    setRestoredNote(false);
    setBusy(true);
    try {
      await autosave.settled();
      await api.request(DiscardLabelDraftMutation, { reservationId: reservation.id });
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const reject = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const comment = formText(new FormData(event.currentTarget), 'comment').trim();
    void send('REJECT', comment || null);
  };
  const rowName = reservation.dataRow.globalKey ?? reservation.dataRow.externalId ?? reservation.dataRow.id;
  const aside = (
    <section aria-label="Review">
      <h2 className="ly-row-name">{rowName}</h2>
      <p>
        {reservation.label?.type.name === 'Skipped' ? 'Skipped by' : 'Labeled by'}{' '}
        {reservation.label?.createdBy?.email ?? 'an import'} ·{' '}
        <span role="timer" aria-label="Time on this review">
          {formatClock(elapsed.seconds)}
        </span>
      </p>
      <ErrorMessage error={error} />
      {editing ? (
        <p>
          Editing: your changes replace the label when you approve. ·{' '}
          <span role="status">{AUTOSAVE_LABELS[autosave.state]}</span>
        </p>
      ) : null}
      {restoredNote && editing ? <p>Your saved edits were restored.</p> : null}
      <div className="ly-label-actions">
        {editing ? (
          <>
            <Button variant="primary" busy={busy} onClick={() => void send('APPROVE', null)}>
              Approve with changes
            </Button>
            <Button disabled={busy} onClick={() => void discard()}>
              Discard changes
            </Button>
          </>
        ) : (
          <>
            <Button variant="primary" busy={busy} onClick={() => void send('APPROVE', null)}>
              Approve
            </Button>
            <Button variant="danger" disabled={busy} onClick={() => setRejecting(true)}>
              Reject
            </Button>
            <Button disabled={busy} onClick={() => setEditing(true)}>
              Edit
            </Button>
          </>
        )}
      </div>
    </section>
  );
  return (
    <>
      <RowEditorView editor={editor} image={row.image} video={row.video} readOnly={!editing} aside={aside} />
      <Dialog title="Reject this label" open={rejecting} onClose={() => setRejecting(false)}>
        <form onSubmit={reject} aria-label="Reject">
          <TextArea label="Comment for the labeler" name="comment" rows={4} maxLength={2000} required />
          <Button type="submit" variant="danger" busy={busy}>
            Send back for rework
          </Button>
        </form>
      </Dialog>
    </>
  );
}
