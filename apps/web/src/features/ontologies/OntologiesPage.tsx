import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '../../api/hooks.ts';
import { usePermissions } from '../../auth/session-context.tsx';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { TextField } from '../../components/Field.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { OntologiesQuery } from './ontologies.generated.ts';

export default function OntologiesPage() {
  const can = usePermissions();
  const [search, setSearch] = useState('');
  const { data, error, loading } = useQuery(OntologiesQuery, { search: search || null });
  const nodes = data?.ontologies.nodes ?? [];
  return (
    <Page
      title="Ontologies"
      actions={
        can.manageCatalog ? (
          <Link className="ly-button ly-button--primary" to="/ontologies/new">
            New ontology
          </Link>
        ) : null
      }
    >
      <div className="ly-toolbar">
        <TextField
          label="Search ontologies"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <ErrorMessage error={error} />
      {loading && !data ? <Loading /> : null}
      {data && nodes.length === 0 ? <EmptyState title="No ontologies yet" /> : null}
      {nodes.length > 0 ? (
        <table className="ly-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Media</th>
              <th scope="col">Tools</th>
              <th scope="col">Classifications</th>
              <th scope="col">Used by</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/ontologies/${o.id}`}>{o.name}</Link>
                </td>
                <td>{o.mediaType ?? '—'}</td>
                <td>{o.objectSchemaCount}</td>
                <td>{o.classificationSchemaCount}</td>
                <td>{o.projects.length === 0 ? '—' : o.projects.map((p) => p.name).join(', ')}</td>
                <td>{formatDateTime(o.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
