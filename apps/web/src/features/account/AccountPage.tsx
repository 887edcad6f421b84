import { useSession } from '../../auth/session-context.tsx';
import { Page, Section } from '../../components/Page.tsx';
import { ApiKeysSection } from './ApiKeysSection.tsx';
import { LabelStudioTokensSection } from './LabelStudioTokensSection.tsx';

/** Who is signed in, and their API keys (Labelbox-style keys and Label Studio personal access tokens). */
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
      <LabelStudioTokensSection />
    </Page>
  );
}
