import { Page } from '../../components/Page.tsx';

export default function ApiDocsPage() {
  return <Page title="ApiDocs">Coming in this change.</Page>;
}
