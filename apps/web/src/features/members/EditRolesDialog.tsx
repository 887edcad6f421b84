import { useState } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { toApiError } from '../../api/hooks.ts';
import type { ApiError } from '../../api/client.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage } from '../../components/Feedback.tsx';
import { SelectField } from '../../components/Field.tsx';
import { isProjectBased, type Role } from './member-permissions.ts';
import { SetMemberOrgRoleMutation, SetMemberProjectRoleMutation } from './members.generated.ts';
import { ProjectRoleFields, type ProjectChoice } from './ProjectRoleFields.tsx';

export type EditedMember = {
  id: string;
  name: string;
  email: string;
  roleId: string;
  /** projectId → project role id, for project-based members. */
  projectRoles: Record<string, string>;
};

/** Changes a member's organization role and, for role None, their role in each project. */
export function EditRolesDialog({
  member,
  roles,
  projectRoles,
  projects,
  onClose,
  onSaved,
}: {
  member: EditedMember;
  roles: readonly Role[];
  projectRoles: readonly Role[];
  projects: readonly ProjectChoice[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const api = useApi();
  const [roleId, setRoleId] = useState(member.roleId);
  const [values, setValues] = useState<Record<string, string>>(member.projectRoles);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const role = roles.find((r) => r.id === roleId);
  const noneId = projectRoles.find((r) => r.name === 'None')?.id ?? '';
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (roleId !== member.roleId) {
        await api.request(SetMemberOrgRoleMutation, { userId: member.id, roleId });
      }
      if (role && isProjectBased(role.name)) {
        for (const project of projects) {
          const next = values[project.id] ?? '';
          if (next === (member.projectRoles[project.id] ?? '')) continue;
          await api.request(SetMemberProjectRoleMutation, {
            userId: member.id,
            projectId: project.id,
            roleId: next === '' ? noneId : next,
          });
        }
      }
      onSaved();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Roles of ${member.name}`}
      open
      onClose={onClose}
      actions={
        <Button variant="primary" busy={busy} onClick={() => void save()}>
          Save roles
        </Button>
      }
    >
      <p className="ly-muted">{member.email}</p>
      <SelectField
        label="Organization role"
        options={roles.map((r) => ({ value: r.id, label: r.name }))}
        value={roleId}
        onChange={(e) => setRoleId(e.target.value)}
      />
      {role && isProjectBased(role.name) ? (
        <ProjectRoleFields
          projects={projects}
          roles={projectRoles}
          values={values}
          onChange={(projectId, id) => setValues((v) => ({ ...v, [projectId]: id }))}
        />
      ) : null}
      <ErrorMessage error={error} />
    </Dialog>
  );
}
