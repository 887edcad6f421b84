import { formText } from '../../components/form-data.ts';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation } from '../../api/hooks.ts';
import { offsetPaging, usePagedQuery } from '../../api/paged-query.ts';
import { usePermissions } from '../../auth/session-context.tsx';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { EmptyState, ErrorMessage } from '../../components/Feedback.tsx';
import { TextArea, TextField } from '../../components/Field.tsx';
import { formatCount, formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { PagedTable, type Column } from '../../components/PagedTable.tsx';
import { CreateDatasetMutation, DatasetsQuery, type DatasetsQueryVariables } from './datasets.generated.ts';

const PAGE = 100;
type DatasetItem = DatasetsQuery['datasets'][number];
const DATASET_PAGING = offsetPaging<DatasetsQuery, DatasetsQueryVariables, DatasetItem>(
  PAGE,
  (d) => d.datasets,
);
const DATASET_COLUMNS: Column<DatasetItem>[] = [
  { header: 'Name', cell: (d) => <Link to={`/datasets/${d.id}`}>{d.name}</Link> },
  { header: 'Description', cell: (d) => d.description },
  { header: 'Data rows', cell: (d) => formatCount(d.rowCount), numeric: true },
  { header: 'Created', cell: (d) => formatDateTime(d.createdAt) },
];

export default function DatasetsPage() {
  const can = usePermissions();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const pages = usePagedQuery(
    DatasetsQuery,
    { first: PAGE, where: search ? { name_contains: search } : null },
    DATASET_PAGING,
  );
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
      <PagedTable
        label="datasets"
        columns={DATASET_COLUMNS}
        rowKey={(d) => d.id}
        pages={pages}
        empty={
          search ? (
            <EmptyState title="No datasets match" />
          ) : (
            <EmptyState title="No datasets yet">
              Create one, then upload images, text or a manifest.
            </EmptyState>
          )
        }
      />
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
