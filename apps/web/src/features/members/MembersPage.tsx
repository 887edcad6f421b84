import { useQuery } from '../../api/hooks.ts';
import { EmptyState, ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Page } from '../../components/Page.tsx';
import { OrganizationMembersQuery } from './members.generated.ts';

/** The organization's members and their roles. */
export default function MembersPage() {
  const { data, error, loading } = useQuery(OrganizationMembersQuery, {});
  const users = data?.users ?? [];
  return (
    <Page title="Members">
      <ErrorMessage error={error} />
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
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{u.role.name}</td>
                <td>{formatDateTime(u.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
