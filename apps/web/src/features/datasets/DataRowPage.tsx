import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '../../api/hooks.ts';
import { ErrorMessage, Loading, Notice } from '../../components/Feedback.tsx';
import { SelectField } from '../../components/Field.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Page, Section } from '../../components/Page.tsx';
import { DataRowDetailQuery, ProjectChoicesQuery, RowLabelsQuery } from './datasets.generated.ts';
import { shapesOfLabel, type Shape } from './label-shapes.ts';
import { isUrl, rowTitle } from './row-preview.ts';

export default function DataRowPage() {
  const { dataRowId = '', datasetId = '' } = useParams();
  const { data, error, loading } = useQuery(DataRowDetailQuery, { id: dataRowId });
  const projects = useQuery(ProjectChoicesQuery, {});
  const [projectId, setProjectId] = useState('');
  const labels = useQuery(RowLabelsQuery, { projectId, dataRowId }, { skip: !projectId });
  if (loading && !data) return <Loading />;
  const row = data?.dataRow;
  if (!row) return <ErrorMessage error={error ?? 'This data row does not exist'} />;
  const shapes = (labels.data?.project?.labels ?? []).flatMap((l) => shapesOfLabel(l.label));
  const media = (row.mediaType ?? '').toUpperCase();
  return (
    <Page title={rowTitle(row)}>
      <p>
        <Link to={`/datasets/${datasetId}`}>Back to {row.dataset?.name ?? 'the dataset'}</Link>
      </p>
      <div className="ly-detail">
        <div className="ly-detail__media">
          {media === 'IMAGE' && row.rowData ? (
            <ImageWithShapes src={row.rowData} shapes={shapes} alt={rowTitle(row)} />
          ) : (
            <TextContent data={row.rowData ?? ''} />
          )}
        </div>
        <div className="ly-detail__side">
          <Section title="Details">
            <dl className="ly-dl">
              <dt>Id</dt>
              <dd>{row.id}</dd>
              <dt>Global key</dt>
              <dd>{row.globalKey ?? '—'}</dd>
              <dt>External id</dt>
              <dd>{row.externalId ?? '—'}</dd>
              <dt>Media type</dt>
              <dd>{row.mediaType ?? '—'}</dd>
              <dt>Created</dt>
              <dd>{formatDateTime(row.createdAt)}</dd>
              {row.metadataFields.map((m, i) => (
                <div key={`${m.schemaId}-${i}`} className="ly-dl__pair">
                  <dt>{m.name}</dt>
                  <dd>{typeof m.value === 'string' ? m.value : JSON.stringify(m.value)}</dd>
                </div>
              ))}
            </dl>
          </Section>
          <Section title="Attachments">
            {row.attachments.length === 0 ? <p className="ly-muted">No attachments</p> : null}
            <ul className="ly-plain-list">
              {row.attachments.map((a) => (
                <li key={a.id}>
                  <strong>{a.name ?? a.type}</strong> ({a.type}){' '}
                  {isUrl(a.value) ? (
                    <a href={a.value} target="_blank" rel="noreferrer noopener">
                      open
                    </a>
                  ) : (
                    <span className="ly-pre">{a.value}</span>
                  )}
                </li>
              ))}
            </ul>
          </Section>
          <Section title="Labels">
            <SelectField
              label="Project"
              value={projectId}
              onChange={(e) => setProjectId(e.target.value)}
              options={[
                { value: '', label: 'Choose a project' },
                ...(projects.data?.projects ?? []).map((p) => ({ value: p.id, label: p.name })),
              ]}
            />
            {labels.loading && projectId ? <Loading label="Loading labels" /> : null}
            {labels.data?.project?.labels.length === 0 ? (
              <Notice>No labels on this row in that project</Notice>
            ) : null}
            <ul className="ly-plain-list">
              {(labels.data?.project?.labels ?? []).map((l) => (
                <li key={l.id}>
                  {l.createdBy?.email ?? 'import'} · {formatDateTime(l.createdAt)} ·{' '}
                  {shapesOfLabel(l.label).length} objects
                </li>
              ))}
            </ul>
          </Section>
        </div>
      </div>
    </Page>
  );
}

function ImageWithShapes({ src, shapes, alt }: { src: string; shapes: Shape[]; alt: string }) {
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  return (
    <figure className="ly-overlay">
      <img
        src={src}
        alt={alt}
        onLoad={(e) => setSize({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
      />
      {size ? (
        <svg viewBox={`0 0 ${size.w} ${size.h}`} role="img" aria-label={`${shapes.length} labeled objects`}>
          {shapes.map((s, i) => (
            <ShapeView key={i} shape={s} />
          ))}
        </svg>
      ) : null}
    </figure>
  );
}

function ShapeView({ shape }: { shape: Shape }) {
  const title = <title>{shape.title}</title>;
  switch (shape.kind) {
    case 'box':
      return (
        <rect x={shape.x} y={shape.y} width={shape.w} height={shape.h} className="ly-shape">
          {title}
        </rect>
      );
    case 'polygon':
      return (
        <polygon points={shape.points.map((p) => `${p.x},${p.y}`).join(' ')} className="ly-shape">
          {title}
        </polygon>
      );
    case 'line':
      return (
        <polyline
          points={shape.points.map((p) => `${p.x},${p.y}`).join(' ')}
          className="ly-shape ly-shape--line"
        >
          {title}
        </polyline>
      );
    case 'point':
      return (
        <circle cx={shape.x} cy={shape.y} r={6} className="ly-shape">
          {title}
        </circle>
      );
  }
}

/** Text rows: the text itself, or the file behind our own URL (rendered as text, never as HTML). */
function TextContent({ data }: { data: string }) {
  const [text, setText] = useState<string | null>(isUrl(data) ? null : data);
  useEffect(() => {
    if (!isUrl(data)) return undefined;
    const controller = new AbortController();
    fetch(data, { signal: controller.signal })
      .then((r) => r.text())
      .then((t) => setText(t.slice(0, 200_000)))
      .catch(() => setText(data));
    return () => controller.abort();
  }, [data]);
  if (text === null) return <Loading label="Loading text" />;
  return <pre className="ly-text-row">{text}</pre>;
}
