import { useState } from 'react';
import { useMutation, useQuery } from '../../api/hooks.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SecretDialog } from '../../components/SecretDialog.tsx';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Section } from '../../components/Page.tsx';
import {
  CreateMyLabelStudioTokenMutation,
  MyLabelStudioTokensQuery,
  RevokeMyLabelStudioTokenMutation,
} from './account.generated.ts';

/** Label Studio personal access tokens (JWTs for the REST face at /api): created and shown once, revoked. */
export function LabelStudioTokensSection() {
  const { data, error, loading, refetch } = useQuery(MyLabelStudioTokensQuery, {});
  const [create, creating] = useMutation(CreateMyLabelStudioTokenMutation);
  const [revoke, revoking] = useMutation(RevokeMyLabelStudioTokenMutation);
  const [newToken, setNewToken] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const tokens = data?.myLabelStudioTokens ?? [];
  return (
    <Section
      title="Label Studio tokens"
      actions={
        <Button
          variant="primary"
          busy={creating.running}
          onClick={() =>
            void create({}).then(
              (r) => {
                setNewToken(r.createMyLabelStudioToken);
                refetch();
              },
              () => undefined,
            )
          }
        >
          Create Label Studio token
        </Button>
      }
    >
      <p className="ly-muted">
        For the Label Studio SDK: <code>LabelStudio(base_url=…, api_key=…)</code> with a personal access
        token; it trades the token at <code>/api/token/refresh/</code> for short access tokens.
      </p>
      <ErrorMessage error={creating.error ?? revoking.error ?? error} />
      {loading && !data ? <Loading /> : null}
      {data && tokens.length === 0 ? <EmptyState title="No Label Studio tokens yet" /> : null}
      {tokens.length > 0 ? (
        <table className="ly-table" aria-label="Label Studio tokens">
          <thead>
            <tr>
              <th scope="col">Token id</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="ly-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>
                  <code>{t.id.slice(0, 8)}…</code>
                </td>
                <td>{formatDateTime(t.createdAt)}</td>
                <td>{formatDateTime(t.expiresAt)}</td>
                <td>
                  <div className="ly-row-actions">
                    <Button
                      variant="danger"
                      aria-label={`Revoke Label Studio token ${t.id.slice(0, 8)}`}
                      onClick={() => setConfirm(t.id)}
                    >
                      Revoke
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <SecretDialog
        title="Your new Label Studio token"
        secret={newToken}
        secretLabel="New Label Studio token"
        copyLabel="Copy token"
        onClose={() => setNewToken(null)}
      >
        <p>Copy the token now: it is shown only this once and cannot be recovered.</p>
      </SecretDialog>
      <ConfirmDialog
        title="Revoke Label Studio token"
        subject={confirm}
        confirmLabel="Revoke token"
        busy={revoking.running}
        error={revoking.error}
        onConfirm={(id) => revoke({ id }).then(refetch)}
        onClose={() => setConfirm(null)}
      >
        <p>Scripts using this token stop working at once (their access tokens expire within ten minutes).</p>
      </ConfirmDialog>
    </Section>
  );
}
