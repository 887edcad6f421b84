import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SecretDialog } from './SecretDialog.tsx';

describe('SecretDialog', () => {
  it('shows the secret under its name with a copy button, and nothing when there is no secret', () => {
    const { rerender } = render(
      <SecretDialog
        title="Your new API key"
        secret="lb_abc"
        secretLabel="New API key"
        copyLabel="Copy key"
        onClose={() => undefined}
      >
        <p>Shown once.</p>
      </SecretDialog>,
    );
    expect(screen.getByLabelText('New API key').textContent).toBe('lb_abc');
    expect(screen.getByRole('button', { name: 'Copy key' })).toBeTruthy();
    rerender(
      <SecretDialog
        title="Your new API key"
        secret={null}
        secretLabel="New API key"
        copyLabel="Copy key"
        onClose={() => undefined}
      >
        <p>Shown once.</p>
      </SecretDialog>,
    );
    expect(screen.queryByLabelText('New API key')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Copy key' })).toBeNull();
  });
});
