import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../api/api-context.tsx';
import { toApiError, useQuery } from '../../api/hooks.ts';
import { offsetPaging, usePagedQuery } from '../../api/paged-query.ts';
import type { MediaType } from '../../api/schema.ts';
import { usePermissions } from '../../auth/session-context.tsx';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { EmptyState, ErrorMessage } from '../../components/Feedback.tsx';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { formText } from '../../components/form-data.ts';
import { formatCount, formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { PagedTable, type Column } from '../../components/PagedTable.tsx';
import {
  ConnectOntologyMutation,
  CreateProjectMutation,
  OntologyChoicesQuery,
  ProjectsQuery,
  type ProjectsQueryVariables,
} from './projects.generated.ts';

export const MEDIA_TYPES: MediaType[] = [
  'IMAGE',
  'TEXT',
  'VIDEO',
  'AUDIO',
  'PDF',
  'CONVERSATIONAL',
  'TMS_GEO',
  'HTML',
];

const PAGE = 100;
type ProjectItem = ProjectsQuery['projects'][number];
const PROJECT_PAGING = offsetPaging<ProjectsQuery, ProjectsQueryVariables, ProjectItem>(
  PAGE,
  (d) => d.projects,
);
const PROJECT_COLUMNS: Column<ProjectItem>[] = [
  { header: 'Name', cell: (p) => <Link to={`/projects/${p.id}`}>{p.name}</Link> },
  { header: 'Media', cell: (p) => p.allowedMediaType ?? '—' },
  { header: 'Ontology', cell: (p) => p.ontology?.name ?? '—' },
  { header: 'Data rows', cell: (p) => formatCount(p.dataRowCount), numeric: true },
  { header: 'Labels', cell: (p) => formatCount(p.labelCount), numeric: true },
  { header: 'Last activity', cell: (p) => formatDateTime(p.lastActivityTime ?? p.createdAt) },
];

export default function ProjectsPage() {
  const can = usePermissions();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const needle = search.trim();
  const pages = usePagedQuery(
    ProjectsQuery,
    { first: PAGE, where: needle ? { name_contains: needle } : null },
    PROJECT_PAGING,
  );
  return (
    <Page
      title="Projects"
      actions={
        can.manageProjects ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            New project
          </Button>
        ) : null
      }
    >
      <div className="ly-toolbar">
        <TextField
          label="Search projects"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <PagedTable
        label="projects"
        columns={PROJECT_COLUMNS}
        rowKey={(p) => p.id}
        pages={pages}
        empty={
          needle ? (
            <EmptyState title="No projects match" />
          ) : (
            <EmptyState title="No projects">
              {can.manageProjects
                ? 'Create a project, connect an ontology and add a batch of data rows.'
                : 'You have not been added to a project yet.'}
            </EmptyState>
          )
        }
      />
      <CreateProjectDialog open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}

function CreateProjectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const ontologies = useQuery(OntologyChoicesQuery, {}, { skip: !open });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.request(CreateProjectMutation, {
        data: {
          name: formText(form, 'name'),
          description: formText(form, 'description'),
          allowedMediaType: formText(form, 'media') as MediaType,
          queueMode: 'BATCH',
        },
      });
      const ontologyId = formText(form, 'ontology');
      if (ontologyId)
        await api.request(ConnectOntologyMutation, { projectId: created.createProject.id, ontologyId });
      void navigate(`/projects/${created.createProject.id}`);
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="New project"
      open={open}
      onClose={onClose}
      actions={
        <Button type="submit" form="create-project" variant="primary" busy={busy}>
          Create project
        </Button>
      }
    >
      <form id="create-project" onSubmit={(e) => void submit(e)}>
        <TextField label="Name" name="name" required maxLength={200} />
        <TextArea label="Description" name="description" rows={2} />
        <SelectField
          label="Media type"
          name="media"
          options={MEDIA_TYPES.map((m) => ({ value: m, label: m }))}
        />
        <SelectField
          label="Ontology"
          name="ontology"
          options={[
            { value: '', label: 'Connect later' },
            ...(ontologies.data?.ontologies.nodes ?? []).map((o) => ({ value: o.id, label: o.name })),
          ]}
        />
        <ErrorMessage error={error} />
      </form>
    </Dialog>
  );
}
