import { useState } from 'react';
import { Button } from './Button.tsx';

/** Copies text to the clipboard and says so (the status is announced to screen readers). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  return (
    <span className="ly-copy">
      <Button
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setCopied('done'),
            () => setCopied('failed'),
          );
        }}
      >
        {label}
      </Button>
      <span role="status" className="ly-copy__status">
        {copied === 'done' ? 'Copied' : copied === 'failed' ? 'Copy failed: select the text instead' : ''}
      </span>
    </span>
  );
}
