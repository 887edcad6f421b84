import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '../../api/hooks.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Page, Section } from '../../components/Page.tsx';
import { ModelRunMetricsQuery } from './models.generated.ts';

/** A ratio as a percentage with one decimal, or an em dash when it is undefined (no denominator). */
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;

/** One model run: IoU, precision, recall and F1 per feature, then its data rows with their counts, 100 at a time. */
export default function ModelRunPage() {
  const { runId = '' } = useParams();
  const [after, setAfter] = useState<string | null>(null);
  const { data, error, loading } = useQuery(ModelRunMetricsQuery, { id: runId, after });
  const metrics = data?.modelRunMetrics;
  const rows = metrics?.dataRows ?? [];
  return (
    <Page title={data?.modelRun ? `Model run ${data.modelRun.name}` : 'Model run'}>
      <p>
        <Link to="/models">All models</Link>
      </p>
      <ErrorMessage error={error} />
      {loading && !data ? <Loading /> : null}
      {metrics ? (
        <>
          <Section title="Metrics">
            <p>
              IoU threshold {metrics.iouThreshold}; mean IoU <strong>{pct(metrics.iou)}</strong>
            </p>
            <table className="ly-table" aria-label="Metrics per feature">
              <thead>
                <tr>
                  <th scope="col">Feature</th>
                  <th scope="col">IoU</th>
                  <th scope="col">True positives</th>
                  <th scope="col">False positives</th>
                  <th scope="col">False negatives</th>
                  <th scope="col">Precision</th>
                  <th scope="col">Recall</th>
                  <th scope="col">F1</th>
                </tr>
              </thead>
              <tbody>
                {metrics.features.map((f) => (
                  <tr key={f.featureSchemaId}>
                    <th scope="row">{f.name}</th>
                    <td>{pct(f.iou)}</td>
                    <td>{f.truePositives}</td>
                    <td>{f.falsePositives}</td>
                    <td>{f.falseNegatives}</td>
                    <td>{pct(f.precision)}</td>
                    <td>{pct(f.recall)}</td>
                    <td>{pct(f.f1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section title="Data rows">
            <table className="ly-table" aria-label="Data rows of the run">
              <thead>
                <tr>
                  <th scope="col">Data row</th>
                  <th scope="col">Ground truth</th>
                  <th scope="col">IoU</th>
                  <th scope="col">TP / FP / FN</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const sum = (k: 'truePositives' | 'falsePositives' | 'falseNegatives') =>
                    r.features.reduce((n, f) => n + f[k], 0);
                  return (
                    <tr key={r.dataRowId}>
                      <td>
                        <code>{r.dataRowId}</code>
                      </td>
                      <td>{r.labelId ? 'Yes' : 'No'}</td>
                      <td>{pct(r.iou)}</td>
                      <td>
                        {sum('truePositives')} / {sum('falsePositives')} / {sum('falseNegatives')}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {rows.length === 100 ? (
              <Button onClick={() => setAfter(rows[rows.length - 1]!.dataRowId)}>Next 100 rows</Button>
            ) : null}
          </Section>
        </>
      ) : null}
    </Page>
  );
}
