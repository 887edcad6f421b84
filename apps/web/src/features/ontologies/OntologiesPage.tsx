import { useState } from 'react';
import { Link } from 'react-router';
import { usePagedQuery, type Paging } from '../../api/paged-query.ts';
import { usePermissions } from '../../auth/session-context.tsx';
import { EmptyState } from '../../components/Feedback.tsx';
import { TextField } from '../../components/Field.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { PagedTable, type Column } from '../../components/PagedTable.tsx';
import { OntologiesQuery, type OntologiesQueryVariables } from './ontologies.generated.ts';

type OntologyItem = OntologiesQuery['ontologies']['nodes'][number];
const ONTOLOGY_PAGING: Paging<OntologiesQuery, OntologiesQueryVariables, OntologyItem, string> = {
  items: (d) => d.ontologies.nodes,
  next: (d) => d.ontologies.nextCursor ?? null,
  at: (after) => ({ after }),
};
const ONTOLOGY_COLUMNS: Column<OntologyItem>[] = [
  { header: 'Name', cell: (o) => <Link to={`/ontologies/${o.id}`}>{o.name}</Link> },
  { header: 'Media', cell: (o) => o.mediaType ?? '—' },
  { header: 'Tools', cell: (o) => o.objectSchemaCount, numeric: true },
  { header: 'Classifications', cell: (o) => o.classificationSchemaCount, numeric: true },
  {
    header: 'Used by',
    cell: (o) => (o.projects.length === 0 ? '—' : o.projects.map((p) => p.name).join(', ')),
  },
  { header: 'Updated', cell: (o) => formatDateTime(o.updatedAt) },
];

export default function OntologiesPage() {
  const can = usePermissions();
  const [search, setSearch] = useState('');
  const pages = usePagedQuery(OntologiesQuery, { search: search || null }, ONTOLOGY_PAGING);
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
      <PagedTable
        label="ontologies"
        columns={ONTOLOGY_COLUMNS}
        rowKey={(o) => o.id}
        pages={pages}
        empty={<EmptyState title={search ? 'No ontologies match' : 'No ontologies yet'} />}
      />
    </Page>
  );
}
