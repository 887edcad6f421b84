import { useState } from 'react';
import { useQuery } from '../../api/hooks.ts';
import { Badge, EmptyState, ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Section } from '../../components/Page.tsx';
import { ProjectImportsQuery } from './projects.generated.ts';

type LineError = { line: number; uuid: string; messages: string[] };
const MAX_SHOWN = 500;

/** Reads an import's error file (NDJSON: one failed input line each) into rows to show. */
export function parseImportErrors(text: string): LineError[] {
  const out: LineError[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim() || out.length >= MAX_SHOWN) return;
    try {
      const line = JSON.parse(raw) as {
        uuid?: string;
        errors?: Array<{ message?: string } | string>;
        line?: number;
      };
      const messages = (line.errors ?? []).map((e) =>
        typeof e === 'string' ? e : (e.message ?? JSON.stringify(e)),
      );
      out.push({ line: typeof line.line === 'number' ? line.line : i + 1, uuid: line.uuid ?? '—', messages });
    } catch {
      out.push({ line: i + 1, uuid: '—', messages: [raw.slice(0, 300)] });
    }
  });
  return out;
}

/** The project's label and prediction imports, with the errors of each failed line. */
export function ImportsPanel({ projectId }: { projectId: string }) {
  const { data, error, loading } = useQuery(ProjectImportsQuery, { id: projectId });
  const [open, setOpen] = useState<{ id: string; errors: LineError[] | null } | null>(null);
  const imports = data?.project?.annotationImports ?? [];
  const show = (id: string, url: string) => {
    setOpen({ id, errors: null });
    void fetch(url)
      .then((r) => r.text())
      .then((t) => setOpen({ id, errors: parseImportErrors(t) }))
      .catch(() => setOpen({ id, errors: [] }));
  };
  return (
    <Section title="Annotation imports">
      <ErrorMessage error={error} />
      {loading && !data ? <Loading /> : null}
      {data && imports.length === 0 ? (
        <EmptyState title="No imports yet">Import labels or predictions with the SDK or the API.</EmptyState>
      ) : null}
      {imports.length > 0 ? (
        <table className="ly-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">State</th>
              <th scope="col">Progress</th>
              <th scope="col">Created</th>
              <th scope="col">Errors</th>
            </tr>
          </thead>
          <tbody>
            {imports.map((i) => (
              <tr key={i.id}>
                <td>{i.name}</td>
                <td>
                  <Badge tone={i.state === 'FINISHED' ? 'good' : i.state === 'FAILED' ? 'bad' : 'warn'}>
                    {i.state}
                  </Badge>
                </td>
                <td>{i.progress}</td>
                <td>{formatDateTime(i.createdAt)}</td>
                <td>
                  {i.errorFileUrl ? (
                    <button
                      type="button"
                      className="ly-button"
                      onClick={() => show(i.id, i.errorFileUrl!)}
                      aria-label={`Show errors of ${i.name}`}
                    >
                      Show errors
                    </button>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {open ? (
        <Section title="Failed lines">
          {open.errors === null ? <Loading label="Reading the error file" /> : null}
          {open.errors?.length === 0 ? <p>No line failed.</p> : null}
          {open.errors && open.errors.length > 0 ? (
            <table className="ly-table ly-table--compact" aria-label="Failed lines">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Annotation</th>
                  <th scope="col">Errors</th>
                </tr>
              </thead>
              <tbody>
                {open.errors.map((e) => (
                  <tr key={`${e.line}-${e.uuid}`}>
                    <td>{e.line}</td>
                    <td>{e.uuid}</td>
                    <td>{e.messages.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </Section>
      ) : null}
    </Section>
  );
}
