import { toNdjson, type Editor } from '@labelyard/editor';
import { useEffect, useRef, useState } from 'react';

export type AutosaveState = 'clean' | 'saved' | 'pending' | 'saving' | 'failed';

/** What the status line says for each state. */
export const AUTOSAVE_LABELS: Record<AutosaveState, string> = {
  clean: 'No changes yet',
  saved: 'Draft saved',
  pending: 'Unsaved changes',
  saving: 'Saving draft…',
  failed: 'Draft not saved',
};

/**
 * Saves the label as a draft a second after the last change (and when the page hides), so a crash, a closed tab
 * or a server restart loses at most that second. `save` is `saveLabelDraft` for the reservation.
 */
export function useAutosave(
  editor: Editor | undefined,
  save: (annotations: Record<string, unknown>[]) => Promise<unknown>,
  delayMs = 1000,
): { state: AutosaveState; flush: () => Promise<void>; settled: () => Promise<void> } {
  const [state, setState] = useState<AutosaveState>('clean');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const dirty = useRef(false);
  const saveRef = useRef(save);
  saveRef.current = save;
  const flushRef = useRef<() => Promise<void>>(async () => undefined);
  /** The save in flight (saves run one after another, so an older draft never lands after a newer one). */
  const inFlight = useRef<Promise<void>>(Promise.resolve());

  useEffect(() => {
    if (!editor) return undefined;
    const save = async () => {
      if (!dirty.current) return;
      dirty.current = false;
      setState('saving');
      try {
        await saveRef.current(toNdjson(editor));
        setState(dirty.current ? 'pending' : 'saved');
      } catch {
        dirty.current = true;
        setState('failed');
      }
    };
    const flush = () => {
      clearTimeout(timer.current);
      return (inFlight.current = inFlight.current.then(save));
    };
    flushRef.current = flush;
    const unsubscribe = editor.subscribe((change) => {
      if (change.records.size === 0) return;
      dirty.current = true;
      setState('pending');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delayMs);
    });
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    document.addEventListener('visibilitychange', onHide);
    return () => {
      unsubscribe();
      document.removeEventListener('visibilitychange', onHide);
      clearTimeout(timer.current);
    };
  }, [editor, delayMs]);
  return { state, flush: () => flushRef.current(), settled: () => inFlight.current };
}
