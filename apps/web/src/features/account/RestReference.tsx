import { useEffect, useState } from 'react';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';

type Operation = { method: string; path: string; tag: string; summary: string; public: boolean };

type OpenApiDoc = {
  paths: Record<string, Record<string, { tags?: string[]; summary?: string; security?: unknown[] }>>;
};

/** The REST operations of /openapi.json, by face: method, path, what it does, whether it needs credentials. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, o]) => ({
      method: method.toUpperCase(),
      path,
      tag: o.tags?.[0] ?? 'Other',
      summary: o.summary ?? '',
      public: Array.isArray(o.security) && o.security.length === 0,
    })),
  );
}

export function RestReference() {
  const [ops, setOps] = useState<Operation[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    fetch('/openapi.json')
      .then(async (r) => {
        if (!r.ok) throw new Error(`Could not load /openapi.json (HTTP ${r.status})`);
        setOps(operationsOf((await r.json()) as OpenApiDoc));
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  if (error) return <ErrorMessage error={error} />;
  if (!ops) return <Loading label="Loading the REST reference" />;
  const tags = [...new Set(ops.map((o) => o.tag))];
  return (
    <>
      {tags.map((tag) => (
        <table key={tag} className="ly-table" aria-label={`${tag} operations`}>
          <caption>{tag}</caption>
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Path</th>
              <th scope="col">What it does</th>
            </tr>
          </thead>
          <tbody>
            {ops
              .filter((o) => o.tag === tag)
              .map((o) => (
                <tr key={`${o.method} ${o.path}`}>
                  <td>
                    <code>{o.method}</code>
                  </td>
                  <td>
                    <code>{o.path}</code>
                  </td>
                  <td>
                    {o.summary}
                    {o.public ? ' (no credentials needed)' : ''}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      ))}
    </>
  );
}
