import { useEffect, useRef } from 'react';
import type { Editor } from '../editor.ts';
import { shortcuts } from '../hotkeys.ts';

const show = (keys: string) =>
  (keys === '+' ? ['+'] : keys.split('+'))
    .map((k) =>
      k === ' '
        ? 'Space'
        : k === 'mod'
          ? 'Ctrl/⌘'
          : k.length <= 1
            ? k.toUpperCase()
            : k[0].toUpperCase() + k.slice(1),
    )
    .join(' + ');

type Listed = { readonly keys: string; readonly label: string; readonly group: string };

/**
 * Every shortcut, generated from the keymap the editor runs (so it cannot drift): the engine's with a view's own
 * keys first (`extra`, the video editor's), or the `list` a view runs itself (the conversation editor). A real modal
 * dialog.
 */
export function CheatSheet({
  editor,
  open,
  onClose,
  list,
  extra = [],
  exclude,
  note = 'Hold Space and drag, or drag with the middle button, to pan. Wheel or pinch to zoom.',
}: {
  editor: Editor;
  open: boolean;
  onClose: () => void;
  /** The whole list, for a view that runs its own keymap (the conversation editor). */
  list?: readonly Listed[];
  /** A view's own keys (the video editor's playback and track keys), listed first. */
  extra?: readonly Listed[];
  /** Keys of the editor's keymap this view does not offer (or uses for its own `extra` keys). */
  exclude?: ReadonlySet<string>;
  note?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const groups = new Map<string, Listed[]>();
  const own = new Set(extra.map((s) => s.keys));
  const keymap = shortcuts(editor).filter((s) => !own.has(s.keys) && !exclude?.has(s.keys));
  for (const s of list ?? [...extra, ...keymap]) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  return (
    <dialog ref={ref} className="ly-cheats" aria-label="Keyboard shortcuts" onClose={onClose}>
      <h2>Keyboard shortcuts</h2>
      {[...groups].map(([group, list]) => (
        <section key={group}>
          <h3>{group}</h3>
          <table>
            <tbody>
              {list.map((s) => (
                <tr key={s.keys + s.label}>
                  <td>
                    <kbd>{show(s.keys)}</kbd>
                  </td>
                  <td>{s.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <p>{note}</p>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
