import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../api/api-context.tsx';
import { toApiError, useQuery } from '../../api/hooks.ts';
import type { MediaType } from '../../api/schema.generated.ts';
import { usePermissions } from '../../auth/session-context.tsx';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { formText } from '../../components/form-data.ts';
import { formatCount, formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import {
  ConnectOntologyMutation,
  CreateProjectMutation,
  OntologyChoicesQuery,
  ProjectsQuery,
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

export default function ProjectsPage() {
  const can = usePermissions();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const { data, error, loading } = useQuery(ProjectsQuery, { first: 100 });
  // Projects have no substring filter in the API: the loaded page is filtered here.
  const needle = search.trim().toLowerCase();
  const projects = (data?.projects ?? []).filter((p) => !needle || p.name.toLowerCase().includes(needle));
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
      <ErrorMessage error={error} />
      {loading && !data ? <Loading /> : null}
      {data && projects.length === 0 ? (
        <EmptyState title="No projects">
          {can.manageProjects
            ? 'Create a project, connect an ontology and add a batch of data rows.'
            : 'You have not been added to a project yet.'}
        </EmptyState>
      ) : null}
      {projects.length > 0 ? (
        <table className="ly-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Media</th>
              <th scope="col">Ontology</th>
              <th scope="col">Data rows</th>
              <th scope="col">Labels</th>
              <th scope="col">Last activity</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/projects/${p.id}`}>{p.name}</Link>
                </td>
                <td>{p.allowedMediaType ?? '—'}</td>
                <td>{p.ontology?.name ?? '—'}</td>
                <td>{formatCount(p.dataRowCount)}</td>
                <td>{formatCount(p.labelCount)}</td>
                <td>{formatDateTime(p.lastActivityTime ?? p.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
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
