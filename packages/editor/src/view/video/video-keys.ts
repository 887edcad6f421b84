import { addKeyframeHere, deleteKeyframeHere, endTrackHere } from '../../actions/video.ts';
import type { Editor } from '../../editor.ts';
import { keyString } from '../../hotkeys.ts';
import type { EditorKeyEvent } from '../../tools/state-node.ts';
import { FIRST_FRAME } from '../../video/clock.ts';
import type { VideoPlayer } from './use-video-player.ts';

/** A key of the video editor (playback and the track of the selected object), listed in its cheat sheet. */
export type VideoShortcut = {
  readonly keys: string;
  readonly label: string;
  readonly group: 'Video';
  readonly editing: boolean;
  readonly run: (player: VideoPlayer, editor: Editor) => void;
};

const play = (keys: string, label: string, run: VideoShortcut['run']): VideoShortcut => ({
  keys,
  label,
  group: 'Video',
  editing: false,
  run,
});
const edit = (keys: string, label: string, run: (editor: Editor) => void): VideoShortcut => ({
  keys,
  label,
  group: 'Video',
  editing: true,
  run: (_p, e) => run(e),
});

/** Frame keys win over the image editor's arrow-key panning and nudging: on a video, arrows move in time. */
export const VIDEO_SHORTCUTS: readonly VideoShortcut[] = [
  play(' ', 'Play / pause', (p) => p.togglePlay()),
  play(',', 'Previous frame', (p) => p.step(-1)),
  play('.', 'Next frame', (p) => p.step(1)),
  play('arrowleft', 'Previous frame', (p) => p.step(-1)),
  play('arrowright', 'Next frame', (p) => p.step(1)),
  play('<', 'Back 10 frames', (p) => p.step(-10)),
  play('>', 'Forward 10 frames', (p) => p.step(10)),
  play('shift+arrowleft', 'Back 10 frames', (p) => p.step(-10)),
  play('shift+arrowright', 'Forward 10 frames', (p) => p.step(10)),
  play('home', 'First frame', (p) => p.seek(FIRST_FRAME)),
  play('end', 'Last frame', (p) => p.seek(p.lastFrame)),
  edit('k', 'Keyframe the selected object here', (e) => void addKeyframeHere(e)),
  edit('shift+k', 'Delete the selected object’s keyframe here', (e) => void deleteKeyframeHere(e)),
  edit('shift+e', 'End the selected object’s segment here', (e) => void endTrackHere(e)),
];

/** Runs the video shortcut for a key, if any (editing ones only when the label is editable). */
export function runVideoKey(
  e: EditorKeyEvent,
  player: VideoPlayer,
  editor: Editor,
  readOnly: boolean,
): boolean {
  const keys = keyString(e);
  const hit = VIDEO_SHORTCUTS.find((s) => s.keys === keys && (!readOnly || !s.editing));
  if (!hit) return false;
  hit.run(player, editor);
  return true;
}
