import { useState } from 'react';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage, Notice, ProgressBar } from '../../components/Feedback.tsx';
import { formatBytes } from '../../components/format.ts';
import { useDatasetUpload } from './use-dataset-upload.ts';

/** Pick images, text files or manifests; each file shows its progress, every failed row is listed. */
export function UploadDialog({
  datasetId,
  open,
  onClose,
}: {
  datasetId: string;
  open: boolean;
  onClose: (changed: boolean) => void;
}) {
  const { state, start, reset } = useDatasetUpload(datasetId);
  const [picked, setPicked] = useState<File[]>([]);
  const busy = state.phase === 'uploading' || state.phase === 'importing';
  const close = () => {
    const changed = state.created > 0;
    reset();
    setPicked([]);
    onClose(changed);
  };
  return (
    <Dialog
      title="Upload data"
      open={open}
      onClose={close}
      actions={
        <Button
          variant="primary"
          busy={busy}
          disabled={picked.length === 0 || state.phase === 'done'}
          onClick={() => void start(picked)}
        >
          Upload {picked.length > 0 ? `${picked.length} file${picked.length === 1 ? '' : 's'}` : ''}
        </Button>
      }
    >
      <div className="ly-field">
        <label htmlFor="upload-files">Files</label>
        <input
          id="upload-files"
          type="file"
          multiple
          accept="image/*,text/plain,.txt,.md,video/*,audio/*,application/pdf,.json,.ndjson,.jsonl,.csv"
          disabled={busy}
          onChange={(e) => setPicked(Array.from(e.target.files ?? []))}
        />
        <div className="ly-field__hint">
          Images, text, video, audio or PDF files become one data row each. A JSON, NDJSON or CSV manifest
          lists rows by URL (<code>row_data</code>, optional <code>global_key</code>, <code>external_id</code>
          , <code>media_type</code>).
        </div>
      </div>
      {state.files.length > 0 ? (
        <ul className="ly-upload-list" aria-label="Upload progress">
          {state.files.map((f) => (
            <li key={f.name}>
              <span className="ly-upload-list__name">{f.name}</span>
              <span className="ly-upload-list__size">{formatBytes(f.size)}</span>
              <ProgressBar label={`Upload of ${f.name}`} value={f.progress} />
              <span className="ly-upload-list__state">{f.message ?? f.state}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {state.phase === 'importing' ? <Notice>Creating data rows…</Notice> : null}
      {state.phase === 'done' ? (
        <Notice>
          {state.created} data row{state.created === 1 ? '' : 's'} created
          {state.rowErrors.length > 0 ? `, ${state.rowErrors.length} failed` : ''}.
        </Notice>
      ) : null}
      <ErrorMessage error={state.message} />
      {state.rowErrors.length > 0 ? (
        <table className="ly-table ly-table--compact" aria-label="Rows that failed">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Line</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {state.rowErrors.map((e, i) => (
              <tr key={i}>
                <td>{e.source}</td>
                <td>{e.line ?? '—'}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Dialog>
  );
}
