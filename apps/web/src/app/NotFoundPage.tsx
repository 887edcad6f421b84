import { Link } from 'react-router';
import { Page } from '../components/Page.tsx';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p>
        Nothing lives at this address. <Link to="/projects">Go to projects</Link>
      </p>
    </Page>
  );
}
