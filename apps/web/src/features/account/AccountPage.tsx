import { useSession } from '../../auth/session-context.tsx';
import { Page, Section } from '../../components/Page.tsx';
import { ApiKeysSection } from './ApiKeysSection.tsx';

/** Who is signed in, and their API keys (Labelbox-style keys; Label Studio tokens will sit beside them). */
export default function AccountPage() {
  const { session } = useSession();
  return (
    <Page title="Account">
      <Section title="Profile">
        <dl className="ly-dl">
          <dt>Name</dt>
          <dd>{session?.user.name}</dd>
          <dt>Email</dt>
          <dd>{session?.user.email}</dd>
          <dt>Role</dt>
          <dd>{session?.user.role}</dd>
          <dt>Organization</dt>
          <dd>{session?.organization.name}</dd>
        </dl>
      </Section>
      <ApiKeysSection />
    </Page>
  );
}
