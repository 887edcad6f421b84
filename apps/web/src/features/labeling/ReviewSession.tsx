import type { NormalizedOntology } from '@labelyard/schema';
import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { toApiError } from '../../api/hooks.ts';
import type { ApiError } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { TextArea } from '../../components/Field.tsx';
import { formText } from '../../components/form-data.ts';
import { SubmitReviewMutation } from './labeling.generated.ts';
import type { Reservation } from './reservation.ts';
import { RowEditorView } from './RowEditorView.tsx';
import { formatClock, useElapsed } from './use-elapsed.ts';
import { useRowEditor } from './use-row-editor.ts';

/** One label under review, read-only: Approve, or Reject with a comment the author sees in rework. */
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
  const row = useRowEditor(reservation, ontology, mediaType);
  const elapsed = useElapsed(reservation.id);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  if (row.state === 'loading') return <Loading label="Opening the label" />;
  if (row.state === 'failed') return <ErrorMessage error={row.message} />;

  const send = async (verdict: 'APPROVE' | 'REJECT', comment: string | null) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.request(SubmitReviewMutation, {
        reservationId: reservation.id,
        verdict,
        comment,
        secondsToReview: Math.round(elapsed.read() * 10) / 10,
      });
      setRejecting(false);
      onDone(verdict);
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
      <h2>{rowName}</h2>
      <p>
        Labeled by {reservation.label?.createdBy?.email ?? 'an import'} ·{' '}
        <span role="timer" aria-label="Time on this review">
          {formatClock(elapsed.seconds)}
        </span>
      </p>
      <ErrorMessage error={error} />
      <div className="ly-label-actions">
        <Button variant="primary" busy={busy} onClick={() => void send('APPROVE', null)}>
          Approve
        </Button>
        <Button variant="danger" disabled={busy} onClick={() => setRejecting(true)}>
          Reject
        </Button>
      </div>
    </section>
  );
  return (
    <>
      <RowEditorView editor={row.editor} image={row.image} readOnly aside={aside} />
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
