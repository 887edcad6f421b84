import { Page } from '../../components/Page.tsx';

export default function MembersPage() {
  return <Page title="Members">Coming in this change.</Page>;
}
