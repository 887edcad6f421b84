import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { toApiError, useQuery } from '../../api/hooks.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/Feedback.tsx';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/Field.tsx';
import { formText } from '../../components/form-data.ts';
import { formatCount, formatDateTime } from '../../components/format.ts';
import { Section } from '../../components/Page.tsx';
import {
  CreateBatchesFromDatasetMutation,
  CreateBatchMutation,
  DatasetChoicesQuery,
  ProjectBatchesQuery,
} from './projects.generated.ts';

/** The project's batches, and adding one from a dataset (all its rows or listed global keys). */
export function BatchesPanel({ projectId, onChanged }: { projectId: string; onChanged: () => void }) {
  const { data, error, loading, refetch } = useQuery(ProjectBatchesQuery, { id: projectId });
  const [adding, setAdding] = useState(false);
  const batches = data?.project?.batches.nodes ?? [];
  return (
    <Section
      title="Batches"
      actions={
        <Button variant="primary" onClick={() => setAdding(true)}>
          Add batch
        </Button>
      }
    >
      <ErrorMessage error={error} />
      {loading && !data ? <Loading /> : null}
      {data && batches.length === 0 ? (
        <EmptyState title="No batches yet">Add rows from a dataset to start labeling.</EmptyState>
      ) : null}
      {batches.length > 0 ? (
        <table className="ly-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Data rows</th>
              <th scope="col">Consensus</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => {
              const consensus = b.consensusSettingsJson as {
                numberOfLabels?: number;
                coveragePercentage?: number;
              } | null;
              return (
                <tr key={b.id}>
                  <td>{b.name}</td>
                  <td>{formatCount(b.size)}</td>
                  <td>
                    {consensus
                      ? `${consensus.numberOfLabels} labels on ${consensus.coveragePercentage}%`
                      : '—'}
                  </td>
                  <td>{formatDateTime(b.createdAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <AddBatchDialog
        projectId={projectId}
        open={adding}
        onClose={(changed) => {
          setAdding(false);
          if (changed) {
            refetch();
            onChanged();
          }
        }}
      />
    </Section>
  );
}

function AddBatchDialog({
  projectId,
  open,
  onClose,
}: {
  projectId: string;
  open: boolean;
  onClose: (changed: boolean) => void;
}) {
  const api = useApi();
  const datasets = useQuery(DatasetChoicesQuery, {}, { skip: !open });
  const [consensus, setConsensus] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const priority = Number(formText(form, 'priority'));
    const consensusSettings = consensus
      ? {
          numberOfLabels: Number(formText(form, 'labels')),
          coveragePercentage: Number(formText(form, 'coverage')),
        }
      : null;
    const keys = formText(form, 'keys')
      .split(/[\n,]/)
      .map((k) => k.trim())
      .filter(Boolean);
    setBusy(true);
    setError(undefined);
    try {
      if (keys.length > 0) {
        const result = await api.request(CreateBatchMutation, {
          projectId,
          input: { name: formText(form, 'name'), globalKeys: keys, priority, consensusSettings },
        });
        const failed = result.project?.createBatchV2.failedDataRowIds ?? [];
        if (failed.length > 0)
          setNotice(`Batch created; ${failed.length} keys not added: ${failed.slice(0, 10).join(', ')}`);
        else onClose(true);
      } else {
        await api.request(CreateBatchesFromDatasetMutation, {
          projectId,
          input: {
            datasetId: formText(form, 'dataset'),
            batchNamePrefix: formText(form, 'name'),
            priority,
            consensusSettings,
          },
        });
        onClose(true);
      }
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Add batch"
      open={open}
      onClose={() => onClose(notice !== undefined)}
      actions={
        <Button type="submit" form="add-batch" variant="primary" busy={busy}>
          Add batch
        </Button>
      }
    >
      <form id="add-batch" onSubmit={(e) => void submit(e)}>
        <TextField
          label="Batch name"
          name="name"
          required
          maxLength={200}
          hint="Without global keys, the rows go in batches of up to 100,000 named with a 4-digit suffix (name0000, name0001, …), as Labelbox names them."
        />
        <SelectField
          label="Dataset"
          name="dataset"
          options={(datasets.data?.datasets ?? []).map((d) => ({
            value: d.id,
            label: `${d.name} (${formatCount(d.rowCount)} rows)`,
          }))}
        />
        <TextArea
          label="Only these global keys (optional)"
          name="keys"
          rows={3}
          hint="One per line or comma-separated; empty adds every row of the dataset not yet in the project."
        />
        <TextField
          label="Priority"
          name="priority"
          type="number"
          min={1}
          max={5}
          defaultValue={5}
          hint="1 is labeled first, 5 last."
        />
        <Checkbox label="Consensus" checked={consensus} onChange={(e) => setConsensus(e.target.checked)} />
        {consensus ? (
          <>
            <TextField label="Labels per row" name="labels" type="number" min={2} max={20} defaultValue={3} />
            <TextField
              label="Coverage (%)"
              name="coverage"
              type="number"
              min={1}
              max={100}
              defaultValue={10}
            />
          </>
        ) : null}
        {notice ? <Notice>{notice}</Notice> : null}
        <ErrorMessage error={error} />
      </form>
    </Dialog>
  );
}
