import { formText } from '../../components/form-data.ts';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useQuery } from '../../api/hooks.ts';
import { usePermissions } from '../../auth/session-context.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { formatCount } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { DataRowGrid } from './DataRowGrid.tsx';
import { DatasetQuery } from './datasets.generated.ts';
import { UploadDialog } from './UploadDialog.tsx';
import { useDataRowPages, type RowFilter } from './use-data-row-pages.ts';

export default function DatasetPage() {
  const { datasetId = '' } = useParams();
  const can = usePermissions();
  const dataset = useQuery(DatasetQuery, { id: datasetId });
  const [filter, setFilter] = useState<RowFilter>({});
  const [uploading, setUploading] = useState(false);
  const pages = useDataRowPages(datasetId, filter);
  if (dataset.loading && !dataset.data) return <Loading />;
  if (!dataset.data?.dataset) return <ErrorMessage error={dataset.error ?? 'This dataset does not exist'} />;
  const d = dataset.data.dataset;
  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = formText(form, 'value').trim();
    const field = formText(form, 'field') as keyof RowFilter;
    setFilter(value ? { [field]: value } : {});
  };
  return (
    <Page
      title={d.name}
      actions={
        can.manageCatalog ? (
          <Button variant="primary" onClick={() => setUploading(true)}>
            Upload data
          </Button>
        ) : null
      }
    >
      <p className="ly-muted">
        {d.description ? `${d.description} · ` : ''}
        {formatCount(d.rowCount)} data rows
      </p>
      <form className="ly-toolbar" onSubmit={search} role="search" aria-label="Find data rows">
        <SelectField
          label="Find by"
          name="field"
          options={[
            { value: 'globalKey', label: 'Global key' },
            { value: 'externalId', label: 'External id' },
          ]}
        />
        <TextField label="Value" name="value" type="search" />
        <Button type="submit">Find</Button>
        {Object.keys(filter).length > 0 ? <Button onClick={() => setFilter({})}>Show all</Button> : null}
      </form>
      <ErrorMessage error={pages.error} />
      {!pages.loading && pages.rows.length === 0 ? (
        <EmptyState title={Object.keys(filter).length > 0 ? 'No row matches' : 'No data rows yet'} />
      ) : null}
      <DataRowGrid
        datasetId={datasetId}
        rows={pages.rows}
        hasMore={pages.hasMore}
        loadMore={pages.loadMore}
      />
      {pages.loading ? <Loading label="Loading rows" /> : null}
      <UploadDialog
        datasetId={datasetId}
        open={uploading}
        onClose={(changed) => {
          setUploading(false);
          if (changed) {
            pages.reload();
            dataset.refetch();
          }
        }}
      />
    </Page>
  );
}
