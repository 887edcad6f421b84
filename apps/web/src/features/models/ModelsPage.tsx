import { Link } from 'react-router';
import { useQuery } from '../../api/hooks.ts';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Page, Section } from '../../components/Page.tsx';
import { ModelsQuery } from './models.generated.ts';

/** Labelbox's Model tab: the organization's models and their runs (made through the SDK). */
export default function ModelsPage() {
  const { data, error, loading } = useQuery(ModelsQuery, {});
  const models = data?.models ?? [];
  return (
    <Page title="Models">
      <ErrorMessage error={error} />
      {loading && !data ? <Loading /> : null}
      {data && models.length === 0 ? (
        <EmptyState title="No models yet">
          Models and their runs are made with the SDK: client.create_model, model.create_model_run.
        </EmptyState>
      ) : null}
      {models.map((m) => (
        <Section key={m.id} title={m.name}>
          {m.modelRuns.length === 0 ? (
            <p>No runs yet.</p>
          ) : (
            <table className="ly-table" aria-label={`Runs of ${m.name}`}>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {m.modelRuns.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link to={`/models/runs/${r.id}`}>{r.name}</Link>
                    </td>
                    <td>{formatDateTime(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      ))}
    </Page>
  );
}
