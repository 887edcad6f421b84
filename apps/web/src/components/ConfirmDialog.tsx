import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.ts';
import { Button } from './Button.tsx';
import { Dialog } from './Dialog.tsx';
import { ErrorMessage } from './Feedback.tsx';

type Props<T> = {
  title: string;
  /** What the action applies to; the dialog is open while it is set. */
  subject: T | null;
  /** The danger button's text, e.g. "Revoke key". */
  confirmLabel: string;
  busy: boolean;
  /** The action's failure, shown inside the dialog (the page behind it is inert). */
  error?: ApiError | Error | undefined;
  /** Runs the action; the dialog closes when it resolves and stays open with the error when it rejects. */
  onConfirm: (subject: T) => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
};

/** Asks before a destructive action (revoke, remove), runs it, and reports a failure where the user is looking. */
export function ConfirmDialog<T>({
  title,
  subject,
  confirmLabel,
  busy,
  error,
  onConfirm,
  onClose,
  children,
}: Props<T>) {
  return (
    <Dialog
      title={title}
      open={subject !== null}
      onClose={onClose}
      actions={
        <Button
          variant="danger"
          busy={busy}
          onClick={() => {
            if (subject === null) return;
            void onConfirm(subject).then(onClose, () => undefined);
          }}
        >
          {confirmLabel}
        </Button>
      }
    >
      {children}
      <ErrorMessage error={error} />
    </Dialog>
  );
}
