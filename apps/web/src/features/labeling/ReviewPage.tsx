import { Link, useParams } from 'react-router';
import { Page } from '../../components/Page.tsx';

/** Where the review editor (packages/editor, issue 9) mounts; until then it says so and links back. */
export default function ReviewPage() {
  const { projectId = '' } = useParams();
  return (
    <Page title="Review">
      <p>
        The review editor opens here. <Link to={`/projects/${projectId}`}>Back to the project</Link>
      </p>
    </Page>
  );
}
