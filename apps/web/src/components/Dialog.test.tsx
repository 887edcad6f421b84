import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Dialog } from './Dialog.tsx';

describe('Dialog', () => {
  it('is a dialog named by its title, with a Close button', () => {
    const onClose = vi.fn();
    render(
      <Dialog title="New dataset" open onClose={onClose}>
        <p>body</p>
      </Dialog>,
    );
    const sut = screen.getByRole('dialog', { name: 'New dataset' });
    expect(sut.textContent).toContain('body');
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledOnce();
  });
});
