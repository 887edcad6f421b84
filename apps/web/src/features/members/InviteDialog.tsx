import { useState, type FormEvent } from 'react';
import { useMutation } from '../../api/hooks.ts';
import { Button } from '../../components/Button.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage } from '../../components/Feedback.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { formText } from '../../components/form-data.ts';
import { invitationUrl, isProjectBased, type Role } from './member-permissions.ts';
import { InviteMemberMutation } from './members.generated.ts';
import { ProjectRoleFields, type ProjectChoice } from './ProjectRoleFields.tsx';

/** Invite by email with an organization role, or role None with project roles; shows the link once. */
export function InviteDialog({
  open,
  onClose,
  onInvited,
  roles,
  projectRoles,
  projects,
}: {
  open: boolean;
  onClose: () => void;
  onInvited: () => void;
  roles: readonly Role[];
  projectRoles: readonly Role[];
  projects: readonly ProjectChoice[];
}) {
  const [invite, inviting] = useMutation(InviteMemberMutation);
  const [roleId, setRoleId] = useState('');
  const [projectValues, setProjectValues] = useState<Record<string, string>>({});
  const [issued, setIssued] = useState<{ email: string; link: string | null } | null>(null);
  const role = roles.find((r) => r.id === roleId) ?? roles.find((r) => r.name === 'Labeler') ?? roles[0];
  const close = () => {
    setIssued(null);
    setProjectValues({});
    setRoleId('');
    onClose();
  };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!role) return;
    const email = formText(new FormData(event.currentTarget), 'email').trim();
    const projectsInput = isProjectBased(role.name)
      ? Object.entries(projectValues)
          .filter(([, id]) => id !== '')
          .map(([projectId, projectRoleId]) => ({ projectId, projectRoleId }))
      : null;
    const result = await invite({
      data: [{ inviteeEmail: email, organizationRoleId: role.id, projects: projectsInput }],
    }).catch(() => null);
    const created = result?.createInvites[0]?.invite;
    if (!created) return;
    setIssued({
      email: created.inviteeEmail,
      link: created.acceptToken ? invitationUrl(window.location.origin, created.acceptToken) : null,
    });
    onInvited();
  };
  return (
    <Dialog title="Invite a member" open={open} onClose={close}>
      {issued ? (
        <>
          <p>
            <strong>{issued.email}</strong> is invited.{' '}
            {issued.link
              ? 'Send them this link: it is shown only this once and works for 14 days.'
              : 'This email already had a pending invitation; use “New link” in the pending list to get a link.'}
          </p>
          {issued.link ? (
            <>
              <code className="ly-secret" aria-label="Invitation link">
                {issued.link}
              </code>
              <CopyButton text={issued.link} label="Copy link" />
            </>
          ) : null}
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)} aria-label="Invitation">
          <TextField label="Email" name="email" type="email" required autoComplete="off" />
          <SelectField
            label="Organization role"
            options={roles.map((r) => ({ value: r.id, label: r.name }))}
            value={role?.id ?? ''}
            onChange={(e) => setRoleId(e.target.value)}
            hint="None: the member works only in the projects given below."
          />
          {role && isProjectBased(role.name) ? (
            <ProjectRoleFields
              projects={projects}
              roles={projectRoles}
              values={projectValues}
              onChange={(projectId, id) => setProjectValues((v) => ({ ...v, [projectId]: id }))}
            />
          ) : null}
          <ErrorMessage error={inviting.error} />
          <Button type="submit" variant="primary" busy={inviting.running}>
            Send invitation
          </Button>
        </form>
      )}
    </Dialog>
  );
}
