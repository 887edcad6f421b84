import { formText } from '../../components/form-data.ts';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from '../../api/hooks.ts';
import { usePermissions } from '../../auth/session-context.tsx';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { TextArea, TextField } from '../../components/Field.tsx';
import { formatCount, formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { CreateDatasetMutation, DatasetsQuery } from './datasets.generated.ts';

export default function DatasetsPage() {
  const can = usePermissions();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const { data, error, loading } = useQuery(DatasetsQuery, {
    first: 100,
    where: search ? { name_contains: search } : null,
  });
  return (
    <Page
      title="Datasets"
      actions={
        can.manageCatalog ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            New dataset
          </Button>
        ) : null
      }
    >
      <div className="ly-toolbar">
        <TextField
          label="Search datasets"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <ErrorMessage error={error} />
      {loading && !data ? <Loading /> : null}
      {data && data.datasets.length === 0 ? (
        <EmptyState title="No datasets yet">Create one, then upload images, text or a manifest.</EmptyState>
      ) : null}
      {data && data.datasets.length > 0 ? (
        <table className="ly-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">Data rows</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {data.datasets.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link to={`/datasets/${d.id}`}>{d.name}</Link>
                </td>
                <td>{d.description}</td>
                <td>{formatCount(d.rowCount)}</td>
                <td>{formatDateTime(d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <CreateDatasetDialog open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}

function CreateDatasetDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [create, state] = useMutation(CreateDatasetMutation);
  const navigate = useNavigate();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await create({
      name: formText(form, 'name'),
      description: formText(form, 'description'),
    }).catch(() => null);
    if (result) void navigate(`/datasets/${result.createDataset.id}`);
  };
  return (
    <Dialog
      title="New dataset"
      open={open}
      onClose={onClose}
      actions={
        <Button type="submit" form="create-dataset" variant="primary" busy={state.running}>
          Create dataset
        </Button>
      }
    >
      <form id="create-dataset" onSubmit={(e) => void submit(e)}>
        <TextField label="Name" name="name" required maxLength={200} />
        <TextArea label="Description" name="description" rows={3} />
        <ErrorMessage error={state.error} />
      </form>
    </Dialog>
  );
}
