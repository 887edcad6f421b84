import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from './Button.tsx';

type Props = {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom; a Close button is always there. */
  actions?: ReactNode;
};

/** A real modal dialog (<dialog> + showModal): focus trapped, Escape closes, the page behind is inert. */
export function Dialog({ title, open, onClose, children, actions }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    } else if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="ly-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <h2 id={titleId} className="ly-dialog__title">
            {title}
          </h2>
          <div className="ly-dialog__body">{children}</div>
          <div className="ly-dialog__actions">
            {actions}
            <Button onClick={onClose}>Close</Button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}
