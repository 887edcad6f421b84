import { addKeyframeHere, deleteKeyframeHere, endTrackHere, selectedTrack } from '../../actions/video.ts';
import { featureColor } from '../../actions/features.ts';
import type { Editor } from '../../editor.ts';
import { FIRST_FRAME } from '../../video/clock.ts';
import { keyframeFrames, segmentSpans, trackAt } from '../../video/track.ts';
import type { VideoPlayer } from './use-video-player.ts';

const seconds = (s: number) => `${Math.floor(s / 60)}:${(s % 60).toFixed(2).padStart(5, '0')}`;

/**
 * Playback controls, the seek slider with the frame number and time, and the selected object's track under it:
 * its segments as bars and its keyframes as buttons that seek to them, with the keyframe and segment actions.
 */
export function Timeline({
  editor,
  player,
  readOnly,
}: {
  editor: Editor;
  player: VideoPlayer;
  readOnly: boolean;
}) {
  const { frame, lastFrame: last } = player;
  const span = Math.max(1, last - FIRST_FRAME);
  const at = (f: number) => `${((f - FIRST_FRAME) / span) * 100}%`;
  const track = selectedTrack(editor);
  const here = track ? trackAt(track, frame) : undefined;
  const color = track ? featureColor(editor, track.featureSchemaId) : undefined;
  const editable = !readOnly && track !== undefined && !editor.isLocked(track);
  return (
    <div className="ly-timeline" role="group" aria-label="Timeline">
      <div className="ly-transport">
        <button type="button" onClick={() => player.step(-1)} title="Previous frame (, or ←)">
          Previous frame
        </button>
        <button
          type="button"
          onClick={() => player.togglePlay()}
          aria-pressed={player.playing}
          title="Play / pause (Space)"
        >
          {player.playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => player.step(1)} title="Next frame (. or →)">
          Next frame
        </button>
        <output aria-label="Current frame" aria-live="off">
          Frame {frame} / {last}
        </output>
        <span className="ly-time">{seconds((frame - FIRST_FRAME) / player.frameRate)}</span>
        <span className="ly-time">{player.frameRate} fps</span>
        {track && (
          <span className="ly-track-actions" role="group" aria-label="Selected object's track">
            <span className="ly-swatch" style={{ background: color }} />
            <span>
              {track.name}:{' '}
              {here?.outside ? 'not on this frame' : here?.keyframe ? 'keyframe' : 'interpolated'}
            </span>
            {!readOnly && (
              <>
                <button
                  type="button"
                  disabled={!editable || here?.keyframe}
                  onClick={() => addKeyframeHere(editor)}
                  title="K"
                >
                  Add keyframe
                </button>
                <button
                  type="button"
                  disabled={!editable || !here?.keyframe}
                  onClick={() => deleteKeyframeHere(editor)}
                  title="Shift+K"
                >
                  Delete keyframe
                </button>
                <button
                  type="button"
                  disabled={!editable || here?.outside}
                  onClick={() => endTrackHere(editor)}
                  title="Shift+E: hidden after this frame until its next keyframe"
                >
                  End here
                </button>
              </>
            )}
          </span>
        )}
      </div>
      <div className="ly-scrub">
        <input
          type="range"
          aria-label="Seek frame"
          min={FIRST_FRAME}
          max={last}
          step={1}
          value={frame}
          onChange={(e) => player.seek(Number(e.currentTarget.value))}
          onKeyDown={(e) => e.stopPropagation()}
        />
        {track && (
          <div className="ly-track" aria-label={`${track.name} keyframes`} role="list">
            {segmentSpans(track).map(([s, e]) => (
              <span
                key={s}
                className="ly-segment"
                aria-hidden="true"
                style={{ left: at(s), width: `calc(${at(e)} - ${at(s)} + 2px)`, background: color }}
              />
            ))}
            {keyframeFrames(track).map((f) => (
              <span key={f} role="listitem" style={{ left: at(f) }} className="ly-keyframe-slot">
                <button
                  type="button"
                  className="ly-keyframe"
                  aria-label={`Keyframe at frame ${f}`}
                  aria-current={f === frame}
                  onClick={() => player.seek(f)}
                />
              </span>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
