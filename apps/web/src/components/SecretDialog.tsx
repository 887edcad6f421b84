import type { ReactNode } from 'react';
import { CopyButton } from './CopyButton.tsx';
import { Dialog } from './Dialog.tsx';

type Props = {
  title: string;
  /** The secret to show once; the dialog is open while it is set. */
  secret: string | null;
  /** The accessible name of the secret's text, e.g. "New API key". */
  secretLabel: string;
  /** The copy button's text, e.g. "Copy key". */
  copyLabel: string;
  onClose: () => void;
  /** What the secret is and that it is shown only once. */
  children: ReactNode;
};

/** Shows a secret (an API key, a token, an invitation link) exactly once, with a copy button. */
export function SecretDialog({ title, secret, secretLabel, copyLabel, onClose, children }: Props) {
  return (
    <Dialog title={title} open={secret !== null} onClose={onClose}>
      {children}
      <code className="ly-secret" aria-label={secretLabel}>
        {secret}
      </code>
      {secret !== null ? <CopyButton text={secret} label={copyLabel} /> : null}
    </Dialog>
  );
}
