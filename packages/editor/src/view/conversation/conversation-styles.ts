/** The conversation editor's additions to `editorCss`: the chat thread and its messages. */
export const conversationCss = `
.ly-thread{grid-row:2;overflow:auto;padding:16px 24px;display:flex;flex-direction:column;gap:12px;background:#0f1116;min-width:0}
.ly-thread button{background:#232833;color:#e5e7eb;border:1px solid #343b49;border-radius:6px;padding:2px 8px;cursor:pointer;font:inherit}
.ly-thread button:disabled{opacity:.4;cursor:default}
.ly-thread button:focus-visible{outline:2px solid #93c5fd;outline-offset:1px}
.ly-msg{max-width:78%;align-self:flex-start;background:#1b1f27;border:1px solid #2a2f3a;border-radius:10px;padding:6px 10px 10px}
.ly-msg[data-align=right]{align-self:flex-end;background:#1e2b4a;border-color:#2c3e66}
.ly-msg[data-current=true]{border-color:#93c5fd;box-shadow:0 0 0 1px #93c5fd}
.ly-msg-head{display:flex;gap:8px;align-items:center;font-size:12px;color:#9ca3af;margin-bottom:4px}
.ly-msg-head button{background:none;border:none;color:inherit;font:inherit;padding:2px 0;cursor:pointer;display:flex;gap:6px;align-items:baseline}
.ly-msg-head button strong{color:#e5e7eb}
.ly-msg-head button:focus-visible{outline:2px solid #93c5fd}
.ly-msg-role{border:1px solid #343b49;border-radius:4px;padding:0 4px}
.ly-msg-no{opacity:.7}
.ly-msg-badge{margin-left:auto;color:#86efac}
.ly-msg-text{white-space:pre-wrap;word-break:break-word;font:15px/1.6 system-ui,sans-serif;color:#e5e7eb}
.ly-msg-empty{opacity:.6}
.ly-eval{align-self:stretch;border:1px dashed #343b49;border-radius:8px;padding:8px}
.ly-rank{margin:0;padding-left:20px}.ly-rank li{display:flex;gap:4px;align-items:center}
.ly-pending{position:sticky;top:-16px;z-index:1;padding:6px 10px;border-radius:6px;background:#1e2b4a;border:1px solid #2c3e66;color:#e5e7eb}
.ly-problems{color:#fb7185}
.ly-hint{color:#9ca3af;font-size:12px}
.ly-sel{margin:0 0 6px}
.ly-thread .ly-chunk{content-visibility:visible}
`;
