import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../../api/hooks.ts';
import type { WebhookTopic } from '../../api/schema.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { Badge, EmptyState, ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Checkbox, SelectField, TextField } from '../../components/Field.tsx';
import { formText } from '../../components/form-data.ts';
import { formatDateTime } from '../../components/format.ts';
import { Page, Section } from '../../components/Page.tsx';
import {
  CreateWebhookMutation,
  OrganizationWebhooksQuery,
  SetWebhookStatusMutation,
  WebhookDeliveriesQuery,
  WebhookProjectChoicesQuery,
} from './webhooks.generated.ts';

const TOPICS: WebhookTopic[] = [
  'LABEL_CREATED',
  'LABEL_UPDATED',
  'LABEL_DELETED',
  'REVIEW_CREATED',
  'REVIEW_UPDATED',
  'REVIEW_DELETED',
  'WORKFLOW_ACTION',
];

/** Webhooks of the organization and of each project, with their latest deliveries. */
export default function WebhooksPage() {
  const { data, error, loading, refetch } = useQuery(OrganizationWebhooksQuery, {});
  const [setStatus, statusState] = useMutation(SetWebhookStatusMutation);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const hooks = data?.organization?.webhooks ?? [];
  return (
    <Page
      title="Webhooks"
      actions={
        <Button variant="primary" onClick={() => setCreating(true)}>
          New webhook
        </Button>
      }
    >
      <ErrorMessage error={error ?? statusState.error} />
      {loading && !data ? <Loading /> : null}
      {data && hooks.length === 0 ? (
        <EmptyState title="No webhooks yet">
          A webhook receives a signed POST for every label event.
        </EmptyState>
      ) : null}
      {hooks.length > 0 ? (
        <table className="ly-table">
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Scope</th>
              <th scope="col">Topics</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="ly-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {hooks.map((h) => (
              <tr key={h.id}>
                <td>
                  <code>{h.url}</code>
                </td>
                <td>{h.project?.name ?? 'Every project'}</td>
                <td>{h.topics.join(', ')}</td>
                <td>
                  <Badge tone={h.status === 'ACTIVE' ? 'good' : 'neutral'}>{h.status}</Badge>
                </td>
                <td>{formatDateTime(h.createdAt)}</td>
                <td className="ly-node__row">
                  <Button onClick={() => setSelected(h.id)} aria-label={`Deliveries of ${h.url}`}>
                    Deliveries
                  </Button>
                  <Button
                    onClick={() =>
                      void setStatus({
                        id: h.id,
                        status: h.status === 'ACTIVE' ? 'INACTIVE' : 'ACTIVE',
                      }).then(refetch, () => undefined)
                    }
                    aria-label={`${h.status === 'ACTIVE' ? 'Deactivate' : 'Activate'} ${h.url}`}
                  >
                    {h.status === 'ACTIVE' ? 'Deactivate' : 'Activate'}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {selected ? <Deliveries webhookId={selected} /> : null}
      <CreateWebhookDialog
        open={creating}
        onClose={(changed) => {
          setCreating(false);
          if (changed) refetch();
        }}
      />
    </Page>
  );
}

function Deliveries({ webhookId }: { webhookId: string }) {
  const { data, error, loading, refetch } = useQuery(WebhookDeliveriesQuery, { id: webhookId });
  const deliveries = data?.webhook?.deliveries ?? [];
  return (
    <Section title="Recent deliveries" actions={<Button onClick={refetch}>Refresh</Button>}>
      <p className="ly-muted">{data?.webhook?.url}</p>
      <ErrorMessage error={error} />
      {loading && !data ? <Loading /> : null}
      {data && deliveries.length === 0 ? <p>No deliveries yet.</p> : null}
      {deliveries.length > 0 ? (
        <table className="ly-table ly-table--compact" aria-label="Deliveries">
          <thead>
            <tr>
              <th scope="col">Delivery</th>
              <th scope="col">Topic</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Response</th>
              <th scope="col">Error</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td>
                  <code>{d.id}</code>
                </td>
                <td>{d.topic}</td>
                <td>
                  <Badge tone={d.status === 'DONE' ? 'good' : d.status === 'FAILED' ? 'bad' : 'warn'}>
                    {d.status}
                  </Badge>
                </td>
                <td>{d.attempts}</td>
                <td>{d.responseStatus ?? '—'}</td>
                <td>{d.error ?? ''}</td>
                <td>{formatDateTime(d.finishedAt ?? d.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}

function CreateWebhookDialog({ open, onClose }: { open: boolean; onClose: (changed: boolean) => void }) {
  const projects = useQuery(WebhookProjectChoicesQuery, {}, { skip: !open });
  const [create, state] = useMutation(CreateWebhookMutation);
  const [topics, setTopics] = useState<WebhookTopic[]>(['LABEL_CREATED', 'LABEL_UPDATED']);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const projectId = formText(form, 'project');
    const ok = await create({
      data: {
        url: formText(form, 'url'),
        secret: formText(form, 'secret'),
        topics: { set: topics },
        project: projectId ? { id: projectId } : null,
      },
    }).then(
      () => true,
      () => false,
    );
    if (ok) onClose(true);
  };
  return (
    <Dialog
      title="New webhook"
      open={open}
      onClose={() => onClose(false)}
      actions={
        <Button type="submit" form="create-webhook" variant="primary" busy={state.running}>
          Create webhook
        </Button>
      }
    >
      <form id="create-webhook" onSubmit={(e) => void submit(e)}>
        <TextField label="URL" name="url" type="url" required placeholder="https://example.com/labelyard" />
        <TextField
          label="Secret"
          name="secret"
          required
          hint="Deliveries are signed with it (X-Hub-Signature)."
        />
        <SelectField
          label="Project"
          name="project"
          options={[
            { value: '', label: 'Every project' },
            ...(projects.data?.projects ?? []).map((p) => ({ value: p.id, label: p.name })),
          ]}
        />
        <fieldset className="ly-fieldset">
          <legend>Topics</legend>
          {TOPICS.map((t) => (
            <Checkbox
              key={t}
              label={t}
              checked={topics.includes(t)}
              onChange={(e) => setTopics(e.target.checked ? [...topics, t] : topics.filter((x) => x !== t))}
            />
          ))}
        </fieldset>
        <ErrorMessage error={state.error} />
      </form>
    </Dialog>
  );
}
