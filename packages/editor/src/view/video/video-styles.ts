/** The video editor's additions to `editorCss`: the stage column with the timeline under the video. */
export const videoCss = `
.ly-video-main{grid-row:2;display:grid;grid-template-rows:1fr auto;min-width:0;min-height:0}
.ly-video-main .ly-stage{grid-row:1}
.ly-video-stage video{position:absolute;left:0;top:0;transform-origin:0 0;max-width:none;pointer-events:none;background:#000}
.ly-timeline{border-top:1px solid #2a2f3a;background:#181b22;padding:6px 10px;display:flex;flex-direction:column;gap:6px}
.ly-transport{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.ly-transport button{background:#232833;color:#e5e7eb;border:1px solid #343b49;border-radius:6px;padding:4px 8px;cursor:pointer;font:inherit}
.ly-transport button[aria-pressed=true]{background:#1e66f5;border-color:#1e66f5;color:#fff}
.ly-transport button:disabled{opacity:.45;cursor:default}
.ly-transport output{font-variant-numeric:tabular-nums;font-weight:600;min-width:110px}
.ly-time{opacity:.7;font-variant-numeric:tabular-nums}
.ly-track-actions{display:flex;gap:6px;align-items:center;margin-left:auto}
.ly-scrub input[type=range]{width:100%;margin:0;accent-color:#1e66f5}
.ly-track{position:relative;height:14px;margin:2px 0 0}
.ly-segment{position:absolute;top:5px;height:4px;border-radius:2px;opacity:.7}
.ly-keyframe-slot{position:absolute;top:0;transform:translateX(-6px)}
.ly-keyframe{display:block;width:12px;height:12px;padding:0;border:1px solid #111;background:#facc15;transform:rotate(45deg) scale(.8);cursor:pointer}
.ly-keyframe[aria-current=true]{background:#fff;outline:2px solid #1e66f5}
`;
