import { useState } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { toApiError } from '../../api/hooks.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Notice } from '../../components/Feedback.tsx';
import { Section } from '../../components/Page.tsx';
import { EXPORT_FORMATS, exportNdjson, formatUrl, saveBlob } from './export-download.ts';

/** One button per format the server writes; standard formats stream straight into the download. */
export function ExportPanel({ projectId, projectName }: { projectId: string; projectName: string }) {
  const api = useApi();
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const safeName = projectName.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'project';
  const ndjson = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const blob = await exportNdjson(api, projectId, setStatus);
      saveBlob(blob, `${safeName}.ndjson`);
      setStatus(`Exported ${Math.round(blob.size / 1024)} KB`);
    } catch (e) {
      setError(toApiError(e).message);
      setStatus(undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="Export labels">
      <p className="ly-muted">
        Exports contain the project's submitted labels. Large projects stream; nothing is held in memory on
        the server.
      </p>
      <div className="ly-toolbar">
        {EXPORT_FORMATS.map((f) =>
          f.id === 'ndjson' ? (
            <Button key={f.id} busy={busy} onClick={() => void ndjson()}>
              Export {f.label}
            </Button>
          ) : (
            <a key={f.id} className="ly-button" href={formatUrl(projectId, f.id)} download>
              Export {f.label}
            </a>
          ),
        )}
      </div>
      {status ? <Notice>{status}</Notice> : null}
      <ErrorMessage error={error} />
    </Section>
  );
}
