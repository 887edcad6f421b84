import { SelectField } from '../../components/Field.tsx';
import type { Role } from './member-permissions.ts';

export type ProjectChoice = { id: string; name: string };

/** One select per project: no access, or a project role (for members whose organization role is None). */
export function ProjectRoleFields({
  projects,
  roles,
  values,
  onChange,
}: {
  projects: readonly ProjectChoice[];
  roles: readonly Role[];
  /** projectId → role id ('' = no access). */
  values: Readonly<Record<string, string>>;
  onChange: (projectId: string, roleId: string) => void;
}) {
  if (projects.length === 0) return <p className="ly-muted">No projects yet.</p>;
  const options = [
    { value: '', label: 'No access' },
    ...roles.filter((r) => r.name !== 'None').map((r) => ({ value: r.id, label: r.name })),
  ];
  return (
    <fieldset className="ly-fieldset">
      <legend>Project roles</legend>
      {projects.map((p) => (
        <SelectField
          key={p.id}
          label={`Role in ${p.name}`}
          options={options}
          value={values[p.id] ?? ''}
          onChange={(e) => onChange(p.id, e.target.value)}
        />
      ))}
    </fieldset>
  );
}
