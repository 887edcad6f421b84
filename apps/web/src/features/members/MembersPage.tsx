import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '../../api/hooks.ts';
import { useSession } from '../../auth/session-context.tsx';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { EditRolesDialog, type EditedMember } from './EditRolesDialog.tsx';
import { InviteDialog } from './InviteDialog.tsx';
import { isProjectBased, memberPermissions } from './member-permissions.ts';
import {
  MemberProjectRolesQuery,
  OrganizationMembersQuery,
  PendingInvitesQuery,
  RemoveMemberMutation,
} from './members.generated.ts';
import { PendingInvites } from './PendingInvites.tsx';

/** The organization's members: invite, change organization and project roles, remove — as the role allows. */
export default function MembersPage() {
  const { session } = useSession();
  const can = memberPermissions(session?.user);
  const { data, error, loading, refetch } = useQuery(OrganizationMembersQuery, {});
  const pending = useQuery(PendingInvitesQuery, {}, { skip: !can.invite });
  const [remove, removing] = useMutation(RemoveMemberMutation);
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<EditedMember | null>(null);
  const [removingMember, setRemovingMember] = useState<{ id: string; name: string } | null>(null);
  const users = data?.users ?? [];
  const roles = data?.roles ?? [];
  const projects = data?.projects ?? [];
  const projectBasedIds = users.filter((u) => isProjectBased(u.role.name)).map((u) => u.id);
  const memberships = useQuery(
    MemberProjectRolesQuery,
    { userIds: projectBasedIds },
    { skip: !can.invite || projectBasedIds.length === 0 },
  );
  const projectRolesByUser = useMemo(() => {
    const byUser = new Map<
      string,
      Array<{ projectId: string; projectName: string; roleId: string; roleName: string }>
    >();
    for (const m of memberships.data?.projectMemberships ?? []) {
      const list = byUser.get(m.userId) ?? [];
      list.push({
        projectId: m.projectId,
        projectName: m.projectName,
        roleId: m.role.id,
        roleName: m.role.name,
      });
      byUser.set(m.userId, list);
    }
    return byUser;
  }, [memberships.data]);
  const projectName = (id: string) => projects.find((p) => p.id === id)?.name ?? id;
  return (
    <Page
      title="Members"
      actions={
        can.invite && roles.length > 0 ? (
          <Button variant="primary" onClick={() => setInviting(true)}>
            Invite member
          </Button>
        ) : null
      }
    >
      <ErrorMessage error={error ?? removing.error} />
      {loading && !data ? <Loading /> : null}
      {data && users.length === 0 ? <EmptyState title="No members" /> : null}
      {users.length > 0 ? (
        <table className="ly-table" aria-label="Members">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              <th scope="col">
                <span className="ly-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const member = { id: u.id, roleName: u.role.name };
              const projectRoles = projectRolesByUser.get(u.id) ?? [];
              return (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>
                    {u.role.name}
                    {isProjectBased(u.role.name)
                      ? projectRoles.map((p) => (
                          <div key={p.projectId} className="ly-muted">
                            {p.projectName}: {p.roleName}
                          </div>
                        ))
                      : null}
                  </td>
                  <td>{formatDateTime(u.createdAt)}</td>
                  <td>
                    <div className="ly-row-actions">
                      {can.changeRoleOf(member) ? (
                        <Button
                          aria-label={`Change roles of ${u.email}`}
                          onClick={() =>
                            setEditing({
                              id: u.id,
                              name: u.name,
                              email: u.email,
                              roleId: u.role.id,
                              projectRoles: Object.fromEntries(
                                projectRoles.map((p) => [p.projectId, p.roleId]),
                              ),
                            })
                          }
                        >
                          Change roles
                        </Button>
                      ) : null}
                      {can.remove(member) ? (
                        <Button
                          variant="danger"
                          aria-label={`Remove ${u.email}`}
                          onClick={() => setRemovingMember({ id: u.id, name: u.email })}
                        >
                          Remove
                        </Button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {can.invite ? (
        <PendingInvites
          invites={pending.data?.invites ?? []}
          onChanged={pending.refetch}
          projectName={projectName}
        />
      ) : null}
      <InviteDialog
        open={inviting}
        onClose={() => setInviting(false)}
        onInvited={pending.refetch}
        roles={can.orgRoleOptions(roles)}
        projectRoles={can.projectRoleOptions(roles)}
        projects={projects}
      />
      {editing ? (
        <EditRolesDialog
          member={editing}
          roles={can.orgRoleOptions(roles)}
          projectRoles={can.projectRoleOptions(roles)}
          projects={projects}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refetch();
            memberships.refetch();
          }}
        />
      ) : null}
      <ConfirmDialog
        title="Remove member"
        subject={removingMember}
        confirmLabel="Remove member"
        busy={removing.running}
        error={removing.error}
        onConfirm={(m) => remove({ userId: m.id }).then(refetch)}
        onClose={() => setRemovingMember(null)}
      >
        <p>{removingMember?.name} loses access at once; their API keys stop working.</p>
      </ConfirmDialog>
    </Page>
  );
}
