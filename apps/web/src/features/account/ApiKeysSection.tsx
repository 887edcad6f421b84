import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../../api/hooks.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SecretDialog } from '../../components/SecretDialog.tsx';
import { Badge, EmptyState, ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { TextField } from '../../components/Field.tsx';
import { formText } from '../../components/form-data.ts';
import { formatDateTime } from '../../components/format.ts';
import { Section } from '../../components/Page.tsx';
import { CreateMyApiKeyMutation, MyApiKeysQuery, RevokeMyApiKeyMutation } from './account.generated.ts';

/** API keys for the SDKs: created here and shown exactly once, listed with last use, revoked. */
export function ApiKeysSection() {
  const { data, error, loading, refetch } = useQuery(MyApiKeysQuery, {});
  const [create, creating] = useMutation(CreateMyApiKeyMutation);
  const [revoke, revoking] = useMutation(RevokeMyApiKeyMutation);
  const [newKey, setNewKey] = useState<{ name: string; key: string } | null>(null);
  const [confirm, setConfirm] = useState<{ id: string; name: string } | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formEl = event.currentTarget;
    const result = await create({ name: formText(new FormData(formEl), 'name') }).catch(() => null);
    if (!result) return;
    formEl.reset();
    setNewKey({ name: result.createMyApiKey.apiKey.name, key: result.createMyApiKey.key });
    refetch();
  };
  const keys = data?.myApiKeys ?? [];
  return (
    <Section title="API keys">
      <p className="ly-muted">
        Use a key with the Labelbox SDK (<code>Client(api_key=…, endpoint=…/graphql)</code>) or as{' '}
        <code>Authorization: Bearer …</code>. A key acts with your role.
      </p>
      <form className="ly-toolbar" onSubmit={(e) => void submit(e)} aria-label="Create an API key">
        <TextField
          label="Key name"
          name="name"
          required
          maxLength={200}
          placeholder="e.g. training pipeline"
        />
        <Button type="submit" variant="primary" busy={creating.running}>
          Create API key
        </Button>
      </form>
      <ErrorMessage error={creating.error ?? revoking.error ?? error} />
      {loading && !data ? <Loading /> : null}
      {data && keys.length === 0 ? <EmptyState title="No API keys yet" /> : null}
      {keys.length > 0 ? (
        <table className="ly-table" aria-label="API keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="ly-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{formatDateTime(k.createdAt)}</td>
                <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never'}</td>
                <td>{k.revokedAt ? <Badge tone="bad">Revoked</Badge> : <Badge tone="good">Active</Badge>}</td>
                <td>
                  {k.revokedAt ? null : (
                    <Button
                      variant="danger"
                      onClick={() => setConfirm({ id: k.id, name: k.name })}
                      aria-label={`Revoke key ${k.name}`}
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <SecretDialog
        title="Your new API key"
        secret={newKey?.key ?? null}
        secretLabel="New API key"
        copyLabel="Copy key"
        onClose={() => setNewKey(null)}
      >
        <p>
          Copy the key <strong>{newKey?.name}</strong> now: it is shown only this once and cannot be
          recovered.
        </p>
      </SecretDialog>
      <ConfirmDialog
        title="Revoke API key"
        subject={confirm}
        confirmLabel="Revoke key"
        busy={revoking.running}
        error={revoking.error}
        onConfirm={(k) => revoke({ id: k.id }).then(refetch)}
        onClose={() => setConfirm(null)}
      >
        <p>Scripts using “{confirm?.name}” will stop working at once.</p>
      </ConfirmDialog>
    </Section>
  );
}
