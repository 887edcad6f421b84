import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ConfirmDialog } from './ConfirmDialog.tsx';

function Harness({ action }: { action: (id: string) => Promise<unknown> }) {
  const [subject, setSubject] = useState<string | null>('key-1');
  const [error, setError] = useState<Error | undefined>(undefined);
  return (
    <ConfirmDialog
      title="Revoke API key"
      subject={subject}
      confirmLabel="Revoke key"
      busy={false}
      error={error}
      onConfirm={(id) =>
        action(id).catch((e: unknown) => {
          setError(e as Error);
          throw e;
        })
      }
      onClose={() => setSubject(null)}
    >
      <p>Scripts stop working.</p>
    </ConfirmDialog>
  );
}

describe('ConfirmDialog', () => {
  it('runs the action on its subject and closes when it succeeds', async () => {
    const seen: string[] = [];
    render(<Harness action={(id) => Promise.resolve(seen.push(id))} />);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(screen.queryByText('Scripts stop working.')).toBeNull());
    expect(seen).toEqual(['key-1']);
  });

  it('stays open and shows the failure inside the dialog', async () => {
    render(<Harness action={() => Promise.reject(new Error('Not allowed to revoke this key'))} />);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke key' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke API key' });
    await waitFor(() =>
      expect(dialog.querySelector('[role=alert]')?.textContent).toBe('Not allowed to revoke this key'),
    );
    expect(screen.getByText('Scripts stop working.')).toBeTruthy();
  });
});
