import { useState } from 'react';
import { useMutation } from '../../api/hooks.ts';
import { Button } from '../../components/Button.tsx';
import { SecretDialog } from '../../components/SecretDialog.tsx';
import { ErrorMessage } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Section } from '../../components/Page.tsx';
import { invitationUrl } from './member-permissions.ts';
import {
  RenewInviteLinkMutation,
  RevokeInviteMutation,
  type PendingInvitesQuery,
} from './members.generated.ts';

/** Invitations not yet accepted: a new link (the old one stops working) or revoke. */
export function PendingInvites({
  invites,
  onChanged,
  projectName,
}: {
  invites: PendingInvitesQuery['invites'];
  onChanged: () => void;
  projectName: (id: string) => string;
}) {
  const [renew, renewing] = useMutation(RenewInviteLinkMutation);
  const [revoke, revoking] = useMutation(RevokeInviteMutation);
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  if (invites.length === 0) return null;
  return (
    <Section title="Pending invitations">
      <ErrorMessage error={renewing.error ?? revoking.error} />
      <table className="ly-table" aria-label="Pending invitations">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Expires</th>
            <th scope="col">
              <span className="ly-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invites.map((i) => (
            <tr key={i.id}>
              <td>{i.inviteeEmail}</td>
              <td>
                {i.organizationRoleName}
                {i.projectInvites.map((p) => (
                  <div key={p.projectId} className="ly-muted">
                    {projectName(p.projectId)}: {p.projectRoleName}
                  </div>
                ))}
              </td>
              <td>{formatDateTime(i.expiresAt)}</td>
              <td>
                <div className="ly-row-actions">
                  <Button
                    aria-label={`New invitation link for ${i.inviteeEmail}`}
                    onClick={() =>
                      void renew({ id: i.id }).then(
                        (r) => {
                          const token = r.renewInviteLink.acceptToken;
                          if (token)
                            setLink({
                              email: i.inviteeEmail,
                              url: invitationUrl(window.location.origin, token),
                            });
                        },
                        () => undefined,
                      )
                    }
                  >
                    New link
                  </Button>
                  <Button
                    variant="danger"
                    aria-label={`Revoke invitation of ${i.inviteeEmail}`}
                    onClick={() => void revoke({ id: i.id }).then(onChanged, () => undefined)}
                  >
                    Revoke
                  </Button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <SecretDialog
        title="New invitation link"
        secret={link?.url ?? null}
        secretLabel="Invitation link"
        copyLabel="Copy link"
        onClose={() => setLink(null)}
      >
        <p>
          The previous link for <strong>{link?.email}</strong> no longer works. This one is shown only once.
        </p>
      </SecretDialog>
    </Section>
  );
}
