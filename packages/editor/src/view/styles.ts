/** The editor's stylesheet, rendered once by each view (hosts need no CSS pipeline). */
export const editorCss = `
.ly-editor{display:grid;grid-template-columns:auto 1fr 300px;grid-template-rows:auto 1fr;height:100%;min-height:0;font:13px/1.4 system-ui,sans-serif;color:#e5e7eb;background:#111318;color-scheme:dark}
.ly-toolbar{grid-column:1/4;display:flex;flex-wrap:wrap;gap:4px;align-items:center;padding:6px 8px;border-bottom:1px solid #2a2f3a;background:#181b22}
.ly-toolbar button,.ly-panel button{background:#232833;color:#e5e7eb;border:1px solid #343b49;border-radius:6px;padding:4px 8px;cursor:pointer;font:inherit}
.ly-toolbar button[aria-pressed=true],.ly-panel button[aria-pressed=true]{background:#1e66f5;border-color:#1e66f5;color:#fff}
.ly-toolbar button:focus-visible,.ly-panel button:focus-visible{outline:2px solid #93c5fd;outline-offset:1px}
.ly-toolbar .ly-sep{width:1px;height:20px;background:#343b49;margin:0 4px}
.ly-toolbar label{display:flex;gap:4px;align-items:center}
.ly-classes{grid-row:2;display:flex;flex-direction:column;gap:4px;padding:8px;border-right:1px solid #2a2f3a;overflow:auto;min-width:150px}
.ly-classes button{display:flex;gap:6px;align-items:center;text-align:left;background:#1b1f27;color:#e5e7eb;border:1px solid #2a2f3a;border-radius:6px;padding:4px 8px;cursor:pointer;font:inherit}
.ly-classes button[aria-pressed=true]{border-color:#1e66f5;background:#1e2b4a}
.ly-swatch{width:10px;height:10px;border-radius:2px;flex:none}
.ly-kbd{margin-left:auto;opacity:.6;font-size:11px}
.ly-stage{grid-row:2;position:relative;overflow:hidden;min-width:0;min-height:0;touch-action:none;background:#0b0c10}
.ly-stage canvas{position:absolute;inset:0}
.ly-stage:focus-visible{outline:2px solid #1e66f5;outline-offset:-2px}
.ly-panel{grid-row:2;border-left:1px solid #2a2f3a;overflow:auto;padding:8px;display:flex;flex-direction:column;gap:12px}
.ly-panel h2{font-size:12px;text-transform:uppercase;letter-spacing:.05em;margin:0 0 4px;color:#9ca3af}
.ly-panel h2.ly-row-name{font-size:14px;text-transform:none;letter-spacing:normal;color:#e5e7eb;overflow-wrap:anywhere}
.ly-list{list-style:none;margin:0;padding:0}
.ly-list li,.ly-class-row{display:flex;gap:4px;align-items:center;padding:2px 0}
.ly-list li[aria-selected=true]>.ly-name{color:#93c5fd;font-weight:600}
.ly-name{flex:1;background:none!important;border:none!important;text-align:left;padding:2px 4px!important}
.ly-error{color:#fb7185;font-size:12px;margin:0 0 4px 16px}
.ly-q{border:1px solid #2a2f3a;border-radius:6px;padding:6px;margin:0 0 6px}
.ly-q legend{padding:0 4px;color:#cbd5e1}
.ly-q input[type=radio],.ly-q input[type=checkbox]{accent-color:#1e66f5}
.ly-q label:has(input:checked){color:#93c5fd;font-weight:600}
.ly-q .ly-q{margin-left:12px}
.ly-q input[type=text]{width:100%;box-sizing:border-box;background:#0b0c10;color:#e5e7eb;border:1px solid #343b49;border-radius:4px;padding:3px 6px}
.ly-cheats{background:#181b22;color:#e5e7eb;border:1px solid #343b49;border-radius:8px;max-width:640px}
.ly-cheats table{border-collapse:collapse;width:100%}.ly-cheats td{padding:2px 8px}.ly-cheats kbd{background:#232833;border:1px solid #343b49;border-radius:4px;padding:0 4px}
.ly-text{grid-row:2;overflow:auto;padding:16px 24px;white-space:pre-wrap;word-break:break-word;font:15px/1.7 ui-serif,Georgia,serif;background:#0f1116}
.ly-chunk{content-visibility:auto;contain-intrinsic-size:auto 600px}
.ly-ent{border-radius:2px;cursor:pointer}
.ly-ent[data-selected=true]{outline:2px solid #fff}
::highlight(ly-search){background:#facc15;color:#000}
`;
